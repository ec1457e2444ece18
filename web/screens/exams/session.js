// A session for its office (/exams/sessions/:id): the window, councils and
// sites; the registrations counted per day and per status (a chart with
// its table); after closing, room assignment and its summary per site and
// room; the score import; the publication instant of the results; the
// pending re-marking requests to decide (remarks.js).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, date, digits, problemText, LANGS, currentLang } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, getAll, Closing, windowState, instant, statusText, langHeader, localInstant } from './common.js';
import { ExamRemarks } from './remarks.js';

const STATUSES = ['submitted', 'confirmed', 'returned'];

/** Registrations per day (the day of creation, in the session's zone) and per status. */
export function tally(items, tz) {
  const days = new Map();
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: tz || undefined, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (const r of items) {
    const day = r.created_at ? fmt.format(new Date(r.created_at)) : '?';
    days.set(day, (days.get(day) ?? 0) + 1);
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  return { days: [...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)), byStatus };
}

/** A horizontal bar of VALUE out of MAX (mirrored in right-to-left), labelled for screen readers. */
function Bar({ value, max, label }) {
  const rtl = LANGS[currentLang()].dir === 'rtl';
  const share = max > 0 ? Math.min(value / max, 1) : 0;
  return html`<svg class="fill-bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label=${label} focusable="false">
    <rect class="fill-track" x="0" y="0" width="100" height="12" />
    <rect class="fill-done" x=${rtl ? 100 - share * 100 : 0} y="0" width=${share * 100} height="12" /></svg>`;
}

function Counts({ session }) {
  const [res, setRes] = useState(null);
  useEffect(() => { getAll(`/api/v1/exams/sessions/${session.id}/registrations`).then(setRes); }, [session.id]);
  if (!res) return html`<${Loading} />`;
  if (!res.ok) return html`<${Notice} kind="error">${problemText(res.problem)}<//>`;
  const { days, byStatus } = tally(res.json.items, session.time_zone);
  const maxDay = Math.max(1, ...days.map(([, n]) => n));
  const total = res.json.items.length;
  return html`
    <section class="card" aria-labelledby="exam-counts-h">
      <h2 id="exam-counts-h">${t('ex.counts')}</h2>
      <dl class="facts"><div><dt>${t('ex.total')}</dt><dd class="big-count" id="exam-total">${num(total)}</dd></div>
        ${STATUSES.map((st) => html`<div><dt>${statusText(st)}</dt><dd class="big-count" id=${`exam-total-${st}`}>${num(byStatus[st] ?? 0)}</dd></div>`)}</dl>
      <div class="table-wrap"><table class="exam-statuses">
        <caption>${t('ex.per_status')}</caption>
        <thead><tr><th scope="col">${t('ex.status')}</th><th scope="col" class="n">${t('ex.registrations')}</th><th scope="col" class="fill-col">${t('ex.chart')}</th></tr></thead>
        <tbody>${STATUSES.map((st) => html`<tr><th scope="row">${statusText(st)}</th><td class="n">${num(byStatus[st] ?? 0)}</td>
          <td class="fill-col"><${Bar} value=${byStatus[st] ?? 0} max=${Math.max(1, total)} label=${t('ex.day_count', { day: statusText(st), n: num(byStatus[st] ?? 0) })} /></td></tr>`)}</tbody>
      </table></div>
      <div class="table-wrap"><table class="exam-days">
        <caption>${t('ex.per_day')}</caption>
        <thead><tr><th scope="col">${t('ex.day')}</th><th scope="col" class="n">${t('ex.registrations')}</th><th scope="col" class="fill-col">${t('ex.chart')}</th></tr></thead>
        <tbody>${days.map(([d, n]) => html`<tr><th scope="row">${date(d)}</th><td class="n">${num(n)}</td>
          <td class="fill-col"><${Bar} value=${n} max=${maxDay} label=${t('ex.day_count', { day: date(d), n: num(n) })} /></td></tr>`)}</tbody>
      </table></div>
    </section>`;
}

function Rooms({ session }) {
  // The summary exists once the rooms are assigned (assigned_at).
  const [rooms, setRooms] = useGet(session.assigned_at ? `/api/v1/exams/sessions/${session.id}/rooms` : null);
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  const closed = windowState(session) === 'closed';
  async function assign() {
    if (busy) return;
    setBusy(true);
    setMsg({ kind: 'info', text: t('ex.assigning') });
    const res = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, {}, undefined, langHeader());
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: t('ex.assigned_n', { candidates: num(res.json.candidates), rooms: num(res.json.rooms), sites: num(res.json.sites), changed: num(res.json.changed ?? 0) }) });
    setRooms(await api('GET', `/api/v1/exams/sessions/${session.id}/rooms`));
  }
  const list = rooms?.ok ? (rooms.json.items ?? rooms.json.rooms ?? []) : [];
  return html`
    <section class="card" aria-labelledby="exam-rooms-h">
      <h2 id="exam-rooms-h">${t('ex.rooms')}</h2>
      <p class="hint">${t('ex.rooms_hint')}</p>
      <p class="actions"><button type="button" id="exam-assign" disabled=${!closed} aria-disabled=${busy ? 'true' : undefined} onClick=${assign}>${t('ex.assign')}</button>
        ${!closed && html`<span class="hint">${t('ex.assign_after')}</span>`}</p>
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
      ${list.length > 0 && html`<div class="table-wrap"><table class="exam-rooms">
        <thead><tr><th scope="col">${t('ex.site')}</th><th scope="col" class="n">${t('ex.room')}</th><th scope="col" class="n">${t('ex.candidates')}</th>
          <th scope="col">${t('ex.numbers')}</th></tr></thead>
        <tbody>${list.map((r) => html`<tr><th scope="row"><bdi>${r.site_name ?? r.site}</bdi></th><td class="n">${num(r.room)}</td>
          <td class="n">${num(r.candidates ?? r.count ?? 0)}</td><td><bdi dir="ltr">${digits(r.first_number)}–${digits(r.last_number)}</bdi></td></tr>`)}</tbody>
      </table></div>`}
    </section>`;
}

