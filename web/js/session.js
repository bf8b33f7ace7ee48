// The session page: one session's cost over time, turn by turn, and everything it touched.
import * as api from './api.js';
import { usd, usdExact, num, exact, when } from './format.js';
import { esc, base, shortId, table, chart, cssVar } from './ui.js';
import { BIG, sum, agentName, head, card, newGrid, costCol } from './kit.js';

export const session = {
  key: 'session', nav: 'sessions', re: /^\/sessions\/([^/]+)$/,
  async load(ctx) {
    const id = ctx.params[0];
    const q = { tz: ctx.filters.tz };
    // Every event view of this one session (the `session` parameter), over its whole life.
    const all = { ...q, session: id, limit: BIG };
    const [detail, turns, prompts, tools, files, commits, errors] = await Promise.all([
      api.report('session', { ...q, id }), api.report('turns', { ...q, id }),
      api.report('prompts', all), api.report('tools', all), api.report('files', all),
      api.report('commits', all), api.report('errors', all),
    ]);
    return { detail, turns, prompts: prompts.prompts, tools: tools.tools, files: files.files, commits: commits.commits, errors: errors.errors };
  },
  draw(el, d, ctx) {
    const s = d.detail;
    ctx.setTitle('Session ' + shortId(s.sessionId));
    const first = s.entries[0]; const last = s.entries[s.entries.length - 1];
    el.insertAdjacentHTML('beforeend', `<a class="back" href="/sessions">← Sessions</a>`);
    head(el, { eyebrow: 'Session · ' + agentName(s.agent), title: base(s.projectPath) });
    el.insertAdjacentHTML('beforeend', `<p class="meta"><span>Cost <b id="session-total" title="${esc(usdExact(s.totals.totalCost))}">${usd(s.totals.totalCost)}</b></span>
      <span>Calls <b>${exact(s.totals.calls)}</b></span><span>Turns <b>${d.turns.turns.length}</b></span>
      <span>Tokens <b title="${exact(s.totals.totalTokens)}">${num(s.totals.totalTokens)}</b></span>
      <span>From <b>${when(first && first.timestamp)}</b> to <b>${when(last && last.timestamp)}</b></span>
      <span class="mono" title="${esc(s.projectPath)}">${esc(s.sessionId)}</span></p>`);
    const g = newGrid(el);
    const cb = card(g, { title: 'Cost over the session', sub: 'cumulative, per model call', span: 12 });
    cb.innerHTML = '<div class="chart" role="img" aria-label="Cumulative cost over the session"></div>';
    let acc = 0;
    chart(cb.firstChild, {
      tooltip: { trigger: 'axis', valueFormatter: (v) => usd(v) },
      legend: { show: false },
      xAxis: { type: 'time', axisLabel: { color: cssVar('--muted') }, axisLine: { lineStyle: { color: cssVar('--line-strong') } } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => usd(v), color: cssVar('--muted') }, splitLine: { lineStyle: { color: cssVar('--line') } } },
      series: [{ type: 'line', step: 'end', showSymbol: false, areaStyle: { opacity: 0.12 }, name: 'Cost so far',
        data: s.entries.map((e) => { acc += e.cost; return [e.timestamp, +acc.toFixed(6)]; }) }],
    });
    const byTurn = new Map(d.prompts.map((p) => [p.turnId, p]));
    const tb = card(newGrid(el), { title: 'Turn by turn', sub: 'each prompt and what it cost', span: 12 });
    table(tb, { id: 'turns-table', rows: d.turns.turns, totals: d.turns.totals, columns: [
      { key: 'time', label: 'When', html: (r) => `<span title="${esc(r.time)}">${when(r.time)}</span>` },
      { key: 'prompt', label: 'Prompt', head: true, html: (r) => `<a href="/prompts/${encodeURIComponent(r.turnId)}" class="clip">${esc(r.prompt || '(no prompt text)')}</a>${(byTurn.get(r.turnId)?.toolCalls || []).some((t) => t.isError) ? ' <span class="tag err">error</span>' : ''}` },
      { key: 'calls', label: 'Calls', kind: 'num' }, { key: 'toolCalls', label: 'Tool calls', kind: 'num', heat: true },
      { key: 'outputTokens', label: 'Output', kind: 'num' }, costCol(),
    ] }, ctx.state);
    const g2 = newGrid(el);
    table(card(g2, { title: 'Tools', sub: `${exact(sum(d.tools, 'calls'))} calls`, span: 6 }), { id: 'session-tools', rows: d.tools, sort: { i: 1, dir: 'desc' }, empty: 'No tool calls.', columns: [
      { key: 'tool', label: 'Tool', head: true }, { key: 'calls', label: 'Calls', kind: 'num', heat: true },
      { key: 'resultBytes', label: 'Results', kind: 'bytes' }, { key: 'errors', label: 'Errors', kind: 'num' }] }, ctx.state);
    const models = new Map();
    for (const e of s.entries) {
      const k = e.model + '\u0000' + e.subagent;
      const x = models.get(k) || { model: e.model, subagent: e.subagent, calls: 0, totalTokens: 0, totalCost: 0 };
      x.calls++; x.totalTokens += e.totalTokens; x.totalCost += e.cost; models.set(k, x);
    }
    table(card(g2, { title: 'Models & subagents', span: 6 }), { id: 'session-models', rows: [...models.values()], sort: { i: 4, dir: 'desc' }, columns: [
      { key: 'model', label: 'Model', head: true }, { key: 'subagent', label: 'Agent' }, { key: 'calls', label: 'Calls', kind: 'num' },
      { key: 'totalTokens', label: 'Tokens', kind: 'num' }, costCol(false)] }, ctx.state);
    table(card(newGrid(el), { title: 'Files', sub: 're-reads are reads of a file this session had already read' }), { id: 'session-files', rows: d.files, sort: { i: 1, dir: 'desc' }, empty: 'No file read or edited.', columns: [
      { key: 'file', label: 'File', head: true, html: (r) => `<span class="mono" title="${esc(r.file)}">${esc(base(r.file))}</span><span class="sub mono">${esc(r.file)}</span>` },
      { key: 'reads', label: 'Reads', kind: 'num', heat: true }, { key: 'repeatedReads', label: 'Re-reads', kind: 'num', heat: true },
      { key: 'edits', label: 'Edits', kind: 'num', heat: true }, { key: 'readBytes', label: 'Bytes read', kind: 'bytes' }] }, ctx.state);
    const g3 = newGrid(el);
    table(card(g3, { title: 'Commits', span: 6 }), { id: 'session-commits', rows: d.commits, empty: 'No commit in this session.', columns: [
      { key: 'time', label: 'When', cls: 'nowrap', html: (r) => `<span title="${esc(r.time)}">${when(r.time)}</span>` },
      { key: 'message', label: 'Message', head: true, html: (r) => `<span class="clip" title="${esc(r.command)}">${esc(r.message || '(no message)')}</span>${r.sha ? `<span class="sub mono">${esc(r.sha)}</span>` : ''}` }] }, ctx.state);
    table(card(g3, { title: 'Errors', sub: `${exact(sum(d.errors, 'count'))} in total`, span: 6 }), { id: 'session-errors', rows: d.errors, sort: { i: 1, dir: 'desc' }, empty: 'No errors. Nice.', columns: [
      { key: 'kind', label: 'Kind', head: true, html: (r) => `<span class="tag err">${esc(r.kind)}</span>${r.tool ? `<span class="sub">${esc(r.tool)}</span>` : ''}` },
      { key: 'count', label: 'Count', kind: 'num', heat: true },
      { key: 'example', label: 'Last example', html: (r) => `<span class="mono clip" title="${esc(r.example)}">${esc(r.example)}</span><span class="sub">${when(r.lastSeen)}</span>` }] }, ctx.state);
  },
};

