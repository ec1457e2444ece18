// A school's classes (GET /api/v1/orgs/{code}/classes) and one class with its
// subjects, teachers and students (GET /api/v1/classes/{id}): the way to the
// class's grades, attendance, timetable and each student's report card.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, digits, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isRegistrar, mySchool } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { SubjectName } from '../../lib/teaching.js';
import { useClasses } from '../teaching/grades.js';
import { ClassRecords } from '../records/records-sign.js';

function ClassRows({ items }) {
  return html`
    <div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${t('student.class')}</th><th scope="col" class="n">${t('student.grade')}</th>
        <th scope="col">${t('classes.homeroom')}</th>
      </tr></thead>
      <tbody>${items.map((c) => html`
        <tr>
          <th scope="row"><${Link} to=${`/classes/${c.id}`}><bdi>${c.name}</bdi><//></th>
          <td class="n">${num(c.grade)}</td>
          <td>${c.homeroom_teacher ? html`<bdi>${c.homeroom_teacher}</bdi>` : '—'}</td>
        </tr>`)}</tbody>
    </table></div>`;
}

export function ClassList({ me }) {
  const school = mySchool(me);
  const classes = useClasses(school);
  if (!school) return html`<section class="card"><${Title}>${t('classes.title')}<//><p>${t('grades.no_school')}</p></section>`;
  const mine = classes?.items?.filter((c) => c.homeroom_teacher === me.username) ?? [];
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${t('classes.title')}<//>
        ${classes?.year && html`<p class="meta"><bdi class="code" dir="ltr">${school}</bdi><span>${t('student.school_year')} ${digits(classes.year)}</span></p>`}
        ${!classes && html`<${Loading} />`}
        ${classes?.problem && html`<${Notice} kind="error">${problemText(classes.problem)}<//>`}
        ${classes?.items?.length === 0 && html`<p>${t('classes.none')}</p>`}
      </section>
      ${mine.length > 0 && html`
        <section class="card" aria-labelledby="mine-h"><h2 id="mine-h">${t('classes.mine')}</h2><${ClassRows} items=${mine} /></section>`}
      ${classes?.items?.length > 0 && html`
        <section class="card" aria-labelledby="all-h"><h2 id="all-h">${t('classes.all')}</h2>
          ${!isRegistrar(me) && html`<p class="hint">${t('classes.teacher_note')}</p>`}
          <${ClassRows} items=${classes.items} /></section>`}
    </div>`;
}

export function ClassPage({ id, me }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    api('GET', `/api/v1/classes/${encodeURIComponent(id)}`).then((res) => setState(res.ok ? res.json : { problem: res.problem, status: res.status }));
  }, [id]);
  if (!state) return html`<${Loading} />`;
  if (state.problem) {
    return html`<section class="card"><${Title}>${t('classes.title')}<//>
      <${Notice} kind="error">${state.status === 403 ? t('grades.not_your_class') : problemText(state.problem)}<//></section>`;
  }
  const c = state;
  const row = (k, v) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`;
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${t('student.class')} <bdi>${c.name}</bdi><//>
        <dl class="facts">
          ${row(t('student.school'), html`<bdi class="code" dir="ltr">${c.school}</bdi>`)}
          ${row(t('student.school_year'), digits(c.school_year))}
          ${row(t('student.grade'), num(c.grade))}
          ${row(t('classes.homeroom'), c.homeroom_teacher ? html`<bdi>${c.homeroom_teacher}</bdi>` : '—')}
          ${row(t('report.policy'), label('policy', c.policy))}
          ${row(t('classes.students'), num(c.students.length))}
        </dl>
        <p class="actions">
          <${Link} class="button-link" to=${`/grades?class=${c.id}`}>${t('classes.enter_grades')}<//>
          <${Link} class="button-link" to=${`/classes/${c.id}/attendance`}>${t('attendance.take')}<//>
          <${Link} class="button-link" to=${`/classes/${c.id}/timetable`}>${t('timetable.title')}<//>
        </p>
      </section>
      ${(c.homeroom_teacher === me.username || isRegistrar(me)) && html`
        <${ClassRecords} cls=${c} canSign=${c.homeroom_teacher === me.username} />`}
      <section class="card" aria-labelledby="subjects-h">
        <h2 id="subjects-h">${t('classes.subjects')}</h2>
        ${c.subjects.length === 0 ? html`<p>${t('grades.no_subjects')}</p>` : html`
          <ul class="links">${c.subjects.map((s) => html`
            <li><${SubjectName} s=${s} /> — ${s.teacher ? html`<bdi>${s.teacher}</bdi>` : t('classes.no_teacher')}
              ${s.teacher === me.username ? html` <span class="tag">${t('classes.yours')}</span>` : ''}</li>`)}</ul>`}
      </section>
      <section class="card" aria-labelledby="students-h">
        <h2 id="students-h">${t('classes.students')}</h2>
        ${c.students.length === 0 ? html`<p>${t('classes.no_students')}</p>` : html`
          <ol class="roster">${c.students.map((s) => html`
            <li><${Link} to=${`/students/${s.id}`}><bdi>${s.given_name} ${s.family_name}</bdi><//>
              <span class="roster-links"><${Link} to=${`/students/${s.id}/report-card`}>${t('report.title')}<//></span></li>`)}</ol>`}
      </section>
    </div>`;
}
