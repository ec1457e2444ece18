// A round, created (POST /api/v1/admissions/rounds) or changed before it
// opens (PATCH /api/v1/admissions/rounds/{id}) by an officer: the office,
// name, entry grade, window (dates in the reader's calendar, times in the
// reader's zone), how many schools a family may rank, the seed, the schools
// with their seats, and the priority groups and zones.
import { html, useState } from '../../lib/html.js';
import { t, num, digits, clean, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { myOrg } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { asciiDigits } from '../../lib/text.js';
import { useGet, instantToInputs, inputsToInstant } from './common.js';

/** A typed whole number as the API takes it: a number when it is one, else the text (the API names it). */
function int(v) {
  const s = asciiDigits(v).trim();
  return /^\d+$/.test(s) ? Number(s) : s;
}

function initial(me, r) {
  const opens = instantToInputs(r?.opens_at);
  const closes = instantToInputs(r?.closes_at);
  const g = r?.priorities?.groups ?? {};
  return {
    org: r?.org ?? myOrg(me) ?? '', name: r?.name ?? '', grade: r ? digits(r.grade) : digits(1),
    opensDate: opens.date, opensTime: opens.time || digits('08:00'),
    closesDate: closes.date, closesTime: closes.time || digits('20:00'),
    maxChoices: r ? digits(r.max_choices) : digits(5),
    seed: r ? digits(r.seed) : digits(Math.floor(Math.random() * 1e9)),
    schools: r?.schools?.map((s) => ({ code: s.code, capacity: digits(s.capacity) })) ?? [{ code: '', capacity: '' }],
    sibling: g.sibling !== undefined ? digits(g.sibling) : '',
    zone: g.zone !== undefined ? digits(g.zone) : '',
    categories: Object.entries(g.categories ?? {}).map(([name, group]) => ({ name, group: digits(group) })),
    zones: Object.fromEntries(Object.entries(r?.priorities?.zones ?? {}).map(([c, a]) => [c, a.join(', ')])),
    rules: r?.rules ?? '',
    documents: (r?.documents ?? []).map((d) => ({ kind: d.kind, required: !!d.required, claim: d.claim ?? '' })),
    verifyClaims: !!r?.verify_claims,
  };
}

function prioritiesBody(f) {
  const groups = {};
  if (clean(f.sibling)) groups.sibling = int(f.sibling);
  if (clean(f.zone)) groups.zone = int(f.zone);
  const cats = f.categories.filter((c) => c.name.trim());
  if (cats.length) groups.categories = Object.fromEntries(cats.map((c) => [c.name.trim(), int(c.group)]));
  const zones = {};
  for (const [code, text] of Object.entries(f.zones)) {
    const areas = text.split(/[,،\s]+/).map((a) => asciiDigits(a).trim()).filter(Boolean);
    if (areas.length && f.schools.some((s) => clean(s.code) === code)) zones[code] = areas;
  }
  const out = {};
  if (Object.keys(groups).length) out.groups = groups;
  if (Object.keys(zones).length) out.zones = zones;
  return Object.keys(out).length ? out : null;
}

/** The id of the input that shows the API's FIELD, or null. */
function inputOf(field) {
  const m = /^schools\[(\d+)\](?:\.(code|capacity))?$/.exec(field);
  if (m) return `school-${m[2] === 'capacity' ? 'seats' : 'code'}-${m[1]}`;
  const plain = { org: 'org', name: 'name', grade: 'grade', opens_at: 'opens-date', closes_at: 'closes-date',
    max_choices: 'max-choices', seed: 'seed', 'priorities.groups.sibling': 'sibling', 'priorities.groups.zone': 'zone' };
  if (plain[field]) return plain[field];
  const z = /^priorities\.zones\.([^[]+)/.exec(field);
  if (z) return `zone-${z[1]}`;
  if (/^priorities\.groups\.categories/.test(field)) return 'categories';
  const d = /^documents\[(\d+)\](?:\.(kind|claim|required))?$/.exec(field);
  if (d) return `doc-${d[2] === 'claim' ? 'claim' : 'kind'}-${d[1]}`;
  if (field === 'documents') return 'documents';
  if (field === 'rules') return 'rules';
  return null;
}

/** The documents rows as the API takes them. */
function documentsBody(f) {
  return f.documents.filter((d) => d.kind.trim()).map((d) => {
    const o = { kind: d.kind.trim(), required: d.required };
    if (d.claim.trim()) o.claim = d.claim.trim();
    return o;
  });
}

function Form({ me, r }) {
  const [f, setF] = useState(() => initial(me, r));
  const [ruleSets] = useGet(r ? null : '/api/v1/admissions/rules');
  const setDoc = (i, k, v) => setF((old) => ({ ...old, documents: old.documents.map((d, j) => (j === i ? { ...d, [k]: v } : d)) }));
  // A rule set fills the form with its grade, list length and priorities; the family of fields stays editable.
  function pickRules(name) {
    const rs = ruleSets?.json?.items?.find((x) => x.name === name);
    setF((old) => {
      if (!rs) return { ...old, rules: name };
      const g = rs.priorities?.groups ?? {};
      return {
        ...old, rules: name, grade: digits(rs.grade), maxChoices: digits(rs.max_choices ?? old.maxChoices),
        sibling: g.sibling !== undefined ? digits(g.sibling) : '', zone: g.zone !== undefined ? digits(g.zone) : '',
        categories: Object.entries(g.categories ?? {}).map(([name2, group]) => ({ name: name2, group: digits(group) })),
      };
    });
    if (rs) setStatus(t('adm.rules_filled', { name: rs.label?.[currentLang()] ?? rs.name }));
  }
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const set = (k) => (v) => setF((old) => ({ ...old, [k]: v }));
  const setSchool = (i, k, v) => setF((old) => ({ ...old, schools: old.schools.map((s, j) => (j === i ? { ...s, [k]: v } : s)) }));
  const setCat = (i, k, v) => setF((old) => ({ ...old, categories: old.categories.map((s, j) => (j === i ? { ...s, [k]: v } : s)) }));
  const hint = currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint');

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const body = {
      name: f.name.trim(), grade: int(f.grade),
      opens_at: inputsToInstant(f.opensDate, f.opensTime), closes_at: inputsToInstant(f.closesDate, f.closesTime),
      max_choices: int(f.maxChoices), seed: int(f.seed),
      schools: f.schools.filter((s) => clean(s.code) || clean(s.capacity)).map((s) => ({ code: clean(s.code), capacity: int(s.capacity) })),
      priorities: prioritiesBody(f),
      documents: documentsBody(f),
      verify_claims: f.verifyClaims,
    };
    if (!r) body.org = clean(f.org);
    if (!r && f.rules) body.rules = f.rules;
    setBusy(true);
    const res = r ? await api('PATCH', `/api/v1/admissions/rounds/${r.id}`, body) : await api('POST', '/api/v1/admissions/rounds', body);
    setBusy(false);
    if (res.ok) return navigate(`/admissions/rounds/${res.json.id}`);
    const text = problemText(res.problem);
    const at = inputOf(res.problem?.field ?? '');
    setErrors(at ? { [at]: text } : {});
    setMessage(at ? t('adm.fix_below') : text);
    if (at) document.getElementById(at)?.focus();
  }

  return html`
    <form class="card adm-round-form" onSubmit=${submit} novalidate>
      <${Title}>${r ? t('adm.edit_round') : t('adm.new_round')}<//>
      ${r ? html`<p class="meta"><bdi dir="ltr" class="code">${r.org}</bdi></p>`
        : html`<${Field} id="org" label=${t('adm.office')} value=${f.org} onInput=${set('org')} error=${errors.org} required dir="ltr" hint=${t('adm.office_hint')} />`}
      ${!r && ruleSets?.ok && html`<${Field} id="rules" label=${t('adm.rule_set')} value=${f.rules} onInput=${pickRules} error=${errors.rules}
        hint=${t('adm.rule_set_hint')}
        options=${[['', t('adm.no_rule_set')], ...ruleSets.json.items.map((x) => [x.name, x.label?.[currentLang()] ?? x.name])]} />`}
      ${r?.rules && html`<p class="meta"><span>${t('adm.rule_set')}: <bdi dir="ltr">${r.rules}</bdi></span></p>`}
      <${Field} id="name" label=${t('adm.round_name')} value=${f.name} onInput=${set('name')} error=${errors.name} required />
      <div class="pickers">
        <${Field} id="grade" label=${t('adm.entry_grade')} value=${f.grade} onInput=${set('grade')} error=${errors.grade} required inputmode="numeric" />
        <${Field} id="max-choices" label=${t('adm.max_choices')} value=${f.maxChoices} onInput=${set('maxChoices')} error=${errors['max-choices']} required inputmode="numeric" hint=${t('adm.max_choices_hint')} />
        <${Field} id="seed" label=${t('adm.seed')} value=${f.seed} onInput=${set('seed')} error=${errors.seed} required inputmode="numeric" dir="ltr" hint=${t('adm.seed_hint')} />
      </div>
      <fieldset class="adm-fieldset"><legend>${t('adm.window_h')}</legend>
        <p class="hint">${t('adm.window_hint')}</p>
        <div class="pickers">
          <${Field} id="opens-date" label=${t('adm.opens_date')} value=${f.opensDate} onInput=${set('opensDate')} error=${errors['opens-date']} required dir="ltr" inputmode="numeric" hint=${hint} />
          <${Field} id="opens-time" label=${t('adm.opens_time')} value=${f.opensTime} onInput=${set('opensTime')} required dir="ltr" inputmode="numeric" hint=${t('adm.time_hint')} />
          <${Field} id="closes-date" label=${t('adm.closes_date')} value=${f.closesDate} onInput=${set('closesDate')} error=${errors['closes-date']} required dir="ltr" inputmode="numeric" hint=${hint} />
          <${Field} id="closes-time" label=${t('adm.closes_time')} value=${f.closesTime} onInput=${set('closesTime')} required dir="ltr" inputmode="numeric" hint=${t('adm.time_hint')} />
        </div>
      </fieldset>
      <fieldset class="adm-fieldset"><legend>${t('adm.schools')}</legend>
        <ol class="plain adm-school-rows">${f.schools.map((s, i) => html`
          <li class="adm-school-row">
            <${Field} id=${`school-code-${i}`} label=${t('adm.school_code_n', { n: num(i + 1) })} value=${s.code} onInput=${(v) => setSchool(i, 'code', v)} error=${errors[`school-code-${i}`]} dir="ltr" />
            <${Field} id=${`school-seats-${i}`} label=${t('adm.seats_of_n', { n: num(i + 1) })} value=${s.capacity} onInput=${(v) => setSchool(i, 'capacity', v)} error=${errors[`school-seats-${i}`]} inputmode="numeric" />
            <button type="button" class="secondary" aria-label=${t('adm.remove_school_n', { n: num(i + 1) })}
              onClick=${() => { setF((old) => ({ ...old, schools: old.schools.filter((_, j) => j !== i) })); setStatus(t('adm.school_removed')); }}>${t('adm.remove')}</button>
          </li>`)}</ol>
        <p class="actions"><button type="button" class="secondary" onClick=${() => { setF((old) => ({ ...old, schools: [...old.schools, { code: '', capacity: '' }] })); setStatus(t('adm.school_added')); }}>${t('adm.add_school')}</button></p>
      </fieldset>
      <fieldset class="adm-fieldset"><legend>${t('adm.priorities')}</legend>
        <p class="hint">${t('adm.priorities_hint')}</p>
        <div class="pickers">
          <${Field} id="sibling" label=${t('adm.sibling_group')} value=${f.sibling} onInput=${set('sibling')} error=${errors.sibling} inputmode="numeric" />
          <${Field} id="zone" label=${t('adm.zone_group')} value=${f.zone} onInput=${set('zone')} error=${errors.zone} inputmode="numeric" />
        </div>
        <fieldset class="adm-checks" id="categories" tabindex="-1"><legend>${t('adm.categories')}</legend>
          ${f.categories.map((c, i) => html`<div class="adm-school-row">
            <${Field} id=${`cat-name-${i}`} label=${t('adm.category_name')} value=${c.name} onInput=${(v) => setCat(i, 'name', v)} dir="ltr" />
            <${Field} id=${`cat-group-${i}`} label=${t('adm.category_group')} value=${c.group} onInput=${(v) => setCat(i, 'group', v)} inputmode="numeric" />
            <button type="button" class="secondary" onClick=${() => setF((old) => ({ ...old, categories: old.categories.filter((_, j) => j !== i) }))}>${t('adm.remove')}</button></div>`)}
          ${errors.categories && html`<p class="field-error">${errors.categories}</p>`}
          <p class="actions"><button type="button" class="secondary" onClick=${() => setF((old) => ({ ...old, categories: [...old.categories, { name: '', group: '' }] }))}>${t('adm.add_category')}</button></p>
        </fieldset>
        ${f.schools.filter((s) => clean(s.code)).map((s) => html`
          <${Field} id=${`zone-${clean(s.code)}`} label=${t('adm.zone_of', { school: clean(s.code) })} value=${f.zones[clean(s.code)] ?? ''}
            onInput=${(v) => setF((old) => ({ ...old, zones: { ...old.zones, [clean(s.code)]: v } }))}
            error=${errors[`zone-${clean(s.code)}`]} dir="ltr" hint=${t('adm.zone_hint')} />`)}
      </fieldset>
      <fieldset class="adm-fieldset" id="documents" tabindex="-1"><legend>${t('adm.documents')}</legend>
        <p class="hint">${t('adm.documents_hint')}</p>
        ${f.documents.map((d, i) => html`<div class="adm-school-row">
          <${Field} id=${`doc-kind-${i}`} label=${t('adm.doc_kind_n', { n: num(i + 1) })} value=${d.kind} onInput=${(v) => setDoc(i, 'kind', v)} error=${errors[`doc-kind-${i}`]} dir="ltr" />
          <${Field} id=${`doc-claim-${i}`} label=${t('adm.doc_claim')} value=${d.claim} onInput=${(v) => setDoc(i, 'claim', v)} error=${errors[`doc-claim-${i}`]} dir="ltr" hint=${t('adm.doc_claim_hint')} />
          <label class="check"><input type="checkbox" checked=${d.required} onChange=${(e) => setDoc(i, 'required', e.currentTarget.checked)} /> ${t('adm.required')}</label>
          <button type="button" class="secondary" aria-label=${t('adm.remove_doc_n', { n: num(i + 1) })}
            onClick=${() => setF((old) => ({ ...old, documents: old.documents.filter((_, j) => j !== i) }))}>${t('adm.remove')}</button></div>`)}
        ${errors.documents && html`<p class="field-error">${errors.documents}</p>`}
        <p class="actions"><button type="button" class="secondary" onClick=${() => setF((old) => ({ ...old, documents: [...old.documents, { kind: '', required: true, claim: '' }] }))}>${t('adm.add_document')}</button></p>
        <label class="check"><input type="checkbox" id="verify-claims" checked=${f.verifyClaims} onChange=${(e) => set('verifyClaims')(e.currentTarget.checked)} /> ${t('adm.verify_claims')}</label>
      </fieldset>
      <p class="sr-only" role="status" aria-live="polite">${status}</p>
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${r ? t('adm.save_changes') : t('adm.create_round')}</button>
        <${Link} to=${r ? `/admissions/rounds/${r.id}` : '/admissions'}>${t('common.cancel')}<//></p>
    </form>`;
}

export function RoundNew({ me }) {
  return html`<${Form} me=${me} r=${null} />`;
}

export function RoundEdit({ id, me }) {
  const [res] = useGet(`/api/v1/admissions/rounds/${id}`);
  if (!res) return html`<${Loading} />`;
  if (!res.ok) return html`<section class="card"><${Title}>${t('adm.edit_round')}<//><${Notice} kind="error">${problemText(res.problem)}<//></section>`;
  if (res.json.status !== 'upcoming') return html`<section class="card"><${Title}>${t('adm.edit_round')}<//><${Notice} kind="info">${t('error.round_started')}<//></section>`;
  return html`<${Form} me=${me} r=${res.json} />`;
}
