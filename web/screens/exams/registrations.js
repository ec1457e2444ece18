// A session's registrations for staff (GET .../registrations?school=&status=,
// keyset paged): the school exam officer's list of their school's
// candidates, each opening the registration to confirm or return it.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, digits, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_ } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, statusText, fullName, points, subjectName, comma } from './common.js';

const PAGE = 50;

export function ExamRegistrations({ id }) {
  const school = location_().query.get('school') ?? '';
  const [status, setStatus] = useState(location_().query.get('status') ?? '');
  const [session] = useGet(`/api/v1/exams/sessions/${id}`);
  const packName = session?.ok ? session.json.pack : null;
  const [pack] = useGet(packName ? `/api/v1/exams/packs/${encodeURIComponent(packName)}` : null);
  const [pages, setPages] = useState([null]); // the "after" of each page shown
  const [res, setRes] = useState(null);
  const after = pages[pages.length - 1];
  useEffect(() => {
    let live = true;
    setRes(null);
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (school) q.set('school', school);
    if (status) q.set('status', status);
    if (after) q.set('after', after);
    api('GET', `/api/v1/exams/sessions/${id}/registrations?${q}`).then((r) => { if (live) setRes(r); });
    return () => { live = false; };
  }, [id, school, status, after]);
  const failed = [session, res].find((r) => r && !r.ok);
  if (failed) return html`<section class="card"><${Title}>${t('ex.registrations')}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  // Subjects are named from the pack: wait for it, so no code shows first.
  if (!session || (session.ok && !pack)) return html`<${Loading} />`;
  const p = pack?.ok ? pack.json : null;
  const items = res?.json?.items ?? [];
  return html`
    <section class="card exam-registrations">
      <${Title}>${t('ex.registrations')}<//>
      <p class="lead"><bdi>${session.json.name}</bdi>${school && html` — <bdi class="code" dir="ltr">${school}</bdi>`}</p>
      <div class="inline">
        <${Field} id="exam-filter-status" label=${t('ex.status')} value=${status} onInput=${(v) => { setStatus(v); setPages([null]); }}
          options=${[['', t('ex.all')], ...['submitted', 'confirmed', 'returned'].map((s) => [s, statusText(s)])]} />
      </div>
      ${!res ? html`<${Loading} />` : html`
        <p class="meta exam-count" role="status">${t('ex.shown', { n: num(items.length) })}</p>
        <div class="table-wrap"><table class="exam-reg-list">
          <thead><tr><th scope="col">${t('ex.number')}</th><th scope="col">${t('ex.name')}</th><th scope="col">${t('ex.subjects')}</th>
            <th scope="col">${t('ex.category')}</th><th scope="col" class="n">${t('ex.bonus')}</th><th scope="col">${t('ex.status')}</th></tr></thead>
          <tbody>${items.map((r) => html`<tr>
            <th scope="row"><${Link} to=${`/exams/registrations/${r.id}`}><bdi dir="ltr">${digits(r.number)}</bdi><//></th>
            <td><bdi>${fullName(r.person)}</bdi>${r.kind === 'free' ? html` <span class="tag">${t('ex.kind_free')}</span>` : ''}</td>
            <td>${(r.subjects ?? []).map((c) => subjectName(p, c)).join(comma())}</td>
            <td><bdi>${r.category ?? '—'}</bdi></td><td class="n">${points(r.bonus)}</td>
            <td><span class=${`tag exam-status-${r.status}`}>${statusText(r.status)}</span></td></tr>`)}</tbody>
        </table></div>
        <p class="actions">
          ${pages.length > 1 && html`<button type="button" class="secondary" onClick=${() => setPages(pages.slice(0, -1))}>${t('ex.previous')}</button>`}
          ${res.json?.next && html`<button type="button" class="secondary" id="exam-next" onClick=${() => setPages([...pages, res.json.next])}>${t('ex.next')}</button>`}
        </p>`}
    </section>`;
}
