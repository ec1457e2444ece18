// A guardian's application: the child, the schools ranked most wanted first
// (moved with buttons, or Alt+Arrow keys on a row: never by dragging only),
// and the claims the round's priorities ask about. A new one is
// POST /api/v1/admissions/rounds/{id}/applications with an Idempotency-Key
// made once per form, so a double tap or a retry after a lost answer makes
// one application; an edit is PUT /api/v1/admissions/applications/{id}.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, date, dateTime, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate, location_ } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, schoolText, newKey } from './common.js';

/** The ranked list: each row says its rank and has move and remove buttons. */
function Ranked({ round, choices, setChoices, error, errors, announce, focus }) {
  function move(i, by, keep) {
    const j = i + by;
    if (j < 0 || j >= choices.length) return;
    const next = [...choices];
    [next[i], next[j]] = [next[j], next[i]];
    setChoices(next);
    // Focus follows the school; at an end its button is disabled, so the other one.
    const end = (keep === 'up' && j === 0) || (keep === 'down' && j === next.length - 1);
    focus(end ? `${keep === 'up' ? 'down' : 'up'}-${j}` : `${keep}-${j}`);
    announce(t('adm.moved', { school: schoolText(round, next[j]), rank: num(j + 1) }));
  }
  function remove(i) {
    const gone = choices[i];
    setChoices(choices.filter((_, k) => k !== i));
    focus(choices.length > 1 ? `remove-${Math.min(i, choices.length - 2)}` : `add-${gone}`);
    announce(t('adm.removed', { school: schoolText(round, gone) }));
  }
  function key(e, i) {
    if (!e.altKey || !['ArrowUp', 'ArrowDown'].includes(e.key)) return;
    e.preventDefault();
    move(i, e.key === 'ArrowUp' ? -1 : 1, e.key === 'ArrowUp' ? 'up' : 'down');
  }
  return html`
    <fieldset class="adm-fieldset" aria-describedby="choices-hint ${error ? 'choices-error' : ''}">
      <legend>${t('adm.your_choices')}</legend>
      <p class="hint" id="choices-hint">${t('adm.choices_hint', { max: num(round.max_choices) })}</p>
      ${choices.length === 0 && html`<p class="adm-empty">${t('adm.no_choices')}</p>`}
      <ol class="plain adm-choices">${choices.map((code, i) => html`
        <li class="adm-choice" key=${code} onKeyDown=${(e) => key(e, i)} aria-invalid=${errors[i] ? 'true' : undefined}>
          <span class="adm-rank" aria-hidden="true">${num(i + 1)}</span>
          <span class="adm-choice-name"><span class="sr-only">${t('adm.rank_n', { rank: num(i + 1) })} </span>
            <bdi>${schoolText(round, code)}</bdi> <bdi class="code" dir="ltr">${code}</bdi>
            ${errors[i] && html`<span class="field-error">${errors[i]}</span>`}</span>
          <span class="adm-choice-buttons">
            <button type="button" class="secondary" id=${`up-${i}`} disabled=${i === 0}
              aria-label=${t('adm.move_up_label', { school: schoolText(round, code) })} onClick=${() => move(i, -1, 'up')}>${t('adm.move_up')}</button>
            <button type="button" class="secondary" id=${`down-${i}`} disabled=${i === choices.length - 1}
              aria-label=${t('adm.move_down_label', { school: schoolText(round, code) })} onClick=${() => move(i, 1, 'down')}>${t('adm.move_down')}</button>
            <button type="button" class="secondary" id=${`remove-${i}`}
              aria-label=${t('adm.remove_label', { school: schoolText(round, code) })} onClick=${() => remove(i)}>${t('adm.remove')}</button>
          </span>
        </li>`)}</ol>
      ${error && html`<p class="field-error" id="choices-error">${error}</p>`}
    </fieldset>`;
}

