import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, ADMIN, startServer } from '../lib.mjs';

test('SIGTERM finishes in-flight requests, then exits 0', async () => {
  const srv = await startServer(['--shutdown-grace', '20']);
  // Logins are slow on purpose (Argon2id): a good set of in-flight requests.
  let settled = 0;
  const inflight = Array.from({ length: 12 }, () =>
    api('POST', '/api/v1/auth/login', { base: srv.url, body: ADMIN }).finally(() => { settled++; }));
  // SIGTERM only once the server holds some of them (/metrics counts itself
  // in tabula_http_inflight, so more than one means a login is in), not
  // after a fixed pause that a busy machine may outlast before the first
  // login arrives.
  while (settled < inflight.length) {
    const m = await fetch(srv.url + '/metrics').then((r) => r.text());
    if (Number(/^tabula_http_inflight (\d+)$/m.exec(m)?.[1] ?? 0) > 1) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  srv.proc.kill('SIGTERM');
  const results = await Promise.allSettled(inflight);
  const { code, stderr } = await srv.exited;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /finishing in-flight requests/);
  const answered = results.filter((r) => r.status === 'fulfilled');
  for (const r of answered) assert.equal(r.value.status, 200, r.value.text);
  assert.ok(answered.length >= 1, 'requests already accepted were answered');
  await assert.rejects(fetch(srv.url + '/healthz'), 'no longer accepting');
});
