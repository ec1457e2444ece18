// A new ticket (POST /support/tickets with an Idempotency-Key made once per
// form, so a retry never files twice): the category (GET /support/categories:
// the caller's country), the child for a guardian (their linked students),
// the org for a requester with several grants, subject and body, and files
// (POST .../attachments?name= with the File as the body, after the ticket
// exists). While the subject is typed, the knowledge base's matching
// articles are shown (useSuggestions): the answer may already be there.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, navigate } from '../../lib/router.js';
import { isGuardian } from '../../lib/session.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { categoryName, itemsOf, newKey, useGet, size } from './common.js';
import { ArticleList } from './help.js';

const MAX_FILE = 10 * 1024 * 1024;

/** The orgs a requester's grants name (a principal who is also a district officer picks one). */
function grantOrgs(me) {
  const out = [];
  for (const r of me?.roles ?? []) if (r.org && !['guardian', 'student', 'candidate'].includes(r.role) && !out.includes(r.org)) out.push(r.org);
  return out;
}

/**
 * Articles for a subject being typed: the whole subject and each of its
 * four longest words (three letters or more) are searched, 300 ms after the
 * last key; an article found by the whole subject or by more words comes
 * first (the search wants every word of a query, which a sentence rarely
 * has). At most three.
 */
function useSuggestions(subject) {
  const [state, setState] = useState({ for: '', items: [] });
  useEffect(() => {
    let live = true;
    const whole = subject.trim();
    const words = [...new Set(whole.toLowerCase().split(/[\s\p{P}]+/u).filter((w) => [...w].length >= 3))]
      .sort((a, b) => b.length - a.length).slice(0, 4);
    if (!words.length) {
      setState({ for: subject, items: [] });
      return () => { live = false; };
    }
    const id = setTimeout(async () => {
      const queries = [whole, ...words.filter((w) => w !== whole.toLowerCase())];
      const answers = await Promise.all(queries.map((q) =>
        api('GET', `/api/v1/support/articles?${new URLSearchParams({ q, lang: currentLang(), limit: '5' })}`)));
      const found = new Map();
      answers.forEach((r, qi) => itemsOf(r).forEach((a, i) => {
        const f = found.get(a.slug) ?? { a, n: 0, rank: 99 };
        f.n += qi === 0 ? 10 : 1;
        f.rank = Math.min(f.rank, i);
        found.set(a.slug, f);
      }));
      const items = [...found.values()].sort((x, y) => y.n - x.n || x.rank - y.rank).slice(0, 3).map((f) => f.a);
      if (live) setState({ for: subject, items });
    }, 300);
    return () => { live = false; clearTimeout(id); };
  }, [subject]);
  return state.for === subject ? state.items : [];
}

function Suggestions({ subject }) {
  const items = useSuggestions(subject);
  return html`<div class="su-suggest" aria-live="polite" id="su-suggest">
    ${items.length > 0 && html`<div class="notice notice-info">
      <p><strong>${t('su.suggest_title')}</strong> ${t('su.suggest_lead')}</p>
      <${ArticleList} items=${items} cls="su-suggest-list" /></div>`}</div>`;
}

