// The admission card (/exams/registrations/:id/card, printable): the
// candidate's number, site, room and seat, with the QR of the signed card
// (GET .../card with Accept: image/svg+xml) that any phone verifies offline
// (docs/exams.md, "Rooms, numbers and cards"); and the results
// (/exams/registrations/:id/results) with a re-marking request while the
// window for it is open.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, digits, date, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { asciiDecimal } from '../../lib/text.js';
import { useGet, fullName, subjectName, instant, langHeader, points, isCandidate } from './common.js';

/** The card's QR as a data: URL (the CSP allows images from data: and self only). */
function useQr(id) {
  const [src, setSrc] = useState(null);
  useEffect(() => {
    let live = true;
    fetch(`/api/v1/exams/registrations/${id}/card`, { headers: { accept: 'image/svg+xml' }, credentials: 'same-origin' })
      .then((r) => (r.ok && /svg/.test(r.headers.get('content-type') ?? '') ? r.text() : null))
      .then((svg) => { if (live && svg) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`); })
      .catch(() => {});
    return () => { live = false; };
  }, [id]);
  return src;
}

export function ExamCard({ id }) {
  const [res] = useGet(`/api/v1/exams/registrations/${id}/card`);
  const packName = res?.ok ? res.json.credential?.credentialSubject?.pack : null;
  const [packRes] = useGet(packName ? `/api/v1/exams/packs/${encodeURIComponent(packName)}` : null);
  const pack = packRes?.ok ? packRes.json : null;
  const qr = useQr(id);
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('ex.card')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  // The subjects are named from the pack: wait for it, so no code shows first.
  if (!res || (packName && !packRes)) return html`<${Loading} />`;
  const c = res.json;
  const d = { ...(c.credential?.credentialSubject ?? {}), candidate_number: c.candidate_number };
  const person = { given_name: d.given_name, family_name: d.family_name, birth_date: d.birth_date };
  return html`
    <section class="card exam-card">
      <${Title}>${t('ex.card')}<//>
      ${d.session && html`<p class="lead"><bdi>${d.session}</bdi></p>`}
      <div class="exam-card-body">
        <dl class="facts">
          <div><dt>${t('ex.candidate_number')}</dt><dd class="big-count"><bdi dir="ltr" id="exam-card-number">${digits(d.candidate_number)}</bdi></dd></div>
          <div><dt>${t('ex.name')}</dt><dd><bdi>${fullName(person)}</bdi></dd></div>
          ${person.birth_date && html`<div><dt>${t('ex.birth_date')}</dt><dd>${date(person.birth_date)}</dd></div>`}
          <div><dt>${t('ex.site')}</dt><dd><bdi>${d.site?.name ?? d.site?.code ?? ''}</bdi></dd></div>
          <div><dt>${t('ex.room')}</dt><dd>${num(d.room ?? 0)}</dd></div>
          <div><dt>${t('ex.seat')}</dt><dd>${num(d.seat ?? 0)}</dd></div>
          ${d.subjects?.length > 0 && html`<div><dt>${t('ex.subjects')}</dt><dd>${d.subjects.map((x) => subjectName(pack, x)).join(' · ')}</dd></div>`}
        </dl>
        ${qr && html`<figure class="rs-qr"><img src=${qr} alt=${t('ex.qr_alt')} width="280" height="288" /></figure>`}
      </div>
      <p class="hint">${t('ex.card_hint')}</p>
      <p class="actions no-print"><button type="button" onClick=${() => window.print()}>${t('ex.print')}</button>
        <${Link} to=${`/exams/registrations/${id}`}>${t('ex.back_to_receipt')}<//></p>
    </section>`;
}

/** A re-marking request in words: asked, or decided with the new score. */
function remarkText(m) {
  if (m.new_score !== null && m.new_score !== undefined) return t('ex.remark_decided', { old: points(m.old_score), score: points(m.new_score) });
  return t('ex.remark_asked');
}

/** The office's decision on a re-marking request: the new score (or the same). */
function Decide({ remark, subject, onDone }) {
  const [score, setScore] = useState('');
  const [msg, setMsg] = useState(null);
  const fid = `exam-decide-${remark.id}`;
  async function decide(e) {
    e.preventDefault();
    const r = await api('POST', `/api/v1/exams/remarks/${remark.id}/decision`, { score: asciiDecimal(score) }, undefined, langHeader());
    if (!r.ok) return setMsg({ kind: 'error', text: problemText(r.problem) });
    setMsg(null);
    onDone();
  }
  return html`<form class="inline exam-decide" onSubmit=${decide}>
    <${Field} id=${fid} label=${t('ex.new_score', { subject })} value=${score} onInput=${setScore} inputmode="decimal" dir="ltr" />
    <button type="submit">${t('ex.decide')}</button>
    ${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</form>`;
}

export function ExamResults({ id, me }) {
  const [res, setRes] = useGet(`/api/v1/exams/registrations/${id}/results`);
  const [reg] = useGet(`/api/v1/exams/registrations/${id}`);
  const [session] = useGet(reg?.ok ? `/api/v1/exams/sessions/${reg.json.session}` : null);
  const [pack] = useGet(session?.ok ? `/api/v1/exams/packs/${encodeURIComponent(session.json.pack)}` : null);
  const [chosen, setChosen] = useState([]);
  const [msg, setMsg] = useState(null);
  const reload = async () => setRes(await api('GET', `/api/v1/exams/registrations/${id}/results`));
  if (res && !res.ok) {
    return html`<section class="card"><${Title}>${t('ex.results')}<//><${Notice} kind="info">${problemText(res.problem)}<//>
      ${res.problem?.results_at && html`<p>${t('ex.results_at', { at: instant(res.problem.results_at) })}</p>`}</section>`;
  }
  // The subjects are named from the session's pack: wait for both, so the
  // table never shows a subject's code before its name.
  if (!res || !reg || (reg.ok && !session) || (session?.ok && !pack)) return html`<${Loading} />`;
  const p = pack?.ok ? pack.json : null;
  const s = session?.ok ? session.json : null;
  const scores = res.json.scores ?? [];
  const closeAt = res.json.remarks_close_at;
  const candidate = isCandidate(me);
  const askable = scores.filter((x) => !x.remark);
  const remarksOpen = candidate && closeAt && Date.now() < Date.parse(closeAt) && askable.length > 0;
  async function request(e) {
    e.preventDefault();
    if (!chosen.length) return setMsg({ kind: 'error', text: t('ex.remark_choose') });
    const r = await api('POST', `/api/v1/exams/registrations/${id}/remarks`, { subjects: chosen }, undefined, langHeader());
    setMsg(r.ok ? { kind: 'ok', text: t('ex.remark_sent') } : { kind: 'error', text: problemText(r.problem) });
    if (r.ok) {
      setChosen([]);
      reload();
    }
  }
  return html`
    <div class="stack exam-results">
      <section class="card">
        <${Title}>${t('ex.results')}<//>
        ${res.json.candidate_number && html`<p class="meta">${t('ex.candidate_number')}: <bdi dir="ltr">${digits(res.json.candidate_number)}</bdi></p>`}
        <div class="table-wrap"><table class="exam-scores">
          <thead><tr><th scope="col">${t('ex.subject')}</th><th scope="col" class="n">${t('ex.score')}</th><th scope="col">${t('ex.remark')}</th></tr></thead>
          <tbody>${scores.map((x) => html`<tr><th scope="row">${subjectName(p, x.subject)}</th>
            <td class="n">${x.score === null || x.score === undefined ? '—' : points(x.score)}</td>
            <td>${x.remark ? remarkText(x.remark) : ''}
              ${x.remark && !candidate && (x.remark.new_score === null || x.remark.new_score === undefined) &&
                html`<${Decide} remark=${x.remark} subject=${subjectName(p, x.subject)} onDone=${reload} />`}</td></tr>`)}</tbody>
        </table></div>
        <p class="actions"><${Link} to=${`/exams/registrations/${id}`}>${t('ex.back_to_receipt')}<//></p>
      </section>
      ${remarksOpen && html`<form class="card exam-remark" onSubmit=${request}>
        <h2>${t('ex.remark_request')}</h2>
        <p class="hint">${t('ex.remarks_close', { at: instant(closeAt, s?.time_zone) })}</p>
        <div class="adm-checks">${askable.map((x) => html`<label class="check"><input type="checkbox" id=${`remark-${x.subject}`} checked=${chosen.includes(x.subject)}
          onChange=${() => setChosen(chosen.includes(x.subject) ? chosen.filter((c) => c !== x.subject) : [...chosen, x.subject])} />
          ${subjectName(p, x.subject)}</label>`)}</div>
        <p class="actions"><button type="submit" id="exam-remark-send">${t('ex.remark_send')}</button></p>
      </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </div>`;
}
