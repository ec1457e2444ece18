// A new session for the office (/exams/sessions/new): the pack, the window
// (dates in the reader's calendar, times read in the session's zone), the
// councils and their sites. POST /api/v1/exams/sessions; a refusal is shown
// beside the field it names.
import { html, useState } from '../../lib/html.js';
import { t, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { myOrg } from '../../lib/session.js';
import { asciiDigits } from '../../lib/text.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, named, langHeader, localInstant as local } from './common.js';

const emptyCouncil = () => ({ code: '', name: '', org: '' });
const emptySite = () => ({ code: '', council: '', school: '', name: '', rooms: '', free: false });

export function ExamSessionNew({ me }) {
  const [packs] = useGet('/api/v1/exams/packs');
  const [f, setF] = useState({ org: myOrg(me) ?? '', pack: '', name: '', tz: '', opensDate: '', opensTime: '07:00',
    closesDate: '', closesTime: '17:00', resultsDate: '', resultsTime: '08:00' });
  const [councils, setCouncils] = useState([emptyCouncil()]);
  const [sites, setSites] = useState([emptySite()]);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const setRow = (list, setList, i, k) => (v) => setList(list.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  if (!packs) return html`<${Loading} />`;
  const packList = packs.ok ? (packs.json.items ?? packs.json) : [];

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const pack = packList.find((p) => p.name === f.pack);
    const body = {
      org: f.org.trim(), pack: f.pack, name: f.name.trim(), time_zone: f.tz.trim() || pack?.time_zone,
      opens_at: local(f.opensDate, f.opensTime), closes_at: local(f.closesDate, f.closesTime),
      councils: councils.map((c) => ({ code: asciiDigits(c.code).trim(), name: c.name.trim(), org: c.org.trim() })),
      sites: sites.map((s) => ({ code: s.code.trim(), council: asciiDigits(s.council).trim(), school: s.school.trim(),
        name: s.name.trim() || undefined, rooms: Number(asciiDigits(s.rooms)) || 0, free_candidates: s.free })),
    };
    const results = local(f.resultsDate, f.resultsTime);
    if (results) body.results_at = results;
    const res = await api('POST', '/api/v1/exams/sessions', body, undefined, langHeader());
    setBusy(false);
    if (res.ok) return navigate(`/exams/sessions/${res.json.id}`);
    const field = (res.problem?.field ?? '').replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
    setErrors(field ? { [field]: problemText(res.problem) } : {});
    setMessage(field ? t('ex.fix_below') : problemText(res.problem));
    if (field) document.getElementById(`f-${field}`)?.focus();
  }

  return html`
    <form class="card exam-session-form" onSubmit=${submit} novalidate>
      <${Title}>${t('ex.new_session')}<//>
      <${Field} id="f-org" label=${t('ex.office')} value=${f.org} onInput=${set('org')} error=${errors.org} dir="ltr" required />
      <${Field} id="f-pack" label=${t('ex.pack')} value=${f.pack} onInput=${set('pack')} error=${errors.pack} required
        options=${[['', t('ex.choose')], ...packList.map((p) => [p.name, `${named(p.names, p.name)} (${p.name})`])]} />
      <${Field} id="f-name" label=${t('ex.session_name')} value=${f.name} onInput=${set('name')} error=${errors.name} required />
      <${Field} id="f-time_zone" label=${t('ex.time_zone')} value=${f.tz} onInput=${set('tz')} error=${errors.time_zone} dir="ltr"
        hint=${t('ex.time_zone_hint')} />
      <div class="adm-school-row">
        <${Field} id="f-opens_at" label=${t('ex.opens_date')} value=${f.opensDate} onInput=${set('opensDate')} error=${errors.opens_at} required
          hint=${t('ex.date_hint')} type=${currentLang() === 'fa' ? 'text' : 'date'} />
        <${Field} id="f-opens-time" label=${t('ex.time')} value=${f.opensTime} onInput=${set('opensTime')} dir="ltr" inputmode="numeric" />
      </div>
      <div class="adm-school-row">
        <${Field} id="f-closes_at" label=${t('ex.closes_date')} value=${f.closesDate} onInput=${set('closesDate')} error=${errors.closes_at} required
          type=${currentLang() === 'fa' ? 'text' : 'date'} />
        <${Field} id="f-closes-time" label=${t('ex.time')} value=${f.closesTime} onInput=${set('closesTime')} dir="ltr" inputmode="numeric" />
      </div>
      <div class="adm-school-row">
        <${Field} id="f-results_at" label=${t('ex.results_date')} value=${f.resultsDate} onInput=${set('resultsDate')} error=${errors.results_at}
          type=${currentLang() === 'fa' ? 'text' : 'date'} />
        <${Field} id="f-results-time" label=${t('ex.time')} value=${f.resultsTime} onInput=${set('resultsTime')} dir="ltr" inputmode="numeric" />
      </div>
      <fieldset class="adm-fieldset"><legend>${t('ex.councils')}</legend>
        ${councils.map((c, i) => html`<div class="adm-school-row">
          <${Field} id=${`f-councils-${i}-code`} label=${t('ex.council_code')} value=${c.code} onInput=${setRow(councils, setCouncils, i, 'code')} error=${errors[`councils-${i}-code`]} dir="ltr" inputmode="numeric" />
          <${Field} id=${`f-councils-${i}-name`} label=${t('ex.council_name')} value=${c.name} onInput=${setRow(councils, setCouncils, i, 'name')} error=${errors[`councils-${i}-name`]} />
          <${Field} id=${`f-councils-${i}-org`} label=${t('ex.council_org')} value=${c.org} onInput=${setRow(councils, setCouncils, i, 'org')} error=${errors[`councils-${i}-org`]} dir="ltr" />
        </div>`)}
        <p><button type="button" class="secondary" onClick=${() => setCouncils([...councils, emptyCouncil()])}>${t('ex.add_council')}</button></p>
      </fieldset>
      <fieldset class="adm-fieldset"><legend>${t('ex.sites')}</legend>
        ${sites.map((s, i) => html`<div class="adm-school-row">
          <${Field} id=${`f-sites-${i}-code`} label=${t('ex.site_code')} value=${s.code} onInput=${setRow(sites, setSites, i, 'code')} error=${errors[`sites-${i}-code`]} dir="ltr" />
          <${Field} id=${`f-sites-${i}-council`} label=${t('ex.council_code')} value=${s.council} onInput=${setRow(sites, setSites, i, 'council')} error=${errors[`sites-${i}-council`]} dir="ltr" inputmode="numeric" />
          <${Field} id=${`f-sites-${i}-school`} label=${t('ex.site_school')} value=${s.school} onInput=${setRow(sites, setSites, i, 'school')} error=${errors[`sites-${i}-school`]} dir="ltr" />
          <${Field} id=${`f-sites-${i}-rooms`} label=${t('ex.site_rooms_label')} value=${s.rooms} onInput=${setRow(sites, setSites, i, 'rooms')} error=${errors[`sites-${i}-rooms`]} dir="ltr" inputmode="numeric" />
          <label class="check"><input type="checkbox" checked=${s.free} onChange=${() => setRow(sites, setSites, i, 'free')(!s.free)} /> ${t('ex.free_site')}</label>
        </div>`)}
        <p><button type="button" class="secondary" onClick=${() => setSites([...sites, emptySite()])}>${t('ex.add_site')}</button></p>
      </fieldset>
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" id="exam-create" aria-disabled=${busy ? 'true' : undefined}>${t('ex.create_session')}</button>
        <${Link} to="/exams">${t('common.cancel')}<//></p>
    </form>`;
}
