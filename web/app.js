// Tabula's web app: Preact components written with htm (no build step),
// talking to the public API only. The shell: language, session, header and
// navigation, and the table of screens. See docs/web.md.
import { html, render, useState, useEffect } from './lib/html.js';
import { LANGS, pickLang, loadLang, t, num, currentLang } from './lib/i18n.js';
import { api, onSessionProblem, maySignedIn, setSignedIn } from './lib/api.js';
import { onRoute, navigate, href, location_ } from './lib/router.js';
import { isStaff, isRegistrar, isOfficer, isGuardian, isStudent, isTeacher, mySchool, myOrg } from './lib/session.js';
import { Link, Loading } from './lib/ui.js';
import { Login } from './screens/access/login.js';
import { Redeem } from './screens/access/redeem.js';
import { PasswordChange } from './screens/access/password.js';
import { Home } from './screens/common/home.js';
import { OrgTree } from './screens/registry/orgs.js';
import { StudentSearch } from './screens/registry/students.js';
import { StudentProfile } from './screens/registry/student.js';
import { StudentForm } from './screens/registry/student-form.js';
import { TransferRequest, Transfers } from './screens/registry/transfers.js';
import { Import } from './screens/registry/import.js';
import { Children } from './screens/access/children.js';
import { Audit } from './screens/access/audit.js';
import { IssueAccounts } from './screens/access/accounts.js';
import { GradeEntry } from './screens/teaching/grades.js';
import { ReportCard } from './screens/teaching/report-card.js';
import { ClassList, ClassPage } from './screens/teaching/classes.js';
import { TakeAttendance, StudentAttendance } from './screens/teaching/attendance.js';
import { ClassTimetable, MyWeek, StudentTimetable } from './screens/teaching/timetable.js';
import { StudentRecords, PrintRecord, Verify } from './screens/records/records.js';
import { NotFound } from './screens/common/notfound.js';
import { Admissions } from './screens/admissions/rounds.js';
import { Apply, ApplyEdit } from './screens/admissions/apply.js';
import { Application } from './screens/admissions/application.js';
import { Round } from './screens/admissions/round.js';
import { RoundNew, RoundEdit } from './screens/admissions/round-form.js';
import { RoundApplications } from './screens/admissions/applications.js';
import { Results } from './screens/admissions/results.js';
import { RoundAppeals } from './screens/admissions/appeals.js';
import { NewChild } from './screens/admissions/new-child.js';
import { ReregMine, ReregNew, Campaign } from './screens/admissions/reregistration.js';
import { ExamSessions } from './screens/exams/sessions.js';
import { ExamRegister, ExamEdit } from './screens/exams/register.js';
import { ExamRegistration } from './screens/exams/registration.js';
import { ExamRegistrations } from './screens/exams/registrations.js';
import { ExamSession } from './screens/exams/session.js';
import { ExamSessionNew } from './screens/exams/session-form.js';
import { ExamFree } from './screens/exams/free.js';
import { ExamCard, ExamResults } from './screens/exams/card.js';
import { isCandidate, isExamOffice, isExamSchool } from './screens/exams/common.js';
import { Help, Article } from './screens/support/help.js';
import { NewTicket } from './screens/support/new-ticket.js';
import { MyTickets, Queue } from './screens/support/tickets.js';
import { Ticket } from './screens/support/ticket.js';
import { Notices, useUnreadNotices } from './screens/support/notices.js';
import { Reports } from './screens/support/reports.js';
import { Calendars } from './screens/support/calendars.js';
import { isSupportStaff } from './screens/support/common.js';

