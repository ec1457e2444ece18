// A candidate's registration from a phone: what the registry knows of them
// (GET .../prefill: identity, school, the upper-secondary history and the
// priority region it gives, with its reason), the subjects chosen by the
// pack's rule (checked here before sending; the API decides), a priority
// category and exemptions. A new one is POST .../registrations with an
// Idempotency-Key kept in localStorage until the server answers: a 503 is
// waited out and sent again with the same key while the page says the
// registration is kept (aria-live), so it is never made twice. An edit is
// PUT /api/v1/exams/registrations/{id} (a new version).
import { html, useState } from '../../lib/html.js';
import { t, num, date, digits, label, problemText } from '../../lib/i18n.js';
import { navigate } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import {
  useGet, Closing, windowState, named, points, fullName, sendRegistration, instant, comma,
} from './common.js';
import { ruleText, checkSubjects, tracksFor, trackOf } from './rules.js';

/** The registry's facts: identity, school, history, and the region with its reason. */
export function Prefill({ p, grades = [10, 11, 12] }) {
  const region = p.region;
  // The years the region rule reads (the pack's priority grades: upper secondary).
  const history = (p.history ?? []).filter((h) => grades.includes(h.grade));
  const regionSchool = region?.school_name ?? history.find((h) => h.school === region?.school)?.school_name ?? region?.school;
  return html`
    <section class="exam-prefill" aria-labelledby="exam-prefill-h">
      <h2 id="exam-prefill-h">${t('ex.from_registry')}</h2>
      <dl class="facts">
        <div><dt>${t('ex.name')}</dt><dd><bdi id="exam-name">${fullName(p.person)}</bdi></dd></div>
        ${p.person?.birth_date && html`<div><dt>${t('ex.birth_date')}</dt><dd>${date(p.person.birth_date)}</dd></div>`}
        ${p.person?.national_id && html`<div><dt>${t('ex.national_id')}</dt><dd><bdi dir="ltr">${digits(p.person.national_id)}</bdi></dd></div>`}
        ${p.person?.sex && html`<div><dt>${t('ex.sex')}</dt><dd>${label('sex', p.person.sex)}</dd></div>`}
        ${p.school && html`<div><dt>${t('ex.school')}</dt><dd><bdi>${p.school.name}</bdi> <bdi class="code" dir="ltr">${p.school.code}</bdi></dd></div>`}
      </dl>
      ${history.length > 0 && html`
        <h3 class="exam-history-h">${t('ex.history')}</h3>
        <ol class="plain exam-history">${history.map((h) => html`<li>
          <span class="exam-history-school"><bdi>${h.school_name ?? h.school}</bdi></span>
          <span class="meta">${t('ex.history_line', { grade: num(h.grade), from: date(h.start_date), to: h.end_date ? date(h.end_date) : t('ex.today') })}</span></li>`)}</ol>`}
      ${region && html`<p class="exam-region" id="exam-region"><strong>${t('ex.region')}:</strong>
        <bdi>${t('ex.region_is', { region: region.region, points: points(region.points) })}</bdi>
        ${region.school ? html` ${t('ex.region_reason', { school: regionSchool, days: num(region.days ?? 0) })}` : html` ${t('ex.region_none')}`}</p>`}
    </section>`;
}

