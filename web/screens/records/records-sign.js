// Signing school records in the web app (docs/records.md, "Workflow"): on a
// class page the homeroom teacher sees the class's year-end records, can
// assemble drafts (POST /api/v1/classes/{id}/records) and sign the class in
// one action (POST /api/v1/classes/{id}/records/sign); on the school home a
// principal sees how many records of the year await the seal and seals the
// school's year (POST /api/v1/orgs/{code}/records/sign). Both actions ask for
// a confirmation that says what is being signed.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, num, digits, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Link, Loading, Notice } from '../../lib/ui.js';

const STATUS = {
  draft: () => t('records.status_draft'),
  teacher_signed: () => t('records.status_teacher_signed'),
  sealed: () => t('records.status_sealed'),
  superseded: () => t('records.status_superseded'),
};
const statusText = (s) => (STATUS[s] ? STATUS[s]() : s);
const printable = (r) => r.status === 'sealed' || r.status === 'superseded';

/** GET /api/v1/records?school=&year= (every page), or { problem }. */
async function schoolRecords(school, year) {
  const items = [];
  let after = 0;
  for (;;) {
    const res = await api('GET', `/api/v1/records?school=${encodeURIComponent(school)}&year=${encodeURIComponent(year)}&limit=500${after ? `&after=${after}` : ''}`);
    if (!res.ok) return { problem: res.problem };
    items.push(...res.json.items);
    if (!res.json.next || items.length >= 5000) return { items };
    after = res.json.next;
  }
}

/** The records as a list: student, status, signers, and print/verify links once sealed. */
function RecordList({ items, id }) {
  if (!items.length) return html`<p id=${id}>${t('records.none_yet')}</p>`;
  return html`<ul class="plain records" id=${id}>${items.map((r) => html`
    <li class="record-row" data-status=${r.status}>
      <${Link} to=${`/students/${r.student}`}><bdi>${r.given_name} ${r.family_name}</bdi><//>
      <span class="tag">${statusText(r.status)}</span>
      ${r.homeroom_teacher && html`<span class="hint">${t('records.homeroom_teacher')}: <bdi>${r.homeroom_teacher.username}</bdi></span>`}
      ${r.principal && html`<span class="hint">${t('records.principal')}: <bdi>${r.principal.username}</bdi></span>`}
      ${printable(r) && html`
        <${Link} class="button-link" to=${`/records/${r.id}/print`}>${t('records.print')}<//>
        <${Link} to=${`/verify/${r.uuid.replace(/^urn:uuid:/, '')}`}>${t('records.verify')}<//>`}
    </li>`)}</ul>`;
}

/**
 * A confirmation in the page (no window.confirm): it says what is being
 * signed, takes focus, and is answered with its two buttons (Escape cancels).
 */
