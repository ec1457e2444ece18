// A round's appeals for its officers (GET /api/v1/admissions/rounds/{id}/appeals,
// keyset paged, by status) and their decisions (POST
// /api/v1/admissions/appeals/{id}/decision): upheld, optionally with a
// school where the child is placed above its seats, or dismissed; a reason
// always.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, digits, dateTime, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, schoolText } from './common.js';

function Decide({ a, round, onDone }) {
  const [decision, setDecision] = useState('dismissed');
  const [reason, setReason] = useState('');
  const [school, setSchool] = useState('');
  const [msg, setMsg] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { decision, reason: reason.trim() };
    if (decision === 'upheld' && school) body.school = school;
    const res = await api('POST', `/api/v1/admissions/appeals/${a.id}/decision`, body);
    setBusy(false);
    if (!res.ok) return setMsg(problemText(res.problem));
    onDone(res.json);
  }
  const id = `appeal-${a.id}`;
  return html`
    <form class="adm-decide stack" onSubmit=${submit} novalidate>
      <fieldset class="adm-checks"><legend>${t('adm.decision')}</legend>
        ${['upheld', 'dismissed'].map((d) => html`<label class="check"><input type="radio" name=${`${id}-decision`} value=${d}
          checked=${decision === d} onChange=${() => setDecision(d)} /> ${label('appeal', d)}</label>`)}
      </fieldset>
      ${decision === 'upheld' && html`<${Field} id=${`${id}-school`} label=${t('adm.appeal_school')} value=${school} onInput=${setSchool}
        hint=${t('adm.appeal_school_hint')}
        options=${[['', t('adm.appeal_no_school')], ...(round?.schools ?? []).map((s) => [s.code, s.name])]} />`}
      <${Field} id=${`${id}-reason`} label=${t('adm.reason')} value=${reason} onInput=${setReason} required />
      ${msg && html`<${Notice} kind="error">${msg}<//>`}
      <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('adm.decide')}</button></p>
    </form>`;
}

export function RoundAppeals({ id }) {
  const [round] = useGet(`/api/v1/admissions/rounds/${id}`);
  const [status, setStatus] = useState('open');
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  async function load(after) {
    const p = new URLSearchParams({ limit: '50' });
    if (status) p.set('status', status);
    if (after) p.set('after', after);
    const res = await api('GET', `/api/v1/admissions/rounds/${id}/appeals?${p}`);
    if (!res.ok) return setProblem(problemText(res.problem));
    setProblem(null);
    setItems((old) => (after ? [...old, ...res.json.items] : res.json.items));
    setNext(res.json.next);
  }
  useEffect(() => { setItems(null); load(null); }, [id, status]);
  const r = round?.ok ? round.json : null;
  return html`
    <section class="card adm-appeals-page">
      <${Title}>${t('adm.appeals')}<//>
      ${r && html`<p class="lead"><${Link} to=${`/admissions/rounds/${r.id}`}><bdi>${r.name}</bdi><//></p>`}
      <${Field} id="appeal-status" label=${t('adm.appeal_filter')} value=${status} onInput=${setStatus}
        options=${[['open', label('appeal', 'open')], ['upheld', label('appeal', 'upheld')], ['dismissed', label('appeal', 'dismissed')], ['', t('transfer.all')]]} />
      <div aria-live="polite">${done && html`<${Notice} kind="ok">${done}<//>`}</div>
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
      ${items === null && !problem && html`<${Loading} />`}
      ${items && items.length === 0 && html`<p role="status">${t('adm.no_appeals')}</p>`}
      ${items && html`<ul class="plain">${items.map((a) => html`
        <li class="card adm-appeal" key=${a.id}>
          <p><${Link} to=${`/admissions/applications/${a.application}`}>${t('adm.application_no', { id: digits(a.application) })}<//>
            <span class=${`tag appeal-${a.status}`}>${label('appeal', a.status)}</span> <span class="meta">${dateTime(a.filed_at)}</span></p>
          <p><bdi>${a.reason}</bdi></p>
          ${a.decision && html`<p><strong>${t('adm.decision')}:</strong> <bdi>${a.decision.reason ?? ''}</bdi>
            ${a.decision.school && html` — <bdi>${schoolText(r, a.decision.school)}</bdi>`} <span class="meta"><bdi>${a.decision.by ?? ''}</bdi> ${dateTime(a.decision.at)}</span></p>`}
          ${a.status === 'open' && html`<${Decide} a=${a} round=${r} onDone=${(j) => { setDone(t('adm.decided', { id: digits(a.application), decision: label('appeal', j.status) })); load(null); }} />`}
        </li>`)}</ul>`}
      ${next && html`<button type="button" class="secondary" onClick=${() => load(next)}>${t('search.more')}</button>`}
    </section>`;
}
