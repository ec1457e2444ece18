import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, ADMIN, assertProblem, login, userWithRole, orgChain } from '../lib.mjs';

test('login answers a token and sets an HttpOnly, SameSite=Strict cookie', async () => {
  const res = await api('POST', '/api/v1/auth/login', { body: ADMIN });
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(res.json.token_type, 'Bearer');
  assert.ok(Date.parse(res.json.expires_at) > Date.now());
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^tabula_session=[A-Za-z0-9_-]{43};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
});

test('a wrong password and an unknown user get the same 401', async () => {
  const wrong = await api('POST', '/api/v1/auth/login', { body: { username: ADMIN.username, password: 'not-the-password' } });
  const unknown = await api('POST', '/api/v1/auth/login', { body: { username: 'nobody-at-all', password: 'whatever1' } });
  assertProblem(wrong, 401, 'invalid_credentials');
  assertProblem(unknown, 401, 'invalid_credentials');
  assert.equal(wrong.json.detail, unknown.json.detail);
  assert.equal(wrong.headers.get('set-cookie'), null);
});

test('missing login fields are 422 with the field', async () => {
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { password: 'x' } }), 422, 'required', 'username');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: 'x' } }), 422, 'required', 'password');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: 'x', password: 5 } }), 422, 'type', 'password');
});

test('the token works as Bearer and as the cookie; me lists roles', async () => {
  const token = await login(ADMIN.username, ADMIN.password);
  const bearer = await api('GET', '/api/v1/auth/me', { token });
  assert.equal(bearer.status, 200, bearer.text);
  assert.equal(bearer.json.username, ADMIN.username);
  assert.deepEqual(bearer.json.roles, [{ role: 'ministry_admin', org: null }]);
  const cookie = await api('GET', '/api/v1/auth/me', { headers: { cookie: `tabula_session=${token}` } });
  assert.equal(cookie.status, 200);
  assert.equal(cookie.json.id, bearer.json.id);
});

test('no token, a bad token: 401 with WWW-Authenticate', async () => {
  const none = await api('GET', '/api/v1/auth/me');
  assertProblem(none, 401, 'unauthorized');
  assert.match(none.headers.get('www-authenticate'), /^Bearer/);
  const bad = await api('GET', '/api/v1/auth/me', { token: 'x'.repeat(43) });
  assertProblem(bad, 401, 'unauthorized');
});

test('logout ends the session', async () => {
  const token = await login(ADMIN.username, ADMIN.password);
  const out = await api('POST', '/api/v1/auth/logout', { token });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assertProblem(await api('GET', '/api/v1/auth/me', { token }), 401, 'unauthorized');
});

test('a staff account bound to an org sees its role and org', async () => {
  const { district } = await orgChain();
  const u = await userWithRole('district_officer', district);
  const me = await api('GET', '/api/v1/auth/me', { token: u.token });
  assert.deepEqual(me.json.roles, [{ role: 'district_officer', org: district }]);
});
