// What the support screens share (docs/support.md): who is support staff,
// a ticket's status and history in words, its instants in the ticket's
// country zone and the reader's calendar, and the working time left before
// a deadline, counted in the country's working week and holidays (the same
// rule as src/domain/support/clock.c, for display only: the API decides).
import { html } from '../../lib/html.js';
import { t, num, currentLang } from '../../lib/i18n.js';
import { hasRole } from '../../lib/session.js';
import { useGet, instant, named, newKey } from '../exams/common.js';

export { useGet, instant, named, newKey };

/** The roles whose holders answer tickets at the org of their grant (and below). */
export const SUPPORT_ROLES = ['support_agent', 'school_admin', 'district_officer', 'province_officer', 'ministry_admin'];

export const isSupportStaff = (me) => hasRole(me, SUPPORT_ROLES);

/** The orgs ME is support staff of (codes; a national administrator has none). */
export function staffOrgs(me) {
  const out = [];
  for (const r of me?.roles ?? []) {
    if (SUPPORT_ROLES.includes(r.role) && r.org && !out.includes(r.org)) out.push(r.org);
  }
  return out;
}

/** The country of an org code (IR-THR-S0101 -> IR). */
export function countryOf(code) {
  return String(code ?? '').slice(0, 2).toUpperCase();
}

const ZONES = { IR: 'Asia/Tehran', VN: 'Asia/Ho_Chi_Minh' };
/** Minutes east of UTC of the fixed zones the calendars use (Iran has had no DST since 2022). */
const OFFSETS = { 'Asia/Tehran': 210, 'Asia/Ho_Chi_Minh': 420 };

/** The time zone of a country's tickets. */
export function zoneOf(country) {
  return ZONES[country] ?? undefined;
}

/** An instant of a ticket in its country's zone, in the reader's calendar and digits. */
export function when(iso, ticket) {
  return instant(iso, zoneOf(countryOf(ticket?.org?.code ?? ticket?.origin?.code)));
}

const STATUS = () => ({
  open: t('su.status_open'), answered: t('su.status_answered'), waiting: t('su.status_waiting'),
  resolved: t('su.status_resolved'), closed: t('su.status_closed'),
});

/** A ticket's status in words. */
export function statusText(s) {
  return STATUS()[s] ?? s;
}

/** A status as a tag (words, not colour alone). */
export function StatusTag({ status }) {
  return html`<span class=${`tag su-status su-status-${status}`}>${statusText(status)}</span>`;
}

/** A level (an org's kind) in words. */
export function levelText(level) {
  return { school: t('su.level_school'), district: t('su.level_district'), province: t('su.level_province'),
    ministry: t('su.level_ministry') }[level] ?? level;
}

/** An event of a ticket's history in words. */
export function eventText(e) {
  const from = e.from?.name ?? e.from?.code ?? e.from ?? '';
  const to = e.to?.name ?? e.to?.code ?? e.to ?? '';
  switch (e.kind) {
    case 'created': return t('su.ev_created', { to });
    case 'escalated': return e.by ? t('su.ev_escalated_by', { from, to }) : t('su.ev_escalated_sweep', { from, to });
    case 'sent_back': return t('su.ev_sent_back', { from, to });
    case 'breached': return t('su.ev_breached');
    case 'status': return t('su.ev_status', { status: statusText(e.status) });
    default: return e.status ? t('su.ev_status', { status: statusText(e.status) }) : String(e.kind);
  }
}

/** A category's name in the reader's language. */
export function categoryName(c) {
  if (!c) return '';
  return named(c.names, c.code);
}

/** Items of a list answer ({items} or a bare array). */
export function itemsOf(res) {
  if (!res?.ok) return [];
  const j = res.json;
  return Array.isArray(j) ? j : (j?.items ?? []);
}

// ---- working time ----

