// One registration (GET /api/v1/exams/registrations/{id}): the receipt with
// its number (printable), the status the school gave it (with the reason
// when returned), the subjects, priority and bonus, the evidence, and every
// version. The candidate may edit it until the window closes; the school's
// exam officer confirms or returns it here; once rooms are assigned it links
// the admission card, and once published the results.
import { html, useState } from '../../lib/html.js';
import { t, num, digits, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_ } from '../../lib/router.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import {
  useGet, Closing, windowState, named, subjectName, points, statusText, fullName, isCandidate, isExamSchool, langHeader, comma, instant,
} from './common.js';
import { Evidence } from './evidence.js';
import { Review } from './review.js';

function Versions({ pack, versions, tz }) {
  if (!versions?.length) return null;
  return html`
    <section class="card no-print" aria-labelledby="exam-versions-h">
      <h2 id="exam-versions-h">${t('ex.versions')}</h2>
      <div class="table-wrap"><table class="exam-versions">
        <thead><tr><th scope="col">${t('ex.version')}</th><th scope="col">${t('ex.when')}</th>
          <th scope="col">${t('ex.subjects')}</th><th scope="col">${t('ex.category')}</th></tr></thead>
        <tbody>${[...versions].sort((a, b) => b.version - a.version).map((v) => html`
          <tr><th scope="row" class="n">${num(v.version)}</th><td>${instant(v.created_at, tz)}</td>
            <td>${(v.subjects ?? []).map((c) => subjectName(pack, c)).join(comma())}</td>
            <td><bdi>${v.category ?? '—'}</bdi></td></tr>`)}</tbody>
      </table></div>
    </section>`;
}

function Placement({ r }) {
  if (!r.candidate_number) return null;
  const site = typeof r.site === 'object' && r.site ? r.site : { code: r.site };
  return html`
    <section class="card" aria-labelledby="exam-room-h">
      <h2 id="exam-room-h">${t('ex.room_title')}</h2>
      <dl class="facts">
        <div><dt>${t('ex.candidate_number')}</dt><dd class="big-count"><bdi dir="ltr" id="exam-candidate-number">${digits(r.candidate_number)}</bdi></dd></div>
        <div><dt>${t('ex.site')}</dt><dd><bdi>${site.name ?? site.code}</bdi></dd></div>
        <div><dt>${t('ex.room')}</dt><dd>${num(r.room)}</dd></div>
        <div><dt>${t('ex.seat')}</dt><dd>${num(r.seat)}</dd></div>
      </dl>
      <p class="actions no-print"><${Link} class="button-link" to=${`/exams/registrations/${r.id}/card`}>${t('ex.card')}<//>
        <${Link} to=${`/exams/registrations/${r.id}/results`}>${t('ex.results')}<//></p>
    </section>`;
}

