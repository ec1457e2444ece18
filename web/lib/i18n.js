// Strings, direction and number/date formats for fa, vi and en. The strings
// are web/i18n/LANG.json; t(key, vars) looks one up and fills {name} places.
// Persian is right-to-left, uses Persian digits and the Solar Hijri calendar.
import { asciiDigits } from './text.js';
import { enumKey } from './enums.js';

export const LANGS = {
  fa: { dir: 'rtl', name: 'فارسی', locale: 'fa-IR-u-ca-persian' },
  vi: { dir: 'ltr', name: 'Tiếng Việt', locale: 'vi-VN' },
  en: { dir: 'ltr', name: 'English', locale: 'en-GB' },
};

let lang = 'fa';
let strings = {};

export function currentLang() { return lang; }

/** The language the page asks for: ?lang=, then the last choice, then Persian. */
export function pickLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LANGS[q]) return q;
  let saved = null;
  try { saved = localStorage.getItem('lang'); } catch { /* storage off */ }
  return saved && LANGS[saved] ? saved : 'fa';
}

/** Load LANG's strings and set <html lang dir>. */
export async function loadLang(next) {
  const res = await fetch(`/i18n/${next}.json`, { credentials: 'same-origin' });
  strings = await res.json();
  lang = next;
  document.documentElement.lang = next;
  document.documentElement.dir = LANGS[next].dir;
  try { localStorage.setItem('lang', next); } catch { /* storage off */ }
  document.title = strings['app.name'];
}

/** The string for KEY with {name} places filled from VARS. */
export function t(key, vars) {
  let s = strings[key];
  if (s === undefined) {
    console.warn(`i18n: no "${key}" in ${lang}`);
    return key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** The label of an enum value (ENUMS in enums.js); the raw value when unknown. */
export function label(prefix, value) {
  if (value === null || value === undefined) return '';
  return strings[enumKey(prefix, value)] ?? String(value);
}

/** Whether the current language has KEY. */
export function has(key) {
  return key in strings;
}

/**
 * A problem (RFC 9457) as a sentence for the reader: the translation of its
 * code when there is one, else the API's own detail, else a generic line.
 */
export function problemText(problem) {
  if (problem?.code && has(`error.${problem.code}`)) return t(`error.${problem.code}`);
  return problem?.detail || t('error.generic');
}

function locale() { return LANGS[lang].locale; }

/** A number in the language's digits and grouping. */
export function num(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A percentage 0..100, e.g. "۴۵٪" or "45%". */
export function percent(n) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}

/** Digits of an id or code in the language's digits (ids stay left-to-right). */
export function digits(s) {
  if (s === null || s === undefined) return '';
  if (lang !== 'fa') return String(s);
  return String(s).replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c)));
}

/** An ISO date (YYYY-MM-DD) in the language's calendar: Solar Hijri in Persian. */
export function date(iso) {
  if (!iso) return '';
  const d = new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** An ISO timestamp as date and time, in the reader's time zone. */
export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Today's date in ISO form, for date inputs' defaults. */
export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

/** A form value as the API wants it: ASCII digits, trimmed. */
export function clean(v) {
  return asciiDigits(v).trim();
}

/** An ISO date as a person types it in this language: Solar Hijri "1394/01/13" in Persian. */
export function dateForInput(iso) {
  if (!iso || lang !== 'fa') return iso ?? '';
  const d = new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-u-ca-persian-nu-latn',
    { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(d).map((x) => [x.type, x.value]));
  return `${parseInt(p.year, 10)}/${p.month}/${p.day}`;
}

/** The school year running today, e.g. "2026-2027" (years start in September). */
export function currentSchoolYear() {
  const now = new Date();
  const y = now.getUTCFullYear() - (now.getUTCMonth() < 8 ? 1 : 0);
  return `${y}-${y + 1}`;
}
