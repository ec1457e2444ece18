// HTTPS with --tls-cert/--tls-key (a self-signed certificate made here):
// HSTS and the Secure cookie flag only then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, ADMIN, startTlsServer } from '../lib.mjs';

test('over TLS: HSTS on every answer, Secure cookies; plain HTTP has neither', async (t) => {
  const srv = await startTlsServer(process.env.TABULA_TMP);
  t.after(() => srv.stop());
  const health = await srv.request('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.match(health.headers['strict-transport-security'], /^max-age=\d{8,}/);
  assert.equal(health.headers['x-content-type-options'], 'nosniff');
  const login = await srv.request('POST', '/api/v1/auth/login', { body: ADMIN });
  assert.equal(login.status, 200, login.text);
  const cookies = login.headers['set-cookie'];
  assert.equal(cookies.length, 2);
  for (const c of cookies) assert.match(c, /; Secure$/);
  // Origin is checked against https:// now.
  const host = new URL(srv.url).host;
  assert.equal((await srv.request('POST', '/api/v1/auth/login', { body: ADMIN, headers: { origin: `https://${host}` } })).status, 200);
  assert.equal((await srv.request('POST', '/api/v1/auth/login', { body: ADMIN, headers: { origin: `http://${host}` } })).status, 403);

  const plain = await api('POST', '/api/v1/auth/login', { body: ADMIN });
  assert.equal(plain.headers.get('strict-transport-security'), null);
  assert.ok(plain.headers.getSetCookie().every((c) => !/Secure/.test(c)));
});

test('plain HTTP to the TLS port does not reach the API', async (t) => {
  const srv = await startTlsServer(process.env.TABULA_TMP);
  t.after(() => srv.stop());
  const res = await fetch(srv.url.replace('https:', 'http:') + '/healthz').then((r) => r.status).catch(() => 'refused');
  assert.notEqual(res, 200);
});
