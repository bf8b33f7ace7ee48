// Shared page pieces: headings, cards, money and count cells, agent names, plans, the common
// columns, and the `dimension` page builder. No page lives here.
import * as api from './api.js';
import { usd, usdExact, num, exact } from './format.js';
import { esc, table } from './ui.js';

export const BIG = 1000000;  // "every row" for views that take a limit
export const sum = (rows, k) => rows.reduce((a, r) => a + (+(typeof k === 'function' ? k(r) : r[k]) || 0), 0);
export const money = (v, cls = '') => `<span class="num ${cls}" title="${esc(usdExact(v))}">${usd(v)}</span>`;
export const count = (v) => `<span class="num" title="${esc(exact(v))}">${num(v)}</span>`;
export const AGENTS = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini', opencode: 'OpenCode', openclaw: 'OpenClaw', pi: 'Pi' };
export const agentName = (a) => AGENTS[a] || a || '—';
export const plural = (n, one, many = one + 's') => `${exact(n)} ${n === 1 ? one : many}`;

export const PLANS = [
  { id: 'api', name: 'API', price: 0, text: 'You pay per token. The figures are your bill.' },
  { id: 'pro', name: 'Pro', price: 20, text: '$20 a month, flat. The figures are what the same usage would cost at API prices.' },
  { id: 'max5', name: 'Max 5x', price: 100, text: '$100 a month, flat. The figures are the API-price value of what you used.' },
  { id: 'max20', name: 'Max 20x', price: 200, text: '$200 a month, flat. The figures are the API-price value of what you used.' },
];
export function plan() {
  let id = 'api';
  try { id = localStorage.getItem('receipts.plan') || 'api'; } catch (e) { /* private mode */ }
  return PLANS.find((p) => p.id === id) || PLANS[0];
}

export function head(el, { eyebrow, title, lede }) {
  el.insertAdjacentHTML('beforeend', `<p class="eyebrow">${esc(eyebrow)}</p><h1>${esc(title)}</h1>${lede ? `<p class="lede">${lede}</p>` : ''}`);
}
export function card(el, { title, sub, span = 12, cls = '' }) {
  const host = el.classList.contains('grid') ? el : el.appendChild(Object.assign(document.createElement('div'), { className: 'grid' }));
  const c = document.createElement('section');
  c.className = `card span-${span} ${cls}`;
  c.innerHTML = `<div class="card-head"><h2>${esc(title)}</h2>${sub ? `<p>${sub}</p>` : ''}</div><div class="body"></div>`;
  host.appendChild(c);
  return c.querySelector('.body');
}
export const newGrid = (el) => el.appendChild(Object.assign(document.createElement('div'), { className: 'grid' }));

// Shared columns.
export const costCol = (heat = true) => ({ key: 'totalCost', label: 'Cost', kind: 'usd', heat });
export const shareCol = { key: 'share', label: 'Share', kind: 'share' };
export const tokenCols = [
  { key: 'inputTokens', label: 'Input', kind: 'num' },
  { key: 'outputTokens', label: 'Output', kind: 'num' },
  { key: 'cacheCreationTokens', label: 'Cache write', kind: 'num' },
  { key: 'cacheReadTokens', label: 'Cache read', kind: 'num' },
];
export const byCost = (cols) => ({ i: cols.findIndex((c) => c.key === 'totalCost'), dir: 'desc' });

// Dimension pages: one load of several reports with the filters, one draw.
export function dimension({ key, nav, re, title, eyebrow, lede, reports, draw }) {
  return {
    key, nav: nav || key, re,
    async load(ctx) {
      const q = ctx.query(ctx.filters);
      const out = await Promise.all(reports.map(([name, extra]) => api.report(name, { ...q, ...(extra || {}) })));
      return Object.fromEntries(reports.map(([name], i) => [name, out[i]]));
    },
    draw(el, d, ctx) { ctx.setTitle(title); head(el, { eyebrow, title, lede: lede(ctx) }); draw(el, d, ctx); },
  };
}
export const totalLine = (t) => `<span class="page-total" title="${esc(usdExact(t.totalCost))}">${usd(t.totalCost)}</span> in total`;

// A table straight from the rows' own fields.
export function generic(body, id, rows, ctx, empty) {
  const keys = rows.length ? Object.keys(rows[0]) : ['name'];
  const cols = keys.map((k, i) => {
    const numeric = rows.length && typeof rows[0][k] === 'number';
    const label = k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
    if (/cost$/i.test(k)) return { key: k, label, kind: 'usd' };
    if (/bytes$/i.test(k)) return { key: k, label, kind: 'bytes', heat: true };
    return numeric ? { key: k, label, kind: 'num', heat: true } : { key: k, label, head: i === 0 };
  }).filter((c) => !/Nanos$/.test(c.key));
  table(body, { id, columns: cols, rows, empty }, ctx.state);
}
