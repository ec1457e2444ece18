// A round for its staff (GET /api/v1/admissions/rounds/{id}): the rules,
// the schools and seats, and for its officers the seal and the run
// (POST .../seal, .../run) with the hashes that let anyone re-check them:
// the sealed inputs' SHA-256 (checked here in the browser on request) and
// the result's, and the commands that reproduce them.
import { html, useState } from '../../lib/html.js';
import { t, label, num, digits, dateTime, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { hasRole, mySchool } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, roundStatus, sha256Hex, inputsToInstant, ORG_OFFICERS } from './common.js';
import { claimText } from './documents.js';

function Priorities({ p, round }) {
  if (!p) return html`<p>${t('adm.no_priorities')}</p>`;
  const g = p.groups ?? {};
  const zones = Object.entries(p.zones ?? {});
  return html`<dl class="facts">
    ${g.sibling !== undefined && html`<div><dt>${t('adm.sibling_group')}</dt><dd>${num(g.sibling)}</dd></div>`}
    ${g.zone !== undefined && html`<div><dt>${t('adm.zone_group')}</dt><dd>${num(g.zone)}</dd></div>`}
    ${Object.entries(g.categories ?? {}).map(([c, n]) => html`<div><dt><bdi>${c}</bdi></dt><dd>${num(n)}</dd></div>`)}
    ${zones.map(([code, areas]) => html`<div><dt>${t('adm.zone_of', { school: round.schools.find((s) => s.code === code)?.name ?? code })}</dt>
      <dd><bdi dir="ltr">${areas.join(', ')}</bdi></dd></div>`)}
  </dl>`;
}

/** Seal, run and the hashes, with how to check them. */
function Placement({ r, officer, onRound }) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const [check, setCheck] = useState(null);
  async function act(verb) {
    setBusy(true);
    setMsg({ kind: 'info', text: t('adm.working') });
    const res = await api('POST', `/api/v1/admissions/rounds/${r.id}/${verb}`);
    setBusy(false);
    if (!res.ok) return setMsg({ kind: 'error', text: problemText(res.problem) });
    onRound(res.json);
    setMsg({ kind: 'ok', text: verb === 'seal' ? t('adm.sealed_ok')
      : t('adm.run_ok', { placed: num(res.json.placed), unplaced: num(res.json.unplaced) }) });
  }
  async function verify() {
    setCheck({ kind: 'info', text: t('adm.checking') });
    let res;
    try { res = await fetch(`/api/v1/admissions/rounds/${r.id}/inputs`, { credentials: 'same-origin' }); } catch { res = null; }
    if (!res?.ok) return setCheck({ kind: 'error', text: t('adm.check_failed') });
    const hex = await sha256Hex(await res.arrayBuffer());
    if (hex === null) return setCheck({ kind: 'info', text: t('adm.check_unavailable') });
    setCheck(hex === r.inputs_sha256 ? { kind: 'ok', text: t('adm.check_ok') } : { kind: 'error', text: t('adm.check_mismatch', { hash: hex }) });
  }
  const canSeal = officer && r.status === 'closed' && !r.sealed_at;
  const canRun = officer && r.sealed_at;
  const inputsUrl = `/api/v1/admissions/rounds/${r.id}/inputs`;
  return html`
    <section class="card" aria-labelledby="placement-h">
      <h2 id="placement-h">${t('adm.placement')}</h2>
      <dl class="facts adm-hashes">
        <div><dt>${t('adm.seed')}</dt><dd><code dir="ltr">${r.seed}</code></dd></div>
        <div><dt>${t('adm.sealed_at')}</dt><dd>${r.sealed_at ? dateTime(r.sealed_at) : t('adm.not_yet')}</dd></div>
        <div><dt>${t('adm.inputs_sha256')}</dt><dd>${r.inputs_sha256 ? html`<code dir="ltr" class="hash" id="inputs-hash">${r.inputs_sha256}</code>` : t('adm.not_yet')}</dd></div>
        <div><dt>${t('adm.run_at')}</dt><dd>${r.run_at ? dateTime(r.run_at) : t('adm.not_yet')}</dd></div>
        <div><dt>${t('adm.results_sha256')}</dt><dd>${r.results_sha256 ? html`<code dir="ltr" class="hash" id="results-hash">${r.results_sha256}</code>` : t('adm.not_yet')}</dd></div>
      </dl>
      ${r.status !== 'closed' && !r.sealed_at && html`<p class="hint">${t('adm.seal_after', { closes: dateTime(r.closes_at) })}</p>`}
      ${(canSeal || canRun) && html`<p class="actions">
        ${canSeal && html`<button type="button" disabled=${busy} onClick=${() => act('seal')}>${t('adm.seal')}</button>`}
        ${canRun && html`<button type="button" disabled=${busy} onClick=${() => act('run')}>${r.run_at ? t('adm.run_again') : t('adm.run')}</button>`}
      </p>`}
      <div aria-live="polite" id="placement-msg">${msg && html`<${Notice} kind=${msg.kind}>${msg.text}<//>`}</div>
      ${r.sealed_at && html`
        <h3>${t('adm.recheck')}</h3>
        <p class="actions"><button type="button" class="secondary" onClick=${verify}>${t('adm.check_inputs')}</button>
          <a href=${inputsUrl} download=${`round-${r.id}-inputs.json`}>${t('adm.download_inputs')}</a></p>
        <div aria-live="polite" id="check-msg">${check && html`<${Notice} kind=${check.kind}>${check.text}<//>`}</div>
        <ol class="adm-steps">
          <li>${t('adm.step_inputs')}<pre dir="ltr"><code>sha256sum round-${r.id}-inputs.json</code></pre></li>
          <li>${t('adm.step_run')}<pre dir="ltr"><code>tabula admissions match --input round-${r.id}-inputs.json > out.json</code></pre></li>
          <li>${t('adm.step_results')}<pre dir="ltr"><code>jq -jcS . out.json | sha256sum</code></pre></li>
          <li>${t('adm.step_lottery')}<pre dir="ltr"><code>tools/admissions_lottery.py ${r.seed} ID…</code></pre></li>
        </ol>`}
    </section>`;
}

