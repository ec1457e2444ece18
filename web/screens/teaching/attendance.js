// Attendance, against the contract of issue 6 (docs/web.md):
//   GET  /api/v1/classes/{id}/attendance?date=&period=   the class list and its marks
//   POST /api/v1/classes/{id}/attendance                  the whole class in one request
//   GET  /api/v1/students/{id}/attendance?school_year=    totals per term and recent marks
// Taking it is made for a phone: one tap per student cycles present → late →
// absent → absent (excused); everyone starts present; one save.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, label, num, digits, date, todayIso, dateForInput, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, href } from '../../lib/router.js';
import { dateInputToIso } from '../../lib/text.js';
import { ENUMS } from '../../lib/enums.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';

const CYCLE = ENUMS.attendance; // present, late, absent_unexcused, absent_excused
const PERIODS = Array.from({ length: 12 }, (_, i) => i + 1);

function next(status) {
  return CYCLE[(CYCLE.indexOf(status) + 1) % CYCLE.length];
}

/** The index of a problem's field "entries[i].status" (or ".student"), else -1. */
function entryOf(problem) {
  const m = /^entries\[(\d+)\]/.exec(problem?.field ?? '');
  return m ? Number(m[1]) : -1;
}

function Counts({ marks }) {
  const n = Object.fromEntries(CYCLE.map((s) => [s, 0]));
  for (const s of Object.values(marks)) n[s] += 1;
  return html`<p class="att-counts" role="status">${CYCLE.map((s) => html`
    <span class=${`att-count att-${s}`}>${label('attendance', s)}: ${num(n[s])}</span>`)}</p>`;
}

export function TakeAttendance({ id }) {
  const q = location_().query;
  const [day, setDay] = useState(q.get('date') ?? todayIso());
  const [period, setPeriod] = useState(q.get('period') ?? '');
  const [dayText, setDayText] = useState(dateForInput(q.get('date') ?? todayIso()));
  const [cls, setCls] = useState(null);
  const [list, setList] = useState(null);
  const [marks, setMarks] = useState({});
  const [initial, setInitial] = useState({});
  const [dateError, setDateError] = useState(null);
  const [rowError, setRowError] = useState({});
  const [problem, setProblem] = useState(null);
  const [saved, setSaved] = useState(null);
  const [busy, setBusy] = useState(false);
  const dateRef = useRef(null);

  useEffect(() => {
    api('GET', `/api/v1/classes/${encodeURIComponent(id)}`).then((res) => setCls(res.ok ? res.json : null));
  }, [id]);

  async function load() {
    setList(null);
    const p = new URLSearchParams({ date: day });
    if (period) p.set('period', period);
    const res = await api('GET', `/api/v1/classes/${encodeURIComponent(id)}/attendance?${p}`);
    if (!res.ok) {
      if (res.problem?.field === 'date') { setDateError(problemText(res.problem)); setList({ entries: [] }); return; }
      setList({ problem: res.problem });
      return;
    }
    const m = {};
    for (const e of res.json.entries) m[e.student] = e.status ?? 'present';
    setList(res.json);
    setMarks(m);
    setInitial(Object.fromEntries(res.json.entries.map((e) => [e.student, e.status])));
    setRowError({});
  }
  useEffect(() => {
    const p = new URLSearchParams({ date: day });
    if (period) p.set('period', period);
    history.replaceState(null, '', href(`/classes/${id}/attendance?${p}`));
    load();
  }, [id, day, period]);

  function pickDay(e) {
    e.preventDefault();
    const iso = dateInputToIso(dayText, currentLang());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
      setDateError(currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint'));
      return dateRef.current?.focus();
    }
    setDateError(null);
    setSaved(null);
    setProblem(null);
    setDay(iso);
    return undefined;
  }

  function tap(student) {
    setMarks((m) => ({ ...m, [student]: next(m[student] ?? 'present') }));
    setSaved(null);
    if (rowError[student]) setRowError((r) => { const n = { ...r }; delete n[student]; return n; });
  }

  function allPresent() {
    setMarks(Object.fromEntries(list.entries.map((e) => [e.student, 'present'])));
    setSaved(null);
  }

  async function save() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setSaved(null);
    const entries = list.entries.map((e) => ({ student: e.student, status: marks[e.student] ?? 'present' }));
    const res = await api('POST', `/api/v1/classes/${encodeURIComponent(id)}/attendance`,
      { date: day, period: period ? Number(period) : null, entries });
    setBusy(false);
    if (res.ok) {
      setSaved(res.json);
      setInitial(Object.fromEntries(entries.map((e) => [e.student, e.status])));
      return;
    }
    if (res.problem?.field === 'date') { setDateError(problemText(res.problem)); dateRef.current?.focus(); return; }
    const i = entryOf(res.problem);
    if (i >= 0 && list.entries[i]) {
      const who = list.entries[i];
      setRowError({ [who.student]: problemText(res.problem) });
      setProblem(t('attendance.fix_row', { name: `${who.given_name} ${who.family_name}` }));
      document.getElementById(`att-${i}`)?.focus();
      return;
    }
    setProblem(problemText(res.problem));
  }

  const fresh = list?.entries?.length > 0 && list.entries.every((e) => (initial[e.student] ?? null) === null);
  const changed = list?.entries ? list.entries.filter((e) => (initial[e.student] ?? null) !== marks[e.student]).length : 0;
  return html`
    <div class="stack attendance">
      <section class="card">
        <${Title}>${t('attendance.title')}${cls && html` — <bdi>${cls.name}</bdi>`}<//>
        <form class="inline" onSubmit=${pickDay} novalidate>
          <${Field} id="att-date" label=${t('attendance.date')} value=${dayText} onInput=${setDayText}
            error=${dateError} inputRef=${dateRef} dir="ltr" inputmode="numeric"
            hint=${html`${currentLang() === 'fa' ? t('form.date_hint_fa') : t('form.date_hint')} ${date(day)}`} />
          <div class="field">
            <label for="att-period">${t('attendance.period')}</label>
            <select id="att-period" value=${period} onChange=${(e) => { setSaved(null); setPeriod(e.currentTarget.value); }}>
              <option value="">${t('attendance.whole_day')}</option>
              ${PERIODS.map((p) => html`<option value=${String(p)}>${t('attendance.period_n', { n: num(p) })}</option>`)}
            </select>
          </div>
          <button type="submit" class="secondary">${t('attendance.show')}</button>
        </form>
      </section>
      ${!list && html`<${Loading} />`}
      ${list?.problem && html`<${Notice} kind="error">${problemText(list.problem)}<//>`}
      ${list?.entries && list.entries.length === 0 && !dateError && html`<p class="card">${t('classes.no_students')}</p>`}
      ${list?.entries?.length > 0 && html`
        <section class="card" aria-labelledby="att-h">
          <h2 id="att-h">${t('attendance.list', { date: date(day) })}</h2>
          <p class="hint" id="att-how">${t('attendance.how')}</p>
          ${fresh && html`<${Notice} kind="info">${t('attendance.fresh')}<//>`}
          <${Counts} marks=${marks} />
          <div class="actions"><button type="button" class="secondary" onClick=${allPresent}>${t('attendance.all_present')}</button></div>
          <ol class="att-list plain">
            ${list.entries.map((e, i) => {
              const s = marks[e.student] ?? 'present';
              const err = rowError[e.student];
              return html`
                <li>
                  <button type="button" id=${`att-${i}`} class=${`att att-${s}`} onClick=${() => tap(e.student)}
                    aria-describedby=${err ? `att-${i}-error` : 'att-how'} data-status=${s}>
                    <span class="att-name"><bdi>${e.given_name} ${e.family_name}</bdi></span>
                    <span class="att-status">${label('attendance', s)}</span>
                  </button>
                  ${err && html`<p class="field-error" id=${`att-${i}-error`}>${err}</p>`}
                </li>`;
            })}
          </ol>
          ${problem && html`<${Notice} kind="error">${problem}<//>`}
          ${saved && html`<${Notice} kind="ok">${t('attendance.saved', { n: num(saved.saved), changed: num(saved.changed) })}<//>`}
          <div class="actions save-bar">
            <button type="button" id="att-save" onClick=${save} disabled=${busy}>${t('attendance.save')}</button>
            <span class="hint">${changed ? t('grades.unsaved', { n: num(changed) }) : ''}</span>
          </div>
        </section>`}
    </div>`;
}

