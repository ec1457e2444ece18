// Exams, the first screen (/exams). A candidate sees the sessions open to
// them (GET /api/v1/exams/sessions answers only those) with the closing time
// and a countdown, and their registrations (GET .../registrations/mine);
// a school's exam officer sees the sessions with their school's list, the
// free-candidate desk where the school hosts one, and the account sheet;
// the session office sees its sessions and may start one.
import { html } from '../../lib/html.js';
import { t, digits, problemText } from '../../lib/i18n.js';
import { mySchool } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, Closing, windowState, statusText, isCandidate, isExamOffice, isExamSchool } from './common.js';

function Mine({ regs, sessions }) {
  return html`
    <section class="card" aria-labelledby="exam-mine-h">
      <h2 id="exam-mine-h">${t('ex.my_registrations')}</h2>
      ${regs.length === 0 && html`<p>${t('ex.no_registrations')}</p>`}
      <ul class="plain exam-list">${regs.map((r) => {
        const s = sessions.find((x) => x.id === r.session);
        return html`<li class="exam-reg">
          <${Link} to=${`/exams/registrations/${r.id}`}>${t('ex.receipt_no', { number: digits(r.number) })}<//>
          <p class="meta">${s && html`<bdi>${s.name}</bdi>`} <span class=${`tag exam-status-${r.status}`}>${statusText(r.status)}</span></p>
        </li>`;
      })}</ul>
    </section>`;
}

function CandidateSessions({ sessions, regs }) {
  const open = sessions.filter((s) => windowState(s) !== 'closed' || regs.some((r) => r.session === s.id));
  return html`
    <section class="card" aria-labelledby="exam-open-h">
      <h2 id="exam-open-h">${t('ex.open_sessions')}</h2>
      ${open.length === 0 && html`<p role="status">${t('ex.no_open_sessions')}</p>`}
      <ul class="plain exam-list">${open.map((s) => {
        const mine = regs.find((r) => r.session === s.id);
        return html`<li class="exam-session">
          <h3><bdi>${s.name}</bdi></h3>
          <${Closing} session=${s} />
          <p class="actions">${mine
            ? html`<${Link} class="button-link" to=${`/exams/registrations/${mine.id}`}>${t('ex.open_receipt')}<//>`
            : windowState(s) === 'open' && html`<${Link} class="button-link" to=${`/exams/sessions/${s.id}/register`}>${t('ex.register')}<//>`}</p>
        </li>`;
      })}</ul>
    </section>`;
}

/** A school's links for a session: its list, and the free-candidate desk when the school hosts that site (the list has no sites: the session is read). */
function SchoolLinks({ session, school }) {
  const [res] = useGet(`/api/v1/exams/sessions/${session.id}`);
  const free = res?.ok && res.json.sites?.some((x) => x.school === school && x.free_candidates);
  return html`<p class="actions">
    <${Link} class="button-link" to=${`/exams/sessions/${session.id}/registrations?school=${encodeURIComponent(school)}`}>${t('ex.school_registrations')}<//>
    ${free && html`<${Link} to=${`/exams/sessions/${session.id}/free`}>${t('ex.free_candidates')}<//>`}
  </p>`;
}

function StaffSessions({ sessions, me }) {
  const school = mySchool(me);
  const office = isExamOffice(me);
  return html`
    <section class="card" aria-labelledby="exam-sessions-h">
      <h2 id="exam-sessions-h">${t('ex.sessions')}</h2>
      ${office && html`<p class="actions"><${Link} class="button-link" to="/exams/sessions/new">${t('ex.new_session')}<//></p>`}
      ${sessions.length === 0 && html`<p role="status">${t('ex.no_sessions')}</p>`}
      <ul class="plain exam-list">${sessions.map((s) => {
        return html`<li class="exam-session">
          <h3>${office ? html`<${Link} to=${`/exams/sessions/${s.id}`}><bdi>${s.name}</bdi><//>` : html`<bdi>${s.name}</bdi>`}
            <bdi class="code" dir="ltr">${s.pack}</bdi></h3>
          <${Closing} session=${s} />
          ${school && html`<${SchoolLinks} session=${s} school=${school} />`}
        </li>`;
      })}</ul>
      ${school && isExamSchool(me) && html`<p class="hint">${t('ex.accounts_hint')} <${Link} to="/accounts?role=candidate&grade=12">${t('ex.accounts_link')}<//></p>`}
    </section>`;
}

export function ExamSessions({ me }) {
  const candidate = isCandidate(me);
  const [sessions] = useGet('/api/v1/exams/sessions');
  const [regs] = useGet(candidate ? '/api/v1/exams/registrations/mine' : null);
  const failed = [sessions, regs].find((r) => r && !r.ok);
  if (failed) return html`<section class="card"><${Title}>${t('ex.title')}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  if (!sessions || (candidate && !regs)) return html`<${Loading} />`;
  const list = sessions.json.items ?? [];
  return html`
    <div class="stack exam-sessions">
      <section class="card"><${Title}>${t('ex.title')}<//><p class="lead">${candidate ? t('ex.lead_candidate') : t('ex.lead_staff')}</p></section>
      ${candidate
        ? html`<${CandidateSessions} sessions=${list} regs=${regs.json.items ?? []} />
          <${Mine} regs=${regs.json.items ?? []} sessions=${list} />`
        : html`<${StaffSessions} sessions=${list} me=${me} />`}
    </div>`;
}
