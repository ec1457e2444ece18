// Candidate accounts for final-year students (issue 13, part 2): the
// school issues them with the existing account sheet; a login made from a
// sheet's code reaches the prefill and registers; a student of an earlier
// grade is not offered an account by grade, and a candidate account given
// to one is refused registration (422 not_eligible).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, uniq } from '../lib.mjs';
import { count, openSession, student, vnProvince } from './review_setup.mjs';
import { userWithRole } from '../lib.mjs';

let org, session, officer, g12, g11;
const CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

before(async () => {
  org = await vnProvince();
  session = await openSession(org);
  officer = await userWithRole('school_admin', org.school);
  g12 = [await student(officer.token, org.school, 12), await student(officer.token, org.school, 12)];
  g11 = await student(officer.token, org.school, 11);
});

test('the sheet for grade 12 lists the final-year students only, each with a one-time code', async () => {
  const csv = await api('POST', `/api/v1/orgs/${org.school}/accounts`, { token: officer.token, body: { role: 'candidate', grade: 12 }, headers: { accept: 'text/csv' } });
  assert.equal(csv.status, 201, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'student,family_name,given_name,grade,username,code,expires_at');
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(rows.map((r) => Number(r[0])).sort((a, b) => a - b), g12.map((s) => s.id).sort((a, b) => a - b));
  assert.ok(!rows.some((r) => Number(r[0]) === g11.id), 'grade 11 is not offered');
  for (const r of rows) {
    assert.equal(r[3], '12');
    assert.match(r[4], new RegExp(`^c${r[0]}-[a-z2-9]{4}$`));
    assert.match(r[5], CODE);
  }
  // A login from the sheet: the code sets the password.
  const [sid, , , , username, code] = rows[0];
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username, code, new_password: 'candidate pw 1' } });
  assert.equal(red.status, 200, red.text);
  const token = red.json.token;
  const me = await api('GET', '/api/v1/auth/me', { token });
  assert.equal(me.json.person_id, Number(sid));
  assert.deepEqual(me.json.roles, [{ role: 'candidate', org: org.school }]);
  // It sees the session, reaches the prefill and registers.
  const list = await api('GET', '/api/v1/exams/sessions', { token });
  assert.equal(list.status, 200, list.text);
  assert.ok((list.json.items ?? list.json).some((s) => s.id === session.id));
  const pre = await api('GET', `/api/v1/exams/sessions/${session.id}/prefill`, { token });
  assert.equal(pre.status, 200, pre.text);
  assert.equal(pre.json.person.id, Number(sid));
  assert.equal(pre.json.school.code, org.school);
  const reg = await api('POST', `/api/v1/exams/sessions/${session.id}/registrations`, {
    token, headers: { 'idempotency-key': uniq('k') }, body: { subjects: ['math', 'literature', 'physics', 'biology'], exemptions: [], category: null },
  });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.json.kind, 'student');
  assert.equal(reg.json.person.id, Number(sid));
  // A second sheet skips those who have an account.
  const again = await api('POST', `/api/v1/orgs/${org.school}/accounts`, { token: officer.token, body: { role: 'candidate', grade: 12 } });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.created, 0);
  assert.equal(again.json.skipped.length, 2);
});

test('a candidate account of a grade-11 student is refused registration: 422 not_eligible, nothing stored', async () => {
  const res = await api('POST', `/api/v1/orgs/${org.school}/accounts`, { token: officer.token, body: { role: 'candidate', students: [g11.id] } });
  assert.equal(res.status, 201, res.text);
  const it = res.json.items[0];
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username: it.username, code: it.code, new_password: 'candidate pw 11' } });
  assert.equal(red.status, 200, red.text);
  const reg = await api('POST', `/api/v1/exams/sessions/${session.id}/registrations`, {
    token: red.json.token, headers: { 'idempotency-key': uniq('k') }, body: { subjects: ['math', 'literature', 'physics', 'biology'], exemptions: [], category: null },
  });
  assertProblem(reg, 422, 'not_eligible');
  assert.equal(count(`SELECT count(*) FROM exam_registrations WHERE person_id = ${g11.id}`), 0);
});
