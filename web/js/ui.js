// Small view helpers: escaping, accessible sortable tables, ECharts wrappers. No framework.
import { usd, usdExact, num, exact, bytes, pct } from './format.js';

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
export const base = (p) => (p ? String(p).replace(/\/+$/, '').split('/').pop() || p : '—');
export const shortId = (id) => String(id || '').slice(0, 8);

// Widths from data-w (percent), set through CSSOM: the CSP forbids style attributes in markup.
export function applyWidths(root) {
  root.querySelectorAll('[data-w]').forEach((el) => { el.style.width = Math.max(0, Math.min(100, +el.dataset.w)) + '%'; });
  root.querySelectorAll('[data-c]').forEach((el) => {
    if (el.classList.contains('tok')) el.style.setProperty('--c', el.dataset.c); else el.style.background = el.dataset.c;
  });
}

export function cellValue(col, row) { return col.value ? col.value(row) : row[col.key]; }

function cellHtml(col, row, max) {
  const v = cellValue(col, row);
  let inner; let title = '';
  if (col.html) inner = col.html(row);
  else if (v === null && col.kind && col.kind !== 'text') inner = '—';
  else if (col.kind === 'usd') { inner = usd(v); title = usdExact(v); }
  else if (col.kind === 'num') { inner = num(v); title = exact(v); }
  else if (col.kind === 'bytes') { inner = bytes(v); title = exact(v) + ' bytes'; }
  else if (col.kind === 'share') {
    inner = `<span class="share"><span>${pct(v)}</span><span class="bar-track" aria-hidden="true"><span class="bar-fill" data-w="${(+v || 0).toFixed(2)}"></span></span></span>`;
    title = (+v || 0).toFixed(4) + '%';
  } else inner = esc(v ?? '—');
  const cls = [];
  if (col.kind && col.kind !== 'text') cls.push('r');
  if (col.cls) cls.push(col.cls);
  if (col.heat && max > 0 && +v > 0) cls.push('heat-' + Math.max(1, Math.ceil((+v / max) * 5)));
  const attrs = (cls.length ? ` class="${cls.join(' ')}"` : '') + (title ? ` title="${esc(title)}"` : '');
  return col.head ? `<th scope="row"${attrs}>${inner}</th>` : `<td${attrs}>${inner}</td>`;
}