function Form({ me, categories, children }) {
  const article = location_().query.get('article');
  const orgs = grantOrgs(me);
  const [key] = useState(() => newKey());
  const [category, setCategory] = useState(categories[0]?.code ?? '');
  const [student, setStudent] = useState(children?.[0]?.id ? String(children[0].id) : '');
  const [org, setOrg] = useState(orgs[0] ?? '');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState([]);
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);

  async function upload(id) {
    const failed = [];
    for (const f of files) {
      const r = await api('POST', `/api/v1/support/tickets/${id}/attachments?name=${encodeURIComponent(f.name)}`, f, f.type || 'application/octet-stream');
      if (!r.ok) failed.push(`${f.name}: ${problemText(r.problem)}`);
    }
    return failed;
  }

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!subject.trim()) errs.subject = t('error.required');
    if (!body.trim()) errs.body = t('error.required');
    if (isGuardian(me) && !student) errs.student = t('error.required');
    const big = files.find((f) => f.size > MAX_FILE);
    if (big) errs.files = t('su.file_too_big', { name: big.name });
    if (Object.keys(errs).length) {
      setErrors(errs);
      setMessage(t('su.fix_below'));
      document.getElementById(errs.subject ? 'su-subject' : errs.body ? 'su-body' : errs.student ? 'su-student' : 'su-files')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    let ticket = created;
    if (!ticket) {
      const payload = { category, subject: subject.trim(), body: body.trim() };
      if (isGuardian(me) && student) payload.student = Number(student);
      if (orgs.length > 1 && org) payload.org = org;
      const r = await api('POST', '/api/v1/support/tickets', payload, undefined, { 'idempotency-key': key });
      if (!r.ok) {
        setBusy(false);
        const f = String(r.problem?.field ?? '').replace(/^ticket\./, '');
        const at = ['subject', 'body', 'student', 'category', 'org'].includes(f) ? f : null;
        setErrors(at ? { [at]: problemText(r.problem) } : {});
        setMessage(at ? t('su.fix_below') : problemText(r.problem));
        return;
      }
      ticket = r.json;
      setCreated(ticket);
    }
    const failed = await upload(ticket.id);
    setBusy(false);
    if (failed.length) {
      setFiles([]);
      setMessage(t('su.upload_failed', { list: failed.join('; ') }));
      return;
    }
    navigate(`/support/tickets/${ticket.id}?filed=1`);
  }

  return html`
    <form class="card su-new" onSubmit=${submit} novalidate>
      <${Title}>${t('su.new_ticket')}<//>
      <p class="lead">${t('su.new_lead')} <${Link} to="/help">${t('su.help_title')}<//></p>
      ${article && html`<p class="meta">${t('su.after_article')} <${Link} to=${`/help/${encodeURIComponent(article)}`}><bdi dir="ltr">${article}</bdi><//></p>`}
      ${created && html`<${Notice} kind="info">${t('su.filed_upload_again')} <${Link} to=${`/support/tickets/${created.id}`}>${t('su.open_ticket')}<//><//>`}
      <${Field} id="su-category" label=${t('su.category')} value=${category} onInput=${setCategory} required error=${errors.category}
        options=${categories.map((c) => [c.code, categoryName(c)])} />
      ${isGuardian(me) && html`<${Field} id="su-student" label=${t('su.child')} value=${student} onInput=${setStudent} required error=${errors.student}
        hint=${t('su.child_hint')} options=${[['', t('su.choose')], ...(children ?? []).map((s) => [String(s.id), `${s.given_name} ${s.family_name}`])]} />`}
      ${orgs.length > 1 && html`<${Field} id="su-org" label=${t('su.as_org')} value=${org} onInput=${setOrg} error=${errors.org}
        options=${orgs.map((o) => [o, o])} dir="ltr" />`}
      <${Field} id="su-subject" label=${t('su.subject')} value=${subject} onInput=${setSubject} required error=${errors.subject}
        maxlength="200" autocomplete="off" />
      <${Suggestions} subject=${subject} />
      <div class="field">
        <label for="su-body">${t('su.body')}<span class="req" aria-hidden="true"> *</span></label>
        <textarea id="su-body" rows="6" maxlength="20000" value=${body} onInput=${(e) => setBody(e.currentTarget.value)}
          aria-invalid=${errors.body ? 'true' : undefined} aria-describedby=${errors.body ? 'su-body-error' : undefined}></textarea>
        ${errors.body && html`<p class="field-error" id="su-body-error">${errors.body}</p>`}
      </div>
      <div class="field">
        <label for="su-files">${t('su.attachments')}</label>
        <input type="file" id="su-files" multiple accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,.heic"
          aria-describedby="su-files-hint" onChange=${(e) => setFiles([...e.currentTarget.files])} />
        <p class="hint" id="su-files-hint">${t('su.files_hint')}</p>
        ${files.length > 0 && html`<ul class="plain meta">${files.map((f) => html`<li><bdi>${f.name}</bdi> (${size(f.size)})</li>`)}</ul>`}
        ${errors.files && html`<p class="field-error">${errors.files}</p>`}
      </div>
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <p class="actions"><button type="submit" id="su-file" aria-disabled=${busy ? 'true' : undefined}>${busy ? t('su.sending') : t('su.file')}</button>
        <${Link} to="/support">${t('common.cancel')}<//></p>
    </form>`;
}

export function NewTicket({ me }) {
  const [cats] = useGet('/api/v1/support/categories');
  const [kids] = useGet(isGuardian(me) ? '/api/v1/students?limit=50' : null);
  const failed = [cats, kids].find((r) => r && !r.ok);
  if (failed) return html`<section class="card"><${Title}>${t('su.new_ticket')}<//><${Notice} kind="error">${problemText(failed.problem)}<//></section>`;
  // The child picker and the categories are the form: wait for both.
  if (!cats || (isGuardian(me) && !kids)) return html`<${Loading} />`;
  return html`<${Form} me=${me} categories=${itemsOf(cats)} children=${kids ? itemsOf(kids) : null} />`;
}
