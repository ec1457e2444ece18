// Admissions, the first screen: a guardian sees the open rounds for the
// children (GET /api/v1/admissions/rounds answers only those) and the
// applications made (GET /api/v1/admissions/applications); staff see the
// rounds they may read, and officers may start a new one.
import { html } from '../../lib/html.js';
import { t, num, digits, dateTime, problemText } from '../../lib/i18n.js';
import { isGuardian, isOfficer, isStaff } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, roundStatus, applicationState } from './common.js';

function RoundFacts({ r }) {
  return html`<p class="meta">
    <span>${t('adm.grade', { grade: num(r.grade) })}</span>
    <bdi dir="ltr" class="code">${r.org}</bdi>
    <span>${t('adm.window', { opens: dateTime(r.opens_at), closes: dateTime(r.closes_at) })}</span>
    <span class="tag">${roundStatus(r)}</span></p>`;
}

function GuardianRounds({ rounds, apps, rereg }) {
  const byRound = new Map();
  for (const a of apps) byRound.set(a.round, [...(byRound.get(a.round) ?? []), a]);
  const open = rounds.filter((r) => r.status === 'open' || byRound.has(r.id));
  return html`
    <section class="card" aria-labelledby="adm-open-h">
      <h2 id="adm-open-h">${t('adm.open_rounds')}</h2>
      ${open.length === 0 && html`<p role="status">${t('adm.no_open_rounds')}</p>`}
      <ul class="plain adm-rounds">${open.map((r) => html`
        <li class="adm-round">
          <h3><bdi>${r.name}</bdi></h3>
          <${RoundFacts} r=${r} />
          ${r.status === 'open' && html`<p class="actions">
            <${Link} class="button-link" to=${`/admissions/rounds/${r.id}/apply`}>${t('adm.apply')}<//>
            ${r.rules && html`<${Link} to=${`/admissions/rounds/${r.id}/new-child`}>${t('adm.new_child')}<//>`}</p>`}
        </li>`)}</ul>
    </section>
    ${rereg?.length > 0 && html`<section class="card" aria-labelledby="adm-rereg-h">
      <h2 id="adm-rereg-h">${t('rereg.title')}</h2>
      <p>${t('rereg.to_confirm', { n: num(rereg.filter((x) => !x.confirmation && x.campaign.status === 'open').length) })}</p>
      <p class="actions"><${Link} class="button-link" to="/admissions/reregistration">${t('rereg.open_mine')}<//></p>
    </section>`}
    <section class="card" aria-labelledby="adm-mine-h">
      <h2 id="adm-mine-h">${t('adm.my_applications')}</h2>
      ${apps.length === 0 && html`<p>${t('adm.no_applications')}</p>`}
      <ul class="plain adm-apps">${apps.map((a) => {
        const round = rounds.find((r) => r.id === a.round);
        return html`
        <li class="adm-app">
          <${Link} to=${`/admissions/applications/${a.id}`}>
            <bdi>${a.student.given_name} ${a.student.family_name}</bdi> — ${t('adm.application_no', { id: digits(a.id) })}<//>
          <p class="meta"><span>${round ? html`<bdi>${round.name}</bdi>` : ''}</span>
            <span class="adm-state">${applicationState(a, round)}</span></p>
        </li>`;
      })}</ul>
    </section>`;
}

function StaffRounds({ me, rounds }) {
  return html`
    <section class="card" aria-labelledby="adm-rounds-h">
      <h2 id="adm-rounds-h">${t('adm.rounds')}</h2>
      <p class="actions">
        ${isOfficer(me) && html`<${Link} class="button-link" to="/admissions/rounds/new">${t('adm.new_round')}<//>`}
        <${Link} class="button-link" to="/admissions/reregistrations/new">${t('rereg.new')}<//></p>
      ${rounds.length === 0 && html`<p role="status">${t('adm.no_rounds')}</p>`}
      ${rounds.length > 0 && html`
        <div class="table-wrap"><table class="adm-round-list">
          <caption class="sr-only">${t('adm.rounds')}</caption>
          <thead><tr><th scope="col">${t('adm.round_name')}</th><th scope="col">${t('adm.office')}</th>
            <th scope="col">${t('adm.window_h')}</th><th scope="col">${t('adm.status')}</th></tr></thead>
          <tbody>${rounds.map((r) => html`
            <tr><th scope="row"><${Link} to=${`/admissions/rounds/${r.id}`}><bdi>${r.name}</bdi><//></th>
              <td><bdi dir="ltr">${r.org}</bdi></td>
              <td>${dateTime(r.opens_at)} – ${dateTime(r.closes_at)}</td>
              <td>${roundStatus(r)}</td></tr>`)}</tbody>
        </table></div>`}
    </section>`;
}

export function Admissions({ me }) {
  const [rounds] = useGet('/api/v1/admissions/rounds');
  const guardian = isGuardian(me) && !isStaff(me);
  const [apps] = useGet(guardian ? '/api/v1/admissions/applications' : null);
  const [rereg] = useGet(guardian ? '/api/v1/admissions/reregistrations/mine' : null);
  let body;
  const failed = [rounds, apps].find((r) => r && !r.ok);
  if (failed) body = html`<${Notice} kind="error">${problemText(failed.problem)}<//>`;
  else if (!rounds || (guardian && !apps)) body = html`<${Loading} />`;
  else if (guardian) body = html`<${GuardianRounds} rounds=${rounds.json.items} apps=${apps.json.items} rereg=${rereg?.ok ? rereg.json.items : []} />`;
  else body = html`<${StaffRounds} me=${me} rounds=${rounds.json.items} />`;
  return html`<div class="stack">
    <section class="card"><${Title}>${t('adm.title')}<//><p class="lead">${guardian ? t('adm.lead_guardian') : t('adm.lead_staff')}</p></section>
    ${body}</div>`;
}
