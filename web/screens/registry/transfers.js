// Transfers: the receiving school asks (POST /api/v1/students/{id}/transfers),
// the sending school approves (POST /api/v1/transfers/{id}/approve) or either
// refuses with a reason. The list is GET /api/v1/transfers?school=&status=.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, date, dateTime, digits, clean, problemText, currentLang, todayIso, dateForInput } from '../../lib/i18n.js';
import { dateInputToIso } from '../../lib/text.js';
import { api } from '../../lib/api.js';
import { navigate, location_ } from '../../lib/router.js';
import { mySchool } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { ENUMS } from '../../lib/enums.js';

export function TransferRequest({ id, me }) {
  const [toSchool, setToSchool] = useState(mySchool(me) ?? '');
  const [when, setWhen] = useState(dateForInput(todayIso()));
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);

  async function submit(e) {
    e.preventDefault();
    const res = await api('POST', `/api/v1/students/${encodeURIComponent(id)}/transfers`,
      { to_school: clean(toSchool), date: dateInputToIso(when, currentLang()) });
    // The asking school may not read the student yet: go to its transfer list.
    if (res.ok) return navigate('/transfers?status=requested');
    const f = { to_school: 'to_school', date: 'date' }[res.problem?.field];
    if (f) { setErrors({ [f]: problemText(res.problem) }); setMessage(null); }
    else { setErrors({}); setMessage(problemText(res.problem)); }
  }

  return html`
    <form class="card narrow" onSubmit=${submit} novalidate>
      <${Title}>${t('transfer.request')}<//>
      <p>${t('transfer.request_lead')}</p>
      <${Field} id="to_school" label=${t('transfer.to_school')} value=${toSchool} onInput=${setToSchool}
        error=${errors.to_school} required dir="ltr" />
      <${Field} id="date" label=${t('transfer.date')} value=${when} onInput=${setWhen} error=${errors.date}
        required dir="ltr" inputmode="numeric"
        hint=${currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint')} />
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit">${t('transfer.send')}</button>
        <${Link} to=${`/students/${id}`}>${t('common.cancel')}<//></p>
    </form>`;
}

function TransferRow({ x, school, onChanged }) {
  const [reason, setReason] = useState('');
  const [refusing, setRefusing] = useState(false);
  const [problem, setProblem] = useState(null);
  async function act(verb, body) {
    const res = await api('POST', `/api/v1/transfers/${x.id}/${verb}`, body);
    if (res.ok) onChanged(); else setProblem(problemText(res.problem));
  }
  const outgoing = x.from_school === school;
  return html`
    <li class="card transfer">
      <p><${Link} to=${`/students/${x.student}`}>${t('transfer.student', { id: digits(x.student) })}<//>:
        ${t('history.transfer_line', { from: x.from_school, to: x.to_school, date: date(x.date) })}</p>
      <p class="meta"><span>${label('transfer_status', x.status)}</span><span>${dateTime(x.requested_at)}</span>
        <span>${outgoing ? t('transfer.outgoing') : t('transfer.incoming')}</span></p>
      ${x.reason && html`<p>${t('transfer.reason')}: ${x.reason}</p>`}
      ${x.status === 'requested' && html`
        <div class="actions">
          ${outgoing && html`<button type="button" onClick=${() => act('approve')}>${t('transfer.approve')}</button>`}
          <button type="button" class="secondary" aria-expanded=${refusing ? 'true' : 'false'} onClick=${() => setRefusing(!refusing)}>${t('transfer.refuse')}</button>
        </div>
        ${refusing && html`
          <form class="inline" onSubmit=${(e) => { e.preventDefault(); act('refuse', { reason: reason.trim() }); }}>
            <${Field} id=${`reason-${x.id}`} label=${t('transfer.reason')} value=${reason} onInput=${setReason} required />
            <button type="submit">${t('transfer.refuse_send')}</button>
          </form>`}`}
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
    </li>`;
}

export function Transfers({ me }) {
  const query = location_().query;
  const school = query.get('school') ?? mySchool(me);
  const [status, setStatus] = useState(query.get('status') ?? 'requested');
  const [list, setList] = useState(null);
  const [next, setNext] = useState(null);
  const [problem, setProblem] = useState(null);

  async function load(after) {
    const p = new URLSearchParams({ school: school ?? '' });
    if (status) p.set('status', status);
    if (after) p.set('after', after);
    const res = await api('GET', `/api/v1/transfers?${p}`);
    if (!res.ok) return setProblem(problemText(res.problem));
    setProblem(null);
    setList((old) => (after ? [...old, ...res.json.items] : res.json.items));
    setNext(res.json.next);
  }
  useEffect(() => { if (school) load(null); }, [school, status]);
  const [askId, setAskId] = useState('');

  return html`
    <section class="card">
      <${Title}>${t('transfer.title', { school: school ?? '' })}<//>
      ${!school && html`<p>${t('transfer.no_school')}</p>`}
      ${school && html`
        <form class="inline" onSubmit=${(e) => { e.preventDefault(); if (clean(askId)) navigate(`/students/${encodeURIComponent(clean(askId))}/transfer`); }}>
          <${Field} id="ask-id" label=${t('transfer.ask_id')} value=${askId} onInput=${setAskId}
            inputmode="numeric" hint=${t('transfer.ask_hint')} />
          <button type="submit">${t('transfer.request')}</button>
        </form>`}
      <${Field} id="status" label=${t('transfer.filter')} value=${status} onInput=${setStatus}
        options=${[['', t('transfer.all')], ...ENUMS.transfer_status.map((s) => [s, label('transfer_status', s)])]} />
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
      ${school && list === null && !problem && html`<${Loading} />`}
      ${list && list.length === 0 && html`<p role="status">${t('transfer.none')}</p>`}
      ${list && html`<ul class="plain">${list.map((x) => html`<${TransferRow} key=${x.id} x=${x} school=${school} onChanged=${() => load(null)} />`)}</ul>`}
      ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('search.more')}</button>`}
    </section>`;
}
