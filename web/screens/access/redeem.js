// Set a password with a one-time code (from a staff member or a printed
// sheet): POST /api/v1/auth/redeem answers like a login. Reached signed out
// from the sign-in screen, at /redeem.
import { html, useState } from '../../lib/html.js';
import { t, problemText, clean } from '../../lib/i18n.js';
import { api, setCsrf, setSignedIn } from '../../lib/api.js';
import { Field, Link, Notice, Title } from '../../lib/ui.js';

const FIELDS = { username: 'username', code: 'code', new_password: 'next' };

export function Redeem({ onSignedIn }) {
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);

  function focus(id) { setTimeout(() => document.getElementById(id)?.focus(), 0); }

  async function submit(e) {
    e.preventDefault();
    setMessage(null);
    const missing = {};
    if (!clean(username)) missing.username = t('error.required');
    if (!clean(code)) missing.code = t('error.required');
    if (!next) missing.next = t('error.required');
    if (Object.keys(missing).length) {
      setErrors(missing);
      return focus({ username: 'redeem-username', code: 'redeem-code', next: 'new-password' }[Object.keys(missing)[0]]);
    }
    if (next !== again) { setErrors({ again: t('password.mismatch') }); return focus('new-password-again'); }
    setBusy(true);
    const res = await api('POST', '/api/v1/auth/redeem', { username: clean(username), code: clean(code), new_password: next });
    setBusy(false);
    if (res.ok) {
      setErrors({});
      setCsrf(res.json.csrf_token);
      setSignedIn(true);
      return onSignedIn();
    }
    const field = FIELDS[res.problem?.field];
    if (field) {
      setErrors({ [field]: problemText(res.problem) });
      return focus({ username: 'redeem-username', code: 'redeem-code', next: 'new-password' }[field]);
    }
    setErrors({});
    setMessage(problemText(res.problem));
  }

  return html`
    <form class="card narrow" onSubmit=${submit} novalidate>
      <${Title}>${t('redeem.title')}<//>
      <p class="lead">${t('redeem.lead')}</p>
      <${Field} id="redeem-username" label=${t('login.username')} value=${username} onInput=${setUsername}
        autocomplete="username" required autocapitalize="none" spellcheck="false" dir="ltr" error=${errors.username} />
      <${Field} id="redeem-code" label=${t('redeem.code')} value=${code} onInput=${setCode} required
        autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" dir="ltr"
        hint=${t('redeem.code_hint')} error=${errors.code} />
      <${Field} id="new-password" type="password" label=${t('password.new')} value=${next}
        onInput=${setNext} autocomplete="new-password" required error=${errors.next}
        hint=${t('password.hint')} dir="ltr" />
      <${Field} id="new-password-again" type="password" label=${t('password.again')} value=${again}
        onInput=${setAgain} autocomplete="new-password" required error=${errors.again} dir="ltr" />
      ${message && html`<${Notice} kind="error">${message}<//>`}
      <button type="submit" disabled=${busy}>${t('redeem.submit')}</button>
      <p><${Link} to="/">${t('redeem.back')}<//></p>
    </form>`;
}
