// kill -9 while registrations pour in (issue 13, "Must show"): the server is
// killed with SIGKILL mid-stream and restarted on the same store. Every
// registration answered 201 is there exactly once and whole (its first
// version with it); a retry of every request with its own Idempotency-Key
// answers 201 with the same id and number for those answered before, and
// creates the missing ones exactly once. Both stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dbQuery, startServer } from '../lib.mjs';
import { examSetup, register } from './load_setup.mjs';

const CANDIDATES = 160;
const CLIENTS = 16;

test('kill -9 mid-stream: every 201 is stored once and whole; retries with the same key get the same answer', async (t) => {
  const srv = await startServer();
  let again;
  t.after(async () => { srv.proc.kill('SIGKILL'); if (again) await again.stop(); });
  const { session, candidates } = await examSetup(CANDIDATES, { base: srv.url });
  const keyOf = (i) => `k9-${session}-${i}`;

  // Pour: CLIENTS loops, each candidate sent once, in order.
  const first = new Array(CANDIDATES); // { status, json } or { error }
  let next = 0, acked = 0, killed = false;
  async function client() {
    while (next < CANDIDATES && !killed) {
      const i = next++;
      try {
        const res = await register(srv.url, session, candidates[i], keyOf(i));
        first[i] = res;
        if (res.status === 201) acked++;
      } catch (e) {
        first[i] = { error: String(e) }; // the server died under this one
      }
    }
  }
  const clients = Array.from({ length: CLIENTS }, client);
  // Kill it once a third has been acknowledged: requests are in flight.
  while (acked < CANDIDATES / 3) await new Promise((r) => setImmediate(r));
  srv.proc.kill('SIGKILL');
  killed = true;
  const { signal } = await srv.exited;
  assert.equal(signal, 'SIGKILL');
  await Promise.all(clients);

  const answered = first.map((r, i) => [i, r]).filter(([, r]) => r?.status === 201);
  let cut = 0, unsent = 0;
  for (let i = 0; i < CANDIDATES; i++) {
    if (!first[i]) unsent++;
    else if (first[i].error) cut++;
  }
  t.diagnostic(`before the kill: ${answered.length} answered 201, ${cut} cut by the kill, ${unsent} never sent`);
  assert.ok(answered.length >= CANDIDATES / 3);
  for (let i = 0; i < CANDIDATES; i++) if (first[i] && !first[i].error) assert.equal(first[i].status, 201, first[i].text);

  // Restarted on the same store.
  again = await startServer();
  const stored = dbQuery(`SELECT person_id, id, number, version FROM exam_registrations WHERE session_id = ${session}`);
  const byPerson = new Map();
  for (const [person, id, number, version] of stored) {
    assert.ok(!byPerson.has(person), `person ${person} is registered twice`);
    byPerson.set(person, { id: Number(id), number, version: Number(version) });
  }
  // Whole: every registration has its version row.
  const orphans = dbQuery(`SELECT count(*) FROM exam_registrations r WHERE r.session_id = ${session} AND NOT EXISTS
    (SELECT 1 FROM exam_registration_versions v WHERE v.registration_id = r.id AND v.version = r.version)`);
  assert.equal(Number(orphans[0][0]), 0, 'a registration without its version');
  for (const [i, r] of answered) {
    const row = byPerson.get(String(candidates[i].person));
    assert.ok(row, `candidate ${i} was answered 201 (${r.json.number}) and is lost`);
    assert.equal(row.id, r.json.id);
    assert.equal(row.number, r.json.number);
    const got = await api('GET', `/api/v1/exams/registrations/${r.json.id}`, { base: again.url, token: candidates[i].token });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.number, r.json.number);
    assert.deepEqual(got.json.subjects, r.json.subjects);
  }
  const cutStored = candidates.filter((c, i) => first[i]?.error && byPerson.has(String(c.person))).length;
  t.diagnostic(`after the restart: ${byPerson.size} stored, of which ${cutStored} committed but cut before their answer`);
  // Nothing stored for a candidate whose request was never sent.
  for (let i = 0; i < CANDIDATES; i++) {
    if (!first[i]) assert.ok(!byPerson.has(String(candidates[i].person)), `candidate ${i} was never sent but is stored`);
  }

  // Every request again with its own key: the same answer for those
  // answered, a first registration for the others, once.
  const second = [];
  await Promise.all(Array.from({ length: CLIENTS }, async (_, w) => {
    for (let i = w; i < CANDIDATES; i += CLIENTS) second[i] = await register(again.url, session, candidates[i], keyOf(i));
  }));
  for (let i = 0; i < CANDIDATES; i++) {
    const res = second[i];
    assert.equal(res.status, 201, `retry of ${i}: ${res.text}`);
    if (first[i]?.status === 201) {
      assert.equal(res.json.id, first[i].json.id, `retry of ${i} names the same registration`);
      assert.equal(res.json.number, first[i].json.number);
    }
    const stored = byPerson.get(String(candidates[i].person));
    if (stored) assert.equal(res.json.id, stored.id, `retry of ${i}, stored but unanswered, finds it`);
  }
  // And once more: nothing new.
  const third = await register(again.url, session, candidates[0], keyOf(0));
  assert.equal(third.json.id, second[0].json.id);
  const count = dbQuery(`SELECT count(*), count(DISTINCT person_id), count(DISTINCT number) FROM exam_registrations WHERE session_id = ${session}`);
  assert.deepEqual(count[0].map(Number), [CANDIDATES, CANDIDATES, CANDIDATES]);
});
