// One application (GET /api/v1/admissions/applications/{id}): where it
// stands, the current ranked list and claims, every version, and after the
// placement its school with the explanation (explain.js). The family may
// change it while the round is open.
import { html } from '../../lib/html.js';
import { t, label, num, digits, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_ } from '../../lib/router.js';
import { isGuardian } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, applicationState, SchoolName, schoolText } from './common.js';
import { Explanation } from './explain.js';
import { Documents, Reviews } from './documents.js';
import { Offer, Waitlists, Appeals } from './offer.js';

function Choices({ round, choices, placed }) {
  return html`<ol class="adm-list">${choices.map((c) => html`
    <li><${SchoolName} round=${round} code=${c} />${placed === c ? html` <span class="tag">${t('adm.your_place')}</span>` : ''}</li>`)}</ol>`;
}

function Claims({ claims, round }) {
  if (!claims) return html`<p>${t('adm.no_claims')}</p>`;
  return html`<dl class="facts">
    ${claims.area && html`<div><dt>${t('adm.area')}</dt><dd><bdi dir="ltr">${claims.area}</bdi></dd></div>`}
    ${claims.siblings?.length > 0 && html`<div><dt>${t('adm.siblings')}</dt><dd>${claims.siblings.map((s) => schoolText(round, s)).join('، ')}</dd></div>`}
    ${claims.categories?.length > 0 && html`<div><dt>${t('adm.categories')}</dt><dd><bdi>${claims.categories.join(', ')}</bdi></dd></div>`}
  </dl>`;
}

function Versions({ round, versions }) {
  if (!versions?.length) return null;
  return html`
    <section class="card" aria-labelledby="versions-h">
      <h2 id="versions-h">${t('adm.versions')}</h2>
      <div class="table-wrap"><table class="adm-versions">
        <thead><tr><th scope="col">${t('adm.version')}</th><th scope="col">${t('adm.when')}</th>
          <th scope="col">${t('adm.by')}</th><th scope="col">${t('adm.choices')}</th></tr></thead>
        <tbody>${[...versions].reverse().map((v) => html`
          <tr><th scope="row" class="n">${num(v.version)}</th><td>${dateTime(v.created_at)}</td>
            <td><bdi>${v.created_by ?? ''}</bdi></td>
            <td>${v.choices.map((c, i) => html`${i ? ' › ' : ''}<bdi>${schoolText(round, c)}</bdi>`)}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
}

export function Application({ id, me }) {
  const [res, setRes] = useGet(`/api/v1/admissions/applications/${id}`);
  // After an answer that carries the application, show it; else read it again.
  async function onApp(json) {
    if (json?.id === Number(id) && Array.isArray(json.choices)) return setRes({ ok: true, json: { ...res.json, ...json } });
    const again = await api('GET', `/api/v1/admissions/applications/${id}`);
    if (again.ok) setRes(again);
  }
  const [round] = useGet(res?.ok ? `/api/v1/admissions/rounds/${res.json.round}` : null);
  const saved = location_().query.get('saved') === '1';
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('adm.application')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  if (!res || !round) return html`<${Loading} />`;
  const a = res.json;
  const r = round.ok ? round.json : null;
  const open = r?.status === 'open';
  // The schools' verification says something only where there is something to check.
  const checked = a.status && (r?.documents?.length > 0 || Object.keys(a.reviews ?? {}).length > 0);
  return html`
    <div class="stack adm-application">
      <section class="card">
        <${Title}>${t('adm.application_of', { name: `${a.student.given_name} ${a.student.family_name}` })}<//>
        <p class="meta"><span>${t('adm.application_no', { id: digits(a.id) })}</span>
          ${r && html`<${Link} to=${isGuardian(me) ? '/admissions' : `/admissions/rounds/${r.id}`}><bdi>${r.name}</bdi><//>`}
          <span>${t('adm.version_n', { n: num(a.version) })}</span></p>
        ${saved && html`<${Notice} kind="ok">${t('adm.saved')}<//>`}
        <p class="adm-status" role="status"><strong>${t('adm.status')}:</strong> <span class="adm-state">${applicationState(a, r)}</span>
          ${checked && html` <span class=${`tag review-${a.status}`} id="adm-review-status">${label('app_status', a.status)}</span>`}</p>
        ${a.status === 'returned' && isGuardian(me) && html`<${Notice} kind="error">${t('adm.returned_lead')}<//>`}
        ${a.placement && html`<p class="big-count">${a.placement.school
          ? html`${t('adm.placed_at')} <${SchoolName} round=${r} code=${a.placement.school} />`
          : t('adm.state_unplaced')}</p>
          <p class="meta"><span>${t('adm.your_lottery', { lottery: digits(a.placement.lottery) })}</span></p>`}
        <h2>${t('adm.your_choices')}</h2>
        <${Choices} round=${r} choices=${a.choices} placed=${a.placement?.school} />
        <h2>${t('adm.claims')}</h2>
        <${Claims} claims=${a.claims} round=${r} />
        ${open && isGuardian(me) && html`<p class="actions">
          <${Link} class="button-link" to=${`/admissions/applications/${a.id}/edit`}>${t('adm.edit')}<//>
          <span class="hint">${t('adm.edit_until', { closes: dateTime(r.closes_at) })}</span></p>`}
      </section>
      <${Offer} app=${a} round=${r} me=${me} onApp=${onApp} />
      <${Waitlists} app=${a} round=${r} />
      ${a.placement && html`<${Explanation} round=${r} ex=${a.explanation} />`}
      <${Appeals} app=${a} round=${r} me=${me} onApp=${onApp} />
      <${Documents} app=${a} round=${r} me=${me} onApp=${onApp} />
      <${Reviews} app=${a} round=${r} me=${me} onApp=${onApp} />
      <${Versions} round=${r} versions=${a.versions} />
    </div>`;
}
