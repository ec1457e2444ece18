// Rooms and numbers (issue 13, part 7): after registration closes the
// office seats every confirmed candidate in a site of their council and a
// room of at most 24, one combination a room, with an 8-digit candidate
// number (council code + 6 digits); the same seating on a re-run; the
// rooms list; a council short of rooms is refused with the numbers and
// nothing changes. Rules: docs/exams.md, src/domain/exams/assignment.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, userWithRole } from '../lib.mjs';
import { HOUR, vnProvince, openSession, student, candidates, register } from './review_setup.mjs';

const A = ['math', 'literature', 'physics', 'chemistry'];
const B = ['math', 'literature', 'history', 'geography'];

let root, org, officer, officer2, session, regs;

async function review(id, token, decision = 'confirmed') {
  const body = decision === 'returned' ? { decision, reason: 'Check your subjects.' } : { decision };
  const res = await api('POST', `/api/v1/exams/registrations/${id}/review`, { token, body });
  assert.equal(res.status, 200, res.text);
}

async function close(s) {
  const res = await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: root, body: { closes_at: new Date(Date.now() - 1).toISOString() } });
  assert.equal(res.status, 200, res.text);
}

/* n candidates of school registered with subjects; returns the registrations. */
async function registered(s, school, token, n, subjects) {
  const ids = [];
  for (let i = 0; i < n; i++) ids.push((await student(token, school)).id);
  const out = [];
  for (const c of await candidates(token, school, ids)) out.push(await register(s, c, { subjects }));
  return out;
}

const seats = (sessionId) => dbQuery(`SELECT id, candidate_number, site_id, room, seat, subjects, status FROM exam_registrations WHERE session_id = ${sessionId} ORDER BY id`)
  .map(([id, number, site, room, seat, subjects, status]) => ({ id: Number(id), number, site, room, seat, subjects: JSON.parse(subjects).sort().join(','), status }));

before(async () => {
  root = await admin();
  org = await vnProvince();
  // Site F at the first school with 2 rooms, N at the second with 1: 30 of
  // combination A at the first school need 2 rooms, 4 of B 1.
  session = await openSession(org, {
    sites: [
      { code: 'F1', council: '01', school: org.school, rooms: 2, free_candidates: true },
      { code: 'N1', council: '01', school: org.school2, rooms: 1 },
    ],
  });
  officer = await userWithRole('school_admin', org.school);
  officer2 = await userWithRole('school_admin', org.school2);
  const a = await registered(session, org.school, officer.token, 30, A);
  const b = await registered(session, org.school2, officer2.token, 6, B);
  for (const r of a) await review(r.id, officer.token);
  for (const r of b.slice(0, 4)) await review(r.id, officer2.token);
  await review(b[5].id, officer2.token, 'returned'); // b[4] stays submitted
  regs = { a, b };
});

test('before registration closes, assigning is refused: 409 registration_open', async () => {
  const res = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assertProblem(res, 409, 'registration_open');
  assert.equal(seats(session.id).filter((s) => s.number).length, 0);
});

test('a school officer may not assign rooms', async () => {
  const res = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: officer.token });
  assert.equal(res.status, 403, res.text);
});

test('after closing, every confirmed candidate is seated: rooms of at most 24, one combination a room, 8-digit numbers', async () => {
  await close(session);
  const res = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.candidates, 34);
  assert.equal(res.json.rooms, 3);
  assert.equal(res.json.changed, 34);
  const all = seats(session.id);
  const seated = all.filter((s) => s.number);
  assert.equal(seated.length, 34);
  // submitted and returned registrations get no seat
  for (const r of [regs.b[4], regs.b[5]]) {
    const s = all.find((x) => x.id === r.id);
    assert.equal(s.number, '');
    assert.equal(s.room, '');
  }
  const rooms = new Map();
  for (const s of seated) {
    assert.match(s.number, /^01\d{6}$/);
    const k = `${s.site}/${s.room}`;
    if (!rooms.has(k)) rooms.set(k, []);
    rooms.get(k).push(s);
  }
  assert.equal(new Set(seated.map((s) => s.number)).size, 34, 'numbers are unique');
  for (const [k, list] of rooms) {
    assert.ok(list.length <= 24, `room ${k} holds ${list.length}`);
    assert.equal(new Set(list.map((s) => s.subjects)).size, 1, `room ${k} mixes combinations`);
    assert.deepEqual(list.map((s) => Number(s.seat)).sort((x, y) => x - y), list.map((_, i) => i + 1));
  }
  // near home: the 24 of the first full room sit at their own school's site
  const home = dbQuery(`SELECT id FROM exam_sites WHERE session_id = ${session.id} AND code = 'F1'`)[0][0];
  assert.ok(seated.filter((s) => s.site === home && s.subjects === A.slice().sort().join(',')).length >= 24);
});

test('the candidate sees their number, site, room and seat in the registration', async () => {
  const r = regs.a[0];
  const s = seats(session.id).find((x) => x.id === r.id);
  const res = await api('GET', `/api/v1/exams/registrations/${r.id}`, { token: officer.token });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.candidate_number, s.number);
  assert.equal(res.json.room, Number(s.room));
  assert.equal(res.json.seat, Number(s.seat));
  assert.ok(res.json.site, 'the site is named');
});

test('assigning again gives the same seats and numbers', async () => {
  const before1 = seats(session.id);
  const res = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.changed, 0, 'nothing to write');
  assert.deepEqual(seats(session.id), before1);
});

test('the rooms list: one item per site and room, counts that add up', async () => {
  const res = await api('GET', `/api/v1/exams/sessions/${session.id}/rooms`, { token: root });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.items.length, 3);
  assert.equal(res.json.items.reduce((n, it) => n + it.candidates, 0), 34);
  for (const it of res.json.items) {
    assert.ok(it.candidates >= 1 && it.candidates <= 24);
    assert.match(it.first_number, /^01\d{6}$/);
    assert.ok(it.first_number <= it.last_number);
    assert.equal(it.council, '01');
  }
  assert.match(res.json.assigned_at, /\+07:00$/);
  const other = await userWithRole('school_admin', (await vnProvince()).school);
  assertProblem(await api('GET', `/api/v1/exams/sessions/${session.id}/rooms`, { token: other.token }), 404, 'not_found');
});

test('a council short of rooms: 409 not_enough_rooms with the numbers, nothing seated', async () => {
  const o = await vnProvince();
  const s = await openSession(o, { sites: [{ code: 'S1', council: '01', school: o.school, rooms: 1 }] });
  const off = await userWithRole('school_admin', o.school);
  // two combinations need two rooms; the council has one
  const x = [...await registered(s, o.school, off.token, 1, A), ...await registered(s, o.school, off.token, 1, B)];
  for (const r of x) await review(r.id, off.token);
  await close(s);
  const res = await api('POST', `/api/v1/exams/sessions/${s.id}/assign`, { token: root });
  assertProblem(res, 409, 'not_enough_rooms', 'sites');
  assert.equal(res.json.rooms_needed, 2);
  assert.match(res.json.detail, /Council 01 has 2 confirmed candidates, who need 2 rooms .* its sites have 1 rooms/);
  assert.equal(seats(s.id).filter((r) => r.number).length, 0);
});
