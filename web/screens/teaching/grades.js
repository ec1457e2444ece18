// Grade entry for a teacher: class → subject → term → assessment, one row per
// student, one column saved in one request (POST /api/v1/classes/{id}/grades),
// the term's result per student from GET .../grades?subject=. Keyboard first:
// Enter or ↓ moves down, ↑ up, Tab goes on; a level is picked with its number.
// Persian and Arabic-Indic digits, ٫ and a decimal comma are read as typed;
// the API's 422 (field "grades[i].value") lands on that row's cell.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, label, num, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, href } from '../../lib/router.js';
import { isRegistrar, mySchool } from '../../lib/session.js';
import { asciiDigits } from '../../lib/text.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import {
  assessmentsFor, valueKind, ruleText, choiceLabel, valueToInput, inputToValue, markText,
  termMarks, subjectName, SubjectName, className,
} from '../../lib/teaching.js';

const REMEMBER = 'tabula.grades'; // the last class, subject, term and assessment (no personal data)

function remembered() {
  try { return JSON.parse(localStorage.getItem(REMEMBER) ?? '{}') ?? {}; } catch { return {}; }
}

function remember(sel) {
  try { localStorage.setItem(REMEMBER, JSON.stringify(sel)); } catch { /* storage off */ }
}

/** The school's classes of the newest school year it has, from GET /orgs/{code}/classes. */
export function useClasses(school) {
  const [state, setState] = useState(null);
  useEffect(() => {
    if (!school) return;
    api('GET', `/api/v1/orgs/${encodeURIComponent(school)}/classes`).then((res) => {
      if (!res.ok) return setState({ problem: res.problem });
      const year = res.json.items[0]?.school_year;
      return setState({ items: res.json.items.filter((c) => c.school_year === year), year });
    });
  }, [school]);
  return state;
}

/** The classes as <optgroup>s: a teacher's homeroom classes first, then the others by grade. */
export function ClassOptions({ items, me }) {
  const mine = items.filter((c) => c.homeroom_teacher === me.username);
  const others = items.filter((c) => c.homeroom_teacher !== me.username);
  const grades = [...new Set(others.map((c) => c.grade))].sort((a, b) => a - b);
  return html`
    ${mine.length > 0 && html`<optgroup label=${t('classes.mine')}>
      ${mine.map((c) => html`<option value=${String(c.id)}>${className(c)}</option>`)}</optgroup>`}
    ${grades.map((g) => html`<optgroup label=${t('classes.grade', { grade: num(g) })}>
      ${others.filter((c) => c.grade === g).map((c) => html`<option value=${String(c.id)}>${className(c)}</option>`)}</optgroup>`)}`;
}

function Select({ id, label: text, value, onChange, children, hint }) {
  return html`
    <div class="field">
      <label for=${id}>${text}</label>
      <select id=${id} name=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}
        aria-describedby=${hint ? `${id}-hint` : undefined}>${children}</select>
      ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    </div>`;
}

/** The row index of a problem's field "grades[i].value" (or ".student"), else -1. */
function rowOf(problem) {
  const m = /^grades\[(\d+)\]/.exec(problem?.field ?? '');
  return m ? Number(m[1]) : -1;
}

/**
 * One subject's gradebook of a class: loads it and shows one column. The
 * column (below) is keyed by term, assessment and load, so that it starts
 * from the stored values each time; after a save the gradebook is read again
 * (the term results with it) before "saved" is said.
 */
