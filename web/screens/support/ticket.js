// One ticket (GET /support/tickets/{id}): its facts, the due instants in the
// ticket's zone and the reader's calendar with the working time left, the
// thread (internal notes marked as such, for staff only), attachments, the
// history of levels; and what the reader may do, as the answer's "can" says:
// reply or note (staff pick a canned answer of their level: GET
// /support/canned), attach a file, ask the requester / resolve / close /
// reopen, escalate or send back with a reason, rate once it is resolved.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_ } from '../../lib/router.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import {
  StatusTag, DueBadge, levelText, categoryName, eventText, itemsOf, when, calendarOf, countryOf,
  workingBetween, workingText, useGet, Paragraphs, size, statusText,
} from './common.js';

const scoreText = (n) => [t('su.score_1'), t('su.score_2'), t('su.score_3'), t('su.score_4'), t('su.score_5')][n - 1];

/** A textarea with its label and error (the reply box, reasons, comments). */
function Area({ id, label, value, onInput, error, rows = 4, required }) {
  return html`<div class="field">
    <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label>
    <textarea id=${id} rows=${rows} value=${value} onInput=${(e) => onInput(e.currentTarget.value)}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined}></textarea>
    ${error && html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}</div>`;
}

function Facts({ tk, cal }) {
  const now = Date.now();
  const due = (iso) => iso && html`${when(iso, tk)}${cal && Date.parse(iso) > now
    ? html` <span class="meta">(${t('su.due_in', { left: workingText(workingBetween(cal, now, Date.parse(iso))) })})</span>` : ''}`;
  return html`<dl class="facts su-facts">
    <div><dt>${t('su.status')}</dt><dd><${StatusTag} status=${tk.status} /> <${DueBadge} ticket=${tk} cal=${cal} /></dd></div>
    <div><dt>${t('su.category')}</dt><dd>${categoryName(tk.category)}</dd></div>
    <div><dt>${t('su.level')}</dt><dd id="su-level">${levelText(tk.level)} — <bdi>${tk.org?.name}</bdi> <bdi class="code" dir="ltr">${tk.org?.code}</bdi></dd></div>
    ${tk.origin && tk.origin.code !== tk.org?.code && html`<div><dt>${t('su.origin')}</dt><dd><bdi>${tk.origin.name}</bdi> <bdi class="code" dir="ltr">${tk.origin.code}</bdi></dd></div>`}
    ${tk.student && html`<div><dt>${t('su.child')}</dt><dd><bdi>${tk.student.name}</bdi></dd></div>`}
    ${tk.requester && html`<div><dt>${t('su.requester')}</dt><dd><bdi dir="ltr">${tk.requester.username}</bdi></dd></div>`}
    <div><dt>${t('su.created')}</dt><dd>${when(tk.created_at, tk)}</dd></div>
    ${tk.first_answer_at && html`<div><dt>${t('su.first_answer')}</dt><dd>${when(tk.first_answer_at, tk)}</dd></div>`}
    ${tk.due?.first_answer && html`<div><dt>${t('su.due_first')}</dt><dd id="su-due-first">${due(tk.due.first_answer)}</dd></div>`}
    ${tk.due?.resolve && html`<div><dt>${t('su.due_resolve')}</dt><dd id="su-due-resolve">${due(tk.due.resolve)}</dd></div>`}
    ${tk.resolved_at && html`<div><dt>${t('su.resolved_at')}</dt><dd>${when(tk.resolved_at, tk)}</dd></div>`}
    <div><dt>${t('su.escalations')}</dt><dd>${num(tk.escalations ?? 0)}</dd></div>
  </dl>`;
}

function Attachments({ tk, list }) {
  if (!list?.length) return null;
  return html`<ul class="plain su-files">${list.map((a) => html`<li>
    <a href=${`/api/v1/support/tickets/${tk.id}/attachments/${a.id}`} download=${a.name}><bdi>${a.name}</bdi></a>
    <span class="meta">${size(a.size ?? 0)}</span></li>`)}</ul>`;
}

function Thread({ tk }) {
  const msgs = tk.messages ?? [];
  return html`<section aria-labelledby="su-thread-h">
    <h2 id="su-thread-h">${t('su.thread')}</h2>
    <ol class="plain su-thread">${msgs.map((m) => html`<li class=${`su-msg su-msg-${m.kind}${m.author?.staff ? ' su-msg-staff' : ''}`} id=${`su-msg-${m.id}`}>
      <p class="meta su-msg-head">${m.kind === 'note' && html`<span class="tag su-note-tag">${t('su.note_tag')}</span>`}
        <bdi dir="ltr">${m.author?.username ?? ''}</bdi>${m.author?.staff ? html` <span>${t('su.staff')}</span>` : ''}
        <span>${when(m.created_at, tk)}</span></p>
      <${Paragraphs} text=${m.body} />
      <${Attachments} tk=${tk} list=${m.attachments} /></li>`)}</ol></section>`;
}

