// A placed round's results for its staff: per school, the seats filled out
// of the seats offered (a bar each, and the numbers), how many were placed
// at their first choice, and how many were placed nowhere. Counted from
// every page of GET /api/v1/admissions/rounds/{id}/applications.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, label, num, percent, dateTime, problemText, LANGS, currentLang } from '../../lib/i18n.js';
import { Link, Loading, Notice, Title } from '../../lib/ui.js';
import { useGet, getAll } from './common.js';

/** The counts of a round's placements from its applications. */
export function tally(round, apps) {
  const filled = new Map(round.schools.map((s) => [s.code, 0]));
  let unplaced = 0, first = 0, waiting = 0;
  const offers = { offered: 0, accepted: 0, declined: 0 };
  for (const a of apps) {
    if (a.offer?.status in offers) offers[a.offer.status]++;
    if (!a.placement) { waiting++; continue; }
    if (!a.placement.school) { unplaced++; continue; }
    filled.set(a.placement.school, (filled.get(a.placement.school) ?? 0) + 1);
    if (a.choices[0] === a.placement.school) first++;
  }
  return { filled, unplaced, first, waiting, offers, placed: apps.length - unplaced - waiting,
    hasOffers: apps.some((a) => a.offer !== undefined) };
}

function FillBar({ filled, seats, label }) {
  const rtl = LANGS[currentLang()].dir === 'rtl';
  const share = seats > 0 ? Math.min(filled / seats, 1) : 0;
  return html`<svg class="fill-bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label=${label} focusable="false">
    <rect class="fill-track" x="0" y="0" width="100" height="12" />
    <rect class="fill-done" x=${rtl ? 100 - share * 100 : 0} y="0" width=${share * 100} height="12" /></svg>`;
}

export function Results({ id }) {
  const [round] = useGet(`/api/v1/admissions/rounds/${id}`);
  const [apps, setApps] = useState(null);
  useEffect(() => { getAll(`/api/v1/admissions/rounds/${id}/applications`).then(setApps); }, [id]);
  const failed = [round, apps].find((r) => r && !r.ok);
  if (failed) return html`<section class="card"><${Title}>${t('adm.results')}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  if (!round || !apps) return html`<${Loading} />`;
  const r = round.json;
  const items = apps.json.items;
  const c = tally(r, items);
  return html`
    <div class="stack adm-results">
      <section class="card">
        <${Title}>${t('adm.results_of', { name: r.name })}<//>
        <p class="lead"><${Link} to=${`/admissions/rounds/${r.id}`}>${t('adm.back_to_round')}<//></p>
        ${!r.run_at && html`<${Notice} kind="info">${t('adm.not_run')}<//>`}
        ${r.run_at && html`<p class="meta"><span>${t('adm.run_at')}: ${dateTime(r.run_at)}</span></p>`}
        <dl class="facts adm-totals">
          <div><dt>${t('adm.applications')}</dt><dd class="big-count" id="total-apps">${num(items.length)}</dd></div>
          <div><dt>${t('adm.placed')}</dt><dd class="big-count" id="total-placed">${num(c.placed)}</dd></div>
          <div><dt>${t('adm.unplaced')}</dt><dd class="big-count" id="total-unplaced">${num(c.unplaced)}</dd></div>
          ${c.hasOffers && r.run_at && ['offered', 'accepted', 'declined'].map((k) => html`
            <div><dt>${label('offer', k)}</dt><dd class="big-count" id=${`total-${k}`}>${num(c.offers[k])}</dd></div>`)}
          <div><dt>${t('adm.first_choice')}</dt><dd class="big-count">${items.length ? percent(Math.round((100 * c.first) / items.length)) : '—'}</dd></div>
        </dl>
      </section>
      <section class="card" aria-labelledby="fill-h">
        <h2 id="fill-h">${t('adm.seats_filled')}</h2>
        <div class="table-wrap"><table class="adm-fill">
          <thead><tr><th scope="col">${t('adm.school')}</th><th scope="col" class="n">${t('adm.filled')}</th>
            <th scope="col" class="n">${t('adm.seats')}</th><th scope="col" class="fill-col">${t('adm.chart')}</th></tr></thead>
          <tbody>${r.schools.map((s) => {
            const f = c.filled.get(s.code) ?? 0;
            return html`<tr><th scope="row"><bdi>${s.name}</bdi> <bdi class="code" dir="ltr">${s.code}</bdi></th>
              <td class="n">${num(f)}</td><td class="n">${num(s.capacity)}</td>
              <td class="fill-col"><${FillBar} filled=${f} seats=${s.capacity}
                label=${t('adm.filled_of', { filled: num(f), seats: num(s.capacity) })} /></td></tr>`;
          })}</tbody>
        </table></div>
      </section>
    </div>`;
}
