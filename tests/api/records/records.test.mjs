// Signed school records (issue 7): assembled from locked report cards,
// signed by the homeroom teacher and sealed by the principal, verified by an
// independent verifier (vc-verifier.mjs), by `tabula verify` and by
// POST /api/v1/verify; corrections, key rotation and revocation, the trust
// list, and who may read what.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  api, admin, assertProblem, cli, dbQuery, DB, startServer, signingSecret, studentAccount, userWithRole,
} from '../lib.mjs';
import { vnClass } from '../teaching.mjs';
import { canonicalize, verifyProof } from '../vc-verifier.mjs';

const TMP = process.env.TABULA_TMP;
const SECRET = signingSecret();
// The suite's server has no secret; this one, on the same database, signs.
const srv = await startServer(['--secret-file', SECRET]);
after(() => srv.stop());
const base = srv.url;
const YEAR = '2025-2026';

const call = (method, path, token, body) => api(method, path, { token, body, base });
const keyOf = (method) => method.split('#')[1];

/** A VN lower-secondary class of `students` with TOAN (scored) and GDTC (commented) graded for both terms. */
async function gradedClass({ students = 3, lock = true } = {}) {
  const token = await admin();
  const c = await vnClass(token, { students });
  for (const subject of ['TOAN', 'GDTC']) {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject, teacher: c.teacher.username } });
    assert.equal(r.status, 200, r.text);
  }
  const save = async (subject, term, assessment, values) => {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/grades`, {
      token: c.teacher.token,
      body: { subject, term, assessment, grades: c.ids.map((student, i) => ({ student, value: values[i % values.length] })) },
    });
    assert.equal(r.status, 200, r.text);
  };
  for (const term of [1, 2]) {
    await save('TOAN', term, 'regular1', [8, 6.5, 9]);
    await save('TOAN', term, 'midterm', [7, 5, 9.5]);
    await save('TOAN', term, 'final', [term === 1 ? 7 : 9, 6, 10]);
    await save('GDTC', term, 'pass', [true, true, false]);
  }
  const principal = await userWithRole('school_admin', c.school);
  if (lock) for (const term of [1, 2]) await lockTerm(principal.token, c.school, term);
  return { token, principal, ...c };
}

async function lockTerm(token, school, term) {
  const r = await api('POST', `/api/v1/orgs/${school}/terms/lock`, { token, body: { school_year: YEAR, term } });
  assert.equal(r.status, 200, r.text);
}

/** Unlock term 2, change student 0's TOAN final, lock again. */
async function correctGrade(c, value) {
  const u = await api('POST', `/api/v1/orgs/${c.school}/terms/unlock`, { token: c.principal.token, body: { school_year: YEAR, term: 2, reason: 'Wrong final entered' } });
  assert.equal(u.status, 200, u.text);
  const s = await api('POST', `/api/v1/classes/${c.cls.id}/grades`, {
    token: c.teacher.token, body: { subject: 'TOAN', term: 2, assessment: 'final', grades: [{ student: c.ids[0], value }] },
  });
  assert.equal(s.status, 200, s.text);
  await lockTerm(c.principal.token, c.school, 2);
}

/** Draft, teacher's signature and principal's seal of student i's record. */
async function sealedRecord(c, i = 0) {
  const d = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[i], school_year: YEAR });
  assert.equal(d.status, 201, d.text);
  const t = await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token);
  assert.equal(t.status, 200, t.text);
  const p = await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.status, 'sealed');
  const g = await call('GET', `/api/v1/records/${d.json.id}`, c.principal.token);
  assert.equal(g.status, 200, g.text);
  return { id: d.json.id, cred: g.json };
}

function tabulaVerify(cred, listFile, extra = []) {
  const file = `${TMP}/record-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, JSON.stringify(cred));
  return cli(['verify', ...(listFile ? ['--trust-list', listFile] : []), ...extra, file]);
}

