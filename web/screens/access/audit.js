// Who read or changed a student's record: GET /api/v1/audit?student=ID, for
// officers in scope and for the child's guardians, newest first, paged.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, dateTime, digits } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { problemText } from '../../lib/i18n.js';

export function Audit({ id }) {
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [state, setState] = useState('loading');
  const [problem, setProblem] = useState(null);

  async function load(after) {
    const p = new URLSearchParams({ student: String(id), limit: '50' });
    if (after) p.set('after', after);
    const res = await api('GET', `/api/v1/audit?${p}`);
    if (!res.ok) { setProblem(problemText(res.problem)); return setState('error'); }
    setItems((old) => (after ? [...old, ...res.json.items] : res.json.items));
    setNext(res.json.next);
    setState('ok');
  }
  useEffect(() => { load(null); }, [id]);

  return html`
    <section class="card">
      <${Title}>${t('audit.title')}<//>
      <p>${t('audit.lead')} <${Link} to=${`/students/${id}`}>${t('audit.back', { id: digits(id) })}<//></p>
      ${state === 'loading' && html`<${Loading} />`}
      ${state === 'error' && html`<${Notice} kind="error">${problem}<//>`}
      ${items && items.length === 0 && html`<p>${t('audit.none')}</p>`}
      ${items && items.length > 0 && html`
        <div class="table-wrap"><table>
          <caption>${t('audit.caption')}</caption>
          <thead><tr><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.who')}</th>
            <th scope="col">${t('audit.what')}</th><th scope="col">${t('audit.result')}</th></tr></thead>
          <tbody>${items.map((a) => html`
            <tr class=${a.allowed ? '' : 'refused'}>
              <td>${dateTime(a.at)}</td>
              <td><bdi>${a.username}</bdi> — ${label('role', a.role)}${a.org && html` (<bdi dir="ltr">${a.org}</bdi>)`}</td>
              <td>${label('action', a.action)}</td>
              <td>${a.allowed ? t('audit.allowed') : t('audit.refused')}</td>
            </tr>`)}</tbody>
        </table></div>
        ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('search.more')}</button>`}`}
    </section>`;
}