/** The round's schools not yet ranked, each with a button that adds it last. */
function Others({ round, choices, setChoices, announce, focus }) {
  const left = round.schools.filter((s) => !choices.includes(s.code));
  const full = choices.length >= round.max_choices;
  if (!left.length) return null;
  // Focus goes to the next school to add, or to the new row when none is left.
  function add(code) {
    setChoices([...choices, code]);
    const rest = left.filter((x) => x.code !== code);
    focus(rest.length && choices.length + 1 < round.max_choices ? `add-${rest[0].code}` : `up-${choices.length}`);
  }
  return html`
    <fieldset class="adm-fieldset">
      <legend>${t('adm.other_schools')}</legend>
      ${full && html`<p class="hint">${t('adm.list_full', { max: num(round.max_choices) })}</p>`}
      <ul class="plain adm-others">${left.map((s) => html`
        <li class="adm-other"><span><bdi>${s.name}</bdi> <bdi class="code" dir="ltr">${s.code}</bdi>
          <span class="meta">${t('adm.seats_n', { n: num(s.capacity) })}</span></span>
          <button type="button" class="secondary" disabled=${full} id=${`add-${s.code}`}
            aria-label=${t('adm.add_label', { school: s.name })}
            onClick=${() => { add(s.code); announce(t('adm.added', { school: s.name, rank: num(choices.length + 1) })); }}>${t('adm.add')}</button></li>`)}</ul>
    </fieldset>`;
}

/** The claims the round's priorities ask about: area, siblings, categories. */
function Claims({ round, claims, setClaims, errors, ruleSet }) {
  const catLabel = (c) => ruleSet?.categories?.find((x) => x.code === c)?.label?.[currentLang()] ?? c;
  const groups = round.priorities?.groups ?? {};
  const cats = Object.keys(groups.categories ?? {});
  const zones = round.priorities?.zones && Object.keys(round.priorities.zones).length > 0;
  const askArea = groups.zone !== undefined && zones;
  const askSibling = groups.sibling !== undefined;
  if (!askArea && !askSibling && !cats.length) return null;
  const toggle = (list, v) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return html`
    <fieldset class="adm-fieldset">
      <legend>${t('adm.claims')}</legend>
      <p class="hint">${t('adm.claims_hint')}</p>
      ${askArea && html`<${Field} id="claims-area" label=${t('adm.area')} value=${claims.area} dir="ltr"
        hint=${t('adm.area_hint')} error=${errors['claims.area']}
        onInput=${(v) => setClaims({ ...claims, area: v })} />`}
      ${askSibling && html`<fieldset class="adm-checks"><legend>${t('adm.siblings')}</legend>
        ${round.schools.map((s) => html`<label class="check"><input type="checkbox" checked=${claims.siblings.includes(s.code)}
          onChange=${() => setClaims({ ...claims, siblings: toggle(claims.siblings, s.code) })} /> <bdi>${s.name}</bdi></label>`)}
        ${errors['claims.siblings'] && html`<p class="field-error">${errors['claims.siblings']}</p>`}</fieldset>`}
      ${cats.length > 0 && html`<fieldset class="adm-checks"><legend>${t('adm.categories')}</legend>
        ${cats.map((c) => html`<label class="check"><input type="checkbox" checked=${claims.categories.includes(c)}
          onChange=${() => setClaims({ ...claims, categories: toggle(claims.categories, c) })} /> <bdi>${catLabel(c)}</bdi></label>`)}
        ${errors['claims.categories'] && html`<p class="field-error">${errors['claims.categories']}</p>`}</fieldset>`}
    </fieldset>`;
}

/**
 * What the registry knows of the child (GET .../prefill?student=): its
 * school and grade, the age rule's verdict, and suggested claims, which
 * fill the form's claims while the family has claimed nothing yet.
 */