function trustListFile(school) {
  const r = cli(['trust-list', '--db', DB, '--secret-file', SECRET, ...(school ? ['--school', school] : [])]);
  assert.equal(r.status, 0, r.stderr);
  const file = `${TMP}/trust-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, r.stdout);
  return { file, list: JSON.parse(r.stdout) };
}

const verifyOnline = async (cred) => {
  const r = await api('POST', '/api/v1/verify', { body: cred });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const check = (v, name) => v.checks.find((c) => c.check === name);

test('records need both terms locked, and signing needs the server secret', async () => {
  const c = await gradedClass({ lock: false });
  assertProblem(await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: YEAR }), 409, 'term_not_locked', 'school_year');
  await lockTerm(c.principal.token, c.school, 1);
  assertProblem(await call('POST', `/api/v1/classes/${c.cls.id}/records/sign`, c.teacher.token), 409, 'term_not_locked', 'school_year');
  await lockTerm(c.principal.token, c.school, 2);
  // The suite's own server has no secret: drafts yes, signatures no.
  const d = await api('POST', '/api/v1/records', { token: c.teacher.token, body: { student: c.ids[0], school_year: YEAR } });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.status, 'draft');
  assertProblem(await api('POST', `/api/v1/records/${d.json.id}/sign`, { token: c.teacher.token }), 503, 'signing_unavailable');
  assertProblem(await api('GET', '/api/v1/trust-list'), 503, 'signing_unavailable');
  // Nothing was signed, no key was made.
  const [[keys]] = dbQuery(`SELECT count(*) FROM signing_keys k JOIN orgs o ON o.id = k.org_id WHERE o.code = '${c.school}'`);
  assert.equal(Number(keys), 0);
  // The secret's holder signs the same draft.
  const t = await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.status, 'teacher_signed');
  assert.equal(t.json.homeroom_teacher.username, c.teacher.username);
});

test('the homeroom teacher signs and the principal seals: a W3C credential any verifier accepts, and rejects after any change', async () => {
  const c = await gradedClass();
  const d = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: YEAR });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.version, 1);
  // The draft is a credential without issuer key, date or proof, for review.
  const draft = (await call('GET', `/api/v1/records/${d.json.id}`, c.teacher.token)).json;
  assert.equal(draft.proof, undefined);
  assert.equal(draft.validFrom, undefined);
  const sub = draft.credentialSubject;
  assert.equal(sub.tabulaId, c.ids[0]);
  assert.equal(sub.schoolRecord.schoolYear, YEAR);
  assert.equal(sub.schoolRecord.class, '6A');
  assert.equal(sub.schoolRecord.policy, 'vn-tt22');
  const toan = sub.schoolRecord.subjects.find((s) => s.code === 'TOAN');
  // Term I: (8 + 14 + 21) / 6 = 7.17 -> 7.2; term II: (8 + 14 + 27) / 6 = 8.17 -> 8.2;
  // year: (7.2 + 16.4) / 3 = 7.87 -> 7.9. Decimal strings, never binary floats.
  assert.deepEqual([toan.terms, toan.year], [['7.2', '8.2'], '7.9']);
  assert.deepEqual(sub.schoolRecord.subjects.find((s) => s.code === 'GDTC').terms, ['dat', 'dat']);
  assert.equal(sub.schoolRecord.outcome.result, 'chua_dat'); // fewer than six scored subjects
  assert.equal(sub.schoolRecord.attendance, undefined); // none taken
  assert.match(sub.nationalId.value, /^\d{12}$/);

  // Only the homeroom teacher signs first; the principal cannot skip them.
  const other = await userWithRole('teacher', c.school);
  assertProblem(await call('POST', `/api/v1/records/${d.json.id}/sign`, other.token), 404, 'not_found');
  assertProblem(await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token), 403, 'not_homeroom_teacher');
  assert.equal((await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token)).json.status, 'teacher_signed');
  assertProblem(await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token), 403, 'not_principal');
  const sealed = await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token);
  assert.equal(sealed.json.status, 'sealed', sealed.text);
  assert.equal(sealed.json.principal.username, c.principal.username);
  assertProblem(await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token), 409, 'already_sealed');

  const cred = (await call('GET', `/api/v1/records/${d.json.id}`, c.principal.token)).json;
  assert.deepEqual(cred['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://tabula.example/ns/records/v1']);
  assert.deepEqual(cred.type, ['VerifiableCredential', 'SchoolRecordCredential']);
  assert.match(cred.id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(cred.issuer.id, /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
  assert.equal(cred.issuer.code, c.school);
  assert.ok(Date.parse(cred.validFrom) <= Date.now());
  assert.deepEqual(cred.credentialSubject, sub);
  assert.equal(cred.proof.length, 2);
  for (const p of cred.proof) {
    assert.equal(p.type, 'DataIntegrityProof');
    assert.equal(p.cryptosuite, 'eddsa-jcs-2022');
    assert.equal(p.proofPurpose, 'assertionMethod');
    assert.match(p.verificationMethod, /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)#\1$/);
  }
  assert.notEqual(cred.proof[0].verificationMethod, cred.proof[1].verificationMethod);

  // The independent verifier (no Tabula code) accepts both proofs.
  for (const p of cred.proof) assert.equal(verifyProof(cred, p, keyOf(p.verificationMethod)), true);
  // tabula verify, offline: by the did:keys alone, and against the trust list.
  const byKeys = tabulaVerify(cred);
  assert.equal(byKeys.status, 0, byKeys.stdout);
  assert.match(byKeys.stdout, /proof 2 .*: valid/);
  const { file: list } = trustListFile();
  const offline = tabulaVerify(cred, list);
  assert.equal(offline.status, 0, offline.stdout + offline.stderr);
  for (const line of [/^trust list: \d+ keys .*: valid/m, /^signature:1: ok/m, /^signature:2: ok/m, /^trust: ok/m, /^revocation: ok/m, /^supersession: skipped/m, /^dates: ok/m, /^record: valid$/m]) {
    assert.match(offline.stdout, line);
  }
  // And online, without logging in.
  const v = await verifyOnline(cred);
  assert.equal(v.valid, true, JSON.stringify(v));
  assert.deepEqual(v.checks.map((x) => [x.check, x.ok]), [['signature:1', true], ['signature:2', true], ['trust', true], ['revocation', true], ['supersession', true], ['dates', true]]);
  assert.equal(v.status, 'sealed');

  // Any change is caught by all three.
  const changes = [
    (x) => { x.credentialSubject.schoolRecord.subjects[0].year = '9.9'; },
    (x) => { x.credentialSubject.familyName += 'x'; },
    (x) => { x.credentialSubject.schoolRecord.outcome.result = 'tot'; },
    (x) => { x.validFrom = '2020-01-01T00:00:00Z'; },
    (x) => { x.issuer.name = 'Another school'; },
    (x) => { x.type.push('DiplomaCredential'); },
    (x) => { x.proof[1].created = '2020-01-01T00:00:00Z'; },
    (x) => { x.proof[0].proofValue = x.proof[1].proofValue; },
  ];
  for (const [i, change] of changes.entries()) {
    const x = structuredClone(cred);
    change(x);
    assert.ok(x.proof.some((p) => !verifyProof(x, p, keyOf(p.verificationMethod))), `independent verifier missed change ${i}`);
    const r = tabulaVerify(x, list);
    assert.equal(r.status, 1, `tabula verify missed change ${i}: ${r.stdout}`);
    assert.match(r.stdout, /^signature:\d: FAILED/m);
    const o = await verifyOnline(x);
    assert.equal(o.valid, false, `POST /verify missed change ${i}`);
  }
  // A proof taken away: the signatures left verify, but a record needs both.
  const one = structuredClone(cred);
  one.proof.pop();
  const o1 = await verifyOnline(one);
  assert.equal(o1.valid, false);
  assert.equal(check(o1, 'signature:1').ok, true);
  assert.equal(check(o1, 'trust').ok, false);
  assert.match(check(o1, 'trust').detail, /two proofs/);
});

test('a freshly signed record\'s two proofs carry the credential\'s @context and verify', async () => {
  const c = await gradedClass({ students: 1 });
  const { cred } = await sealedRecord(c);
  assert.equal(cred.proof.length, 2);
  for (const p of cred.proof) {
    assert.deepEqual(p['@context'], cred['@context']);
    assert.equal(verifyProof(cred, p, keyOf(p.verificationMethod)), true);
  }
  assert.equal((await verifyOnline(cred)).valid, true);
  const offline = tabulaVerify(cred);
  assert.equal(offline.status, 0, offline.stdout);
  // The proof's @context is signed and checked against the document's.
  const x = structuredClone(cred);
  x.proof[1]['@context'] = [...cred['@context']].reverse();
  assert.equal(verifyProof(x, x.proof[1], keyOf(x.proof[1].verificationMethod)), false);
  const o = await verifyOnline(x);
  assert.equal(o.valid, false);
  assert.equal(check(o, 'signature:1').ok, true);
  assert.equal(check(o, 'signature:2').ok, false);
  assert.match(check(o, 'signature:2').detail, /@context/);
  assert.equal(tabulaVerify(x).status, 1);
});

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes) {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; out = `1${out}`; }
  return out;
}

/** Add an eddsa-jcs-2022 proof made with a fresh key in node (not Tabula's). */
function signWithStrangerKey(doc) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  const mk = `z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
  const options = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), verificationMethod: `did:key:${mk}#${mk}`, proofPurpose: 'assertionMethod' };
  const unsecured = { ...doc };
  delete unsecured.proof;
  const sha = (x) => createHash('sha256').update(canonicalize(x), 'utf8').digest();
  const sig = sign(null, Buffer.concat([sha(options), sha(unsecured)]), privateKey);
  return { ...options, proofValue: `z${base58(sig)}` };
}

