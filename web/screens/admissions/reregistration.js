// Re-registration of continuing students (docs/admissions.md,
// "Re-registration"): a family confirms each child's details for the next
// school year, with corrections in its own words
// (GET /api/v1/admissions/reregistrations/mine, POST .../{id}/confirmations
// with an Idempotency-Key made once per form); a school or office opens a
// campaign (POST /api/v1/admissions/reregistrations) and follows it: the
// counts and the children not confirmed yet, keyset paged
// (GET /api/v1/admissions/reregistrations/{id}).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, digits, date, dateTime, clean, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { myOrg, mySchool } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, newKey, inputsToInstant, instantToInputs } from './common.js';


function Child({ it, onDone }) {
  const [corrections, setCorrections] = useState(it.confirmation?.corrections ?? '');
  // One key per confirmation meant: a retry of a lost answer sends the same;
  // after an answer, confirming again is a new confirmation with a new key.
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const open = it.campaign.status === 'open';
  async function confirm(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = { student: it.student, corrections: corrections.trim() || null };
    const res = await api('POST', `/api/v1/admissions/reregistrations/${it.campaign.id}/confirmations`, body, undefined, { 'idempotency-key': key });
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    setMsg({ kind: 'ok', text: t('rereg.confirmed_ok') });
    setKey(newKey());
    onDone();
  }
  const id = `rereg-${it.campaign.id}-${it.student}`;
  return html`
    <li class="card rereg-child">
      <h2><bdi>${it.given_name} ${it.family_name}</bdi></h2>
      <p class="meta"><span>${t('rereg.campaign', { year: digits(it.campaign.school_year) })}</span>
        <span>${t('rereg.until', { closes: dateTime(it.campaign.closes_at) })}</span></p>
      <dl class="facts">
        <div><dt>${t('student.birth_date')}</dt><dd>${date(it.birth_date)}</dd></div>
        <div><dt>${t('student.sex')}</dt><dd>${label('sex', it.sex)}</dd></div>
        <div><dt>${t('student.school')}</dt><dd><bdi>${it.school_name}</bdi> <bdi class="code" dir="ltr">${it.school}</bdi></dd></div>
        <div><dt>${t('rereg.grade_next')}</dt><dd>${it.next_grade ? t('rereg.grade_to', { from: num(it.grade), to: num(it.next_grade) }) : num(it.grade)}</dd></div>
        ${it.class && html`<div><dt>${t('student.class')}</dt><dd><bdi>${it.class}</bdi></dd></div>`}
        <div><dt>${t('rereg.guardians')}</dt><dd>${it.guardians.map((g, i) => html`${i ? '، ' : ''}<bdi>${g.username}</bdi> (${label('relation', g.relation)})`)}</dd></div>
      </dl>
      <p class="rereg-state" role="status">${it.confirmation
        ? t('rereg.confirmed_at', { when: dateTime(it.confirmation.confirmed_at), n: num(it.confirmation.version) })
        : t('rereg.not_confirmed')}</p>
      ${open && html`
        <form class="stack" onSubmit=${confirm} novalidate>
          <div class="field"><label for=${`${id}-corr`}>${t('rereg.corrections')}</label>
            <textarea id=${`${id}-corr`} rows="3" aria-describedby=${`${id}-hint`} value=${corrections}
              onInput=${(e) => setCorrections(e.currentTarget.value)}></textarea>
            <p class="hint" id=${`${id}-hint`}>${t('rereg.corrections_hint')}</p></div>
          <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${it.confirmation ? t('rereg.confirm_again') : t('rereg.confirm')}</button></p>
        </form>`}
      <div aria-live="polite">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
    </li>`;
}

/** /admissions/reregistration: a family's children to confirm. */
export function ReregMine() {
  const [res, setRes] = useGet('/api/v1/admissions/reregistrations/mine');
  async function reload() {
    const again = await api('GET', '/api/v1/admissions/reregistrations/mine');
    if (again.ok) setRes(again);
  }
  let body;
  if (!res) body = html`<${Loading} />`;
  else if (!res.ok) body = html`<${Notice} kind="error">${problemText(res.problem)}<//>`;
  else if (!res.json.items.length) body = html`<p role="status">${t('rereg.none')}</p>`;
  else body = html`<ul class="plain">${res.json.items.map((it) => html`<${Child} key=${`${it.campaign.id}-${it.student}`} it=${it} onDone=${reload} />`)}</ul>`;
  return html`<section class="stack rereg-mine">
    <div class="card"><${Title}>${t('rereg.title')}<//><p class="lead">${t('rereg.lead')}</p></div>
    ${body}</section>`;
}

