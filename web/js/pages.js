// Every page: `load` fetches its reports (the API only), `draw` renders them.
import * as api from './api.js';
import { usd, usdExact, num, exact, bytes, pct, day, when } from './format.js';
import { esc, base, shortId, table, chart, TOKEN_TYPES, tokenColor, applyWidths, cssVar } from './ui.js';
import { BIG, sum, money, count, agentName, plural, plan, head, card, newGrid, costCol, shareCol, tokenCols, byCost, dimension, totalLine, generic } from './kit.js';
import { session } from './session.js';
import { emptyStore, observability, notFound } from './system.js';
import { settings } from './settings.js';

function cacheHit(t) {
  const denom = (+t.inputTokens || 0) + (+t.cacheCreationTokens || 0) + (+t.cacheReadTokens || 0);
  return denom ? (100 * (+t.cacheReadTokens || 0)) / denom : 0;
}
function rangeDays(ctx, daily) {
  const f = ctx.filters;
  if (f.since && f.until) return ctx.daysBetween(f.since, f.until) + 1;
  const first = f.since || (daily[0] && daily[0].date) || f.today;
  const last = f.until || f.today;
  return Math.max(1, ctx.daysBetween(first, last) + 1);
}
function fillDays(ctx, daily) {
  const f = ctx.filters;
  const first = f.since || (daily[0] && daily[0].date);
  const last = f.until || f.today;
  if (!first) return [];
  const out = [];
  for (let d = first, n = 0; d <= last && n < 3700; d = ctx.addDays(d, 1), n++) out.push(d);
  return out;
}

