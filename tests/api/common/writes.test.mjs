// Group commit: many concurrent writes are durable, each answered after its
// commit, batched into fewer transactions, and a failing write does not take
// its neighbours down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, uniq, startServer, BACKEND } from '../lib.mjs';

function metric(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line ? Number(line.split(' ')[1]) : NaN;
}

test('concurrent writes are grouped into fewer commits, failures stay alone', async () => {
  const token = await admin();
  const before = (await api('GET', '/metrics')).text;
  const n = 300;
  const taken = uniq('M');
  assert.equal((await api('POST', '/api/v1/orgs', { token, body: { code: taken, name: 'Taken', kind: 'ministry' } })).status, 201);
  const codes = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? taken : uniq('G')));
  const results = await Promise.all(codes.map((code) =>
    api('POST', '/api/v1/orgs', { token, body: { code, name: `Group ${code}`, kind: 'ministry' } })));
  for (const [i, r] of results.entries()) {
    assert.equal(r.status, codes[i] === taken ? 409 : 201, r.text);
  }
  const after = (await api('GET', '/metrics')).text;
  const commits = metric(after, 'tabula_db_commits_total') - metric(before, 'tabula_db_commits_total');
  assert.ok(commits >= 1, 'commits counted');
  assert.ok(commits < n + 1, `expected fewer commits than ${n + 1} writes, got ${commits} (${BACKEND})`);
  // Every acknowledged write is readable.
  for (const [i, code] of codes.entries()) {
    if (code === taken || i % 37) continue;
    assert.equal((await api('GET', `/api/v1/orgs/${code}`, { token })).status, 200);
  }
});

test('acknowledged writes survive a restart', async () => {
  const srv = await startServer();
  const token = await admin();
  const code = uniq('DUR');
  const res = await api('POST', '/api/v1/orgs', { base: srv.url, token, body: { code, name: 'Durable', kind: 'ministry' } });
  assert.equal(res.status, 201);
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
  const again = await startServer();
  try {
    const back = await api('GET', `/api/v1/orgs/${code}`, { base: again.url, token });
    assert.equal(back.status, 200);
    assert.equal(back.json.name, 'Durable');
  } finally {
    await again.stop();
  }
});