function Subjects({ pack, track, setTrack, kind, chosen, setChosen, exempt, error }) {
  const rule = ruleText(pack, track);
  const tracks = tracksFor(pack, kind);
  const toggle = (c) => setChosen(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c]);
  return html`
    <fieldset class="adm-fieldset exam-subjects" aria-describedby=${`exam-rule ${error ? 'subjects-error' : ''}`} aria-invalid=${error ? 'true' : undefined}>
      <legend>${t('ex.subjects')}</legend>
      ${tracks.length > 1 && html`<${Field} id="track" label=${t('ex.track')} value=${track?.code ?? ''} onInput=${setTrack}
        options=${tracks.map((x) => [x.code, named(x.names, x.code)])} />`}
      <div class="hint" id="exam-rule">${rule.map((r) => html`<p>${r}</p>`)}</div>
      <div class="adm-checks">${(pack.subjects ?? []).map((s) => html`
        <label class="check"><input type="checkbox" id=${`subject-${s.code}`} value=${s.code} checked=${chosen.includes(s.code)}
          onChange=${() => toggle(s.code)} /> <bdi>${named(s.names, s.code)}</bdi>
          ${s.components?.length > 0 && html` <span class="meta">(${s.components.map((c) => named(c.names, c.code ?? c)).join(comma())})</span>`}
          ${exempt.includes(s.code) && html` <span class="tag">${t('ex.exempt')}</span>`}</label>`)}</div>
      ${error && html`<p class="field-error" id="subjects-error">${error}</p>`}
    </fieldset>`;
}

function Priority({ pack, category, setCategory, exemptions, setExemptions, errors }) {
  const cats = Object.keys(pack.priority?.categories ?? {});
  const toggle = (c) => setExemptions(exemptions.includes(c) ? exemptions.filter((x) => x !== c) : [...exemptions, c]);
  return html`
    <fieldset class="adm-fieldset">
      <legend>${t('ex.priority')}</legend>
      ${cats.length > 0 && html`<${Field} id="category" label=${t('ex.category')} value=${category} onInput=${setCategory}
        error=${errors.category} hint=${t('ex.category_hint')}
        options=${[['', t('ex.category_none')], ...cats.map((c) => [c, t('ex.category_points', { category: c, points: points(pack.priority.categories[c]) })])]} />`}
      ${pack.exemptions?.length > 0 && html`<fieldset class="adm-checks"><legend>${t('ex.exemptions')}</legend>
        ${pack.exemptions.map((e) => html`<label class="check"><input type="checkbox" id=${`exemption-${e.code}`} checked=${exemptions.includes(e.code)}
          onChange=${() => toggle(e.code)} /> <bdi>${named(e.names, e.code)}</bdi></label>`)}
        ${errors.exemptions && html`<p class="field-error">${errors.exemptions}</p>`}</fieldset>`}
      ${(category || exemptions.length > 0) && html`<p class="hint">${t('ex.evidence_after')}</p>`}
    </fieldset>`;
}

/** Where a problem points: its field's first part (subjects[2] is subjects). */
function fieldOf(problem) {
  const f = problem?.field ?? '';
  const m = /^(subjects|exemptions|category|track)/.exec(f);
  return m ? (m[1] === 'track' ? 'subjects' : m[1]) : null;
}

/** A refusal in the reader's language; a closed window gives its closing time in their calendar. */
export function refusal(problem, session) {
  const text = problemText(problem);
  if (problem?.closes_at) return `${text} ${t('ex.closed_at', { closes: instant(problem.closes_at, session?.time_zone) })}`;
  return text;
}

