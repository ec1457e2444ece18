// Sign in. A first login with a password to change goes on to the password
// screen (the shell sees me.must_change_password).
import { html, useState } from '../../lib/html.js';
import { t, problemText, clean } from '../../lib/i18n.js';
import { api, setCsrf, setSignedIn } from '../../lib/api.js';
import { Field, Link, Notice, Title } from '../../lib/ui.js';

export function Login({ onSignedIn }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    if (!username.trim() || !password) return setError(t('error.required'));
    setBusy(true);
    const res = await api('POST', '/api/v1/auth/login', { username: clean(username), password });
    setBusy(false);
    if (!res.ok) return setError(problemText(res.problem));
    setCsrf(res.json.csrf_token);
    setSignedIn(true);
    onSignedIn();
  }

  return html`
    <form class="card narrow" onSubmit=${submit} novalidate aria-labelledby="login-title">
      <div id="login-title"><${Title}>${t('login.title')}<//></div>
      <p class="lead">${t('login.lead')}</p>
      <${Field} id="username" label=${t('login.username')} value=${username} onInput=${setUsername}
        autocomplete="username" required autocapitalize="none" spellcheck="false" dir="ltr" />
      <${Field} id="password" type="password" label=${t('login.password')} value=${password}
        onInput=${setPassword} autocomplete="current-password" required dir="ltr" />
      ${error && html`<${Notice} kind="error">${error}<//>`}
      <button type="submit" disabled=${busy}>${t('login.submit')}</button>
      <p><${Link} to="/redeem">${t('login.have_code')}<//></p>
    </form>`;
}