function Confirm({ id, text, yes, onYes, onNo, busy }) {
  const ref = useRef(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return html`
    <div class="confirm" role="group" aria-labelledby=${`${id}-text`} id=${id}
      onKeyDown=${(e) => { if (e.key === 'Escape') onNo(); }}>
      <p id=${`${id}-text`} tabindex="-1" ref=${ref}>${text}</p>
      <p class="actions">
        <button type="button" id=${`${id}-yes`} disabled=${busy} onClick=${onYes}>${yes}</button>
        <button type="button" class="secondary" id=${`${id}-no`} disabled=${busy} onClick=${onNo}>${t('common.cancel')}</button>
      </p>
    </div>`;
}

/** What a bulk answer says: how many were signed/sealed, stale, incomplete. */
function BatchResult({ res, doneKey, doneText }) {
  const stale = res.stale?.length ?? 0;
  const incomplete = res.incomplete?.length ?? 0;
  return html`<div class="stack" id="records-result">
    <${Notice} kind="ok">${doneText(num(res[doneKey] ?? 0))}<//>
    ${stale > 0 && html`<${Notice} kind="error">${t('records.stale_n', { n: num(stale) })}<//>`}
    ${incomplete > 0 && html`<${Notice} kind="error">${t('records.incomplete_n', { n: num(incomplete) })}<//>`}
  </div>`;
}

/** A class's year-end records, for its homeroom teacher (sign) and the school's registrars (assemble). */
export function ClassRecords({ cls, canSign }) {
  const [state, setState] = useState(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [result, setResult] = useState(null);
  const signRef = useRef(null);

  async function load() {
    const r = await schoolRecords(cls.school, cls.school_year);
    setState(r.problem ? r : { items: r.items.filter((x) => x.class === cls.name) });
  }
  useEffect(() => { load(); }, [cls.id]);

  async function run(path, doneKey, doneText) {
    setBusy(true);
    setProblem(null);
    setResult(null);
    const res = await api('POST', path);
    setBusy(false);
    setAsking(false);
    if (res.ok) setResult({ json: res.json, doneKey, doneText });
    else setProblem(res.problem);
    await load();
    signRef.current?.focus();
  }
  const assemble = () => run(`/api/v1/classes/${cls.id}/records`, 'created', (n) => t('records.created_n', { n }));
  const sign = () => run(`/api/v1/classes/${cls.id}/records/sign`, 'signed', (n) => t('records.signed_n', { n }));

  const items = state?.items ?? [];
  const drafts = items.filter((x) => x.status === 'draft').length;
  return html`
    <section class="card stack" aria-labelledby="class-records-h" id="class-records">
      <h2 id="class-records-h">${t('records.class_title', { year: digits(cls.school_year) })}</h2>
      <p class="hint">${t('records.class_lead')}</p>
      ${!state && html`<${Loading} />`}
      ${state?.problem && html`<${Notice} kind="error">${problemText(state.problem)}<//>`}
      ${state?.items && html`<${RecordList} items=${items} id="class-record-list" />`}
      ${problem && html`<${Notice} kind="error">${problemText(problem)}<//>`}
      ${result && html`<${BatchResult} res=${result.json} doneKey=${result.doneKey} doneText=${result.doneText} />`}
      ${asking
        ? html`<${Confirm} id="confirm-sign" busy=${busy} yes=${t('records.sign_yes')} onYes=${sign}
            onNo=${() => { setAsking(false); signRef.current?.focus(); }}
            text=${t('records.sign_confirm', { class: cls.name, year: digits(cls.school_year), n: num(cls.students?.length ?? 0), drafts: num(drafts) })} />`
        : html`<p class="actions">
            <button type="button" class="secondary" id="assemble-records" disabled=${busy} onClick=${assemble}>${t('records.assemble')}</button>
            ${canSign && html`<button type="button" id="sign-class" ref=${signRef} disabled=${busy} onClick=${() => setAsking(true)}>${t('records.sign_class')}</button>`}
          </p>`}
    </section>`;
}

/** Years a principal may seal: the classes' year and the one before. */
function yearsFrom(year) {
  const y = Number(String(year).slice(0, 4));
  return [`${y}-${y + 1}`, `${y - 1}-${y}`];
}

/** The school's records of a year, for a principal: how many await the seal, and sealing them all. */
export function SchoolSeal({ school, year }) {
  const years = yearsFrom(year);
  const [chosen, setChosen] = useState(years[0]);
  const [state, setState] = useState(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [result, setResult] = useState(null);
  const sealRef = useRef(null);

  async function load(y = chosen) {
    setState(null);
    setState(await schoolRecords(school, y));
  }
  useEffect(() => { load(chosen); }, [school, chosen]);

  async function seal() {
    setBusy(true);
    setProblem(null);
    setResult(null);
    const res = await api('POST', `/api/v1/orgs/${encodeURIComponent(school)}/records/sign`, { school_year: chosen });
    setBusy(false);
    setAsking(false);
    if (res.ok) setResult(res.json); else setProblem(res.problem);
    await load();
    sealRef.current?.focus();
  }

  const items = state?.items ?? [];
  const waiting = items.filter((x) => x.status === 'teacher_signed').length;
  const sealed = items.filter((x) => x.status === 'sealed').length;
  const drafts = items.filter((x) => x.status === 'draft').length;
  return html`
    <section class="card stack" aria-labelledby="seal-h" id="school-seal">
      <h2 id="seal-h">${t('records.seal_title')}</h2>
      <${Field} id="seal-year" label=${t('student.school_year')} value=${chosen}
        onInput=${(v) => { setResult(null); setProblem(null); setAsking(false); setChosen(v); }}
        options=${years.map((y) => [y, digits(y)])} />
      ${!state && html`<${Loading} />`}
      ${state?.problem && html`<${Notice} kind="error">${problemText(state.problem)}<//>`}
      ${state?.items && html`
        <p id="seal-counts" role="status">${t('records.seal_counts', { waiting: num(waiting), sealed: num(sealed), drafts: num(drafts) })}</p>`}
      ${problem && html`<${Notice} kind="error">${problemText(problem)}<//>`}
      ${result && html`<${BatchResult} res=${result} doneKey="sealed" doneText=${(n) => t('records.sealed_n', { n })} />`}
      ${asking
        ? html`<${Confirm} id="confirm-seal" busy=${busy} yes=${t('records.seal_yes')} onYes=${seal}
            onNo=${() => { setAsking(false); sealRef.current?.focus(); }}
            text=${t('records.seal_confirm', { n: num(waiting), school, year: digits(chosen) })} />`
        : state?.items && html`<p class="actions">
            <button type="button" id="seal-year-button" ref=${sealRef} disabled=${busy || waiting === 0}
              onClick=${() => setAsking(true)}>${t('records.seal_school')}</button>
          </p>`}
      ${state?.items && items.length > 0 && html`
        <details class="seal-list" open=${Boolean(result)}>
          <summary>${t('records.list_n', { n: num(items.length) })}</summary>
          <${RecordList} items=${items} id="school-record-list" />
        </details>`}
    </section>`;
}
