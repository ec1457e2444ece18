// Results and re-marking (issue 13, part 8): the office imports scores per
// subject as CSV or XLSX, all or nothing with the rows at fault; results
// are published at results_at (before it the candidate gets 409
// results_not_published) and each candidate sees only their own; re-marking
// is asked between results_at and remarks_close_at (409 remarks_closed
// outside), the office decides, the old and new scores are kept and
// audited. Rules: docs/exams.md, src/domain/exams/score.h, remark.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import XLSX from 'xlsx';
import { api, admin, assertProblem, dbQuery, userWithRole } from '../lib.mjs';
import { HOUR, vnProvince, openSession, student, candidates, register } from './review_setup.mjs';

let root, org, session, officer, c1, c2, n1, n2;
const at = (ms) => new Date(ms).toISOString();

async function patch(body) {
  const res = await api('PATCH', `/api/v1/exams/sessions/${session.id}`, { token: root, body });
  assert.equal(res.status, 200, res.text);
}

const scores = () => dbQuery(`SELECT r.candidate_number, s.subject, s.score FROM exam_scores s JOIN exam_registrations r ON r.id = s.registration_id WHERE r.session_id = ${session.id} ORDER BY 1, 2`)
  .map(([n, s, v]) => `${n} ${s} ${v}`);

const importFile = (body, token = root) => api('POST', `/api/v1/exams/sessions/${session.id}/scores`, {
  token, body, headers: { 'content-type': Buffer.isBuffer(body) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' },
});

before(async () => {
  root = await admin();
  org = await vnProvince();
  session = await openSession(org);
  officer = await userWithRole('school_admin', org.school);
  const ids = [(await student(officer.token, org.school)).id, (await student(officer.token, org.school)).id];
  [c1, c2] = await candidates(officer.token, org.school, ids);
  const r1 = await register(session, c1);
  const r2 = await register(session, c2, { subjects: ['math', 'literature', 'history', 'geography'] });
  for (const r of [r1, r2]) {
    const rv = await api('POST', `/api/v1/exams/registrations/${r.id}/review`, { token: officer.token, body: { decision: 'confirmed' } });
    assert.equal(rv.status, 200, rv.text);
  }
  c1.reg = r1;
  c2.reg = r2;
  const now = Date.now();
  await patch({ closes_at: at(now - 1), results_at: at(now + 2 * HOUR), remarks_close_at: at(now + 3 * HOUR) });
  const a = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assert.equal(a.status, 200, a.text);
  const num = (id) => dbQuery(`SELECT candidate_number FROM exam_registrations WHERE id = ${id}`)[0][0];
  n1 = num(r1.id);
  n2 = num(r2.id);
});

test('a file with faulty rows is refused whole: 422 invalid_scores names each row, nothing is stored', async () => {
  const csv = [
    'candidate_number,subject,score',
    `${n1},math,7.25`,
    `01999999,math,5`,          // no such candidate
    `${n1},history,6`,          // not a subject of theirs
    `${n2},math,11`,            // out of range
    `${n2},literature,6.125`,   // three decimals
    `${n1},math,8`,             // twice
  ].join('\r\n');
  const res = await importFile(csv);
  assertProblem(res, 422, 'invalid_scores', 'body');
  assert.equal(res.json.error_count, 5);
  assert.deepEqual(res.json.errors.map((e) => [e.row, e.field, e.code]), [
    [3, 'candidate_number', 'unknown_candidate'],
    [4, 'subject', 'unknown_subject'],
    [5, 'score', 'invalid_score'],
    [6, 'score', 'invalid_score'],
    [7, 'subject', 'duplicate'],
  ]);
  assert.deepEqual(scores(), []);
  assertProblem(await importFile('candidate,subject\n1,math\n'), 422, 'invalid_scores', 'body');
});

test('a school officer may not import scores', async () => {
  assert.equal((await importFile(`candidate_number,subject,score\n${n1},math,7\n`, officer.token)).status, 403);
});

test('a CSV file of scores is imported whole, decimal commas too', async () => {
  const csv = `subject,candidate_number,score,note\nmath,${n1},7.25,x\nliterature,${n1},"6,5",\nphysics,${n1},8,\nchemistry,${n1},9.75,\nmath,${n2},5,\nliterature,${n2},10,\n`;
  const res = await importFile(csv);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.rows, 6);
  assert.equal(res.json.format, 'csv');
  assert.deepEqual(scores(), [
    `${n1} chemistry 975`, `${n1} literature 650`, `${n1} math 725`, `${n1} physics 800`,
    `${n2} literature 1000`, `${n2} math 500`,
  ]);
});

