// A country's working time (GET /support/calendars/{country}?year=): the
// working week in the reader's week order (Saturday first in Persian) and
// the holidays of a year, their dates shown in the Solar Hijri or the
// Gregorian calendar as the reader picks (Solar Hijri by default in
// Persian), with the calendar each day is fixed on. A ministry
// administrator replaces a year's holidays with a file (PUT
// .../holidays/{year}, the format of data/support/holidays/).
import { html, useState } from '../../lib/html.js';
import { t, num, digits, currentLang, LANGS, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate, location_ } from '../../lib/router.js';
import { hasRole } from '../../lib/session.js';
import { Field, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, named } from './common.js';

const ORDER = { fa: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'], vi: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], en: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };
const ANCHOR = { sun: 4, mon: 5, tue: 6, wed: 7, thu: 8, fri: 9, sat: 10 }; // days of January 1970

function dayName(d) {
  return new Intl.DateTimeFormat(LANGS[currentLang()].locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(1970, 0, ANCHOR[d])));
}

/** A civil date (YYYY-MM-DD) in calendar CA (persian | gregory), in the reader's language and digits. */
function dayIn(iso, ca) {
  const base = LANGS[currentLang()].locale.replace(/-u-ca-\w+$/, '');
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(`${base}-u-ca-${ca}`, { dateStyle: 'full', timeZone: 'UTC' }).format(d);
}

function calendarText(c) {
  return { solar_hijri: t('su.cal_solar_hijri'), lunar_hijri: t('su.cal_lunar_hijri'), gregorian: t('su.cal_gregorian'),
    lunisolar: t('su.cal_lunisolar') }[c] ?? c;
}

function Upload({ country, year, onDone }) {
  const [file, setFile] = useState(null);
  const [msg, setMsg] = useState(null);
  async function send(e) {
    e.preventDefault();
    if (!file) return;
    const r = await api('PUT', `/api/v1/support/calendars/${country}/holidays/${year}`, file, 'application/json');
    setMsg(r.ok ? { kind: 'ok', text: t('su.cal_loaded') } : { kind: 'error', text: problemText(r.problem) });
    if (r.ok) onDone();
  }
  return html`<form class="su-cal-upload" onSubmit=${send}>
    <h2>${t('su.cal_upload')}</h2>
    <div class="field"><label for="su-cal-file">${t('su.cal_file', { year: digits(year) })}</label>
      <input type="file" id="su-cal-file" accept="application/json,.json" onChange=${(e) => setFile(e.currentTarget.files[0] ?? null)} /></div>
    ${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}
    <p class="actions"><button type="submit">${t('su.cal_replace')}</button></p></form>`;
}

export function Calendars({ me, country: c0 }) {
  const q = location_().query;
  const country = (c0 ?? q.get('country') ?? (me?.roles?.find((r) => r.org)?.org ?? 'IR')).slice(0, 2).toUpperCase();
  const thisYear = country === 'IR' ? Number(new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { year: 'numeric' }).format(new Date()).replace(/\D.*$/, ''))
    : new Date().getUTCFullYear();
  const year = Number(q.get('year') ?? thisYear);
  const [ca, setCa] = useState(currentLang() === 'fa' ? 'persian' : 'gregory');
  const [n, setN] = useState(0);
  const [res] = useGet(`/api/v1/support/calendars/${country}?year=${year}${n ? `&v=${n}` : ''}`);
  const go = (c, y) => navigate(`/support/calendars/${c}?year=${y}`);
  const admin = hasRole(me, ['ministry_admin']);
  const lang = currentLang();
  return html`
    <section class="card su-calendars">
      <${Title}>${t('su.calendars')}<//>
      <div class="inline su-filters">
        <${Field} id="su-cal-country" label=${t('su.country')} value=${country} onInput=${(v) => go(v, v === 'IR' ? 1405 : new Date().getUTCFullYear())}
          options=${[['IR', t('country.IR')], ['VN', t('country.VN')]]} />
        <${Field} id="su-cal-year" label=${t('su.year')} value=${String(year)} onInput=${(v) => go(country, v)}
          options=${[year - 1, year, year + 1].map((y) => [String(y), digits(y)])} />
        <${Field} id="su-cal-ca" label=${t('su.cal_show_in')} value=${ca} onInput=${setCa}
          options=${[['persian', t('su.cal_solar_hijri')], ['gregory', t('su.cal_gregorian')]]} />
      </div>
      ${!res ? html`<${Loading} />` : !res.ok ? html`<${Notice} kind="error">${problemText(res.problem)}<//>` : html`
        <p class="meta">${t('su.time_zone')}: <bdi dir="ltr">${res.json.time_zone}</bdi></p>
        <h2>${t('su.week')}</h2>
        <div class="table-wrap"><table class="su-week">
          <thead><tr><th scope="col">${t('su.day')}</th><th scope="col">${t('su.hours_col')}</th></tr></thead>
          <tbody>${(ORDER[lang] ?? ORDER.en).map((d) => {
            const spans = res.json.week?.[d] ?? [];
            return html`<tr class=${spans.length ? '' : 'su-off'}><th scope="row">${dayName(d)}</th>
              <td>${spans.length ? spans.map(([a, b]) => digits(`${a}–${b}`)).join(lang === 'fa' ? '، ' : ', ') : t('su.day_off')}</td></tr>`;
          })}</tbody></table></div>
        <h2>${t('su.holidays_of', { year: digits(year) })}</h2>
        ${!(res.json.holidays ?? []).length ? html`<p>${t('su.no_holidays')}</p>` : html`
        <p class="meta" role="status">${t('su.shown', { n: num(res.json.holidays.length) })}</p>
        <div class="table-wrap"><table class="su-holidays">
          <thead><tr><th scope="col">${t('su.date')}</th><th scope="col">${t('su.holiday')}</th><th scope="col">${t('su.fixed_on')}</th></tr></thead>
          <tbody>${res.json.holidays.map((h) => html`<tr><td>${dayIn(h.date, ca)}</td><th scope="row"><bdi>${named(h.names, h.date)}</bdi></th>
            <td>${calendarText(h.calendar)}</td></tr>`)}</tbody></table></div>`}
        ${admin && html`<${Upload} country=${country} year=${year} onDone=${() => setN((x) => x + 1)} />`}`}
    </section>`;
}
