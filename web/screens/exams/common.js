// What the exams screens share (docs/exams.md): a session's window and its
// closing instant in the reader's calendar with a countdown, subject names
// from the session's pack, a registration's status in words, points in the
// reader's digits, and the one sender of registrations, which keeps its
// Idempotency-Key until the server has answered and waits out a 503.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, LANGS, currentLang } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { hasRole } from '../../lib/session.js';
import { dateInputToIso, asciiDigits } from '../../lib/text.js';
import { useGet, newKey } from '../admissions/common.js';

export { useGet, newKey };

export const isCandidate = (me) => hasRole(me, ['candidate']);
/** Who runs sessions: ministry and province officers (the API checks the office). */
export const isExamOffice = (me) => hasRole(me, ['ministry_admin', 'province_officer']);
/** The school exam officer: the school's administrator. */
export const isExamSchool = (me) => hasRole(me, ['school_admin']);

/**
 * An instant (RFC 3339) as date and time in the reader's calendar and
 * digits, in time zone TZ (the session's): Vietnamese as its official
 * papers write it, "17:00 ngày 13/05/2026"; Persian in the Solar Hijri
 * calendar with Persian digits; English "13 May 2026, 17:00".
 */
export function instant(iso, tz) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const zone = (() => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return tz || undefined; } catch { return undefined; } })();
  if (currentLang() === 'vi') {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
  }
  return new Intl.DateTimeFormat(LANGS[currentLang()].locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(d);
}

/**
 * A date typed in the reader's calendar (Solar Hijri in Persian) and a
 * time "HH:MM", as local time without an offset, which the API reads in
 * the session's zone; undefined when no date is typed.
 */
export function localInstant(dateText, timeText) {
  if (!String(dateText ?? '').trim()) return undefined;
  const iso = dateInputToIso(dateText, currentLang());
  const tm = asciiDigits(timeText).trim() || '00:00';
  return /^\d{1,2}:\d{2}$/.test(tm) ? `${iso}T${tm.padStart(5, '0')}:00.000` : `${iso}T${tm}`;
}

/** Where a session's window stands at NOW (ms): "upcoming", "open" or "closed". */
export function windowState(s, now = Date.now()) {
  if (now < Date.parse(s.opens_at)) return 'upcoming';
  if (now >= Date.parse(s.closes_at)) return 'closed';
  return 'open';
}

/** Milliseconds as "3 days 4 h 12 min" (seconds in the last minute), in the reader's digits. */
export function remaining(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return t('ex.left_dhm', { d: num(d), h: num(h), m: num(m) });
  if (h > 0) return t('ex.left_hm', { h: num(h), m: num(m) });
  if (m > 0) return t('ex.left_ms', { m: num(m), s: num(s % 60) });
  return t('ex.left_s', { s: num(s) });
}

/**
 * The window's closing instant in the reader's calendar and the session's
 * zone, with a countdown that ticks each second (the countdown is not
 * announced: the closing time is the words that matter).
 */
export function Closing({ session }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const state = windowState(session, now);
  const closes = instant(session.closes_at, session.time_zone);
  if (state === 'upcoming') {
    return html`<p class="exam-window"><span>${t('ex.opens_at', { opens: instant(session.opens_at, session.time_zone) })}</span>
      <span class="exam-countdown" aria-hidden="true">${remaining(Date.parse(session.opens_at) - now)}</span></p>`;
  }
  if (state === 'closed') return html`<p class="exam-window"><span>${t('ex.closed_at', { closes })}</span></p>`;
  return html`<p class="exam-window"><span id="exam-closes">${t('ex.closes_at', { closes })}</span>
    <span class="exam-countdown" aria-hidden="true">${t('ex.left', { left: remaining(Date.parse(session.closes_at) - now) })}</span></p>`;
}

/** A name from a {fa, vi, en} map in the reader's language (English, then any, when missing). */
export function named(names, fallback = '') {
  if (!names) return fallback;
  return names[currentLang()] ?? names.en ?? Object.values(names)[0] ?? fallback;
}

