// The one way the app talks to the API: same-origin fetch with the session
// cookie (never a token in storage), X-CSRF-Token from the tabula_csrf cookie
// on every POST/PUT/PATCH/DELETE, JSON in and out. Answers are
// { status, ok, json, problem }: problem is the RFC 9457 body of a failure.
let csrfFromLogin = null;
const listeners = new Set();

/** Called with (status, problem) whenever the session ended or must change its password. */
export function onSessionProblem(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Remember the CSRF token a login answer carried (the cookie wins when present). */
export function setCsrf(token) {
  csrfFromLogin = token ?? null;
}

// The session cookie is HttpOnly, so the page cannot see it. A flag (not a
// token) in localStorage says "a session may exist", so that a first visit
// does not ask GET /auth/me only to be told 401.
const HINT = 'tabula.signed_in';

/** Whether a session may exist: the CSRF cookie or our flag is there. */
export function maySignedIn() {
  if (cookie('tabula_csrf')) return true;
  try { return localStorage.getItem(HINT) === '1'; } catch { return true; }
}

export function setSignedIn(yes) {
  try { if (yes) localStorage.setItem(HINT, '1'); else localStorage.removeItem(HINT); } catch { /* storage off */ }
}

/**
 * METHOD PATH with BODY: an object (sent as JSON), a string (sent as
 * CONTENT_TYPE), a Blob or File (sent as its bytes, with its own type unless
 * CONTENT_TYPE is given), or undefined; EXTRA headers are added (e.g.
 * Idempotency-Key). Never throws: a network failure is status 0. The
 * answer's Retry-After header (a 503 under load, a 429) is retryAfter.
 */
export async function api(method, path, body, contentType, extra = {}) {
  const headers = { accept: 'application/json, application/problem+json', ...extra };
  if (!['GET', 'HEAD'].includes(method)) {
    const csrf = cookie('tabula_csrf') ?? csrfFromLogin;
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let payload;
  if (typeof body === 'string') {
    headers['content-type'] = contentType ?? 'text/plain';
    payload = body;
  } else if (typeof Blob !== 'undefined' && body instanceof Blob) {
    headers['content-type'] = contentType ?? (body.type || 'application/octet-stream');
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    return { status: 0, ok: false, json: null, problem: { code: 'network' } };
  }
  let json = null;
  if (res.status !== 204) {
    const text = await res.text();
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  }
  const ok = res.status >= 200 && res.status < 300;
  const problem = ok ? null : (json ?? { status: res.status, code: 'http_' + res.status });
  if (!ok && !['/api/v1/auth/login', '/api/v1/auth/redeem', '/api/v1/auth/me'].includes(path) &&
      (res.status === 401 || problem?.code === 'password_change_required')) {
    for (const fn of listeners) fn(res.status, problem);
  }
  return { status: res.status, ok, json, problem, retryAfter: res.headers.get('retry-after') };
}
