// Sessions: cookies and their CSRF token, logout everywhere, password
// change, first-login change, the Origin check, a second factor (TOTP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  api, ADMIN, assertProblem, login, loginRaw, apiCookie, newAccount, orgChain, startServer, totpCode, BASE,
} from '../lib.mjs';

test('login answers the contract shape and sets the session and CSRF cookies', async () => {
  const res = await loginRaw(ADMIN);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.must_change_password, false);
  assert.match(res.json.csrf_token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(res.json.csrf_token, res.json.token);
  const s = res.cookies.tabula_session, c = res.cookies.tabula_csrf;
  assert.equal(s.value, res.json.token);
  assert.ok(s.attrs.includes('httponly') && s.attrs.includes('samesite=strict'));
  assert.ok(!s.attrs.includes('secure'), 'no Secure flag over plain HTTP');
  assert.equal(c.value, res.json.csrf_token);
  assert.ok(!c.attrs.includes('httponly'), 'the web app must read the CSRF cookie');
  assert.ok(c.attrs.includes('samesite=strict'));
});

test('a cookie request that changes state needs X-CSRF-Token; Bearer does not', async () => {
  const { json: session } = await loginRaw(ADMIN);
  const org = { code: `C${randomBytes(4).toString('hex')}`, name: 'CSRF test', kind: 'ministry' };
  assertProblem(await apiCookie('POST', '/api/v1/orgs', session, { body: org, csrf: false }), 403, 'csrf');
  assertProblem(await apiCookie('POST', '/api/v1/orgs', session, { body: org, csrf: false,
    headers: { 'x-csrf-token': session.token } }), 403, 'csrf');
  // Reads need no token.
  assert.equal((await apiCookie('GET', '/api/v1/auth/me', session, { csrf: false })).status, 200);
  const ok = await apiCookie('POST', '/api/v1/orgs', session, { body: org });
  assert.equal(ok.status, 201, ok.text);
  // The same session as Bearer, no header.
  const bearer = await api('POST', '/api/v1/orgs', { token: session.token, body: { ...org, code: org.code + 'B' } });
  assert.equal(bearer.status, 201, bearer.text);
});

test('logout by cookie needs the CSRF header and clears both cookies', async () => {
  const { json: session } = await loginRaw(ADMIN);
  assertProblem(await apiCookie('POST', '/api/v1/auth/logout', session, { csrf: false }), 403, 'csrf');
  const out = await apiCookie('POST', '/api/v1/auth/logout', session);
  assert.equal(out.status, 204);
  const cookies = out.headers.getSetCookie();
  assert.ok(cookies.some((c) => /^tabula_session=;.*Max-Age=0/.test(c)), cookies.join(' | '));
  assert.ok(cookies.some((c) => /^tabula_csrf=;.*Max-Age=0/.test(c)), cookies.join(' | '));
  assertProblem(await api('GET', '/api/v1/auth/me', { token: session.token }), 401, 'unauthorized');
});

test('logout-all ends every session of the caller and no one else\'s', async () => {
  const u = newAccount('ministry_admin');
  const a = await login(u.username, u.password);
  const b = await login(u.username, u.password);
  const other = await login(ADMIN.username, ADMIN.password);
  assert.equal((await api('POST', '/api/v1/auth/logout-all', { token: a })).status, 204);
  assertProblem(await api('GET', '/api/v1/auth/me', { token: a }), 401, 'unauthorized');
  assertProblem(await api('GET', '/api/v1/auth/me', { token: b }), 401, 'unauthorized');
  assert.equal((await api('GET', '/api/v1/auth/me', { token: other })).status, 200);
});

test('me tells person_id, must_change_password and totp_enabled', async () => {
  const me = await api('GET', '/api/v1/auth/me', { token: await login(ADMIN.username, ADMIN.password) });
  assert.equal(me.json.person_id, null);
  assert.equal(me.json.must_change_password, false);
  assert.equal(me.json.totp_enabled, false);
});

test('password change: checks, ends the other sessions, keeps this one', async () => {
  const u = newAccount('ministry_admin');
  const mine = await login(u.username, u.password);
  const other = await login(u.username, u.password);
  const to = (body) => api('POST', '/api/v1/auth/password', { token: mine, body });
  assertProblem(await to({ current_password: u.password, new_password: 'short' }), 422, 'too_short', 'new_password');
  assertProblem(await to({ current_password: u.password, new_password: u.username }), 422, undefined, 'new_password');
  assertProblem(await to({ current_password: u.password, new_password: u.password }), 422, 'same_as_current', 'new_password');
  assertProblem(await to({ current_password: 'not-it-at-all', new_password: 'a brand new one' }), 403, 'wrong_password', 'current_password');
  const ok = await to({ current_password: u.password, new_password: 'a brand new one' });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await api('GET', '/api/v1/auth/me', { token: mine })).status, 200);
  assertProblem(await api('GET', '/api/v1/auth/me', { token: other }), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }), 401, 'invalid_credentials');
  assert.ok(await login(u.username, 'a brand new one'));
});

