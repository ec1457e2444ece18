// A guardian's children (or a student's own record): GET /api/v1/students
// answers only the linked records for these roles. Each child links to its
// profile and to who read it.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, date, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isGuardian } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';

export function Children({ me }) {
  const [state, setState] = useState(null);
  useEffect(() => { api('GET', '/api/v1/students?limit=50').then(setState); }, []);
  const title = isGuardian(me) ? t('children.title') : t('nav.my_record');
  let body;
  if (!state) body = html`<${Loading} />`;
  else if (!state.ok) body = html`<${Notice} kind="error">${problemText(state.problem)}<//>`;
  else if (!state.json.items.length) body = html`<p>${t('children.none')}</p>`;
  else body = html`<ul class="plain cards">${state.json.items.map((s) => html`
    <li class="card child">
      <h2><${Link} to=${`/students/${s.id}`}><bdi>${s.given_name} ${s.family_name}</bdi><//></h2>
      <p class="meta"><span>${label('status', s.status)}</span><bdi dir="ltr">${s.school}</bdi>
        ${s.grade && html`<span>${t('student.grade')} ${num(s.grade)}</span>`}<span>${date(s.birth_date)}</span></p>
      <p class="actions child-links">
        <${Link} class="button-link" to=${`/students/${s.id}/report-card`}>${t('report.title')}<//>
        <${Link} class="button-link" to=${`/students/${s.id}/records`}>${t('records.title')}<//>
        <${Link} class="button-link" to=${`/students/${s.id}/attendance`}>${t('attendance.of')}<//>
        <${Link} class="button-link" to=${`/students/${s.id}/timetable`}>${t('timetable.title')}<//>
      </p>
      <p><${Link} to=${`/students/${s.id}/audit`}>${t('audit.link')}<//></p>
    </li>`)}</ul>`;
  return html`<section class="stack"><div class="card"><${Title}>${title}<//>
    <p>${t('children.lead')}</p></div>${body}</section>`;
}
