// Exam registration (issue 13, parts 3 and 4): a candidate registers
// themself for an open session, with subjects by the pack's combination
// rules, a category, the region from the registry's history; the receipt
// number; Idempotency-Key; versions; the exact window and its problem in
// the reader's language; who reads and lists. Rules: docs/exams.md,
// src/domain/exams/registration.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, userWithRole, uniq } from '../lib.mjs';
import { HOUR, iso, vnChain, makeSession, vnStudent, candidateAccount, register } from './exams_setup.mjs';

let root, chain, officer, schoolAdmin, otherAdmin, teacherElsewhere;
let open2025, open2022, closed, upcoming;

const good = { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: null };

before(async () => {
  root = await admin();
  chain = await vnChain(root);
  officer = await userWithRole('province_officer', chain.province);
  schoolAdmin = await userWithRole('school_admin', chain.school);
  otherAdmin = await userWithRole('school_admin', chain.school2);
  const other = await vnChain(root);
  teacherElsewhere = await userWithRole('school_admin', other.school);
  open2025 = await makeSession(officer.token, chain);
  open2022 = await makeSession(officer.token, chain, { pack: 'vn-thpt-2022' });
  const now = Date.now();
  closed = await makeSession(officer.token, chain, { opens_at: iso(now - 2 * HOUR), closes_at: iso(now - 1) });
  upcoming = await makeSession(officer.token, chain, { opens_at: iso(now + HOUR), closes_at: iso(now + 2 * HOUR) });
});

async function freshCandidate(school = chain.school) {
  const st = await vnStudent(root, school);
  const acct = await candidateAccount(st.id);
  return { st, ...acct };
}

test('a candidate registers: the receipt has a number, the person, the school, the region and the bonus', async () => {
  const c = await freshCandidate();
  const res = await register(open2025.id, { ...good, category: 'UT2' }, { token: c.token });
  assert.equal(res.status, 201, res.text);
  const g = res.json;
  assert.equal(g.session, open2025.id);
  assert.match(g.number, new RegExp(`^${open2025.id}-\\d{8}$`));
  assert.equal(g.version, 1);
  assert.equal(g.kind, 'student');
  assert.equal(g.track, 'general');
  assert.equal(g.person.id, c.st.id);
  assert.equal(g.school.code, chain.school);
  assert.deepEqual(g.subjects, good.subjects);
  assert.deepEqual(g.exemptions, []);
  assert.equal(g.category, 'UT2');
  // No region set for the school: KV3, 0 points; UT2 is 1.00.
  assert.deepEqual(g.region, { region: 'KV3', school: chain.school, points: '0.00' });
  assert.equal(g.bonus, '1.00');
  assert.equal(g.status, 'submitted');
  assert.equal(g.status_reason, null);
  assert.match(g.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  assert.equal(g.candidate_number, null);
  assert.equal(res.headers.get('location'), `/api/v1/exams/registrations/${g.id}`);
  // One row, one version; the write is audited.
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${c.st.id}`), [['1']]);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registration_versions WHERE registration_id = ${g.id}`), [['1']]);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exams.register' AND person_id = ${c.st.id}`), [['1']]);
  // A second registration of the same person is refused.
  const again = await register(open2025.id, good, { token: c.token });
  assertProblem(again, 409, 'duplicate_registration');
});
