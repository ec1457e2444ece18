// The re-marking requests of a session for its office (a section of
// /exams/sessions/:id): the pending requests page by page (GET
// .../sessions/:id/remarks?status=pending, keyset paged), each with the
// candidate, the subject and the old score, and a field for the new score
// that decides it (POST /exams/remarks/:id/decision); a decided request
// leaves the list. docs/exams.md, "The re-marking list".
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, digits, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Link, Loading, Notice } from '../../lib/ui.js';
import { asciiDecimal } from '../../lib/text.js';
import { useGet, subjectName, fullName, instant, langHeader, points } from './common.js';

const PAGE = 20;

/** The decision on one request: the new score (the old one to keep it). */
function Decide({ remark, subject, onDone }) {
  const [score, setScore] = useState('');
  const [msg, setMsg] = useState(null);
  const fid = `exam-remark-score-${remark.id}`;
  async function decide(e) {
    e.preventDefault();
    if (!score.trim()) return setMsg({ kind: 'error', text: t('error.required') });
    const r = await api('POST', `/api/v1/exams/remarks/${remark.id}/decision`, { score: asciiDecimal(score.trim()) }, undefined, langHeader());
    if (!r.ok) return setMsg({ kind: 'error', text: problemText(r.problem) });
    setMsg(null);
    onDone(t('ex.remark_done', { subject, old: points(r.json.old_score), score: points(r.json.new_score) }));
  }
  return html`<form class="inline exam-decide" onSubmit=${decide}>
    <${Field} id=${fid} label=${t('ex.new_score', { subject })} value=${score} onInput=${setScore} inputmode="decimal" dir="ltr" />
    <button type="submit">${t('ex.decide')}</button>
    ${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</form>`;
}

export function ExamRemarks({ session }) {
  const [pack] = useGet(`/api/v1/exams/packs/${encodeURIComponent(session.pack)}`);
  const [pages, setPages] = useState([null]); // the "after" of each page shown
  const [res, setRes] = useState(null);
  const [done, setDone] = useState(null);
  const [turn, setTurn] = useState(0); // a decision reloads the page
  const after = pages[pages.length - 1];
  useEffect(() => {
    let live = true;
    const q = new URLSearchParams({ status: 'pending', limit: String(PAGE) });
    if (after) q.set('after', after);
    api('GET', `/api/v1/exams/sessions/${session.id}/remarks?${q}`).then((r) => { if (live) setRes(r); });
    return () => { live = false; };
  }, [session.id, after, turn]);
  // Staff who do not reach the office (a school's) are refused the list: no section.
  if (res && !res.ok && res.status === 403) return null;
  const items = res?.ok ? res.json.items : [];
  const decided = (text) => { setDone(text); setTurn(turn + 1); };
  return html`
    <section class="card exam-remarks" aria-labelledby="exam-remarks-h">
      <h2 id="exam-remarks-h">${t('ex.remarks_pending')}</h2>
      <p class="hint">${t('ex.remarks_pending_hint')}</p>
      <div aria-live="polite">${done && html`<${Notice} kind="ok">${done}<//>`}</div>
      ${res && !res.ok && html`<${Notice} kind="error">${problemText(res.problem)}<//>`}
      ${!res || !pack ? html`<${Loading} />` : res.ok && html`
        <p class="meta exam-remarks-count" role="status">${items.length ? t('ex.shown', { n: num(items.length) }) : t('ex.remarks_none')}</p>
        ${items.length > 0 && html`<div class="table-wrap"><table class="exam-remark-list">
          <thead><tr><th scope="col">${t('ex.candidate_number')}</th><th scope="col">${t('ex.name')}</th><th scope="col">${t('ex.subject')}</th>
            <th scope="col" class="n">${t('ex.old_score')}</th><th scope="col">${t('ex.requested_at')}</th><th scope="col">${t('ex.decide')}</th></tr></thead>
          <tbody>${items.map((m) => html`<tr>
            <th scope="row"><${Link} to=${`/exams/registrations/${m.registration}/results`}><bdi dir="ltr">${digits(m.candidate_number ?? '')}</bdi><//></th>
            <td><bdi>${fullName(m)}</bdi> <bdi class="code" dir="ltr">${m.school}</bdi></td>
            <td>${subjectName(pack.ok ? pack.json : null, m.subject)}</td>
            <td class="n">${points(m.old_score)}</td>
            <td>${instant(m.requested_at, session.time_zone)}</td>
            <td><${Decide} remark=${m} subject=${subjectName(pack.ok ? pack.json : null, m.subject)} onDone=${decided} /></td></tr>`)}</tbody>
        </table></div>`}
        <p class="actions">
          ${pages.length > 1 && html`<button type="button" class="secondary" onClick=${() => setPages(pages.slice(0, -1))}>${t('ex.previous')}</button>`}
          ${res.json?.next && html`<button type="button" class="secondary" id="exam-remarks-next" onClick=${() => setPages([...pages, res.json.next])}>${t('ex.next')}</button>`}
        </p>`}
    </section>`;
}
