import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BASE } from '../lib.mjs';

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const res = await api('GET', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.deepEqual(res.json, { status: 'ok' });
});

test('HEAD /healthz answers 200 without a body', async () => {
  const res = await fetch(BASE + '/healthz', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});

test('every answer carries the security headers', async () => {
  for (const path of ['/healthz', '/api/v1/nothing-here']) {
    const res = await api('GET', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get('cache-control'), 'no-store', path);
  }
});

test('the web app is served with a strict CSP and no inline scripts', async () => {
  const res = await api('GET', '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.doesNotMatch(res.text, /<script>(?!<\/script>)/, 'no inline script bodies');
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const again = await api('GET', '/', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('static files outside the web root cannot be reached', async () => {
  for (const path of ['/../Makefile', '/%2e%2e/Makefile', '/..%2fMakefile', '/etc/passwd']) {
    const res = await api('GET', path);
    assert.ok(res.status === 404 || (res.status === 200 && /<html/i.test(res.text)), `${path}: ${res.status}`);
    assert.doesNotMatch(res.text, /root:|BUILD \?=/, path);
  }
});

test('connections are kept alive between requests', async () => {
  const { rawRequest, parseRaw } = await import('../lib.mjs');
  const two = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const raw = await rawRequest(BASE, two);
  assert.equal((raw.match(/HTTP\/1\.1 200/g) ?? []).length, 2, raw);
  assert.equal(parseRaw(raw).status, 200);
});
