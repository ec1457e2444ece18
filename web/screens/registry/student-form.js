// Register a student (POST /api/v1/students) or correct one (PATCH
// /api/v1/students/{id}). The API checks everything; its problem+json names
// the `field` at fault, and the message appears under that input, tied to it
// with aria-describedby, and the input takes focus.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, label, clean, problemText, currentLang, dateForInput, currentSchoolYear } from '../../lib/i18n.js';
import { dateInputToIso } from '../../lib/text.js';
import { api } from '../../lib/api.js';
import { navigate, location_ } from '../../lib/router.js';
import { mySchool } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { ENUMS } from '../../lib/enums.js';

const CREATE = ['country', 'national_id', 'given_name', 'family_name', 'birth_date', 'sex', 'school',
  'grade', 'school_year', 'class'];
const EDIT = ['national_id', 'given_name', 'family_name', 'birth_date', 'sex'];
const LABELS = () => ({
  country: t('student.country'), national_id: t('student.national_id'), given_name: t('student.given_name'),
  family_name: t('student.family_name'), birth_date: t('student.birth_date'), sex: t('student.sex'),
  school: t('student.school'), grade: t('student.grade'), school_year: t('student.school_year'),
  class: t('student.class'),
});

export function StudentForm({ id, me }) {
  const editing = id !== undefined;
  const fields = editing ? EDIT : CREATE;
  const school = location_().query.get('school') ?? mySchool(me) ?? '';
  const [v, setV] = useState(editing ? null : {
    country: school.startsWith('VN') ? 'VN' : 'IR', national_id: '', given_name: '', family_name: '',
    birth_date: '', sex: 'F', school, grade: '', school_year: currentSchoolYear(), class: '',
  });
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const refs = Object.fromEntries(fields.map((f) => [f, useRef(null)]));

  useEffect(() => {
    if (!editing) return;
    api('GET', `/api/v1/students/${encodeURIComponent(id)}`).then((res) => {
      if (!res.ok) return setMessage({ kind: 'error', text: problemText(res.problem) });
      const s = res.json;
      setV({ national_id: s.national_id ?? '', given_name: s.given_name, family_name: s.family_name,
        birth_date: dateForInput(s.birth_date), sex: s.sex, country: s.country });
    });
  }, [id]);

  if (!v) return message ? html`<${Notice} kind="error">${message.text}<//>` : html`<${Loading} />`;
  const set = (k) => (val) => setV({ ...v, [k]: val });

  function body() {
    const b = {};
    for (const f of fields) {
      let x = clean(v[f]);
      if (f === 'birth_date') x = dateInputToIso(v[f], currentLang());
      if (f === 'grade') x = x === '' ? '' : Number(x);
      if (f === 'national_id' && x === '' && !editing) continue;
      if (f === 'class' && x === '') continue;
      if (f === 'given_name' || f === 'family_name') x = String(v[f]).trim();
      b[f] = x;
    }
    return b;
  }

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const res = editing
      ? await api('PATCH', `/api/v1/students/${encodeURIComponent(id)}`, body())
      : await api('POST', '/api/v1/students', body());
    setBusy(false);
    if (res.ok) {
      setErrors({});
      navigate(`/students/${res.json.id}`);
      return;
    }
    const p = res.problem;
    const f = p?.field && fields.includes(p.field) ? p.field : null;
    if (f) {
      let text = problemText(p);
      if (p.code === 'duplicate_national_id' && p.existing_id) text = html`${text} <${Link} to=${`/students/${p.existing_id}`}>${t('student.open_existing')}<//>`;
      setErrors({ [f]: text });
      requestAnimationFrame(() => refs[f].current?.focus());
    } else {
      setErrors({});
      setMessage({ kind: 'error', text: problemText(p) });
    }
  }

  const dateHint = currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint');
  const field = (f, extra = {}) => html`<${Field} id=${`f-${f}`} label=${LABELS()[f]} value=${v[f]}
    onInput=${set(f)} error=${errors[f]} inputRef=${refs[f]} ...${extra} />`;
  return html`
    <form class="card" onSubmit=${submit} novalidate>
      <${Title}>${editing ? t('form.edit_title') : t('form.new_title')}<//>
      <p class="hint">${t('form.required_note')}</p>
      <div class="grid">
        ${!editing && field('country', { required: true, options: ENUMS.country.map((c) => [c, label('country', c)]) })}
        ${field('national_id', { inputmode: 'numeric', dir: 'ltr', autocomplete: 'off',
          hint: v.country === 'VN' ? t('form.nid_hint_vn') : t('form.nid_hint_ir') })}
        ${field('given_name', { required: true, autocomplete: 'off' })}
        ${field('family_name', { required: true, autocomplete: 'off' })}
        ${field('birth_date', { required: true, inputmode: 'numeric', dir: 'ltr', hint: dateHint, placeholder: currentLang() === 'fa' ? '۱۳۹۴/۰۱/۱۳' : '2015-04-02' })}
        ${field('sex', { required: true, options: ENUMS.sex.map((s) => [s, label('sex', s)]) })}
        ${!editing && field('school', { required: true, dir: 'ltr', autocapitalize: 'characters' })}
        ${!editing && field('grade', { required: true, inputmode: 'numeric' })}
        ${!editing && field('school_year', { required: true, dir: 'ltr', inputmode: 'numeric' })}
        ${!editing && field('class', {})}
      </div>
      ${message && html`<${Notice} kind=${message.kind}>${message.text}<//>`}
      <p class="actions">
        <button type="submit" disabled=${busy}>${editing ? t('form.save') : t('form.create')}</button>
        ${editing && html`<${Link} to=${`/students/${id}`}>${t('common.cancel')}<//>`}
      </p>
    </form>`;
}