function Scores({ session }) {
  const [file, setFile] = useState(null);
  const [msg, setMsg] = useState(null);
  const [rows, setRows] = useState([]);
  async function upload(e) {
    e.preventDefault();
    if (!file) return setMsg({ kind: 'error', text: t('ex.choose_file_first') });
    setMsg({ kind: 'info', text: t('ex.uploading') });
    const type = /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
    const res = await api('POST', `/api/v1/exams/sessions/${session.id}/scores`, file, type, langHeader());
    setRows(res.problem?.errors ?? []);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: t('ex.scores_imported', { n: num(res.json?.rows ?? 0) }) });
  }
  return html`
    <section class="card" aria-labelledby="exam-scores-h">
      <h2 id="exam-scores-h">${t('ex.scores')}</h2>
      <p class="hint">${t('ex.scores_hint')}</p>
      <form class="inline adm-upload" onSubmit=${upload}>
        <div class="field"><label for="exam-scores-file">${t('ex.choose_file')}</label>
          <input type="file" id="exam-scores-file" accept=".csv,.xlsx,text/csv" onChange=${(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></div>
        <button type="submit">${t('ex.import')}</button>
      </form>
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
      ${rows.length > 0 && html`<ul class="exam-row-errors">${rows.map((r) => html`<li>${t('ex.row', { row: num(r.row ?? 0) })}${r.field ? html` (<bdi dir="ltr">${r.field}</bdi>)` : ''}: ${problemText(r)}</li>`)}</ul>`}
      <${Publication} session=${session} />
    </section>`;
}

/** The instants of publication and of the end of re-marking requests (PATCH the session). */
function Publication({ session }) {
  const [s, setS] = useState(session);
  const [f, setF] = useState({ rDate: '', rTime: '08:00', mDate: '', mTime: '17:00' });
  const [msg, setMsg] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const type = currentLang() === 'fa' ? 'text' : 'date';
  async function save(e) {
    e.preventDefault();
    const body = {};
    const r = localInstant(f.rDate, f.rTime);
    const m = localInstant(f.mDate, f.mTime);
    if (r) body.results_at = r;
    if (m) body.remarks_close_at = m;
    const res = await api('PATCH', `/api/v1/exams/sessions/${s.id}`, body, undefined, langHeader());
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setS(res.json);
    setMsg({ kind: 'ok', text: t('ex.publication_saved') });
  }
  return html`
    <p class="meta" id="exam-publication">${s.results_at ? t('ex.results_at', { at: instant(s.results_at, s.time_zone) }) : t('ex.results_unset')}
      ${s.remarks_close_at && html` · ${t('ex.remarks_close', { at: instant(s.remarks_close_at, s.time_zone) })}`}</p>
    <form class="stack" onSubmit=${save}>
      <div class="adm-school-row">
        <${Field} id="exam-results-date" label=${t('ex.results_date')} value=${f.rDate} onInput=${set('rDate')} type=${type} />
        <${Field} id="exam-results-time" label=${t('ex.time')} value=${f.rTime} onInput=${set('rTime')} dir="ltr" inputmode="numeric" />
      </div>
      <div class="adm-school-row">
        <${Field} id="exam-remarks-date" label=${t('ex.remarks_date')} value=${f.mDate} onInput=${set('mDate')} type=${type} />
        <${Field} id="exam-remarks-time" label=${t('ex.time')} value=${f.mTime} onInput=${set('mTime')} dir="ltr" inputmode="numeric" />
      </div>
      <p class="actions"><button type="submit" class="secondary">${t('ex.publication_save')}</button></p>
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </form>`;
}

export function ExamSession({ id }) {
  const [res] = useGet(`/api/v1/exams/sessions/${id}`);
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('ex.session')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  if (!res) return html`<${Loading} />`;
  const s = res.json;
  return html`
    <div class="stack exam-session-page">
      <section class="card">
        <${Title}><bdi>${s.name}</bdi><//>
        <p class="meta"><bdi class="code" dir="ltr">${s.pack}</bdi> <bdi class="code" dir="ltr">${s.org}</bdi> <bdi dir="ltr">${s.time_zone}</bdi></p>
        <${Closing} session=${s} />
        <p class="meta">${t('ex.window', { opens: instant(s.opens_at, s.time_zone), closes: instant(s.closes_at, s.time_zone) })}</p>
        <h2>${t('ex.councils_sites')}</h2>
        <ul class="exam-councils">${(s.councils ?? []).map((c) => html`<li><bdi dir="ltr">${digits(c.code)}</bdi> <bdi>${c.name}</bdi>
          <ul>${(s.sites ?? []).filter((x) => x.council === c.code).map((x) => html`<li><bdi>${x.name ?? x.school}</bdi>
            <span class="meta">${t('ex.site_rooms', { n: num(x.rooms) })}</span>${x.free_candidates ? html` <span class="tag">${t('ex.free_site')}</span>` : ''}</li>`)}</ul></li>`)}</ul>
        <p class="actions"><${Link} to=${`/exams/sessions/${s.id}/registrations`}>${t('ex.all_registrations')}<//></p>
      </section>
      <${Counts} session=${s} />
      <${Rooms} session=${s} />
      <${Scores} session=${s} />
      <${ExamRemarks} session=${s} />
    </div>`;
}
