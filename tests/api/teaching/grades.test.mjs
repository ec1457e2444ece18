// Gradebooks: a whole class's assessment in one request, policy checks,
// report cards, term locks and the recorded corrections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, cli, DB, dbQuery, studentAccount, userWithRole } from '../lib.mjs';
import { irClass, vnClass } from '../teaching.mjs';
import { conforms } from '../conform.mjs';

async function setup() {
  const token = await admin();
  const c = await vnClass(token, { students: 3 });
  for (const subject of ['TOAN', 'GDTC']) {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject, teacher: c.teacher.username } });
    assert.equal(r.status, 200, r.text);
  }
  return { token, ...c };
}

const save = (token, id, body) => api('POST', `/api/v1/classes/${id}/grades`, { token, body });

test('the subject teacher saves a whole class in one request and the term average follows Circular 22', async () => {
  const { cls, ids, teacher } = await setup();
  const t = teacher.token;
  const put = (assessment, values) => save(t, cls.id, { subject: 'TOAN', term: 1, assessment, grades: ids.map((student, i) => ({ student, value: values[i] })) });
  let r = await put('regular1', [8, 6.5, 9]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.changed, 3);
  assert.equal((await put('regular2', [7, 5, 9])).status, 200);
  assert.equal((await put('midterm', [8.5, 6, 10])).status, 200);
  assert.equal((await put('final', [9, 4.5, 10])).status, 200);
  const book = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TOAN`, { token: t });
  assert.equal(book.status, 200, book.text);
  const first = book.json.students.find((s) => s.id === ids[0]);
  assert.deepEqual(first.terms[0], { regular1: 8, regular2: 7, midterm: 8.5, final: 9 });
  // (8 + 7 + 2*8.5 + 3*9) / 7 = 59 / 7 = 8.43 -> 8.4
  assert.equal(first.term_results[0], 8.4);
  assert.equal(first.year, null);
  const second = book.json.students.find((s) => s.id === ids[1]);
  // (6.5 + 5 + 12 + 13.5) / 7 = 37 / 7 = 5.29 -> 5.3
  assert.equal(second.term_results[0], 5.3);
});

test('scores out of range, too precise or of the wrong kind are 422 with the field, and change nothing', async () => {
  const { cls, ids, teacher } = await setup();
  const t = teacher.token;
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 10.5 }] }), 422, 'out_of_range', 'grades[0].value');
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 7 }, { student: ids[1], value: 7.25 }] }), 422, 'too_precise', 'grades[1].value');
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 'A' }] }), 422, 'type', 'grades[0].value');
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'pass', grades: [{ student: ids[0], value: true }] }), 422, 'wrong_assessment', 'assessment');
  assertProblem(await save(t, cls.id, { subject: 'GDTC', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 7 }] }), 422, 'wrong_assessment', 'assessment');
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 3, assessment: 'final', grades: [{ student: ids[0], value: 7 }] }), 422, undefined, 'term');
  assertProblem(await save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 7 }, { student: 999999999, value: 7 }] }), 422, 'not_in_class', 'grades[1].student');
  const book = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TOAN`, { token: t });
  assert.ok(book.json.students.every((s) => Object.keys(s.terms[0]).length === 0), book.text);
});

test('only the subject teacher and the school administration enter grades', async () => {
  const { token, cls, ids, school } = await setup();
  const other = await userWithRole('teacher', school);
  assertProblem(await save(other.token, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value: 7 }] }), 403, 'forbidden');
  assert.equal((await save(token, cls.id, { subject: 'GDTC', term: 1, assessment: 'pass', grades: [{ student: ids[0], value: true }] })).status, 200);
});

