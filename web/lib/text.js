// Text helpers with no imports, so node's tests can load them directly.

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; everything else as is. */
export function asciiDigits(s) {
  return String(s ?? '').replace(/[\u06F0-\u06F9\u0660-\u0669]/g,
    (c) => String(c.charCodeAt(0) & 0xf));
}

/**
 * A decimal number as a person types it, in ASCII: Persian and Arabic-Indic
 * digits, the Persian decimal separator (٫, U+066B) and a decimal comma (as
 * Vietnamese writes 8,5) become 8.5. Spaces go.
 */
export function asciiDecimal(s) {
  return asciiDigits(s).replace(/\s+/g, '').replace(/[\u066B,]/g, '.');
}

/**
 * A typed score as the API takes it: null when empty (erases), a number
 * when it reads as one, else the text itself, so that the API's 422 names
 * the cell and says what is wrong (range and decimals are the API's rules).
 */
export function scoreValue(s) {
  const v = asciiDecimal(s);
  if (v === '') return null;
  return /^(\d+(\.\d*)?|\.\d+)$/.test(v) ? Number(v) : v;
}

/** ASCII digits to Persian ones (for ids and codes shown in Persian). */
export function persianDigits(s) {
  return String(s ?? '').replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c)));
}

function div(a, b) { return Math.trunc(a / b); }

// The Solar Hijri (Jalali) calendar, by the arithmetic of jalaali-js
// (Borkowski's breaks); it agrees with Intl's "persian" calendar for the
// years a school registry meets (tests/web/text.test.mjs checks 1300–1500).
const BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
  2262, 2324, 2394, 2456, 3178];

function jalCal(jy) {
  let jp = BREAKS[0], jump = 0, leapJ = -14;
  let jm;
  for (let i = 1; i < BREAKS.length; i++) {
    jm = BREAKS[i];
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(jump % 33, 4);
    jp = jm;
  }
  let n = jy - jp;
  leapJ += div(n, 33) * 8 + div((n % 33) + 3, 4);
  if (jump % 33 === 4 && jump - n === 4) leapJ += 1;
  const gy = jy + 621;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = ((((n + 1) % 33) - 1) % 4);
  if (leap === -1) leap = 4;
  return { leap, gy, march };
}

function g2d(gy, gm, gd) {
  let d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * ((gm + 9) % 12) + 2, 5) + gd - 34840408;
  d = d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  return d;
}

function d2g(jdn) {
  let j = 4 * jdn + 139361631;
  j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
  const i = div(j % 1461, 4) * 5 + 308;
  const gd = div(i % 153, 5) + 1;
  const gm = (div(i, 153) % 12) + 1;
  const gy = div(j, 1461) - 100100 + div(8 - gm, 6);
  return [gy, gm, gd];
}

/** Solar Hijri year, month, day to an ISO date (YYYY-MM-DD), or null when impossible. */
export function jalaliToIso(jy, jm, jd) {
  if (!(jm >= 1 && jm <= 12 && jd >= 1 && jd <= 31) || (jm > 6 && jd > 30)) return null;
  const r = jalCal(jy);
  if (jm === 12 && jd === 30 && r.leap !== 0) return null;
  const jdn = g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  const [gy, gm, gd] = d2g(jdn);
  return `${String(gy).padStart(4, '0')}-${String(gm).padStart(2, '0')}-${String(gd).padStart(2, '0')}`;
}

/**
 * A date typed by a person to ISO: "2015-04-02" as is; in Persian, a Solar
 * Hijri date "1394/01/13" (or with dashes, in any digits) is converted.
 * Returns the ISO string, or the input (normalised) when it does not parse,
 * so that the API's own message about the field is shown.
 */
export function dateInputToIso(value, lang) {
  const v = asciiDigits(value).trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (!m) return v;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (lang === 'fa' && y < 1700) return jalaliToIso(y, mo, d) ?? v;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
