// The school's review of a registration (docs/exams.md): the school exam
// officer (the school's administrator) confirms it, or returns it with a
// reason the candidate reads (POST .../review); every review is kept and
// listed, newest first.
import { html, useState } from '../../lib/html.js';
import { t, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Notice } from '../../lib/ui.js';
import { statusText, langHeader, instant } from './common.js';

export function Review({ reg, onReg, tz }) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  async function decide(decision) {
    if (busy) return;
    if (decision === 'returned' && !reason.trim()) {
      setMsg({ kind: 'error', text: t('ex.reason_required') });
      document.getElementById('exam-review-reason')?.focus();
      return;
    }
    setBusy(true);
    const body = { decision };
    if (decision === 'returned') body.reason = reason.trim();
    const res = await api('POST', `/api/v1/exams/registrations/${reg.id}/review`, body, undefined, langHeader());
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: decision === 'confirmed' ? t('ex.marked_confirmed') : t('ex.marked_returned') });
    setReturning(false);
    setReason('');
    onReg(res.json);
  }
  const reviews = [...(reg.reviews ?? [])].reverse();
  return html`
    <div class="exam-review no-print">
      <h2>${t('ex.review')}</h2>
      <p class="actions">
        <button type="button" id="exam-confirm" aria-disabled=${busy ? 'true' : undefined} onClick=${() => decide('confirmed')}>${t('ex.confirm')}</button>
        ${!returning && html`<button type="button" class="secondary" id="exam-return" onClick=${() => setReturning(true)}>${t('ex.return')}</button>`}
      </p>
      ${returning && html`<form class="stack" onSubmit=${(e) => { e.preventDefault(); decide('returned'); }}>
        <div class="field"><label for="exam-review-reason">${t('ex.return_reason')}</label>
          <textarea id="exam-review-reason" rows="3" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)}></textarea></div>
        <p class="actions"><button type="submit" id="exam-return-send">${t('ex.return_send')}</button>
          <button type="button" class="secondary" onClick=${() => setReturning(false)}>${t('common.cancel')}</button></p>
      </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
      ${reviews.length > 0 && html`<ul class="plain exam-reviews">${reviews.map((v) => html`
        <li><span class=${`tag exam-status-${v.decision}`}>${statusText(v.decision)}</span> <span>${instant(v.at, tz)}</span>
          ${v.by && html` <bdi>${v.by}</bdi>`}${v.reason && html` — <bdi>${v.reason}</bdi>`}</li>`)}</ul>`}
    </div>`;
}