// Overview -------------------------------------------------------------------------------------
// Drawn as soon as the status and `daily` are in (the headline, the spend KPIs, the chart); the
// other figures fill in as their reports arrive, so the slowest report (`tools`) never holds
// the headline back. The others are only asked for once those two are in: with a cold server
// cache every report is a query competing for the same few cores, and asked all at once they
// made the first two wait (first render 1.6-1.9 s instead of ~0.6 s on the 1 GB bench corpus).
// A live refresh waits for all of them, so that nothing blinks.
const overview = {
  key: 'overview', nav: 'overview', re: /^\/$/,
  async load(ctx) {
    const q = ctx.query(ctx.filters);
    const [st, daily] = await Promise.all([api.status(), api.report('daily', q)]);
    const rest = {
      projects: api.report('projects', q), agents: api.report('agents', q), models: api.report('models', q),
      tools: api.report('tools', { ...q, limit: BIG }), errors: api.report('errors', { ...q, limit: BIG }), commits: api.report('commits', { ...q, limit: BIG }),
    };
    for (const p of Object.values(rest)) p.catch(() => { /* reported by ctx.later where it is drawn */ });
    if (ctx.refresh) {  // plain values: ctx.later draws them at once
      const keys = Object.keys(rest);
      const vals = await Promise.all(Object.values(rest));
      return { st, daily, rest: Object.fromEntries(keys.map((k, i) => [k, vals[i]])) };
    }
    return { st, daily, rest };
  },
  draw(el, d, ctx) {
    ctx.setTitle('Overview');
    if (!d.st.calls) return emptyStore(el, d.st);
    const t = d.daily.totals;
    const days = rangeDays(ctx, d.daily.daily);
    const projection = (t.totalCost / days) * 30;
    const p = plan();
    const wait = '<span class="pending">…</span>';
    el.insertAdjacentHTML('beforeend', `
      <p class="eyebrow">Spend · ${esc(ctx.rangeLabel(ctx.filters))}${ctx.filters.agent ? ' · ' + esc(agentName(ctx.filters.agent)) : ''}</p>
      <div class="hero">
        <div>
          <p class="headline" id="headline-total" data-exact="${t.totalCost}" title="${esc(usdExact(t.totalCost))}">${usd(t.totalCost)}</p>
          <p class="hero-sub">${count(t.calls)} model calls in <span id="hero-sessions">${wait}</span> sessions across <span id="hero-projects">${wait}</span> projects · ${count(t.totalTokens)} tokens</p>
        </div>
        <div class="hero-side">${p.price ? `<strong>${(projection / p.price).toFixed(1)}×</strong>your ${esc(p.name)} plan ($${p.price}/mo), at this pace` : `<strong>${usd(t.totalCost / days)}</strong>a day on average`}</div>
      </div>
      <dl class="kpis">
        <div class="kpi"><dt>Cache-hit rate</dt><dd id="kpi-cache">${pct(cacheHit(t))}</dd><small>${count(t.cacheReadTokens)} tokens read from cache</small></div>
        <div class="kpi" id="kpi-tools"><dt>Tool calls</dt><dd>${wait}</dd><small>&nbsp;</small></div>
        <div class="kpi" id="kpi-commits"><dt>Commits</dt><dd>${wait}</dd><small>made by agents</small></div>
        <div class="kpi" id="kpi-errors"><dt>Errors</dt><dd>${wait}</dd><small>&nbsp;</small></div>
        <div class="kpi" id="kpi-active"><dt>Active now</dt><dd>${wait}</dd><small>sessions, prompt in last 30 min</small></div>
        <div class="kpi"><dt>30-day projection</dt><dd title="${esc(usdExact(projection))}">${usd(projection)}</dd><small>at ${usd(t.totalCost / days)} a day</small></div>
      </dl>`);
    const kpi = (id, value, small) => {
      const k = el.querySelector('#' + id);
      k.querySelector('dd').outerHTML = value;
      if (small !== undefined) k.querySelector('small').innerHTML = small;
    };
    ctx.later(d.rest.tools, (v) => {
      const toolCalls = sum(v.tools, 'calls');
      kpi('kpi-tools', `<dd title="${exact(toolCalls)}">${num(toolCalls)}</dd>`, plural(v.tools.length, 'distinct tool'));
    });
    ctx.later(d.rest.commits, (v) => kpi('kpi-commits', `<dd title="${exact(v.commits.length)}">${num(v.commits.length)}</dd>`));
    ctx.later(d.rest.errors, (v) => {
      const errs = sum(v.errors, 'count');
      kpi('kpi-errors', `<dd title="${exact(errs)}">${num(errs)}</dd>`, plural(v.errors.length, 'kind'));
    });
    // Sessions with a prompt in the last 30 minutes, from the status (for the agent picked).
    const act = d.st.activeSessions;
    if (act) kpi('kpi-active', `<dd>${ctx.filters.agent ? (act.byAgent[ctx.filters.agent] || 0) : act.total}</dd>`);
    ctx.later(d.rest.agents, (v) => { el.querySelector('#hero-sessions').innerHTML = count(v.agents.reduce((a, r) => a + (+r.sessions || 0), 0)); });
    const g = newGrid(el);
    const chartBody = card(g, { title: 'Daily spend', sub: 'stacked by model', span: 12 });
    chartBody.innerHTML = '<div class="chart" id="daily-chart" role="img" aria-label="Daily spend by model"></div>';
    const dates = fillDays(ctx, d.daily.daily);
    const byDate = new Map(d.daily.daily.map((r) => [r.date, r]));
    const modelNames = [...new Set(d.daily.daily.flatMap((r) => r.modelBreakdowns.map((m) => m.modelName)))];
    const totalsByModel = new Map(modelNames.map((m) => [m, 0]));
    d.daily.daily.forEach((r) => r.modelBreakdowns.forEach((m) => totalsByModel.set(m.modelName, totalsByModel.get(m.modelName) + m.cost)));
    modelNames.sort((a, b) => totalsByModel.get(b) - totalsByModel.get(a));
    chart(chartBody.firstChild, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => usd(v) },
      legend: { bottom: 0, type: 'scroll', textStyle: { color: cssVar('--muted') }, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
      grid: { left: 8, right: 12, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: dates.map((x) => day(x)), axisLine: { lineStyle: { color: cssVar('--line-strong') } }, axisTick: { show: false }, axisLabel: { color: cssVar('--muted') } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => usd(v), color: cssVar('--muted') }, splitLine: { lineStyle: { color: cssVar('--line') } } },
      series: modelNames.map((m) => ({
        name: m, type: 'bar', stack: 'cost', barMaxWidth: 28, emphasis: { focus: 'series' },
        data: dates.map((x) => { const r = byDate.get(x); const b = r && r.modelBreakdowns.find((mb) => mb.modelName === m); return b ? +b.cost.toFixed(6) : 0; }),
      })),
    });
    const g2 = newGrid(el);
    const ledgerCard = (report, opts, id, name) => {
      const body = card(g2, { ...opts, span: 4 });
      body.innerHTML = `<p class="note">${wait}</p>`;
      ctx.later(d.rest[report], (v) => ledger(body, id, v[report], name, ctx));
    };
    ledgerCard('projects', { title: 'Projects', sub: `<a href="/projects">All <span id="ov-projects-n">${wait}</span> →</a>` }, 'ov-projects', (r) => `<span title="${esc(r.project)}">${esc(base(r.project))}</span>`);
    ledgerCard('agents', { title: 'Agents', sub: '<a href="/agents">Agents & subagents →</a>' }, 'ov-agents', (r) => esc(agentName(r.agent)));
    ledgerCard('models', { title: 'Models', sub: '<a href="/models">Models & tokens →</a>' }, 'ov-models', (r) => esc(r.model));
    ctx.later(d.rest.projects, (v) => { for (const id of ['#hero-projects', '#ov-projects-n']) el.querySelector(id).textContent = v.projects.length; });
    const g3 = newGrid(el);
    const ex = card(g3, { title: 'What do these numbers mean?', span: 12, cls: 'explain' });
    ex.innerHTML = `<dl>
      <dt>Spend</dt><dd>What the model calls in this range cost at list API prices, computed locally from your agents' own logs (token counts × the bundled price table, or the cost the agent logged). ${p.price ? `On ${esc(p.name)} you pay $${p.price} a month regardless: read it as the value you got.` : 'On the API this is your bill.'}</dd>
      <dt>Cache-hit rate</dt><dd>Cache reads ÷ (input + cache writes + cache reads). Cache reads cost about a tenth of fresh input, so a high rate means long sessions are cheap to continue.</dd>
      <dt>Tool calls · errors</dt><dd>Every tool the agent ran (Bash, Read, Edit, MCP tools, subagents) and every failed call or API error it logged.</dd>
      <dt>Active now</dt><dd>Sessions with a prompt in the last 30 minutes.</dd>
      <dt>30-day projection</dt><dd>The range's average daily spend × 30. A forecast, not a bill.</dd>
      <dt>Live</dt><dd>receipts reads new log lines every few seconds; this page refreshes itself when they arrive.</dd></dl>`;
  },
};