function Reply({ tk, onDone }) {
  const can = tk.can ?? {};
  const [kind, setKind] = useState(can.reply ? 'reply' : 'note');
  const [body, setBody] = useState('');
  const [file, setFile] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [canned] = useGet(can.note ? `/api/v1/support/canned?org=${encodeURIComponent(tk.org.code)}&lang=${currentLang()}` : null);
  const answers = itemsOf(canned);
  async function send(e) {
    e.preventDefault();
    if (busy) return;
    if (!body.trim()) { setError(t('error.required')); document.getElementById('su-reply')?.focus(); return; }
    setBusy(true);
    setError(null);
    const r = await api('POST', `/api/v1/support/tickets/${tk.id}/messages`, { body: body.trim(), kind });
    if (r.ok && file) {
      const u = await api('POST', `/api/v1/support/tickets/${tk.id}/attachments?name=${encodeURIComponent(file.name)}`, file, file.type || 'application/octet-stream');
      if (!u.ok) { setBusy(false); setBody(''); setError(`${file.name}: ${problemText(u.problem)}`); onDone(t('su.sent')); return; }
    }
    setBusy(false);
    if (!r.ok) return setError(problemText(r.problem));
    setBody('');
    setFile(null);
    onDone(kind === 'note' ? t('su.note_saved') : t('su.sent'));
  }
  function pick(id) {
    const a = answers.find((x) => String(x.id) === id);
    if (a) setBody(body.trim() ? `${body.trimEnd()}\n\n${a.body}` : a.body);
    document.getElementById('su-reply')?.focus();
  }
  return html`<form class=${`su-reply su-reply-${kind}`} onSubmit=${send} novalidate aria-labelledby="su-reply-h">
    <h2 id="su-reply-h">${can.reply ? t('su.reply_title') : t('su.note_title')}</h2>
    ${can.reply && can.note && html`<fieldset class="adm-checks su-kind"><legend>${t('su.kind')}</legend>
      <label class="check"><input type="radio" name="su-kind" id="su-kind-reply" checked=${kind === 'reply'} onChange=${() => setKind('reply')} /> ${t('su.kind_reply')}</label>
      <label class="check"><input type="radio" name="su-kind" id="su-kind-note" checked=${kind === 'note'} onChange=${() => setKind('note')} /> ${t('su.kind_note')}</label></fieldset>`}
    ${can.note && html`<div class="field"><label for="su-canned">${t('su.canned')}</label>
      <select id="su-canned" value="" onChange=${(e) => pick(e.currentTarget.value)} disabled=${!canned}>
        <option value="">${!canned ? t('common.loading') : answers.length ? t('su.canned_pick') : t('su.canned_none')}</option>
        ${answers.map((a) => html`<option value=${String(a.id)}>${a.title}</option>`)}</select></div>`}
    <${Area} id="su-reply" label=${kind === 'note' ? t('su.note_body') : t('su.reply_body')} value=${body} onInput=${setBody} error=${error} rows="5" />
    ${kind === 'note' && html`<p class="hint">${t('su.note_hint')}</p>`}
    <div class="field"><label for="su-reply-file">${t('su.attach')}</label>
      <input type="file" id="su-reply-file" accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,.heic" onChange=${(e) => setFile(e.currentTarget.files[0] ?? null)} /></div>
    <p class="actions"><button type="submit" id="su-send" aria-disabled=${busy ? 'true' : undefined}>${kind === 'note' ? t('su.save_note') : t('su.send')}</button></p>
  </form>`;
}

