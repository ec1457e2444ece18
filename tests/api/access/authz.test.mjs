// The authorization matrix of issue 4: each role x (in scope | out of scope)
// x (read | list | write), on both backends. One mechanism decides
// (src/domain/access.c); out-of-scope reads are 404 and audited as refused.
// "In scope" for the teacher means a student of a class they teach (issue 6
// narrowed it from the whole school): the teacher here is A's homeroom
// teacher, and a teacher of the same school who does not teach A sees nothing.
// The routes of issue 6 (classes, grades, report cards, attendance, timetable,
// terms) have their own rows below: in scope is A's class 4A at home (the
// teacher its homeroom teacher and its teacher of FA), out of scope B's class
// at away.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, uniq, school, studentAccount, studentBody, userWithRole, vnCccd } from '../lib.mjs';
import { candidates, openSession, png, register, student, vnProvince } from '../exams/review_setup.mjs';

let home, away;      // two schools under different ministries
let A, B;            // a student at home, one away
let homeCls, awayCls; // their classes (ids)
let awayTeacher;     // a teacher at away only
const who = {};      // role -> { username, token }

before(async () => {
  const root = await admin();
  home = await school(root, { level: 'primary' });
  away = await school(root, { level: 'primary' });
  A = (await api('POST', '/api/v1/students', { token: root, body: studentBody(home.school) })).json;
  B = (await api('POST', '/api/v1/students', { token: root, body: studentBody(away.school) })).json;
  assert.ok(A.id && B.id);
  who.ministry_admin = await userWithRole('ministry_admin', home.ministry);
  who.province_officer = await userWithRole('province_officer', home.province);
  who.district_officer = await userWithRole('district_officer', home.district);
  who.school_admin = await userWithRole('school_admin', home.school);
  who.teacher = await userWithRole('teacher', home.school);
  const cls = await api('POST', `/api/v1/orgs/${home.school}/classes`, { token: root, body: { name: '4A', grade: 4, school_year: '2025-2026', homeroom_teacher: who.teacher.username } });
  assert.equal(cls.status, 201, cls.text);
  const placed = await api('POST', `/api/v1/classes/${cls.json.id}/students`, { token: root, body: { students: [A.id] } });
  assert.deepEqual(placed.json.students.map((s) => s.id), [A.id]);
  homeCls = cls.json.id;
  const fa = await api('POST', `/api/v1/classes/${homeCls}/subjects`, { token: root, body: { subject: 'FA', teacher: who.teacher.username } });
  assert.equal(fa.status, 200, fa.text);
  awayTeacher = await userWithRole('teacher', away.school);
  const ac = await api('POST', `/api/v1/orgs/${away.school}/classes`, { token: root, body: { name: '4A', grade: 4, school_year: '2025-2026', homeroom_teacher: awayTeacher.username } });
  assert.equal(ac.status, 201, ac.text);
  awayCls = ac.json.id;
  const bPlaced = await api('POST', `/api/v1/classes/${awayCls}/students`, { token: root, body: { students: [B.id] } });
  assert.deepEqual(bPlaced.json.students.map((s) => s.id), [B.id]);
  const bFa = await api('POST', `/api/v1/classes/${awayCls}/subjects`, { token: root, body: { subject: 'FA', teacher: awayTeacher.username } });
  assert.equal(bFa.status, 200, bFa.text);
  who.guardian = await userWithRole('guardian');
  who.candidate = await userWithRole('candidate');
  const link = await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { username: who.guardian.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  who.student = await studentAccount(A.id);
});

const REGISTRARS = ['ministry_admin', 'province_officer', 'district_officer', 'school_admin'];
const STAFF = [...REGISTRARS, 'teacher'];
const ROLES = [...STAFF, 'guardian', 'student', 'candidate'];
const canRead = new Set([...STAFF, 'guardian', 'student']);

for (const role of ROLES) {
  test(`${role}: read in scope ${canRead.has(role) ? 200 : 404}, out of scope 404`, async () => {
    const t = who[role].token;
    const mine = await api('GET', `/api/v1/students/${A.id}`, { token: t });
    if (canRead.has(role)) {
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.id, A.id);
    } else {
      assertProblem(mine, 404, 'not_found');
    }
    const theirs = await api('GET', `/api/v1/students/${B.id}`, { token: t });
    assertProblem(theirs, 404, 'not_found');
    // The same answer as for a student that does not exist.
    const none = await api('GET', '/api/v1/students/999999999', { token: t });
    assert.equal(none.status, 404);
    assert.deepEqual(none.json, theirs.json);
    const hist = await api('GET', `/api/v1/students/${B.id}/history`, { token: t });
    assertProblem(hist, 404, 'not_found');
    const histMine = await api('GET', `/api/v1/students/${A.id}/history`, { token: t });
    assert.equal(histMine.status, canRead.has(role) ? 200 : 404, histMine.text);
  });

  test(`${role}: list shows what is in scope and nothing else`, async () => {
    const t = who[role].token;
    let ids;
    if (STAFF.includes(role)) {
      const res = await api('GET', `/api/v1/students?school=${home.school}`, { token: t });
      assert.equal(res.status, 200, res.text);
      ids = res.json.items.map((s) => s.id);
      assert.ok(ids.includes(A.id));
      assertProblem(await api('GET', `/api/v1/students?school=${away.school}`, { token: t }), 403, 'out_of_scope', 'school');
      // A search by B's national id finds nothing out of scope.
      const q = await api('GET', `/api/v1/students?q=${B.national_id}`, { token: t });
      assert.equal(q.status, 200, q.text);
      assert.deepEqual(q.json.items, []);
    } else {
      const res = await api('GET', '/api/v1/students', { token: t });
      assert.equal(res.status, 200, res.text);
      ids = res.json.items.map((s) => s.id);
      assert.deepEqual(ids, role === 'candidate' ? [] : [A.id]);
      // Filters do not widen a linked list.
      const res2 = await api('GET', `/api/v1/students?school=${away.school}&q=${B.national_id}`, { token: t });
      assert.equal(res2.status, 200);
      assert.ok(!res2.json.items.some((s) => s.id === B.id));
    }
    assert.ok(!ids.includes(B.id));
  });

  test(`${role}: write in scope ${REGISTRARS.includes(role) ? 200 : 403}, out of scope ${REGISTRARS.includes(role) ? 404 : 403}`, async () => {
    const t = who[role].token;
    const name = `Name${uniq('')}`;
    const mine = await api('PATCH', `/api/v1/students/${A.id}`, { token: t, body: { given_name: name } });
    const theirs = await api('PATCH', `/api/v1/students/${B.id}`, { token: t, body: { given_name: name } });
    if (REGISTRARS.includes(role)) {
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.given_name, name);
      assertProblem(theirs, 404, 'not_found');
    } else {
      assertProblem(mine, 403);
      assertProblem(theirs, 403);
    }
    const back = await api('GET', `/api/v1/students/${B.id}`, { token: await admin() });
    assert.notEqual(back.json.given_name, name);
  });
}

