// What the admissions screens share: a round's facts, the names of its
// schools, an application's state in words, instants typed in the reader's
// calendar, the ranking of a placement (docs/admissions.md).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, digits, dateTime, dateForInput, currentLang } from '../../lib/i18n.js';
import { dateInputToIso, asciiDigits } from '../../lib/text.js';
import { api } from '../../lib/api.js';

/** GET PATH once per change of PATH: null while asking, then the api() answer. */
export function useGet(path) {
  const [res, setRes] = useState(null);
  useEffect(() => {
    let live = true;
    setRes(null);
    if (path) api('GET', path).then((r) => { if (live) setRes(r); });
    return () => { live = false; };
  }, [path]);
  return [res, setRes];
}

/** Every page of a keyset-paged list (after, limit), for the totals of a results page. */
export async function getAll(path) {
  const items = [];
  let after = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api('GET', `${path}${sep}limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    if (!res.ok) return res;
    items.push(...res.json.items);
    if (!res.json.next) return { ok: true, json: { items } };
    after = res.json.next;
  }
}

/** A school's name in the round (its code when unknown), with the code beside it. */
export function SchoolName({ round, code }) {
  const s = round?.schools?.find((x) => x.code === code);
  return html`<span class="school-name"><bdi>${s ? s.name : code}</bdi>${s && html` <bdi class="code" dir="ltr">${code}</bdi>`}</span>`;
}

/** The school's name as plain text (for labels and announcements). */
export function schoolText(round, code) {
  return round?.schools?.find((x) => x.code === code)?.name ?? code;
}

/** A round's status in words. */
export function roundStatus(r) {
  if (r.run_at) return t('adm.round_placed');
  if (r.sealed_at) return t('adm.round_sealed');
  return { upcoming: t('adm.round_upcoming'), open: t('adm.round_open'), closed: t('adm.round_closed') }[r.status] ?? r.status;
}

/** Where an application stands, in words, from itself and its round. */
export function applicationState(a, round) {
  if (a.placement) {
    return a.placement.school
      ? t('adm.state_placed', { school: schoolText(round, a.placement.school) })
      : t('adm.state_unplaced');
  }
  if (!round) return t('adm.state_received');
  if (round.status === 'open') return t('adm.state_open', { closes: dateTime(round.closes_at) });
  if (round.sealed_at) return t('adm.state_sealed');
  return t('adm.state_closed');
}

/** A priority group and lottery number in words: "group 2, number 341…". */
export function rankText(x) {
  if (!x) return t('adm.nobody_admitted');
  const lottery = digits(x.lottery);
  return x.group === null || x.group === undefined
    ? t('adm.rank_nogroup', { lottery })
    : t('adm.rank_group', { group: num(x.group), lottery });
}

/** An RFC 3339 instant as the local date (in the reader's calendar) and time for a form. */
export function instantToInputs(iso) {
  if (!iso) return { date: '', time: '' };
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return { date: dateForInput(local), time: digits(`${p(d.getHours())}:${p(d.getMinutes())}`) };
}

/**
 * A date and time typed in the form (Solar Hijri in Persian, any digits) to
 * the API's instant, in the reader's time zone; what does not parse is
 * passed as typed, so that the API's 422 names the field.
 */
export function inputsToInstant(date, time) {
  const iso = dateInputToIso(date, currentLang());
  const tm = /^(\d{1,2}):(\d{2})$/.exec(asciiDigits(time).trim() || '00:00');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !tm) return `${iso}T${asciiDigits(time).trim()}`;
  const d = new Date(`${iso}T${tm[1].padStart(2, '0')}:${tm[2]}:00`);
  if (Number.isNaN(d.getTime())) return `${iso}T${asciiDigits(time).trim()}`;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A key for Idempotency-Key: random, made once per form. */
export function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The SHA-256 of BYTES (an ArrayBuffer) in hex, or null where the browser has no SubtleCrypto. */
export async function sha256Hex(bytes) {
  if (!globalThis.crypto?.subtle) return null;
  const h = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(h)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Whether ME may change rounds: an officer (the API checks the office). */
export const ORG_OFFICERS = ['ministry_admin', 'province_officer', 'district_officer'];