test('a record signed by a key Tabula does not know, or moved to another school, fails trust', async () => {
  const c = await gradedClass();
  const a = await sealedRecord(c, 0);
  // A forger re-signs a better record with keys of their own: the
  // signatures verify, but the keys are no school's.
  const forged = structuredClone(a.cred);
  forged.credentialSubject.schoolRecord.outcome.result = 'tot';
  forged.proof = [signWithStrangerKey(forged), signWithStrangerKey(forged)];
  assert.equal(verifyProof(forged, forged.proof[0], keyOf(forged.proof[0].verificationMethod)), true);
  const v = await verifyOnline(forged);
  assert.equal(v.valid, false);
  assert.deepEqual([check(v, 'signature:1').ok, check(v, 'signature:2').ok, check(v, 'trust').ok], [true, true, false]);
  assert.match(check(v, 'trust').detail, /not a known signing key/);
  assert.equal(check(v, 'supersession').ok, false); // not the record on file
  const { file: list } = trustListFile();
  const off = tabulaVerify(forged, list);
  assert.equal(off.status, 1, off.stdout);
  assert.match(off.stdout, /^signature:1: ok/m);
  assert.match(off.stdout, /^trust: FAILED: .*not a known signing key/m);
  // Another school's genuine record presented under this school's name.
  const d = await gradedClass();
  const b = await sealedRecord(d, 0);
  const moved = structuredClone(b.cred);
  moved.issuer = a.cred.issuer;
  const m = await verifyOnline(moved);
  assert.equal(m.valid, false);
  assert.equal(check(m, 'trust').ok, false);
  // Garbage and empty credentials are answers, not errors.
  const empty = await verifyOnline({});
  assert.equal(empty.valid, false);
  assert.equal(check(empty, 'signature:1').ok, false);
  assertProblem(await api('POST', '/api/v1/verify', { body: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, 'not_an_object');
  assertProblem(await api('POST', '/api/v1/verify', { body: '{"proof": ', headers: { 'content-type': 'application/json' } }), 400);
});

test('bulk: the homeroom teacher signs the whole class, a principal seals the school\'s year', async () => {
  const c = await gradedClass({ students: 3 });
  const t = await call('POST', `/api/v1/classes/${c.cls.id}/records/sign`, c.teacher.token);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.signed, 3);
  assert.deepEqual(t.json.incomplete, []);
  assert.deepEqual(t.json.records.map((r) => r.status), ['teacher_signed', 'teacher_signed', 'teacher_signed']);
  // Again: nothing left to sign, all three skipped.
  const again = await call('POST', `/api/v1/classes/${c.cls.id}/records/sign`, c.teacher.token);
  assert.equal(again.json.signed, 0);
  assert.equal(again.json.skipped.length, 3);
  assertProblem(await call('POST', `/api/v1/orgs/${c.school}/records/sign`, c.teacher.token, { school_year: YEAR }), 403, 'forbidden');
  // Any principal (school_admin) of the school seals.
  const second = await userWithRole('school_admin', c.school);
  const s = await call('POST', `/api/v1/orgs/${c.school}/records/sign`, second.token, { school_year: YEAR });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.sealed, 3);
  const list = await call('GET', `/api/v1/records?school=${c.school}&year=2025`, c.principal.token);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((r) => r.status), ['sealed', 'sealed', 'sealed']);
  for (const item of list.json.items) {
    const cred = (await call('GET', `/api/v1/records/${item.id}`, c.principal.token)).json;
    for (const p of cred.proof) assert.equal(verifyProof(cred, p, keyOf(p.verificationMethod)), true);
    const v = await verifyOnline(cred);
    assert.equal(v.valid, true, JSON.stringify(v.checks));
  }
  // One key per signer and per school, reused across the class.
  const keys = await call('GET', `/api/v1/signing-keys?school=${c.school}`, c.principal.token);
  assert.equal(keys.status, 200, keys.text);
  assert.deepEqual(keys.json.items.map((k) => k.role).sort(), ['homeroom_teacher', 'principal', 'school']);
  // Secrets are sealed at rest, never in the clear.
  const rows = dbQuery(`SELECT sealed_seed FROM signing_keys k JOIN orgs o ON o.id = k.org_id WHERE o.code = '${c.school}'`);
  assert.ok(rows.every(([s]) => s.startsWith('v1.') && s.length > 90));
});