function Form({ session, pack, prefill, reg }) {
  const exemptSubjects = (codes) => codes.map((c) => pack.exemptions?.find((e) => e.code === c)?.subject).filter(Boolean);
  const [trackCode, setTrack] = useState(reg?.track ?? null);
  const track = trackOf(pack, trackCode, reg?.kind ?? 'student');
  const [chosen, setChosen] = useState(reg?.subjects ?? []);
  const [category, setCategory] = useState(reg?.category ?? '');
  const [exemptions, setExemptions] = useState(reg?.exemptions ?? []);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [live, setLive] = useState('');
  const [waiting, setWaiting] = useState(null);

  async function submit(e) {
    e.preventDefault();
    if (busy) return; // a double tap while the first is on its way
    const wrong = checkSubjects(pack, track, chosen, exemptions);
    if (wrong) {
      setErrors({ subjects: wrong });
      setMessage(t('ex.fix_below'));
      document.getElementById(`subject-${pack.subjects?.[0]?.code}`)?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    setLive(t('ex.sending'));
    const body = { track: track?.code, subjects: chosen, exemptions, category: category || null };
    const onWait = (secs) => {
      setWaiting(secs);
      setLive(t('ex.kept', { s: num(secs) }));
    };
    const res = reg
      ? await sendRegistration(session.id, body, onWait, { method: 'PUT', path: `/api/v1/exams/registrations/${reg.id}` })
      : await sendRegistration(session.id, body, onWait);
    setBusy(false);
    setWaiting(null);
    if (res.ok) {
      setLive(t('ex.saved'));
      return navigate(`/exams/registrations/${res.json.id}?saved=1`);
    }
    setLive('');
    const at = fieldOf(res.problem);
    const text = refusal(res.problem, session);
    setErrors(at ? { [at]: text } : {});
    setMessage(at ? t('ex.fix_below') : text);
  }

  return html`
    <form class="card exam-register" onSubmit=${submit} novalidate>
      <${Title}>${reg ? t('ex.edit_title') : t('ex.register_title')}<//>
      <p class="lead"><bdi>${session.name}</bdi></p>
      <${Closing} session=${session} />
      ${prefill && html`<${Prefill} p=${prefill} grades=${pack.priority?.grades} />`}
      <${Subjects} pack=${pack} track=${track} setTrack=${setTrack} kind=${reg?.kind ?? 'student'} chosen=${chosen} setChosen=${setChosen} exempt=${exemptSubjects(exemptions)} error=${errors.subjects} />
      <${Priority} pack=${pack} category=${category} setCategory=${setCategory} exemptions=${exemptions}
        setExemptions=${setExemptions} errors=${errors} />
      <p class="sr-only" role="status" aria-live="polite" id="exam-live">${live}</p>
      ${waiting !== null && html`<div class="notice notice-info exam-kept" id="exam-kept">${t('ex.kept', { s: num(waiting) })}</div>`}
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" id="exam-submit" aria-disabled=${busy ? 'true' : undefined}>${reg ? t('ex.save_changes') : t('ex.send')}</button>
        <${Link} to=${reg ? `/exams/registrations/${reg.id}` : '/exams'}>${t('common.cancel')}<//></p>
      ${!reg && html`<p class="hint">${t('ex.key_hint')}</p>`}
    </form>`;
}

/** /exams/sessions/:id/register (new) and /exams/registrations/:regId/edit. */
export function ExamRegister({ id, regId }) {
  const [reg] = useGet(regId ? `/api/v1/exams/registrations/${regId}` : null);
  const sessionId = regId ? reg?.json?.session : id;
  const [session] = useGet(sessionId ? `/api/v1/exams/sessions/${sessionId}` : null);
  const [prefill] = useGet(sessionId ? `/api/v1/exams/sessions/${sessionId}/prefill` : null);
  const packName = session?.json?.pack;
  const [pack] = useGet(packName ? `/api/v1/exams/packs/${encodeURIComponent(packName)}` : null);
  const failed = [reg, session, prefill, pack].find((r) => r && !r.ok);
  const title = regId ? t('ex.edit_title') : t('ex.register_title');
  if (failed) return html`<section class="card"><${Title}>${title}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  if ((regId && !reg) || !session || !prefill || !pack) return html`<${Loading} />`;
  const s = session.json;
  const state = windowState(s);
  if (state !== 'open') {
    return html`<section class="card"><${Title}>${title}<//><${Closing} session=${s} />
      <${Notice} kind="info">${state === 'upcoming' ? t('error.registration_not_open') : t('error.registration_closed')}<//></section>`;
  }
  return html`<${Form} session=${s} pack=${pack.json} prefill=${prefill.json} reg=${reg?.json} />`;
}

export function ExamEdit({ id }) {
  return html`<${ExamRegister} regId=${id} />`;
}
