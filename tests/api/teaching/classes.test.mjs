// Subjects, classes, teacher assignments and class membership.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, school as makeSchool, studentBody, userWithRole, vnCccd } from '../lib.mjs';
import { vnClass } from '../teaching.mjs';
import { conforms } from '../conform.mjs';

test('reference subjects carry native and English names, scoring and units', async () => {
  const token = await admin();
  const vn = await api('GET', '/api/v1/subjects?country=VN&level=lower_secondary', { token });
  assert.equal(vn.status, 200);
  const toan = vn.json.items.find((s) => s.code === 'TOAN');
  assert.equal(toan.name, 'Toán');
  assert.equal(toan.name_en, 'Mathematics');
  assert.equal(toan.scored, true);
  assert.equal(vn.json.items.find((s) => s.code === 'GDTC').scored, false);
  const ir = await api('GET', '/api/v1/subjects?country=IR&level=upper_secondary', { token });
  const math = ir.json.items.find((s) => s.code === 'MATH');
  assert.equal(math.name, 'ریاضیات');
  assert.equal(math.units, 4);
  assert.ok(ir.json.items.every((s) => s.country === 'IR' && s.level === 'upper_secondary'));
});

test('a class is created with its homeroom teacher and lists its enrolled students', async () => {
  const token = await admin();
  const { school, teacher, ids, cls } = await vnClass(token);
  assert.equal(cls.homeroom_teacher, teacher.username);
  assert.equal(cls.policy, 'vn-tt22');
  assert.equal(cls.school_year, '2025-2026');
  assert.deepEqual(cls.students.map((s) => s.id).sort(), [...ids].sort());
  const list = await api('GET', `/api/v1/orgs/${school}/classes?school_year=2025-2026`, { token });
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((c) => c.id), [cls.id]);
  // The same name twice in one school year is a conflict.
  const again = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '6A', grade: 6, school_year: '2025-2026' } });
  assertProblem(again, 409, 'class_exists', 'name');
  // A grade the school does not teach.
  const bad = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '12A', grade: 12, school_year: '2025-2026' } });
  assertProblem(bad, 422, undefined, 'grade');
});

