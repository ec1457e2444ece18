// An application's documents and the schools' review of them and of its
// claims (docs/admissions.md, "Documents and verification"). The family
// uploads each document the round asks for from a phone: the File itself is
// the body of POST .../documents?kind=K (no form encoding; the server checks
// the bytes). Staff of a ranked school or of the office mark each item
// verified or returned with a reason (POST .../reviews); the family sees
// what was returned and why, and replaces it.
import { html, useState } from '../../lib/html.js';
import { t, label, num, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isGuardian, isRegistrar } from '../../lib/session.js';
import { Field, Notice } from '../../lib/ui.js';
import { schoolText } from './common.js';

const ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp,image/heic';

/** The current document of each kind: the latest uploaded. */
function currentByKind(docs) {
  const m = new Map();
  for (const d of docs ?? []) {
    const old = m.get(d.kind);
    if (!old || d.id > old.id) m.set(d.kind, d);
  }
  return m;
}

/** A size in the reader's digits, in KB or MB. */
function size(n) {
  return n >= 1048576 ? t('adm.size_mb', { n: num(Math.round(n / 104857.6) / 10) }) : t('adm.size_kb', { n: num(Math.max(1, Math.round(n / 1024))) });
}

/** The claim a document supports, in words (a round's `claim`: area, siblings, categories, category:NAME). */
function claimText(claim) {
  if (claim === 'area') return t('adm.area');
  if (claim === 'siblings' || claim === 'sibling') return t('adm.siblings');
  if (claim.startsWith('category:')) return `${t('adm.categories')}: ${claim.slice(9)}`;
  if (claim === 'categories') return t('adm.categories');
  return claim;
}

/** What a review target is, in words. */
export { claimText };

export function targetText(target, app, round) {
  if (target.startsWith('document:')) {
    const d = app.documents?.find((x) => `document:${x.id}` === target);
    return t('adm.target_document', { kind: d ? label('doc_kind', d.kind) : target.slice(9) });
  }
  if (target === 'claim:area') return t('adm.target_area', { area: app.claims?.area ?? '' });
  if (target.startsWith('claim:sibling:')) return t('adm.target_sibling', { school: schoolText(round, target.slice(14)) });
  if (target.startsWith('claim:category:')) return t('adm.target_category', { category: target.slice(15) });
  return target;
}

function StateTag({ state }) {
  return html`<span class=${`tag review-${state}`}>${label('review', state)}</span>`;
}

/** One kind the round asks for: the current file, its review, and an upload. */
function Kind({ app, spec, doc, canUpload, onApp }) {
  // A document that supports a claim made is needed too (missing_documents says so).
  const needed = spec.required || (app.missing_documents ?? []).includes(spec.kind);
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const id = `file-${spec.kind}`;
  async function upload(e) {
    e.preventDefault();
    if (busy) return;
    if (!file) return setMsg({ kind: 'error', text: t('adm.choose_file_first') });
    setBusy(true);
    setMsg({ kind: 'info', text: t('adm.uploading') });
    const res = await api('POST', `/api/v1/admissions/applications/${app.id}/documents?kind=${encodeURIComponent(spec.kind)}`, file);
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: res.status === 200 ? t('adm.uploaded_same') : t('adm.uploaded') });
    setFile(null);
    e.currentTarget?.reset?.();
    onApp();
  }
  return html`
    <li class="adm-doc">
      <h3><span>${label('doc_kind', spec.kind)}</span>
        ${needed ? html`<span class="tag">${t('adm.required')}</span>` : html`<span class="tag">${t('adm.optional')}</span>`}
        ${doc ? html`<${StateTag} state=${doc.status} />` : needed && html`<span class="tag review-returned">${t('adm.missing')}</span>`}</h3>
      ${spec.claim && html`<p class="hint">${t('adm.supports', { claim: claimText(spec.claim) })}</p>`}
      ${doc && html`<p class="meta"><a href=${`/api/v1/admissions/applications/${app.id}/documents/${doc.id}`} download>${t('adm.download')}</a>
        <span>${doc.media_type}</span><span>${size(doc.size)}</span><span>${dateTime(doc.uploaded_at)}</span></p>`}
      ${doc?.status === 'returned' && html`<${Notice} kind="error">${t('adm.returned_because', { reason: doc.reason ?? '' })}<//>`}
      ${canUpload && html`
        <form class="inline adm-upload" onSubmit=${upload}>
          <div class="field"><label for=${id}>${doc ? t('adm.replace_file') : t('adm.choose_file')}</label>
            <input type="file" id=${id} accept=${ACCEPT} aria-describedby=${`${id}-hint`}
              onChange=${(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            <p class="hint" id=${`${id}-hint`}>${t('adm.file_hint')}</p></div>
          <button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('adm.upload')}</button>
        </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </li>`;
}