const DAY = 86400000;
const WDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutes(hhmm) {
  if (typeof hhmm === 'number') return hhmm;
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(hhmm));
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** A calendar answer (GET /support/calendars/{c}) as offset, week intervals in minutes and holiday dates. */
export function calendarOf(json) {
  if (!json) return null;
  const offset = OFFSETS[json.time_zone] ?? (json.country === 'IR' ? 210 : 420);
  const week = WDAYS.map((d) => (json.week?.[d] ?? []).map(([a, b]) => [minutes(a), minutes(b)]));
  return { offset, week, holidays: new Set((json.holidays ?? []).map((h) => h.date)) };
}

/** Working milliseconds in [a, b) in calendar CAL (0 when b <= a). */
export function workingBetween(cal, a, b) {
  if (!cal || b <= a) return 0;
  const off = cal.offset * 60000;
  let total = 0;
  for (let day = Math.floor((a + off) / DAY); day <= Math.floor((b + off) / DAY); day++) {
    const iso = new Date(day * DAY).toISOString().slice(0, 10);
    if (cal.holidays.has(iso)) continue;
    const wd = (new Date(day * DAY).getUTCDay());
    for (const [s, e] of cal.week[wd]) {
      const from = Math.max(a, day * DAY + s * 60000 - off);
      const to = Math.min(b, day * DAY + e * 60000 - off);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** Working time in words: "3.5 working hours" or "40 working minutes". */
export function workingText(ms) {
  const min = Math.round(ms / 60000);
  if (min < 60) return t('su.work_minutes', { n: num(min) });
  return t('su.work_hours', { n: num(Math.round(min / 6) / 10) });
}

/** The next due instant of a ticket (the earlier of its two), or null. */
export function nextDue(ticket) {
  const ds = [ticket?.due?.first_answer, ticket?.due?.resolve].filter(Boolean).map((d) => Date.parse(d));
  return ds.length ? Math.min(...ds) : null;
}

/** A ticket's deadline as the queue says it: an overdue badge, or "in 3 working hours". */
export function DueBadge({ ticket, cal, now = Date.now() }) {
  if (ticket.breached) return html`<span class="tag su-overdue">${t('su.breached')}</span>`;
  const due = nextDue(ticket);
  if (ticket.overdue || (due !== null && due <= now)) return html`<span class="tag su-overdue">${t('su.overdue')}</span>`;
  if (due === null) return html`<span class="meta">${t('su.no_due')}</span>`;
  return html`<span class="su-due">${cal ? t('su.due_in', { left: workingText(workingBetween(cal, now, due)) })
    : t('su.due_at', { at: when(new Date(due).toISOString(), ticket) })}</span>`;
}

/** Overdue first, then by the next deadline, then newest. */
export function queueOrder(a, b) {
  const oa = a.overdue || a.breached ? 0 : 1, ob = b.overdue || b.breached ? 0 : 1;
  if (oa !== ob) return oa - ob;
  const da = nextDue(a) ?? Infinity, db = nextDue(b) ?? Infinity;
  if (da !== db) return da - db;
  return Number(b.id) - Number(a.id);
}

/** An article's title and body in the reader's language, whatever shape the API sends. */
export function articleText(a) {
  if (!a) return { title: '', body: '' };
  const lang = currentLang();
  const tx = a.texts?.[lang] ?? a.texts?.en ?? (a.texts ? Object.values(a.texts)[0] : null);
  return { title: a.title ?? tx?.title ?? a.slug, body: a.body ?? tx?.body ?? '', excerpt: a.excerpt ?? a.snippet ?? null };
}

/** Plain text as paragraphs (blank lines split them; no markup is read). */
export function Paragraphs({ text, cls }) {
  const parts = String(text ?? '').split(/\n\s*\n/).filter((p) => p.trim());
  return html`<div class=${cls ?? 'su-text'}>${parts.map((p) => html`<p dir="auto">${p.split('\n').map((line, i) => html`${i > 0 && html`<br />`}${line}`)}</p>`)}</div>`;
}

/** Bytes in the reader's digits and units. */
export function size(n) {
  if (n < 1024) return t('su.bytes', { n: num(n) });
  if (n < 1048576) return t('su.kb', { n: num(Math.round(n / 102.4) / 10) });
  return t('su.mb', { n: num(Math.round(n / 104857.6) / 10) });
}
