// Evidence for a priority category or an exemption (issue 13, part 3):
// the raw body typed by its content, kept in the store with its SHA-256,
// downloaded as an attachment by the candidate and the reviewing staff
// only, every upload and download audited; a claim shows in
// missing_evidence until it has some.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { api, assertProblem, dbQuery } from '../lib.mjs';
import { count, pdf, png, register, world, zip } from './review_setup.mjs';

const sha = (b) => createHash('sha256').update(b).digest('hex');
let w, reg, other;

const upload = (id, token, body, q = 'kind=category&code=UT1', type = 'application/octet-stream') =>
  api('POST', `/api/v1/exams/registrations/${id}/evidence?${q}`, { token, body, headers: { 'content-type': type } });

before(async () => {
  w = await world(2);
  reg = await register(w.session, w.cands[0], {
    subjects: ['math', 'literature', 'foreign_language', 'physics'],
    category: 'UT1', exemptions: ['foreign_language_certificate'],
  });
  other = await register(w.session, w.cands[1]);
});

test('a registration claiming a category and an exemption lists both as missing evidence', async () => {
  const got = await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token: w.cands[0].token });
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json.missing_evidence, ['category:UT1', 'exemption:foreign_language_certificate']);
  assert.deepEqual(got.json.evidence, []);
  const plain = await api('GET', `/api/v1/exams/registrations/${other.id}`, { token: w.cands[1].token });
  assert.deepEqual(plain.json.missing_evidence, []);
});

test('files are typed by their bytes: HTML named .pdf and a zip are refused with 415 and nothing is stored', async () => {
  const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script>certificate.pdf</body></html>');
  const a = await upload(reg.id, w.cands[0].token, html, 'kind=category&code=UT1', 'application/pdf');
  assertProblem(a, 415, 'unsupported_media_type', 'file');
  const b = await upload(reg.id, w.cands[0].token, zip('certificate.pdf', pdf()), 'kind=category&code=UT1', 'application/pdf');
  assertProblem(b, 415, 'unsupported_media_type', 'file');
  assertProblem(await upload(reg.id, w.cands[0].token, Buffer.alloc(0)), 422, 'required', 'file');
  assert.equal(count(`SELECT count(*) FROM exam_evidence WHERE registration_id = ${reg.id}`), 0);
});

test('the query names a claim the registration makes', async () => {
  const t = w.cands[0].token;
  assertProblem(await upload(reg.id, t, png(), 'code=UT1'), 422, 'required', 'kind');
  assertProblem(await upload(reg.id, t, png(), 'kind=region&code=UT1'), 422, 'invalid', 'kind');
  assertProblem(await upload(reg.id, t, png(), 'kind=category'), 422, 'required', 'code');
  assertProblem(await upload(reg.id, t, png(), 'kind=category&code=UT2'), 422, 'evidence_not_claimed', 'code');
  assertProblem(await upload(reg.id, t, png(), 'kind=exemption&code=UT1'), 422, 'evidence_not_claimed', 'code');
  assertProblem(await upload(other.id, w.cands[1].token, png(), 'kind=category&code=UT1'), 422, 'evidence_not_claimed', 'code');
  assert.equal(count(`SELECT count(*) FROM exam_evidence WHERE registration_id IN (${reg.id}, ${other.id})`), 0);
});

test('more than 8 MiB is refused before it is read', async () => {
  const big = Buffer.concat([png(), Buffer.alloc(8 * 1024 * 1024)]);
  const res = await upload(reg.id, w.cands[0].token, big);
  assert.equal(res.status, 413, res.text);
  assert.equal(res.json.code, 'body_too_large');
});

test('only the candidate and the staff of the school upload; others see nothing', async () => {
  assertProblem(await upload(reg.id, w.cands[1].token, png()), 404, 'not_found');
  assertProblem(await upload(reg.id, w.officer2.token, png()), 404, 'not_found');
  assertProblem(await upload(reg.id, w.teacher.token, png()), 404, 'not_found');
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.evidence.upload' AND allowed = 0 AND subject = 'exam_registration:${reg.id}'`), 3);
});

