// Attendance: a whole class in one request (per day or per period), the
// class's marks for a date, a student's year with totals per term, the
// recorded corrections, scope and the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, school as makeSchool, studentAccount, studentBody, userWithRole } from '../lib.mjs';
import { vnClass } from '../teaching.mjs';
import { conforms } from '../conform.mjs';

const take = (token, id, body) => api('POST', `/api/v1/classes/${id}/attendance`, { token, body });
const marks = (token, id, date, period) => api('GET', `/api/v1/classes/${id}/attendance?date=${date}${period ? `&period=${period}` : ''}`, { token });
const trail = async (id) => (await api('GET', `/api/v1/audit?student=${id}&limit=500`, { token: await admin() })).json.items;

/** An Iranian primary school with a class 4A of `students` students for 2025-2026. */
async function irClass(token, students = 2) {
  const { school } = await makeSchool(token, { country: 'IR', level: 'primary' });
  const teacher = await userWithRole('teacher', school);
  const ids = [];
  for (let i = 0; i < students; i++) {
    const r = await api('POST', '/api/v1/students', { token, body: studentBody(school, { class: '4A' }) });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const c = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '4A', grade: 4, school_year: '2025-2026', homeroom_teacher: teacher.username } });
  assert.equal(c.status, 201, c.text);
  return { school, teacher, ids, cls: c.json };
}

test('the homeroom teacher takes a whole class in one request; the class\'s marks show every student', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await vnClass(token, { students: 3 });
  const t = teacher.token;
  const saved = await take(t, cls.id, {
    date: '2025-11-20', period: null,
    entries: [{ student: ids[0], status: 'present' }, { student: ids[1], status: 'absent_excused', note: 'Ốm, có giấy' }],
  });
  assert.equal(saved.status, 200, saved.text);
  assert.deepEqual(saved.json, { class: cls.id, date: '2025-11-20', period: null, saved: 2, changed: 2 });
  conforms(saved, 'POST', '/api/v1/classes/{id}/attendance');
  const day = await marks(t, cls.id, '2025-11-20');
  assert.equal(day.status, 200, day.text);
  conforms(day, 'GET', '/api/v1/classes/{id}/attendance');
  assert.equal(day.json.period, null);
  assert.deepEqual(day.json.entries.map((e) => e.student).sort(), [...ids].sort());
  const by = Object.fromEntries(day.json.entries.map((e) => [e.student, e]));
  assert.deepEqual([by[ids[0]].status, by[ids[0]].note], ['present', null]);
  assert.deepEqual([by[ids[1]].status, by[ids[1]].note], ['absent_excused', 'Ốm, có giấy']);
  assert.deepEqual([by[ids[2]].status, by[ids[2]].note], [null, null]);
  assert.equal(typeof by[ids[2]].given_name, 'string');
  // Periods are apart from the day: period 3 is not taken yet ...
  const p3 = await marks(t, cls.id, '2025-11-20', 3);
  assert.equal(p3.json.period, 3);
  assert.ok(p3.json.entries.every((e) => e.status === null), p3.text);
  // ... until it is; the day's marks stay as they were.
  const late = await take(t, cls.id, { date: '2025-11-20', period: 3, entries: ids.map((student) => ({ student, status: 'late' })) });
  assert.deepEqual([late.json.period, late.json.saved, late.json.changed], [3, 3, 3]);
  assert.ok((await marks(t, cls.id, '2025-11-20', 3)).json.entries.every((e) => e.status === 'late'));
  assert.equal((await marks(t, cls.id, '2025-11-20')).json.entries.find((e) => e.student === ids[0]).status, 'present');
  // Dates may be typed with Persian digits.
  const fa = await marks(t, cls.id, '۲۰۲۵-۱۱-۲۰', 3);
  assert.equal(fa.json.date, '2025-11-20');
});

