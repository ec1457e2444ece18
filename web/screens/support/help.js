// The public knowledge base (no login): search the articles in the reader's
// language (GET /support/articles?q=&lang=, the API normalises Persian yeh
// and Vietnamese tones), read one (GET /support/articles/{slug}?lang=) and
// answer "did this solve it" (POST .../feedback, anonymous allowed); "no"
// leads to a new ticket with the article named.
import { html, useState, useEffect } from '../../lib/html.js';
import { t, num, currentLang, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { location_, navigate } from '../../lib/router.js';
import { Field, Link, Loading, Notice, Title } from '../../lib/ui.js';
import { articleText, itemsOf, Paragraphs, useGet } from './common.js';

/** Articles matching Q (all when empty) in the reader's language; null while asking. */
export function useArticles(q, { limit = 20, country, category, delay = 0 } = {}) {
  const [res, setRes] = useState(null);
  useEffect(() => {
    let live = true;
    const params = new URLSearchParams({ lang: currentLang(), limit: String(limit) });
    if (q.trim()) params.set('q', q.trim());
    if (country) params.set('country', country);
    if (category) params.set('category', category);
    const id = setTimeout(() => {
      api('GET', `/api/v1/support/articles?${params}`).then((r) => { if (live) setRes({ q, r }); });
    }, delay);
    return () => { live = false; clearTimeout(id); };
  }, [q, limit, country, category]);
  return res;
}

/** A list of articles: title (a link) and a line of their text. */
export function ArticleList({ items, cls = 'su-articles' }) {
  return html`<ul class=${`plain ${cls}`}>${items.map((a) => {
    const x = articleText(a);
    const line = x.excerpt ?? x.body.slice(0, 160);
    return html`<li><${Link} to=${`/help/${encodeURIComponent(a.slug)}`}><bdi>${x.title}</bdi><//>
      ${line && html`<p class="meta">${line}${!x.excerpt && x.body.length > 160 ? '…' : ''}</p>`}</li>`;
  })}</ul>`;
}

export function Help({ me }) {
  const [q, setQ] = useState(location_().query.get('q') ?? '');
  const found = useArticles(q, { delay: 250 });
  const items = itemsOf(found?.r);
  return html`
    <section class="card su-help">
      <${Title}>${t('su.help_title')}<//>
      <p class="lead">${t('su.help_lead')}</p>
      <form class="search" role="search" onSubmit=${(e) => { e.preventDefault(); navigate(`/help?q=${encodeURIComponent(q)}`, true); }}>
        <${Field} id="su-help-q" label=${t('su.help_search')} value=${q} onInput=${setQ} type="search" autocomplete="off" />
        <button type="submit">${t('su.search')}</button>
      </form>
      ${!found ? html`<${Loading} />` : !found.r.ok ? html`<${Notice} kind="error">${problemText(found.r.problem)}<//>` : html`
        <p class="meta" role="status" id="su-help-count">${q.trim() ? t('su.found_n', { n: num(items.length) }) : t('su.all_articles')}</p>
        ${items.length ? html`<${ArticleList} items=${items} />` : html`<p>${t('su.no_articles')}</p>`}`}
      <p class="actions">${me
        ? html`<${Link} class="button-link" to="/support/new">${t('su.new_ticket')}<//>`
        : html`<span>${t('su.help_sign_in')}</span> <${Link} to="/support/new">${t('su.sign_in_to_ask')}<//>`}</p>
    </section>`;
}

export function Article({ slug, me }) {
  const [res] = useGet(`/api/v1/support/articles/${encodeURIComponent(slug)}?lang=${currentLang()}`);
  const [answer, setAnswer] = useState(null); // true | false after feedback
  const [error, setError] = useState(null);
  if (!res) return html`<${Loading} />`;
  if (!res.ok) return html`<section class="card"><${Title}>${t('su.help_title')}<//><${Notice} kind="error">${problemText(res.problem)}<//>
    <p><${Link} to="/help">${t('su.back_to_help')}<//></p></section>`;
  const a = res.json;
  const x = articleText(a);
  async function feedback(solved) {
    setError(null);
    const r = await api('POST', `/api/v1/support/articles/${encodeURIComponent(slug)}/feedback`, { solved });
    if (r.ok) setAnswer(solved);
    else setError(problemText(r.problem));
  }
  return html`
    <article class="card su-article">
      <${Title}><bdi>${x.title}</bdi><//>
      <${Paragraphs} text=${x.body} />
      <section class="su-feedback" aria-labelledby="su-feedback-h">
        <h2 id="su-feedback-h">${t('su.solved_q')}</h2>
        ${answer === null ? html`<p class="actions">
            <button type="button" id="su-solved-yes" onClick=${() => feedback(true)}>${t('su.solved_yes')}</button>
            <button type="button" class="secondary" id="su-solved-no" onClick=${() => feedback(false)}>${t('su.solved_no')}</button></p>`
          : html`<${Notice} kind="ok">${answer ? t('su.thanks_solved') : t('su.thanks_not_solved')}<//>`}
        ${answer === false && html`<p><${Link} class="button-link" id="su-ask" to=${`/support/new?article=${encodeURIComponent(slug)}`}>${me ? t('su.new_ticket') : t('su.sign_in_to_ask')}<//></p>`}
        ${error && html`<${Notice} kind="error">${error}<//>`}
      </section>
      <p><${Link} to="/help">${t('su.back_to_help')}<//></p>
    </article>`;
}