test('a correction is a new version; sealing it supersedes the old one, which stays verifiable', async () => {
  const c = await gradedClass();
  const old = await sealedRecord(c, 0);
  assertProblem(await call('POST', `/api/v1/records/${old.id}/correct`, c.teacher.token), 409, 'unchanged');
  assertProblem(await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: YEAR }), 409, 'record_exists');
  await correctGrade(c, 6);
  const fix = await call('POST', `/api/v1/records/${old.id}/correct`, c.teacher.token);
  assert.equal(fix.status, 201, fix.text);
  assert.equal(fix.json.version, 2);
  assert.equal(fix.json.previous_id, old.id);
  assertProblem(await call('POST', `/api/v1/records/${old.id}/correct`, c.teacher.token), 409, 'correction_pending');
  // Until the correction is sealed, the old record is the one in force.
  assert.equal((await verifyOnline(old.cred)).valid, true);
  assert.equal((await call('POST', `/api/v1/records/${fix.json.id}/sign`, c.teacher.token)).status, 200);
  assert.equal((await call('POST', `/api/v1/records/${fix.json.id}/sign`, c.principal.token)).json.status, 'sealed');
  const cred = (await call('GET', `/api/v1/records/${fix.json.id}`, c.principal.token)).json;
  assert.equal(cred.previousVersion, old.cred.id);
  // (8 + 14 + 18) / 6 = 6.67 -> 6.7 in term II now.
  assert.deepEqual(cred.credentialSubject.schoolRecord.subjects.find((s) => s.code === 'TOAN').terms, ['7.2', '6.7']);
  assert.equal((await verifyOnline(cred)).valid, true);
  // The old record: its signatures still verify, but it is replaced.
  for (const p of old.cred.proof) assert.equal(verifyProof(old.cred, p, keyOf(p.verificationMethod)), true);
  const v = await verifyOnline(old.cred);
  assert.equal(v.valid, false);
  assert.deepEqual(v.checks.filter((x) => !x.ok).map((x) => x.check), ['supersession']);
  assert.ok(check(v, 'supersession').detail.includes(cred.id));
  assert.equal(v.status, 'superseded');
  assert.equal(v.superseded_by, cred.id);
  const mine = await call('GET', `/api/v1/records?student=${c.ids[0]}`, c.principal.token);
  assert.deepEqual(mine.json.items.map((r) => [r.version, r.status, r.superseded_by]), [[1, 'superseded', cred.id], [2, 'sealed', null]]);
});

test('grades changed after the teacher signed send the record back to them as a refreshed draft', async () => {
  const c = await gradedClass();
  const d = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: YEAR });
  assert.equal((await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token)).status, 200);
  await correctGrade(c, 5);
  const stale = await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token);
  assertProblem(stale, 409, 'record_stale');
  assert.equal(stale.json.record, d.json.id);
  const draft = (await call('GET', `/api/v1/records/${d.json.id}`, c.teacher.token)).json;
  assert.equal(draft.proof, undefined);
  assert.deepEqual(draft.credentialSubject.schoolRecord.subjects.find((s) => s.code === 'TOAN').terms, ['7.2', '6.2']);
  assert.equal((await call('POST', `/api/v1/records/${d.json.id}/sign`, c.teacher.token)).json.status, 'teacher_signed');
  assert.equal((await call('POST', `/api/v1/records/${d.json.id}/sign`, c.principal.token)).json.status, 'sealed');
});

