// What a level is told (GET /support/notices?org=&unread=1): a ticket
// escalated to it or away from it, sent back, breached. Each opens its
// ticket; "Mark as read" is POST /support/notices/{id}/read. The count of
// unread notices is shown in the menu (useUnreadNotices, app.js).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { isSupportStaff, itemsOf, when } from './common.js';

/** The number of unread notices of ME's levels, asked again when KEY changes (the path); null for non-staff. */
export function useUnreadNotices(me, key) {
  const [n, setN] = useState(null);
  // Not while a password must be changed: the API refuses everything else then.
  const staff = isSupportStaff(me) && !me?.must_change_password;
  useEffect(() => {
    let live = true;
    if (!staff) { setN(null); return undefined; }
    api('GET', '/api/v1/support/notices?unread=1&limit=100').then((r) => {
      if (!live || !r.ok) return;
      const j = r.json;
      setN(typeof j?.unread === 'number' ? j.unread : typeof j?.count === 'number' ? j.count : itemsOf(r).length);
    });
    return () => { live = false; };
  }, [staff, key]);
  return n;
}

function noticeText(x) {
  const org = x.org?.name ?? x.org?.code ?? x.org ?? '';
  switch (x.kind) {
    case 'escalated_in': case 'escalated_to': return t('su.nt_escalated_in', { org });
    case 'escalated_out': case 'escalated_from': return t('su.nt_escalated_out', { org });
    case 'escalated': return t('su.nt_escalated', { org });
    case 'sent_back': return t('su.nt_sent_back', { org });
    case 'breached': return t('su.nt_breached', { org });
    default: return t('su.nt_other', { org });
  }
}

export function Notices() {
  const [unread, setUnread] = useState(true);
  const [res, setRes] = useState(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setRes(null);
    api('GET', `/api/v1/support/notices?limit=100${unread ? '&unread=1' : ''}`).then((r) => { if (live) setRes(r); });
    return () => { live = false; };
  }, [unread, n]);
  const [error, setError] = useState(null);
  async function read(id) {
    const r = await api('POST', `/api/v1/support/notices/${id}/read`);
    if (!r.ok) return setError(problemText(r.problem));
    setError(null);
    setN((x) => x + 1);
  }
  const items = itemsOf(res);
  return html`
    <section class="card su-notices">
      <${Title}>${t('su.notices')}<//>
      <label class="check"><input type="checkbox" id="su-unread" checked=${unread} onChange=${(e) => setUnread(e.currentTarget.checked)} /> ${t('su.only_unread')}</label>
      ${error && html`<${Notice} kind="error">${error}<//>`}
      ${!res ? html`<${Loading} />` : !res.ok ? html`<${Notice} kind="error">${problemText(res.problem)}<//>` : html`
        <p class="meta" role="status">${t('su.shown', { n: num(items.length) })}</p>
        ${!items.length ? html`<p>${t('su.no_notices')}</p>` : html`<ul class="plain su-notice-list">${items.map((x) => {
          const ticket = x.ticket?.id ?? x.ticket_id ?? x.ticket;
          const subject = x.ticket?.subject ?? x.subject ?? '';
          return html`<li class=${`su-notice${x.read_at ? '' : ' su-unread'}`}>
            <p>${noticeText(x)}: <${Link} to=${`/support/tickets/${ticket}`}><bdi>${subject || `#${ticket}`}</bdi><//></p>
            <p class="meta"><span>${when(x.created_at, { org: { code: x.org?.code ?? x.org ?? '' } })}</span>
              ${x.read_at ? html`<span>${t('su.read_at')}</span>`
                : html`<button type="button" class="secondary" onClick=${() => read(x.id)}>${t('su.mark_read')}</button>`}</p></li>`;
        })}</ul>`}`}
    </section>`;
}
