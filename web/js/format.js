// Number formatting shared by every page (and by the browser tests, which format the CLI's
// totals with these same functions before comparing).
const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

// $1,234 · $12.34 · $0.42 · <$0.01 · $0.00
export function usd(x) {
  const v = Number(x) || 0;
  if (Math.abs(v) >= 1000) return usd0.format(v);
  if (v !== 0 && Math.abs(v) < 0.005) return v > 0 ? '<$0.01' : '>−$0.01';
  return usd2.format(v);
}
// The exact value, for title attributes: every digit the API sent.
export function usdExact(x) {
  const v = Number(x) || 0;
  const s = String(v);
  return '$' + (s.includes('e') ? v.toFixed(9) : s);
}
// 1.2K · 34.5M · 812
export function num(n) {
  const v = Number(n) || 0;
  return Math.abs(v) < 1000 ? whole.format(v) : compact.format(v);
}
export function exact(n) { return whole.format(Number(n) || 0); }
export function bytes(n) {
  let v = Number(n) || 0;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return (i === 0 ? whole.format(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
}
export function pct(x, digits = 1) {
  const v = Number(x) || 0;
  if (v > 0 && v < 0.1) return '<0.1%';
  return v.toFixed(digits) + '%';
}
const dayFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayYearFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
// "2026-10-24" → "Oct 24"
export function day(ymd, withYear = false) {
  if (!ymd) return '';
  const d = new Date(ymd + 'T00:00:00Z');
  if (isNaN(d)) return ymd;
  return (withYear ? dayYearFmt : dayFmt).format(d);
}
// An ISO instant → "Oct 24, 18:27" in the browser's zone.
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return d.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!isFinite(s)) return iso;
  if (s < 5) return 'just now';
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}
