// A student's report card: GET /api/v1/students/{id}/report-card?school_year=
// computes, from the stored gradebook and by the school's policy, each
// subject's term results and year result and the overall result (and the
// unit-weighted average under ir-20). For staff, guardians and the student;
// printable on one sheet (print CSS in style.css, in either direction).
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, digits, date, dateTime, clean, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, href } from '../../lib/router.js';
import { isStaff } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { markText, termMarks, SubjectName } from '../../lib/teaching.js';

// Assessments that are the term's result itself (not listed beside it).
const SELF = ['score', 'level', 'pass'];

function Mark({ value, flagged, detail }) {
  return html`
    <span class="rc-mark">${markText(value)}</span>
    ${flagged && html`<span class="flag" aria-hidden="true">!</span><span class="sr-only">${t('report.flagged')}</span>`}
    ${detail && html`<span class="rc-detail">${detail}</span>`}`;
}

export function ReportCard({ id, me }) {
  const q = location_().query;
  const [year, setYear] = useState(q.get('year') ?? '');
  const [asked, setAsked] = useState(q.get('year') ?? '');
  const [card, setCard] = useState(null);
  const [student, setStudent] = useState(null);
  const [schoolName, setSchoolName] = useState(null);

  useEffect(() => {
    setCard(null);
    const p = asked ? `?school_year=${encodeURIComponent(asked)}` : '';
    api('GET', `/api/v1/students/${encodeURIComponent(id)}/report-card${p}`)
      .then((res) => setCard(res.ok ? res.json : { problem: res.problem }));
  }, [id, asked]);
  useEffect(() => {
    api('GET', `/api/v1/students/${encodeURIComponent(id)}`).then((res) => setStudent(res.ok ? res.json : null));
  }, [id]);
  useEffect(() => {
    if (!card?.school || !isStaff(me)) return;
    api('GET', `/api/v1/orgs/${encodeURIComponent(card.school)}`).then((res) => setSchoolName(res.ok ? res.json.name : null));
  }, [card?.school]);

  function show(e) {
    e.preventDefault();
    const y = clean(year);
    history.replaceState(null, '', href(`/students/${id}/report-card${y ? `?year=${encodeURIComponent(y)}` : ''}`));
    setAsked(y);
  }

  if (!card) return html`<${Loading} />`;
  if (card.problem) {
    return html`<section class="card"><${Title}>${t('report.title')}<//>
      <${Notice} kind="error">${problemText(card.problem)}<//>
      <p><${Link} to=${`/students/${id}`}>${t('report.back')}<//></p></section>`;
  }
  const name = student ? `${student.given_name} ${student.family_name}` : '';
  const hasAverage = card.policy === 'ir-20' || card.terms.some((x) => x.average !== null) || card.year.average !== null;
  const flagged = (k, code) => (k === 2 ? card.year : card.terms[k]).flagged_subjects.includes(code);
  const cols = card.policy === 'ir-20' ? 5 : 4;
  const row = (k, v) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`;

  return html`
    <div class="stack">
      <div class="card no-print">
        <form class="inline" onSubmit=${show}>
          <${Field} id="rc-year" label=${t('student.school_year')} value=${year || card.school_year} onInput=${setYear}
            hint=${t('report.year_hint')} dir="ltr" inputmode="numeric" />
          <button type="submit" class="secondary">${t('report.show')}</button>
          <button type="button" id="print-card" onClick=${() => window.print()}>${t('report.print')}</button>
        </form>
      </div>
      <article class="card report-card" aria-labelledby="rc-title">
        <header class="rc-head">
          <div id="rc-title"><${Title}>${t('report.title')}${name && html` — <bdi>${name}</bdi>`}<//></div>
          <dl class="facts">
            ${row(t('student.id'), html`<bdi dir="ltr">${digits(card.student)}</bdi>`)}
            ${row(t('student.school'), html`${schoolName && html`<bdi>${schoolName}</bdi> `}<bdi class="code" dir="ltr">${card.school}</bdi>`)}
            ${student?.class && student.school_year === card.school_year && row(t('student.class'), html`<bdi>${student.class}</bdi>`)}
            ${student?.grade && student.school_year === card.school_year && row(t('student.grade'), num(student.grade))}
            ${row(t('student.school_year'), digits(card.school_year))}
            ${row(t('report.policy'), label('policy', card.policy))}
          </dl>
        </header>
        ${card.subjects.length === 0 ? html`<p>${t('report.no_subjects')}</p>` : html`
          <div class="table-wrap">
            <table class="rc">
              <caption>${t('report.subjects')}</caption>
              <thead><tr>
                <th scope="col">${t('grades.subject')}</th>
                ${card.policy === 'ir-20' && html`<th scope="col" class="n rc-units">${t('report.units')}</th>`}
                <th scope="col" class="rc-col">${label('term', '1')}</th>
                <th scope="col" class="rc-col">${label('term', '2')}</th>
                <th scope="col" class="rc-col">${t('report.year')}</th>
              </tr></thead>
              <tbody>
                ${card.subjects.map((s) => html`
                  <tr>
                    <th scope="row"><${SubjectName} s=${s} /></th>
                    ${card.policy === 'ir-20' && html`<td class="n">${s.units ? num(s.units) : '—'}</td>`}
                    ${[0, 1].map((k) => html`<td class=${flagged(k, s.code) ? 'flagged' : ''}>
                      <${Mark} value=${s.terms[k]} flagged=${flagged(k, s.code)} detail=${termMarks(s.assessments[k], SELF)} /></td>`)}
                    <td class=${`rc-year${flagged(2, s.code) ? ' flagged' : ''}`}><${Mark} value=${s.year} flagged=${flagged(2, s.code)} /></td>
                  </tr>`)}
              </tbody>
              <tfoot>
                ${hasAverage && html`<tr>
                  <th scope="row" colspan=${cols - 3}>${t('report.average')}</th>
                  ${card.terms.map((x) => html`<td class="rc-average">${markText(x.average)}</td>`)}
                  <td class="rc-average">${markText(card.year.average)}</td>
                </tr>`}
                <tr>
                  <th scope="row" colspan=${cols - 3}>${t('report.result')}</th>
                  ${card.terms.map((x) => html`<td class="rc-result">${label('result', x.result)}</td>`)}
                  <td class="rc-result">${label('result', card.year.result)}</td>
                </tr>
                <tr class="rc-state">
                  <th scope="row" colspan=${cols - 3}>${t('report.state')}</th>
                  ${card.terms.map((x) => html`<td>${x.locked ? t('report.locked') : t('report.provisional')}</td>`)}
                  <td>${card.terms.every((x) => x.locked) ? t('report.locked') : t('report.provisional')}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p class="hint">${t('report.flag_legend')}</p>`}
        ${card.stored_year_result && html`
          <p>${t('report.stored', {
            result: label('result', card.stored_year_result.result),
            date: dateTime(card.stored_year_result.computed_at),
          })}${card.stored_year_result.average !== null ? ` (${markText(card.stored_year_result.average)})` : ''}</p>`}
        <p class="hint rc-printed">${t('report.printed', { date: date(new Date().toISOString()) })}</p>
      </article>
      <p class="no-print"><${Link} to=${`/students/${id}`}>${t('report.back')}<//></p>
    </div>`;
}
