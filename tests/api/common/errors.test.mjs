// Bad input: each gets the right 4xx problem+json, changes nothing, and the
// server keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, uniq, BASE, rawRequest, parseRaw, startServer } from '../lib.mjs';

const orgBody = (code) => ({ code, name: 'Bad input test', kind: 'ministry' });

async function assertNoOrg(code) {
  const res = await api('GET', `/api/v1/orgs/${code}`, { token: await admin() });
  assertProblem(res, 404, 'not_found');
}

test('malformed JSON is 400 malformed_json and writes nothing', async () => {
  const code = uniq('BAD');
  const res = await api('POST', '/api/v1/orgs', {
    token: await admin(), body: `{"code":"${code}","name":"x","kind":"ministry"`,
    headers: { 'content-type': 'application/json' },
  });
  assertProblem(res, 400, 'malformed_json');
  await assertNoOrg(code);
});

test('a wrong content type is 415', async () => {
  const code = uniq('BAD');
  const res = await api('POST', '/api/v1/orgs', {
    token: await admin(), body: JSON.stringify(orgBody(code)), headers: { 'content-type': 'text/plain' },
  });
  assertProblem(res, 415, 'unsupported_media_type');
  await assertNoOrg(code);
});

test('an empty body is 400 empty_body; a JSON array is 400 not_an_object', async () => {
  const empty = await api('POST', '/api/v1/auth/login', { body: '', headers: { 'content-type': 'application/json' } });
  assertProblem(empty, 400, 'empty_body');
  const arr = await api('POST', '/api/v1/auth/login', { body: '[1,2]', headers: { 'content-type': 'application/json' } });
  assertProblem(arr, 400, 'not_an_object');
});

test('invalid UTF-8 is 400 invalid_utf8', async () => {
  const code = uniq('BAD');
  const body = Buffer.concat([Buffer.from(`{"code":"${code}","name":"`), Buffer.from([0xc3, 0x28]), Buffer.from('","kind":"ministry"}')]);
  const res = await api('POST', '/api/v1/orgs', { token: await admin(), body, headers: { 'content-type': 'application/json' } });
  assertProblem(res, 400, 'invalid_utf8');
  await assertNoOrg(code);
});

test('deep nesting is 400 too_deep', async () => {
  // 10 KB: past the sign-in routes' small limit, so sent where a staff member writes.
  const deep = '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
  const res = await api('POST', '/api/v1/orgs', { token: await admin(), body: deep, headers: { 'content-type': 'application/json' } });
  assertProblem(res, 400, 'too_deep');
});

test('duplicate keys are 400 duplicate_key', async () => {
  const res = await api('POST', '/api/v1/auth/login', {
    body: '{"username":"a","username":"b","password":"x"}', headers: { 'content-type': 'application/json' },
  });
  assertProblem(res, 400, 'duplicate_key');
});

test('a field of the wrong type names the field', async () => {
  const res = await api('POST', '/api/v1/orgs', { token: await admin(), body: { code: uniq(), name: 42, kind: 'ministry' } });
  assertProblem(res, 422, 'type', 'name');
});

test('unknown routes are 404 problem+json, never HTML', async () => {
  for (const path of ['/api/v1/nope', '/api/v2/orgs', '/api/v1/orgs/x/y/z', '/nope.js']) {
    const res = await api('GET', path);
    assertProblem(res, 404, 'not_found');
  }
});

test('a wrong method is 405 with an Allow header', async () => {
  const res = await api('DELETE', '/healthz');
  assertProblem(res, 405, 'method_not_allowed');
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
  const put = await api('PUT', '/api/v1/orgs', { body: {} });
  assertProblem(put, 405, 'method_not_allowed');
  assert.equal(put.headers.get('allow'), 'POST');
});

test('too many header fields are 431', async () => {
  const headers = {};
  for (let i = 0; i < 80; i++) headers[`x-h${i}`] = 'v';
  const res = await api('GET', '/healthz', { headers });
  assertProblem(res, 431, 'too_many_headers');
});

test('a body over the limit is 413, declared or chunked, and writes nothing', async () => {
  const srv = await startServer(['--body-max', '1024']);
  try {
    const code = uniq('BIG');
    const token = await admin();
    const big = { code, name: 'x'.repeat(2000), kind: 'ministry' };
    const declared = await api('POST', '/api/v1/orgs', { token, body: big, base: srv.url });
    assertProblem(declared, 413, 'body_too_large');
    // Chunked: no Content-Length, so the server must count as it reads.
    const payload = JSON.stringify(big);
    const chunked = `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `${payload.length.toString(16)}\r\n${payload}\r\n0\r\n\r\n`;
    const raw = parseRaw(await rawRequest(srv.url, chunked));
    assert.equal(raw.status, 413, raw.head);
    assert.match(raw.body, /body_too_large/);
    await assertNoOrg(code);
    assert.equal((await api('GET', '/healthz', { base: srv.url })).status, 200);
  } finally {
    const r = await srv.stop();
    assert.equal(r.code, 0, r.stderr);
  }
});

test('a string over the limit is 400 string_too_long', async () => {
  const srv = await startServer(['--string-max', '100']);
  try {
    const res = await api('POST', '/api/v1/auth/login', { base: srv.url, body: { username: 'a'.repeat(200), password: 'x' } });
    assertProblem(res, 400, 'string_too_long');
  } finally {
    await srv.stop();
  }
});

test('garbage on the wire does not take the server down', async () => {
  const inputs = [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'GET /' + 'a'.repeat(100000) + ' HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a"',
  ];
  for (const text of inputs) {
    await rawRequest(BASE, text + '').catch(() => '');
  }
  const res = await api('GET', '/healthz');
  assert.equal(res.status, 200);
});