/** The family's view: each document asked for, what is missing, what was returned. */
export function Documents({ app, round, me, onApp }) {
  const asked = round?.documents ?? [];
  if (!asked.length && !(app.documents?.length)) return null;
  const docs = currentByKind(app.documents);
  const open = round?.status === 'open';
  const beforeSeal = !round?.sealed_at;
  const guardian = isGuardian(me);
  return html`
    <section class="card adm-documents" aria-labelledby="docs-h">
      <h2 id="docs-h">${t('adm.documents')}</h2>
      ${app.missing_documents?.length > 0 && html`<${Notice} kind="info">${t('adm.missing_list', { kinds: app.missing_documents.map((k) => label('doc_kind', k)).join('، ') })}<//>`}
      <ul class="plain adm-docs">${asked.map((spec) => {
        const doc = docs.get(spec.kind);
        // While open; after the close, only to replace what a school returned, until the seal.
        const canUpload = guardian && (open || (beforeSeal && doc?.status === 'returned'));
        return html`<${Kind} key=${spec.kind} app=${app} spec=${spec} doc=${doc} canUpload=${canUpload} onApp=${onApp} />`;
      })}</ul>
    </section>`;
}

/** One item to review: its state, who decided, and the two decisions. */
function ReviewItem({ app, round, target, item, canReview, onApp }) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  const key = target.replace(/[^a-zA-Z0-9_-]/g, '-');
  async function decide(decision) {
    if (busy) return;
    setBusy(true);
    const body = { target, decision };
    if (decision === 'returned') body.reason = reason.trim();
    const res = await api('POST', `/api/v1/admissions/applications/${app.id}/reviews`, body);
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: decision === 'verified' ? t('adm.marked_verified') : t('adm.marked_returned') });
    setReturning(false);
    setReason('');
    onApp(res.json);
  }
  return html`
    <li class="adm-review" data-target=${target}>
      <p><strong>${targetText(target, app, round)}</strong> <${StateTag} state=${item.status} /></p>
      ${item.at && html`<p class="meta"><bdi>${item.by ?? ''}</bdi><span>${dateTime(item.at)}</span>
        ${item.reason && html`<span>${t('adm.reason')}: <bdi>${item.reason}</bdi></span>`}</p>`}
      ${canReview && html`
        <div class="actions">
          <button type="button" id=${`verify-${key}`} aria-disabled=${busy ? 'true' : undefined} onClick=${() => decide('verified')}>${t('adm.verify')}</button>
          <button type="button" class="secondary" id=${`return-${key}`} aria-expanded=${returning ? 'true' : 'false'} onClick=${() => setReturning(!returning)}>${t('adm.return')}</button>
        </div>
        ${returning && html`
          <form class="inline" onSubmit=${(e) => { e.preventDefault(); decide('returned'); }}>
            <${Field} id=${`reason-${key}`} label=${t('adm.return_reason')} value=${reason} onInput=${setReason} required />
            <button type="submit">${t('adm.return_send')}</button>
          </form>`}`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </li>`;
}

/** The staff's view: every document and claim with its review, and the decisions. */
export function Reviews({ app, round, me, onApp }) {
  const entries = Object.entries(app.reviews ?? {});
  if (!entries.length || !isRegistrar(me)) return null;
  const canReview = !round?.sealed_at;
  return html`
    <section class="card adm-reviews" aria-labelledby="reviews-h">
      <h2 id="reviews-h">${t('adm.review_title')}</h2>
      <p class="lead">${t('adm.review_lead')}</p>
      ${(app.documents ?? []).length > 0 && html`<ul class="links">${[...currentByKind(app.documents).values()].map((d) => html`
        <li><a href=${`/api/v1/admissions/applications/${app.id}/documents/${d.id}`} download>${label('doc_kind', d.kind)}</a>
          <span class="meta">${d.media_type}, ${size(d.size)}</span></li>`)}</ul>`}
      <ul class="plain adm-review-list">${entries.map(([target, item]) => html`
        <${ReviewItem} key=${target} app=${app} round=${round} target=${target} item=${item} canReview=${canReview} onApp=${onApp} />`)}</ul>
    </section>`;
}
