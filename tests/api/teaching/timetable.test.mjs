// The weekly timetable: a class's week replaced whole, views per class,
// teacher and student, teacher and room clashes (also when two writes race),
// scope and the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, school as makeSchool, studentAccount, studentBody, userWithRole, vnCccd } from '../lib.mjs';
import { vnClass } from '../teaching.mjs';
import { conforms } from '../conform.mjs';

const put = (token, id, periods) => api('PUT', `/api/v1/classes/${id}/timetable`, { token, body: { periods } });
const week = (token, id) => api('GET', `/api/v1/classes/${id}/timetable`, { token });
const teacherWeek = (token, username, year = '2025-2026') => api('GET', `/api/v1/timetable?teacher=${username}${year ? `&school_year=${year}` : ''}`, { token });
const slots = (res) => res.json.periods.map((p) => [p.weekday, p.period, p.subject, p.teacher, p.room]);

async function giveSubjects(token, clsId, teacher, subjects = ['TOAN', 'VAN']) {
  for (const subject of subjects) {
    const r = await api('POST', `/api/v1/classes/${clsId}/subjects`, { token, body: { subject, teacher } });
    assert.equal(r.status, 200, r.text);
  }
}

/** Another class of the same school and year, with its subjects. */
async function secondClass(token, school, name, teacher) {
  const r = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name, grade: 6, school_year: '2025-2026' } });
  assert.equal(r.status, 201, r.text);
  await giveSubjects(token, r.json.id, teacher);
  return r.json;
}

