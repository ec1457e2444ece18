// Student search and lists: GET /api/v1/students?q=&school=&limit=&after=,
// one page at a time (keyset paging: the answer's `next` goes back as `after`).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, date, digits, num, clean, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate, location_ } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { mySchool } from '../../lib/session.js';

const PAGE = 25;

/** The search form; submitting opens /students?q=… (within SCHOOL when given). */
export function SearchBox({ school, initial = '' }) {
  const [q, setQ] = useState(initial);
  function submit(e) {
    e.preventDefault();
    const p = new URLSearchParams();
    if (clean(q)) p.set('q', clean(q));
    if (school) p.set('school', school);
    navigate(`/students?${p}`);
  }
  return html`
    <form class="search" role="search" onSubmit=${submit}>
      <${Field} id="q" type="search" label=${t('search.label')} value=${q} onInput=${setQ}
        hint=${t('search.hint')} autocomplete="off" />
      <button type="submit">${t('search.submit')}</button>
    </form>`;
}

/** The students of a list, as rows that link to each profile. */
export function StudentTable({ items, caption }) {
  return html`
    <div class="table-wrap">
      <table class="students">
        <caption>${caption}</caption>
        <thead><tr>
          <th scope="col">${t('student.name')}</th>
          <th scope="col">${t('student.national_id')}</th>
          <th scope="col">${t('student.birth_date')}</th>
          <th scope="col">${t('student.school')}</th>
          <th scope="col" class="n">${t('student.grade')}</th>
        </tr></thead>
        <tbody>
          ${items.map((s) => html`
            <tr>
              <th scope="row"><${Link} to=${`/students/${s.id}`}><bdi>${s.given_name} ${s.family_name}</bdi><//>
                ${s.review && html` <span class="tag">${t('student.review')}</span>`}
                ${s.status !== 'enrolled' && html` <span class="tag">${label('status', s.status)}</span>`}</th>
              <td><bdi class="code" dir="ltr">${digits(s.national_id ?? '—')}</bdi></td>
              <td>${date(s.birth_date)}</td>
              <td><bdi class="code" dir="ltr">${s.school}</bdi></td>
              <td class="n">${s.grade ? num(s.grade) : ''}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

export function StudentSearch({ me }) {
  const { query } = location_();
  const q = query.get('q') ?? '';
  const school = query.get('school') ?? (q ? null : mySchool(me));
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);

  async function load(after) {
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (q) p.set('q', q);
    if (school) p.set('school', school);
    if (after) p.set('after', after);
    setBusy(true);
    const res = await api('GET', `/api/v1/students?${p}`);
    setBusy(false);
    if (!res.ok) return setProblem(res.problem);
    setProblem(null);
    setItems((old) => (after ? [...(old ?? []), ...res.json.items] : res.json.items));
    setNext(res.json.next);
  }

  useEffect(() => {
    setItems(null);
    if (q || school) load(null);
  }, [q, school]);

  return html`
    <section class="card">
      <${Title}>${school && !q ? t('search.title_school', { school }) : t('search.title')}<//>
      <${SearchBox} school=${query.get('school')} initial=${q} key=${q} />
      ${problem && html`<${Notice} kind="error">${problemText(problem)}<//>`}
      ${!q && !school && html`<p class="hint">${t('search.empty_query')}</p>`}
      ${(q || school) && items === null && !problem && html`<${Loading} />`}
      ${items && items.length === 0 && html`<p role="status">${t('search.none')}</p>`}
      ${items && items.length > 0 && html`
        <p role="status" class="meta">${t('search.shown', { n: num(items.length) })}</p>
        <${StudentTable} items=${items} caption=${t('search.results')} />
        ${next && html`<button type="button" class="secondary" disabled=${busy} onClick=${() => load(next)}>${t('search.more')}</button>`}`}
    </section>`;
}