/**
 * A second round for the children the first left without a seat (POST
 * .../second-round): the same schools with the seats no offer holds; it
 * closes the first round's offers, so it asks first.
 */
function SecondRound({ r }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ name: '', opensDate: '', opensTime: digits('08:00'), closesDate: '', closesTime: digits('20:00') });
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF((old) => ({ ...old, [k]: v }));
  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const res = await api('POST', `/api/v1/admissions/rounds/${r.id}/second-round`, {
      name: f.name.trim(), opens_at: inputsToInstant(f.opensDate, f.opensTime), closes_at: inputsToInstant(f.closesDate, f.closesTime),
    });
    setBusy(false);
    if (res.ok) return navigate(`/admissions/rounds/${res.json.id}`);
    const at = { name: 'sr-name', opens_at: 'sr-opens', closes_at: 'sr-closes' }[res.problem?.field];
    setErrors(at ? { [at]: problemText(res.problem) } : {});
    setMessage(at ? t('adm.fix_below') : problemText(res.problem));
  }
  const hint = currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint');
  return html`
    <section class="card" aria-labelledby="sr-h">
      <h2 id="sr-h">${t('adm.second_round_new')}</h2>
      <p class="lead">${t('adm.second_round_lead')}</p>
      <p class="actions"><button type="button" class="secondary" aria-expanded=${open ? 'true' : 'false'} aria-controls="sr-form"
        onClick=${() => setOpen(!open)}>${t('adm.second_round_new')}</button></p>
      ${open && html`<form id="sr-form" class="stack" onSubmit=${submit} novalidate>
        <${Field} id="sr-name" label=${t('adm.round_name')} value=${f.name} onInput=${set('name')} error=${errors['sr-name']} required />
        <div class="pickers">
          <${Field} id="sr-opens" label=${t('adm.opens_date')} value=${f.opensDate} onInput=${set('opensDate')} error=${errors['sr-opens']} required dir="ltr" hint=${hint} />
          <${Field} id="sr-opens-time" label=${t('adm.opens_time')} value=${f.opensTime} onInput=${set('opensTime')} dir="ltr" hint=${t('adm.time_hint')} />
          <${Field} id="sr-closes" label=${t('adm.closes_date')} value=${f.closesDate} onInput=${set('closesDate')} error=${errors['sr-closes']} required dir="ltr" hint=${hint} />
          <${Field} id="sr-closes-time" label=${t('adm.closes_time')} value=${f.closesTime} onInput=${set('closesTime')} dir="ltr" hint=${t('adm.time_hint')} />
        </div>
        <p class="hint">${t('adm.second_round_warn')}</p>
        ${message && html`<${Notice} kind="error">${message}<//>`}
        <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('adm.second_round_create')}</button></p>
      </form>`}
    </section>`;
}