function Prefill({ round, student, claims, setClaims }) {
  const [res] = useGet(student ? `/api/v1/admissions/rounds/${round.id}/prefill?student=${student}` : null);
  const [used, setUsed] = useState(null);
  useEffect(() => {
    if (!res?.ok || used === student) return;
    setUsed(student);
    const sug = res.json.claims ?? {};
    const empty = !claims.area && !claims.siblings.length && !claims.categories.length;
    if (empty && (sug.area || sug.siblings?.length)) {
      setClaims({ area: sug.area ?? '', siblings: (sug.siblings ?? []).filter((c) => round.schools.some((x) => x.code === c)), categories: [] });
    }
  }, [res, student]);
  if (!res?.ok) return null;
  const p = res.json;
  const sug = p.claims ?? {};
  return html`
    <div class="adm-prefill notice notice-info" role="status">
      <p><strong>${t('adm.from_registry')}</strong>
        ${p.school ? t('adm.child_at', { school: p.school, grade: num(p.grade ?? 0) }) : t('adm.child_new')}</p>
      ${p.age && html`<p class=${p.age.eligible ? 'adm-age-ok' : 'adm-age-no'}>${p.age.eligible
        ? t('adm.age_ok')
        : t('adm.age_no', { earliest: p.age.earliest ? date(p.age.earliest) : '—', latest: date(p.age.latest) })}</p>`}
      ${(sug.area || sug.siblings?.length > 0) && html`<p>${t('adm.claims_suggested')}</p>`}
    </div>`;
}

/** The body's claims: null when nothing is claimed. */
function claimsBody(c) {
  const out = {};
  if (c.area.trim()) out.area = c.area.trim();
  if (c.siblings.length) out.siblings = c.siblings;
  if (c.categories.length) out.categories = c.categories;
  return Object.keys(out).length ? out : null;
}