test('a changed mark is recorded in attendance_changes and audited; an unchanged one is not rewritten', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await vnClass(token, { students: 3 });
  const t = teacher.token;
  const all = (statuses, notes = []) => take(t, cls.id, { date: '2025-12-01', entries: ids.map((student, i) => ({ student, status: statuses[i], note: notes[i] })) });
  assert.equal((await all(['present', 'present', 'present'])).json.changed, 3);
  const second = await all(['present', 'absent_unexcused', 'present']);
  assert.equal(second.status, 200, second.text);
  assert.deepEqual([second.json.saved, second.json.changed], [3, 1]);
  assert.equal((await all(['present', 'absent_unexcused', 'present'])).json.changed, 0);
  // A note alone rewrites the mark (and is audited) but is no status change.
  assert.equal((await all(['present', 'absent_unexcused', 'present'], [undefined, 'Không phép'])).json.changed, 1);
  const changes = dbQuery(`SELECT person_id, date, period, old_status, new_status, changed_by FROM attendance_changes WHERE person_id IN (${ids.join(',')}) ORDER BY id`);
  const uid = dbQuery(`SELECT id FROM users WHERE username = '${teacher.username}'`)[0][0];
  assert.deepEqual(changes, [[String(ids[1]), '2025-12-01', '0', 'present', 'absent_unexcused', uid]]);
  const stored = dbQuery(`SELECT status, note, class_id FROM attendance WHERE person_id = ${ids[1]} AND date = '2025-12-01' AND period = 0`);
  assert.deepEqual(stored, [['absent_unexcused', 'Không phép', String(cls.id)]]);
  const updates = async (id) => (await trail(id)).filter((i) => i.action === 'attendance.update' && i.username === teacher.username);
  assert.equal((await updates(ids[0])).length, 1);
  const changed = await updates(ids[1]);
  assert.equal(changed.length, 3);
  assert.ok(changed.every((i) => i.allowed && i.role === 'teacher'));
  const subjects = dbQuery(`SELECT DISTINCT subject FROM audit_log WHERE action = 'attendance.update' AND person_id = ${ids[1]}`);
  assert.deepEqual(subjects, [[`class:${cls.id} 2025-12-01 day`]]);
});

test('bad input is 422 with the code and field, and changes nothing', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await vnClass(token, { students: 2 });
  const t = teacher.token;
  const one = (over = {}, entry = {}) => take(t, cls.id, { date: '2025-11-03', entries: [{ student: ids[0], status: 'present' }, { student: ids[1], status: 'late', ...entry }], ...over });
  assertProblem(await one({}, { status: 'absent' }), 422, 'unknown_value', 'entries[1].status');
  assertProblem(await one({}, { status: 1 }), 422, 'type', 'entries[1].status');
  assertProblem(await one({}, { status: undefined }), 422, 'required', 'entries[1].status');
  assertProblem(await one({}, { student: 999999999 }), 422, 'not_in_class', 'entries[1].student');
  assertProblem(await one({}, { student: ids[0] }), 422, 'duplicate', 'entries[1].student');
  assertProblem(await one({}, { student: 'x' }), 422, 'type', 'entries[1].student');
  assertProblem(await one({}, { note: 'n'.repeat(501) }), 422, 'too_long', 'entries[1].note');
  assertProblem(await one({ date: '2025-13-01' }), 422, 'invalid', 'date');
  assertProblem(await one({ date: undefined }), 422, 'required', 'date');
  // The day after tomorrow where the school is: not yet come.
  const future = new Date(Date.now() + 7 * 3600e3 + 2 * 86400e3).toISOString().slice(0, 10);
  assertProblem(await one({ date: future }), 422, 'future', 'date');
  // Before 5 September 2025 and after 31 May 2026: outside 2025-2026 in Vietnam.
  assertProblem(await one({ date: '2025-09-04' }), 422, 'outside_school_year', 'date');
  assertProblem(await one({ date: '2026-06-01' }), 422, 'outside_school_year', 'date');
  assertProblem(await one({ period: 13 }), 422, undefined, 'period');
  assertProblem(await one({ period: 0 }), 422, undefined, 'period');
  assertProblem(await take(t, cls.id, { date: '2025-11-03', entries: [] }), 422, 'count', 'entries');
  assertProblem(await take(t, cls.id, { date: '2025-11-03' }), 422, 'required', 'entries');
  assertProblem(await marks(t, cls.id, 'yesterday'), 422, 'invalid', 'date');
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}/attendance`, { token: t }), 422, 'required', 'date');
  // Reading a day that has not come, or outside the class's year, is refused the same way.
  assertProblem(await marks(t, cls.id, future), 422, 'future', 'date');
  assertProblem(await marks(t, cls.id, '2026-06-01'), 422, 'outside_school_year', 'date');
  assertProblem(await marks(t, cls.id, '2025-11-03', 13), 422, 'out_of_range', 'period');
  // Nothing was stored, nothing recorded.
  assert.deepEqual(dbQuery(`SELECT count(*) FROM attendance WHERE class_id = ${cls.id}`), [['0']]);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'attendance.update' AND person_id IN (${ids.join(',')})`), [['0']]);
  // The first and last days of the school year are days of it.
  assert.equal((await one({ date: '2025-09-05' })).status, 200);
  assert.equal((await one({ date: '2026-05-31' })).status, 200);
});

