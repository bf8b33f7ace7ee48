// The one way the page talks to the server: the JSON API, with the token if there is one.
const TOKEN_KEY = 'receipts.token';

export function token() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    const t = decodeURIComponent(m[1]);
    try { localStorage.setItem(TOKEN_KEY, t); } catch (e) { /* private mode */ }
    history.replaceState(history.state, '', location.pathname + location.search);
    return t;
  }
  try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
}

const tok = token();

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function getJson(path) {
  const headers = { Accept: 'application/json' };
  if (tok) headers.Authorization = 'Bearer ' + tok;
  const res = await fetch(path, { headers, cache: 'no-store' });
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || res.statusText);
  return body;
}

export function report(name, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const qs = q.toString();
  return getJson('/api/v1/reports/' + encodeURIComponent(name) + (qs ? '?' + qs : ''));
}

export function status() { return getJson('/api/v1/status'); }
export function pricing() { return getJson('/api/v1/pricing'); }

export function events() {
  return new EventSource('/api/v1/events' + (tok ? '?token=' + encodeURIComponent(tok) : ''));
}
