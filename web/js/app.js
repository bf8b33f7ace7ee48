// The app shell: URL-driven filters, a history-API router, live updates over SSE, the theme.
import * as api from './api.js';
import { disposeCharts, loadCharts, esc } from './ui.js';
import { pages, notFound } from './pages.js';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const RANGES = ['today', '7d', '30d', 'all', 'custom'];
const main = document.getElementById('main');

// YYYY-MM-DD of "now" in the browser's zone, and date arithmetic on such days.
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
export function addDays(ymd, n) {
  const d = new Date(ymd + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
export function daysBetween(a, b) { return Math.round((new Date(b + 'T00:00:00Z') - new Date(a + 'T00:00:00Z')) / 86400000); }

// The filters, read from the URL query (so a deep link reproduces the view).
export function filters() {
  const q = new URLSearchParams(location.search);
  let range = q.get('range') || '30d';
  if (!RANGES.includes(range)) range = '30d';
  const t = today();
  let since = ''; let until = '';
  if (range === 'today') { since = t; until = t; }
  else if (range === '7d') { since = addDays(t, -6); until = t; }
  else if (range === '30d') { since = addDays(t, -29); until = t; }
  else if (range === 'custom') { since = q.get('since') || ''; until = q.get('until') || ''; }
  return { range, since, until, agent: q.get('agent') || '', tz: TZ, today: t };
}
// What every report request carries.
export function query(f = filters(), extra = {}) {
  return { since: f.since.replaceAll('-', ''), until: f.until.replaceAll('-', ''), tz: f.tz, agent: f.agent, ...extra };
}
export function rangeLabel(f = filters()) {
  return { today: 'today', '7d': 'the last 7 days', '30d': 'the last 30 days', all: 'all time' }[f.range] ||
    `${f.since || 'the beginning'} – ${f.until || 'today'}`;
}

function setFilter(changes) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) { if (v) q.set(k, v); else q.delete(k); }
  if (q.get('range') !== 'custom') { q.delete('since'); q.delete('until'); }
  const s = q.toString();
  navigate(location.pathname + (s ? '?' + s : ''), { replace: true });
}