test('the class\'s teachers and the school\'s administration take attendance; others are refused and recorded', async () => {
  const token = await admin();
  const { school, cls, ids } = await vnClass(token, { students: 2 });
  const body = { date: '2025-10-06', entries: [{ student: ids[0], status: 'present' }] };
  const subjectTeacher = await userWithRole('teacher', school);
  assert.equal((await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token, body: { subject: 'TOAN', teacher: subjectTeacher.username } })).status, 200);
  assert.equal((await take(subjectTeacher.token, cls.id, body)).status, 200);
  const principal = await userWithRole('school_admin', school);
  assert.equal((await take(principal.token, cls.id, { ...body, period: 1 })).status, 200);
  assert.equal((await marks(principal.token, cls.id, '2025-10-06')).status, 200);
  // A teacher of the school who does not teach the class: 403, on record.
  const other = await userWithRole('teacher', school);
  assertProblem(await take(other.token, cls.id, { ...body, entries: [{ student: ids[0], status: 'absent_unexcused' }] }), 403, 'forbidden');
  assertProblem(await marks(other.token, cls.id, '2025-10-06'), 403, 'forbidden');
  const refused = dbQuery(`SELECT action FROM audit_log WHERE username = '${other.username}' AND allowed = 0 AND subject = 'class:${cls.id}' ORDER BY seq`);
  assert.deepEqual(refused.map((r) => r[0]), ['attendance.update', 'attendance.read']);
  // Outside the caller's reach the class does not exist.
  const away = await userWithRole('teacher', (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school);
  assertProblem(await take(away.token, cls.id, body), 404, 'not_found');
  assertProblem(await marks(away.token, cls.id, '2025-10-06'), 404, 'not_found');
  assertProblem(await take(token, 999999999, body), 404, 'not_found');
  // Guardians and students never take attendance.
  const g = await userWithRole('guardian');
  assertProblem(await take(g.token, cls.id, body), 403);
  // The refused writes changed nothing.
  assert.deepEqual(dbQuery(`SELECT status FROM attendance WHERE person_id = ${ids[0]} AND date = '2025-10-06' AND period = 0`), [['present']]);
  // Reading the class's marks: one entry per student shown.
  const reads = (await trail(ids[1])).filter((i) => i.action === 'attendance.read' && i.username === principal.username);
  assert.deepEqual(reads.map((i) => i.allowed), [true]);
});