// ---- issue 6: classes, grades, report cards, attendance, timetable, terms ----

const DAY = '2025-10-04'; // inside 2025-2026 (from 1 Mehr, 2025-09-23), in the past

// Each route: the roles the route table lets in (`gate`: others get 403
// before any data is read), the roles allowed in scope (`ok`, answering
// `status`), what the others of the gate get in scope (`denied`: 403 when
// they see the class, 404 when a student is not theirs), and the request in
// scope and out of scope (always 404 past the gate: not even its existence
// shows). `check` looks into an allowed answer.
const TEACHING = [
  // reads
  { kind: 'read', name: 'class', gate: STAFF, ok: STAFF,
    req: (cls) => ['GET', `/api/v1/classes/${cls}`],
    check: (r) => assert.deepEqual(r.json.students.map((s) => s.id), [A.id]) },
  { kind: 'read', name: 'gradebook', gate: STAFF, ok: STAFF,
    req: (cls) => ['GET', `/api/v1/classes/${cls}/grades?subject=FA`],
    check: (r) => assert.deepEqual(r.json.students.map((s) => s.id), [A.id]) },
  { kind: 'read', name: 'class attendance', gate: STAFF, ok: STAFF,
    req: (cls) => ['GET', `/api/v1/classes/${cls}/attendance?date=${DAY}`],
    check: (r) => assert.deepEqual(r.json.entries.map((s) => s.student), [A.id]) },
  { kind: 'read', name: 'class timetable', gate: STAFF, ok: STAFF,
    req: (cls) => ['GET', `/api/v1/classes/${cls}/timetable`],
    check: (r) => assert.ok(Array.isArray(r.json.periods)) },
  { kind: 'read', name: 'report card', gate: ROLES, ok: [...canRead], denied: 404,
    req: (cls, st) => ['GET', `/api/v1/students/${st}/report-card`],
    check: (r) => assert.equal(r.json.student, A.id) },
  { kind: 'read', name: 'student attendance', gate: ROLES, ok: [...canRead], denied: 404,
    req: (cls, st) => ['GET', `/api/v1/students/${st}/attendance?school_year=2025-2026`],
    check: (r) => assert.ok(r.json.terms) },
  { kind: 'read', name: 'student timetable', gate: ROLES, ok: [...canRead], denied: 404,
    req: (cls, st) => ['GET', `/api/v1/students/${st}/timetable`],
    check: (r) => assert.equal(r.json.class, homeCls) },
  // lists
  { kind: 'list', name: 'school classes', gate: STAFF, ok: STAFF,
    req: (cls, st, org) => ['GET', `/api/v1/orgs/${org}/classes`],
    check: (r) => assert.ok(r.json.items.some((c) => c.id === homeCls)) },
  { kind: 'list', name: 'term locks', gate: STAFF, ok: STAFF,
    req: (cls, st, org) => ['GET', `/api/v1/orgs/${org}/terms?school_year=2025-2026`],
    check: (r) => assert.equal(r.json.terms.length, 2) },
  { kind: 'list', name: 'teacher week', gate: STAFF, ok: STAFF,
    req: (cls, st, org, teacher) => ['GET', `/api/v1/timetable?teacher=${teacher}&school_year=2025-2026`],
    check: (r) => assert.equal(r.json.teacher, who.teacher.username) },
  // writes
  { kind: 'write', name: 'grades', gate: STAFF, ok: STAFF,
    req: (cls, st) => ['POST', `/api/v1/classes/${cls}/grades`, { subject: 'FA', term: 1, assessment: 'level', grades: [{ student: st, value: 'good' }] }],
    check: (r) => assert.equal(r.json.saved, 1) },
  { kind: 'write', name: 'attendance', gate: STAFF, ok: STAFF,
    req: (cls, st) => ['POST', `/api/v1/classes/${cls}/attendance`, { date: DAY, entries: [{ student: st, status: 'present' }] }],
    check: (r) => assert.equal(r.json.saved, 1) },
  { kind: 'write', name: 'timetable', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls) => ['PUT', `/api/v1/classes/${cls}/timetable`, { periods: [{ weekday: 6, period: 1, subject: 'FA', teacher: null, room: '101' }] }],
    check: (r) => assert.equal(r.json.periods.length, 1) },
  { kind: 'write', name: 'class subject', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls) => ['POST', `/api/v1/classes/${cls}/subjects`, { subject: 'ART' }],
    check: (r) => assert.ok(r.json.subjects.some((x) => x.code === 'ART')) },
  { kind: 'write', name: 'class students', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls, st) => ['POST', `/api/v1/classes/${cls}/students`, { students: [st] }],
    check: (r) => assert.deepEqual(r.json.students.map((x) => x.id), [A.id]) },
  { kind: 'write', name: 'homeroom teacher', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls, st, org, teacher) => ['PATCH', `/api/v1/classes/${cls}`, { homeroom: teacher }],
    check: (r) => assert.equal(r.json.homeroom_teacher, who.teacher.username) },
  { kind: 'write', name: 'new class', gate: REGISTRARS, ok: REGISTRARS, status: 201,
    req: (cls, st, org) => ['POST', `/api/v1/orgs/${org}/classes`, { name: uniq('C'), grade: 4, school_year: '2025-2026' }],
    check: (r) => assert.equal(r.json.school, home.school) },
  { kind: 'write', name: 'term lock', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls, st, org) => ['POST', `/api/v1/orgs/${org}/terms/lock`, { school_year: '2025-2026', term: 2 }],
    check: (r) => assert.deepEqual(r.json.terms.map((t) => t.locked), [false, true]) },
  { kind: 'write', name: 'term unlock', gate: REGISTRARS, ok: REGISTRARS,
    req: (cls, st, org) => ['POST', `/api/v1/orgs/${org}/terms/unlock`, { school_year: '2025-2026', term: 2, reason: 'matrix' }],
    check: (r) => assert.deepEqual(r.json.terms.map((t) => t.locked), [false, false]) },
];

