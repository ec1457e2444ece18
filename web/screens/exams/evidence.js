// A registration's evidence (docs/exams.md, "Evidence, review and free
// candidates"): each claim (the priority category, each exemption) needs a
// file; the candidate uploads it from a phone as the raw body of
// POST .../evidence?kind=&code= (the server types it by its bytes), and the
// candidate and the reviewing staff open what was stored.
import { html, useState } from '../../lib/html.js';
import { t, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Notice } from '../../lib/ui.js';
import { named, isCandidate, windowState, instant } from './common.js';

const ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp,image/heic';

function size(n) {
  return n >= 1048576 ? t('ex.size_mb', { n: num(Math.round(n / 104857.6) / 10) }) : t('ex.size_kb', { n: num(Math.max(1, Math.round(n / 1024))) });
}

/** The claims of R that need evidence: [{kind, code, name}]. */
export function claims(r, pack) {
  const out = [];
  if (r.category) out.push({ kind: 'category', code: r.category, name: t('ex.category_named', { category: r.category }) });
  for (const c of r.exemptions ?? []) {
    out.push({ kind: 'exemption', code: c, name: named(pack?.exemptions?.find((e) => e.code === c)?.names, c) });
  }
  return out;
}

function Claim({ r, claim, files, canUpload, onReg, tz }) {
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const id = `file-${claim.kind}-${claim.code}`;
  async function upload(e) {
    e.preventDefault();
    if (busy) return;
    if (!file) return setMsg({ kind: 'error', text: t('ex.choose_file_first') });
    setBusy(true);
    setMsg({ kind: 'info', text: t('ex.uploading') });
    const q = `kind=${encodeURIComponent(claim.kind)}&code=${encodeURIComponent(claim.code)}`;
    const res = await api('POST', `/api/v1/exams/registrations/${r.id}/evidence?${q}`, file);
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: t('ex.uploaded') });
    setFile(null);
    onReg(res.json);
  }
  return html`
    <li class="adm-doc exam-claim">
      <h3><bdi>${claim.name}</bdi> ${files.length
        ? html`<span class="tag">${t('ex.evidence_given')}</span>`
        : html`<span class="tag review-returned">${t('ex.evidence_missing')}</span>`}</h3>
      ${files.map((f) => html`<p class="meta"><a href=${`/api/v1/exams/registrations/${r.id}/evidence/${f.id}`} download>${t('ex.open_file')}</a>
        <span>${f.media_type}</span>${f.size ? html`<span>${size(f.size)}</span>` : ''}<span>${instant(f.uploaded_at, tz)}</span></p>`)}
      ${canUpload && html`
        <form class="inline adm-upload" onSubmit=${upload}>
          <div class="field"><label for=${id}>${files.length ? t('ex.replace_file') : t('ex.choose_file')}</label>
            <input type="file" id=${id} accept=${ACCEPT} aria-describedby=${`${id}-hint`}
              onChange=${(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            <p class="hint" id=${`${id}-hint`}>${t('ex.file_hint')}</p></div>
          <button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('ex.upload')}</button>
        </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </li>`;
}

export function Evidence({ reg, pack, session, me, onReg }) {
  const wanted = claims(reg, pack);
  if (!wanted.length && !reg.evidence?.length) return null;
  const canUpload = isCandidate(me) && (!session || windowState(session) === 'open');
  return html`
    <section class="card exam-evidence no-print" aria-labelledby="exam-evidence-h">
      <h2 id="exam-evidence-h">${t('ex.evidence')}</h2>
      <p class="hint">${t('ex.evidence_hint')}</p>
      <ul class="plain adm-docs">${wanted.map((c) => html`<${Claim} key=${`${c.kind}-${c.code}`} r=${reg} claim=${c}
        files=${(reg.evidence ?? []).filter((f) => f.kind === c.kind && f.code === c.code)} canUpload=${canUpload} onReg=${onReg} tz=${session?.time_zone} />`)}</ul>
    </section>`;
}