test('guardians read their child\'s sealed records, students their own, staff their school\'s; each read is on record', async () => {
  const c = await gradedClass();
  const a = await sealedRecord(c, 0);
  const draft = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[1], school_year: YEAR });
  assert.equal(draft.status, 201, draft.text);
  const g = await userWithRole('guardian');
  const link = await api('POST', `/api/v1/students/${c.ids[0]}/guardians`, { token: c.token, body: { username: g.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  const mine = await call('GET', `/api/v1/records/${a.id}`, g.token);
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json, a.cred);
  // The holder downloads it as a file.
  const file = await call('GET', `/api/v1/records/${a.id}?download=1`, g.token);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="school-record-2025-2026-\d+-v1\.json"$/);
  assert.equal(file.headers.get('content-type'), 'application/vc');
  assert.deepEqual(JSON.parse(file.text), a.cred);
  const listed = await call('GET', `/api/v1/records?student=${c.ids[0]}`, g.token);
  assert.deepEqual(listed.json.items.map((r) => r.id), [a.id]);
  // Not another child's, not a draft, and the same 404 as for nothing at all.
  const none = await call('GET', `/api/v1/records/${draft.json.id}`, g.token);
  assertProblem(none, 404, 'not_found');
  assert.deepEqual((await call('GET', '/api/v1/records/999999999', g.token)).json, none.json);
  assertProblem(await call('GET', `/api/v1/records?student=${c.ids[1]}`, g.token), 404, 'not_found');
  const stu = await studentAccount(c.ids[0]);
  assert.equal((await call('GET', `/api/v1/records/${a.id}`, stu.token)).status, 200);
  const other = await studentAccount(c.ids[2]);
  assertProblem(await call('GET', `/api/v1/records/${a.id}`, other.token), 404, 'not_found');
  // Staff: the class's teacher and the school see drafts too; another
  // school's principal sees nothing.
  assert.equal((await call('GET', `/api/v1/records/${draft.json.id}`, c.teacher.token)).status, 200);
  const school = await call('GET', `/api/v1/records?school=${c.school}`, c.principal.token);
  assert.deepEqual(school.json.items.map((r) => r.status).sort(), ['draft', 'sealed']);
  const away = await gradedClass({ students: 1, lock: false });
  assertProblem(await call('GET', `/api/v1/records/${a.id}`, away.principal.token), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/records?school=${c.school}`, away.principal.token), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/records', c.principal.token), 422, 'required', 'student');
  // Each read and list row is in the student's audit trail.
  const trail = await api('GET', `/api/v1/audit?student=${c.ids[0]}&limit=500`, { token: c.token });
  const entries = trail.json.items.filter((i) => i.action.startsWith('record.'));
  const by = (u, action) => entries.filter((i) => i.username === u && i.action === action).map((i) => i.allowed);
  assert.deepEqual(by(g.username, 'record.read'), [true, true]);
  assert.deepEqual(by(g.username, 'record.list'), [true]);
  assert.deepEqual(by(other.username, 'record.read'), [false]);
  assert.deepEqual(by(c.teacher.username, 'record.sign'), [true]);
  assert.deepEqual(by(c.principal.username, 'record.seal'), [true]);
  assert.ok(by(c.teacher.username, 'record.create').length === 1);
});

test('who may assemble and sign: teachers of other classes, guardians and other schools may not', async () => {
  const c = await gradedClass();
  const g = await userWithRole('guardian');
  const other = await userWithRole('teacher', c.school);
  const away = await gradedClass({ students: 1, lock: false });
  const body = { student: c.ids[0], school_year: YEAR };
  assertProblem(await call('POST', '/api/v1/records', g.token, body), 403, 'forbidden'); // route: staff only
  assertProblem(await call('POST', '/api/v1/records', other.token, body), 404, 'not_found');
  assertProblem(await call('POST', '/api/v1/records', away.principal.token, body), 404, 'not_found');
  assertProblem(await call('POST', `/api/v1/classes/${c.cls.id}/records/sign`, other.token), 403, 'not_homeroom_teacher');
  assertProblem(await call('POST', `/api/v1/classes/${c.cls.id}/records`, away.teacher.token), 404, 'not_found');
  assertProblem(await call('POST', '/api/v1/records', c.teacher.token, {}), 422, 'required', 'student');
  assertProblem(await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: '2025' }), 422, undefined, 'school_year');
  assertProblem(await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: '2024-2025' }), 409, 'no_class', 'school_year');
  // The school's administration assembles the whole class.
  const made = await call('POST', `/api/v1/classes/${c.cls.id}/records`, c.principal.token);
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.created, 3);
  const twice = await call('POST', `/api/v1/classes/${c.cls.id}/records`, c.principal.token);
  assert.equal(twice.json.created, 0);
  assert.deepEqual(twice.json.skipped.sort(), [...c.ids].sort());
});

test('rotation keeps old records trusted; revocation from a date fails records signed after it, online and offline', async () => {
  const c = await gradedClass();
  const before = await sealedRecord(c, 0);
  // Signing times are whole seconds: the records below are signed in a
  // later second than this one, so a revocation can fall between them.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  // Rotate the teacher's key: a new key signs from now on; the old one
  // stays trusted for what it signed.
  const rot = await call('POST', '/api/v1/signing-keys/rotate', c.principal.token, { school: c.school, role: 'homeroom_teacher', username: c.teacher.username });
  assert.equal(rot.status, 201, rot.text);
  assert.equal(rot.json.valid_until, null);
  const after = await sealedRecord(c, 1);
  assert.notEqual(after.cred.proof[0].verificationMethod, before.cred.proof[0].verificationMethod);
  assert.equal(after.cred.proof[0].verificationMethod, rot.json.verification_method);
  assert.equal((await verifyOnline(before.cred)).valid, true);
  assert.equal((await verifyOnline(after.cred)).valid, true);
  const keys = (await call('GET', `/api/v1/signing-keys?school=${c.school}`, c.principal.token)).json.items;
  const oldKey = keys.find((k) => k.verification_method === before.cred.proof[0].verificationMethod);
  assert.ok(oldKey.valid_until, 'the rotated key has an end');
  // The principal's key is revoked from before the second record was sealed
  // (the first one was sealed before: it stays valid).
  const principalKey = keys.find((k) => k.role === 'principal');
  const since = after.cred.proof[1].created;
  assertProblem(await call('POST', `/api/v1/signing-keys/${principalKey.id}/revoke`, c.teacher.token, { since, reason: 'x' }), 403, 'forbidden');
  assertProblem(await call('POST', `/api/v1/signing-keys/${principalKey.id}/revoke`, c.principal.token, { since }), 422, 'required', 'reason');
  assertProblem(await call('POST', `/api/v1/signing-keys/${principalKey.id}/revoke`, c.principal.token, { since: '1999-01-01T00:00:00Z', reason: 'x' }), 422, 'out_of_range', 'since');
  const rev = await call('POST', `/api/v1/signing-keys/${principalKey.id}/revoke`, c.principal.token, { since, reason: 'Laptop stolen' });
  assert.equal(rev.status, 200, rev.text);
  assert.equal(rev.json.revoked_at, since);
  assertProblem(await call('POST', `/api/v1/signing-keys/${principalKey.id}/revoke`, c.principal.token, { since, reason: 'again' }), 409, 'already_revoked');
  const v = await verifyOnline(after.cred);
  assert.equal(v.valid, false);
  assert.deepEqual(v.checks.filter((x) => !x.ok).map((x) => x.check), ['revocation']);
  assert.match(check(v, 'revocation').detail, /principal's\) was revoked/);
  assert.equal((await verifyOnline(before.cred)).valid, true);
  // The trust list says so, signed; tabula verify reads it offline.
  const tl = await api('GET', `/api/v1/trust-list?school=${c.school}`, { base });
  assert.equal(tl.status, 200, tl.text);
  const entry = tl.json.credentialSubject.keys.find((k) => k.id === after.cred.proof[1].verificationMethod);
  assert.deepEqual([entry.school, entry.role, entry.revokedAt], [c.school, 'principal', since]);
  assert.equal(tl.json.credentialSubject.keys.length, 4);
  const ministry = keyOf(tl.json.proof.verificationMethod);
  assert.equal(verifyProof(tl.json, tl.json.proof, ministry), true);
  const { file } = trustListFile(c.school);
  const off = tabulaVerify(after.cred, file, ['--ministry-key', ministry]);
  assert.equal(off.status, 1, off.stdout);
  assert.match(off.stdout, /the ministry key given/);
  assert.match(off.stdout, /^revocation: FAILED: proof 2's key/m);
  assert.match(off.stdout, /^record: INVALID$/m);
  assert.equal(tabulaVerify(before.cred, file, ['--ministry-key', ministry]).status, 0);
  // A list not signed by the pinned ministry key is refused; so is a changed list.
  const wrong = tabulaVerify(before.cred, file, ['--ministry-key', keyOf(before.cred.proof[0].verificationMethod)]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /not by the ministry key given/);
  const forged = JSON.parse(readFileSync(file, 'utf8'));
  forged.credentialSubject.keys.find((k) => k.revokedAt).revokedAt = undefined;
  const forgedFile = `${file}.forged`;
  writeFileSync(forgedFile, JSON.stringify(forged));
  const f = tabulaVerify(after.cred, forgedFile);
  assert.equal(f.status, 1);
  assert.match(f.stdout, /^trust list: INVALID/m);
});

test('only registrars reaching the school manage its keys; the ministry key is the national administrator\'s', async () => {
  const c = await gradedClass({ lock: false });
  const away = await gradedClass({ students: 1, lock: false });
  assertProblem(await call('GET', `/api/v1/signing-keys?school=${c.school}`, away.principal.token), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/signing-keys', c.principal.token), 403, 'forbidden', 'school');
  assertProblem(await call('GET', `/api/v1/signing-keys?school=${c.school}`, c.teacher.token), 403, 'forbidden');
  assertProblem(await call('POST', '/api/v1/signing-keys/rotate', c.principal.token, { school: c.school, role: 'principal', username: c.teacher.username }), 422, 'unknown_user', 'username');
  assertProblem(await call('POST', '/api/v1/signing-keys/rotate', c.principal.token, { school: c.school, role: 'dean' }), 422, 'unknown_value', 'role');
  assertProblem(await call('POST', '/api/v1/signing-keys/rotate', c.principal.token, { role: 'ministry' }), 403, 'forbidden');
  const school = await call('POST', '/api/v1/signing-keys/rotate', c.principal.token, { school: c.school, role: 'school' });
  assert.equal(school.status, 201, school.text);
  assert.equal(school.json.role, 'school');
  assertProblem(await api('POST', '/api/v1/signing-keys/rotate', { token: c.principal.token, body: { school: c.school, role: 'school' } }), 503, 'signing_unavailable');
  const m = await call('POST', '/api/v1/signing-keys/rotate', await admin(), { role: 'ministry' });
  assert.equal(m.status, 201, m.text);
  const tl = await api('GET', '/api/v1/trust-list', { base });
  assert.equal(tl.json.proof.verificationMethod, m.json.verification_method);
  assert.equal(verifyProof(tl.json, tl.json.proof, keyOf(m.json.verification_method)), true);
  assertProblem(await api('GET', '/api/v1/trust-list?school=NOPE-NOPE', { base }), 404, 'not_found', 'school');
});

test('answers carry what docs/openapi.yaml says they do', async () => {
  const { parse } = await import('yaml');
  const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));
  const resolve = (n) => { while (n?.$ref) n = n.$ref.slice(2).split('/').reduce((o, k) => o[k], spec); return n; };
  const conforms = (value, schema, where) => {
    schema = resolve(schema);
    if (!schema || value === null || typeof value !== 'object') return;
    for (const key of schema.required ?? []) assert.ok(key in value, `${where}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in value) conforms(value[key], sub, `${where}.${key}`);
    if (Array.isArray(value) && schema.items) value.forEach((v, i) => conforms(v, schema.items, `${where}[${i}]`));
  };
  const body = (path, method, status, type = 'application/json') => resolve(spec.paths[path][method].responses[status]).content[type].schema;
  const c = await gradedClass({ students: 2 });
  const made = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[0], school_year: YEAR });
  conforms(made.json, body('/api/v1/records', 'post', '201'), 'create');
  const bulk = await call('POST', `/api/v1/classes/${c.cls.id}/records/sign`, c.teacher.token);
  conforms(bulk.json, body('/api/v1/classes/{id}/records/sign', 'post', '200'), 'bulk');
  assert.equal(bulk.json.signed, 2);
  const sealed = await call('POST', `/api/v1/orgs/${c.school}/records/sign`, c.principal.token, { school_year: YEAR });
  conforms(sealed.json, body('/api/v1/orgs/{code}/records/sign', 'post', '200'), 'seal');
  const list = await call('GET', `/api/v1/records?school=${c.school}`, c.principal.token);
  conforms(list.json, body('/api/v1/records', 'get', '200'), 'list');
  const cred = (await call('GET', `/api/v1/records/${made.json.id}`, c.principal.token)).json;
  conforms(cred, body('/api/v1/records/{id}', 'get', '200'), 'credential');
  conforms(await verifyOnline(cred), body('/api/v1/verify', 'post', '200'), 'verify');
  const tl = await api('GET', `/api/v1/trust-list?school=${c.school}`, { base });
  conforms(tl.json, body('/api/v1/trust-list', 'get', '200'), 'trust list');
  const keys = await call('GET', `/api/v1/signing-keys?school=${c.school}`, c.principal.token);
  conforms(keys.json, body('/api/v1/signing-keys', 'get', '200'), 'keys');
  assert.equal(keys.json.items.length, 3);
});

