import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { Link, Title } from '../../lib/ui.js';

export function NotFound() {
  return html`<section class="card"><${Title}>${t('notfound.title')}<//>
    <p><${Link} to="/">${t('nav.home')}<//></p></section>`;
}
