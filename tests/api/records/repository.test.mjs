// The national repository (issue 7): a province instance (the suite's
// database) submits its sealed records to a ministry instance (a second
// server on its own SQLite database), which re-verifies each against the
// province trust list it imported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { api, admin, assertProblem, cli, dbQuery, DB, freePort, signingSecret, startServer, userWithRole } from '../lib.mjs';
import { vnClass } from '../teaching.mjs';

const TMP = process.env.TABULA_TMP;
const BIN = process.env.TABULA_BIN;
const SECRET = signingSecret();
const YEAR = '2025-2026';

// The province: the suite's database, with a secret so that it signs.
const province = await startServer(['--secret-file', SECRET]);
after(() => province.stop());

// The ministry: its own database, its own national administrator.
const MDB = `sqlite:${TMP}/ministry-${randomBytes(3).toString('hex')}.db`;
assert.equal(cli(['migrate', '--db', MDB]).status, 0);
const mPass = `pw-${randomBytes(6).toString('hex')}`;
const add = cli(['user', 'add', '--db', MDB, '--username', 'national', '--role', 'ministry_admin', '--password-stdin'], `${mPass}\n`);
assert.equal(add.status, 0, add.stderr);
const mPort = await freePort();
const MURL = `http://127.0.0.1:${mPort}`;
const ministry = spawn(BIN, ['serve', '--db', MDB, '--listen', `127.0.0.1:${mPort}`, '--access-log', 'off'], { stdio: 'ignore' });
after(() => ministry.kill('SIGTERM'));
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(`${MURL}/healthz`)).ok) break; } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}
const mLogin = await api('POST', '/api/v1/auth/login', { base: MURL, body: { username: 'national', password: mPass } });
assert.equal(mLogin.status, 200, mLogin.text);
const MTOKEN = mLogin.json.token;
const m = (method, path, body, token = MTOKEN) => api(method, path, { base: MURL, token, body });
const submitDirect = (records) => m('POST', '/api/v1/repository/records', { records });

/** Three sealed records of a fresh VN class, from the province. */
async function sealedRecords() {
  const token = await admin();
  const c = await vnClass(token, { students: 3 });
  const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject: 'TOAN', teacher: c.teacher.username } });
  assert.equal(r.status, 200, r.text);
  for (const term of [1, 2]) {
    for (const assessment of ['regular1', 'midterm', 'final']) {
      const s = await api('POST', `/api/v1/classes/${c.cls.id}/grades`, {
        token: c.teacher.token, body: { subject: 'TOAN', term, assessment, grades: c.ids.map((student) => ({ student, value: 8 })) },
      });
      assert.equal(s.status, 200, s.text);
    }
  }
  const principal = await userWithRole('school_admin', c.school);
  for (const term of [1, 2]) {
    const l = await api('POST', `/api/v1/orgs/${c.school}/terms/lock`, { token: principal.token, body: { school_year: YEAR, term } });
    assert.equal(l.status, 200, l.text);
  }
  const base = province.url;
  const out = [];
  for (const student of c.ids) {
    const d = await api('POST', '/api/v1/records', { base, token: c.teacher.token, body: { student, school_year: YEAR } });
    assert.equal(d.status, 201, d.text);
    assert.equal((await api('POST', `/api/v1/records/${d.json.id}/sign`, { base, token: c.teacher.token })).status, 200);
    const p = await api('POST', `/api/v1/records/${d.json.id}/sign`, { base, token: principal.token });
    assert.equal(p.json.status, 'sealed', p.text);
    out.push((await api('GET', `/api/v1/records/${d.json.id}`, { base, token: principal.token })).json);
  }
  return out;
}

const summary = (stdout) => {
  const s = stdout.match(/^submitted (\d+) records in (\d+) batches: (\d+) accepted, (\d+) duplicate, (\d+) rejected$/m);
  assert.ok(s, stdout);
  const [sent, batches, accepted, duplicate, rejected] = s.slice(1).map(Number);
  return { sent, batches, accepted, duplicate, rejected };
};
const submit = (...extra) => cli(['records', 'submit', '--db', DB, '--to', MURL, '--token', MTOKEN, ...extra]);

