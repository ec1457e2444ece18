// A child not yet in the registry, registered by the family from home
// (POST /api/v1/admissions/rounds/{id}/children, with an Idempotency-Key
// made once per form): the identity is checked by the country's rules and
// the age by the round's rule set; then the family applies for the child.
import { html, useState } from '../../lib/html.js';
import { t, label, clean, currentLang, problemText } from '../../lib/i18n.js';
import { dateInputToIso } from '../../lib/text.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { ENUMS } from '../../lib/enums.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, newKey } from './common.js';

const FIELDS = ['given_name', 'family_name', 'birth_date', 'sex', 'national_id', 'relation'];

export function NewChild({ id }) {
  const [round] = useGet(`/api/v1/admissions/rounds/${id}`);
  const [f, setF] = useState({ given_name: '', family_name: '', birth_date: '', sex: '', national_id: '', relation: 'mother' });
  const [key] = useState(newKey);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF((old) => ({ ...old, [k]: v }));
  if (!round) return html`<${Loading} />`;
  if (!round.ok) return html`<section class="card"><${Title}>${t('adm.new_child')}<//><${Notice} kind="error">${problemText(round.problem)}<//></section>`;

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const body = {
      given_name: f.given_name.trim(), family_name: f.family_name.trim(),
      birth_date: dateInputToIso(f.birth_date, currentLang()), sex: f.sex, relation: f.relation,
    };
    if (clean(f.national_id)) body.national_id = clean(f.national_id);
    const res = await api('POST', `/api/v1/admissions/rounds/${id}/children`, body, undefined, { 'idempotency-key': key });
    setBusy(false);
    if (res.ok) return navigate(`/admissions/rounds/${id}/apply?student=${res.json.id}`);
    const text = problemText(res.problem);
    const field = FIELDS.includes(res.problem?.field) ? res.problem.field : null;
    setErrors(field ? { [field]: text } : {});
    setMessage(field ? t('adm.fix_below') : text);
    if (field) document.getElementById(`child-${field}`)?.focus();
  }
  const hint = currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint');
  return html`
    <form class="card narrow adm-new-child" onSubmit=${submit} novalidate>
      <${Title}>${t('adm.new_child')}<//>
      <p class="lead">${t('adm.new_child_lead')}</p>
      <p class="meta"><bdi>${round.json.name}</bdi></p>
      <${Field} id="child-given_name" label=${t('student.given_name')} value=${f.given_name} onInput=${set('given_name')} error=${errors.given_name} required autocomplete="off" />
      <${Field} id="child-family_name" label=${t('student.family_name')} value=${f.family_name} onInput=${set('family_name')} error=${errors.family_name} required autocomplete="off" />
      <${Field} id="child-birth_date" label=${t('student.birth_date')} value=${f.birth_date} onInput=${set('birth_date')} error=${errors.birth_date} required dir="ltr" inputmode="numeric" hint=${hint} />
      <${Field} id="child-sex" label=${t('student.sex')} value=${f.sex} onInput=${set('sex')} error=${errors.sex} required
        options=${[['', '—'], ...ENUMS.sex.map((s) => [s, label('sex', s)])]} />
      <${Field} id="child-national_id" label=${t('student.national_id')} value=${f.national_id} onInput=${set('national_id')} error=${errors.national_id} dir="ltr" inputmode="numeric" />
      <${Field} id="child-relation" label=${t('adm.relation')} value=${f.relation} onInput=${set('relation')} error=${errors.relation} required
        options=${ENUMS.relation.map((r) => [r, label('relation', r)])} />
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${t('adm.register_child')}</button>
        <${Link} to=${`/admissions/rounds/${id}/apply`}>${t('common.cancel')}<//></p>
    </form>`;
}
