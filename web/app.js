// The first screen: sign in, in Persian, Vietnamese or English. Issue 5 grows
// this into the full app; it already follows its rules: strings from i18n/,
// ?lang= in the URL, right-to-left for Persian, Persian digits and Solar
// Hijri dates through Intl, the public API only.
const LANGS = { fa: 'rtl', vi: 'ltr', en: 'ltr' };
let strings = {};

function pickLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LANGS[q]) return q;
  const saved = localStorage.getItem('lang');
  if (saved && LANGS[saved]) return saved;
  return 'fa';
}

async function setLang(lang) {
  strings = await (await fetch(`/i18n/${lang}.json`)).json();
  document.documentElement.lang = lang;
  document.documentElement.dir = LANGS[lang];
  localStorage.setItem('lang', lang);
  document.getElementById('lang').value = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = strings[el.dataset.i18n] ?? el.dataset.i18n;
  }
  document.title = strings['app.name'];
  const locale = lang === 'fa' ? 'fa-IR-u-ca-persian' : lang;
  document.getElementById('today').textContent =
    new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(new Date());
}

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  return { status: res.status, json };
}

function show(signedIn) {
  document.getElementById('login').hidden = signedIn;
  document.getElementById('home').hidden = !signedIn;
}

async function loadMe() {
  const me = await call('GET', '/api/v1/auth/me');
  if (me.status !== 200) return show(false);
  document.getElementById('who').textContent = me.json.username;
  const list = document.getElementById('roles');
  list.replaceChildren(...me.json.roles.map((r) => {
    const li = document.createElement('li');
    li.textContent = (strings[`role.${r.role}`] ?? r.role) + (r.org ? ` — ${r.org}` : '');
    return li;
  }));
  show(true);
}

document.getElementById('lang').addEventListener('change', (e) => setLang(e.target.value).then(loadMe));
document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const err = document.getElementById('login-error');
  const res = await call('POST', '/api/v1/auth/login', {
    username: document.getElementById('username').value.trim(),
    password: document.getElementById('password').value,
  });
  if (res.status === 200) {
    err.hidden = true;
    await loadMe();
  } else {
    err.textContent = strings[`error.${res.json?.code}`] ?? res.json?.detail ?? strings['error.generic'];
    err.hidden = false;
  }
});
document.getElementById('logout').addEventListener('click', async () => {
  await call('POST', '/api/v1/auth/logout');
  show(false);
});

await setLang(pickLang());
await loadMe();