test('a province submits its sealed records to the ministry: verified, idempotent, resumable', async () => {
  const recs = await sealedRecords();

  // Only the national administrator submits; the batch has a bound.
  assertProblem(await m('POST', '/api/v1/repository/records', { records: [] }), 422, 'required', 'records');
  assertProblem(await submitDirect(Array(101).fill(recs[0])), 422, 'too_many', 'records');
  assertProblem(await m('POST', '/api/v1/repository/records', { records: [recs[0]] }, null), 401);

  // Before the province's trust list is imported, its keys are unknown.
  let r = await submitDirect([recs[0]]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.results[0].status, 'rejected');
  assert.equal(r.json.results[0].check, 'trust');
  assertProblem(await m('GET', `/api/v1/repository/records/${recs[0].id.slice(9)}`), 404, 'not_found');

  // Import the trust list: a changed one does not verify and is refused.
  const tl = cli(['trust-list', '--db', DB, '--secret-file', SECRET]);
  assert.equal(tl.status, 0, tl.stderr);
  const list = JSON.parse(tl.stdout);
  const forged = structuredClone(list);
  forged.credentialSubject.keys[0].school = 'ELSEWHERE';
  assertProblem(await m('POST', '/api/v1/repository/trust', forged), 422, 'trust_list_signature', 'proof');
  assertProblem(await m('POST', '/api/v1/repository/trust', { hello: 1 }), 422, 'not_trust_list');
  r = await m('POST', '/api/v1/repository/trust', list);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.imported >= 3, r.text);

  // A tampered record (a changed name) fails its signatures; it is not kept.
  const tampered = structuredClone(recs[2]);
  tampered.credentialSubject.givenName = 'Someone Else';
  r = await submitDirect([tampered]);
  assert.equal(r.json.rejected, 1, r.text);
  assert.match(r.json.results[0].check, /^signature:\d$/);
  assertProblem(await m('GET', `/api/v1/repository/records/${recs[2].id.slice(9)}`), 404, 'not_found');

  // Interrupted: two batches of one, then the run stops.
  const [[total]] = dbQuery("SELECT count(*) FROM records WHERE status IN ('sealed', 'superseded')");
  assert.ok(Number(total) >= 3);
  let run = submit('--batch', '1', '--max-batches', '2');
  assert.equal(run.status, 0, run.stderr);
  const first = summary(run.stdout);
  assert.deepEqual([first.sent, first.batches], [2, 2]);
  const [[cursor]] = dbQuery(`SELECT last_record FROM repository_cursor WHERE target = '${MURL}'`);
  assert.ok(Number(cursor) > 0);

  // Without the server secret the batches go without an audit checkpoint.
  assert.match(run.stderr, /no server secret .* without an audit checkpoint/);

  // Resumed: the rest, nothing sent twice; with the secret, each batch
  // carries a signed checkpoint of the province's audit chain.
  run = submit('--batch', '2', '--secret-file', SECRET);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /^audit checkpoint: \d+ entries, head [0-9a-f]{64}$/m);
  const second = summary(run.stdout);
  assert.equal(first.sent + second.sent, Number(total));
  assert.equal(second.duplicate, 0);
  assert.equal(second.accepted + second.duplicate + second.rejected, second.sent);
  for (const rec of recs) {
    const g = await m('GET', `/api/v1/repository/records/${rec.id.slice(9)}`);
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.json, rec);
  }
  // Each read of a held record is on the ministry's audit log, naming it.
  const read = spawnSync('sqlite3', [MDB.replace(/^sqlite:/, ''),
    `SELECT count(*) FROM audit_log WHERE action = 'repository.read' AND allowed = 1 AND subject = 'record:${recs[0].id}'`], { encoding: 'utf8' });
  assert.equal(read.status, 0, read.stderr);
  assert.ok(Number(read.stdout.trim()) >= 1, read.stdout);
  // Every reject is reported with its check.
  assert.equal((run.stdout.match(/^rejected urn:uuid:\S+: \S+: /gm) ?? []).length, second.rejected);

  // Nothing left: a rerun sends nothing.
  assert.equal(summary(submit().stdout).sent, 0);

  // Resubmitted from the start: everything held is a duplicate.
  run = submit('--restart', '--batch', '100');
  assert.equal(run.status, 0, run.stderr);
  const again = summary(run.stdout);
  assert.equal(again.accepted, 0);
  assert.equal(again.duplicate, first.accepted + second.accepted);
  assert.equal(again.sent, Number(total));

  // The checkpoint is accepted beside the records.
  const cp = JSON.parse(cli(['audit', 'checkpoint', '--db', DB, '--secret-file', SECRET]).stdout);
  r = await m('POST', '/api/v1/repository/records', { records: [recs[0]], audit_checkpoint: cp });
  assert.equal(r.json.duplicate, 1);
  assert.equal(r.status, 200, r.text);

  // Directly: the same record is a duplicate, another under its id a conflict.
  r = await submitDirect([recs[0], { ...structuredClone(recs[0]), validFrom: '2020-01-01T00:00:00Z' }, 'nonsense']);
  assert.deepEqual(r.json.results.map((x) => [x.status, x.check]), [['duplicate', undefined], ['rejected', 'conflict'], ['rejected', 'format']]);

  // Reads need the ministry's login.
  assertProblem(await m('GET', `/api/v1/repository/records/${recs[0].id.slice(9)}`, undefined, null), 401);
});
