// A level's report (GET /support/reports?org=&from=&to=): the totals of the
// org's subtree for tickets created in [from, to), a bar chart per child org
// (open, overdue, resolved), a chart of escalations per child org, the
// satisfaction scores, and per category; every chart with its table
// (web/lib/chart.js). Dates are typed in the reader's calendar (Solar Hijri
// in Persian); medians are working hours, as the API computes them.
import { html, useState } from '../../lib/html.js';
import { t, num, percent, date, dateForInput, currentLang, problemText } from '../../lib/i18n.js';
import { dateInputToIso } from '../../lib/text.js';
import { location_, navigate } from '../../lib/router.js';
import { Field, Loading, Notice, Title } from '../../lib/ui.js';
import { BarChart } from '../../lib/chart.js';
import { staffOrgs, useGet, categoryName } from './common.js';

function isoDay(d) { return d.toISOString().slice(0, 10); }

/** A rate as the API sends it (a fraction 0..1) in the reader's percent. */
function rate(x) {
  if (x === null || x === undefined) return '—';
  return percent(x <= 1 ? x * 100 : x);
}

function hours(x) {
  if (x === null || x === undefined) return '—';
  return t('su.hours', { n: num(Math.round(x * 10) / 10) });
}

function orgName(c) {
  return c.org?.name ?? c.org?.code ?? c.name ?? c.code ?? '';
}

function Totals({ x }) {
  const s = x.satisfaction ?? {};
  return html`<dl class="facts su-totals">
    <div><dt>${t('su.r_created')}</dt><dd id="su-r-created">${num(x.created ?? 0)}</dd></div>
    <div><dt>${t('su.r_open')}</dt><dd id="su-r-open">${num(x.open ?? 0)}</dd></div>
    <div><dt>${t('su.r_overdue')}</dt><dd>${num(x.overdue ?? 0)}</dd></div>
    <div><dt>${t('su.r_breached')}</dt><dd>${num(x.breached ?? 0)}</dd></div>
    <div><dt>${t('su.r_resolved')}</dt><dd>${num(x.resolved ?? 0)}</dd></div>
    <div><dt>${t('su.r_escalated')}</dt><dd>${num(x.escalated ?? 0)}</dd></div>
    <div><dt>${t('su.r_rate')}</dt><dd>${rate(x.escalation_rate)}</dd></div>
    <div><dt>${t('su.r_median_first')}</dt><dd>${hours(x.median_first_answer_hours)}</dd></div>
    <div><dt>${t('su.r_median_resolve')}</dt><dd>${hours(x.median_resolution_hours)}</dd></div>
    <div><dt>${t('su.r_satisfaction')}</dt><dd>${s.count ? t('su.r_mean', { mean: num(Math.round((s.mean ?? 0) * 10) / 10), n: num(s.count) }) : '—'}</dd></div>
  </dl>`;
}

function Report({ r }) {
  const kids = r.children ?? [];
  const cats = r.by_category ?? [];
  const dist = r.totals?.satisfaction?.distribution ?? [];
  return html`
    <h2>${t('su.r_totals')}</h2>
    <${Totals} x=${r.totals ?? {}} />
    ${kids.length > 0 && html`
      <${BarChart} id="su-chart-children" title=${t('su.r_chart_children')} head=${t('su.r_child_org')}
        labels=${kids.map(orgName)}
        series=${[{ label: t('su.r_open'), values: kids.map((c) => c.open ?? c.totals?.open ?? 0) },
          { label: t('su.r_overdue'), values: kids.map((c) => c.overdue ?? c.totals?.overdue ?? 0) },
          { label: t('su.r_resolved'), values: kids.map((c) => c.resolved ?? c.totals?.resolved ?? 0) }]} />
      <${BarChart} id="su-chart-escalations" title=${t('su.r_chart_escalations')} head=${t('su.r_child_org')}
        labels=${kids.map(orgName)}
        series=${[{ label: t('su.r_created'), values: kids.map((c) => c.created ?? c.totals?.created ?? 0) },
          { label: t('su.r_escalated'), values: kids.map((c) => c.escalated ?? c.totals?.escalated ?? 0) }]} />`}
    ${dist.some((n) => n > 0) && html`
      <${BarChart} id="su-chart-satisfaction" title=${t('su.r_chart_satisfaction')} head=${t('su.r_score')} horizontal=${false}
        labels=${[1, 2, 3, 4, 5].map((n) => num(n))} series=${[{ label: t('su.r_count'), values: dist }]} />`}
    ${cats.length > 0 && html`
      <h2>${t('su.r_by_category')}</h2>
      <div class="table-wrap"><table class="su-by-category">
        <thead><tr><th scope="col">${t('su.category')}</th><th scope="col" class="n">${t('su.r_created')}</th><th scope="col" class="n">${t('su.r_open')}</th>
          <th scope="col" class="n">${t('su.r_overdue')}</th><th scope="col" class="n">${t('su.r_rate')}</th>
          <th scope="col" class="n">${t('su.r_median_first')}</th><th scope="col" class="n">${t('su.r_median_resolve')}</th></tr></thead>
        <tbody>${cats.map((c) => html`<tr><th scope="row">${categoryName(c.category ?? c)}</th>
          <td class="n">${num(c.created ?? 0)}</td><td class="n">${num(c.open ?? 0)}</td><td class="n">${num(c.overdue ?? 0)}</td>
          <td class="n">${rate(c.escalation_rate)}</td><td class="n">${hours(c.median_first_answer_hours)}</td>
          <td class="n">${hours(c.median_resolution_hours)}</td></tr>`)}</tbody></table></div>`}`;
}

export function Reports({ me }) {
  const q = location_().query;
  const orgs = staffOrgs(me);
  const today = new Date();
  const from0 = q.get('from') ?? isoDay(new Date(today.getTime() - 365 * 86400000));
  const to0 = q.get('to') ?? isoDay(new Date(today.getTime() + 86400000));
  const org = q.get('org') ?? orgs[0] ?? 'IR';
  const [form, setForm] = useState({ org, from: dateForInput(from0), to: dateForInput(to0) });
  const [res] = useGet(`/api/v1/support/reports?${new URLSearchParams({ org, from: from0, to: to0 })}`);
  function show(e) {
    e.preventDefault();
    const lang = currentLang();
    navigate(`/support/reports?${new URLSearchParams({ org: form.org, from: dateInputToIso(form.from, lang), to: dateInputToIso(form.to, lang) })}`);
  }
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  return html`
    <section class="card su-reports">
      <${Title}>${t('su.reports')}<//>
      <form class="inline su-filters" onSubmit=${show}>
        <${Field} id="su-r-org" label=${t('su.level_org')} value=${form.org} onInput=${set('org')} dir="ltr"
          options=${[...new Set([org, ...(orgs.length ? orgs : ['IR', 'VN'])])].map((o) => [o, o])} />
        <${Field} id="su-r-from" label=${t('su.r_from')} value=${form.from} onInput=${set('from')} inputmode="numeric" hint=${t('su.date_hint')} />
        <${Field} id="su-r-to" label=${t('su.r_to')} value=${form.to} onInput=${set('to')} inputmode="numeric" />
        <button type="submit" id="su-r-show">${t('su.r_show')}</button>
      </form>
      ${!res ? html`<${Loading} />` : !res.ok ? html`<${Notice} kind="error">${problemText(res.problem)}<//>` : html`
        <p class="lead" id="su-r-lead"><bdi>${res.json.org?.name ?? org}</bdi> — ${t('su.r_period', { from: date(from0), to: date(to0) })}</p>
        <${Report} r=${res.json} />`}
    </section>`;
}