// ---- printing and the public verification page ----

test('the printed QR code: an SVG of /verify/{id} with the short code, read like the record', async () => {
  const c = await gradedClass();
  const a = await sealedRecord(c, 0);
  const draft = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[1], school_year: YEAR });
  const g = await userWithRole('guardian');
  await api('POST', `/api/v1/students/${c.ids[0]}/guardians`, { token: c.token, body: { username: g.username, relation: 'father' } });
  const qr = await call('GET', `/api/v1/records/${a.id}/qr.svg`, g.token);
  assert.equal(qr.status, 200, qr.text);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  const code = createHash('sha256').update(JSON.stringify(a.cred)).digest();
  // The code: base32 of the stored bytes' SHA-256 (the stored form is canonical, as JSON.stringify of it).
  const b32 = (buf) => { let bits = '', out = ''; for (const x of buf) bits += x.toString(2).padStart(8, '0'); for (let i = 0; i + 5 <= bits.length && out.length < 8; i += 5) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(bits.slice(i, i + 5), 2)]; return out; };
  assert.match(qr.text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) (\d+)"/);
  assert.ok(qr.text.includes(`>${b32(code)}</text>`));
  // Scoped like the record: not a draft for a guardian, not anyone else's; the teacher sees the draft's.
  assertProblem(await call('GET', `/api/v1/records/${draft.json.id}/qr.svg`, g.token), 404, 'not_found');
  const other = await studentAccount(c.ids[2]);
  assertProblem(await call('GET', `/api/v1/records/${a.id}/qr.svg`, other.token), 404, 'not_found');
  assert.equal((await call('GET', `/api/v1/records/${draft.json.id}/qr.svg`, c.teacher.token)).status, 200);
  assert.equal((await api('GET', `/api/v1/records/${a.id}/qr.svg`, { base })).status, 401);
  const trail = await api('GET', `/api/v1/audit?student=${c.ids[0]}&limit=500`, { token: c.token });
  assert.ok(trail.json.items.some((i) => i.username === g.username && i.action === 'record.read' && i.allowed));
});

