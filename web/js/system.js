// Pages about receipts itself: the empty store (where it looked, the demo), Observability and
// the 404 (Settings: settings.js).
import * as api from './api.js';
import { num, exact, when, ago } from './format.js';
import { esc, table } from './ui.js';
import { agentName, plural, head, card, newGrid } from './kit.js';

const ENV_VARS = { claude: 'CLAUDE_CONFIG_DIR', codex: 'CODEX_HOME', gemini: 'GEMINI_DATA_DIR', openclaw: 'OPENCLAW_DIR', pi: 'PI_AGENT_DIR', opencode: 'XDG_DATA_HOME' };

// The command that serves the demo where this page can see it: same port unless it is the default.
export function demoCommand() {
  const port = location.port && location.port !== '8787' ? ` --port ${location.port}` : '';
  return `receipts serve --demo${port}`;
}

// No model call in the store: where receipts looked (every root of every selected source, found
// or not, from the status) and the one command that shows the dashboard on a generated history.
export function emptyStore(el, st) {
  const sources = st.sources || [];
  const anyFound = sources.some((s) => s.found);
  const rows = sources.flatMap((s) => (s.roots.length ? s.roots : [{ path: '', exists: false }]).map((r, i) => ({ agent: s.agent, first: i === 0, ...r })));
  el.innerHTML = `<div class="empty" id="empty-store">
    <p class="eyebrow">No logs yet</p>
    <h1>${anyFound ? 'No model calls in these logs yet.' : 'No agent logs were found.'}</h1>
    <p class="lede">receipts reads the logs your coding agents already write, and nothing else. ${anyFound ? 'It found some of their directories, but no model call in them yet.' : 'It looked in every place below and found none of them.'}</p>
    <div class="card looked"><div class="card-head"><h2>Where receipts looked</h2><p>from this server's environment</p></div>
    <div class="table-wrap"><table id="roots-table"><thead><tr><th scope="col">Agent</th><th scope="col">Directory</th><th scope="col">Override</th><th scope="col">Found</th></tr></thead><tbody>
    ${rows.map((r) => `<tr><th scope="row">${r.first ? esc(agentName(r.agent)) : ''}</th><td class="mono">${r.path ? esc(r.path) : '<span class="note">no directory (HOME is not set)</span>'}</td><td class="mono note">${r.first ? '$' + esc(ENV_VARS[r.agent] || '') : ''}</td><td>${r.exists ? '<span class="state ok">found</span>' : '<span class="note">not found</span>'}</td></tr>`).join('')}
    </tbody></table></div></div>
    <p>If your logs live elsewhere, restart receipts with the override pointing at them (for example <code>CLAUDE_CONFIG_DIR=/path/to/.claude receipts serve</code>).</p>
    <h2 class="try">Try it on a sample history</h2>
    <p>Stop this server (Ctrl-C) and run:</p>
    <p class="command"><code id="demo-command">${esc(demoCommand())}</code> <button type="button" class="copy" id="copy-demo">Copy</button></p>
    <p class="note">It generates a month of realistic Claude Code, Codex, Gemini CLI, OpenClaw, pi and opencode logs in a temporary directory, serves them here${location.port && location.port !== '8787' ? ' on the same port' : ''} (this page reloads its data by itself) and deletes them when it stops. Your own store at <code>${esc(st.store && st.store.path)}</code> (${plural(st.files, 'log file')}, no model calls) is left alone.</p>
    <p class="note">Or just use an agent: this page updates itself as soon as new log lines appear.</p></div>`;
  const btn = el.querySelector('#copy-demo');
  btn.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(demoCommand()); btn.textContent = 'Copied'; } catch (e) { btn.textContent = 'Select and copy'; }
  });
}