for (const role of ROLES) {
  for (const kind of ['read', 'list', 'write']) {
    test(`${role}: issue 6 ${kind}s, in scope and out`, async () => {
      const t = who[role].token;
      for (const route of TEACHING.filter((x) => x.kind === kind)) {
        const [method, path, body] = route.req(homeCls, A.id, home.school, who.teacher.username);
        const mine = await api(method, path, { token: t, body });
        const [omethod, opath, obody] = route.req(awayCls, B.id, away.school, awayTeacher.username);
        const theirs = await api(omethod, opath, { token: t, body: obody });
        const where = `${role} ${route.name}`;
        if (!route.gate.includes(role)) {
          assertProblem(mine, 403, 'forbidden');
          assertProblem(theirs, 403, 'forbidden');
          continue;
        }
        if (route.ok.includes(role)) {
          assert.equal(mine.status, route.status ?? 200, `${where}: ${mine.text}`);
          route.check(mine);
        } else {
          assertProblem(mine, route.denied ?? 403);
        }
        assert.equal(theirs.status, 404, `${where} out of scope: ${theirs.text}`);
        assertProblem(theirs, 404, 'not_found');
      }
    });
  }
}

test('issue 6: nothing the matrix refused was written', async () => {
  const root = await admin();
  // B's class at away: no grade, no mark, no week, no new subject, the same homeroom teacher.
  const book = await api('GET', `/api/v1/classes/${awayCls}/grades?subject=FA`, { token: root });
  assert.deepEqual(book.json.students.map((s) => s.terms[0]), [{}]);
  const marks = await api('GET', `/api/v1/classes/${awayCls}/attendance?date=${DAY}`, { token: root });
  assert.deepEqual(marks.json.entries.map((s) => [s.student, s.status]), [[B.id, null]]);
  const week = await api('GET', `/api/v1/classes/${awayCls}/timetable`, { token: root });
  assert.deepEqual(week.json.periods, []);
  const cls = await api('GET', `/api/v1/classes/${awayCls}`, { token: root });
  assert.deepEqual(cls.json.subjects.map((x) => x.code), ['FA']);
  assert.equal(cls.json.homeroom_teacher, awayTeacher.username);
  const terms = await api('GET', `/api/v1/orgs/${away.school}/terms?school_year=2025-2026`, { token: root });
  assert.deepEqual(terms.json.events, []);
  const list = await api('GET', `/api/v1/orgs/${away.school}/classes`, { token: root });
  assert.deepEqual(list.json.items.map((c) => c.id), [awayCls]);
});