test('must_change_password: a restricted session until the password is changed', async () => {
  const { district } = await orgChain();
  const u = newAccount('district_officer', district, { mustChange: true });
  const res = await loginRaw({ username: u.username, password: u.password });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.must_change_password, true);
  const token = res.json.token;
  assertProblem(await api('GET', `/api/v1/orgs/${district}`, { token }), 403, 'password_change_required');
  assertProblem(await api('POST', '/api/v1/auth/logout-all', { token }), 403, 'password_change_required');
  const me = await api('GET', '/api/v1/auth/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.json.must_change_password, true);
  const ch = await api('POST', '/api/v1/auth/password', { token, body: { current_password: u.password, new_password: 'now my own one' } });
  assert.equal(ch.status, 204, ch.text);
  assert.equal((await api('GET', `/api/v1/orgs/${district}`, { token })).status, 200);
  assert.equal((await api('GET', '/api/v1/auth/me', { token })).json.must_change_password, false);
});

test('login checks Origin when a browser sends one', async () => {
  const host = new URL(BASE).host;
  assertProblem(await api('POST', '/api/v1/auth/login', { body: ADMIN, headers: { origin: 'https://evil.example' } }), 403, 'bad_origin');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: ADMIN, headers: { origin: 'null' } }), 403, 'bad_origin');
  const ok = await api('POST', '/api/v1/auth/login', { body: ADMIN, headers: { origin: `http://${host}` } });
  assert.equal(ok.status, 200, ok.text);
});

test('TOTP needs a server secret; without one setup answers 503', async () => {
  const token = await login(ADMIN.username, ADMIN.password);
  assertProblem(await api('POST', '/api/v1/auth/totp/setup', { token }), 503, 'totp_unavailable');
});

test('TOTP: setup, confirm, login needs the code, no replay, disable', async (t) => {
  const dir = process.env.TABULA_TMP;
  const secretFile = `${dir}/secret-${randomBytes(3).toString('hex')}`;
  writeFileSync(secretFile, randomBytes(32));
  chmodSync(secretFile, 0o600);
  const srv = await startServer(['--secret-file', secretFile]);
  t.after(() => srv.stop());
  const base = srv.url;
  const u = newAccount('ministry_admin');
  const token = (await loginRaw({ username: u.username, password: u.password }, {}, base)).json.token;
  const setup = await api('POST', '/api/v1/auth/totp/setup', { token, base });
  assert.equal(setup.status, 200, setup.text);
  assert.match(setup.json.secret, /^[A-Z2-7]{32}$/);
  assert.equal(setup.json.uri, `otpauth://totp/Tabula:${u.username}?secret=${setup.json.secret}&issuer=Tabula&algorithm=SHA1&digits=6&period=30`);
  // Not on until confirmed: login needs no code yet.
  assert.equal((await loginRaw({ username: u.username, password: u.password }, {}, base)).status, 200);
  assertProblem(await api('POST', '/api/v1/auth/totp/confirm', { token, base, body: { code: '000000' === await totpCode(setup.json.secret) ? '111111' : '000000' } }), 422, 'invalid_totp', 'code');
  // A code from the previous step: accepted once (drift), and marks the step used.
  const prev = await totpCode(setup.json.secret, Date.now() / 1000 - 30);
  const conf = await api('POST', '/api/v1/auth/totp/confirm', { token, base, body: { code: prev } });
  assert.equal(conf.status, 204, conf.text);
  const stored = await api('GET', '/api/v1/auth/me', { token, base });
  assert.equal(stored.json.totp_enabled, true);
  // The secret is sealed at rest: not in the database as base32.
  const { dbQuery } = await import('../lib.mjs');
  const [[sealed]] = dbQuery(`SELECT totp_secret FROM users WHERE username = '${u.username}'`);
  assert.match(sealed, /^v1\./);
  assert.ok(!sealed.includes(setup.json.secret));

  assertProblem(await api('POST', '/api/v1/auth/login', { base, body: { username: u.username, password: u.password } }), 401, 'totp_required', 'totp');
  assertProblem(await api('POST', '/api/v1/auth/login', { base, body: { username: u.username, password: u.password, totp: 'abcdef' } }), 401, 'invalid_totp', 'totp');
  // The step used to confirm cannot log in again (replay).
  assertProblem(await api('POST', '/api/v1/auth/login', { base, body: { username: u.username, password: u.password, totp: prev } }), 401, 'invalid_totp', 'totp');
  const now = await totpCode(setup.json.secret);
  const ok = await api('POST', '/api/v1/auth/login', { base, body: { username: u.username, password: u.password, totp: now } });
  assert.equal(ok.status, 200, ok.text);
  assertProblem(await api('POST', '/api/v1/auth/login', { base, body: { username: u.username, password: u.password, totp: now } }), 401, 'invalid_totp', 'totp');
  // Disabling needs a fresh code: the next step's.
  const next = await totpCode(setup.json.secret, Date.now() / 1000 + 30);
  const off = await api('POST', '/api/v1/auth/totp/disable', { token: ok.json.token, base, body: { code: next } });
  assert.equal(off.status, 204, off.text);
  assert.equal((await loginRaw({ username: u.username, password: u.password }, {}, base)).status, 200);
});