test('a locked term refuses grade changes with 409 until unlocked with a reason; corrections are recorded', async () => {
  const { token, cls, ids, teacher, school } = await setup();
  const t = teacher.token;
  const final = (value) => save(t, cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: ids[0], value }] });
  assert.equal((await final(6)).status, 200);
  const principal = await userWithRole('school_admin', school);
  const lock = await api('POST', `/api/v1/orgs/${school}/terms/lock`, { token: principal.token, body: { school_year: '2025-2026', term: 1 } });
  assert.equal(lock.status, 200, lock.text);
  assert.deepEqual(lock.json.terms.map((x) => x.locked), [true, false]);
  assertProblem(await final(7), 409, 'term_locked', 'term');
  assertProblem(await api('POST', `/api/v1/orgs/${school}/terms/lock`, { token: t, body: { school_year: '2025-2026', term: 1 } }), 403);
  assertProblem(await api('POST', `/api/v1/orgs/${school}/terms/unlock`, { token: principal.token, body: { school_year: '2025-2026', term: 1 } }), 422, 'required', 'reason');
  const unlock = await api('POST', `/api/v1/orgs/${school}/terms/unlock`, { token: principal.token, body: { school_year: '2025-2026', term: 1, reason: 'Typo in a final' } });
  assert.equal(unlock.status, 200, unlock.text);
  assert.deepEqual(unlock.json.events.map((e) => [e.action, e.reason, e.by]), [['lock', null, principal.username], ['unlock', 'Typo in a final', principal.username]]);
  assert.equal((await final(7)).status, 200);
  const card = await api('GET', `/api/v1/students/${ids[0]}/report-card?school_year=2025-2026`, { token });
  assert.equal(card.status, 200, card.text);
  assert.deepEqual(card.json.subjects.find((s) => s.code === 'TOAN').assessments[0], { final: 7 });
  assert.equal(card.json.terms[0].locked, false);
});

test('the report card applies the school policy to the stored gradebook, per term and for the year', async () => {
  const { token, cls, ids, teacher } = await setup();
  const t = teacher.token;
  const one = (subject, term, assessment, value) => save(t, cls.id, { subject, term, assessment, grades: [{ student: ids[0], value }] });
  for (const term of [1, 2]) {
    for (const [a, v] of [['regular1', 9], ['midterm', 8], ['final', term === 1 ? 7 : 9]]) assert.equal((await one('TOAN', term, a, v)).status, 200);
    assert.equal((await one('GDTC', term, 'pass', true)).status, 200);
  }
  const card = await api('GET', `/api/v1/students/${ids[0]}/report-card`, { token });
  assert.equal(card.status, 200, card.text);
  assert.equal(card.json.policy, 'vn-tt22');
  const toan = card.json.subjects.find((s) => s.code === 'TOAN');
  // Term I: (9 + 16 + 21) / 6 = 7.67 -> 7.7; term II: (9 + 16 + 27) / 6 = 8.67 -> 8.7;
  // year: (7.7 + 2*8.7) / 3 = 8.37 -> 8.4.
  assert.deepEqual(toan.terms, [7.7, 8.7]);
  assert.equal(toan.year, 8.4);
  assert.equal(card.json.subjects.find((s) => s.code === 'GDTC').year, 'dat');
  // Fewer than six scored subjects: Circular 22 cannot rate better than chua_dat.
  assert.equal(card.json.year.result, 'chua_dat');
  assert.equal(card.json.year.complete, true);
  // Another student has no grades: incomplete.
  const empty = await api('GET', `/api/v1/students/${ids[1]}/report-card`, { token });
  assert.equal(empty.json.year.result, 'incomplete');
});