/** The name of subject CODE in PACK (a combined test names its parts). */
export function subjectName(pack, code) {
  const s = pack?.subjects?.find((x) => x.code === code);
  return s ? named(s.names, code) : code;
}

/** Points in hundredths or as the API's decimal string ("0.25") in the reader's digits. */
export function points(p) {
  if (p === null || p === undefined || p === '') return num(0);
  const n = typeof p === 'number' ? p / 100 : Number(p);
  return new Intl.NumberFormat(LANGS[currentLang()].locale, { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(n);
}

/** A registration's review status in words. */
export function statusText(status) {
  return { submitted: t('ex.status_submitted'), confirmed: t('ex.status_confirmed'), returned: t('ex.status_returned') }[status] ?? status;
}

/** The list separator of the reader's language. */
export function comma() {
  return currentLang() === 'fa' ? '، ' : ', ';
}

/** A person's full name as the registry holds it. */
export function fullName(p) {
  if (!p) return '';
  // Vietnamese puts the family name first; Persian and English the given name.
  const parts = currentLang() === 'vi' ? [p.family_name, p.given_name] : [p.given_name, p.family_name];
  return parts.filter(Boolean).join(' ');
}

/** Accept-Language for the API's own sentences (the closing time in the reader's calendar). */
export function langHeader() {
  return { 'accept-language': currentLang() };
}

// The keys of registrations not yet answered, by session, in localStorage:
// a reload, a crash or a 503 sends the same key again, so the server answers
// the first registration and never makes a second one.
const KEYS = 'tabula.exams.pending';

function pending() {
  try { return JSON.parse(localStorage.getItem(KEYS) ?? '{}') ?? {}; } catch { return {}; }
}

/** The Idempotency-Key of the registration for SESSION: the kept one, or a new one, kept. */
export function pendingKey(session) {
  const all = pending();
  if (all[session]) return all[session];
  const key = newKey();
  all[session] = key;
  try { localStorage.setItem(KEYS, JSON.stringify(all)); } catch { /* storage off: the key lives with the form */ }
  return key;
}

/** Forget SESSION's key: the server answered (a registration, or a refusal to fix). */
export function forgetKey(session) {
  const all = pending();
  delete all[session];
  try { localStorage.setItem(KEYS, JSON.stringify(all)); } catch { /* storage off */ }
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), at least 1, at most 60. */
export function retryDelay(header) {
  let s = Number(header);
  if (!Number.isFinite(s)) {
    const at = Date.parse(header ?? '');
    s = Number.isNaN(at) ? 2 : (at - Date.now()) / 1000;
  }
  return Math.min(60, Math.max(1, Math.ceil(s)));
}

/**
 * POST a registration for SESSION with BODY under its kept key; while the
 * server answers 503 (its admission queue full), wait Retry-After and send
 * again with the same key, telling onWait(seconds, attempt) each time.
 * Resolves with the first answer that is not a 503; the key is forgotten
 * when the server has answered (not on a network failure: the request may
 * have been made, so the next try must carry the same key).
 */
export async function sendRegistration(session, body, onWait, { path, signal, method = 'POST' } = {}) {
  // An edit (PUT) needs no key: a 503 means it was not admitted, so nothing was written.
  const key = method === 'POST' ? pendingKey(session) : null;
  for (let attempt = 1; ; attempt++) {
    const res = await api(method, path ?? `/api/v1/exams/sessions/${session}/registrations`, body, undefined,
      { ...(key ? { 'idempotency-key': key } : {}), ...langHeader() });
    if (res.status !== 503) {
      if (res.status !== 0 && key) forgetKey(session);
      return res;
    }
    const wait = retryDelay(res.retryAfter);
    onWait?.(wait, attempt);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    if (signal?.aborted) return res;
  }
}

/** Every page of a keyset-paged list (after, limit, next). */
export async function getAll(path) {
  const items = [];
  let after = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api('GET', `${path}${sep}limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    if (!res.ok) return res;
    items.push(...(res.json.items ?? []));
    if (!res.json.next) return { ok: true, json: { items } };
    after = res.json.next;
  }
}
