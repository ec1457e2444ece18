// Charts (docs/web.md, "Charts"): Chart.js from web/vendor/chart.mjs, loaded
// the first time a chart is shown (a dynamic import of a same-origin module,
// which the CSP allows). Every chart is a <figure> with its numbers in a
// table beside it, which is what screen readers read (the canvas is an
// image labelled by the caption and described by the table). Numbers go
// through Chart.js's `locale` option (Intl), so Persian shows Persian digits;
// in right-to-left the bars grow from the right and the legend and tooltips
// run right to left. No animation: the chart is drawn at once, and
// `data-drawn` on the canvas says it is.
import { html, useEffect, useRef } from './html.js';
import { currentLang, LANGS, num } from './i18n.js';

let loading = null;

/** Chart.js's Chart with the parts a bar chart needs registered (once). */
export function loadChart() {
  loading ??= import('/vendor/chart.mjs').then((m) => {
    m.Chart.register(m.BarController, m.BarElement, m.CategoryScale, m.LinearScale, m.Tooltip, m.Legend);
    return m.Chart;
  });
  return loading;
}

// Colours that differ in lightness as well as hue (they also print in grey).
const COLOURS = ['#1f5fa8', '#d9822b', '#2e8540', '#8e44ad', '#b03a2e'];

/**
 * A bar chart of SERIES ([{label, values}]) over LABELS (one bar group per
 * label), titled TITLE, with the same numbers in a table (first column
 * HEAD). Horizontal bars by default (long org names read better); FORMAT
 * formats a number for the table (num by default).
 */
export function BarChart({ id, title, head, labels, series, horizontal = true, format = num }) {
  const ref = useRef(null);
  const lang = currentLang();
  const rtl = LANGS[lang].dir === 'rtl';
  useEffect(() => {
    let chart = null;
    let live = true;
    loadChart().then((Chart) => {
      if (!live || !ref.current) return;
      Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      const valueAxis = { beginAtZero: true, reverse: horizontal && rtl, ticks: { precision: 0 } };
      const labelAxis = { position: horizontal ? (rtl ? 'right' : 'left') : 'bottom', reverse: !horizontal && rtl };
      chart = new Chart(ref.current, {
        type: 'bar',
        data: {
          labels,
          datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: COLOURS[i % COLOURS.length] })),
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          locale: LANGS[lang].locale,
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: { ...valueAxis, reverse: false, position: rtl ? 'right' : 'left' } },
          plugins: {
            legend: { display: series.length > 1, rtl, textDirection: rtl ? 'rtl' : 'ltr' },
            tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
          },
        },
      });
      ref.current.dataset.drawn = '1';
    });
    return () => { live = false; chart?.destroy(); };
  }, [id, lang, JSON.stringify(labels), JSON.stringify(series)]);
  const rows = labels.length;
  const size = rows > 12 ? 'chart-l' : rows > 5 ? 'chart-m' : 'chart-s';
  return html`
    <figure class="chart" id=${`${id}-figure`}>
      <figcaption id=${`${id}-caption`}>${title}</figcaption>
      <div class="chart-body">
        <div class=${`chart-canvas ${size}`}>
          <canvas id=${id} ref=${ref} role="img" aria-labelledby=${`${id}-caption`} aria-describedby=${`${id}-table`}></canvas>
        </div>
        <div class="table-wrap chart-table-wrap">
          <table class="chart-table" id=${`${id}-table`}>
            <thead><tr><th scope="col">${head}</th>${series.map((s) => html`<th scope="col" class="n">${s.label}</th>`)}</tr></thead>
            <tbody>${labels.map((l, i) => html`<tr><th scope="row"><bdi>${l}</bdi></th>
              ${series.map((s) => html`<td class="n">${format(s.values[i] ?? 0)}</td>`)}</tr>`)}</tbody>
          </table>
        </div>
      </div>
    </figure>`;
}