test('the school sets a class\'s week; its teachers read it; a new week replaces the old one whole', async () => {
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username);
  const principal = await userWithRole('school_admin', school);
  const res = await put(principal.token, cls.id, [
    { weekday: 3, period: 4, subject: 'TOAN', teacher: teacher.username, room: ' ۱۰۲  ' },
    { weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' },
    { weekday: 1, period: 2, subject: 'VAN', teacher: null, room: null },
  ]);
  assert.equal(res.status, 200, res.text);
  conforms(res, 'PUT', '/api/v1/classes/{id}/timetable');
  assert.equal(res.json.class, cls.id);
  assert.equal(res.json.school_year, '2025-2026');
  // By weekday and period; the room stored normalised (ASCII digits, trimmed).
  assert.deepEqual(slots(res), [
    [1, 1, 'TOAN', teacher.username, '101'],
    [1, 2, 'VAN', null, null],
    [3, 4, 'TOAN', teacher.username, '102'],
  ]);
  assert.equal(res.json.periods[0].subject_name, 'Toán');
  assert.equal(res.json.periods[0].subject_name_en, 'Mathematics');
  const read = await week(teacher.token, cls.id);
  assert.equal(read.status, 200, read.text);
  conforms(read, 'GET', '/api/v1/classes/{id}/timetable');
  assert.deepEqual(read.json, res.json);
  const again = await put(token, cls.id, [{ weekday: 5, period: 6, subject: 'VAN', teacher: teacher.username }]);
  assert.deepEqual(slots(again), [[5, 6, 'VAN', teacher.username, null]]);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM timetable WHERE class_id = ${cls.id}`), [['1']]);
  const empty = await put(token, cls.id, []);
  assert.deepEqual(empty.json.periods, []);
});

test('a teacher\'s week lists every class they teach; staff of a school see the periods there', async () => {
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username);
  const b = await secondClass(token, school, '6B', teacher.username);
  assert.equal((await put(token, cls.id, [{ weekday: 2, period: 1, subject: 'TOAN', teacher: teacher.username, room: 'A1' }])).status, 200);
  assert.equal((await put(token, b.id, [{ weekday: 1, period: 3, subject: 'VAN', teacher: teacher.username, room: 'A2' }])).status, 200);
  // The same teacher also teaches at a second school.
  const far = await vnClass(token, { students: 1, cls: '6C' });
  const roleThere = dbQuery(`SELECT id FROM orgs WHERE code = '${far.school}'`)[0][0];
  const uid = dbQuery(`SELECT id FROM users WHERE username = '${teacher.username}'`)[0][0];
  dbQuery(`INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES (${uid}, 'teacher', ${roleThere}, 0)`);
  await giveSubjects(token, far.cls.id, teacher.username, ['TOAN']);
  assert.equal((await put(token, far.cls.id, [{ weekday: 4, period: 2, subject: 'TOAN', teacher: teacher.username }])).status, 200);
  const mine = await teacherWeek(teacher.token, teacher.username);
  assert.equal(mine.status, 200, mine.text);
  conforms(mine, 'GET', '/api/v1/timetable');
  assert.deepEqual(mine.json.periods.map((p) => [p.weekday, p.period, p.class, p.class_name, p.school]), [
    [1, 3, b.id, '6B', school],
    [2, 1, cls.id, '6A', school],
    [4, 2, far.cls.id, '6C', far.school],
  ]);
  // The principal of the first school sees the two periods there, not the other school's.
  const principal = await userWithRole('school_admin', school);
  const seen = await teacherWeek(principal.token, teacher.username);
  assert.deepEqual(seen.json.periods.map((p) => p.class).sort(), [cls.id, b.id].sort());
  // Staff of a school the teacher does not teach at: no such teacher.
  const stranger = await userWithRole('school_admin', (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school);
  assertProblem(await teacherWeek(stranger.token, teacher.username), 404, 'not_found');
  assertProblem(await teacherWeek(principal.token, 'nobody-here'), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/timetable', { token: principal.token }), 422, 'required', 'teacher');
  // Another school year holds nothing.
  assert.deepEqual((await teacherWeek(teacher.token, teacher.username, '2024-2025')).json.periods, []);
  // Without school_year: the year under way in Vietnam (it starts on 5 September).
  const vnToday = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const y = Number(vnToday.slice(0, 4));
  const current = vnToday >= `${y}-09-05` ? y : y - 1;
  assert.equal((await teacherWeek(teacher.token, teacher.username, null)).json.school_year, `${current}-${current + 1}`);
  // Guardians have no teacher views.
  const g = await userWithRole('guardian');
  assertProblem(await teacherWeek(g.token, teacher.username), 403);
});

test('a teacher or a room in two places at once is 409 naming the other class, and nothing changes', async () => {
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username);
  const b = await secondClass(token, school, '6B', teacher.username);
  const other = await userWithRole('teacher', school);
  await giveSubjects(token, b.id, other.username, ['TOAN']);
  assert.equal((await put(token, cls.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' }])).status, 200);
  const before = [[2, 2, 'VAN', null, null]];
  assert.equal((await put(token, b.id, [{ weekday: 2, period: 2, subject: 'VAN' }])).status, 200);
  const t = await put(token, b.id, [{ weekday: 2, period: 2, subject: 'VAN' }, { weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '202' }]);
  assertProblem(t, 409, 'teacher_clash', 'periods[1]');
  conforms(t, 'PUT', '/api/v1/classes/{id}/timetable');
  assert.match(t.json.detail, /6A/);
  assert.equal(t.json.other_class, cls.id);
  const r = await put(token, b.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: other.username, room: '101' }]);
  assertProblem(r, 409, 'room_clash', 'periods[0]');
  assert.match(r.json.detail, /101.*6A/);
  assert.equal(r.json.other_class, cls.id);
  // Teacher and room both taken: the teacher is named first.
  assertProblem(await put(token, b.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' }]), 409, 'teacher_clash', 'periods[0]');
  assert.deepEqual(slots(await week(token, b.id)), before);
  // Another time, another room, a class's own slots: no clash.
  assert.equal((await put(token, b.id, [{ weekday: 1, period: 2, subject: 'TOAN', teacher: teacher.username, room: '101' }])).status, 200);
  assert.equal((await put(token, cls.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' }])).status, 200);
  // A room of the same name at another school is another room.
  const far = await vnClass(token, { students: 1 });
  await giveSubjects(token, far.cls.id, far.teacher.username, ['TOAN']);
  assert.equal((await put(token, far.cls.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: far.teacher.username, room: '101' }])).status, 200);
  // The same teacher at another school at the same time is a clash, naming that school.
  const uid = dbQuery(`SELECT id FROM users WHERE username = '${teacher.username}'`)[0][0];
  const farId = dbQuery(`SELECT id FROM orgs WHERE code = '${far.school}'`)[0][0];
  dbQuery(`INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES (${uid}, 'teacher', ${farId}, 0)`);
  const across = await put(token, far.cls.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username }]);
  assertProblem(across, 409, 'teacher_clash', 'periods[0]');
  assert.ok(across.json.detail.includes(school), across.json.detail);
  // Another school year is another week.
  const next = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '6A', grade: 6, school_year: '2026-2027' } });
  await giveSubjects(token, next.json.id, teacher.username, ['TOAN']);
  assert.equal((await put(token, next.json.id, [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' }])).status, 200);
});

test('concurrent weeks for one slot: one wins, the others get the same 409 naming it', async () => {
  // On PostgreSQL (several writers) some of these race past the domain's
  // check and are refused by the unique index; the answer must not differ.
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username, ['TOAN']);
  const classes = [cls];
  for (let i = 0; i < 15; i++) classes.push(await secondClass(token, school, `6R${i}`, teacher.username));
  const uid = dbQuery(`SELECT id FROM users WHERE username = '${teacher.username}'`)[0][0];
  for (let round = 1; round <= 4; round++) {
    const answers = await Promise.all(classes.map(async (c, i) => {
      await new Promise((resolve) => setTimeout(resolve, i % 5));
      return put(token, c.id, [{ weekday: round, period: 7, subject: 'TOAN', teacher: teacher.username }]);
    }));
    const won = answers.filter((a) => a.status === 200);
    assert.equal(won.length, 1, answers.map((a) => a.status).join(','));
    const winner = won[0].json.class;
    for (const a of answers.filter((x) => x.status !== 200)) {
      assertProblem(a, 409, 'teacher_clash', 'periods[0]');
      assert.equal(a.json.other_class, winner, a.text);
    }
    const slot = dbQuery(`SELECT class_id FROM timetable WHERE weekday = ${round} AND period = 7 AND teacher_id = ${uid}`);
    assert.deepEqual(slot, [[String(winner)]]);
  }
});

test('bad input is 422 with the field, and the week is unchanged', async () => {
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username, ['TOAN']);
  const ok = { weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username, room: '101' };
  assert.equal((await put(token, cls.id, [ok])).status, 200);
  const away = await userWithRole('teacher', (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school);
  const cases = [
    [[{ ...ok, weekday: 8 }], undefined, 'periods[0].weekday'],
    [[{ ...ok, weekday: undefined }], 'required', 'periods[0].weekday'],
    [[ok, { ...ok, period: 0 }], undefined, 'periods[1].period'],
    [[{ ...ok, period: 13 }], undefined, 'periods[0].period'],
    [[{ ...ok, subject: 'MATH' }], 'unknown_subject', 'periods[0].subject'],
    [[{ ...ok, subject: 'VAN' }], 'subject_not_in_class', 'periods[0].subject'],
    [[{ ...ok, teacher: away.username }], 'unknown_teacher', 'periods[0].teacher'],
    [[{ ...ok, teacher: 'no-such-user' }], 'unknown_teacher', 'periods[0].teacher'],
    [[{ ...ok, room: 'x'.repeat(33) }], 'too_long', 'periods[0].room'],
    [[{ ...ok, room: 7 }], 'type', 'periods[0].room'],
    [[ok, { ...ok, period: 2 }, { ...ok, room: '102' }], 'duplicate', 'periods[2]'],
    [['x'], 'type', 'periods[0]'],
  ];
  for (const [periods, code, field] of cases) {
    assertProblem(await put(token, cls.id, periods), 422, code, field);
  }
  assertProblem(await api('PUT', `/api/v1/classes/${cls.id}/timetable`, { token, body: {} }), 422, 'required', 'periods');
  assertProblem(await put(token, cls.id, Array.from({ length: 85 }, () => ok)), 422, 'count', 'periods');
  assert.deepEqual(slots(await week(token, cls.id)), [[1, 1, 'TOAN', teacher.username, '101']]);
  assert.ok(school);
});

test('only the school\'s administration sets a week; the class\'s teachers read it', async () => {
  const token = await admin();
  const { school, cls, teacher } = await vnClass(token, { students: 1 });
  await giveSubjects(token, cls.id, teacher.username, ['TOAN']);
  const p = [{ weekday: 1, period: 1, subject: 'TOAN', teacher: teacher.username }];
  assertProblem(await put(teacher.token, cls.id, p), 403);
  const other = await userWithRole('teacher', school);
  assertProblem(await week(other.token, cls.id), 403, 'forbidden');
  const farAdmin = await userWithRole('school_admin', (await makeSchool(token, { country: 'VN', level: 'lower_secondary' })).school);
  assertProblem(await put(farAdmin.token, cls.id, p), 404, 'not_found');
  assertProblem(await week(farAdmin.token, cls.id), 404, 'not_found');
  assertProblem(await put(token, 999999999, p), 404, 'not_found');
  assert.deepEqual((await week(token, cls.id)).json.periods, []);
  const g = await userWithRole('guardian');
  assertProblem(await week(g.token, cls.id), 403);
});

test('a student\'s week: guardians their linked child\'s, a student their own; each read is on record', async () => {
  const token = await admin();
  const { school, cls, ids, teacher } = await vnClass(token, { students: 2 });
  await giveSubjects(token, cls.id, teacher.username, ['TOAN']);
  assert.equal((await put(token, cls.id, [{ weekday: 2, period: 3, subject: 'TOAN', teacher: teacher.username, room: 'P.12' }])).status, 200);
  const g = await userWithRole('guardian');
  assert.equal((await api('POST', `/api/v1/students/${ids[0]}/guardians`, { token, body: { username: g.username, relation: 'mother' } })).status, 201);
  const read = (tok, id) => api('GET', `/api/v1/students/${id}/timetable`, { token: tok });
  const mine = await read(g.token, ids[0]);
  assert.equal(mine.status, 200, mine.text);
  conforms(mine, 'GET', '/api/v1/students/{id}/timetable');
  assert.deepEqual([mine.json.student, mine.json.class, mine.json.class_name, mine.json.school_year], [ids[0], cls.id, '6A', '2025-2026']);
  assert.deepEqual(slots(mine), [[2, 3, 'TOAN', teacher.username, 'P.12']]);
  const theirs = await read(g.token, ids[1]);
  assertProblem(theirs, 404, 'not_found');
  assert.deepEqual((await read(g.token, 999999999)).json, theirs.json);
  const stu = await studentAccount(ids[1]);
  assert.equal((await read(stu.token, ids[1])).json.class, cls.id);
  assertProblem(await read(stu.token, ids[0]), 404, 'not_found');
  assert.equal((await read(teacher.token, ids[0])).status, 200);
  // A student enrolled without a class has no week.
  const lone = await api('POST', '/api/v1/students', { token, body: studentBody(school, { country: 'VN', national_id: vnCccd(2013, 'M'), birth_date: '2013-05-06', sex: 'M', grade: 6 }) });
  assert.equal(lone.status, 201, lone.text);
  const none = await read(token, lone.json.id);
  assert.deepEqual([none.status, none.json.class, none.json.periods], [200, null, []]);
  const entries = (await api('GET', `/api/v1/audit?student=${ids[0]}&limit=500`, { token })).json.items.filter((i) => i.action === 'timetable.read');
  assert.deepEqual(entries.filter((i) => i.username === g.username).map((i) => [i.allowed, i.role]), [[true, 'guardian']]);
  assert.deepEqual(entries.filter((i) => i.username === stu.username).map((i) => i.allowed), [false]);
  assert.deepEqual(entries.filter((i) => i.username === teacher.username).map((i) => [i.allowed, i.role]), [[true, 'teacher']]);
});
