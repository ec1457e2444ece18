// A student's profile and lifelong history: GET /api/v1/students/{id}/history
// (the record, every enrolment, transfer and merge), and the guardians.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, date, dateTime, digits, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isRegistrar, isStaff } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';

function Guardians({ id }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    api('GET', `/api/v1/students/${id}/guardians`).then(setState);
  }, [id]);
  if (!state) return html`<${Loading} />`;
  if (!state.ok) return html`<${Notice} kind="error">${problemText(state.problem)}<//>`;
  if (!state.json.items.length) return html`<p>${t('guardians.none')}</p>`;
  return html`<ul>${state.json.items.map((g) => html`
    <li><bdi>${g.username}</bdi> — ${label('relation', g.relation)} (${date(g.since)})</li>`)}</ul>`;
}

export function StudentProfile({ id, me }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    api('GET', `/api/v1/students/${encodeURIComponent(id)}/history`)
      .then((res) => setState(res.ok ? { h: res.json } : { problem: res.problem }));
  }, [id]);
  if (state.loading) return html`<${Loading} />`;
  if (state.problem) return html`<section class="card"><${Title}>${t('student.title')}<//>
    <${Notice} kind="error">${problemText(state.problem)}<//></section>`;
  const { student: s, enrolments, transfers } = state.h;
  const row = (k, v) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`;
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${s.given_name} ${s.family_name}<//>
        ${s.review && html`<${Notice} kind="info">${t('student.review_note')}<//>`}
        <dl class="facts">
          ${row(t('student.id'), html`<bdi class="code" dir="ltr">${digits(s.id)}</bdi>`)}
          ${row(t('student.national_id'), html`<bdi class="code" dir="ltr">${digits(s.national_id ?? '—')}</bdi>`)}
          ${s.sector_id && row(t('student.sector_id'), html`<bdi class="code" dir="ltr">${digits(s.sector_id)}</bdi>`)}
          ${row(t('student.country'), label('country', s.country))}
          ${row(t('student.birth_date'), date(s.birth_date))}
          ${row(t('student.sex'), label('sex', s.sex))}
          ${row(t('student.status'), label('status', s.status))}
          ${row(t('student.school'), html`<${Link} to=${`/orgs/${s.school}`}>${s.school}<//>`)}
          ${s.grade && row(t('student.grade'), num(s.grade))}
          ${s.class && row(t('student.class'), s.class)}
          ${s.school_year && row(t('student.school_year'), digits(s.school_year))}
        </dl>
        <p class="actions">
          ${isRegistrar(me) && html`<${Link} class="button-link" to=${`/students/${s.id}/edit`}>${t('student.edit')}<//>`}
          ${isRegistrar(me) && s.status === 'enrolled' && html`<${Link} class="button-link" to=${`/students/${s.id}/transfer`}>${t('transfer.request')}<//>`}
          <${Link} class="button-link" to=${`/students/${s.id}/audit`}>${t('audit.link')}<//>
        </p>
        <p class="actions">
          <${Link} class="button-link" to=${`/students/${s.id}/report-card`}>${t('report.title')}<//>
          <${Link} class="button-link" to=${`/students/${s.id}/records`}>${t('records.title')}<//>
          <${Link} class="button-link" to=${`/students/${s.id}/attendance`}>${t('attendance.of')}<//>
          <${Link} class="button-link" to=${`/students/${s.id}/timetable`}>${t('timetable.title')}<//>
        </p>
      </section>
      <section class="card" aria-labelledby="enrolments-h">
        <h2 id="enrolments-h">${t('history.enrolments')}</h2>
        <div class="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">${t('student.school_year')}</th><th scope="col">${t('student.school')}</th>
              <th scope="col" class="n">${t('student.grade')}</th><th scope="col">${t('history.from')}</th>
              <th scope="col">${t('history.to')}</th><th scope="col">${t('history.end_reason')}</th>
            </tr></thead>
            <tbody>
              ${enrolments.map((e) => html`
                <tr class=${e.current ? 'current' : ''}>
                  <td>${digits(e.school_year)}${e.current ? html` <span class="tag">${t('history.current')}</span>` : ''}</td>
                  <td><bdi>${e.school_name}</bdi> <bdi class="code" dir="ltr">${e.school}</bdi></td>
                  <td class="n">${num(e.grade)}${e.class ? ` (${e.class})` : ''}</td>
                  <td>${date(e.start_date)}</td>
                  <td>${date(e.end_date)}</td>
                  <td>${label('end_reason', e.end_reason)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="transfers-h">
        <h2 id="transfers-h">${t('history.transfers')}</h2>
        ${transfers.length === 0 ? html`<p>${t('history.no_transfers')}</p>` : html`
          <ul class="timeline">
            ${transfers.map((x) => html`
              <li>${t('history.transfer_line', { from: x.from_school, to: x.to_school, date: date(x.date) })}
                — ${label('transfer_status', x.status)} (${dateTime(x.requested_at)})</li>`)}
          </ul>`}
      </section>
      ${isStaff(me) && html`
        <section class="card" aria-labelledby="guardians-h">
          <h2 id="guardians-h">${t('guardians.title')}</h2>
          <${Guardians} id=${s.id} />
        </section>`}
    </div>`;
}