test('an XLSX workbook is read from its first sheet (shared strings and numbers) and replaces the scores it names', async () => {
  const sheet = XLSX.utils.aoa_to_sheet([
    ['candidate_number', 'subject', 'score'],
    [n2, 'history', 4.5],
    [n2, 'geography', '7,75'],
    [n2, 'math', 5.25],
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, sheet, 'Scores');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['ignored']]), 'Other');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true });
  const res = await importFile(buf);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.format, 'xlsx');
  assert.equal(res.json.rows, 3);
  assert.deepEqual(scores().filter((s) => s.startsWith(n2)), [
    `${n2} geography 775`, `${n2} history 450`, `${n2} literature 1000`, `${n2} math 525`,
  ]);
  // a faulty row in a workbook is named like a CSV's
  const bad = XLSX.utils.aoa_to_sheet([['candidate_number', 'subject', 'score'], [n2, 'math', 'ten']]);
  const wb2 = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb2, bad, 'S');
  const r2 = await importFile(XLSX.write(wb2, { type: 'buffer', bookType: 'xlsx' }));
  assertProblem(r2, 422, 'invalid_scores', 'body');
  assert.deepEqual(r2.json.errors.map((e) => [e.row, e.code]), [[2, 'invalid_score']]);
  // a zip that is not a workbook
  const z = Buffer.from('504b0304', 'hex');
  assertProblem(await importFile(Buffer.concat([z, Buffer.alloc(40)])), 422, 'invalid_scores', 'body');
});

test('before results_at the candidate gets 409 results_not_published; the office sees the scores', async () => {
  assertProblem(await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: c1.token }), 409, 'results_not_published');
  const res = await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: root });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.scores.length, 4);
});

test('after results_at each candidate sees their own results, and only theirs', async () => {
  const now = Date.now();
  await patch({ results_at: at(now - 1), remarks_close_at: at(now + HOUR) });
  const res = await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: c1.token });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.candidate_number, n1);
  assert.deepEqual(res.json.scores.map((s) => [s.subject, s.score, s.remark]), [
    ['chemistry', '9.75', null], ['literature', '6.50', null], ['math', '7.25', null], ['physics', '8.00', null],
  ]);
  assert.match(res.json.results_at, /\+07:00$/);
  assertProblem(await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: c2.token }), 404, 'not_found');
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exam_results_read'`);
  assert.ok(Number(audit[0][0]) >= 2);
});

test('re-marking: the candidate asks within the window, the office decides, old and new scores are kept', async () => {
  const ask = (body, token = c1.token) => api('POST', `/api/v1/exams/registrations/${c1.reg.id}/remarks`, { token, body });
  assertProblem(await ask({ subjects: ['biology'] }), 422, 'unknown_subject', 'subjects[0]');
  assertProblem(await ask({ subjects: 'math' }), 422, 'invalid', 'subjects');
  assert.notEqual((await ask({ subjects: ['math'] }, c2.token)).status, 201);
  const r = await ask({ subjects: ['math', 'physics'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.created, 2);
  const again = await ask({ subjects: ['math'] });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.created, 0);
  const res = await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: c1.token });
  const math = res.json.scores.find((s) => s.subject === 'math');
  assert.equal(math.remark.status, 'requested');
  assert.equal(math.remark.old_score, '7.25');
  assert.equal(math.remark.new_score, null);
  // the office decides
  const decide = (body, token = root) => api('POST', `/api/v1/exams/remarks/${math.remark.id}/decision`, { token, body });
  assert.equal((await decide({ score: '8.5' }, officer.token)).status, 403);
  assertProblem(await decide({ score: '12' }), 422, 'invalid', 'score');
  const d = await decide({ score: '8.5' });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual([d.json.subject, d.json.old_score, d.json.new_score], ['math', '7.25', '8.50']);
  assertProblem(await decide({ score: '9' }), 409, 'already_decided');
  const after = await api('GET', `/api/v1/exams/registrations/${c1.reg.id}/results`, { token: c1.token });
  const m2 = after.json.scores.find((s) => s.subject === 'math');
  assert.equal(m2.score, '8.50');
  assert.deepEqual([m2.remark.status, m2.remark.old_score, m2.remark.new_score], ['decided', '7.25', '8.50']);
  const trail = dbQuery(`SELECT count(*) FROM audit_log WHERE action IN ('exam_remark_request', 'exam_remark_decide')`);
  assert.ok(Number(trail[0][0]) >= 3);
});

test('outside the window re-marking is refused: 409 remarks_closed', async () => {
  // results_at stays where the test before put it, before now
  await patch({ remarks_close_at: at(Date.now() - 1) });
  assertProblem(await api('POST', `/api/v1/exams/registrations/${c1.reg.id}/remarks`, { token: c1.token, body: { subjects: ['chemistry'] } }), 409, 'remarks_closed');
  assert.equal(dbQuery(`SELECT count(*) FROM exam_remarks WHERE registration_id = ${c1.reg.id} AND subject = 'chemistry'`)[0][0], '0');
});
