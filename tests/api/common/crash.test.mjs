// kill -9 under a write load (docs/reliability.md): a 2xx means committed,
// so every write acknowledged before the crash is there after a restart, on
// both stores, and nothing is half there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, dbQuery, startServer, uniq } from '../lib.mjs';

test('kill -9 under a write load loses no acknowledged write', async () => {
  const token = await admin();
  const srv = await startServer();
  const acked = [];
  const sent = [];
  let stop = false;
  const writer = async () => {
    while (!stop) {
      const code = uniq('K9');
      sent.push(code);
      try {
        const res = await fetch(srv.url + '/api/v1/orgs', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ code, name: `Crash ${code}`, kind: 'ministry' }),
        });
        if (res.status === 201) acked.push(code);
        else await res.arrayBuffer();
      } catch { /* the server died under this one */ }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  // Let the load build, then kill the server without warning.
  while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));
  srv.proc.kill('SIGKILL');
  const { signal } = await srv.exited;
  stop = true;
  await Promise.all(writers);
  assert.equal(signal, 'SIGKILL');
  // A new server on the same database: every acknowledged org is there,
  // whole (its name with it).
  const again = await startServer();
  try {
    assert.equal((await fetch(again.url + '/healthz')).status, 200);
    const rows = dbQuery(`SELECT code, name FROM orgs WHERE code LIKE 'K9%'`);
    const stored = new Map(rows.map(([code, name]) => [code, name]));
    for (const code of acked) {
      assert.ok(stored.has(code), `acknowledged ${code} is lost`);
      assert.equal(stored.get(code), `Crash ${code}`);
    }
    // Nothing appears that was never sent.
    for (const code of stored.keys()) assert.ok(sent.includes(code) || !code.startsWith('K9'), code);
    // And it takes writes again.
    const res = await fetch(again.url + '/api/v1/orgs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ code: uniq('K9'), name: 'After', kind: 'ministry' }),
    });
    assert.equal(res.status, 201);
  } finally {
    await again.stop();
  }
});
