// Signed school records in the web app (docs/records.md, "Printing" and
// "Verification"): a student's records (GET /api/v1/records?student=), the
// printable record (the credential, its QR code from
// GET /api/v1/records/{id}/qr.svg and the short verification code), the
// holder's sharing switch, and the public /verify page (no login), which
// shows GET /api/v1/public/records/{uuid} and checks a pasted or uploaded
// credential with POST /api/v1/verify.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, digits, date, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { isGuardian, isStudent } from '../../lib/session.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { markText } from '../../lib/teaching.js';

const bare = (uuid) => uuid.replace(/^urn:uuid:/, '');
const statusText = (st) => (st === 'sealed' ? t('records.status_sealed')
  : st === 'superseded' ? t('records.status_superseded') : t('records.status_unsealed'));
// Results are decimal strings ("6.2") or the policy's codes.
const mark = (v) => (typeof v === 'string' && /^[0-9]/.test(v) ? digits(v) : markText(v ?? null));
const roleText = (role) => (role === 'principal' ? t('records.principal') : t('records.homeroom_teacher'));

/** A student's signed records, each with a link to its printable sheet. */
export function StudentRecords({ id }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    api('GET', `/api/v1/records?student=${encodeURIComponent(id)}&limit=50`).then(setState);
  }, [id]);
  let body;
  if (!state) body = html`<${Loading} />`;
  else if (!state.ok) body = html`<${Notice} kind="error">${problemText(state.problem)}<//>`;
  else if (!state.json.items.length) body = html`<p>${t('records.none')}</p>`;
  else body = html`<ul class="plain records">${state.json.items.map((r) => html`
    <li class="record-row">
      <span>${t('student.school_year')} ${digits(r.school_year)}</span>
      <span>${t('student.grade')} ${num(r.grade)}</span>
      <bdi dir="ltr" class="code">${r.school}</bdi>
      <span>${statusText(r.status)}</span>
      ${(r.status === 'sealed' || r.status === 'superseded') &&
        html`<${Link} class="button-link" to=${`/records/${r.id}/print`}>${t('records.print')}<//>`}
    </li>`)}</ul>`;
  return html`<section class="card stack"><${Title}>${t('records.title')}<//>${body}
    <p><${Link} to=${`/students/${id}`}>${t('report.back')}<//></p></section>`;
}

function Signature({ role, who, at }) {
  return html`<div class="signature">
    <div class="sig-role">${roleText(role)}</div>
    ${who && html`<div><bdi>${who}</bdi></div>`}
    <div class="sig-date">${at ? dateTime(at) : '—'}</div>
  </div>`;
}