/** /admissions/reregistrations/new: a school or office opens a campaign. */
export function ReregNew({ me }) {
  const [org, setOrg] = useState(mySchool(me) ?? myOrg(me) ?? '');
  const now = new Date();
  const y = now.getUTCFullYear() + (now.getUTCMonth() >= 8 ? 1 : 0);
  const [year, setYear] = useState(digits(`${y}-${y + 1}`));
  const soon = instantToInputs(new Date(Date.now() + 14 * 86400000).toISOString());
  const today = instantToInputs(new Date().toISOString());
  const [f, setF] = useState({ opensDate: today.date, opensTime: today.time, closesDate: soon.date, closesTime: soon.time });
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const set = (k) => (v) => setF((old) => ({ ...old, [k]: v }));
  async function submit(e) {
    e.preventDefault();
    const res = await api('POST', '/api/v1/admissions/reregistrations', {
      org: clean(org), school_year: clean(year),
      opens_at: inputsToInstant(f.opensDate, f.opensTime), closes_at: inputsToInstant(f.closesDate, f.closesTime),
    });
    if (res.ok) return navigate(`/admissions/reregistrations/${res.json.id}`);
    const field = { org: 'rr-org', school_year: 'rr-year', opens_at: 'rr-opens', closes_at: 'rr-closes' }[res.problem?.field];
    setErrors(field ? { [field]: problemText(res.problem) } : {});
    setMessage(field ? t('adm.fix_below') : problemText(res.problem));
  }
  const hint = currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint');
  return html`
    <form class="card narrow rereg-new" onSubmit=${submit} novalidate>
      <${Title}>${t('rereg.new')}<//>
      <p class="lead">${t('rereg.new_lead')}</p>
      <${Field} id="rr-org" label=${t('rereg.org')} value=${org} onInput=${setOrg} error=${errors['rr-org']} required dir="ltr" />
      <${Field} id="rr-year" label=${t('rereg.school_year')} value=${year} onInput=${setYear} error=${errors['rr-year']} required dir="ltr" hint=${t('rereg.school_year_hint')} />
      <${Field} id="rr-opens" label=${t('adm.opens_date')} value=${f.opensDate} onInput=${set('opensDate')} error=${errors['rr-opens']} required dir="ltr" hint=${hint} />
      <${Field} id="rr-opens-time" label=${t('adm.opens_time')} value=${f.opensTime} onInput=${set('opensTime')} dir="ltr" hint=${t('adm.time_hint')} />
      <${Field} id="rr-closes" label=${t('adm.closes_date')} value=${f.closesDate} onInput=${set('closesDate')} error=${errors['rr-closes']} required dir="ltr" hint=${hint} />
      <${Field} id="rr-closes-time" label=${t('adm.closes_time')} value=${f.closesTime} onInput=${set('closesTime')} dir="ltr" hint=${t('adm.time_hint')} />
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit">${t('rereg.open')}</button><${Link} to="/admissions">${t('common.cancel')}<//></p>
    </form>`;
}

/** /admissions/reregistrations/:id: a campaign's counts and the children not confirmed yet. */
export function Campaign({ id }) {
  const [c, setC] = useState(null);
  const [items, setItems] = useState([]);
  const [next, setNext] = useState(null);
  const [problem, setProblem] = useState(null);
  async function load(after) {
    const res = await api('GET', `/api/v1/admissions/reregistrations/${id}?limit=50${after ? `&after=${after}` : ''}`);
    if (!res.ok) return setProblem(problemText(res.problem));
    setC(res.json);
    setItems((old) => (after ? [...old, ...res.json.unconfirmed.items] : res.json.unconfirmed.items));
    setNext(res.json.unconfirmed.next);
  }
  useEffect(() => { load(null); }, [id]);
  if (problem) return html`<section class="card"><${Title}>${t('rereg.title')}<//><${Notice} kind="error">${problem}<//></section>`;
  if (!c) return html`<${Loading} />`;
  const share = c.counts.enrolled ? Math.round((100 * c.counts.confirmed) / c.counts.enrolled) : 0;
  return html`
    <div class="stack rereg-campaign">
      <section class="card">
        <${Title}>${t('rereg.campaign_of', { org: c.org_name, year: digits(c.school_year) })}<//>
        <p class="meta"><bdi dir="ltr" class="code">${c.org}</bdi><span class="tag">${label('rereg_status', c.status)}</span>
          <span>${dateTime(c.opens_at)} – ${dateTime(c.closes_at)}</span></p>
        <dl class="facts">
          <div><dt>${t('rereg.enrolled')}</dt><dd class="big-count" id="rr-enrolled">${num(c.counts.enrolled)}</dd></div>
          <div><dt>${t('rereg.confirmed')}</dt><dd class="big-count" id="rr-confirmed">${num(c.counts.confirmed)}</dd></div>
          <div><dt>${t('rereg.with_corrections')}</dt><dd class="big-count" id="rr-corrected">${num(c.counts.with_corrections)}</dd></div>
        </dl>
        <progress max="100" value=${share} aria-label=${t('rereg.progress', { share: num(share) })}>${num(share)}</progress>
      </section>
      <section class="card" aria-labelledby="rr-unconf-h">
        <h2 id="rr-unconf-h">${t('rereg.unconfirmed')}</h2>
        ${items.length === 0 && html`<p role="status">${t('rereg.all_confirmed')}</p>`}
        ${items.length > 0 && html`<div class="table-wrap"><table class="rr-unconfirmed">
          <thead><tr><th scope="col">${t('adm.child')}</th><th scope="col">${t('student.school')}</th><th scope="col" class="n">${t('student.grade')}</th><th scope="col">${t('student.class')}</th></tr></thead>
          <tbody>${items.map((s) => html`<tr><th scope="row"><${Link} to=${`/students/${s.id}`}><bdi>${s.given_name} ${s.family_name}</bdi><//></th>
            <td><bdi dir="ltr">${s.school}</bdi></td><td class="n">${num(s.grade)}</td><td><bdi>${s.class ?? ''}</bdi></td></tr>`)}</tbody>
        </table></div>`}
        ${next && html`<p class="actions"><button type="button" class="secondary" onClick=${() => load(next)}>${t('search.more')}</button></p>`}
      </section>
    </div>`;
}