function ledger(body, id, rows, name, ctx) {
  const sorted = rows.slice().sort((a, b) => b.totalCost - a.totalCost);
  const cols = [
    { key: 'name', label: 'Name', head: true, sortable: false, html: (r) => `${name(r)}<span class="bar-track wide" aria-hidden="true"><span class="bar-fill" data-w="${(+r.share || 0).toFixed(2)}"></span></span>` },
    { key: 'totalCost', label: 'Cost', kind: 'usd', sortable: false, html: (r) => `${money(r.totalCost)}<span class="sub" title="${(+r.share || 0).toFixed(4)}%">${pct(r.share)}</span>` },
  ];
  table(body, { id, columns: cols, rows: sorted, limit: 8, empty: 'No spend in this range.' }, ctx.state);
  body.querySelector('table').classList.add('ledger');
}

// Sessions -------------------------------------------------------------------------------------
const sessions = {
  key: 'sessions', nav: 'sessions', re: /^\/sessions\/?$/,
  async load(ctx) { return api.report('session', ctx.query(ctx.filters, { order: 'desc' })); },
  draw(el, d, ctx) {
    ctx.setTitle('Sessions');
    head(el, { eyebrow: 'Sessions', title: `${d.sessions.length} sessions, ${usd(d.totals.totalCost)}`, lede: `Every session with activity in ${esc(ctx.rangeLabel(ctx.filters))}. Sort by any column; open one for its turns, prompts, tools and errors.` });
    const cols = [
      { key: 'sessionId', label: 'Session', head: true, html: (r) => `<a href="/sessions/${encodeURIComponent(r.sessionId)}">${esc(base(r.projectPath))}</a><span class="sub mono">${esc(shortId(r.sessionId))}</span>` },
      { key: 'lastActivity', label: 'Last active', cls: 'nowrap', html: (r) => `<span title="${esc(r.lastActivity)}">${day(r.lastActivity)}</span>` },
      { key: 'agent', label: 'Agent', cls: 'nowrap', html: (r) => esc(agentName(r.agent)) },
      { key: 'models', label: 'Models', value: (r) => r.modelsUsed.join(' '), html: (r) => r.modelsUsed.map((m) => `<span class="tag">${esc(m)}</span>`).join('') },
      { key: 'totalTokens', label: 'Tokens', kind: 'num' },
      costCol(),
    ];
    const body = card(newGrid(el), { title: 'Ledger', span: 12 });
    table(body, { id: 'sessions-table', columns: cols, rows: d.sessions, totals: d.totals, search: 'Search sessions, projects, models…',
      searchText: (r) => [r.sessionId, r.projectPath, r.agent, ...r.modelsUsed].join(' '), sort: { i: 1, dir: 'desc' } }, ctx.state);
  },
};