function Grid({ me, cls, subject, term, assessment, locked }) {
  const [book, setBook] = useState(null);
  const [saved, setSaved] = useState(null); // { term, assessment, focused, saved, changed }

  async function load() {
    const res = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=${encodeURIComponent(subject.code)}`);
    setBook((old) => (res.ok ? { ...res.json, version: (old?.version ?? 0) + 1 } : { problem: res.problem }));
  }
  useEffect(() => { setBook(null); setSaved(null); load(); }, [cls.id, subject.code]);

  if (!book) return html`<${Loading} />`;
  if (book.problem) return html`<${Notice} kind="error">${problemText(book.problem)}<//>`;
  async function onSaved(answer) {
    const focused = document.activeElement?.id;
    await load();
    setSaved({ term, assessment, focused, ...answer });
  }
  const said = saved && saved.term === term && saved.assessment === assessment ? saved : null;
  return html`<${Column} key=${`${term}/${assessment}/${book.version}`} me=${me} cls=${cls} subject=${subject}
    term=${term} assessment=${assessment} locked=${locked} rows=${book.students} saved=${said}
    onSaved=${onSaved} onEdit=${() => setSaved(null)} />`;
}

function Column({ me, cls, subject, term, assessment, locked, rows, saved, onSaved, onEdit }) {
  const [initial] = useState(() => Object.fromEntries(rows.map((s) => [s.id, valueToInput(s.terms[term - 1]?.[assessment])])));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const saveRef = useRef(null);
  const { kind, choices } = valueKind(cls.policy, assessment);
  const own = isRegistrar(me) || subject.teacher === me.username;
  const readOnly = !own || locked;
  const multi = assessmentsFor(cls.policy, subject.scored).length > 1;

  // Drawn again after a save: the focus goes back where it was (the cell, or the button).
  useEffect(() => { if (saved?.focused) document.getElementById(saved.focused)?.focus(); }, [saved?.focused]);

  const changed = rows.filter((s) => (values[s.id] ?? '') !== (initial[s.id] ?? '')).length;
  useEffect(() => {
    if (!changed) return undefined;
    const warn = (e) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [changed > 0]);

  function set(id, v) {
    setValues((old) => ({ ...old, [id]: v }));
    if (saved) onEdit();
    if (errors[id]) setErrors((old) => { const n = { ...old }; delete n[id]; return n; });
  }

  function focusRow(j) {
    const el = document.getElementById(`g-${j}`);
    if (!el) return false;
    el.focus();
    if (el.select) el.select();
    return true;
  }

  async function save(e) {
    e?.preventDefault();
    if (readOnly || busy) return;
    setBusy(true);
    setProblem(null);
    const grades = rows.map((s) => ({ student: s.id, value: inputToValue(kind, values[s.id] ?? '') }));
    const res = await api('POST', `/api/v1/classes/${cls.id}/grades`,
      { subject: subject.code, term, assessment, grades });
    if (res.ok) return onSaved(res.json); // this column is then drawn again from the stored values
    setBusy(false);
    const i = rowOf(res.problem);
    if (i >= 0 && rows[i]) {
      const text = `${problemText(res.problem)} ${ruleText(kind)}`;
      setErrors({ [rows[i].id]: text });
      setProblem(t('grades.fix_row', { n: num(i + 1), name: `${rows[i].given_name} ${rows[i].family_name}` }));
      focusRow(i);
      return undefined;
    }
    if (res.problem?.code === 'term_locked') return setProblem(t('grades.locked', { term: label('term', String(term)) }));
    return setProblem(problemText(res.problem));
  }

  function onKey(e, i) {
    if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) { e.preventDefault(); save(); return; }
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === 'Enter' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (!focusRow(i + 1) && e.key === 'Enter') saveRef.current?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(i - 1);
    } else if (kind === 'choice') {
      const d = asciiDigits(e.key);
      if (/^[1-9]$/.test(d) && Number(d) <= choices.length) {
        e.preventDefault();
        set(rows[i].id, choices[Number(d) - 1]);
      } else if (d === '0' || e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        set(rows[i].id, '');
      }
    }
  }

  const colName = label('assessment', assessment);
  const resultHead = cls.policy === 'vn-tt22' && subject.scored ? t('grades.term_average') : t('grades.term_result');
  const cell = (s, i) => {
    const id = `g-${i}`;
    const err = errors[s.id];
    const common = {
      id, name: id, value: values[s.id] ?? '', 'aria-invalid': err ? 'true' : undefined,
      'aria-describedby': err ? `${id}-error` : undefined, onKeyDown: (e) => onKey(e, i),
    };
    const name = `${s.given_name} ${s.family_name}`;
    return html`
      <td class="cell">
        <label class="sr-only" for=${id}>${t('grades.cell_label', { assessment: colName, name })}</label>
        ${kind === 'choice'
          ? html`<select ...${common} onChange=${(e) => set(s.id, e.currentTarget.value)}>
              <option value="">—</option>
              ${choices.map((c, k) => html`<option value=${c}>${num(k + 1)} · ${choiceLabel(c)}</option>`)}
            </select>`
          : html`<input ...${common} inputmode="decimal" autocomplete="off" dir="ltr" class="score"
              onInput=${(e) => set(s.id, e.currentTarget.value)} />`}
        ${err && html`<p class="field-error" id=${`${id}-error`}>${err}</p>`}
      </td>`;
  };

  return html`
    <form class="card gradebook" onSubmit=${save} novalidate aria-labelledby="grid-h">
      <h2 id="grid-h"><${SubjectName} s=${subject} /> · <bdi>${cls.name}</bdi> · ${label('term', String(term))} · ${colName}</h2>
      ${!own && html`<${Notice} kind="info">${t('grades.read_only', { teacher: subject.teacher ?? '—' })}<//>`}
      ${own && locked && html`<${Notice} kind="info">${t('grades.locked', { term: label('term', String(term)) })}<//>`}
      ${!readOnly && html`<p class="hint" id="grid-keys">${t('grades.keys', { rule: ruleText(kind) })}</p>`}
      ${rows.length === 0 ? html`<p>${t('classes.no_students')}</p>` : html`
        <div class="table-wrap">
          <table class="grades">
            <thead><tr>
              <th scope="col" class="n">#</th>
              <th scope="col">${t('student.name')}</th>
              ${multi && html`<th scope="col" class="marks">${t('grades.term_so_far')}</th>`}
              <th scope="col">${colName}</th>
              <th scope="col" class="n">${resultHead}</th>
            </tr></thead>
            <tbody>
              ${rows.map((s, i) => html`
                <tr class=${errors[s.id] ? 'bad' : ''}>
                  <td class="n">${num(i + 1)}</td>
                  <th scope="row"><${Link} to=${`/students/${s.id}/report-card`}><bdi>${s.given_name} ${s.family_name}</bdi><//></th>
                  ${multi && html`<td class="marks">${termMarks(s.terms[term - 1], [assessment])}</td>`}
                  ${readOnly ? html`<td>${markText(s.terms[term - 1]?.[assessment])}</td>` : cell(s, i)}
                  <td class="n avg">${markText(s.term_results[term - 1])}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>`}
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
      ${saved && html`<${Notice} kind="ok">${t('grades.saved', { n: num(saved.saved), changed: num(saved.changed) })}<//>`}
      ${!readOnly && rows.length > 0 && html`
        <div class="actions save-bar">
          <button type="submit" id="grades-save" ref=${saveRef} disabled=${busy}>${t('grades.save')}</button>
          <span class="hint" role="status">${changed ? t('grades.unsaved', { n: num(changed) }) : ''}</span>
        </div>`}
    </form>`;
}

export function GradeEntry({ me }) {
  const school = mySchool(me);
  const q = location_().query;
  const last = q.get('class') ? {} : remembered();
  const [sel, setSel] = useState({
    cls: q.get('class') ?? last.cls ?? '',
    subject: q.get('subject') ?? last.subject ?? '',
    term: Number(q.get('term') ?? last.term ?? 1) === 2 ? 2 : 1,
    assessment: q.get('assessment') ?? last.assessment ?? '',
  });
  const classes = useClasses(school);
  const [cls, setCls] = useState(null);
  const [locks, setLocks] = useState(null);

  // A remembered or asked-for class that is not in the list gives way to the teacher's own.
  useEffect(() => {
    if (!classes?.items) return;
    if (sel.cls && classes.items.some((c) => String(c.id) === sel.cls)) return;
    const mine = classes.items.find((c) => c.homeroom_teacher === me.username);
    setSel((s) => ({ ...s, cls: mine ? String(mine.id) : '', subject: '', assessment: '' }));
  }, [classes]);

  useEffect(() => {
    setCls(null);
    if (!sel.cls) return;
    api('GET', `/api/v1/classes/${encodeURIComponent(sel.cls)}`).then((res) => setCls(res.ok ? res.json : { problem: res.problem, status: res.status }));
  }, [sel.cls]);

  useEffect(() => {
    if (!cls?.school_year) return;
    api('GET', `/api/v1/orgs/${encodeURIComponent(cls.school)}/terms?school_year=${encodeURIComponent(cls.school_year)}`)
      .then((res) => setLocks(res.ok ? res.json.terms : []));
  }, [cls?.school, cls?.school_year]);

  // The subject and the assessment follow the class and its policy.
  const subjects = cls?.subjects ?? [];
  const ownSubjects = isRegistrar(me) ? subjects : subjects.filter((s) => s.teacher === me.username);
  const subject = subjects.find((s) => s.code === sel.subject) ?? ownSubjects[0] ?? subjects[0] ?? null;
  const assessments = subject ? assessmentsFor(cls.policy, subject.scored) : [];
  const assessment = assessments.includes(sel.assessment) ? sel.assessment : assessments[0] ?? '';

  useEffect(() => {
    const p = new URLSearchParams();
    if (sel.cls) p.set('class', sel.cls);
    if (subject) p.set('subject', subject.code);
    p.set('term', String(sel.term));
    if (assessment) p.set('assessment', assessment);
    history.replaceState(null, '', href(`/grades?${p}`));
    if (sel.cls) remember({ cls: sel.cls, subject: subject?.code, term: sel.term, assessment });
  }, [sel.cls, subject?.code, sel.term, assessment]);

  if (!school) {
    return html`<section class="card"><${Title}>${t('grades.title')}<//><p>${t('grades.no_school')}</p></section>`;
  }
  const change = (k) => (v) => setSel((s) => ({ ...s, [k]: k === 'term' ? Number(v) : v }));
  const locked = locks?.find((x) => x.term === sel.term)?.locked ?? false;

  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${t('grades.title')}<//>
        <p class="lead">${t('grades.lead')}</p>
        ${!classes && html`<${Loading} />`}
        ${classes?.problem && html`<${Notice} kind="error">${problemText(classes.problem)}<//>`}
        ${classes?.items && html`
          <div class="pickers">
            <${Select} id="pick-class" label=${t('grades.class')} value=${sel.cls}
              onChange=${(v) => setSel((s) => ({ ...s, cls: v, subject: '', assessment: '' }))}>
              <option value="">${t('grades.choose_class')}</option>
              <${ClassOptions} items=${classes.items} me=${me} />
            <//>
            ${cls?.subjects && subjects.length > 0 && html`
              <${Select} id="pick-subject" label=${t('grades.subject')} value=${subject?.code ?? ''}
                onChange=${(v) => setSel((s) => ({ ...s, subject: v, assessment: '' }))}>
                ${subjects.map((s) => html`<option value=${s.code}>${subjectName(s)}${ownSubjects.includes(s) ? '' : ` (${t('grades.view_only')})`}</option>`)}
              <//>
              <${Select} id="pick-term" label=${t('grades.term')} value=${String(sel.term)} onChange=${change('term')}>
                <option value="1">${label('term', '1')}</option>
                <option value="2">${label('term', '2')}</option>
              <//>
              <${Select} id="pick-assessment" label=${t('grades.assessment')} value=${assessment}
                onChange=${change('assessment')} hint=${label('policy', cls.policy)}>
                ${assessments.map((a) => html`<option value=${a}>${label('assessment', a)}</option>`)}
              <//>`}
          </div>`}
        ${cls?.problem && html`<${Notice} kind="error">${cls.status === 403 ? t('grades.not_your_class') : problemText(cls.problem)}<//>`}
        ${cls?.subjects && subjects.length === 0 && html`<${Notice} kind="info">${t('grades.no_subjects')}<//>`}
        ${cls?.subjects && subjects.length > 0 && ownSubjects.length === 0 && html`<p class="hint">${t('grades.none_yours')}</p>`}
      </section>
      ${sel.cls && !cls && html`<${Loading} />`}
      ${cls?.subjects && subject && assessment && locks && html`
        <${Grid} key=${`${cls.id}/${subject.code}`} me=${me} cls=${cls} subject=${subject} term=${sel.term}
          assessment=${assessment} locked=${locked} />`}
    </div>`;
}
