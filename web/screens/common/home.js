// The first screen after signing in, by role: officers see their part of the
// tree, a principal or teacher their school, a guardian their children.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, date, todayIso, clean, currentSchoolYear } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { hasRole, isOfficer, isRegistrar, isGuardian, isStudent, isTeacher, mySchool, myOrg } from '../../lib/session.js';
import { Field, Link, Title } from '../../lib/ui.js';
import { OrgPanel } from '../registry/orgs.js';
import { SearchBox } from '../registry/students.js';
import { Children } from '../access/children.js';
import { useClasses } from '../teaching/grades.js';
import { TermLocks } from '../teaching/terms.js';
import { SchoolSeal } from '../records/records-sign.js';
import { ExamSessions } from '../exams/sessions.js';

/** A teacher's or principal's teaching tasks: their homeroom classes, grades, the week. */
function Teaching({ me, classes }) {
  const mine = classes?.items?.filter((c) => c.homeroom_teacher === me.username) ?? [];
  return html`
    <section class="card" aria-labelledby="teaching-h">
      <h2 id="teaching-h">${t('home.teaching')}</h2>
      ${mine.length > 0 && html`
        <ul class="plain my-classes">${mine.map((c) => html`
          <li><strong>${t('student.class')} <bdi>${c.name}</bdi></strong>
            <span class="actions">
              <${Link} class="button-link" to=${`/classes/${c.id}/attendance`}>${t('attendance.take')}<//>
              <${Link} class="button-link" to=${`/grades?class=${c.id}`}>${t('classes.enter_grades')}<//>
              <${Link} to=${`/classes/${c.id}`}>${t('classes.open')}<//>
            </span></li>`)}</ul>`}
      <ul class="links">
        <li><${Link} to="/grades">${t('classes.enter_grades')}<//></li>
        <li><${Link} to="/classes">${t('classes.title')}<//></li>
        ${isTeacher(me) && html`<li><${Link} to="/timetable">${t('timetable.my_week')}<//></li>`}
      </ul>
    </section>`;
}

function NationalRoots() {
  // The API has no list of ministries; a national administrator sees the
  // countries' ministries that exist (IR, VN) and can open any code.
  const [roots, setRoots] = useState([]);
  const [code, setCode] = useState('');
  useEffect(() => {
    Promise.all(['IR', 'VN'].map((c) => api('GET', `/api/v1/orgs/${c}`)))
      .then((rs) => setRoots(rs.filter((r) => r.ok).map((r) => r.json)));
  }, []);
  return html`
    <section class="card">
      <h2>${t('home.countries')}</h2>
      <ul class="links">
        ${roots.map((o) => html`<li><${Link} to=${`/orgs/${o.code}`}><bdi>${o.name}</bdi><//> <bdi class="code" dir="ltr">${o.code}</bdi></li>`)}
      </ul>
      <form class="inline" onSubmit=${(e) => { e.preventDefault(); if (clean(code)) navigate(`/orgs/${encodeURIComponent(clean(code))}`); }}>
        <${Field} id="org-code" label=${t('home.open_org')} value=${code} onInput=${setCode} dir="ltr" autocapitalize="characters" />
        <button type="submit">${t('home.open')}</button>
      </form>
    </section>`;
}

export function Home({ me }) {
  const school = mySchool(me);
  const classes = useClasses(school);
  if ((isGuardian(me) || isStudent(me)) && !isRegistrar(me)) return html`<${Children} me=${me} />`;
  // An exam candidate's first screen is the exam: the sessions open to them and their registrations.
  if (hasRole(me, ['candidate']) && !isRegistrar(me)) return html`<${ExamSessions} me=${me} />`;
  const org = myOrg(me);
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${t('home.title', { name: me.username })}<//>
        <p class="meta">${me.roles.map((r) => html`<span>${label('role', r.role)}${r.org ? ` — ${r.org}` : ''}</span>`)}</p>
        <p class="meta">${date(todayIso())}</p>
        <${SearchBox} school=${school} />
      </section>
      ${isOfficer(me) && !org && html`<${NationalRoots} />`}
      ${isOfficer(me) && org && html`<${OrgPanel} code=${org} titled=${false} />`}
      ${school && html`
        <${Teaching} me=${me} classes=${classes} />
        ${isRegistrar(me) && classes && html`<${TermLocks} school=${school} year=${classes.year ?? currentSchoolYear()} />`}
        ${hasRole(me, ['school_admin']) && classes && html`<${SchoolSeal} school=${school} year=${classes.year ?? currentSchoolYear()} />`}
        <${OrgPanel} code=${school} titled=${false} />
        ${isRegistrar(me) && html`
          <section class="card">
            <h2>${t('home.tasks')}</h2>
            <ul class="links">
              <li><${Link} to="/students/new">${t('nav.new_student')}<//></li>
              <li><${Link} to="/import">${t('nav.import')}<//></li>
              <li><${Link} to="/transfers">${t('nav.transfers')}<//></li>
              <li><${Link} to="/accounts">${t('accounts.title')}<//></li>
            </ul>
          </section>`}`}
    </div>`;
}