// Prompts --------------------------------------------------------------------------------------
const prompts = {
  key: 'prompts', nav: 'prompts', re: /^\/prompts\/?$/,
  async load(ctx) { return api.report('prompts', ctx.query(ctx.filters, { limit: 200 })); },
  draw(el, d, ctx) {
    ctx.setTitle('Prompts');
    head(el, { eyebrow: 'Prompts', title: 'The most expensive prompts', lede: `The ${d.prompts.length} costliest prompts of ${esc(ctx.rangeLabel(ctx.filters))}, with everything each one set off: model calls, subagents and tool calls. Open one to see the size of every tool result.` });
    table(card(newGrid(el), { title: 'Ledger', span: 12 }), { id: 'prompts-table', rows: d.prompts, search: 'Search prompts and projects…',
      searchText: (r) => [r.prompt, r.project, r.sessionId].join(' '), columns: [
        { key: 'prompt', label: 'Prompt', head: true, html: (r) => `<a href="/prompts/${encodeURIComponent(r.turnId)}" class="clip">${esc(r.prompt || '(no prompt text)')}</a><span class="sub">${esc(base(r.project))} · ${when(r.time)}</span>` },
        { key: 'calls', label: 'Calls', kind: 'num', value: (r) => r.calls.length },
        { key: 'toolCalls', label: 'Tool calls', kind: 'num', value: (r) => r.toolCalls.length, heat: true },
        { key: 'totalTokens', label: 'Tokens', kind: 'num' }, costCol(),
      ] }, ctx.state);
  },
};

const prompt = {
  key: 'prompt', nav: 'prompts', re: /^\/prompts\/([^/]+)$/,
  async load(ctx) {
    const id = ctx.params[0];
    let r = await api.report('prompts', ctx.query(ctx.filters, { limit: 5000 }));
    let p = r.prompts.find((x) => x.turnId === id);
    if (!p) { r = await api.report('prompts', { tz: ctx.filters.tz, limit: 100000 }); p = r.prompts.find((x) => x.turnId === id); }
    if (!p) throw new Error(`no prompt ${id} among the recorded prompts`);
    return p;
  },
  draw(el, p, ctx) {
    ctx.setTitle('Prompt');
    el.insertAdjacentHTML('beforeend', `<a class="back" href="/sessions/${encodeURIComponent(p.sessionId)}">← Session ${esc(shortId(p.sessionId))}</a>`);
    head(el, { eyebrow: 'Prompt · ' + agentName(p.agent) + ' · ' + base(p.project), title: usd(p.totalCost) + ' for one prompt' });
    const resultBytes = sum(p.toolCalls, 'resultBytes');
    el.insertAdjacentHTML('beforeend', `<p class="meta"><span>Cost <b id="prompt-total" title="${esc(usdExact(p.totalCost))}">${usd(p.totalCost)}</b></span>
      <span>Model calls <b>${p.calls.length}</b></span><span>Tool calls <b>${p.toolCalls.length}</b></span>
      <span>Tool results <b title="${exact(resultBytes)} bytes">${bytes(resultBytes)}</b></span>
      <span>Tokens <b title="${exact(p.totalTokens)}">${num(p.totalTokens)}</b></span><span>${when(p.time)}</span></p>`);
    const g = newGrid(el);
    card(g, { title: 'The prompt', span: 12 }).innerHTML = `<pre class="prompt-text">${esc(p.promptText || p.prompt || '(prompt text not stored)')}</pre>`;
    const g2 = newGrid(el);
    table(card(g2, { title: 'Model calls', sub: 'in order', span: 12 }), { id: 'prompt-calls', rows: p.calls, columns: [
      { key: 'timestamp', label: 'When', html: (r) => `<span title="${esc(r.timestamp)}">${when(r.timestamp)}</span>` },
      { key: 'model', label: 'Model', head: true }, { key: 'subagentId', label: 'Agent', html: (r) => r.subagentId ? `<span class="tag">subagent ${esc(r.subagentId)}</span>` : 'main' },
      ...tokenCols, { key: 'cost', label: 'Cost', kind: 'usd', value: (r) => r.costNanos / 1e9, heat: true }] }, ctx.state);
    const g3 = newGrid(el);
    table(card(g3, { title: 'Tool calls', sub: 'and the size of every result', span: 12 }), { id: 'prompt-tools', rows: p.toolCalls, sort: { i: 2, dir: 'desc' }, empty: 'This prompt ran no tools.', columns: [
      { key: 'tool', label: 'Tool', head: true, html: (r) => esc(r.tool) + (r.isError ? ' <span class="tag err">error</span>' : '') },
      { key: 'target', label: 'Target', html: (r) => `<span class="mono clip" title="${esc(r.target)}">${esc(r.target || '—')}</span>` },
      { key: 'resultBytes', label: 'Result size', kind: 'bytes', heat: true }, { key: 'estimatedResultTokens', label: '≈ tokens', kind: 'num' }] }, ctx.state);
  },
};