function Receipt({ r, session, pack, me, onReg }) {
  const saved = location_().query.get('saved') === '1';
  const open = session && windowState(session) === 'open';
  const exemptNames = (r.exemptions ?? []).map((c) => named(pack?.exemptions?.find((e) => e.code === c)?.names, c));
  return html`
    <section class="card exam-receipt">
      <${Title}>${t('ex.receipt')}<//>
      ${saved && html`<${Notice} kind="ok">${t('ex.saved')}<//>`}
      <p class="exam-number"><span>${t('ex.number')}</span> <strong class="big-count"><bdi dir="ltr" id="exam-number">${digits(r.number)}</bdi></strong></p>
      ${session && html`<p class="lead"><bdi>${session.name}</bdi></p>`}
      <p class="exam-status" role="status"><strong>${t('ex.status')}:</strong>
        <span class=${`tag exam-status-${r.status}`} id="exam-status">${statusText(r.status)}</span>
        ${r.status === 'returned' && r.status_reason && html` <span id="exam-reason">${t('ex.reason', { reason: r.status_reason })}</span>`}</p>
      ${r.status === 'returned' && isCandidate(me) && open && html`<${Notice} kind="error">${t('ex.returned_lead')}<//>`}
      <dl class="facts">
        <div><dt>${t('ex.name')}</dt><dd><bdi>${fullName(r.person)}</bdi></dd></div>
        ${r.school && html`<div><dt>${t('ex.school')}</dt><dd><bdi>${r.school.name ?? r.school.code}</bdi></dd></div>`}
        <div><dt>${t('ex.subjects')}</dt><dd id="exam-subjects">${(r.subjects ?? []).map((c) => subjectName(pack, c)).join(' · ')}</dd></div>
        ${exemptNames.length > 0 && html`<div><dt>${t('ex.exemptions')}</dt><dd>${exemptNames.join(' · ')}</dd></div>`}
        <div><dt>${t('ex.category')}</dt><dd><bdi>${r.category ?? t('ex.category_none')}</bdi></dd></div>
        ${r.region && html`<div><dt>${t('ex.region')}</dt><dd><bdi>${t('ex.region_is', { region: r.region.region, points: points(r.region.points) })}</bdi></dd></div>`}
        <div><dt>${t('ex.bonus')}</dt><dd id="exam-bonus">${points(r.bonus)}</dd></div>
        <div><dt>${t('ex.version')}</dt><dd>${num(r.version)}</dd></div>
        <div><dt>${t('ex.updated')}</dt><dd>${instant(r.updated_at, session?.time_zone)}</dd></div>
      </dl>
      ${session && html`<${Closing} session=${session} />`}
      <p class="actions no-print">
        <button type="button" class="secondary" id="exam-print" onClick=${() => window.print()}>${t('ex.print')}</button>
        ${open && isCandidate(me) && html`<${Link} class="button-link" id="exam-edit" to=${`/exams/registrations/${r.id}/edit`}>${t('ex.edit')}<//>`}
        ${!isCandidate(me) && session && html`<${Link} to=${`/exams/sessions/${session.id}/registrations?school=${encodeURIComponent(r.school?.code ?? '')}`}>${t('ex.back_to_list')}<//>`}
      </p>
      ${isExamSchool(me) && html`<${Review} reg=${r} tz=${session?.time_zone} onReg=${onReg} />`}
    </section>`;
}

export function ExamRegistration({ id, me }) {
  const [res, setRes] = useGet(`/api/v1/exams/registrations/${id}`);
  // What answers told of the evidence and reviews, for a registration read that does not carry them.
  const [known, setKnown] = useState({ evidence: [], reviews: null, missing: null });
  const sessionId = res?.ok ? res.json.session : null;
  const [session] = useGet(sessionId ? `/api/v1/exams/sessions/${sessionId}` : null);
  const packName = session?.ok ? session.json.pack : null;
  const [pack] = useGet(packName ? `/api/v1/exams/packs/${encodeURIComponent(packName)}` : null);
  // After an answer about the registration: keep what it says, then read the registration again.
  async function onReg(json) {
    if (json?.media_type) {
      setKnown((k) => ({ ...k, evidence: [...k.evidence.filter((e) => e.id !== json.id), json] }));
    } else if (json && Array.isArray(json.reviews)) {
      setKnown((k) => ({ evidence: json.evidence ?? k.evidence, reviews: json.reviews, missing: json.missing_evidence ?? k.missing }));
    }
    const again = await api('GET', `/api/v1/exams/registrations/${id}`, undefined, undefined, langHeader());
    if (again.ok) setRes(again);
  }
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('ex.receipt')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  if (!res || !session || (session.ok && !pack)) return html`<${Loading} />`;
  const r = {
    ...res.json,
    evidence: res.json.evidence ?? known.evidence,
    reviews: res.json.reviews ?? known.reviews ?? [],
    missing_evidence: res.json.missing_evidence ?? known.missing,
  };
  const s = session.ok ? session.json : null;
  const p = pack?.ok ? pack.json : null;
  return html`
    <div class="stack exam-registration">
      <${Receipt} r=${r} session=${s} pack=${p} me=${me} onReg=${onReg} />
      <${Placement} r=${r} />
      <${Evidence} reg=${r} pack=${p} session=${s} me=${me} onReg=${onReg} />
      <${Versions} pack=${p} versions=${r.versions} tz=${s?.time_zone} />
    </div>`;
}