export function StudentAttendance({ id }) {
  const q = location_().query;
  const [state, setState] = useState(null);
  const [student, setStudent] = useState(null);
  useEffect(() => {
    const y = q.get('year');
    api('GET', `/api/v1/students/${encodeURIComponent(id)}/attendance${y ? `?school_year=${encodeURIComponent(y)}` : ''}`)
      .then((res) => setState(res.ok ? res.json : { problem: res.problem }));
    api('GET', `/api/v1/students/${encodeURIComponent(id)}`).then((res) => setStudent(res.ok ? res.json : null));
  }, [id]);
  const name = student ? `${student.given_name} ${student.family_name}` : '';
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${t('attendance.of')}${name && html` — <bdi>${name}</bdi>`}<//>
        ${state?.school_year && html`<p class="meta"><span>${t('student.school_year')} ${digits(state.school_year)}</span></p>`}
        <p class="actions">
          <${Link} to=${`/students/${id}/report-card`}>${t('report.title')}<//>
          <${Link} to=${`/students/${id}/timetable`}>${t('timetable.title')}<//>
        </p>
        ${!state && html`<${Loading} />`}
        ${state?.problem && html`<${Notice} kind="error">${problemText(state.problem)}<//>`}
      </section>
      ${state?.terms && html`
        <section class="card" aria-labelledby="att-totals-h">
          <h2 id="att-totals-h">${t('attendance.totals')}</h2>
          <div class="table-wrap"><table class="att-totals">
            <thead><tr><td></td>
              ${state.terms.map((x) => html`<th scope="col" class="n">${label('term', String(x.term))}</th>`)}</tr></thead>
            <tbody>${CYCLE.map((s) => html`
              <tr><th scope="row">${label('attendance', s)}</th>
                ${state.terms.map((x) => html`<td class="n">${num(x[s] ?? 0)}</td>`)}</tr>`)}</tbody>
          </table></div>
        </section>
        <section class="card" aria-labelledby="att-recent-h">
          <h2 id="att-recent-h">${t('attendance.recent')}</h2>
          ${state.records.length === 0 ? html`<p>${t('attendance.no_records')}</p>` : html`
            <ul class="plain att-records">${state.records.map((r) => html`
              <li class=${`att-record att-${r.status}`}>
                <span>${date(r.date)}</span>
                <span>${r.period === null ? t('attendance.whole_day') : t('attendance.period_n', { n: num(r.period) })}</span>
                <strong>${label('attendance', r.status)}</strong>
                ${r.note && html`<bdi class="hint">${r.note}</bdi>`}
              </li>`)}</ul>`}
        </section>`}
    </div>`;
}
