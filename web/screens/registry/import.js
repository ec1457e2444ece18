// CSV import: the file goes as text/csv to POST /api/v1/imports/students; the
// job (GET /api/v1/jobs/{id}) is polled while it runs, with a progress bar,
// and its error report downloads from /api/v1/jobs/{id}/errors.
import { html, useState, useEffect, useRef } from '../../lib/html.js';
import { t, label, num, percent, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { Notice, Title } from '../../lib/ui.js';

const POLL_MS = 400;

export function Import() {
  const [file, setFile] = useState(null);
  const [job, setJob] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function poll(id) {
    const res = await api('GET', `/api/v1/jobs/${id}`);
    if (!res.ok) { setBusy(false); return setProblem(problemText(res.problem)); }
    setJob(res.json);
    if (res.json.status === 'running') timer.current = setTimeout(() => poll(id), POLL_MS);
    else setBusy(false);
  }

  async function submit(e) {
    e.preventDefault();
    if (!file) return setProblem(t('import.choose'));
    setProblem(null);
    setJob(null);
    setBusy(true);
    const text = await file.text();
    const res = await api('POST', '/api/v1/imports/students', text, 'text/csv; charset=utf-8');
    if (!res.ok) {
      setBusy(false);
      return setProblem(problemText(res.problem) + (res.problem?.field ? ` (${res.problem.field})` : ''));
    }
    setJob({ id: res.json.job, status: 'running', total: res.json.total, processed: 0, succeeded: 0, failed: 0 });
    poll(res.json.job);
  }

  const pct = job && job.total > 0 ? Math.round((100 * job.processed) / job.total) : (job?.status === 'done' ? 100 : 0);
  return html`
    <section class="card">
      <${Title}>${t('import.title')}<//>
      <p>${t('import.lead')}</p>
      <p class="hint"><code dir="ltr">national_id,country,given_name,family_name,birth_date,sex,school,grade,school_year</code></p>
      <form class="inline" onSubmit=${submit}>
        <div class="field">
          <label for="csv">${t('import.file')}</label>
          <input id="csv" type="file" accept=".csv,text/csv" onChange=${(e) => setFile(e.currentTarget.files[0] ?? null)} />
        </div>
        <button type="submit" disabled=${busy}>${t('import.start')}</button>
      </form>
      ${problem && html`<${Notice} kind="error">${problem}<//>`}
      ${job && html`
        <div class="job" aria-live="polite">
          <label for="progress">${t('import.progress')}: <span id="progress-text">${percent(pct)}</span></label>
          <progress id="progress" max="100" value=${pct}>${percent(pct)}</progress>
          <p>${label('job_status', job.status)} — ${t('import.counts', { processed: num(job.processed), total: num(job.total), ok: num(job.succeeded), failed: num(job.failed) })}</p>
          ${job.message && html`<p>${job.message}</p>`}
          ${job.status !== 'running' && job.failed > 0 && html`
            <p><a class="button-link" href=${`/api/v1/jobs/${job.id}/errors`} download=${`import-${job.id}-errors.csv`}>${t('import.errors')}</a></p>`}
          ${job.status === 'done' && html`<${Notice} kind="ok">${t('import.done')}<//>`}
        </div>`}
    </section>`;
}
