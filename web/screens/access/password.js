// Change one's password: forced after a first login (me.must_change_password),
// or by choice from the header. POST /api/v1/auth/password.
import { html, useState } from '../../lib/html.js';
import { t, problemText } from '../../lib/i18n.js';
import { api } from '../../lib/api.js';
import { navigate } from '../../lib/router.js';
import { Field, Notice, Title } from '../../lib/ui.js';

export function PasswordChange({ forced, onDone }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);

  async function submit(e) {
    e.preventDefault();
    setMessage(null);
    if (next !== again) return setErrors({ again: t('password.mismatch') });
    const res = await api('POST', '/api/v1/auth/password', { current_password: current, new_password: next });
    if (res.ok) {
      setErrors({});
      setMessage({ kind: 'ok', text: t('password.changed') });
      if (forced) onDone?.();
      else setTimeout(() => navigate('/'), 800);
      return;
    }
    const field = { current_password: 'current', new_password: 'next' }[res.problem?.field];
    if (field) setErrors({ [field]: problemText(res.problem) });
    else setMessage({ kind: 'error', text: problemText(res.problem) });
  }

  return html`
    <form class="card narrow" onSubmit=${submit} novalidate>
      <${Title}>${t('password.title')}<//>
      ${forced && html`<${Notice} kind="info">${t('password.forced')}<//>`}
      <${Field} id="current-password" type="password" label=${t('password.current')} value=${current}
        onInput=${setCurrent} autocomplete="current-password" required error=${errors.current} dir="ltr" />
      <${Field} id="new-password" type="password" label=${t('password.new')} value=${next}
        onInput=${setNext} autocomplete="new-password" required error=${errors.next}
        hint=${t('password.hint')} dir="ltr" />
      <${Field} id="new-password-again" type="password" label=${t('password.again')} value=${again}
        onInput=${setAgain} autocomplete="new-password" required error=${errors.again} dir="ltr" />
      ${message && html`<${Notice} kind=${message.kind}>${message.text}<//>`}
      <button type="submit">${t('password.submit')}</button>
    </form>`;
}
