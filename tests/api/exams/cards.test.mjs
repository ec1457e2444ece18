// Admission cards (issue 13, part 7): a seated candidate's card is a
// Verifiable Credential signed with the exam office's key as school records
// are signed; `tabula verify` accepts it offline (by its did:key, and
// against the trust list) and so does POST /api/v1/verify; a changed card
// fails; the QR holds the whole signed card. Rules: docs/exams.md,
// src/domain/exams/card.h.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { api, admin, assertProblem, cli, DB, startServer, signingSecret, userWithRole } from '../lib.mjs';
import { vnProvince, openSession, student, candidates, register } from './review_setup.mjs';

const SECRET = signingSecret();
// The suite's server has no secret; this one, on the same database, signs.
const srv = await startServer(['--secret-file', SECRET]);
after(() => srv.stop());
const base = srv.url;
const TMP = process.env.TABULA_TMP;
const call = (method, path, token, headers) => api(method, path, { token, base, headers });

let root, org, session, officer, seated, unseated, card;

before(async () => {
  root = await admin();
  org = await vnProvince();
  session = await openSession(org);
  officer = await userWithRole('school_admin', org.school);
  const ids = [(await student(officer.token, org.school)).id, (await student(officer.token, org.school)).id];
  const [c1, c2] = await candidates(officer.token, org.school, ids);
  const r1 = await register(session, c1);
  const r2 = await register(session, c2);
  const rv = await api('POST', `/api/v1/exams/registrations/${r1.id}/review`, { token: officer.token, body: { decision: 'confirmed' } });
  assert.equal(rv.status, 200, rv.text);
  const p = await api('PATCH', `/api/v1/exams/sessions/${session.id}`, { token: root, body: { closes_at: new Date(Date.now() - 1).toISOString() } });
  assert.equal(p.status, 200, p.text);
  const a = await api('POST', `/api/v1/exams/sessions/${session.id}/assign`, { token: root });
  assert.equal(a.status, 200, a.text);
  seated = { ...c1, reg: r1 };
  unseated = { ...c2, reg: r2 };
});

function tabulaVerify(cred, listFile) {
  const file = `${TMP}/card-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, JSON.stringify(cred));
  return cli(['verify', ...(listFile ? ['--trust-list', listFile] : []), file]);
}

function trustListFile() {
  const r = cli(['trust-list', '--db', DB, '--secret-file', SECRET]);
  assert.equal(r.status, 0, r.stderr);
  const file = `${TMP}/trust-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, r.stdout);
  return file;
}

test('signing needs the server secret: 503 signing_unavailable without it', async () => {
  assertProblem(await api('GET', `/api/v1/exams/registrations/${seated.reg.id}/card`, { token: seated.token }), 503, 'signing_unavailable');
});

test('the candidate gets their card: a credential with their seat, signed with the office key', async () => {
  const res = await call('GET', `/api/v1/exams/registrations/${seated.reg.id}/card`, seated.token);
  assert.equal(res.status, 200, res.text);
  card = res.json.credential;
  assert.match(res.json.candidate_number, /^01\d{6}$/);
  assert.deepEqual(card.type, ['VerifiableCredential', 'ExamAdmissionCard']);
  assert.equal(card.issuer.code, org.province);
  assert.match(card.issuer.id, /^did:key:z6Mk/);
  const s = card.credentialSubject;
  assert.equal(s.candidate_number, res.json.candidate_number);
  assert.equal(s.registration, seated.reg.id);
  assert.equal(s.council, '01');
  assert.ok(s.room >= 1 && s.seat >= 1 && s.seat <= 24);
  assert.deepEqual(s.subjects, ['math', 'literature', 'physics', 'chemistry']);
  assert.equal(card.proof.length, 1);
  assert.equal(card.proof[0].cryptosuite, 'eddsa-jcs-2022');
  assert.equal(card.proof[0].verificationMethod.split('#')[0], card.issuer.id);
});

test('tabula verify accepts the card offline, by its key and against the trust list; a changed card fails', async () => {
  const plain = tabulaVerify(card);
  assert.equal(plain.status, 0, plain.stdout + plain.stderr);
  const list = trustListFile();
  const listed = tabulaVerify(card, list);
  assert.equal(listed.status, 0, listed.stdout + listed.stderr);
  assert.match(listed.stdout, /exam office/);
  for (const change of [
    (c) => { c.credentialSubject.seat += 1; },
    (c) => { c.credentialSubject.candidate_number = '01999999'; },
    (c) => { c.credentialSubject.family_name = 'Someone Else'; },
  ]) {
    const t = structuredClone(card);
    change(t);
    assert.equal(tabulaVerify(t).status, 1);
    assert.equal(tabulaVerify(t, list).status, 1);
  }
});

test('POST /api/v1/verify finds the card valid, and a changed one not', async () => {
  const ok = await api('POST', '/api/v1/verify', { body: card });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.valid, true, ok.text);
  const t = structuredClone(card);
  t.credentialSubject.room += 1;
  const bad = await api('POST', '/api/v1/verify', { body: t });
  assert.equal(bad.status, 200, bad.text);
  assert.equal(bad.json.valid, false);
});

test('Accept: image/svg+xml gives the QR code of the signed card', async () => {
  const res = await call('GET', `/api/v1/exams/registrations/${seated.reg.id}/card`, seated.token, { accept: 'image/svg+xml' });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(res.text, /<svg[^>]*>/);
  assert.match(res.text, /<path /);
});

test('no card before the seating, and none for someone else', async () => {
  assertProblem(await call('GET', `/api/v1/exams/registrations/${unseated.reg.id}/card`, unseated.token), 409, 'not_assigned');
  assertProblem(await call('GET', `/api/v1/exams/registrations/${seated.reg.id}/card`, unseated.token), 404, 'not_found');
});
