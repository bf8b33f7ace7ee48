// Settings: the plan (API / Pro / Max 5x / Max 20x, kept in localStorage) and what each figure
// means under it; the effective price table with the user's overrides, read-only.
import * as api from './api.js';
import { usd, usdExact, pct } from './format.js';
import { esc, table } from './ui.js';
import { PLANS, plan, head, card, newGrid } from './kit.js';

// USD per million tokens, exact (the server sends what the price book holds).
const price = (v) => (v === null || v === undefined ? '<span class="note" title="no confirmed price: calls with such tokens are unpriced">?</span>'
  : '$' + (+v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 }));

function planReading(p, last30) {
  if (!p.price) return `Over the last 30 days you spent <b title="${esc(usdExact(last30))}">${usd(last30)}</b> at API prices: that is your bill.`;
  return `Over the last 30 days your usage was worth <b title="${esc(usdExact(last30))}">${usd(last30)}</b> at API prices against <b>$${p.price}</b> paid for ${esc(p.name)}: ${last30 >= p.price ? `<b>${(last30 / p.price).toFixed(1)}×</b> what the plan costs` : `${pct((100 * last30) / p.price, 0)} of it`}. Figures across the dashboard stay at API prices.`;
}

// What the dashboard's figures mean under a plan.
function meanings(p) {
  const flat = p.price > 0;
  const rows = flat ? [
    ['Spend', `The API-price value of what you used. You pay $${p.price} a month for ${esc(p.name)} whatever it shows.`],
    ['30-day projection', `Where that value is heading; the Overview sets it against the $${p.price} you pay (above 1× the plan pays for itself).`],
    ['A session’s or prompt’s cost', 'Its share of that value: what it would have cost on the API, not an extra charge.'],
    ['Limits', `${esc(p.name)} caps usage per 5-hour window, not per dollar: <code>receipts blocks</code> shows the windows and the burn rate.`],
  ] : [
    ['Spend', 'Your bill: every model call at list API prices (or the cost the agent logged).'],
    ['30-day projection', 'Next month’s bill at this range’s daily average.'],
    ['A session’s or prompt’s cost', 'Exactly what it added to your bill.'],
    ['Cache', 'Cache reads cost about a tenth of fresh input: a high cache-hit rate is money saved.'],
  ];
  return `<dl class="kv meanings" id="plan-meanings">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export const settings = {
  key: 'settings', nav: 'settings', re: /^\/settings\/?$/,
  async load(ctx) {
    const [daily, prices, status] = await Promise.all([
      api.report('daily', ctx.query({ ...ctx.filters, since: ctx.addDays(ctx.filters.today, -29), until: ctx.filters.today })),
      api.pricing(),
      api.status(),
    ]);
    const watcher = status.watcher || {};
    return { daily, prices, configError: watcher.configError || null, live: watcher.state !== 'off' };
  },
  draw(el, d, ctx) {
    ctx.setTitle('Settings');
    head(el, { eyebrow: 'Settings', title: 'Plan & pricing', lede: 'The plan lives in this browser; nothing is sent anywhere. Prices are the ones this server computes costs with.' });
    const last30 = d.daily.totals.totalCost;
    const body = card(newGrid(el), { title: 'Your plan', sub: 'changes how the figures read, never the figures' });
    const paint = () => {
      const cur = plan();
      body.querySelector('#plan-read').innerHTML = planReading(cur, last30);
      body.querySelector('#plan-meaning').innerHTML = `<h3>Under ${esc(cur.name)}</h3>${meanings(cur)}`;
    };
    body.innerHTML = `<div class="plans" role="radiogroup" aria-label="Plan">${PLANS.map((p) => `<label class="plan"><input type="radio" name="plan" value="${p.id}"${p.id === plan().id ? ' checked' : ''}><b>${esc(p.name)}</b>${p.price ? ` · $${p.price}/mo` : ' · pay per token'}<span>${esc(p.text)}</span></label>`).join('')}</div>
      <p id="plan-read"></p><div id="plan-meaning"></div>`;
    paint();
    body.querySelectorAll('input[name=plan]').forEach((i) => i.addEventListener('change', () => {
      try { localStorage.setItem('receipts.plan', i.value); } catch (e) { /* private mode */ }
      paint();
    }));

    const pr = d.prices;
    const cfg = pr.config || {};
    const sub = `${esc(pr.unit)} · ${pr.overrides ? `${pr.overrides} from your config` : 'no overrides'}`;
    const pb = card(newGrid(el), { title: 'Prices', sub });
    pb.insertAdjacentHTML('beforeend', `<p class="note" id="pricing-config">Overrides are read from <code>${esc(cfg.path || '')}</code> (${cfg.exists ? 'present' : 'not present: bundled prices only'}); see docs/PRICING_ENGINE.md. ${d.live ? 'Edit it: this server applies it within seconds and recomputes every stored cost with the new prices.' : 'This server reads no logs (--no-scan), so it shows the prices it started with: restart it to apply an edit.'} Web search: $${pr.webSearchPerThousand} per 1,000 requests. Read-only here; in a terminal: <code>receipts pricing list</code>.</p><div class="prices"></div>`);
    if (d.configError) pb.querySelector('.prices').insertAdjacentHTML('beforebegin', `<p class="note warn" id="pricing-error">Your last edit was not applied; these are the prices before it. ${esc(d.configError)}</p>`);
    const range = (r) => (r.validFrom || r.validTo ? `${esc(r.validFrom || '…')} → ${esc(r.validTo || 'now')}` : 'always');
    const tier = (t) => (t ? `<span title="above ${t.aboveTokens.toLocaleString('en-US')} prompt tokens the whole call is billed at these rates">&gt;${Math.round(t.aboveTokens / 1000)}K: ${price(t.input)} / ${price(t.output)}</span>` : '—');
    const money = (key) => ({ key, label: { input: 'Input', output: 'Output', cacheWrite5m: 'Write 5m', cacheWrite1h: 'Write 1h', cacheRead: 'Read' }[key], kind: 'num', html: (r) => price(r[key]) });
    table(pb.querySelector('.prices'), { id: 'pricing-table', rows: pr.pricing, search: 'Filter models…', searchText: (r) => [r.model, r.provider, r.source].join(' '), columns: [
      { key: 'model', label: 'Model', head: true, cls: 'nowrap', html: (r) => `${esc(r.model)}${r.override ? ' <span class="tag ovr">your override</span>' : ''}<span class="sub">${esc(r.provider)}</span>` },
      { key: 'validFrom', label: 'Valid', cls: 'nowrap', html: range },
      money('input'), money('output'), money('cacheWrite5m'), money('cacheWrite1h'), money('cacheRead'),
      { key: 'longContext', label: 'Long context', cls: 'nowrap', value: (r) => (r.longContext ? r.longContext.aboveTokens : 0), html: (r) => tier(r.longContext) },
      { key: 'fastMultiplier', label: 'Fast', kind: 'num', html: (r) => (r.fastMultiplier ? `×${r.fastMultiplier}` : '—') },
      { key: 'source', label: 'Source', html: (r) => `<span class="note clip short" title="${esc(r.source)}">${esc(r.source.replace(/^bundled: /, ''))}</span>` },
    ] }, ctx.state);
    card(newGrid(el), { title: 'Theme & access' }).innerHTML = `<p>The theme toggle (top right) is remembered in this browser. When receipts runs with a token (<code>--token</code> or <code>RECEIPTS_TOKEN</code>), open the dashboard once as <code>http://host:port/#token=…</code>: the page keeps the token in this browser and sends it with every request.</p>`;
  },
};