function syncFilterBar() {
  const f = filters();
  document.querySelectorAll('[data-range]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === f.range)));
  const custom = document.getElementById('custom');
  custom.hidden = f.range !== 'custom';
  document.getElementById('since').value = f.range === 'custom' ? f.since : '';
  document.getElementById('until').value = f.range === 'custom' ? f.until : '';
  document.getElementById('agent').value = f.agent;
}

document.querySelectorAll('[data-range]').forEach((b) => b.addEventListener('click', () => {
  const r = b.dataset.range;
  if (r === 'custom') {
    const f = filters();
    setFilter({ range: 'custom', since: f.since || addDays(f.today, -29), until: f.until || f.today });
  } else setFilter({ range: r });
}));
for (const id of ['since', 'until']) {
  document.getElementById(id).addEventListener('change', () => {
    setFilter({ range: 'custom', since: document.getElementById('since').value, until: document.getElementById('until').value });
  });
}
document.getElementById('agent').addEventListener('change', (e) => setFilter({ agent: e.target.value }));
document.getElementById('filters').addEventListener('submit', (e) => e.preventDefault());

// Theme ----------------------------------------------------------------------------------------
const themeBtn = document.getElementById('theme');
function paintThemeButton() {
  const dark = document.documentElement.getAttribute('data-theme') === 'dark';
  themeBtn.textContent = dark ? '☀' : '☾';
  themeBtn.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  themeBtn.title = themeBtn.getAttribute('aria-label');
}
themeBtn.addEventListener('click', () => {
  const next = document.documentElement.getAttribute('data-theme') === 'dark' ? 'light' : 'dark';
  document.documentElement.setAttribute('data-theme', next);
  try { localStorage.setItem('receipts.theme', next); } catch (e) { /* private mode */ }
  paintThemeButton();
  render({ refresh: true });  // charts take their colours from the theme
});
paintThemeButton();

// Router ---------------------------------------------------------------------------------------
const pageState = new Map();  // per route: table sort/search, survives live refreshes
let current = null;
let seq = 0;
let shown = 0;  // the render whose draw is on screen (0: none)

function match(path) {
  for (const p of pages) {
    const m = p.re.exec(path);
    if (m) return { page: p, params: m.slice(1).map(decodeURIComponent) };
  }
  return { page: notFound, params: [] };
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  render({ scroll: !replace });
}

export async function render({ refresh = false, scroll = false } = {}) {
  const my = ++seq;
  syncFilterBar();
  const { page, params } = match(location.pathname);
  const key = page.key + ':' + params.join('/');
  if (!pageState.has(key)) pageState.set(key, {});
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === page.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    const href = a.getAttribute('href').split('?')[0];
    a.setAttribute('href', href + location.search);
  });
  const inPlace = refresh && current === key;
  if (!inPlace) {
    disposeCharts();
    main.innerHTML = '<p class="loading">Loading…</p>';
    shown = 0;
  }
  current = key;
  const ctx = {
    params, filters: filters(), query, rangeLabel, today, addDays, daysBetween, refresh: inPlace,
    state: pageState.get(key), stale: () => my !== seq,
    setTitle: (t) => { document.title = t ? `${t} · receipts` : 'receipts'; },
    // Draws a part of the page from `value`: at once if it is there, else when the promise
    // settles, as long as this draw is still the one on screen.
    later: (value, fn) => {
      if (!(value instanceof Promise)) { fn(value); return; }
      value.then((v) => { if (shown === my) fn(v); }).catch((err) => { if (shown === my) showError(err); });
    },
  };
  try {
    const view = await page.load(ctx);
    if (my !== seq) return;
    const y = window.scrollY;
    // Keep the caret in a table's search box across a live refresh.
    const focused = document.activeElement;
    const refocus = refresh && focused && focused.classList.contains('search') ? focused.closest('.body')?.querySelector('table')?.id : null;
    disposeCharts();
    main.innerHTML = '';
    shown = my;
    page.draw(main, view, ctx);
    main.dataset.page = page.key;
    if (!performance.getEntriesByName('receipts:first-render').length) {
      performance.mark('receipts:first-render');
      loadCharts().catch(() => { /* pages stay usable without charts */ });  // for the next page
    }
    main.dataset.rendered = String(my);
    if (refresh) {
      window.scrollTo(0, y);
      const box = refocus && document.getElementById(refocus)?.closest('.body')?.querySelector('.search');
      if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
    }
    else if (scroll) { window.scrollTo(0, 0); main.focus({ preventScroll: true }); }
  } catch (err) {
    if (my !== seq) return;
    showError(err);
    main.dataset.rendered = String(my);
  }
}
function showError(err) {
  console.warn('receipts:', err);
  disposeCharts();
  shown = 0;
  main.innerHTML = `<div class="error-box" role="alert"><strong>Could not load this page.</strong> ${esc(err.message || String(err))}</div>`;
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('/api/') || a.target) return;
  e.preventDefault();
  // Links inside pages carry no query: keep the current filters.
  navigate(href.includes('?') ? href : href + location.search);
});
window.addEventListener('popstate', () => render());

// Live updates ---------------------------------------------------------------------------------
const live = document.getElementById('live');
const liveText = document.getElementById('live-text');
const banner = document.getElementById('demo-banner');
let pending = null;
let seenCalls = null;
// The status on (re)connect: the demo banner, and a refresh when the store changed while the
// stream was away (e.g. the server was restarted with --demo on the same port).
function onStatus(data) {
  let st = null;
  try { st = JSON.parse(data); } catch (e) { return; }
  banner.hidden = !st.demo;
  if (st.demo) banner.innerHTML = `<b>Demo data.</b> A generated sample history in <code>${esc(st.demo.dir)}</code>, deleted when the server stops. Run <code>receipts serve</code> for your own logs.`;
  if (seenCalls !== null && st.calls !== seenCalls) render({ refresh: true });
  seenCalls = st.calls;
}
function connect() {
  const es = api.events();
  es.addEventListener('status', (e) => { live.classList.add('on'); liveText.textContent = 'live'; onStatus(e.data); });
  es.addEventListener('update', (e) => {
    try { seenCalls = JSON.parse(e.data).calls; } catch (err) { /* keep the last */ }
    live.classList.remove('flash'); void live.offsetWidth; live.classList.add('flash');
    liveText.textContent = 'updated ' + new Date().toLocaleTimeString('en-US', { hour12: false });
    clearTimeout(pending);
    pending = setTimeout(() => render({ refresh: true }), 150);
  });
  es.onerror = () => { live.classList.remove('on'); liveText.textContent = 'reconnecting'; };
}

// A module runs after the document is parsed: draw at once. ECharts loads after the first draw
// (ui.js loadCharts), and charts drawn before it arrived appear when it does.
render();
connect();
