// A placement's explanation (docs/admissions.md, "Explanations") as a
// picture and in words: per school ranked above the placement, and for the
// placement itself, a bar from "admitted first" to "admitted last" with
// the school's cutoff (the last child it admitted) and the family's own
// place in its order (priority group, then lottery number). The picture is
// drawn in SVG with its geometry computed here, mirrored for right-to-left;
// the sentence beside it says the same for those who cannot see it.
import { html } from '../../lib/html.js';
import { t, num, currentLang, LANGS } from '../../lib/i18n.js';
import { schoolText, rankText, SchoolName } from './common.js';

const SPAN = 2 ** 53; // lottery numbers are 0 .. 2^53 - 1

/**
 * Where X ({group, lottery}) falls on a bar of the given SEGMENTS (the
 * groups shown, lowest first, null last for "no group"): 0 is admitted
 * first, 1 last.
 */
function position(x, segments) {
  const i = segments.indexOf(x.group ?? null);
  return (i + Math.min(Math.max(x.lottery / SPAN, 0), 1)) / segments.length;
}

/** The groups to draw: those of the cutoff and the family's, lowest first, then "no group". */
export function segmentsOf(w) {
  const gs = new Set();
  for (const x of [w.admitted_up_to, w.yours]) if (x) gs.add(x.group ?? null);
  const nums = [...gs].filter((g) => g !== null).sort((a, b) => a - b);
  return gs.has(null) ? [...nums, null] : nums;
}

/** One school's bar. */
function Bar({ w, id }) {
  const segments = segmentsOf(w);
  const rtl = LANGS[currentLang()].dir === 'rtl';
  const X = (p) => (rtl ? 1000 - p * 1000 : p * 1000);
  const cut = w.admitted_up_to ? position(w.admitted_up_to, segments) : 0;
  const you = position(w.yours, segments);
  const admitted = w.full ? cut : 1; // a school with seats left took everyone who asked
  const seps = segments.slice(1).map((_, i) => X((i + 1) / segments.length));
  return html`
    <div class="ex-graphic">
      <svg class="ex-bar" viewBox="0 0 1000 48" preserveAspectRatio="none" role="img" aria-labelledby=${id} focusable="false">
        <rect class="ex-track" x="0" y="12" width="1000" height="24" />
        ${admitted > 0 && html`<rect class="ex-admitted" x=${rtl ? X(admitted) : 0} y="12" width=${admitted * 1000} height="24" />`}
        ${seps.map((x) => html`<line class="ex-sep" x1=${x} x2=${x} y1="8" y2="40" vector-effect="non-scaling-stroke" />`)}
        ${w.admitted_up_to && html`<line class="ex-cut" x1=${X(cut)} x2=${X(cut)} y1="2" y2="46" vector-effect="non-scaling-stroke" />`}
        <line class="ex-you" x1=${X(you)} x2=${X(you)} y1="0" y2="48" vector-effect="non-scaling-stroke" />
      </svg>
      <div class="ex-axis" aria-hidden="true">${segments.map((g) => html`
        <span>${g === null ? t('adm.no_group') : t('adm.group_n', { group: num(g) })}</span>`)}</div>
    </div>`;
}

/** The sentence for one school W; PLACED says whether it is the placement. */
function sentence(round, w, placed) {
  const school = schoolText(round, w.school);
  const cut = rankText(w.admitted_up_to);
  const yours = rankText(w.yours);
  if (placed) return w.full ? t('adm.ex_placed_full', { school, cut, yours }) : t('adm.ex_placed_room', { school, yours });
  if (!w.admitted_up_to) return t('adm.ex_above_none', { school, yours });
  return w.full ? t('adm.ex_above_full', { school, cut, yours }) : t('adm.ex_above_room', { school, yours });
}

function School({ round, w, placed, i }) {
  const id = `ex-${i}`;
  return html`
    <li class=${`ex-school ${placed ? 'ex-placed' : 'ex-above'}`}>
      <h3><${SchoolName} round=${round} code=${w.school} />
        <span class="tag">${placed ? t('adm.your_place') : t('adm.ranked_higher')}</span></h3>
      <${Bar} w=${w} id=${id} />
      <p id=${id} class="ex-text">${sentence(round, w, placed)}</p>
    </li>`;
}

export function Explanation({ round, ex }) {
  if (!ex) return null;
  const rows = [...ex.above.map((w) => [w, false]), ...(ex.placed ? [[ex.placed, true]] : [])];
  return html`
    <section class="card explanation" aria-labelledby="ex-h">
      <h2 id="ex-h">${t('adm.why')}</h2>
      <p class="lead">${t('adm.why_lead')}</p>
      <ul class="ex-legend plain" aria-hidden="true">
        <li><span class="ex-key ex-key-admitted"></span>${t('adm.legend_admitted')}</li>
        <li><span class="ex-key ex-key-cut"></span>${t('adm.legend_cut')}</li>
        <li><span class="ex-key ex-key-you"></span>${t('adm.legend_you')}</li>
      </ul>
      <ol class="plain ex-schools">${rows.map(([w, placed], i) => html`<${School} round=${round} w=${w} placed=${placed} i=${i} />`)}</ol>
      ${!ex.placed && html`<p class="ex-none">${t('adm.ex_unplaced')}</p>`}
    </section>`;
}