test('teacher, guardian and student may not link guardians; registrars in scope may', async () => {
  const g = await userWithRole('teacher', away.school); // any account
  for (const role of ['teacher', 'guardian', 'student', 'candidate']) {
    assertProblem(await api('POST', `/api/v1/students/${A.id}/guardians`, { token: who[role].token, body: { username: g.username, relation: 'other' } }), 403);
  }
  assertProblem(await api('POST', `/api/v1/students/${B.id}/guardians`, { token: who.school_admin.token, body: { username: g.username, relation: 'other' } }), 404, 'not_found');
  const ok = await api('POST', `/api/v1/students/${A.id}/guardians`, { token: who.school_admin.token, body: { username: g.username, relation: 'father' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.relation, 'father');
});

test('a teacher who is also a parent reads their child at another school, and only that one', async () => {
  const parent = await userWithRole('teacher', home.school);
  const link = await api('POST', `/api/v1/students/${B.id}/guardians`, { token: await admin(), body: { username: parent.username, relation: 'father' } });
  assert.equal(link.status, 201, link.text);
  const me = await api('GET', '/api/v1/auth/me', { token: parent.token });
  assert.deepEqual(me.json.roles.map((r) => r.role).sort(), ['guardian', 'teacher']);
  assert.equal((await api('GET', `/api/v1/students/${B.id}`, { token: parent.token })).status, 200);
  // A at their own school is not in a class they teach.
  assertProblem(await api('GET', `/api/v1/students/${A.id}`, { token: parent.token }), 404, 'not_found');
  const linked = await api('GET', '/api/v1/students?linked=1', { token: parent.token });
  assert.deepEqual(linked.json.items.map((s) => s.id), [B.id]);
  // Still no write on either.
  assertProblem(await api('PATCH', `/api/v1/students/${B.id}`, { token: parent.token, body: { given_name: 'X' } }), 403);
  // Another student of B's school stays out of reach.
  const C = (await api('POST', '/api/v1/students', { token: await admin(), body: studentBody(away.school) })).json;
  assertProblem(await api('GET', `/api/v1/students/${C.id}`, { token: parent.token }), 404, 'not_found');
});

test('a teacher reads the students of the classes they teach, homeroom or subject, and no one else at the school', async () => {
  const root = await admin();
  const other = await userWithRole('teacher', home.school);
  const C = (await api('POST', '/api/v1/students', { token: root, body: studentBody(home.school, { class: '4A' }) })).json;
  const D = (await api('POST', '/api/v1/students', { token: root, body: studentBody(home.school) })).json;
  for (const id of [A.id, C.id, D.id]) assertProblem(await api('GET', `/api/v1/students/${id}`, { token: other.token }), 404, 'not_found');
  const none = await api('GET', `/api/v1/students?school=${home.school}`, { token: other.token });
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.json.items, []);
  // The homeroom teacher: A and C (enrolled with the class's name), not D.
  assert.equal((await api('GET', `/api/v1/students/${C.id}`, { token: who.teacher.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/students/${D.id}`, { token: who.teacher.token }), 404, 'not_found');
  const mine = await api('GET', `/api/v1/students?school=${home.school}&limit=500`, { token: who.teacher.token });
  const ids = mine.json.items.map((s) => s.id);
  assert.ok(ids.includes(A.id) && ids.includes(C.id) && !ids.includes(D.id), mine.text);
  // Given a subject of the class, the other teacher reads its students too.
  const classes = await api('GET', `/api/v1/orgs/${home.school}/classes`, { token: other.token });
  assert.equal(classes.status, 200, classes.text);
  const cls = classes.json.items.find((c) => c.name === '4A');
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}`, { token: other.token }), 403, 'forbidden');
  const sub = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: root, body: { subject: 'MATH', teacher: other.username } });
  assert.equal(sub.status, 200, sub.text);
  assert.equal((await api('GET', `/api/v1/students/${A.id}`, { token: other.token })).status, 200);
  assert.equal((await api('GET', `/api/v1/classes/${cls.id}`, { token: other.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/students/${D.id}`, { token: other.token }), 404, 'not_found');
  // Still no write.
  assertProblem(await api('PATCH', `/api/v1/students/${A.id}`, { token: other.token, body: { given_name: 'X' } }), 403);
});

test('unlinking a guardian ends their access', async () => {
  const g = await userWithRole('guardian');
  const root = await admin();
  assert.equal((await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { username: g.username, relation: 'guardian' } })).status, 201);
  assert.equal((await api('GET', `/api/v1/students/${A.id}`, { token: g.token })).status, 200);
  const list = await api('GET', `/api/v1/students/${A.id}/guardians`, { token: g.token });
  assert.ok(list.json.items.some((l) => l.username === g.username && l.relation === 'guardian'));
  assertProblem(await api('DELETE', `/api/v1/students/${A.id}/guardians/${g.username}`, { token: g.token }), 403);
  const del = await api('DELETE', `/api/v1/students/${A.id}/guardians/${g.username}`, { token: who.school_admin.token });
  assert.equal(del.status, 204, del.text);
  assertProblem(await api('GET', `/api/v1/students/${A.id}`, { token: g.token }), 404, 'not_found');
  assertProblem(await api('DELETE', `/api/v1/students/${A.id}/guardians/${g.username}`, { token: root }), 404, 'not_linked');
});

test('guardian links: bad input', async () => {
  const root = await admin();
  assertProblem(await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { username: 'nobody-here', relation: 'mother' } }), 422, 'unknown_user', 'username');
  assertProblem(await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { username: who.guardian.username, relation: 'aunt' } }), 422, 'invalid', 'relation');
  assertProblem(await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { username: who.guardian.username, relation: 'mother' } }), 409, 'duplicate_guardian', 'username');
  assertProblem(await api('POST', `/api/v1/students/${A.id}/guardians`, { token: root, body: { relation: 'mother' } }), 422, 'required', 'username');
});

test('transfers and exports: out-of-scope staff get 404 / 403; guardians are refused at the door', async () => {
  const root = await admin();
  const tr = await api('POST', `/api/v1/students/${A.id}/transfers`, { token: root, body: { to_school: away.school, date: '2026-02-01' } });
  assert.equal(tr.status, 201, tr.text);
  assert.equal((await api('GET', `/api/v1/transfers/${tr.json.id}`, { token: who.teacher.token })).status, 200);
  const other = await userWithRole('school_admin', (await school(root)).school);
  assertProblem(await api('GET', `/api/v1/transfers/${tr.json.id}`, { token: other.token }), 404, 'not_found');
  assertProblem(await api('POST', `/api/v1/transfers/${tr.json.id}/approve`, { token: other.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/transfers/${tr.json.id}`, { token: who.guardian.token }), 403);
  assertProblem(await api('GET', `/api/v1/exports/students?school=${home.school}`, { token: other.token }), 403, 'out_of_scope');
  assert.equal((await api('GET', `/api/v1/exports/students?school=${home.school}`, { token: who.school_admin.token })).status, 200);
  assert.equal((await api('POST', `/api/v1/transfers/${tr.json.id}/refuse`, { token: root, body: { reason: 'test' } })).status, 200);
});

test('out-of-scope and refused reads are on record as refused', async () => {
  const res = await api('GET', `/api/v1/audit?student=${B.id}&limit=500`, { token: await admin() });
  assert.equal(res.status, 200, res.text);
  for (const role of ROLES) {
    const e = res.json.items.find((i) => i.username === who[role].username && i.action === 'student.read');
    assert.ok(e, `${role}'s refused read of B is recorded`);
    assert.equal(e.allowed, false);
    assert.equal(e.student, B.id);
  }
  const a = await api('GET', `/api/v1/audit?student=${A.id}&limit=500`, { token: await admin() });
  const cand = a.json.items.find((i) => i.username === who.candidate.username && i.action === 'student.read');
  assert.equal(cand.allowed, false);
  const guard = a.json.items.find((i) => i.username === who.guardian.username && i.action === 'student.read');
  assert.equal(guard.allowed, true);
  assert.equal(guard.role, 'guardian');
  const stu = a.json.items.find((i) => i.username === who.student.username && i.action === 'student.read');
  assert.equal(stu.allowed, true);
  assert.equal(stu.role, 'student');
  // Refused writes too, after their transaction was undone.
  const w = res.json.items.find((i) => i.username === who.school_admin.username && i.action === 'student.update');
  assert.equal(w.allowed, false);
});

// ---- issue 13: every /exams route, by role ----

// Two Vietnamese provinces (home and away, under different ministries), each
// with an open session of its province (a free-candidate site at its first
// school) and a final-year candidate registered with a UT1 claim and its
// evidence. The roles sit at home: the ministry, the province, the district,
// the school (its exam officer, school_admin, and a teacher), the
// candidate's guardian, a student account of the candidate's person, and the
// candidate. Each route: `gate`, the roles the route table lets in (others
// 403 forbidden before anything is read); `mine`, the status each role of
// the gate gets at home (a 409 is a rule of the cycle answering someone
// allowed: the window still open, no rooms yet); `theirs`, what they get
// away (404: not even its existence shows; a number: every role of the
// gate gets it).
const ex = {}; // home, away: { org, session, reg, eid, cand }; who: role -> user
const EX_ROLES = [...STAFF, 'guardian', 'student', 'candidate'];
const EX_MANAGERS = ['ministry_admin', 'province_officer', 'district_officer'];

before(async () => {
  const root = await admin();
  const place = async () => {
    const org = await vnProvince();
    const session = await openSession(org);
    const officer = await userWithRole('school_admin', org.school);
    const st = await student(officer.token, org.school);
    const [cand] = await candidates(officer.token, org.school, [st.id]);
    const reg = await register(session, cand, { category: 'UT1' });
    const up = await api('POST', `/api/v1/exams/registrations/${reg.id}/evidence?kind=category&code=UT1`, {
      token: cand.token, body: png(), headers: { 'content-type': 'image/png' },
    });
    assert.equal(up.status, 201, up.text);
    return { org, session, reg, eid: up.json.id, cand, st, officer };
  };
  ex.home = await place();
  ex.away = await place();
  const o = ex.home.org;
  ex.who = {
    ministry_admin: await userWithRole('ministry_admin', o.ministry),
    province_officer: await userWithRole('province_officer', o.province),
    district_officer: await userWithRole('district_officer', o.district),
    school_admin: ex.home.officer,
    teacher: await userWithRole('teacher', o.school),
    guardian: await userWithRole('guardian'),
    student: await studentAccount(ex.home.st.id),
    candidate: ex.home.cand,
  };
  const link = await api('POST', `/api/v1/students/${ex.home.st.id}/guardians`, { token: root, body: { username: ex.who.guardian.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
});

const exAll = (status) => Object.fromEntries(EX_ROLES.map((r) => [r, status]));
const exOnly = (roles, status, other) => Object.fromEntries(EX_ROLES.map((r) => [r, roles.includes(r) ? status : other]));
const EX_READERS = [...STAFF, 'guardian', 'student', 'candidate'];
const freeBody = () => ({
  person: { national_id: vnCccd(2000, 'M'), given_name: 'Minh', family_name: `Trần ${uniq('')}`, birth_date: '2000-01-02', sex: 'M' },
  subjects: ['math', 'literature', 'history', 'geography'],
});

const EXAMS = [
  { name: 'GET packs', gate: EX_ROLES, mine: exAll(200), theirs: 200,
    req: () => ['GET', '/api/v1/exams/packs'] },
  { name: 'GET pack', gate: EX_ROLES, mine: exAll(200), theirs: 200,
    req: () => ['GET', '/api/v1/exams/packs/vn-thpt-2025'] },
  { name: 'POST sessions', gate: EX_MANAGERS, mine: exOnly(['ministry_admin', 'province_officer'], 201, 403), theirs: 403,
    req: (w) => ['POST', '/api/v1/exams/sessions', {
      org: w.org.province, pack: 'vn-thpt-2025', name: uniq('S'), opens_at: new Date(Date.now() - 3600e3).toISOString(),
      closes_at: new Date(Date.now() + 3600e3).toISOString(), councils: [{ code: '01', org: w.org.province }], sites: [],
    }] },
  { name: 'GET session', gate: EX_ROLES, mine: exOnly([...STAFF, 'candidate'], 200, 404),
    req: (w) => ['GET', `/api/v1/exams/sessions/${w.session.id}`] },
  { name: 'PATCH session', gate: EX_MANAGERS, mine: exOnly(['ministry_admin', 'province_officer'], 200, 403),
    req: (w) => ['PATCH', `/api/v1/exams/sessions/${w.session.id}`, { name: w.session.name }] },
  { name: 'PUT regions', gate: EX_MANAGERS, mine: exOnly(['ministry_admin', 'province_officer'], 200, 403), theirs: 403,
    req: (w) => ['PUT', '/api/v1/exams/regions', { regions: [{ org: w.org.school, region: 'KV2' }] }] },
  { name: 'GET prefill', gate: ['candidate'], mine: { candidate: 200 },
    req: (w) => ['GET', `/api/v1/exams/sessions/${w.session.id}/prefill`] },
  { name: 'POST registration', gate: ['candidate'], mine: { candidate: 409 },
    req: (w) => ['POST', `/api/v1/exams/sessions/${w.session.id}/registrations`, { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: null }] },
  // The office's staff list all; a school's staff only with ?school= (403 without).
  { name: 'GET session registrations', gate: STAFF, mine: exOnly(['ministry_admin', 'province_officer'], 200, 403),
    req: (w) => ['GET', `/api/v1/exams/sessions/${w.session.id}/registrations`] },
  { name: 'GET registration', gate: EX_ROLES, mine: exOnly(EX_READERS, 200, 404),
    req: (w) => ['GET', `/api/v1/exams/registrations/${w.reg.id}`] },
  { name: 'PUT registration', gate: ['candidate'], mine: { candidate: 200 },
    req: (w) => ['PUT', `/api/v1/exams/registrations/${w.reg.id}`, { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: 'UT1' }] },
  // Evidence is the candidate's (their person's accounts) and the registrars'
  // of the school; a teacher and a guardian, who read the registration
  // itself, do not see its evidence (domain/exams/evidence.h, exam_reg_access).
  { name: 'POST evidence', gate: EX_ROLES, mine: { ...exOnly([...REGISTRARS, 'student', 'candidate'], 200, 404) },
    req: (w) => ['POST', `/api/v1/exams/registrations/${w.reg.id}/evidence?kind=category&code=UT1`, png()] },
  { name: 'GET evidence', gate: EX_ROLES, mine: exOnly([...REGISTRARS, 'student', 'candidate'], 200, 404),
    req: (w) => ['GET', `/api/v1/exams/registrations/${w.reg.id}/evidence/${w.eid}`] },
  { name: 'POST review', gate: REGISTRARS, mine: exOnly(REGISTRARS, 200, 403),
    req: (w) => ['POST', `/api/v1/exams/registrations/${w.reg.id}/review`, { decision: 'returned', reason: 'Matrix.' }] },
  { name: 'POST free candidate', gate: REGISTRARS, mine: exOnly(REGISTRARS, 201, 403), theirs: 403,
    req: (w) => ['POST', `/api/v1/exams/sessions/${w.session.id}/free-candidates`, { ...freeBody(), site: w.session.sites[0].code }] },
  { name: 'POST assign', gate: EX_MANAGERS, mine: exOnly(['ministry_admin', 'province_officer'], 409, 403), theirs: 403,
    req: (w) => ['POST', `/api/v1/exams/sessions/${w.session.id}/assign`] },
  { name: 'GET rooms', gate: STAFF, mine: exOnly(['ministry_admin', 'province_officer'], 200, 404),
    req: (w) => ['GET', `/api/v1/exams/sessions/${w.session.id}/rooms`] },
  { name: 'GET card', gate: EX_ROLES, mine: exOnly(EX_READERS, 409, 404),
    req: (w) => ['GET', `/api/v1/exams/registrations/${w.reg.id}/card`] },
  { name: 'POST scores', gate: EX_MANAGERS, mine: exOnly(['ministry_admin', 'province_officer'], 409, 403), theirs: 403,
    req: (w) => ['POST', `/api/v1/exams/sessions/${w.session.id}/scores`, Buffer.from('candidate_number,subject,score\n01000001,math,7\n')] },
  // The office reads the scores at any time; the others once published.
  { name: 'GET results', gate: EX_ROLES, mine: { ...exOnly(EX_READERS, 409, 404), ministry_admin: 200, province_officer: 200 },
    req: (w) => ['GET', `/api/v1/exams/registrations/${w.reg.id}/results`] },
  { name: 'POST remarks', gate: ['candidate'], mine: { candidate: 409 },
    req: (w) => ['POST', `/api/v1/exams/registrations/${w.reg.id}/remarks`, { subjects: ['math'] }] },
  { name: 'GET session remarks', gate: STAFF, mine: exOnly(['ministry_admin', 'province_officer'], 200, 403),
    req: (w) => ['GET', `/api/v1/exams/sessions/${w.session.id}/remarks?status=pending`] },
  { name: 'POST remark decision', gate: EX_MANAGERS, mine: exOnly(EX_MANAGERS, 404), theirs: 404,
    req: () => ['POST', '/api/v1/exams/remarks/999999999/decision', { score: '8.00' }] },
];

const exCall = (token, [method, path, body]) => api(method, path, { token, body, headers: { 'idempotency-key': uniq('k') } });

for (const route of EXAMS) {
  test(`issue 13: ${route.name}, by role, at home and away`, async () => {
    const got = {}, want = {};
    for (const role of EX_ROLES) {
      const t = ex.who[role].token;
      const mine = await exCall(t, route.req(ex.home));
      const theirs = await exCall(t, route.req(ex.away));
      const inGate = route.gate.includes(role);
      got[role] = [mine.status, theirs.status];
      want[role] = inGate ? [route.mine[role], route.theirs ?? 404] : [403, 403];
      if (!inGate) {
        assertProblem(mine, 403, 'forbidden');
        assertProblem(theirs, 403, 'forbidden');
      }
    }
    assert.deepEqual(got, want);
  });
}
