// Free candidates at a designated site (/exams/sessions/:id/free): the
// school exam officer of a site with free_candidates enters the person (or
// a registry student's id), the subjects and priority; POST
// .../free-candidates with an Idempotency-Key kept until answered finds or
// creates the person, issues a candidate account when there is none (its
// one-time code is shown once, to print) and registers them.
import { html, useState } from '../../lib/html.js';
import { t, num, digits, currentLang, label, problemText } from '../../lib/i18n.js';
import { mySchool } from '../../lib/session.js';
import { dateInputToIso, asciiDigits } from '../../lib/text.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, named, sendRegistration } from './common.js';
import { ruleText, checkSubjects, tracksFor, trackOf } from './rules.js';

export function ExamFree({ id, me }) {
  const [session] = useGet(`/api/v1/exams/sessions/${id}`);
  const packName = session?.ok ? session.json.pack : null;
  const [pack] = useGet(packName ? `/api/v1/exams/packs/${encodeURIComponent(packName)}` : null);
  const school = mySchool(me);
  const [f, setF] = useState({ national_id: '', given_name: '', family_name: '', birth_date: '', sex: '', site: '', category: '' });
  const [subjects, setSubjects] = useState([]);
  const [trackCode, setTrack] = useState(null);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [done, setDone] = useState(null);
  const [live, setLive] = useState('');
  const [busy, setBusy] = useState(false);
  if (session && !session.ok) return html`<section class="card"><${Title}>${t('ex.free_candidates')}<//><${Notice} kind="error">${problemText(session.problem)}<//></section>`;
  if (!session || !pack) return html`<${Loading} />`;
  const s = session.json;
  const p = pack.json;
  const sites = (s.sites ?? []).filter((x) => x.free_candidates && (!school || x.school === school));
  const site = f.site || sites[0]?.code || '';
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const track = trackOf(p, trackCode, 'free');
  const tracks = tracksFor(p, 'free');

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const wrong = checkSubjects(p, track, subjects);
    if (wrong) { setErrors({ subjects: wrong }); setMessage(t('ex.fix_below')); return; }
    setBusy(true);
    setLive(t('ex.sending'));
    const body = {
      person: { national_id: asciiDigits(f.national_id).trim(), given_name: f.given_name.trim(), family_name: f.family_name.trim(),
        birth_date: dateInputToIso(f.birth_date, currentLang()), sex: f.sex },
      site, track: track?.code, subjects, category: f.category || null, exemptions: [],
    };
    const res = await sendRegistration(`free-${s.id}-${body.person.national_id}`, body,
      (secs) => setLive(t('ex.kept', { s: num(secs) })), { path: `/api/v1/exams/sessions/${s.id}/free-candidates` });
    setBusy(false);
    setLive('');
    if (res.ok) { setDone(res.json); setErrors({}); setMessage(null); return; }
    const field = (res.problem?.field ?? '').replace(/^person\./, '');
    setErrors(field ? { [field.replace(/\[\d+\]$/, '')]: problemText(res.problem) } : {});
    setMessage(field ? t('ex.fix_below') : problemText(res.problem));
  }

  if (done) {
    const reg = done.registration ?? done;
    const account = done.account;
    return html`<section class="card exam-free-done"><${Title}>${t('ex.free_done')}<//>
      <p class="exam-number"><span>${t('ex.number')}</span> <strong class="big-count"><bdi dir="ltr">${digits(reg.number)}</bdi></strong></p>
      ${account && html`<dl class="facts"><div><dt>${t('ex.username')}</dt><dd><bdi dir="ltr">${account.username}</bdi></dd></div>
        ${account.code && html`<div><dt>${t('ex.one_time_code')}</dt><dd><bdi dir="ltr">${account.code}</bdi></dd></div>`}</dl>
        <p class="hint">${t('ex.code_once')}</p>`}
      <p class="actions"><button type="button" class="secondary" onClick=${() => window.print()}>${t('ex.print')}</button>
        ${reg.id && html`<${Link} to=${`/exams/registrations/${reg.id}`}>${t('ex.open_receipt')}<//>`}</p></section>`;
  }
  const cats = Object.keys(p.priority?.categories ?? {});
  return html`
    <form class="card exam-free" onSubmit=${submit} novalidate>
      <${Title}>${t('ex.free_candidates')}<//>
      <p class="lead"><bdi>${s.name}</bdi></p>
      ${sites.length === 0 && html`<${Notice} kind="info">${t('ex.no_free_site')}<//>`}
      ${sites.length > 1 && html`<${Field} id="site" label=${t('ex.site')} value=${site} onInput=${set('site')}
        options=${sites.map((x) => [x.code, x.name ?? x.code])} />`}
      <${Field} id="national_id" label=${t('ex.national_id')} value=${f.national_id} onInput=${set('national_id')} error=${errors.national_id} dir="ltr" inputmode="numeric" required />
      <${Field} id="family_name" label=${t('ex.family_name')} value=${f.family_name} onInput=${set('family_name')} error=${errors.family_name} required />
      <${Field} id="given_name" label=${t('ex.given_name')} value=${f.given_name} onInput=${set('given_name')} error=${errors.given_name} required />
      <${Field} id="birth_date" label=${t('ex.birth_date')} value=${f.birth_date} onInput=${set('birth_date')} error=${errors.birth_date} required
        type=${currentLang() === 'fa' ? 'text' : 'date'} />
      <${Field} id="sex" label=${t('ex.sex')} value=${f.sex} onInput=${set('sex')} error=${errors.sex} required
        options=${[['', t('ex.choose')], ['F', label('sex', 'F')], ['M', label('sex', 'M')]]} />
      <fieldset class="adm-fieldset" aria-describedby="exam-free-rule">
        <legend>${t('ex.subjects')}</legend>
        ${tracks.length > 1 && html`<${Field} id="track" label=${t('ex.track')} value=${track?.code ?? ''} onInput=${setTrack}
          options=${tracks.map((x) => [x.code, named(x.names, x.code)])} />`}
        <div class="hint" id="exam-free-rule">${ruleText(p, track).map((r) => html`<p>${r}</p>`)}</div>
        <div class="adm-checks">${(p.subjects ?? []).map((x) => html`<label class="check"><input type="checkbox" id=${`subject-${x.code}`}
          checked=${subjects.includes(x.code)} onChange=${() => setSubjects(subjects.includes(x.code) ? subjects.filter((c) => c !== x.code) : [...subjects, x.code])} />
          <bdi>${named(x.names, x.code)}</bdi></label>`)}</div>
        ${errors.subjects && html`<p class="field-error">${errors.subjects}</p>`}
      </fieldset>
      ${cats.length > 0 && html`<${Field} id="category" label=${t('ex.category')} value=${f.category} onInput=${set('category')} error=${errors.category}
        options=${[['', t('ex.category_none')], ...cats.map((c) => [c, c])]} />`}
      <p class="sr-only" role="status" aria-live="polite">${live}</p>
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" disabled=${sites.length === 0} aria-disabled=${busy ? 'true' : undefined}>${t('ex.register_free')}</button>
        <${Link} to="/exams">${t('common.cancel')}<//></p>
    </form>`;
}