function Move({ tk, onDone }) {
  const can = tk.can ?? {};
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function move(what) {
    if (busy) return;
    if (!reason.trim()) { setError(t('su.reason_needed')); document.getElementById('su-reason')?.focus(); return; }
    setBusy(true);
    const r = await api('POST', `/api/v1/support/tickets/${tk.id}/${what}`, { reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(problemText(r.problem));
    setReason('');
    setError(null);
    onDone(what === 'escalate' ? t('su.escalated') : t('su.sent_back'));
  }
  return html`<section class="su-move" aria-labelledby="su-move-h">
    <h2 id="su-move-h">${t('su.move_title')}</h2>
    <${Area} id="su-reason" label=${t('su.reason')} value=${reason} onInput=${setReason} error=${error} rows="2" required />
    <p class="actions">
      ${can.escalate && html`<button type="button" id="su-escalate" onClick=${() => move('escalate')}>${t('su.escalate')}</button>`}
      ${can.send_back && html`<button type="button" class="secondary" id="su-send-back" onClick=${() => move('send-back')}>${t('su.send_back')}</button>`}</p>
  </section>`;
}

function StatusActions({ tk, onDone }) {
  const can = tk.can ?? {};
  const [error, setError] = useState(null);
  async function set(status) {
    const r = await api('POST', `/api/v1/support/tickets/${tk.id}/status`, { status });
    if (!r.ok) return setError(problemText(r.problem));
    setError(null);
    onDone(t('su.status_now', { status: statusText(status) }));
  }
  const staff = can.note;
  const buttons = [
    staff && !['waiting', 'resolved', 'closed'].includes(tk.status) && ['waiting', t('su.ask_requester')],
    can.resolve && ['resolved', t('su.resolve')],
    can.close && ['closed', t('su.close')],
    can.reopen && ['open', t('su.reopen')],
  ].filter(Boolean);
  if (!buttons.length) return null;
  return html`<div class="su-status-actions"><p class="actions">${buttons.map(([s, l]) => html`
    <button type="button" class="secondary" id=${`su-status-${s}`} onClick=${() => set(s)}>${l}</button>`)}</p>
    ${error && html`<${Notice} kind="error">${error}<//>`}</div>`;
}

function Satisfaction({ tk, onDone }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  if (tk.satisfaction) {
    return html`<section class="su-rated"><h2>${t('su.rate_title')}</h2>
      <p id="su-rated">${t('su.rated', { score: num(tk.satisfaction.score) })}</p>
      ${tk.satisfaction.comment && html`<p><bdi>${tk.satisfaction.comment}</bdi></p>`}</section>`;
  }
  if (!tk.can?.rate) return null;
  async function send(e) {
    e.preventDefault();
    if (!score) return setError(t('su.rate_pick'));
    const body = { score };
    if (comment.trim()) body.comment = comment.trim();
    const r = await api('POST', `/api/v1/support/tickets/${tk.id}/satisfaction`, body);
    if (!r.ok) return setError(problemText(r.problem));
    onDone(t('su.rate_thanks'));
  }
  return html`<form class="su-rate" onSubmit=${send} novalidate>
    <fieldset class="adm-checks"><legend>${t('su.rate_q')}</legend>
      ${[1, 2, 3, 4, 5].map((n) => html`<label class="check"><input type="radio" name="su-score" id=${`su-score-${n}`} checked=${score === n}
        onChange=${() => setScore(n)} /> ${num(n)} — ${scoreText(n)}</label>`)}</fieldset>
    <${Area} id="su-rate-comment" label=${t('su.rate_comment')} value=${comment} onInput=${setComment} rows="2" />
    ${error && html`<${Notice} kind="error">${error}<//>`}
    <p class="actions"><button type="submit" id="su-rate-send">${t('su.rate_send')}</button></p></form>`;
}

function History({ tk }) {
  const evs = tk.events ?? [];
  if (!evs.length) return null;
  return html`<section aria-labelledby="su-history-h"><h2 id="su-history-h">${t('su.history')}</h2>
    <ol class="plain timeline su-events">${evs.map((e) => html`<li class=${`su-ev su-ev-${e.kind}`}>
      <span>${eventText(e)}</span> <span class="meta">${when(e.at, tk)}</span>
      ${e.reason && html`<p class="su-reason"><bdi>${e.reason}</bdi></p>`}</li>`)}</ol></section>`;
}

export function Ticket({ id }) {
  const [res, setRes] = useState(null);
  const [said, setSaid] = useState(location_().query.get('filed') ? t('su.filed') : null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    api('GET', `/api/v1/support/tickets/${id}`).then((r) => { if (live) setRes(r); });
    return () => { live = false; };
  }, [id, n]);
  const country = res?.ok ? countryOf(res.json.org?.code) : null;
  const [cal] = useGet(country ? `/api/v1/support/calendars/${country}` : null);
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('su.ticket')}<//><${Notice} kind="error">${problemText(res.problem)}<//>
    <p><${Link} to="/support">${t('su.my_tickets')}<//></p></section>`;
  // The deadlines are said in working time: wait for the calendar too.
  if (!res || !cal) return html`<${Loading} />`;
  const tk = res.json;
  const calendar = cal.ok ? calendarOf(cal.json) : null;
  const can = tk.can ?? {};
  const done = (text) => { setSaid(text); setN((x) => x + 1); };
  return html`
    <article class="card su-ticket" data-status=${tk.status}>
      <${Title}><bdi>${tk.subject}</bdi><//>
      ${said && html`<${Notice} kind="ok">${said}<//>`}
      <${Facts} tk=${tk} cal=${calendar} />
      <${StatusActions} tk=${tk} onDone=${done} />
      <${Attachments} tk=${tk} list=${(tk.attachments ?? []).filter((a) => !(tk.messages ?? []).some((m) => (m.attachments ?? []).some((x) => x.id === a.id)))} />
      <${Thread} tk=${tk} />
      ${(can.reply || can.note) && html`<${Reply} key=${n} tk=${tk} onDone=${done} />`}
      ${(can.escalate || can.send_back) && html`<${Move} key=${`m${n}`} tk=${tk} onDone=${done} />`}
      <${Satisfaction} tk=${tk} onDone=${done} />
      <${History} tk=${tk} />
      <p><${Link} to="/support">${t('su.my_tickets')}<//></p>
    </article>`;
}
