// Issue parent accounts for a grade of the principal's school and print the
// sheet: POST /api/v1/orgs/{school}/accounts {"role":"guardian","grade"}
// creates one guardian account per enrolled student, linked to the child,
// each with a one-time code. The codes are shown once: the sheet (one slip
// per child, cut along the dashes) is printed from here (print CSS in
// style.css, in either direction).
import { html, useState, useRef, useEffect } from '../../lib/html.js';
import { t, label, num, date, digits, clean, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_ } from '../../lib/router.js';
import { mySchool, isRegistrar } from '../../lib/session.js';
import { Field, Notice, Title } from '../../lib/ui.js';
import { ENUMS } from '../../lib/enums.js';

function Slip({ item, expires }) {
  return html`
    <li class="slip">
      <h3><bdi>${item.given_name} ${item.family_name}</bdi></h3>
      <p class="meta"><span>${t('student.grade')} ${num(item.grade)}</span>
        <span>${t('student.id')} <bdi dir="ltr">${digits(item.student)}</bdi></span></p>
      <dl class="slip-facts">
        <div><dt>${t('login.username')}</dt><dd><bdi dir="ltr" class="otc-user">${item.username}</bdi></dd></div>
        <div><dt>${t('redeem.code')}</dt><dd><bdi dir="ltr" class="otc">${item.code}</bdi></dd></div>
      </dl>
      <p class="slip-how">${t('accounts.how', { site: location.host, link: t('login.have_code') })}</p>
      <p class="hint">${t('accounts.valid_until', { date: date(expires) })}</p>
    </li>`;
}

export function IssueAccounts({ me }) {
  const school = mySchool(me);
  // ?role=candidate&grade=12: the exam candidates' sheet (docs/exams.md), linked from the exams screens.
  const query = location_().query;
  const [role, setRole] = useState(query.get('role') === 'candidate' ? 'candidate' : 'guardian');
  const [grade, setGrade] = useState(query.get('grade') ?? '');
  const [relation, setRelation] = useState('guardian');
  const [error, setError] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [sheet, setSheet] = useState(null);
  const gradeRef = useRef(null);
  const sheetRef = useRef(null);
  useEffect(() => { if (sheet) sheetRef.current?.focus(); }, [sheet]);

  if (!school || !isRegistrar(me)) {
    return html`<section class="card"><${Title}>${t('accounts.title')}<//><p>${t('accounts.no_school')}</p></section>`;
  }

  async function submit(e) {
    e.preventDefault();
    setProblem(null);
    const g = Number(clean(grade));
    if (!clean(grade) || !Number.isInteger(g) || g < 1 || g > 12) {
      setError(t('accounts.grade_hint'));
      return gradeRef.current?.focus();
    }
    setError(null);
    setBusy(true);
    const body = role === 'candidate' ? { role, grade: g } : { role, grade: g, relation };
    const res = await api('POST', `/api/v1/orgs/${encodeURIComponent(school)}/accounts`, body);
    setBusy(false);
    if (res.ok) return setSheet(res.json);
    if (res.problem?.field === 'grade') { setError(problemText(res.problem)); return gradeRef.current?.focus(); }
    setProblem(problemText(res.problem));
  }

  return html`
    <div class="stack">
      <form class="card no-print" onSubmit=${submit} novalidate>
        <${Title}>${t('accounts.title')}<//>
        <p>${t('accounts.lead', { school })}</p>
        <${Field} id="accounts-grade" label=${t('student.grade')} value=${grade} onInput=${setGrade}
          inputmode="numeric" required error=${error} hint=${t('accounts.grade_hint')} inputRef=${gradeRef} />
        <${Field} id="accounts-role" label=${t('accounts.role')} value=${role} onInput=${setRole}
          options=${[['guardian', label('role', 'guardian')], ['candidate', label('role', 'candidate')]]} />
        ${role === 'guardian' && html`<${Field} id="accounts-relation" label=${t('accounts.relation')} value=${relation} onInput=${setRelation}
          options=${ENUMS.relation.map((r) => [r, label('relation', r)])} />`}
        ${problem && html`<${Notice} kind="error">${problem}<//>`}
        <div class="actions"><button type="submit" disabled=${busy}>${t('accounts.issue')}</button></div>
      </form>
      ${sheet && html`
        <section class="card sheet" aria-labelledby="sheet-h">
          <div class="no-print">
            <${Notice} kind="ok">${t('accounts.issued', { n: num(sheet.created) })}
              ${sheet.skipped.length > 0 && html` ${t('accounts.skipped', { n: num(sheet.skipped.length) })}`}<//>
            <p>${t('accounts.once')}</p>
            <div class="actions"><button type="button" id="print-sheet" onClick=${() => window.print()}>${t('accounts.print')}</button></div>
          </div>
          <h2 id="sheet-h" tabindex="-1" ref=${sheetRef}>${t('accounts.sheet_title', { school, grade: num(sheet.items[0]?.grade ?? Number(clean(grade))) })}</h2>
          <ol class="slips plain">${sheet.items.map((item) => html`<${Slip} item=${item} expires=${sheet.expires_at} />`)}</ol>
        </section>`}
    </div>`;
}
