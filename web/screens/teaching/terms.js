// The principal's term locks, on the school home: GET /api/v1/orgs/{code}/terms
// says whether each term's report cards are locked and lists every lock and
// unlock; POST .../terms/lock locks a term (grade saves for it then answer 409
// term_locked), POST .../terms/unlock opens it again with a reason.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, label, dateTime, digits, clean, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Field, Loading, Notice } from '../../lib/ui.js';

function Term({ school, year, term, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef(null);
  const name = label('term', String(term.term));
  const id = `unlock-reason-${term.term}`;

  async function act(lock) {
    setProblem(null);
    if (!lock && !clean(reason)) {
      setError(t('terms.reason_needed'));
      return reasonRef.current?.focus();
    }
    setError(null);
    setBusy(true);
    const body = { school_year: year, term: term.term };
    if (!lock) body.reason = reason.trim();
    const res = await api('POST', `/api/v1/orgs/${encodeURIComponent(school)}/terms/${lock ? 'lock' : 'unlock'}`, body);
    setBusy(false);
    if (res.ok) { setReason(''); return onDone(res.json); }
    if (res.problem?.field === 'reason') { setError(problemText(res.problem)); return reasonRef.current?.focus(); }
    return setProblem(problemText(res.problem));
  }

  return html`
    <li class="term">
      <p><strong>${name}</strong>: <span class=${term.locked ? 'tag locked' : 'tag'}>${term.locked ? t('terms.locked') : t('terms.open')}</span></p>
      ${term.locked
        ? html`<form class="inline" onSubmit=${(e) => { e.preventDefault(); act(false); }} novalidate>
            <${Field} id=${id} label=${t('terms.reason', { term: name })} value=${reason} onInput=${setReason}
              error=${error} required inputRef=${reasonRef} />
            <button type="submit" class="secondary" disabled=${busy}>${t('terms.unlock', { term: name })}</button>
          </form>`
        : html`<button type="button" disabled=${busy} onClick=${() => act(true)}>${t('terms.lock', { term: name })}</button>`}
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
    </li>`;
}

/** The locks of SCHOOL's terms in YEAR (the year of its classes), for its administration. */
export function TermLocks({ school, year }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    if (!year) return;
    api('GET', `/api/v1/orgs/${encodeURIComponent(school)}/terms?school_year=${encodeURIComponent(year)}`)
      .then((res) => setState(res.ok ? res.json : { problem: res.problem }));
  }, [school, year]);
  return html`
    <section class="card" aria-labelledby="terms-h">
      <h2 id="terms-h">${t('terms.title', { year: digits(year) })}</h2>
      <p class="hint">${t('terms.lead')}</p>
      ${!state && html`<${Loading} />`}
      ${state?.problem && html`<${Notice} kind="error">${problemText(state.problem)}<//>`}
      ${state?.terms && html`
        <ul class="plain terms">${state.terms.map((x) => html`
          <${Term} key=${x.term} school=${school} year=${year} term=${x} onDone=${setState} />`)}</ul>
        ${state.events.length > 0 && html`
          <details class="term-events">
            <summary>${t('terms.history', { n: digits(state.events.length) })}</summary>
            <ul class="timeline">${state.events.map((e) => html`
              <li>${dateTime(e.at)} — <bdi>${e.by ?? '—'}</bdi>: ${e.action === 'lock' ? t('terms.did_lock', { term: label('term', String(e.term)) }) : t('terms.did_unlock', { term: label('term', String(e.term)) })}${e.reason ? html` (<bdi>${e.reason}</bdi>)` : ''}</li>`)}</ul>
          </details>`}`}
    </section>`;
}