test('a student\'s year: totals per term (Vietnam: term I to 17 January) and records newest first', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await vnClass(token, { students: 2 });
  const t = teacher.token;
  for (const [date, period, status] of [['2025-10-01', null, 'present'], ['2026-01-17', null, 'late'], ['2026-01-18', null, 'absent_excused'], ['2026-03-02', 2, 'absent_unexcused'], ['2026-03-02', null, 'present']]) {
    const r = await take(t, cls.id, { date, period, entries: [{ student: ids[0], status, note: status === 'absent_excused' ? 'Giấy phép' : undefined }] });
    assert.equal(r.status, 200, r.text);
  }
  const res = await api('GET', `/api/v1/students/${ids[0]}/attendance`, { token: t });
  assert.equal(res.status, 200, res.text);
  conforms(res, 'GET', '/api/v1/students/{id}/attendance');
  assert.equal(res.json.student, ids[0]);
  assert.equal(res.json.school_year, '2025-2026');
  assert.deepEqual(res.json.terms, [
    { term: 1, present: 1, late: 1, absent_excused: 0, absent_unexcused: 0 },
    { term: 2, present: 1, late: 0, absent_excused: 1, absent_unexcused: 1 },
  ]);
  assert.deepEqual(res.json.records.map((r) => [r.date, r.period, r.status, r.note]), [
    ['2026-03-02', 2, 'absent_unexcused', null],
    ['2026-03-02', null, 'present', null],
    ['2026-01-18', null, 'absent_excused', 'Giấy phép'],
    ['2026-01-17', null, 'late', null],
    ['2025-10-01', null, 'present', null],
  ]);
  assert.ok(res.json.records.every((r) => r.class === cls.id));
  // Another school year holds nothing; a bad one is 422.
  const before = await api('GET', `/api/v1/students/${ids[0]}/attendance?school_year=2024-2025`, { token: t });
  assert.deepEqual(before.json.records, []);
  assert.deepEqual(before.json.terms.map((x) => x.present + x.late + x.absent_excused + x.absent_unexcused), [0, 0]);
  assertProblem(await api('GET', `/api/v1/students/${ids[0]}/attendance?school_year=2025`, { token: t }), 422, 'invalid', 'school_year');
  // The other student has no marks.
  const none = await api('GET', `/api/v1/students/${ids[1]}/attendance`, { token: t });
  assert.deepEqual(none.json.records, []);
});

test('Iran: term 1 ends on 30 Dey, the year starts on 1 Mehr', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await irClass(token, 1);
  const t = teacher.token;
  const one = (date, status) => take(t, cls.id, { date, entries: [{ student: ids[0], status }] });
  // 31 Shahrivar 1404 = 2025-09-22, the day before the school year.
  assertProblem(await one('2025-09-22', 'present'), 422, 'outside_school_year', 'date');
  for (const [date, status] of [['2025-09-23', 'present'], ['2026-01-20', 'late'], ['2026-01-21', 'absent_unexcused']]) {
    const r = await one(date, status);
    assert.equal(r.status, 200, r.text);
  }
  const res = await api('GET', `/api/v1/students/${ids[0]}/attendance`, { token: t });
  assert.equal(res.status, 200, res.text);
  // 30 Dey 1404 = 2026-01-20 is the last day of term 1; 1 Bahman = 2026-01-21.
  assert.deepEqual(res.json.terms, [
    { term: 1, present: 1, late: 1, absent_excused: 0, absent_unexcused: 0 },
    { term: 2, present: 0, late: 0, absent_excused: 0, absent_unexcused: 1 },
  ]);
});

test('a guardian reads their linked child\'s attendance, a student their own; each read is on record', async () => {
  const token = await admin();
  const { school, cls, ids, teacher } = await vnClass(token, { students: 2 });
  assert.equal((await take(teacher.token, cls.id, { date: '2025-11-10', entries: ids.map((student) => ({ student, status: 'late' })) })).status, 200);
  const g = await userWithRole('guardian');
  assert.equal((await api('POST', `/api/v1/students/${ids[0]}/guardians`, { token, body: { username: g.username, relation: 'father' } })).status, 201);
  const read = (tok, id) => api('GET', `/api/v1/students/${id}/attendance`, { token: tok });
  const mine = await read(g.token, ids[0]);
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.records.map((r) => r.status), ['late']);
  const theirs = await read(g.token, ids[1]);
  assertProblem(theirs, 404, 'not_found');
  // The same answer as for no such student.
  assert.deepEqual((await read(g.token, 999999999)).json, theirs.json);
  const stu = await studentAccount(ids[1]);
  assert.equal((await read(stu.token, ids[1])).status, 200);
  assertProblem(await read(stu.token, ids[0]), 404, 'not_found');
  // Guardians do not read a class's marks.
  assertProblem(await marks(g.token, cls.id, '2025-11-10'), 403);
  const other = await userWithRole('teacher', school);
  assertProblem(await read(other.token, ids[0]), 404, 'not_found');
  const entries = (await trail(ids[0])).filter((i) => i.action === 'attendance.read');
  assert.deepEqual(entries.filter((i) => i.username === g.username).map((i) => [i.allowed, i.role]), [[true, 'guardian']]);
  assert.deepEqual(entries.filter((i) => i.username === stu.username).map((i) => i.allowed), [false]);
  assert.deepEqual(entries.filter((i) => i.username === other.username).map((i) => i.allowed), [false]);
});
