// The audit log: who read and changed a student's record, for officers and
// guardians; the hash chain, and `tabula audit verify` catching rows edited,
// deleted, reordered or cut off the end (rows edited with sqlite3 / psql).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { api, admin, assertProblem, BACKEND, cli, DB, school, studentBody, userWithRole } from '../lib.mjs';

let home, A, B, sa, guardian, officer;

/** Run SQL against the suite's database; returns stdout (rows as a|b|c). */
function sql(q) {
  const r = BACKEND === 'pgsql'
    ? spawnSync('psql', [DB, '-v', 'ON_ERROR_STOP=1', '-Atq', '-c', q], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-cmd', '.timeout 10000', DB.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function verify(...extra) {
  return cli(['audit', 'verify', '--db', DB, ...extra]);
}

const COLS = 'id, seq, at, user_id, username, role, org_code, action, person_id, subject, allowed, ip, prev_hash, hash';

before(async () => {
  const root = await admin();
  home = await school(root);
  const away = await school(root);
  A = (await api('POST', '/api/v1/students', { token: root, body: studentBody(home.school) })).json;
  B = (await api('POST', '/api/v1/students', { token: root, body: studentBody(away.school) })).json;
  sa = await userWithRole('school_admin', home.school);
  officer = await userWithRole('district_officer', home.district);
  guardian = await userWithRole('guardian');
  const link = await api('POST', `/api/v1/students/${A.id}/guardians`, { token: sa.token, body: { username: guardian.username, relation: 'father' } });
  assert.equal(link.status, 201, link.text);
});

test('a guardian sees who read their child, with role, org, time and address', async () => {
  assert.equal((await api('GET', `/api/v1/students/${A.id}`, { token: sa.token })).status, 200);
  const res = await api('GET', `/api/v1/audit?student=${A.id}`, { token: guardian.token });
  assert.equal(res.status, 200, res.text);
  const e = res.json.items.find((i) => i.action === 'student.read' && i.username === sa.username);
  assert.ok(e, res.text);
  assert.equal(e.role, 'school_admin');
  assert.equal(e.org, home.school);
  assert.equal(e.student, A.id);
  assert.equal(e.allowed, true);
  assert.equal(e.ip, '127.0.0.1');
  assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 120000, e.at);
  // The link that gave the guardian access is on record too.
  assert.ok(res.json.items.some((i) => i.action === 'guardian.add' && i.username === sa.username));
});

test('writes are recorded in their transaction; a failed write leaves no entry', async () => {
  const token = await admin();
  const before = (await api('GET', `/api/v1/audit?student=${A.id}&limit=500`, { token })).json.items;
  assert.equal((await api('PATCH', `/api/v1/students/${A.id}`, { token: sa.token, body: { given_name: 'Maryam' } })).status, 200);
  assertProblem(await api('PATCH', `/api/v1/students/${A.id}`, { token: sa.token, body: { birth_date: 'yesterday' } }), 422);
  const after = (await api('GET', `/api/v1/audit?student=${A.id}&limit=500`, { token })).json.items;
  const fresh = after.filter((i) => !before.some((b) => b.id === i.id));
  const updates = fresh.filter((i) => i.action === 'student.update');
  assert.equal(updates.length, 1, JSON.stringify(fresh));
  assert.equal(updates[0].allowed, true);
});

test('audit pages: newest first, keyset cursor, no repeats', async () => {
  for (let i = 0; i < 3; i++) await api('GET', `/api/v1/students/${A.id}`, { token: officer.token });
  const token = await admin();
  const p1 = await api('GET', `/api/v1/audit?student=${A.id}&limit=2`, { token });
  assert.equal(p1.json.items.length, 2);
  assert.ok(p1.json.items[0].id > p1.json.items[1].id);
  assert.equal(typeof p1.json.next, 'string');
  const p2 = await api('GET', `/api/v1/audit?student=${A.id}&limit=2&after=${p1.json.next}`, { token });
  assert.equal(p2.json.items.length, 2);
  assert.ok(p2.json.items[0].id < p1.json.items[1].id);
  assertProblem(await api('GET', '/api/v1/audit', { token }), 422, 'required', 'student');
  assertProblem(await api('GET', `/api/v1/audit?student=${A.id}&limit=0`, { token }), 422, 'invalid', 'limit');
});