function Form({ round, app, children, mine, ruleSet, preselect }) {
  const [student, setStudent] = useState(String(app?.student.id ?? preselect ?? children.find((c) => !mine.has(c.id))?.id ?? children[0]?.id ?? ''));
  const [choices, setChoices] = useState(app?.choices ?? []);
  const [claims, setClaims] = useState({ area: app?.claims?.area ?? '', siblings: app?.claims?.siblings ?? [], categories: app?.claims?.categories ?? [] });
  const [key] = useState(newKey); // once per form: a retry sends the same key
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [status, setStatus] = useState('');
  const [focusId, setFocusId] = useState(null);
  useEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(focusId);
    // A disabled button (the first row's "up") cannot hold focus: its row's next one.
    (el?.disabled ? el.closest('li')?.querySelector('button:not([disabled])') : el)?.focus();
    setFocusId(null);
  }, [focusId]);

  async function submit(e) {
    e.preventDefault();
    if (busy) return; // a double tap while the first is on its way
    setBusy(true);
    setStatus(t('adm.sending'));
    const body = { choices, claims: claimsBody(claims) };
    const res = app
      ? await api('PUT', `/api/v1/admissions/applications/${app.id}`, body)
      : await api('POST', `/api/v1/admissions/rounds/${round.id}/applications`, { student: Number(student), ...body },
        undefined, { 'idempotency-key': key });
    setBusy(false);
    setStatus('');
    if (res.ok) return navigate(`/admissions/applications/${res.json.id}?saved=1`);
    const field = res.problem?.field ?? '';
    const text = problemText(res.problem);
    const m = /^choices\[(\d+)\]$/.exec(field);
    const at = m ? `choice${m[1]}` : /^(student|choices|claims\.\w+)/.test(field) ? field.replace(/\[\d+\]$/, '') : null;
    setErrors(at ? { [at]: text } : {});
    // The field's own message is beside it; the notice says where to look.
    setMessage(at ? t('adm.fix_below') : text);
  }

  const choiceErrors = choices.map((_, i) => errors[`choice${i}`]);
  const child = children.find((c) => String(c.id) === student);
  return html`
    <form class="card adm-apply" onSubmit=${submit} novalidate>
      <${Title}>${app ? t('adm.edit_title') : t('adm.apply_title')}<//>
      <p class="lead"><bdi>${round.name}</bdi></p>
      <p class="meta"><span>${t('adm.closes', { closes: dateTime(round.closes_at) })}</span></p>
      ${app
        ? html`<p><strong>${t('adm.child')}:</strong> <bdi>${app.student.given_name} ${app.student.family_name}</bdi></p>`
        : html`<${Field} id="student" label=${t('adm.child')} value=${student} onInput=${setStudent} error=${errors.student} required
            options=${children.map((c) => [String(c.id), `${c.given_name} ${c.family_name}${mine.has(c.id) ? ` (${t('adm.already_applied')})` : ''}`])} />`}
      ${!app && round.rules && html`<p class="hint">${t('adm.child_missing')} <${Link} to=${`/admissions/rounds/${round.id}/new-child`}>${t('adm.new_child')}<//></p>`}
      ${!app && child && !mine.has(child.id) && html`<${Prefill} round=${round} student=${student} claims=${claims} setClaims=${setClaims} />`}
      ${!app && child && mine.has(child.id) && html`<${Notice} kind="info">${t('adm.already_applied_lead')}
        <${Link} to=${`/admissions/applications/${mine.get(child.id)}`}>${t('adm.open_application')}<//><//>`}
      <${Ranked} round=${round} choices=${choices} setChoices=${setChoices} error=${errors.choices} errors=${choiceErrors} announce=${setStatus} focus=${setFocusId} />
      <${Others} round=${round} choices=${choices} setChoices=${setChoices} announce=${setStatus} focus=${setFocusId} />
      <${Claims} round=${round} claims=${claims} setClaims=${setClaims} errors=${errors} ruleSet=${ruleSet} />
      <p class="sr-only" role="status" aria-live="polite" id="adm-live">${status}</p>
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" id="adm-submit" aria-disabled=${busy ? 'true' : undefined}>${app ? t('adm.save_changes') : t('adm.send')}</button>
        <${Link} to=${app ? `/admissions/applications/${app.id}` : '/admissions'}>${t('common.cancel')}<//></p>
      ${!app && html`<p class="hint">${t('adm.key_hint')}</p>`}
    </form>`;
}

/** /admissions/rounds/:id/apply (new) and /admissions/applications/:id/edit. */
export function Apply({ id, appId }) {
  const [app] = useGet(appId ? `/api/v1/admissions/applications/${appId}` : null);
  const roundId = appId ? app?.json?.round : id;
  const [round] = useGet(roundId ? `/api/v1/admissions/rounds/${roundId}` : null);
  const [kids] = useGet(appId ? null : '/api/v1/students?limit=50');
  const [mineRes] = useGet(appId || !id ? null : `/api/v1/admissions/applications?round=${id}`);
  const preselect = appId ? null : location_().query.get('student');
  const listed = !preselect || kids?.json?.items?.some((c) => String(c.id) === preselect);
  const [extra] = useGet(kids?.ok && !listed ? `/api/v1/students/${encodeURIComponent(preselect)}` : null);
  const rules = round?.json?.rules;
  const [ruleSet] = useGet(rules ? `/api/v1/admissions/rules/${encodeURIComponent(rules)}` : null);
  const failed = [app, round, kids, mineRes].find((r) => r && !r.ok);
  if (failed) return html`<section class="card"><${Title}>${t('adm.apply_title')}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  if ((appId && !app) || !round || (!appId && (!kids || !mineRes))) return html`<${Loading} />`;
  const r = round.json;
  if (r.status !== 'open') {
    return html`<section class="card"><${Title}>${appId ? t('adm.edit_title') : t('adm.apply_title')}<//>
      <${Notice} kind="info">${r.status === 'upcoming' ? t('error.round_not_open') : t('error.round_closed')}<//></section>`;
  }
  const mine = new Map((mineRes?.json?.items ?? []).map((a) => [a.student.id, a.id]));
  if (!appId && !listed && !extra) return html`<${Loading} />`;
  const children = [...(kids?.json?.items ?? []), ...(extra?.ok ? [extra.json] : [])];
  if (!appId && !children.length) {
    return html`<section class="card"><${Title}>${t('adm.apply_title')}<//><p>${t('children.none')}</p>
      ${r.rules && html`<p class="actions"><${Link} class="button-link" to=${`/admissions/rounds/${r.id}/new-child`}>${t('adm.new_child')}<//></p>`}</section>`;
  }
  return html`<${Form} round=${r} app=${app?.json} children=${children} mine=${mine} ruleSet=${ruleSet?.ok ? ruleSet.json : null} preselect=${listed || extra?.ok ? preselect : null} />`;
}

export function ApplyEdit({ id }) {
  return html`<${Apply} appId=${id} />`;
}