test('an upload is stored with its found type and hash; the same bytes again answer the same item', async () => {
  const file = png(3, 3);
  const res = await upload(reg.id, w.cands[0].token, file, 'kind=category&code=UT1', 'image/jpeg');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.media_type, 'image/png');
  assert.equal(res.json.sha256, sha(file));
  assert.equal(res.json.size, file.length);
  assert.equal(res.json.kind, 'category');
  assert.equal(res.json.code, 'UT1');
  assert.equal(res.json.uploaded_by, w.cands[0].username);
  assert.match(res.json.uploaded_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$/);
  assert.equal(res.headers.get('location'), `/api/v1/exams/registrations/${reg.id}/evidence/${res.json.id}`);
  const again = await upload(reg.id, w.cands[0].token, file);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.id, res.json.id);
  assert.equal(count(`SELECT count(*) FROM exam_evidence WHERE registration_id = ${reg.id}`), 1);
  const stored = dbQuery(`SELECT media_type, size, sha256 FROM exam_evidence WHERE id = ${res.json.id}`);
  assert.deepEqual(stored, [['image/png', String(file.length), sha(file)]]);
  // The school's officer uploads the exemption's certificate handed in on paper.
  const cert = pdf('IELTS 6.5');
  const ex = await upload(reg.id, w.officer.token, cert, 'kind=exemption&code=foreign_language_certificate');
  assert.equal(ex.status, 201, ex.text);
  assert.equal(ex.json.media_type, 'application/pdf');
  const got = await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token: w.cands[0].token });
  assert.deepEqual(got.json.missing_evidence, []);
  assert.deepEqual(got.json.evidence.map((e) => [e.kind, e.code, e.sha256]),
    [['category', 'UT1', sha(file)], ['exemption', 'foreign_language_certificate', sha(cert)]]);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.evidence.upload' AND allowed = 1 AND subject LIKE 'exam_registration:${reg.id} evidence:%'`), 3);
});

test('downloads: an attachment with the stored type and a strict CSP, for the candidate and the school only, audited', async () => {
  const file = pdf('UT1 certificate');
  const up = await upload(reg.id, w.cands[0].token, file);
  assert.equal(up.status, 201, up.text);
  const path = `/api/v1/exams/registrations/${reg.id}/evidence/${up.json.id}`;
  for (const who of [w.cands[0], w.officer]) {
    const res = await fetch(process.env.TABULA_URL + path, { headers: { authorization: `Bearer ${who.token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="evidence-\d+\.pdf"$/);
    assert.match(res.headers.get('content-security-policy'), /sandbox/);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(sha(Buffer.from(await res.arrayBuffer())), sha(file));
  }
  for (const who of [w.cands[1], w.officer2, w.teacher]) assertProblem(await api('GET', path, { token: who.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/exams/registrations/${reg.id}/evidence/999999999`, { token: w.cands[0].token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/exams/registrations/${other.id}/evidence/${up.json.id}`, { token: w.cands[1].token }), 404, 'not_found');
  const subject = `exam_registration:${reg.id} evidence:${up.json.id}`;
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.evidence.read' AND allowed = 1 AND subject = '${subject}'`), 2);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.evidence.read' AND allowed = 0 AND subject = '${subject}'`), 3);
});

test('after the closing an upload is refused unless the school returned the registration', async () => {
  const x = await world(1);
  const r = await register(x.session, x.cands[0], { category: 'UT2' });
  dbQuery(`UPDATE exam_sessions SET closes_at_ms = ${Date.now() - 1000} WHERE id = ${x.session.id}`);
  const closed = await api('POST', `/api/v1/exams/registrations/${r.id}/evidence?kind=category&code=UT2`,
    { token: x.cands[0].token, body: png(), headers: { 'accept-language': 'vi' } });
  assertProblem(closed, 409, 'registration_closed');
  assert.match(closed.json.closes_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  assert.match(closed.json.detail, /ngày \d\d\/\d\d\/\d{4}/);
  const ret = await api('POST', `/api/v1/exams/registrations/${r.id}/review`, { token: x.officer.token, body: { decision: 'returned', reason: 'Send the certificate of your category.' } });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.status, 'returned');
  const up = await upload(r.id, x.cands[0].token, png(), 'kind=category&code=UT2');
  assert.equal(up.status, 201, up.text);
  const got = await api('GET', `/api/v1/exams/registrations/${r.id}`, { token: x.cands[0].token });
  assert.equal(got.json.status, 'submitted', 'the candidate answered the school');
  assert.equal(got.json.status_reason, null);
  dbQuery(`UPDATE exam_sessions SET assigned_at = ${Date.now()} WHERE id = ${x.session.id}`);
  assertProblem(await upload(r.id, x.cands[0].token, pdf(), 'kind=category&code=UT2'), 409, 'rooms_assigned');
});