// Observability --------------------------------------------------------------------------------
export const observability = {
  key: 'observability', nav: 'observability', re: /^\/observability\/?$/,
  async load() { return api.status(); },
  draw(el, s, ctx) {
    ctx.setTitle('Observability');
    head(el, { eyebrow: 'Observability', title: 'What receipts has read', lede: 'The store, every source it reads, and the watcher that keeps it current. Nothing here depends on the time range.' });
    const w = s.watcher || {};
    const ok = w.state === 'idle' || w.state === 'scanning';
    el.insertAdjacentHTML('beforeend', `<dl class="kpis">
      <div class="kpi"><dt>Log files</dt><dd>${exact(s.files)}</dd><small>across ${plural((s.agents || []).length, 'agent')}</small></div>
      <div class="kpi"><dt>Model calls</dt><dd title="${exact(s.calls)}">${num(s.calls)}</dd><small>${plural(s.sessions, 'session')}</small></div>
      <div class="kpi"><dt>Malformed lines</dt><dd>${exact(s.malformedLines)}</dd><small>skipped, never fatal</small></div>
      <div class="kpi"><dt>Unpriced calls</dt><dd>${exact(s.unpricedCalls)}</dd><small>models without a price</small></div>
      <div class="kpi"><dt>Last ingest</dt><dd>${ago(s.lastScan)}</dd><small title="${esc(s.lastScan || '')}">${when(s.lastScan)}</small></div>
      <div class="kpi"><dt>Newest call</dt><dd>${ago(s.newestCall)}</dd><small title="${esc(s.newestCall || '')}">${when(s.newestCall)}</small></div></dl>`);
    const cols = [{ key: 'agent', label: 'Source', head: true, html: (r) => esc(agentName(r.agent)) }, { key: 'files', label: 'Files', kind: 'num' },
      { key: 'bytes', label: 'Bytes', kind: 'bytes' }, { key: 'calls', label: 'Calls', kind: 'num' }, { key: 'malformedLines', label: 'Malformed', kind: 'num', heat: true },
      { key: 'missingFiles', label: 'Deleted files', kind: 'num' },
      { key: 'lastScan', label: 'Last ingest', html: (r) => `<span title="${esc(r.lastScan || '')}">${ago(r.lastScan)}</span>` },
      { key: 'newestCall', label: 'Newest call (lag)', html: (r) => `<span title="${esc(r.newestCall || '')}">${ago(r.newestCall)}</span>` }];
    table(card(newGrid(el), { title: 'Sources' }), { id: 'sources-table', columns: cols, rows: s.agents || [], empty: 'No source has produced a file yet.' }, ctx.state);
    const g = newGrid(el);
    card(g, { title: 'Watcher', span: 6 }).innerHTML = `<dl class="kv">
      <dt>State</dt><dd><span class="state ${ok ? 'ok' : 'bad'}" id="watcher-state">${esc(w.state || 'unknown')}</span></dd>
      <dt>Polls every</dt><dd>${w.intervalMs ? (w.intervalMs / 1000) + ' s' : '—'}</dd>
      <dt>Passes</dt><dd>${exact(w.scans)} (${exact(w.updates)} brought new data)</dd>
      <dt>Last pass</dt><dd>${ago(w.lastScan)} · ${w.lastDurationMs ?? '—'} ms</dd>
      <dt>Last error</dt><dd>${w.lastError ? `<span class="state bad">${esc(w.lastError)}</span>` : 'none'}</dd></dl>`;
    card(g, { title: 'Store', span: 6 }).innerHTML = `<dl class="kv">
      <dt>Path</dt><dd class="mono">${esc(s.store && s.store.path)}</dd><dt>Schema</dt><dd>v${esc(s.store && s.store.schemaVersion)}</dd>
      <dt>Version</dt><dd>receipts ${esc(s.version)}</dd><dt>Time zone</dt><dd>${esc(ctx.filters.tz)} (this browser)</dd></dl>`;
  },
};

export const notFound = {
  key: 'notfound', nav: '', re: /$^/,
  async load() { return null; },
  draw(el, _d, ctx) { ctx.setTitle('Not found'); el.innerHTML = '<div class="empty"><p class="eyebrow">404</p><h1>No such page.</h1><p><a href="/">Back to the overview</a></p></div>'; },
};