test('the public view of a record: the checks and a minimal view, the whole record once its holder shares it', async () => {
  const c = await gradedClass();
  const a = await sealedRecord(c, 0);
  const uuid = a.cred.id.replace('urn:uuid:', '');
  const pub = await api('GET', `/api/v1/public/records/${uuid}`, { base });
  assert.equal(pub.status, 200, pub.text);
  const v = pub.json;
  assert.equal(v.valid, true);
  assert.ok(v.checks.every((k) => k.ok), JSON.stringify(v.checks));
  assert.equal(v.status, 'sealed');
  assert.equal(v.superseded_by, null);
  assert.equal(v.school, c.school);
  assert.equal(v.school_name, a.cred.issuer.name);
  assert.equal(v.school_year, YEAR);
  assert.equal(v.grade, a.cred.credentialSubject.schoolRecord.grade);
  assert.equal(v.outcome, a.cred.credentialSubject.schoolRecord.outcome.result);
  assert.deepEqual(v.signers.map((s) => s.role), ['homeroom_teacher', 'principal']);
  assert.match(v.code, /^[A-Z2-7]{8}$/);
  assert.equal(v.shared, false);
  // Nothing of the student: no name, no national id, no grades.
  assert.equal(v.credential, undefined);
  const text = pub.text;
  for (const secret of [a.cred.credentialSubject.familyName, a.cred.credentialSubject.givenName, 'nationalId', 'subjects']) {
    assert.ok(!text.includes(secret), `${secret} in the public view`);
  }
  // Drafts and unknown ids: 404; no login needed, none kept.
  const draft = await call('POST', '/api/v1/records', c.teacher.token, { student: c.ids[1], school_year: YEAR });
  const dcred = await call('GET', `/api/v1/records/${draft.json.id}`, c.teacher.token);
  assertProblem(await api('GET', `/api/v1/public/records/${dcred.json.id.replace('urn:uuid:', '')}`, { base }), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/public/records/00000000-0000-7000-8000-000000000000', { base }), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/public/records/nope', { base }), 404, 'not_found');

  // Only a holder shares: staff may not call the route, another student gets a 404.
  assert.equal((await call('POST', `/api/v1/records/${a.id}/share`, c.principal.token, { full: true })).status, 403);
  const other = await studentAccount(c.ids[2]);
  assertProblem(await call('POST', `/api/v1/records/${a.id}/share`, other.token, { full: true }), 404, 'not_found');
  const stu = await studentAccount(c.ids[0]);
  assertProblem(await call('POST', `/api/v1/records/${a.id}/share`, stu.token, {}), 422, 'required', 'full');
  const on = await call('POST', `/api/v1/records/${a.id}/share`, stu.token, { full: true });
  assert.equal(on.status, 200, on.text);
  assert.deepEqual(on.json, { id: a.id, shared: true });
  const full = await api('GET', `/api/v1/public/records/${uuid}`, { base });
  assert.equal(full.json.shared, true);
  assert.deepEqual(full.json.credential, a.cred);
  const off = await call('POST', `/api/v1/records/${a.id}/share`, stu.token, { full: false });
  assert.equal(off.status, 200, off.text);
  assert.equal((await api('GET', `/api/v1/public/records/${uuid}`, { base })).json.credential, undefined);
  // Each change, and the refusal, is in the student's audit trail.
  const trail = await api('GET', `/api/v1/audit?student=${c.ids[0]}&limit=500`, { token: c.token });
  const shares = trail.json.items.filter((i) => i.action === 'record.share');
  assert.deepEqual(shares.filter((i) => i.username === stu.username).map((i) => i.allowed), [true, true]);
  assert.deepEqual(shares.filter((i) => i.username === other.username).map((i) => i.allowed), [false]);
});