/** The holder's switch: the public page shows the whole record, or only its minimal view. */
function ShareSwitch({ id, shared, onChange }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  async function toggle(e) {
    const full = e.currentTarget.checked;
    setBusy(true);
    const res = await api('POST', `/api/v1/records/${id}/share`, { full });
    setBusy(false);
    if (res.ok) { setProblem(null); onChange(res.json.shared); } else setProblem(res.problem);
  }
  return html`<div class="no-print">
    <label class="check"><input type="checkbox" id="share-full" checked=${shared} disabled=${busy} onChange=${toggle} />
      ${t('records.share_full')}</label>
    <p class="hint">${t('records.share_hint')}</p>
    ${problem && html`<${Notice} kind="error">${problemText(problem)}<//>`}
  </div>`;
}

/**
 * The credential of record ID with what the sheet shows beside it: its row
 * in the student's records (the signers' names) and its public view (the
 * verification code, the sharing state); null for a part that could not be
 * read. Or { problem }.
 */
async function sheetData(id) {
  const res = await api('GET', `/api/v1/records/${encodeURIComponent(id)}`);
  if (!res.ok) return { problem: res.problem };
  const cred = res.json;
  const [list, pub] = await Promise.all([
    api('GET', `/api/v1/records?student=${encodeURIComponent(cred.credentialSubject?.tabulaId)}&limit=50`),
    api('GET', `/api/v1/public/records/${bare(cred.id)}`),
  ]);
  return {
    cred,
    summary: (list.ok && list.json.items.find((x) => String(x.id) === String(id))) || null,
    pub: pub.ok ? pub.json : null,
  };
}

/**
 * The printable record: one sheet, in the page's direction. It is drawn
 * once every answer it shows is in, so that it never shows (or prints) a
 * signature without its signer.
 */
export function PrintRecord({ id, me }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    let current = true;
    setState(null);
    sheetData(id).then((d) => { if (current) setState(d); });
    return () => { current = false; };
  }, [id]);

  if (!state) return html`<${Loading} />`;
  if (state.problem) {
    return html`<section class="card"><${Title}>${t('records.sheet')}<//>
      <${Notice} kind="error">${problemText(state.problem)}<//></section>`;
  }
  const { cred, summary, pub } = state;
  const s = cred.credentialSubject;
  const sr = s.schoolRecord;
  const proofs = Array.isArray(cred.proof) ? cred.proof : [];
  const row = (k, v) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`;
  const holder = isGuardian(me) || isStudent(me);
  return html`
    <div class="stack">
      <div class="card no-print actions">
        <button type="button" id="print-record" onClick=${() => window.print()}>${t('report.print')}</button>
        <${Link} class="button-link" to=${`/students/${s.tabulaId}/records`}>${t('records.title')}<//>
        ${holder && pub && html`<${ShareSwitch} id=${id} shared=${pub.shared} onChange=${(v) => setState((st) => ({ ...st, pub: { ...st.pub, shared: v } }))} />`}
      </div>
      <article class="card record-sheet" aria-labelledby="rs-title">
        <header class="rc-head">
          <div id="rs-title"><${Title}>${t('records.sheet')}<//></div>
          <p class="rs-school"><bdi>${cred.issuer?.name}</bdi> <bdi class="code" dir="ltr">${cred.issuer?.code}</bdi></p>
          <dl class="facts">
            ${row(t('records.student'), html`<bdi>${s.givenName} ${s.familyName}</bdi>`)}
            ${s.birthDate && row(t('records.birth_date'), date(s.birthDate))}
            ${s.nationalId && row(t('records.national_id'), html`<bdi dir="ltr">${digits(s.nationalId.value)}</bdi>`)}
            ${row(t('student.school_year'), digits(sr.schoolYear))}
            ${row(t('student.grade'), num(sr.grade))}
            ${row(t('student.class'), html`<bdi>${sr.class}</bdi>`)}
          </dl>
        </header>
        <div class="table-wrap">
          <table class="rc">
            <caption>${t('report.subjects')}</caption>
            <thead><tr>
              <th scope="col">${t('grades.subject')}</th>
              <th scope="col" class="rc-col">${label('term', '1')}</th>
              <th scope="col" class="rc-col">${label('term', '2')}</th>
              <th scope="col" class="rc-col">${t('report.year')}</th>
            </tr></thead>
            <tbody>${(sr.subjects ?? []).map((x) => html`<tr>
              <th scope="row"><bdi>${x.name}</bdi></th>
              ${[0, 1].map((k) => html`<td>${mark(x.terms?.[k])}</td>`)}
              <td class="rc-year">${mark(x.year ?? x.average)}</td>
            </tr>`)}</tbody>
            <tfoot><tr>
              <th scope="row">${t('report.result')}</th>
              ${[0, 1].map((k) => html`<td class="rc-result">${sr.outcome?.termResults?.[k] ? label('result', sr.outcome.termResults[k]) : '—'}</td>`)}
              <td class="rc-result">${sr.outcome?.result ? label('result', sr.outcome.result) : '—'}</td>
            </tr></tfoot>
          </table>
        </div>
        <div class="rs-foot">
          <div class="signatures">
            <${Signature} role="homeroom_teacher" who=${summary?.homeroom_teacher?.username} at=${proofs[0]?.created} />
            <${Signature} role="principal" who=${summary?.principal?.username} at=${proofs[1]?.created} />
          </div>
          <figure class="rs-qr">
            <img src=${`/api/v1/records/${encodeURIComponent(id)}/qr.svg`} alt=${t('records.qr_alt')} width="148" height="160" />
            <figcaption>
              <div>${t('records.code')}: <bdi dir="ltr" class="code" id="verification-code">${pub?.code ?? '—'}</bdi></div>
              <div class="hint"><bdi dir="ltr">/verify/${bare(cred.id)}</bdi></div>
            </figcaption>
          </figure>
        </div>
        <p class="hint rc-printed">${t('report.printed', { date: date(new Date().toISOString()) })}</p>
      </article>
    </div>`;
}

function Checks({ result }) {
  return html`
    <p class=${`verdict ${result.valid ? 'ok' : 'bad'}`} id="verdict" role="status">
      ${result.valid ? t('verify.valid') : t('verify.invalid')}</p>
    <ul class="plain checks">${result.checks.map((k) => html`
      <li class=${k.ok ? 'ok' : 'bad'} data-check=${k.check}>
        <span class="mark" aria-hidden="true">${k.ok ? '✓' : '✗'}</span>
        <span class="sr-only">${k.ok ? t('verify.passed') : t('verify.failed')}</span>
        <bdi dir="ltr" class="code">${k.check}</bdi> <bdi dir="ltr" class="hint">${k.detail}</bdi>
      </li>`)}</ul>
    ${result.status === 'superseded' && html`<${Notice} kind="error">${t('verify.superseded')}<//>`}`;
}

/** The box where anyone pastes or uploads a credential and sees each check. */
function CheckBox() {
  const [text, setText] = useState('');
  const [result, setResult] = useState(null);
  const [problem, setProblem] = useState(null);
  async function check(body) {
    setResult(null);
    setProblem(null);
    const res = await api('POST', '/api/v1/verify', body, 'application/json');
    if (res.ok) setResult(res.json); else setProblem(res.problem);
  }
  function submit(e) {
    e.preventDefault();
    try { JSON.parse(text); } catch { setProblem({ title: t('verify.not_json') }); return; }
    check(text);
  }
  async function upload(e) {
    const f = e.currentTarget.files?.[0];
    if (!f) return;
    const body = await f.text();
    setText(body);
    check(body);
  }
  return html`<section class="card stack" aria-labelledby="check-title">
    <h2 id="check-title">${t('verify.check_title')}</h2>
    <p>${t('verify.check_lead')}</p>
    <form class="stack" onSubmit=${submit}>
      <label for="credential">${t('verify.paste')}</label>
      <textarea id="credential" rows="6" dir="ltr" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      <label for="credential-file">${t('verify.upload')}</label>
      <input type="file" id="credential-file" accept=".json,application/json,application/vc" onChange=${upload} />
      <p><button type="submit" id="check-credential">${t('verify.check')}</button></p>
    </form>
    ${problem && html`<${Notice} kind="error">${problem.title ?? problemText(problem)}<//>`}
    ${result && html`<div id="check-result">${Checks({ result })}</div>`}
  </section>`;
}

/** /verify/{uuid}: the public page, no login. */
export function Verify({ id }) {
  const [state, setState] = useState(id ? null : { none: true });
  useEffect(() => {
    if (!id) return;
    api('GET', `/api/v1/public/records/${encodeURIComponent(id)}`).then(setState);
  }, [id]);
  let body;
  if (!state) body = html`<${Loading} />`;
  else if (state.none) body = null;
  else if (!state.ok) body = html`<${Notice} kind="error">${t('verify.unknown')}<//>`;
  else {
    const v = state.json;
    const row = (k, x) => html`<div><dt>${k}</dt><dd>${x}</dd></div>`;
    body = html`<div class="stack" id="public-record">
      ${Checks({ result: v })}
      <dl class="facts">
        ${row(t('student.school'), html`<bdi>${v.school_name}</bdi> <bdi class="code" dir="ltr">${v.school}</bdi>`)}
        ${row(t('student.school_year'), digits(v.school_year ?? ''))}
        ${row(t('student.grade'), num(v.grade))}
        ${row(t('report.result'), v.outcome ? label('result', v.outcome) : '—')}
        ${row(t('records.code'), html`<bdi dir="ltr" class="code">${v.code}</bdi>`)}
        ${row(t('verify.state'), v.status === 'superseded' ? t('records.status_superseded') : t('records.status_sealed'))}
        ${v.signers.map((x) => row(roleText(x.role), dateTime(x.at)))}
      </dl>
      ${v.credential ? html`<div class="stack"><h2>${t('verify.shared')}</h2>
        <p><bdi>${v.credential.credentialSubject.givenName} ${v.credential.credentialSubject.familyName}</bdi></p>
        <table class="rc"><tbody>${(v.credential.credentialSubject.schoolRecord.subjects ?? []).map((x) => html`
          <tr><th scope="row"><bdi>${x.name}</bdi></th><td>${mark(x.year ?? x.average)}</td></tr>`)}</tbody></table></div>`
        : html`<p class="hint">${t('verify.minimal')}</p>`}
    </div>`;
  }
  return html`<div class="stack">
    <section class="card stack"><${Title}>${t('verify.title')}<//><p>${t('verify.lead')}</p>${body}</section>
    <${CheckBox} />
  </div>`;
}