test('a guardian reads their linked child\'s report card, a student their own, a teacher their class\'s; each read is on record', async () => {
  const { token, ids, teacher, school } = await setup();
  const g = await userWithRole('guardian');
  const link = await api('POST', `/api/v1/students/${ids[0]}/guardians`, { token, body: { username: g.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  const card = (t, id) => api('GET', `/api/v1/students/${id}/report-card`, { token: t });
  const mine = await card(g.token, ids[0]);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.student, ids[0]);
  const none = await card(g.token, ids[1]);
  assertProblem(none, 404, 'not_found');
  // The same answer as for no such student.
  assert.deepEqual((await card(g.token, 999999999)).json, none.json);
  const stu = await studentAccount(ids[1]);
  assert.equal((await card(stu.token, ids[1])).status, 200);
  assertProblem(await card(stu.token, ids[0]), 404, 'not_found');
  assert.equal((await card(teacher.token, ids[0])).status, 200);
  const other = await userWithRole('teacher', school);
  assertProblem(await card(other.token, ids[0]), 404, 'not_found');
  const trail = await api('GET', `/api/v1/audit?student=${ids[0]}&limit=500`, { token });
  const reads = trail.json.items.filter((i) => i.action === 'report_card.read');
  assert.deepEqual(reads.filter((i) => i.username === g.username).map((i) => [i.allowed, i.role]), [[true, 'guardian']]);
  assert.deepEqual(reads.filter((i) => i.username === stu.username).map((i) => i.allowed), [false]);
  assert.deepEqual(reads.filter((i) => i.username === other.username).map((i) => i.allowed), [false]);
  assert.deepEqual(reads.filter((i) => i.username === teacher.username).map((i) => [i.allowed, i.role]), [[true, 'teacher']]);
});

test('gradebook reads record one entry per student shown; saves one per student changed, in their transaction', async () => {
  const { token, cls, ids, teacher, school } = await setup();
  const t = teacher.token;
  const put = (values, tok = t) => save(tok, cls.id, { subject: 'TOAN', term: 1, assessment: 'regular1', grades: ids.map((student, i) => ({ student, value: values[i] })) });
  const first = await put([8, 7, 9]);
  assert.equal(first.json.changed, 3, first.text);
  const second = await put([8, 7.5, 9]);
  assert.equal(second.json.changed, 1, second.text);
  const trail = async (id) => (await api('GET', `/api/v1/audit?student=${id}&limit=500`, { token })).json.items;
  const updates = async (id) => (await trail(id)).filter((i) => i.action === 'grades.update' && i.username === teacher.username);
  assert.equal((await updates(ids[0])).length, 1);
  const changed = await updates(ids[1]);
  assert.equal(changed.length, 2);
  assert.ok(changed.every((i) => i.allowed && i.role === 'teacher'));
  // A save that changes nothing records nothing.
  assert.equal((await put([8, 7.5, 9])).json.changed, 0);
  assert.equal((await updates(ids[2])).length, 1);
  // Reading the gradebook: one entry per student shown.
  const book = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TOAN`, { token: t });
  assert.equal(book.status, 200, book.text);
  for (const id of ids) {
    const reads = (await trail(id)).filter((i) => i.action === 'grades.read' && i.username === teacher.username);
    assert.equal(reads.length, 1, `read of ${id} recorded`);
  }
  // A teacher of the school who does not teach the class: 403, recorded as
  // refused, naming the class; the grades are unchanged.
  const other = await userWithRole('teacher', school);
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TOAN`, { token: other.token }), 403, 'forbidden');
  assertProblem(await put([1, 1, 1], other.token), 403, 'forbidden');
  const refused = dbQuery(`SELECT action FROM audit_log WHERE username = '${other.username}' AND allowed = 0 AND subject = 'class:${cls.id}' ORDER BY seq`);
  assert.deepEqual(refused.map((r) => r[0]), ['grades.read', 'grades.update']);
  const after = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TOAN`, { token });
  assert.deepEqual(after.json.students.map((s) => s.terms[0].regular1).sort(), [7.5, 8, 9]);
});

// ---- comments and vn-tt27 qualities and competences ----

const REQUIRED = ['yeu_nuoc', 'nhan_ai', 'cham_chi', 'trung_thuc', 'trach_nhiem', 'tu_chu_tu_hoc', 'giao_tiep_hop_tac', 'giai_quyet_van_de'];
const allTot = Object.fromEntries(REQUIRED.map((q) => [q, 'tot']));

/** A VN primary class (vn-tt27) with TV (a periodic test) and DD (level only), both taught by `subjectTeacher`. */
async function tt27Setup(students = 2) {
  const token = await admin();
  const c = await vnClass(token, { grade: 3, students, cls: '3A', level: 'primary', birthYear: 2017 });
  const subjectTeacher = await userWithRole('teacher', c.school);
  for (const subject of ['TV', 'DD']) {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject, teacher: subjectTeacher.username } });
    assert.equal(r.status, 200, r.text);
  }
  return { token, subjectTeacher, ...c };
}

test('vn-tt27: levels and the teacher\'s comments for a whole class in one request; a comment alone, an erased one', async () => {
  const { cls, ids, subjectTeacher } = await tt27Setup(3);
  const t = subjectTeacher.token;
  const r = await save(t, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [
    { student: ids[0], value: 'hoan_thanh_tot', comment: '  Đọc lưu loát, viết đúng chính tả.\n' },
    { student: ids[1], value: 'hoan_thanh', comment: 'Cần luyện viết thêm.' },
    { student: ids[2], value: 'chua_hoan_thanh' },
  ] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { saved: 3, changed: 3 });
  const book = async () => {
    const b = await api('GET', `/api/v1/classes/${cls.id}/grades?subject=TV`, { token: t });
    assert.equal(b.status, 200, b.text);
    conforms(b, 'GET', '/api/v1/classes/{id}/grades');
    return new Map(b.json.students.map((s) => [s.id, s]));
  };
  let m = await book();
  assert.deepEqual(m.get(ids[0]).comments, ['Đọc lưu loát, viết đúng chính tả.', null]);
  assert.deepEqual(m.get(ids[0]).terms[0], { level: 'hoan_thanh_tot' });
  assert.deepEqual(m.get(ids[2]).comments, [null, null]);
  // The same again changes nothing; a comment alone keeps the level.
  assert.equal((await save(t, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[0], value: 'hoan_thanh_tot', comment: 'Đọc lưu loát, viết đúng chính tả.' }] })).json.changed, 0);
  const alone = await save(t, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[2], comment: 'Chưa thuộc bảng chữ cái.' }, { student: ids[1], comment: null }] });
  assert.deepEqual(alone.json, { saved: 2, changed: 2 });
  m = await book();
  assert.deepEqual([m.get(ids[2]).terms[0], m.get(ids[2]).comments[0]], [{ level: 'chua_hoan_thanh' }, 'Chưa thuộc bảng chữ cái.']);
  assert.deepEqual([m.get(ids[1]).terms[0], m.get(ids[1]).comments[0]], [{ level: 'hoan_thanh' }, null]);
  // A level changed is recorded; the comment's saves are audited, naming it.
  const rows = dbQuery(`SELECT count(*) FROM gradebook_comments WHERE person_id IN (${ids.join(',')})`);
  assert.equal(rows[0][0], '2');
  // Both saves carried comments, so both of ids[2]'s entries name them.
  const entries = dbQuery(`SELECT subject, username FROM audit_log WHERE action = 'grades.update' AND person_id = ${ids[2]} ORDER BY seq`);
  assert.deepEqual(entries, [1, 2].map(() => [`class:${cls.id} TV term 1 level comment`, subjectTeacher.username]));
});

test('ir-descriptive: a comment per subject and term, on the class\'s gradebook and the report card', async () => {
  const token = await admin();
  const { cls, ids, teacher } = await irClass(token, 2);
  const r0 = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token, body: { subject: 'MATH', teacher: teacher.username } });
  assert.equal(r0.status, 200, r0.text);
  const r = await save(teacher.token, cls.id, { subject: 'MATH', term: 1, assessment: 'level', grades: [
    { student: ids[0], value: 'very_good', comment: 'در حل مسئله بسیار دقیق است.' },
    { student: ids[1], value: 'needs_effort', comment: 'جدول ضرب را تمرین کند.' },
  ] });
  assert.equal(r.status, 200, r.text);
  const card = await api('GET', `/api/v1/students/${ids[1]}/report-card`, { token: teacher.token });
  assert.equal(card.status, 200, card.text);
  conforms(card, 'GET', '/api/v1/students/{id}/report-card');
  const math = card.json.subjects.find((s) => s.code === 'MATH');
  assert.deepEqual(math.comments, ['جدول ضرب را تمرین کند.', null]);
  assert.equal(math.terms[0], 'needs_effort');
  assert.equal(card.json.terms[0].result, 'remedial');
  assert.equal(card.json.qualities, null);
  // ir-descriptive keeps no qualities.
  assertProblem(await save(token, cls.id, { term: 1, assessment: 'qualities', grades: [{ student: ids[0], value: allTot }] }), 422, 'wrong_assessment', 'assessment');
});

test('vn-tt27 qualities and competences: the homeroom teacher rates a term for the whole class; the outcome counts them', async () => {
  const { token, cls, ids, teacher, subjectTeacher } = await tt27Setup(2);
  const st = subjectTeacher.token;
  // Term II: every subject Hoàn thành tốt, TV's periodic test 8.
  for (const [subject, assessment, value] of [['TV', 'level', 'hoan_thanh_tot'], ['TV', 'test', 8], ['DD', 'level', 'hoan_thanh_tot']]) {
    const r = await save(st, cls.id, { subject, term: 2, assessment, grades: ids.map((student) => ({ student, value })) });
    assert.equal(r.status, 200, r.text);
  }
  const card = async (id) => {
    const c = await api('GET', `/api/v1/students/${id}/report-card`, { token });
    assert.equal(c.status, 200, c.text);
    conforms(c, 'GET', '/api/v1/students/{id}/report-card');
    return c.json;
  };
  // Without qualities the year cannot be decided.
  assert.equal((await card(ids[0])).year.result, 'incomplete');
  // The subject teacher does not rate them: 403, recorded as refused.
  assertProblem(await save(st, cls.id, { term: 2, assessment: 'qualities', grades: [{ student: ids[0], value: allTot }] }), 403, 'forbidden');
  const q = await save(teacher.token, cls.id, { term: 2, assessment: 'qualities', grades: [
    { student: ids[0], value: allTot },
    { student: ids[1], value: { ...allTot, trach_nhiem: 'can_co_gang', ngon_ngu: 'dat' } },
  ] });
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json, { saved: 2, changed: 2 });
  let c0 = await card(ids[0]);
  assert.equal(c0.policy, 'vn-tt27');
  assert.equal(c0.year.complete, true);
  // All Hoàn thành tốt, all Tốt, the test 8 (>= 7, < 9): Hoàn thành tốt.
  assert.equal(c0.year.result, 'hoan_thanh_tot');
  const yeuNuoc = c0.qualities.find((x) => x.code === 'yeu_nuoc');
  assert.deepEqual(yeuNuoc, { code: 'yeu_nuoc', name: 'Yêu nước', group: 'quality', terms: [null, 'tot'] });
  assert.equal(c0.qualities.length, 15);
  // Cần cố gắng in a quality: Chưa hoàn thành, whatever the subjects.
  assert.equal((await card(ids[1])).year.result, 'chua_hoan_thanh');
  // A partial save changes only what it names; a changed level is recorded.
  const fix = await save(token, cls.id, { term: 2, assessment: 'qualities', grades: [{ student: ids[1], value: { trach_nhiem: 'dat' } }] });
  assert.deepEqual(fix.json, { saved: 1, changed: 1 });
  assert.equal((await card(ids[1])).year.result, 'hoan_thanh');
  const changes = dbQuery(`SELECT quality, old_value, new_value FROM quality_changes WHERE person_id = ${ids[1]}`);
  assert.deepEqual(changes, [['trach_nhiem', '2', '1']]);
  // The class's qualities, for its teachers.
  const list = await api('GET', `/api/v1/classes/${cls.id}/grades?assessment=qualities`, { token: st });
  assert.equal(list.status, 200, list.text);
  conforms(list, 'GET', '/api/v1/classes/{id}/grades');
  const s1 = list.json.students.find((s) => s.id === ids[1]);
  assert.equal(s1.terms[1].trach_nhiem, 'dat');
  assert.equal(s1.terms[1].ngon_ngu, 'dat');
  assert.equal(s1.terms[1].tin_hoc, null);
  assert.equal(s1.terms[0].yeu_nuoc, null);
  // Audited per student changed, naming the term's qualities.
  const updates = dbQuery(`SELECT username, allowed FROM audit_log WHERE action = 'grades.update' AND person_id = ${ids[1]} AND subject = 'class:${cls.id} term 2 qualities' ORDER BY seq`);
  assert.deepEqual(updates, [[teacher.username, '1'], ['root', '1']]);
  const refused = dbQuery(`SELECT count(*) FROM audit_log WHERE username = '${subjectTeacher.username}' AND action = 'grades.update' AND allowed = 0 AND subject = 'class:${cls.id}'`);
  assert.equal(refused[0][0], '1');
  // The year-end computation stores the same outcome the card shows.
  const run = cli(['report-cards', 'compute', '--db', DB, '--year', '2025-2026']);
  assert.equal(run.status, 0, run.stderr);
  for (const [id, want] of [[ids[0], 'hoan_thanh_tot'], [ids[1], 'hoan_thanh']]) {
    const stored = (await card(id)).stored_year_result;
    assert.equal(stored.policy, 'vn-tt27');
    assert.equal(stored.result, want);
  }
  // Erasing the term's ratings: incomplete again, also for the computation.
  assert.equal((await save(teacher.token, cls.id, { term: 2, assessment: 'qualities', grades: [{ student: ids[0], value: null }] })).json.changed, 1);
  assert.equal(cli(['report-cards', 'compute', '--db', DB, '--year', '2025']).status, 0);
  c0 = await card(ids[0]);
  assert.equal(c0.year.result, 'incomplete');
  assert.equal(c0.stored_year_result.result, 'incomplete');
});

test('comments and qualities: bad input is 422 with the field, a locked term 409, and nothing changes', async () => {
  const { token, cls, ids, teacher, school } = await tt27Setup(2);
  const quals = (grades, extra = {}) => save(teacher.token, cls.id, { term: 1, assessment: 'qualities', grades, ...extra });
  assertProblem(await quals([{ student: ids[0], value: { yeu_nuoc: 'kha' } }]), 422, 'unknown_value', 'grades[0].value.yeu_nuoc');
  assertProblem(await quals([{ student: ids[0], value: allTot }, { student: ids[1], value: { dung_cam: 'tot' } }]), 422, 'unknown_value', 'grades[1].value.dung_cam');
  assertProblem(await quals([{ student: ids[0], value: 'tot' }]), 422, 'type', 'grades[0].value');
  assertProblem(await quals([{ student: ids[0], value: {} }]), 422, 'required', 'grades[0].value');
  assertProblem(await quals([{ student: ids[0] }]), 422, 'required', 'grades[0].value');
  assertProblem(await quals([{ student: ids[0], value: allTot, comment: 'x' }]), 422, 'wrong_assessment', 'grades[0].comment');
  assertProblem(await quals([{ student: ids[0], value: allTot }], { subject: 'TV' }), 422, 'wrong_assessment', 'subject');
  assertProblem(await quals([{ student: ids[0], value: allTot }, { student: 999999999, value: allTot }]), 422, 'not_in_class', 'grades[1].student');
  assertProblem(await save(token, cls.id, { term: 1, assessment: 'level', grades: [{ student: ids[0], value: 'hoan_thanh' }] }), 422, 'required', 'subject');
  assertProblem(await save(token, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[0], value: 'hoan_thanh', comment: 'x'.repeat(2001) }] }), 422, 'too_long', 'grades[0].comment');
  assertProblem(await save(token, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[0], comment: 7 }] }), 422, 'type', 'grades[0].comment');
  assertProblem(await save(token, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[0] }] }), 422, 'required', 'grades[0].value');
  assertProblem(await api('GET', `/api/v1/classes/${cls.id}/grades?assessment=comments`, { token }), 422, 'unknown_value', 'assessment');
  // Comments under a policy that keeps none (vn-tt22).
  const tt22 = await setup();
  assertProblem(await save(tt22.token, tt22.cls.id, { subject: 'TOAN', term: 1, assessment: 'final', grades: [{ student: tt22.ids[0], value: 7, comment: 'Tốt' }] }), 422, 'wrong_assessment', 'grades[0].comment');
  assertProblem(await save(tt22.token, tt22.cls.id, { term: 1, assessment: 'qualities', grades: [{ student: tt22.ids[0], value: allTot }] }), 422, 'wrong_assessment', 'assessment');
  assertProblem(await api('GET', `/api/v1/classes/${tt22.cls.id}/grades?assessment=qualities`, { token }), 422, 'wrong_assessment', 'assessment');
  // A locked term refuses qualities and comments alike.
  const lock = await api('POST', `/api/v1/orgs/${school}/terms/lock`, { token, body: { school_year: '2025-2026', term: 1 } });
  assert.equal(lock.status, 200, lock.text);
  assertProblem(await quals([{ student: ids[0], value: allTot }]), 409, 'term_locked', 'term');
  assertProblem(await save(token, cls.id, { subject: 'TV', term: 1, assessment: 'level', grades: [{ student: ids[0], comment: 'Tốt' }] }), 409, 'term_locked', 'term');
  assert.deepEqual(dbQuery(`SELECT count(*) FROM gradebook_qualities WHERE person_id IN (${ids.join(',')})`), [['0']]);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM gradebook_comments WHERE person_id IN (${ids.join(',')})`), [['0']]);
});