export function Round({ id, me }) {
  const [res, setRes] = useGet(`/api/v1/admissions/rounds/${id}`);
  if (res && !res.ok) return html`<section class="card"><${Title}>${t('adm.round')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  if (!res) return html`<${Loading} />`;
  const r = res.json;
  const officer = hasRole(me, ORG_OFFICERS);
  const school = mySchool(me);
  return html`
    <div class="stack adm-round-page">
      <section class="card">
        <${Title}><bdi>${r.name}</bdi><//>
        <p class="meta"><span class="tag">${roundStatus(r)}</span><bdi dir="ltr" class="code">${r.org}</bdi></p>
        <dl class="facts">
          <div><dt>${t('adm.entry_grade')}</dt><dd>${num(r.grade)}</dd></div>
          <div><dt>${t('adm.opens_at')}</dt><dd>${dateTime(r.opens_at)}</dd></div>
          <div><dt>${t('adm.closes_at')}</dt><dd>${dateTime(r.closes_at)}</dd></div>
          <div><dt>${t('adm.max_choices')}</dt><dd>${num(r.max_choices)}</dd></div>
          ${r.rules && html`<div><dt>${t('adm.rule_set')}</dt><dd><bdi dir="ltr">${r.rules}</bdi></dd></div>`}
          ${r.parent_round && html`<div><dt>${t('adm.parent_round')}</dt><dd><${Link} to=${`/admissions/rounds/${r.parent_round}`}>${digits(r.parent_round)}<//></dd></div>`}
          ${r.second_round && html`<div><dt>${t('adm.second_round')}</dt><dd><${Link} to=${`/admissions/rounds/${r.second_round}`}>${digits(r.second_round)}<//></dd></div>`}
        </dl>
        <p class="actions">
          <${Link} class="button-link" to=${`/admissions/rounds/${r.id}/applications`}>${school ? t('adm.applications_school') : t('adm.applications')}<//>
          ${r.run_at && html`<${Link} class="button-link" to=${`/admissions/rounds/${r.id}/results`}>${t('adm.results')}<//>`}
          ${r.run_at && officer && html`<${Link} class="button-link" to=${`/admissions/rounds/${r.id}/appeals`}>${t('adm.appeals')}<//>`}
          ${officer && r.status === 'upcoming' && html`<${Link} class="button-link" to=${`/admissions/rounds/${r.id}/edit`}>${t('adm.edit_round')}<//>`}
        </p>
      </section>
      <section class="card" aria-labelledby="schools-h">
        <h2 id="schools-h">${t('adm.schools')}</h2>
        <div class="table-wrap"><table class="adm-schools">
          <thead><tr><th scope="col">${t('adm.school')}</th><th scope="col">${t('adm.code')}</th><th scope="col" class="n">${t('adm.seats')}</th></tr></thead>
          <tbody>${r.schools.map((s) => html`<tr class=${s.code === school ? 'current' : ''}><th scope="row"><bdi>${s.name}</bdi></th>
            <td><bdi dir="ltr">${s.code}</bdi></td><td class="n">${num(s.capacity)}</td></tr>`)}</tbody>
        </table></div>
      </section>
      ${r.documents?.length > 0 && html`<section class="card" aria-labelledby="docs-h">
        <h2 id="docs-h">${t('adm.documents')}</h2>
        <ul class="links">${r.documents.map((d) => html`<li>${label('doc_kind', d.kind)}${d.required ? ` (${t('adm.required')})` : ''}${d.claim ? ` — ${t('adm.supports', { claim: claimText(d.claim) })}` : ''}</li>`)}</ul>
        <p class="hint">${r.verify_claims ? t('adm.verify_claims_on') : t('adm.verify_claims_off')}</p>
      </section>`}
      <section class="card" aria-labelledby="prio-h">
        <h2 id="prio-h">${t('adm.priorities')}</h2>
        <${Priorities} p=${r.priorities} round=${r} />
      </section>
      <${Placement} r=${r} officer=${officer} onRound=${(j) => setRes({ ok: true, json: { ...r, ...j } })} />
      ${officer && r.run_at && !r.second_round && !r.parent_round && r.parent_round !== undefined && html`<${SecondRound} r=${r} />`}
      <p class="hint">${t('adm.round_id', { id: digits(r.id) })}</p>
    </div>`;
}
