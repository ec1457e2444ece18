// School review (issue 13, part 6): the school's exam officer (its
// school_admin) lists the school's registrations, confirms them or returns
// them with a reason; every review is kept; the candidate sees the status
// and the reason; an edit of a returned registration puts it back to
// submitted; a registration is not confirmed while evidence is missing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, dbQuery } from '../lib.mjs';
import { count, png, register, world } from './review_setup.mjs';

let w, plain, claimed;
const review = (id, token, body) => api('POST', `/api/v1/exams/registrations/${id}/review`, { token, body });
const mine = (id, cand) => api('GET', `/api/v1/exams/registrations/${id}`, { token: cand.token });

before(async () => {
  w = await world(2);
  plain = await register(w.session, w.cands[0]);
  claimed = await register(w.session, w.cands[1], { category: 'UT1' });
});

test("the school's officer lists the school's registrations, submitted", async () => {
  const res = await api('GET', `/api/v1/exams/sessions/${w.session.id}/registrations?school=${w.org.school}`, { token: w.officer.token });
  assert.equal(res.status, 200, res.text);
  const items = res.json.items.filter((i) => [plain.id, claimed.id].includes(i.id));
  assert.equal(items.length, 2);
  for (const i of items) assert.equal(i.status, 'submitted');
  assert.equal(plain.status, 'submitted');
  assert.equal(plain.status_reason, null);
});

test('a decision is confirmed or returned, a return needs a reason; nothing changes on a refusal', async () => {
  const t = w.officer.token;
  assertProblem(await review(plain.id, t, {}), 422, 'required', 'decision');
  assertProblem(await review(plain.id, t, { decision: 'accepted' }), 422, 'invalid', 'decision');
  assertProblem(await review(plain.id, t, { decision: 'returned' }), 422, 'required', 'reason');
  assertProblem(await review(plain.id, t, { decision: 'returned', reason: '' }), 422, 'required', 'reason');
  assertProblem(await review(plain.id, t, { decision: 'returned', reason: 'x'.repeat(501) }), 422);
  assert.equal(count(`SELECT count(*) FROM exam_reviews WHERE registration_id = ${plain.id}`), 0);
  assert.equal((await mine(plain.id, w.cands[0])).json.status, 'submitted');
});

test('only the staff of the school review: others are refused, out of sight as 404', async () => {
  assertProblem(await review(plain.id, w.officer2.token, { decision: 'confirmed' }), 404, 'not_found');
  assertProblem(await review(plain.id, w.teacher.token, { decision: 'confirmed' }), 403, 'forbidden');
  assertProblem(await review(plain.id, w.cands[0].token, { decision: 'confirmed' }), 403, 'forbidden');
  assertProblem(await review(999999999, w.officer.token, { decision: 'confirmed' }), 404, 'not_found');
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.review' AND allowed = 0 AND subject = 'exam_registration:${plain.id}'`), 1);
  assert.equal((await mine(plain.id, w.cands[0])).json.status, 'submitted');
});

test('confirming is refused while a claimed category has no evidence (409 missing_evidence); returning is not', async () => {
  const res = await review(claimed.id, w.officer.token, { decision: 'confirmed' });
  assertProblem(res, 409, 'missing_evidence');
  assert.match(res.json.detail, /category:UT1/);
  assert.equal(res.json.missing, 'category:UT1');
  assert.equal((await mine(claimed.id, w.cands[1])).json.status, 'submitted');
  const ret = await review(claimed.id, w.officer.token, { decision: 'returned', reason: 'Upload your UT1 certificate.' });
  assert.equal(ret.status, 200, ret.text);
  const up = await api('POST', `/api/v1/exams/registrations/${claimed.id}/evidence?kind=category&code=UT1`, { token: w.cands[1].token, body: png() });
  assert.equal(up.status, 201, up.text);
  const ok = await review(claimed.id, w.officer.token, { decision: 'confirmed' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'confirmed');
  assert.deepEqual(ok.json.missing_evidence, []);
});

test('return, edit, confirm: the candidate sees each status, every review is kept with who and when', async () => {
  const reason = 'Chọn lại môn tự chọn: thiếu môn thứ hai.';
  const t0 = Date.now();
  const ret = await review(plain.id, w.officer.token, { decision: 'returned', reason });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.status, 'returned');
  assert.equal(ret.json.status_reason, reason);
  let seen = await mine(plain.id, w.cands[0]);
  assert.equal(seen.json.status, 'returned');
  assert.equal(seen.json.status_reason, reason);
  assert.equal(seen.json.reviews.length, 1);
  assert.equal(seen.json.reviews[0].decision, 'returned');
  assert.equal(seen.json.reviews[0].reason, reason);
  assert.equal(seen.json.reviews[0].by, w.officer.username);
  assert.ok(Date.parse(seen.json.reviews[0].at) >= t0 - 1000);
  const edit = await api('PUT', `/api/v1/exams/registrations/${plain.id}`, {
    token: w.cands[0].token, body: { subjects: ['math', 'literature', 'history', 'geography'], exemptions: [], category: null },
  });
  assert.equal(edit.status, 200, edit.text);
  seen = await mine(plain.id, w.cands[0]);
  assert.equal(seen.json.status, 'submitted', 'an edit of a returned registration is submitted again');
  const ok = await review(plain.id, w.officer.token, { decision: 'confirmed', reason: 'ignored' });
  assert.equal(ok.status, 200, ok.text);
  seen = await mine(plain.id, w.cands[0]);
  assert.equal(seen.json.status, 'confirmed');
  assert.equal(seen.json.status_reason, null);
  assert.deepEqual(seen.json.reviews.map((r) => [r.decision, r.reason, r.by]),
    [['returned', reason, w.officer.username], ['confirmed', null, w.officer.username]]);
  const rows = dbQuery(`SELECT decision, created_by FROM exam_reviews WHERE registration_id = ${plain.id} ORDER BY id`);
  assert.equal(rows.length, 2);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.review' AND allowed = 1 AND subject = 'exam_registration:${plain.id}'`), 2);
});

test('a province officer above the school reviews too; after rooms are assigned nothing is reviewed', async () => {
  const x = await world(1);
  const r = await register(x.session, x.cands[0]);
  const { userWithRole } = await import('../lib.mjs');
  const prov = await userWithRole('province_officer', x.org.province);
  const ok = await review(r.id, prov.token, { decision: 'confirmed' });
  assert.equal(ok.status, 200, ok.text);
  dbQuery(`UPDATE exam_sessions SET assigned_at = ${Date.now()} WHERE id = ${x.session.id}`);
  assertProblem(await review(r.id, x.officer.token, { decision: 'returned', reason: 'late' }), 409, 'rooms_assigned');
  assert.equal(count(`SELECT count(*) FROM exam_reviews WHERE registration_id = ${r.id}`), 1);
});

test('an edit of a confirmed registration is submitted again: the school reviews the new version', async () => {
  const x = await world(1);
  const r = await register(x.session, x.cands[0]);
  const ok = await review(r.id, x.officer.token, { decision: 'confirmed' });
  assert.equal(ok.json.status, 'confirmed');
  const edit = await api('PUT', `/api/v1/exams/registrations/${r.id}`, {
    token: x.cands[0].token, body: { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: 'UT2' },
  });
  assert.equal(edit.status, 200, edit.text);
  const seen = await mine(r.id, x.cands[0]);
  assert.equal(seen.json.status, 'submitted');
  assert.deepEqual(seen.json.missing_evidence, ['category:UT2']);
  assertProblem(await review(r.id, x.officer.token, { decision: 'confirmed' }), 409, 'missing_evidence');
});