// A sortable, optionally searchable table. `state` (kept per page) remembers sort and search
// across live refreshes. opts: {id, columns, rows, totals, caption, search, searchText, sort, limit, empty}
export function table(host, opts, state = {}) {
  const st = state[opts.id] || (state[opts.id] = { sort: opts.sort || null, q: '' });
  const maxes = {};
  // Heat only means something against a few rows.
  if (opts.rows.length >= 3) for (const c of opts.columns) if (c.heat) maxes[c.key] = Math.max(0, ...opts.rows.map((r) => +cellValue(c, r) || 0));
  host.innerHTML = (opts.search ? `<div class="toolbar"><input class="search" type="search" placeholder="${esc(opts.search)}" aria-label="${esc(opts.search)}" value="${esc(st.q)}"><span class="count"></span></div>` : '') +
    `<div class="table-wrap"><table${opts.id ? ` id="${esc(opts.id)}"` : ''}>${opts.caption ? `<caption>${esc(opts.caption)}</caption>` : ''}<thead><tr>` +
    opts.columns.map((c, i) => `<th scope="col"${c.kind && c.kind !== 'text' ? ' class="r"' : ''} data-i="${i}">${c.sortable === false ? esc(c.label) : `<button type="button" class="sort">${esc(c.label)}</button>`}</th>`).join('') +
    `</tr></thead><tbody></tbody>${opts.totals ? `<tfoot><tr>${opts.columns.map((c, i) => {
      if (i === 0) return `<th scope="row">Total</th>`;
      if (!c.kind || c.kind === 'text') return '<td></td>';
      const v = cellValue(c, opts.totals);
      if (c.total === false || v === undefined || v === null) return '<td></td>';
      return cellHtml({ ...c, heat: false, head: false, html: null }, opts.totals, 0);
    }).join('')}</tr></tfoot>` : ''}</table></div>`;
  const tbody = host.querySelector('tbody');
  const count = host.querySelector('.count');
  const draw = () => {
    let rows = opts.rows.slice();
    if (st.q && opts.searchText) {
      const q = st.q.toLowerCase();
      rows = rows.filter((r) => opts.searchText(r).toLowerCase().includes(q));
    }
    if (st.sort) {
      const c = opts.columns[st.sort.i];
      const dir = st.sort.dir === 'asc' ? 1 : -1;
      rows.sort((a, b) => {
        const x = cellValue(c, a); const y = cellValue(c, b);
        if (typeof x === 'number' || typeof y === 'number') return ((+x || 0) - (+y || 0)) * dir;
        return String(x ?? '').localeCompare(String(y ?? '')) * dir;
      });
    }
    const shown = opts.limit ? rows.slice(0, opts.limit) : rows;
    tbody.innerHTML = shown.length ? shown.map((r) => `<tr>${opts.columns.map((c) => cellHtml(c, r, maxes[c.key])).join('')}</tr>`).join('')
      : `<tr><td colspan="${opts.columns.length}" class="note">${esc(opts.empty || 'Nothing in this range.')}</td></tr>`;
    if (count) count.textContent = rows.length === opts.rows.length ? `${opts.rows.length} rows` : `${rows.length} of ${opts.rows.length}`;
    host.querySelectorAll('thead th').forEach((th) => {
      const i = +th.dataset.i;
      if (st.sort && st.sort.i === i) th.setAttribute('aria-sort', st.sort.dir === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    applyWidths(host);
  };
  host.querySelectorAll('th button.sort').forEach((b) => b.addEventListener('click', () => {
    const i = +b.parentElement.dataset.i;
    const c = opts.columns[i];
    const firstDir = c.kind && c.kind !== 'text' ? 'desc' : 'asc';
    st.sort = st.sort && st.sort.i === i ? { i, dir: st.sort.dir === 'asc' ? 'desc' : 'asc' } : { i, dir: firstDir };
    draw();
  }));
  const input = host.querySelector('.search');
  if (input) input.addEventListener('input', () => { st.q = input.value; draw(); });
  draw();
  applyWidths(host);
}

// Colours -------------------------------------------------------------------------------------
const PALETTE = {
  light: ['#1f5f4a', '#c8793a', '#3d6fa8', '#b5485d', '#7a6bb0', '#5c8f3a', '#b89b2e', '#3f8f8f', '#8c5a3c', '#667085'],
  dark: ['#6fcf9f', '#f0a35e', '#7fb0ea', '#eb7f95', '#b3a4f0', '#a3d177', '#e5c85a', '#74d0d0', '#d69a72', '#a5adbb'],
};
export const TOKEN_TYPES = [
  { key: 'inputTokens', label: 'Input', light: '#3d6fa8', dark: '#7fb0ea', help: 'new prompt tokens sent to the model' },
  { key: 'outputTokens', label: 'Output', light: '#c8793a', dark: '#f0a35e', help: 'tokens the model wrote' },
  { key: 'cacheCreationTokens', label: 'Cache writes', light: '#b5485d', dark: '#eb7f95', help: 'prompt tokens stored in the cache (priced above input)' },
  { key: 'cacheReadTokens', label: 'Cache reads', light: '#1f5f4a', dark: '#6fcf9f', help: 'prompt tokens served from the cache (about a tenth of input)' },
  { key: 'reasoningTokens', label: 'Reasoning', light: '#7a6bb0', dark: '#b3a4f0', help: 'hidden thinking tokens, billed as output' },
];
export const theme = () => document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light';
export const palette = () => PALETTE[theme()];
export const tokenColor = (t) => t[theme()];
export function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

// Charts ---------------------------------------------------------------------------------------
// ECharts (web/vendor/echarts.min.js, a slim build: web/vendor/build-echarts.sh) is not in the
// page's critical path: pages draw at once, and a chart asked for before the library is there
// is drawn when it arrives (its container has its size from the CSS, so nothing moves).
const ECHARTS_SRC = '/vendor/echarts.min.js';
// The series types that build has (add one there first): another type would draw nothing.
const SERIES_TYPES = new Set(['bar', 'line']);
const charts = new Set();
const pending = new Map();  // container → option, until ECharts is there
let loading = null;

// Loads ECharts once, after the current frame is painted; resolves with window.echarts.
export function loadCharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const add = () => {
        const s = document.createElement('script');
        s.src = ECHARTS_SRC;
        s.async = true;
        s.onload = () => {
          if (!window.echarts) { reject(new Error('no echarts in ' + ECHARTS_SRC)); return; }
          performance.mark('receipts:charts-ready');  // for profiling, as receipts:charts-load
          resolve(window.echarts);
        };
        s.onerror = () => reject(new Error('could not load ' + ECHARTS_SRC));
        performance.mark('receipts:charts-load');
        document.head.appendChild(s);
      };
      // Let the browser paint what is drawn before it parses the library.
      requestAnimationFrame(() => setTimeout(add, 0));
    }).then((e) => { drawPending(); return e; }, (err) => { loading = null; console.warn('receipts:', err); throw err; });
  }
  return loading;
}

function init(el, option) {
  const c = window.echarts.init(el, null, { renderer: 'canvas' });
  const ink = cssVar('--ink'); const muted = cssVar('--muted'); const line = cssVar('--line');
  c.setOption({
    color: palette(),
    textStyle: { fontFamily: cssVar('--sans') || 'system-ui', color: muted },
    grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
    tooltip: { backgroundColor: cssVar('--panel'), borderColor: line, textStyle: { color: ink, fontSize: 12 } },
    legend: { textStyle: { color: muted } },
    animationDuration: 400,
    ...option,
  });
  charts.add(c);
  el.dataset.chart = 'drawn';
  return c;
}
function drawPending() {
  const todo = [...pending];
  pending.clear();
  for (const [el, option] of todo) if (el.isConnected) init(el, option);
}

// Draws a chart into `el` now if ECharts is loaded, else as soon as it is (null until then).
export function chart(el, option) {
  if (!el) return null;
  for (const s of [].concat(option.series || [])) {
    if (!SERIES_TYPES.has(s.type)) console.error(`receipts: the ECharts build has no '${s.type}' series (web/vendor/build-echarts.sh)`);
  }
  if (window.echarts) return init(el, option);
  el.dataset.chart = 'pending';
  pending.set(el, option);
  loadCharts().catch(() => { /* the page stays usable without its charts */ });
  return null;
}
export function disposeCharts() { for (const c of charts) c.dispose(); charts.clear(); pending.clear(); }
window.addEventListener('resize', () => { for (const c of charts) c.resize(); });