// [pattern, component]; :name parts become props.
const ROUTES = [
  ['/', Home],
  ['/password', PasswordChange],
  ['/orgs/:code', OrgTree],
  ['/students', StudentSearch],
  ['/students/new', StudentForm],
  ['/students/:id', StudentProfile],
  ['/students/:id/edit', StudentForm],
  ['/students/:id/transfer', TransferRequest],
  ['/students/:id/audit', Audit],
  ['/transfers', Transfers],
  ['/import', Import],
  ['/children', Children],
  ['/accounts', IssueAccounts],
  ['/grades', GradeEntry],
  ['/classes', ClassList],
  ['/classes/:id', ClassPage],
  ['/classes/:id/attendance', TakeAttendance],
  ['/classes/:id/timetable', ClassTimetable],
  ['/timetable', MyWeek],
  ['/students/:id/report-card', ReportCard],
  ['/students/:id/attendance', StudentAttendance],
  ['/students/:id/timetable', StudentTimetable],
  ['/students/:id/records', StudentRecords],
  ['/records/:id/print', PrintRecord],
  // Admissions (docs/admissions.md, web/screens/admissions/).
  ['/admissions', Admissions],
  ['/admissions/rounds/new', RoundNew],
  ['/admissions/rounds/:id', Round],
  ['/admissions/rounds/:id/edit', RoundEdit],
  ['/admissions/rounds/:id/apply', Apply],
  ['/admissions/rounds/:id/applications', RoundApplications],
  ['/admissions/rounds/:id/results', Results],
  ['/admissions/rounds/:id/appeals', RoundAppeals],
  ['/admissions/rounds/:id/new-child', NewChild],
  ['/admissions/applications/:id', Application],
  ['/admissions/applications/:id/edit', ApplyEdit],
  ['/admissions/reregistration', ReregMine],
  ['/admissions/reregistrations/new', ReregNew],
  ['/admissions/reregistrations/:id', Campaign],
  // Exams (docs/exams.md, web/screens/exams/).
  ['/exams', ExamSessions],
  ['/exams/sessions/new', ExamSessionNew],
  ['/exams/sessions/:id', ExamSession],
  ['/exams/sessions/:id/register', ExamRegister],
  ['/exams/sessions/:id/registrations', ExamRegistrations],
  ['/exams/sessions/:id/free', ExamFree],
  ['/exams/registrations/:id', ExamRegistration],
  ['/exams/registrations/:id/edit', ExamEdit],
  ['/exams/registrations/:id/card', ExamCard],
  ['/exams/registrations/:id/results', ExamResults],
  // Support (docs/support.md, web/screens/support/); /help and /help/:slug need no login (App).
  ['/support', MyTickets],
  ['/support/new', NewTicket],
  ['/support/tickets/:id', Ticket],
  ['/support/queue', Queue],
  ['/support/notices', Notices],
  ['/support/reports', Reports],
  ['/support/calendars', Calendars],
  ['/support/calendars/:country', Calendars],
];

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const [pattern, component] of ROUTES) {
    const want = pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decodeURIComponent(parts[i])), true) : w === parts[i]))) {
      return { component, params };
    }
  }
  return { component: NotFound, params: {} };
}