const projects = dimension({
  key: 'projects', re: /^\/projects\/?$/, title: 'Projects & apps', eyebrow: 'Attribution',
  lede: (ctx) => `Where the spend of ${esc(ctx.rangeLabel(ctx.filters))} went, by repository and by app inside a monorepo.`,
  reports: [['projects'], ['apps']],
  draw(el, d, ctx) {
    const g = newGrid(el);
    const cols = [{ key: 'project', label: 'Project', head: true, html: (r) => `<span title="${esc(r.project)}">${esc(base(r.project))}</span><span class="sub mono">${esc(r.project)}</span>` },
      { key: 'sessions', label: 'Sessions', kind: 'num' }, { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, shareCol, costCol()];
    table(card(g, { title: 'Projects', sub: totalLine(d.projects.totals) }), { id: 'projects-table', columns: cols, rows: d.projects.projects, totals: d.projects.totals, sort: byCost(cols) }, ctx.state);
    const g2 = newGrid(el);
    const acols = [{ key: 'app', label: 'App', head: true, html: (r) => `${esc(r.app === '.' ? base(r.project) : r.app)}<span class="sub">${esc(base(r.project))}</span>` },
      { key: 'sessions', label: 'Sessions', kind: 'num' }, { key: 'calls', label: 'Calls', kind: 'num' }, shareCol, costCol()];
    table(card(g2, { title: 'Apps', sub: 'the first directory under the project each call touched' }), { id: 'apps-table', columns: acols, rows: d.apps.apps, totals: d.apps.totals, sort: byCost(acols) }, ctx.state);
  },
});

const agents = dimension({
  key: 'agents', re: /^\/agents\/?$/, title: 'Agents & subagents', eyebrow: 'Attribution',
  lede: (ctx) => `Which coding agents spent what in ${esc(ctx.rangeLabel(ctx.filters))}, and what their subagents (Task, explore, plan…) cost on top of the main thread.`,
  reports: [['agents'], ['subagents']],
  draw(el, d, ctx) {
    const cols = [{ key: 'agent', label: 'Agent', head: true, html: (r) => esc(agentName(r.agent)) }, { key: 'sessions', label: 'Sessions', kind: 'num' },
      { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, shareCol, costCol()];
    table(card(newGrid(el), { title: 'Agents', sub: totalLine(d.agents.totals) }), { id: 'agents-table', columns: cols, rows: d.agents.agents, totals: d.agents.totals, sort: byCost(cols) }, ctx.state);
    const scols = [{ key: 'subagent', label: 'Subagent', head: true, html: (r) => `${esc(r.subagent)}<span class="sub">${esc(agentName(r.agent))}${r.delegatedBy ? ' · from ' + esc(r.delegatedBy) : ''}</span>` },
      { key: 'runs', label: 'Runs', kind: 'num' }, { key: 'calls', label: 'Calls', kind: 'num' },
      { key: 'topTools', label: 'Top tools', html: (r) => esc(r.topTools || '—') }, shareCol, costCol()];
    table(card(newGrid(el), { title: 'Subagents', sub: '"main" is the conversation itself' }), { id: 'subagents-table', columns: scols, rows: d.subagents.subagents, totals: d.subagents.totals, sort: byCost(scols) }, ctx.state);
  },
});

const people = dimension({
  key: 'people', re: /^\/people\/?$/, title: 'People', eyebrow: 'Attribution',
  lede: (ctx) => `Spend by the person behind each session (the git author of the project), ${esc(ctx.rangeLabel(ctx.filters))}. "unknown" means no git identity was found.`,
  reports: [['people']],
  draw(el, d, ctx) {
    const cols = [{ key: 'person', label: 'Person', head: true }, { key: 'sessions', label: 'Sessions', kind: 'num' }, { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, shareCol, costCol()];
    table(card(newGrid(el), { title: 'People', sub: totalLine(d.people.totals) }), { id: 'people-table', columns: cols, rows: d.people.people, totals: d.people.totals, sort: byCost(cols) }, ctx.state);
  },
});

// The `tokens` view: dollars by token type per model, in each type's colour (1-hour cache
// writes in the cache-write colour, lighter; web searches in the reasoning colour).
const COST_TYPES = [
  { type: 'input', label: 'Input', tok: 0 }, { type: 'output', label: 'Output', tok: 1 },
  { type: 'cache write 5m', label: 'Cache writes 5m', tok: 2 }, { type: 'cache write 1h', label: 'Cache writes 1h', tok: 2, light: true },
  { type: 'cache read', label: 'Cache reads', tok: 3 }, { type: 'web search (requests)', label: 'Web search', tok: 4 },
  { type: 'recorded by the agent (difference)', label: 'Recorded by the agent (difference)' },
];
const nanosExact = (n) => `${n < 0 ? '−' : ''}$${Math.floor(Math.abs(n) / 1e9)}.${String(Math.abs(n) % 1e9).padStart(9, '0')}`;
function spendByType(g, models, view) {
  const rows = view.tokens || [];
  const cost = (m, type) => rows.filter((r) => r.model === m && r.tokenType === type).reduce((a, r) => a + (+r.totalCost || 0), 0);
  const kinds = COST_TYPES.filter((k) => rows.some((r) => r.tokenType === k.type && +r.totalCostNanos !== 0));
  const color = (k) => (k.tok === undefined ? cssVar('--muted') : tokenColor(TOKEN_TYPES[k.tok]));
  const cb = card(g, { title: 'Spend by token type, per model', sub: totalLine(view.totals), span: 12 });
  const totalNanos = +view.totals.totalCostNanos || 0;
  const strip = kinds.map((k) => {
    const nanos = rows.filter((r) => r.tokenType === k.type).reduce((a, r) => a + (+r.totalCostNanos || 0), 0);
    return `<div class="tok" data-c="${color(k)}"><dt><span class="swatch" data-c="${color(k)}"></span>${esc(k.label)}</dt><dd title="${nanosExact(nanos)}">${usd(nanos / 1e9)}</dd><small>${pct(totalNanos ? (100 * nanos) / totalNanos : 0)} of spend</small></div>`;
  }).join('');
  cb.innerHTML = `<dl class="tokens" id="spend-by-type">${strip}</dl><div class="chart tall" role="img" aria-label="Spend by token type per model"></div>`;
  applyWidths(cb);
  chart(cb.lastChild, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => usd(v) },
    legend: { bottom: 0, textStyle: { color: cssVar('--muted') }, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: models, axisLabel: { color: cssVar('--ink') }, axisTick: { show: false }, axisLine: { show: false } },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => usd(v), color: cssVar('--muted') }, splitLine: { lineStyle: { color: cssVar('--line') } } },
    // The recorded-cost difference (often negative) stays in the strip above, not in the bars.
    series: kinds.filter((k) => k.tok !== undefined).map((k) => ({ name: k.label, type: 'bar', stack: 'usd', barMaxWidth: 26, itemStyle: { color: color(k), opacity: k.light ? 0.55 : 1 }, data: models.map((m) => cost(m, k.type)) })),
  });
}

