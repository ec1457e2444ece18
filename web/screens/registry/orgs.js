// The organisation tree, one level at a time, with the number of enrolled
// students under each node: GET /api/v1/orgs/{code}/children.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';

/** CODE's node and children; TITLED puts the org's name in an h1 (a screen) or h2 (a panel). */
export function OrgPanel({ code, titled = true }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    api('GET', `/api/v1/orgs/${encodeURIComponent(code)}/children`)
      .then((res) => setState(res.ok ? { org: res.json } : { problem: res.problem }));
  }, [code]);
  if (state.loading) return html`<${Loading} />`;
  if (state.problem) {
    const notice = html`<${Notice} kind="error">${problemText(state.problem)}<//>`;
    return titled ? html`<section class="card"><${Title}>${code}<//>${notice}</section>` : notice;
  }
  const o = state.org;
  const heading = html`<bdi>${o.name}</bdi> <bdi class="code" dir="ltr">${o.code}</bdi>`;
  return html`
    <section class="card org" aria-labelledby=${`org-${o.code}`}>
      ${titled ? html`<div id=${`org-${o.code}`}><${Title}>${heading}<//></div>`
               : html`<h2 id=${`org-${o.code}`}>${heading}</h2>`}
      <p class="meta">
        <span>${label('kind', o.kind)}</span>
        ${o.level && html`<span>${label('level', o.level)}</span>`}
        ${o.parent && html`<span>${t('org.parent')}: <${Link} to=${`/orgs/${o.parent}`}>${o.parent}<//></span>`}
      </p>
      <p class="big-count">${t('org.students', { n: num(o.students) })}</p>
      ${o.kind === 'school' && html`
        <p class="actions"><${Link} class="button-link" to=${`/students?school=${encodeURIComponent(o.code)}`}>${t('org.list_students')}<//></p>`}
      ${o.items.length > 0 && html`
        <div class="table-wrap">
          <table>
            <caption>${t('org.children', { n: num(o.items.length) })}</caption>
            <thead><tr>
              <th scope="col">${t('org.name')}</th><th scope="col">${t('org.kind')}</th>
              <th scope="col" class="n">${t('org.students_col')}</th>
            </tr></thead>
            <tbody>
              ${o.items.map((c) => html`
                <tr>
                  <th scope="row"><${Link} to=${`/orgs/${encodeURIComponent(c.code)}`}><bdi>${c.name}</bdi><//>
                    <bdi class="code" dir="ltr">${c.code}</bdi></th>
                  <td>${label('kind', c.kind)}${c.level ? ` · ${label('level', c.level)}` : ''}
                    ${c.children > 0 ? html` · ${t('org.sub', { n: num(c.children) })}` : ''}</td>
                  <td class="n">${num(c.students)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>`}
    </section>`;
}

export function OrgTree({ code }) {
  return html`<${OrgPanel} code=${code} key=${code} />`;
}