test('who may read a trail: officers in scope and guardians; A\'s teachers 403; others 404', async () => {
  assert.equal((await api('GET', `/api/v1/audit?student=${A.id}`, { token: officer.token })).status, 200);
  // A teacher who teaches A reads A but not its trail (403); one who does
  // not teach A does not see A at all (404).
  const teacher = await userWithRole('teacher', home.school);
  const cls = await api('POST', `/api/v1/orgs/${home.school}/classes`, { token: sa.token, body: { name: `C${Date.now() % 100000}`, grade: 4, school_year: '2025-2026', homeroom_teacher: teacher.username } });
  assert.equal(cls.status, 201, cls.text);
  assert.equal((await api('POST', `/api/v1/classes/${cls.json.id}/students`, { token: sa.token, body: { students: [A.id] } })).status, 200);
  assertProblem(await api('GET', `/api/v1/audit?student=${A.id}`, { token: teacher.token }), 403, 'forbidden');
  const outsider = await userWithRole('teacher', home.school);
  assertProblem(await api('GET', `/api/v1/audit?student=${A.id}`, { token: outsider.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/audit?student=${B.id}`, { token: officer.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/audit?student=${B.id}`, { token: guardian.token }), 404, 'not_found');
  const stranger = await userWithRole('guardian');
  assertProblem(await api('GET', `/api/v1/audit?student=${A.id}`, { token: stranger.token }), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/audit?student=999999999', { token: officer.token }), 404, 'not_found');
});

test('lists record one entry per student shown', async () => {
  const res = await api('GET', `/api/v1/students?school=${home.school}`, { token: officer.token });
  assert.ok(res.json.items.some((s) => s.id === A.id));
  const trail = await api('GET', `/api/v1/audit?student=${A.id}&limit=5`, { token: await admin() });
  assert.ok(trail.json.items.some((i) => i.action === 'student.list' && i.username === officer.username));
});

test('the chain verifies, and tampering is caught naming the first broken entry', async () => {
  const ok = verify();
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /chain intact/);
  const head = /head: (\d+):([0-9a-f]{64})/.exec(ok.stdout);
  assert.ok(head, ok.stdout);
  const anchor = `${head[1]}:${head[2]}`;
  // Pick an entry in the middle of this student's trail.
  const [seq, id] = sql(`SELECT seq, id FROM audit_log WHERE person_id = ${A.id} ORDER BY seq LIMIT 1 OFFSET 1`).split('|').map(Number);
  assert.ok(seq > 1);

  // 1. A changed field.
  const user = sql(`SELECT username FROM audit_log WHERE seq = ${seq}`);
  sql(`UPDATE audit_log SET username = 'somebody-else' WHERE seq = ${seq}`);
  let r = verify();
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${seq} \\(row id ${id}\\): the entry was changed`));
  sql(`UPDATE audit_log SET username = '${user}' WHERE seq = ${seq}`);
  sql(`UPDATE audit_log SET allowed = 1 - allowed WHERE seq = ${seq}`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${seq} `));
  sql(`UPDATE audit_log SET allowed = 1 - allowed WHERE seq = ${seq}`);
  assert.equal(verify().status, 0);

  // 2. A deleted row (put back exactly afterwards).
  const row = sql(`SELECT ${COLS} FROM audit_log WHERE seq = ${seq}`);
  sql(`DELETE FROM audit_log WHERE seq = ${seq}`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${seq}: missing`));
  const v = row.split('|').map((x, i) => (x === '' && [3, 6, 8, 9].includes(i) ? 'NULL' : `'${x.replace(/'/g, "''")}'`));
  sql(`INSERT INTO audit_log (${COLS}) VALUES (${v.join(', ')})`);
  assert.equal(verify().status, 0, verify().stdout);

  // 3. Two entries swapped (their places in the chain exchanged).
  sql(`UPDATE audit_log SET seq = -1 WHERE seq = ${seq}`);
  sql(`UPDATE audit_log SET seq = ${seq} WHERE seq = ${seq + 1}`);
  sql(`UPDATE audit_log SET seq = ${seq + 1} WHERE seq = -1`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${seq} `));
  sql(`UPDATE audit_log SET seq = -1 WHERE seq = ${seq}`);
  sql(`UPDATE audit_log SET seq = ${seq} WHERE seq = ${seq + 1}`);
  sql(`UPDATE audit_log SET seq = ${seq + 1} WHERE seq = -1`);
  assert.equal(verify().status, 0);

  // 4. The tail cut off: the head says the log is longer.
  const last = Number(sql('SELECT max(seq) FROM audit_log'));
  const tail = sql(`SELECT ${COLS} FROM audit_log WHERE seq = ${last}`);
  const headRow = sql('SELECT seq, hash FROM audit_head').split('|');
  sql(`DELETE FROM audit_log WHERE seq = ${last}`);
  r = verify();
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${last}: missing`));
  // ... and with the head rewritten to match, only an anchor kept outside
  // the database catches it (docs/access.md).
  const prev = sql(`SELECT seq, hash FROM audit_log WHERE seq = ${last - 1}`).split('|');
  sql(`UPDATE audit_head SET seq = ${prev[0]}, hash = '${prev[1]}'`);
  assert.equal(verify().status, 0);
  if (Number(head[1]) === last) {
    r = verify('--expect', anchor);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${last}: missing`));
  }
  const t = tail.split('|').map((x, i) => (x === '' && [3, 6, 8, 9].includes(i) ? 'NULL' : `'${x.replace(/'/g, "''")}'`));
  sql(`INSERT INTO audit_log (${COLS}) VALUES (${t.join(', ')})`);
  sql(`UPDATE audit_head SET seq = ${headRow[0]}, hash = '${headRow[1]}'`);
  r = verify('--expect', anchor);
  assert.equal(r.status, 0, r.stdout);
  // An anchor that was never in the chain fails.
  r = verify('--expect', `${head[1]}:${'0'.repeat(64)}`);
  assert.equal(r.status, 1);
});

test('audit verify: usage errors exit 2', () => {
  assert.equal(cli(['audit']).status, 2);
  assert.equal(cli(['audit', 'verify', '--db', DB, '--expect', 'x']).status, 2);
});

test('the log keeps growing after the tests above, still whole', async () => {
  const token = await admin();
  await api('GET', `/api/v1/students/${A.id}`, { token });
  const r = verify();
  assert.equal(r.status, 0, r.stdout);
  const n = Number(/audit: (\d+) entries/.exec(r.stdout)[1]);
  assert.ok(n > 10);
});
