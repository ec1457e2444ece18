// Timetables, against the contract of issue 6 (docs/web.md):
//   GET /api/v1/classes/{id}/timetable        a class's week
//   GET /api/v1/timetable?teacher=USERNAME    a teacher's week ("my week")
//   GET /api/v1/students/{id}/timetable       a student's week (their class's)
// One block per school day, in the order the reader's week runs (Saturday
// first in Persian), periods in order; the blocks flow into columns on a wide
// screen and stack on a phone.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';

/** ISO weekdays (1 Monday … 7 Sunday) in the order of the reader's week. */
function weekOrder() {
  return currentLang() === 'fa' ? [6, 7, 1, 2, 3, 4, 5] : [1, 2, 3, 4, 5, 6, 7];
}

/** Today's ISO weekday. */
function today() {
  const d = new Date().getDay();
  return d === 0 ? 7 : d;
}

export function Week({ periods, show }) {
  if (!periods.length) return html`<p class="card">${t('timetable.empty')}</p>`;
  const days = weekOrder().filter((d) => periods.some((p) => p.weekday === d));
  return html`
    <div class="week">
      ${days.map((d) => html`
        <section class=${`card day${d === today() ? ' today' : ''}`} aria-labelledby=${`day-${d}`}>
          <h2 id=${`day-${d}`}>${label('weekday', String(d))}${d === today() ? html` <span class="tag">${t('timetable.today')}</span>` : ''}</h2>
          <ol class="plain slots">
            ${periods.filter((p) => p.weekday === d).sort((a, b) => a.period - b.period).map((p) => html`
              <li class="slot">
                <span class="slot-n" aria-hidden="true">${num(p.period)}</span>
                <span class="sr-only">${t('attendance.period_n', { n: num(p.period) })}</span>
                <span class="slot-what">
                  <strong><bdi>${p.subject_name || p.subject}</bdi></strong>
                  <span class="meta">
                    ${show.includes('class') && p.class_name && html`<span><${Link} to=${`/classes/${p.class}`}><bdi>${p.class_name}</bdi><//></span>`}
                    ${show.includes('teacher') && p.teacher && html`<bdi>${p.teacher}</bdi>`}
                    ${p.room && html`<span>${t('timetable.room', { room: p.room })}</span>`}
                  </span>
                </span>
              </li>`)}
          </ol>
        </section>`)}
    </div>`;
}

function useGet(path) {
  const [state, setState] = useState(null);
  useEffect(() => {
    setState(null);
    api('GET', path).then((res) => setState(res.ok ? res.json : { problem: res.problem }));
  }, [path]);
  return state;
}

function Screen({ title, state, show, children }) {
  return html`
    <div class="stack">
      <section class="card">
        <${Title}>${title}<//>
        ${children}
        ${!state && html`<${Loading} />`}
        ${state?.problem && html`<${Notice} kind="error">${problemText(state.problem)}<//>`}
      </section>
      ${state?.periods && html`<${Week} periods=${state.periods} show=${show} />`}
    </div>`;
}

export function ClassTimetable({ id }) {
  const state = useGet(`/api/v1/classes/${encodeURIComponent(id)}/timetable`);
  const cls = useGet(`/api/v1/classes/${encodeURIComponent(id)}`);
  return html`<${Screen} state=${state} show=${['teacher']}
    title=${html`${t('timetable.title')}${cls?.name ? html` — <bdi>${cls.name}</bdi>` : ''}`}>
    <p><${Link} to=${`/classes/${id}`}>${t('timetable.to_class')}<//></p><//>`;
}

export function MyWeek({ me }) {
  const state = useGet(`/api/v1/timetable?teacher=${encodeURIComponent(me.username)}`);
  return html`<${Screen} state=${state} show=${['class']} title=${t('timetable.my_week')} />`;
}

export function StudentTimetable({ id }) {
  const state = useGet(`/api/v1/students/${encodeURIComponent(id)}/timetable`);
  const student = useGet(`/api/v1/students/${encodeURIComponent(id)}`);
  const name = student?.given_name ? `${student.given_name} ${student.family_name}` : '';
  return html`<${Screen} state=${state} show=${['teacher']}
    title=${html`${t('timetable.title')}${name && html` — <bdi>${name}</bdi>`}`}>
    ${state && !state.problem && state.class === null && html`<p>${t('timetable.no_class')}</p>`}<//>`;
}
