// Small building blocks shared by the screens.
import { html, useLayoutEffect, useRef } from './html.js';
import { t } from './i18n.js';
import { href } from './router.js';

/** A link inside the app (keeps ?lang=). */
export function Link({ to, children, ...rest }) {
  return html`<a href=${href(to)} ...${rest}>${children}</a>`;
}

/**
 * A screen's heading: it takes focus when the screen opens, so keyboard and
 * screen-reader users land at the top of the new content.
 */
let firstTitle = true;
export function Title({ children }) {
  const ref = useRef(null);
  // Before the browser paints: the heading never shows without its focus.
  useLayoutEffect(() => {
    // Not on the page's first screen: there, focus starts at the top (skip link).
    if (!firstTitle) ref.current?.focus({ preventScroll: true });
    firstTitle = false;
  }, []);
  return html`<h1 tabindex="-1" ref=${ref}>${children}</h1>`;
}

/** A labelled input (or select, with OPTIONS [[value, label]]), its hint and its error. */
export function Field({ id, label, value, onInput, error, hint, type = 'text', required,
  options, inputmode, autocomplete, dir, inputRef, ...rest }) {
  const hintId = hint ? `${id}-hint` : null;
  const errId = error ? `${id}-error` : null;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name: id, value: value ?? '', required, 'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy, ref: inputRef,
    onInput: (e) => onInput(e.currentTarget.value),
  };
  return html`
    <div class="field">
      <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label>
      ${options
        ? html`<select ...${common} onChange=${common.onInput} ...${rest}>
            ${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
          </select>`
        : html`<input ...${common} type=${type} inputmode=${inputmode}
            autocomplete=${autocomplete} dir=${dir} ...${rest} />`}
      ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
      ${error && html`<p class="field-error" id=${errId}>${error}</p>`}
    </div>`;
}

/** A message box: kind is "error", "info" or "ok". Errors are announced. */
export function Notice({ kind = 'info', children }) {
  return html`<div class=${`notice notice-${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`;
}

export function Loading() {
  return html`<p class="loading" role="status">${t('common.loading')}</p>`;
}

/** The screen for an endpoint this server does not have yet (404 on a known route). */
export function NotAvailable() {
  return html`<${Notice} kind="info">${t('common.not_available')}<//>`;
}
