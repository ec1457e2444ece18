// The pending re-marking list (issue 13, part 8): GET
// /api/v1/exams/sessions/{id}/remarks?status=pending|decided&after=&limit=
// lists a session's requests for re-marking to the staff of its office,
// oldest first, keyset paged on the id, each row audited; a school's staff
// who see the session get 403, others 404. Rules: docs/exams.md, "The
// re-marking list", src/domain/exams/remark.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { api, admin, assertProblem, dbQuery, userWithRole } from '../lib.mjs';
import { HOUR, vnProvince, openSession, student, candidates, register } from './review_setup.mjs';

let root, org, session, officer, province, c1, c2, n1, n2;
const at = (ms) => new Date(ms).toISOString();
const list = (q = '', token = province.token) => api('GET', `/api/v1/exams/sessions/${session.id}/remarks${q}`, { token });
const ask = (c, subjects) => api('POST', `/api/v1/exams/registrations/${c.reg.id}/remarks`, { token: c.token, body: { subjects } });

before(async () => {
  root = await admin();
  org = await vnProvince();
  session = await openSession(org);
  officer = await userWithRole('school_admin', org.school);
  province = await userWithRole('province_officer', org.province);
  const ids = [(await student(officer.token, org.school)).id, (await student(officer.token, org.school)).id];
  [c1, c2] = await candidates(officer.token, org.school, ids);
  c1.reg = await register(session, c1);
  c2.reg = await register(session, c2, { subjects: ['math', 'literature', 'history', 'geography'] });
  for (const r of [c1.reg, c2.reg]) {
    const rv = await api('POST', `/api/v1/exams/registrations/${r.id}/review`, { token: officer.token, body: { decision: 'confirmed' } });
    assert.equal(rv.status, 200, rv.text);
  }
  const patch = async (body) => {
    const res = await api('PATCH', `/api/v1/exams/sessions/${session.id}`, { token: root, body });
    assert.equal(res.status, 200, res.text);
  };
  const now = Date.now();
  await patch({ closes_at: at(now - 1), results_at: at(now + 2 * HOUR), remarks_close_at: at(now + 3 * HOUR) });
  const a = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assert.equal(a.status, 200, a.text);
  const num = (id) => dbQuery(`SELECT candidate_number FROM exam_registrations WHERE id = ${id}`)[0][0];
  n1 = num(c1.reg.id);
  n2 = num(c2.reg.id);
  const csv = `candidate_number,subject,score\n${n1},math,7.25\n${n1},physics,8\n${n1},chemistry,9.75\n${n2},math,5\n${n2},history,6\n`;
  const imp = await api('POST', `/api/v1/exams/sessions/${session.id}/scores`, { token: root, body: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(imp.status, 201, imp.text);
  await patch({ results_at: at(Date.now() - 1), remarks_close_at: at(Date.now() + HOUR) });
});

test('an empty list before any request; bad parameters are refused', async () => {
  const res = await list('?status=pending');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { items: [], next: null });
  assertProblem(await list('?status=requested'), 422, 'unknown_value', 'status');
  assertProblem(await list('?limit=0'), 422, 'out_of_range', 'limit');
  assertProblem(await list('?after=x'), 422, undefined, 'after');
});

test('the office lists pending requests oldest first, page by page, each row audited', async () => {
  assert.equal((await ask(c1, ['math', 'physics'])).status, 201);
  assert.equal((await ask(c2, ['history'])).status, 201);
  assert.equal((await ask(c1, ['chemistry'])).status, 201);
  const all = await list('?status=pending');
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.json.items.map((m) => [m.candidate_number, m.subject, m.status, m.old_score, m.new_score, m.decided_at]), [
    [n1, 'math', 'requested', '7.25', null, null],
    [n1, 'physics', 'requested', '8.00', null, null],
    [n2, 'history', 'requested', '6.00', null, null],
    [n1, 'chemistry', 'requested', '9.75', null, null],
  ]);
  // every member docs/openapi.yaml requires, and nothing else
  const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));
  const item = spec.paths['/api/v1/exams/sessions/{id}/remarks'].get.responses['200'].content['application/json'].schema.properties.items.items;
  for (const m of all.json.items) assert.deepEqual(Object.keys(m).sort(), [...item.required].sort());
  const first = all.json.items[0];
  assert.equal(first.registration, c1.reg.id);
  assert.equal(first.school, org.school);
  assert.ok(first.given_name && first.family_name);
  assert.match(first.requested_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  // pages of two: the next key is the last id, the last page has none
  const p1 = await list('?status=pending&limit=2');
  assert.deepEqual(p1.json.items.map((m) => m.id), all.json.items.slice(0, 2).map((m) => m.id));
  assert.equal(p1.json.next, String(p1.json.items[1].id));
  const p2 = await list(`?status=pending&limit=2&after=${p1.json.next}`);
  assert.deepEqual(p2.json.items.map((m) => m.id), all.json.items.slice(2).map((m) => m.id));
  assert.equal(p2.json.next, null);
  const audited = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exam_remark_list' AND username = '${province.username}'`);
  assert.ok(Number(audited[0][0]) >= 8, `audited ${audited[0][0]}`);
});

test('a decision takes a request off the pending list and onto the decided one', async () => {
  const pending = (await list('?status=pending')).json.items;
  const physics = pending.find((m) => m.subject === 'physics');
  const d = await api('POST', `/api/v1/exams/remarks/${physics.id}/decision`, { token: province.token, body: { score: '8.75' } });
  assert.equal(d.status, 200, d.text);
  const still = (await list('?status=pending')).json.items;
  assert.deepEqual(still.map((m) => m.subject), ['math', 'history', 'chemistry']);
  const decided = (await list('?status=decided')).json.items;
  assert.deepEqual(decided.map((m) => [m.id, m.subject, m.status, m.old_score, m.new_score]), [[physics.id, 'physics', 'decided', '8.00', '8.75']]);
  assert.match(decided[0].decided_at, /\+07:00$/);
  const both = (await list()).json.items;
  assert.equal(both.length, 4);
});

test("a school's staff who see the session get 403; others 404; the route is for staff", async () => {
  assertProblem(await list('?status=pending', officer.token), 403, 'forbidden');
  const teacher = await userWithRole('teacher', org.school);
  assertProblem(await list('', teacher.token), 403, 'forbidden');
  const away = await vnProvince();
  const stranger = await userWithRole('province_officer', away.province);
  assertProblem(await list('', stranger.token), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/exams/sessions/999999999/remarks', { token: province.token }), 404, 'not_found');
  assertProblem(await list('', c1.token), 403, 'forbidden');
  const ministry = await userWithRole('ministry_admin', org.ministry);
  assert.equal((await list('', ministry.token)).status, 200);
});