test('the public view of a replaced record says so', async () => {
  const c = await gradedClass({ students: 1 });
  const a = await sealedRecord(c, 0);
  await correctGrade(c, 4);
  const cor = await call('POST', `/api/v1/records/${a.id}/correct`, c.teacher.token);
  assert.equal(cor.status, 201, cor.text);
  assert.equal((await call('POST', `/api/v1/records/${cor.json.id}/sign`, c.teacher.token)).status, 200);
  assert.equal((await call('POST', `/api/v1/records/${cor.json.id}/sign`, c.principal.token)).status, 200);
  const pub = await api('GET', `/api/v1/public/records/${a.cred.id.replace('urn:uuid:', '')}`, { base });
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.status, 'superseded');
  assert.equal(pub.json.valid, false);
  assert.match(pub.json.superseded_by, /^[0-9a-f-]{36}$/);
});

test('a vn-tt27 record carries the qualities and competences and the teachers\' comments, and still verifies', async () => {
  const token = await admin();
  const c = await vnClass(token, { grade: 3, students: 2, cls: '3A', level: 'primary', birthYear: 2017 });
  for (const subject of ['TV', 'DD']) {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject, teacher: c.teacher.username } });
    assert.equal(r.status, 200, r.text);
  }
  const save = async (body) => {
    const r = await api('POST', `/api/v1/classes/${c.cls.id}/grades`, { token: c.teacher.token, body });
    assert.equal(r.status, 200, r.text);
  };
  const required = ['yeu_nuoc', 'nhan_ai', 'cham_chi', 'trung_thuc', 'trach_nhiem', 'tu_chu_tu_hoc', 'giao_tiep_hop_tac', 'giai_quyet_van_de'];
  const allTot = Object.fromEntries(required.map((q) => [q, 'tot']));
  for (const term of [1, 2]) {
    await save({ subject: 'TV', term, assessment: 'level', grades: c.ids.map((student, i) => ({
      student, value: 'hoan_thanh_tot', comment: i === 0 ? `Đọc lưu loát (học kỳ ${term}).` : undefined,
    })) });
    await save({ subject: 'TV', term, assessment: 'test', grades: c.ids.map((student) => ({ student, value: 9 })) });
    await save({ subject: 'DD', term, assessment: 'level', grades: c.ids.map((student) => ({ student, value: 'hoan_thanh' })) });
    await save({ term, assessment: 'qualities', grades: c.ids.map((student) => ({
      student, value: term === 1 ? allTot : { ...allTot, trach_nhiem: 'dat', ngon_ngu: 'dat' },
    })) });
  }
  const principal = await userWithRole('school_admin', c.school);
  for (const term of [1, 2]) await lockTerm(principal.token, c.school, term);
  const k = { ...c, principal };
  const { cred } = await sealedRecord(k, 0);
  const sr = cred.credentialSubject.schoolRecord;
  assert.equal(sr.policy, 'vn-tt27');
  assert.deepEqual(Object.keys(sr.qualities), ['compassion', 'diligence', 'honesty', 'patriotism', 'responsibility']);
  assert.deepEqual(sr.qualities.responsibility, { terms: ['tot', 'dat'], year: 'dat' });
  assert.deepEqual(sr.qualities.patriotism, { terms: ['tot', 'tot'], year: 'tot' });
  assert.deepEqual(Object.keys(sr.competences), ['communicationCollaboration', 'language', 'problemSolvingCreativity', 'selfDirectedLearning']);
  assert.deepEqual(sr.competences.language, { terms: [null, 'dat'], year: 'dat' });
  assert.equal(sr.outcome.result, 'hoan_thanh');
  // The subject's comment is term II's, as the report card shows the year.
  const tv = sr.subjects.find((s) => s.code === 'TV');
  assert.equal(tv.comment, 'Đọc lưu loát (học kỳ 2).');
  assert.equal(sr.subjects.find((s) => s.code === 'DD').comment, undefined);
  // The independent verifier, tabula verify offline and POST /api/v1/verify accept it.
  for (const p of cred.proof) assert.equal(verifyProof(cred, p, keyOf(p.verificationMethod)), true);
  const { file: list } = trustListFile();
  const offline = tabulaVerify(cred, list);
  assert.equal(offline.status, 0, offline.stdout + offline.stderr);
  assert.match(offline.stdout, /^record: valid$/m);
  assert.equal((await verifyOnline(cred)).valid, true);
  // A changed rating is caught.
  const forged = structuredClone(cred);
  forged.credentialSubject.schoolRecord.qualities.responsibility.year = 'tot';
  assert.equal(verifyProof(forged, forged.proof[0], keyOf(forged.proof[0].verificationMethod)), false);
  assert.notEqual(tabulaVerify(forged, list).status, 0);
});
