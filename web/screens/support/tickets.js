// A requester's own tickets (GET /support/tickets?view=mine) and the staff
// queue of one level (view=queue&org=CODE, or view=history: what the level
// escalated, read-only): overdue first, then by the next deadline, each
// deadline said as working time left in the country's calendar.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, href } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import {
  StatusTag, DueBadge, levelText, categoryName, itemsOf, queueOrder, isSupportStaff, staffOrgs,
  calendarOf, countryOf, useGet, when,
} from './common.js';

/** GET a list of tickets with QUERY (all pages up to 500 rows); null while asking. */
function useTickets(query) {
  const [res, setRes] = useState(null);
  useEffect(() => {
    let live = true;
    setRes(null);
    (async () => {
      const items = [];
      let after = null;
      for (let i = 0; i < 5; i++) {
        const q = new URLSearchParams(query);
        q.set('limit', '100');
        if (after) q.set('after', after);
        const r = await api('GET', `/api/v1/support/tickets?${q}`);
        if (!r.ok) return live && setRes(r);
        items.push(...itemsOf(r));
        after = r.json?.next;
        if (!after) break;
      }
      if (live) setRes({ ok: true, json: { items } });
    })();
    return () => { live = false; };
  }, [query]);
  return res;
}

export function MyTickets({ me }) {
  const res = useTickets('view=mine');
  const items = itemsOf(res);
  return html`
    <section class="card su-mine">
      <${Title}>${t('su.my_tickets')}<//>
      <p class="actions"><${Link} class="button-link" id="su-new" to="/support/new">${t('su.new_ticket')}<//>
        <${Link} to="/help">${t('su.help_title')}<//>
        ${isSupportStaff(me) && html`<${Link} to="/support/queue">${t('su.queue')}<//>`}</p>
      ${!res ? html`<${Loading} />` : !res.ok ? html`<${Notice} kind="error">${problemText(res.problem)}<//>`
        : !items.length ? html`<p>${t('su.none_mine')}</p>` : html`
        <ul class="plain su-list">${items.map((x) => html`<li class="su-item">
          <${Link} to=${`/support/tickets/${x.id}`}><bdi>${x.subject}</bdi><//>
          <p class="meta"><${StatusTag} status=${x.status} /><span>${categoryName(x.category)}</span>
            <span>${t('su.at_level', { level: levelText(x.level), org: x.org?.name ?? x.org?.code ?? '' })}</span>
            <span>${when(x.updated_at ?? x.created_at, x)}</span></p></li>`)}</ul>`}
    </section>`;
}

const STATUSES = { active: 'open,answered', waiting: 'waiting', done: 'resolved,closed', all: '' };

export function Queue({ me }) {
  const q = location_().query;
  const orgs = staffOrgs(me);
  const [org, setOrg] = useState(q.get('org') ?? orgs[0] ?? '');
  const [status, setStatus] = useState(q.get('status') ?? 'active');
  const [view, setView] = useState(q.get('view') === 'history' ? 'history' : 'queue');
  const [overdue, setOverdue] = useState(q.get('overdue') === '1');
  // The API answers the level and the orgs below it; a level's own queue is the default.
  const [below, setBelow] = useState(q.get('below') === '1');
  const params = new URLSearchParams({ view });
  if (org) params.set('org', org);
  if (STATUSES[status]) params.set('status', STATUSES[status]);
  if (overdue) params.set('overdue', '1');
  const query = params.toString();
  // The filters stay in the address (a reload or a shared link shows the same queue).
  useEffect(() => {
    const u = new URLSearchParams({ view, status });
    if (org) u.set('org', org);
    if (overdue) u.set('overdue', '1');
    if (below) u.set('below', '1');
    history.replaceState(null, '', href(`/support/queue?${u}`));
  }, [query, below]);
  const res = useTickets(query);
  const country = countryOf(org || (itemsOf(res)[0]?.org?.code ?? ''));
  const [cal] = useGet(country ? `/api/v1/support/calendars/${country}` : null);
  const [now] = useState(Date.now());
  const items = itemsOf(res).filter((x) => below || view === 'history' || !org || x.org?.code === org).sort(queueOrder);
  const calendar = cal?.ok ? calendarOf(cal.json) : null;
  const ready = res && (!country || cal);
  return html`
    <section class="card su-queue">
      <${Title}>${t('su.queue')}<//>
      <p class="actions su-links"><${Link} to="/support">${t('su.my_tickets')}<//> <${Link} to="/support/new">${t('su.new_ticket')}<//>
        <${Link} to=${`/support/reports${org ? `?org=${encodeURIComponent(org)}` : ''}`}>${t('su.reports')}<//>
        <${Link} to=${`/support/calendars/${countryOf(org) || 'IR'}`}>${t('su.calendars')}<//> <${Link} to="/help">${t('su.help_title')}<//></p>
      <div class="inline su-filters">
        ${orgs.length > 0 ? html`<${Field} id="su-queue-org" label=${t('su.level_org')} value=${org} onInput=${setOrg}
          options=${orgs.map((o) => [o, o])} dir="ltr" />`
          : html`<${Field} id="su-queue-org" label=${t('su.level_org')} value=${org} onInput=${setOrg} options=${[['', t('su.all_orgs')], ['IR', 'IR'], ['VN', 'VN']]} dir="ltr" />`}
        <${Field} id="su-queue-view" label=${t('su.view')} value=${view} onInput=${setView}
          options=${[['queue', t('su.view_queue')], ['history', t('su.view_history')]]} />
        <${Field} id="su-queue-status" label=${t('su.status')} value=${status} onInput=${setStatus}
          options=${[['active', t('su.filter_active')], ['waiting', t('su.status_waiting')], ['done', t('su.filter_done')], ['all', t('su.filter_all')]]} />
        <label class="check"><input type="checkbox" id="su-queue-overdue" checked=${overdue} onChange=${(e) => setOverdue(e.currentTarget.checked)} /> ${t('su.only_overdue')}</label>
        <label class="check"><input type="checkbox" id="su-queue-below" checked=${below} onChange=${(e) => setBelow(e.currentTarget.checked)} /> ${t('su.and_below')}</label>
      </div>
      ${!ready ? html`<${Loading} />` : !res.ok ? html`<${Notice} kind="error">${problemText(res.problem)}<//>` : html`
        <p class="meta" role="status" id="su-queue-count">${t('su.shown', { n: num(items.length) })}</p>
        ${items.length === 0 ? html`<p>${t('su.queue_empty')}</p>` : html`
        <div class="table-wrap"><table class="su-queue-table">
          <thead><tr><th scope="col">${t('su.deadline')}</th><th scope="col">${t('su.subject')}</th><th scope="col">${t('su.status')}</th>
            <th scope="col">${t('su.level')}</th><th scope="col">${t('su.origin')}</th><th scope="col" class="n">${t('su.escalations')}</th></tr></thead>
          <tbody>${items.map((x) => html`<tr class=${x.overdue || x.breached ? 'su-row-overdue' : ''} data-id=${x.id}>
            <td><${DueBadge} ticket=${x} cal=${calendar} now=${now} /></td>
            <th scope="row"><${Link} to=${`/support/tickets/${x.id}`}><bdi>${x.subject}</bdi><//>
              <span class="meta">${categoryName(x.category)}</span></th>
            <td><${StatusTag} status=${x.status} /></td>
            <td>${levelText(x.level)} <bdi class="code" dir="ltr">${x.org?.code}</bdi></td>
            <td><bdi>${x.origin?.name ?? x.origin?.code ?? ''}</bdi></td>
            <td class="n">${num(x.escalations ?? 0)}</td></tr>`)}</tbody>
        </table></div>`}`}
    </section>`;
}