function Nav({ me, path }) {
  const school = mySchool(me);
  const unread = useUnreadNotices(me, path);
  const items = [];
  items.push(['/', t('nav.home')]);
  if (isOfficer(me) && myOrg(me)) items.push([`/orgs/${myOrg(me)}`, t('nav.orgs')]);
  if (isStaff(me)) items.push(['/students', t('nav.students')]);
  if (isRegistrar(me)) items.push(['/students/new', t('nav.new_student')]);
  if (isRegistrar(me)) items.push(['/import', t('nav.import')]);
  if (isRegistrar(me) && school) items.push(['/transfers', t('nav.transfers')]);
  if (isStaff(me) && school) items.push(['/classes', t('nav.classes')]);
  if (isStaff(me) && school) items.push(['/grades', t('nav.grades')]);
  if (isTeacher(me)) items.push(['/timetable', t('nav.my_week')]);
  if (isGuardian(me) || isStudent(me)) items.push(['/children', isGuardian(me) ? t('nav.children') : t('nav.my_record')]);
  if (isGuardian(me) || isRegistrar(me)) items.push(['/admissions', t('nav.admissions')]);
  if (isCandidate(me) || isExamOffice(me) || isExamSchool(me)) items.push(['/exams', t('nav.exams')]);
  if (isSupportStaff(me)) {
    items.push(['/support/queue', t('nav.support_queue')]);
    items.push(['/support/notices', t('nav.support_notices'), unread]);
  } else items.push(['/support', t('nav.support')]);
  return html`
    <nav class="nav" aria-label=${t('nav.label')}>
      <ul>
        ${items.map(([to, text, count]) => html`
          <li><${Link} to=${to} aria-current=${path === to ? 'page' : undefined}>${text}${count > 0 && html` <span class="badge" id="su-unread-count"
            aria-label=${t('nav.unread', { n: num(count) })}>${num(count)}</span>`}<//></li>`)}
      </ul>
    </nav>`;
}

function LangSwitch({ lang, onChange }) {
  return html`
    <label class="lang">
      <span>${t('app.language')}</span>
      <select id="lang" value=${lang} onChange=${(e) => onChange(e.currentTarget.value)}>
        ${Object.entries(LANGS).map(([code, l]) => html`<option value=${code} lang=${code}>${l.name}</option>`)}
      </select>
    </label>`;
}

function App({ initialLang }) {
  const [lang, setLang] = useState(initialLang);
  const [me, setMe] = useState(undefined); // undefined: asking; null: signed out
  const [, setTick] = useState(0);

  async function loadMe() {
    if (!maySignedIn()) return setMe(null);
    const res = await api('GET', '/api/v1/auth/me');
    setSignedIn(res.ok);
    setMe(res.ok ? res.json : null);
  }

  useEffect(() => {
    loadMe();
    const offRoute = onRoute(() => setTick((n) => n + 1));
    const offSession = onSessionProblem((status, problem) => {
      if (status === 401) { setSignedIn(false); setMe(null); }
      else if (problem?.code === 'password_change_required') {
        setMe((m) => (m ? { ...m, must_change_password: true } : m));
      }
    });
    return () => { offRoute(); offSession(); };
  }, []);

  async function changeLang(next) {
    await loadLang(next);
    const u = new URL(location.href);
    u.searchParams.set('lang', next);
    history.replaceState(null, '', u.pathname + u.search);
    setLang(next);
  }

  async function signOut() {
    await api('POST', '/api/v1/auth/logout');
    setSignedIn(false);
    setMe(null);
    navigate('/', true);
  }

  const { path } = location_();
  let body;
  // The public verification page needs no login (docs/records.md).
  const verify = path === '/verify' || path.startsWith('/verify/');
  // Nor does the knowledge base (docs/support.md).
  const help = path === '/help' || path.startsWith('/help/');
  if (verify) body = html`<${Verify} key=${path} id=${path.length > 8 ? decodeURIComponent(path.slice(8)) : ''} />`;
  else if (help && path.length > 6) body = html`<${Article} key=${path} slug=${decodeURIComponent(path.slice(6))} me=${me ?? null} />`;
  else if (help) body = html`<${Help} me=${me ?? null} />`;
  else if (me === undefined) body = html`<${Loading} />`;
  else if (me === null && path === '/redeem') body = html`<${Redeem} onSignedIn=${() => { navigate('/', true); loadMe(); }} />`;
  else if (me === null) body = html`<${Login} onSignedIn=${loadMe} />`;
  else if (me.must_change_password) body = html`<${PasswordChange} me=${me} forced onDone=${loadMe} />`;
  else {
    const { component, params } = match(path);
    body = html`<${component} key=${path} me=${me} ...${params} />`;
  }

  return html`
    <a class="skip" href="#main">${t('app.skip')}</a>
    <header class="bar">
      <a class="brand" href=${href('/')}>${t('app.name')}</a>
      ${me && html`<${Nav} me=${me} path=${path} />`}
      <div class="bar-end">
        <${LangSwitch} lang=${lang} onChange=${changeLang} />
        ${!me && html`<${Link} to="/help" class="button-link" id="help-link">${t('nav.help')}<//>`}
        ${me && html`
          <bdi class="who">${me.username}</bdi>
          <${Link} to="/password" class="button-link">${t('nav.password')}<//>
          <button type="button" class="secondary" onClick=${signOut}>${t('nav.sign_out')}</button>`}
      </div>
    </header>
    <main id="main" tabindex="-1" data-lang=${currentLang()}>${body}</main>`;
}

const lang = pickLang();
await loadLang(lang);
render(html`<${App} initialLang=${lang} />`, document.getElementById('app'));
