// After the placement: the family's offer (accept or decline it, POST
// .../accept and .../decline), its places on the waitlists of the schools
// it ranked higher, and its appeals (POST .../appeals) with the office's
// decisions (docs/admissions.md, "Offers and waitlists", "Appeals").
import { html, useState } from '../../lib/html.js';
import { t, label, num, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isGuardian } from '../../lib/session.js';
import { Notice } from '../../lib/ui.js';
import { SchoolName, schoolText } from './common.js';

export function Offer({ app, round, me, onApp }) {
  const [confirming, setConfirming] = useState(false);
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  const o = app.offer;
  if (!o) return null;
  const mayAnswer = isGuardian(me) && o.status === 'offered' && !round?.offers_closed_at;
  async function answer(verb) {
    if (busy) return;
    setBusy(true);
    const res = await api('POST', `/api/v1/admissions/applications/${app.id}/${verb}`);
    setBusy(false);
    setConfirming(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: verb === 'accept' ? t('adm.accepted_ok') : t('adm.declined_ok') });
    onApp(res.json);
  }
  return html`
    <section class="card adm-offer" aria-labelledby="offer-h">
      <h2 id="offer-h">${t('adm.offer')}</h2>
      <p class="big-count">${t('adm.offer_of')} <${SchoolName} round=${round} code=${o.school} /></p>
      <p class="adm-offer-status"><strong>${t('adm.status')}:</strong> <span class=${`tag offer-${o.status}`}>${label('offer', o.status)}</span>
        ${o.at && html` <span class="meta">${dateTime(o.at)}</span>`}</p>
      ${o.moved_from && html`<p>${t('adm.moved_up', { from: schoolText(round, o.moved_from), to: schoolText(round, o.school) })}</p>`}
      ${round?.offers_closed_at && o.status === 'offered' && html`<p class="hint">${t('error.offers_closed')}</p>`}
      ${mayAnswer && !confirming && html`<p class="actions">
        <button type="button" id="offer-accept" aria-disabled=${busy ? 'true' : undefined} onClick=${() => answer('accept')}>${t('adm.accept')}</button>
        <button type="button" class="secondary" id="offer-decline" onClick=${() => setConfirming(true)}>${t('adm.decline')}</button></p>`}
      ${mayAnswer && confirming && html`<div class="confirm" role="group" aria-labelledby="decline-q">
        <p id="decline-q">${t('adm.decline_confirm', { school: schoolText(round, o.school) })}</p>
        <p class="actions"><button type="button" id="offer-decline-yes" onClick=${() => answer('decline')}>${t('adm.decline_yes')}</button>
          <button type="button" class="secondary" onClick=${() => setConfirming(false)}>${t('common.cancel')}</button></p></div>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </section>`;
}

export function Waitlists({ app, round }) {
  if (!app.waitlists?.length) return null;
  return html`
    <section class="card adm-waitlists" aria-labelledby="wait-h">
      <h2 id="wait-h">${t('adm.waitlists')}</h2>
      <p class="lead">${t('adm.waitlists_lead')}</p>
      <ul class="plain">${app.waitlists.map((w) => html`
        <li class="adm-wait"><${SchoolName} round=${round} code=${w.school} />: <strong>${t('adm.position_n', { n: num(w.position) })}</strong></li>`)}</ul>
    </section>`;
}

function AppealLine({ a, round }) {
  return html`<li class="adm-appeal">
    <p><span class=${`tag appeal-${a.status}`}>${label('appeal', a.status)}</span> <span class="meta">${dateTime(a.filed_at)}</span></p>
    <p><bdi>${a.reason}</bdi></p>
    ${a.decision && html`<p class="adm-decision"><strong>${t('adm.decision')}:</strong> <bdi>${a.decision.reason ?? ''}</bdi>
      ${a.decision.school && html` — ${t('adm.placed_at')} <bdi>${schoolText(round, a.decision.school)}</bdi>`}
      <span class="meta"> ${dateTime(a.decision.at)}</span></p>`}
  </li>`;
}

export function Appeals({ app, round, me, onApp }) {
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!app.placement || !Array.isArray(app.appeals)) return null;
  const open = app.appeals.some((a) => a.status === 'open');
  const mayFile = isGuardian(me) && !open;
  if (!mayFile && !app.appeals.length) return null;
  async function file(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const res = await api('POST', `/api/v1/admissions/applications/${app.id}/appeals`, { reason: reason.trim() });
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setReason('');
    setMsg({ kind: 'ok', text: t('adm.appeal_filed') });
    onApp();
  }
  return html`
    <section class="card adm-appeals" aria-labelledby="appeals-h">
      <h2 id="appeals-h">${t('adm.appeals')}</h2>
      ${app.appeals.length > 0 && html`<ul class="plain">${app.appeals.map((a) => html`<${AppealLine} key=${a.id} a=${a} round=${round} />`)}</ul>`}
      ${mayFile && html`
        <form class="adm-appeal-form stack" onSubmit=${file} novalidate>
          <div class="field"><label for="appeal-reason">${t('adm.appeal_reason')}</label>
            <textarea id="appeal-reason" rows="4" maxlength="2000" aria-describedby="appeal-hint" value=${reason}
              onInput=${(e) => setReason(e.currentTarget.value)}></textarea>
            <p class="hint" id="appeal-hint">${t('adm.appeal_hint')}</p></div>
          <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('adm.appeal_send')}</button></p>
        </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </section>`;
}
