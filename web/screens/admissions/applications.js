// A round's applications for its staff
// (GET /api/v1/admissions/rounds/{id}/applications, keyset paged with
// after/limit): the office sees them all, a school's staff those that rank
// their school, with the rank it has on each list.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, digits, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { mySchool } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { location_ } from '../../lib/router.js';
import { useGet, schoolText } from './common.js';

const PAGE = 25;

export function RoundApplications({ id, me }) {
  const [round] = useGet(`/api/v1/admissions/rounds/${id}`);
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const school = mySchool(me);
  // A school's verification queue: ?review=pending (adm-verify's filter).
  const [review, setReview] = useState(location_().query.get('review') ?? '');

  async function load(after) {
    setBusy(true);
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (review) p.set('review', review);
    if (after) p.set('after', after);
    const res = await api('GET', `/api/v1/admissions/rounds/${id}/applications?${p}`);
    setBusy(false);
    if (!res.ok) return setProblem(problemText(res.problem));
    setProblem(null);
    setItems((old) => (after ? [...old, ...res.json.items] : res.json.items));
    setNext(res.json.next);
  }
  useEffect(() => { setItems(null); load(null); }, [id, review]);

  const r = round?.ok ? round.json : null;
  return html`
    <section class="card adm-applications">
      <${Title}>${school ? t('adm.applications_school') : t('adm.applications')}<//>
      ${r && html`<p class="lead"><${Link} to=${`/admissions/rounds/${r.id}`}><bdi>${r.name}</bdi><//></p>`}
      ${school && html`<p class="hint">${t('adm.school_sees', { school: schoolText(r, school) })}</p>`}
      <${Field} id="review-filter" label=${t('adm.review_filter')} value=${review} onInput=${setReview}
        options=${[['', t('adm.review_all')], ...['pending', 'returned', 'verified'].map((v) => [v, label('review', v)])]} />
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
      ${items === null && !problem && html`<${Loading} />`}
      ${items && items.length === 0 && html`<p role="status">${t('adm.no_applications')}</p>`}
      ${items && items.length > 0 && html`
        <p class="meta" role="status"><span class="adm-count">${t('adm.shown_n', { n: num(items.length) })}</span></p>
        <div class="table-wrap"><table class="adm-app-list">
          <thead><tr><th scope="col">${t('adm.application')}</th><th scope="col">${t('adm.child')}</th>
            <th scope="col">${t('adm.choices')}</th>${school && html`<th scope="col" class="n">${t('adm.rank_of_school')}</th>`}
            <th scope="col">${t('adm.updated')}</th><th scope="col">${t('adm.review_h')}</th><th scope="col">${t('adm.placement')}</th></tr></thead>
          <tbody>${items.map((a) => html`
            <tr><th scope="row"><${Link} to=${`/admissions/applications/${a.id}`}>${digits(a.id)}<//></th>
              <td><bdi>${a.student.given_name} ${a.student.family_name}</bdi></td>
              <td><ol class="adm-inline">${a.choices.map((c) => html`<li class=${c === school ? 'mine' : ''}><bdi>${schoolText(r, c)}</bdi></li>`)}</ol></td>
              ${school && html`<td class="n">${a.choices.includes(school) ? num(a.choices.indexOf(school) + 1) : ''}</td>`}
              <td>${dateTime(a.updated_at)} (${t('adm.version_n', { n: num(a.version) })})</td>
              <td>${a.status && (r?.documents?.length > 0 || Object.keys(a.reviews ?? {}).length > 0) ? label('app_status', a.status) : '—'}</td>
              <td>${a.placement ? (a.placement.school ? html`<bdi>${schoolText(r, a.placement.school)}</bdi>` : t('adm.unplaced')) : '—'}</td></tr>`)}</tbody>
        </table></div>`}
      ${next && html`<p class="actions"><button type="button" class="secondary" disabled=${busy} onClick=${() => load(next)}>${t('search.more')}</button></p>`}
    </section>`;
}