test('subjects are assigned with their teacher; an unknown subject or teacher is refused', async () => {
  const token = await admin();
  const { school, teacher, cls } = await vnClass(token, { students: 1 });
  const res = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token, body: { subject: 'TOAN', teacher: teacher.username } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.subjects.map((s) => [s.code, s.teacher]), [['TOAN', teacher.username]]);
  assertProblem(await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token, body: { subject: 'MATH' } }), 422, 'unknown_subject', 'subject');
  const other = await userWithRole('teacher', (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school);
  assertProblem(await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token, body: { subject: 'VAN', teacher: other.username } }), 422, 'unknown_teacher', 'teacher');
  const after = await api('GET', `/api/v1/classes/${cls.id}`, { token });
  assert.equal(after.json.subjects.length, 1);
  // A teacher cannot manage classes, even their own school's.
  assertProblem(await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: teacher.token, body: { subject: 'VAN' } }), 403);
  // A teacher of the school reads the class; one of another school does not see it.
  assert.equal((await api('GET', `/api/v1/classes/${cls.id}`, { token: teacher.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}`, { token: other.token }), 404);
  assert.ok(school);
});

test('students are placed in a class only from its school, grade and year, all or nothing', async () => {
  const token = await admin();
  const { school, ids, cls } = await vnClass(token, { students: 2 });
  const b = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '6B', grade: 6, school_year: '2025-2026' } });
  assert.equal(b.status, 201);
  const grade7 = await api('POST', '/api/v1/students', { token, body: studentBody(school, { country: 'VN', national_id: vnCccd(2012, 'M'), birth_date: '2012-01-02', sex: 'M', grade: 7 }) });
  assert.equal(grade7.status, 201, grade7.text);
  const refused = await api('POST', `/api/v1/classes/${b.json.id}/students`, { token, body: { students: [ids[0], grade7.json.id] } });
  assertProblem(refused, 422, 'not_enrolled_here', 'students[1]');
  assert.equal((await api('GET', `/api/v1/classes/${cls.id}`, { token })).json.students.length, 2);
  const moved = await api('POST', `/api/v1/classes/${b.json.id}/students`, { token, body: { students: [ids[0]] } });
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual(moved.json.students.map((s) => s.id), [ids[0]]);
  const student = await api('GET', `/api/v1/students/${ids[0]}`, { token });
  assert.equal(student.json.class, '6B');
});

test('the school changes a class\'s homeroom teacher; the old one loses the class, the new one gains it', async () => {
  const token = await admin();
  const { school, teacher, ids, cls } = await vnClass(token, { students: 1 });
  const next = await userWithRole('teacher', school);
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}`, { token: next.token }), 403, 'forbidden');
  const principal = await userWithRole('school_admin', school);
  const res = await api('PATCH', `/api/v1/classes/${cls.id}`, { token: principal.token, body: { homeroom: next.username } });
  assert.equal(res.status, 200, res.text);
  conforms(res, 'PATCH', '/api/v1/classes/{id}');
  assert.equal(res.json.homeroom_teacher, next.username);
  assert.deepEqual(res.json.students.map((s) => s.id), ids);
  assert.equal((await api('GET', `/api/v1/classes/${cls.id}`, { token: next.token })).status, 200);
  assert.equal((await api('GET', `/api/v1/students/${ids[0]}`, { token: next.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}`, { token: teacher.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/students/${ids[0]}`, { token: teacher.token }), 404, 'not_found');
  // The long name of the field works too, and null leaves the class without one.
  const back = await api('PATCH', `/api/v1/classes/${cls.id}`, { token, body: { homeroom_teacher: teacher.username } });
  assert.equal(back.json.homeroom_teacher, teacher.username);
  const none = await api('PATCH', `/api/v1/classes/${cls.id}`, { token, body: { homeroom_teacher: null } });
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.homeroom_teacher, null);
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}`, { token: teacher.token }), 403, 'forbidden');
});

test('a new homeroom teacher must teach at the class\'s school; only registrars in scope change it', async () => {
  const token = await admin();
  const { school, teacher, cls } = await vnClass(token, { students: 1 });
  const elsewhere = (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school;
  const outsider = await userWithRole('teacher', elsewhere);
  const notTeacher = await userWithRole('school_admin', school);
  const patch = (t, body) => api('PATCH', `/api/v1/classes/${cls.id}`, { token: t, body });
  assertProblem(await patch(token, { homeroom: outsider.username }), 422, 'unknown_teacher', 'homeroom');
  assertProblem(await patch(token, { homeroom_teacher: notTeacher.username }), 422, 'unknown_teacher', 'homeroom_teacher');
  assertProblem(await patch(token, { homeroom_teacher: 'no-such-user' }), 422, 'unknown_teacher', 'homeroom_teacher');
  assertProblem(await patch(token, {}), 422, 'required', 'homeroom_teacher');
  assertProblem(await patch(token, { homeroom_teacher: 5 }), 422, 'type', 'homeroom_teacher');
  assertProblem(await patch(token, { homeroom: teacher.username, homeroom_teacher: teacher.username }), 422, 'invalid', 'homeroom');
  // The class's own teacher may not; a registrar of another school does not see it.
  const other = await userWithRole('teacher', school);
  assertProblem(await patch(teacher.token, { homeroom: other.username }), 403);
  const away = await userWithRole('school_admin', elsewhere);
  assertProblem(await patch(away.token, { homeroom: other.username }), 404, 'not_found');
  assertProblem(await api('PATCH', '/api/v1/classes/999999999', { token, body: { homeroom: other.username } }), 404, 'not_found');
  const still = await api('GET', `/api/v1/classes/${cls.id}`, { token });
  assert.equal(still.json.homeroom_teacher, teacher.username);
});