const models = dimension({
  key: 'models', re: /^\/models\/?$/, title: 'Models & tokens', eyebrow: 'Tokens',
  lede: (ctx) => `What kind of tokens the spend of ${esc(ctx.rangeLabel(ctx.filters))} bought, per provider, model and agent. Each token type keeps its colour everywhere.`,
  reports: [['models'], ['agents'], ['tokens']],
  draw(el, d, ctx) {
    const t = d.models.totals;
    const allTok = TOKEN_TYPES.reduce((a, k) => a + (+t[k.key] || 0), 0);
    el.insertAdjacentHTML('beforeend', `<dl class="tokens">${TOKEN_TYPES.map((k) => `<div class="tok" data-c="${tokenColor(k)}"><dt><span class="swatch" data-c="${tokenColor(k)}"></span>${esc(k.label)}</dt><dd title="${exact(t[k.key])}">${num(t[k.key])}</dd><small>${pct(allTok ? (100 * (+t[k.key] || 0)) / allTok : 0)} of tokens · ${esc(k.help)}</small></div>`).join('')}</dl>`);
    applyWidths(el);
    const g = newGrid(el);
    const rows = d.models.models.slice().sort((a, b) => b.totalCost - a.totalCost);
    const cb = card(g, { title: 'Tokens by type, per model', sub: totalLine(t), span: 12 });
    cb.innerHTML = '<div class="chart tall" role="img" aria-label="Tokens by type per model"></div>';
    chart(cb.firstChild, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => exact(v) + ' tokens' },
      legend: { bottom: 0, textStyle: { color: cssVar('--muted') }, icon: 'roundRect', itemWidth: 10, itemHeight: 10 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.model), axisLabel: { color: cssVar('--ink') }, axisTick: { show: false }, axisLine: { show: false } },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => num(v), color: cssVar('--muted') }, splitLine: { lineStyle: { color: cssVar('--line') } } },
      series: TOKEN_TYPES.map((k) => ({ name: k.label, type: 'bar', stack: 'tok', barMaxWidth: 26, itemStyle: { color: tokenColor(k) }, data: rows.map((r) => +r[k.key] || 0) })),
    });
    spendByType(newGrid(el), rows.map((r) => r.model), d.tokens);
    const prov = new Map();
    for (const r of d.models.models) {
      const x = prov.get(r.provider) || { provider: r.provider || 'unknown', calls: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalCost: 0, share: 0 };
      for (const k of ['calls', 'inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'totalCost', 'share']) x[k] += +r[k] || 0;
      prov.set(r.provider, x);
    }
    const pcols = [{ key: 'provider', label: 'Provider', head: true }, { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, shareCol, costCol()];
    table(card(newGrid(el), { title: 'By provider' }), { id: 'providers-table', columns: pcols, rows: [...prov.values()], totals: t, sort: byCost(pcols) }, ctx.state);
    const mcols = [{ key: 'model', label: 'Model', head: true, html: (r) => `${esc(r.model)}<span class="sub">${esc(r.provider || '')} · ${esc(agentName(r.agent))}</span>` },
      { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, { key: 'reasoningTokens', label: 'Reasoning', kind: 'num' }, shareCol, costCol()];
    table(card(newGrid(el), { title: 'By model' }), { id: 'models-table', columns: mcols, rows: d.models.models, totals: t, sort: byCost(mcols) }, ctx.state);
    const acols = [{ key: 'agent', label: 'Agent', head: true, html: (r) => esc(agentName(r.agent)) }, { key: 'calls', label: 'Calls', kind: 'num' }, ...tokenCols, shareCol, costCol()];
    table(card(newGrid(el), { title: 'By agent' }), { id: 'models-agents-table', columns: acols, rows: d.agents.agents, totals: d.agents.totals, sort: byCost(acols) }, ctx.state);
  },
});

const tools = dimension({
  key: 'tools', re: /^\/tools\/?$/, title: 'Tools & files', eyebrow: 'Activity',
  lede: (ctx) => `What the agents did with their turns in ${esc(ctx.rangeLabel(ctx.filters))}: the tools they ran, how much text came back into the context, and the files they kept reading. Darker cells are heavier.`,
  reports: [['tools', { limit: BIG }], ['files', { limit: 200 }], ['mcp', { limit: BIG }], ['skills', { limit: BIG }]],
  draw(el, d, ctx) {
    const tcols = [{ key: 'tool', label: 'Tool', head: true, html: (r) => `${esc(r.tool)}<span class="sub">${esc(agentName(r.agent))}</span>` },
      { key: 'calls', label: 'Calls', kind: 'num', heat: true }, { key: 'sessions', label: 'Sessions', kind: 'num', heat: true },
      { key: 'errors', label: 'Errors', kind: 'num', heat: true }, { key: 'resultBytes', label: 'Result bytes', kind: 'bytes', heat: true },
      { key: 'estimatedResultTokens', label: '≈ tokens', kind: 'num', heat: true }];
    table(card(newGrid(el), { title: 'Tools', sub: `${exact(sum(d.tools.tools, 'calls'))} calls` }), { id: 'tools-table', columns: tcols, rows: d.tools.tools, sort: { i: 1, dir: 'desc' } }, ctx.state);
    const fcols = [{ key: 'file', label: 'File', head: true, html: (r) => `<span class="mono" title="${esc(r.file)}">${esc(base(r.file))}</span><span class="sub mono">${esc(r.file)}</span>` },
      { key: 'reads', label: 'Reads', kind: 'num', heat: true }, { key: 'repeatedReads', label: 'Re-reads', kind: 'num', heat: true },
      { key: 'edits', label: 'Edits', kind: 'num', heat: true }, { key: 'readBytes', label: 'Bytes read', kind: 'bytes', heat: true }, { key: 'sessions', label: 'Sessions', kind: 'num' }];
    table(card(newGrid(el), { title: 'Files', sub: 're-reads are reads of a file already read in the same session' }), { id: 'files-table', columns: fcols, rows: d.files.files, sort: { i: 1, dir: 'desc' }, search: 'Filter files…', searchText: (r) => r.file }, ctx.state);
    const g = newGrid(el);
    generic(card(g, { title: 'MCP servers', span: 6 }), 'mcp-table', d.mcp.mcp, ctx, 'No MCP tool calls in this range.');
    generic(card(g, { title: 'Skills', span: 6 }), 'skills-table', d.skills.skills, ctx, 'No skills used in this range.');
  },
});


const errors = dimension({
  key: 'errors', re: /^\/errors\/?$/, title: 'Errors', eyebrow: 'Reliability',
  lede: (ctx) => `Failed tool calls and API errors the agents logged in ${esc(ctx.rangeLabel(ctx.filters))}, grouped by kind, with the last example of each.`,
  reports: [['errors', { limit: BIG }], ['tools', { limit: BIG }]],
  draw(el, d, ctx) {
    const n = sum(d.errors.errors, 'count');
    el.insertAdjacentHTML('beforeend', `<dl class="kpis"><div class="kpi"><dt>Errors</dt><dd id="errors-total">${exact(n)}</dd><small>${plural(d.errors.errors.length, 'kind')}</small></div>
      <div class="kpi"><dt>Tools that failed</dt><dd>${d.tools.tools.filter((t) => t.errors > 0).length}</dd><small>of ${d.tools.tools.length}</small></div>
      <div class="kpi"><dt>Tool error rate</dt><dd>${pct(sum(d.tools.tools, 'calls') ? (100 * sum(d.tools.tools, 'errors')) / sum(d.tools.tools, 'calls') : 0)}</dd><small>failed ÷ tool calls</small></div></dl>`);
    const cols = [{ key: 'kind', label: 'Kind', head: true, html: (r) => `<span class="tag err">${esc(r.kind)}</span>${r.tool ? `<span class="sub">${esc(r.tool)}</span>` : ''}` },
      { key: 'agent', label: 'Agent', html: (r) => esc(agentName(r.agent)) }, { key: 'count', label: 'Count', kind: 'num', heat: true },
      { key: 'sessions', label: 'Sessions', kind: 'num' }, { key: 'lastSeen', label: 'Last seen', html: (r) => `<span title="${esc(r.lastSeen)}">${when(r.lastSeen)}</span>` },
      { key: 'example', label: 'Example', html: (r) => `<span class="mono clip" title="${esc(r.example)}">${esc(r.example)}</span>` }];
    table(card(newGrid(el), { title: 'By kind' }), { id: 'errors-table', columns: cols, rows: d.errors.errors, sort: { i: 2, dir: 'desc' }, empty: 'No errors in this range. Nice.' }, ctx.state);
  },
});

export { notFound };
export const pages = [overview, sessions, session, prompts, prompt, projects, agents, people, models, tools, errors, observability, settings];
