// Free candidates (issue 13, part 2): the staff of a designated site
// register a person who is not a final-year student, found in or added to
// the registry by its own checks, with a candidate account and its
// one-time code; an Idempotency-Key makes a retry answer the first
// registration; the pack's free-candidate tracks apply.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, dbQuery, uniq, userWithRole, vnCccd } from '../lib.mjs';
import { count, student, world } from './review_setup.mjs';

let w, freeSite, plainSite;
const CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;
const person = (over = {}) => ({
  national_id: vnCccd(2004, 'M', '079'), given_name: 'Minh', family_name: `Trần ${uniq('')}`, birth_date: '2004-07-09', sex: 'M', ...over,
});
const go = (token, body, key = uniq('k')) => api('POST', `/api/v1/exams/sessions/${w.session.id}/free-candidates`, {
  token, headers: { 'idempotency-key': key },
  body: { site: freeSite, subjects: ['math', 'literature', 'history', 'geography'], ...body },
});

before(async () => {
  w = await world(0);
  freeSite = w.session.sites.find((s) => s.free_candidates).code;
  plainSite = w.session.sites.find((s) => !s.free_candidates).code;
});

test('a new person is added to the registry, registered as a free candidate and given an account that works', async () => {
  const p = person();
  const res = await go(w.officer.token, { person: p });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.person.created, true);
  assert.equal(res.json.account.issued, true);
  assert.match(res.json.account.code, CODE);
  assert.match(res.json.account.username, new RegExp(`^c${res.json.person.id}-[a-z2-9]{4}$`));
  const reg = res.json.registration;
  assert.equal(reg.kind, 'free');
  assert.equal(reg.status, 'submitted');
  assert.deepEqual(reg.subjects, ['math', 'literature', 'history', 'geography']);
  assert.equal(reg.school.code, w.org.school);
  assert.equal(reg.person.national_id, p.national_id);
  const stored = dbQuery(`SELECT country, status, org_id FROM persons WHERE id = ${res.json.person.id}`);
  assert.equal(stored[0][0], 'VN');
  // The candidate sets a password with the code and sees their registration.
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username: res.json.account.username, code: res.json.account.code, new_password: 'free cand pw 1' } });
  assert.equal(red.status, 200, red.text);
  const me = await api('GET', '/api/v1/auth/me', { token: red.json.token });
  assert.equal(me.json.person_id, res.json.person.id);
  assert.deepEqual(me.json.roles, [{ role: 'candidate', org: w.org.school }]);
  const mine = await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token: red.json.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.kind, 'free');
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'exams.free_candidate' AND allowed = 1 AND person_id = ${res.json.person.id}`), 1);
});

test('a retry with the same key answers the first registration: one person, one registration, one account', async () => {
  const p = person();
  const key = uniq('k');
  const first = await go(w.officer.token, { person: p }, key);
  assert.equal(first.status, 201, first.text);
  const again = await go(w.officer.token, { person: p }, key);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.replayed, true);
  assert.equal(again.json.registration.id, first.json.registration.id);
  assert.equal(again.json.registration.number, first.json.registration.number);
  assert.equal(again.json.account.username, first.json.account.username);
  assert.equal(again.json.account.code, null, 'the code is shown once');
  const id = first.json.person.id;
  assert.equal(count(`SELECT count(*) FROM persons WHERE national_id = '${p.national_id}'`), 1);
  assert.equal(count(`SELECT count(*) FROM exam_registrations WHERE person_id = ${id}`), 1);
  assert.equal(count(`SELECT count(*) FROM users WHERE person_id = ${id}`), 1);
});

test("a person the registry holds is found by national id when birth date and sex agree; else 409 identity_mismatch", async () => {
  const prov = await userWithRole('province_officer', w.org.province);
  const known = await student(prov.token, w.org.school2, 12, { national_id: vnCccd(2005, 'F'), birth_date: '2005-01-02', sex: 'F' });
  const wrong = await go(w.officer.token, { person: person({ national_id: known.national_id, birth_date: '2005-01-03', sex: 'F' }) });
  assertProblem(wrong, 409, 'identity_mismatch', 'person.birth_date');
  const ok = await go(w.officer.token, { person: person({ national_id: known.national_id, birth_date: '2005-01-02', sex: 'F' }) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.person.id, known.id);
  assert.equal(ok.json.person.created, false);
  assert.equal(ok.json.registration.kind, 'free');
  assert.equal(count(`SELECT count(*) FROM persons WHERE national_id = '${known.national_id}'`), 1);
});

test('"student": an id the caller may read; the province officer registers a student of another school', async () => {
  const prov = await userWithRole('province_officer', w.org.province);
  const other = await student(prov.token, w.org.school2, 11);
  assertProblem(await go(w.officer.token, { student: other.id }), 422, 'unknown_student', 'student');
  const ok = await go(prov.token, { student: other.id, track: 'admission_only', subjects: ['math', 'physics'] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.person.id, other.id);
  assert.equal(ok.json.registration.kind, 'free');
  assert.equal(ok.json.account.issued, true);
  // One registration per person and session.
  const twice = await go(prov.token, { student: other.id });
  assert.equal(twice.status, 409, twice.text);
});

test('the site must register free candidates and be reached by the caller', async () => {
  assertProblem(await go(w.officer.token, { person: person(), site: plainSite }), 422, 'not_free_candidate_site', 'site');
  assertProblem(await go(w.officer.token, { person: person(), site: 'NOPE' }), 422, 'invalid', 'site');
  assertProblem(await go(w.officer2.token, { person: person() }), 403, 'out_of_scope', 'site');
  assertProblem(await go(w.teacher.token, { person: person() }), 403, 'forbidden');
  assertProblem(await api('POST', '/api/v1/exams/sessions/999999999/free-candidates', { token: w.officer.token, body: { person: person(), site: freeSite, subjects: ['math'] } }), 404, 'not_found');
});

test("the registry's checks and the pack's rules apply; nothing is stored on a refusal", async () => {
  const before = count('SELECT count(*) FROM persons');
  assertProblem(await go(w.officer.token, {}), 422, 'required', 'person');
  assertProblem(await go(w.officer.token, { person: person({ national_id: undefined }) }), 422, 'required', 'person.national_id');
  assertProblem(await go(w.officer.token, { person: person({ national_id: '12345' }) }), 422, undefined, 'person.national_id');
  assertProblem(await go(w.officer.token, { person: person({ national_id: vnCccd(2004, 'F') }) }), 422, undefined, 'person.national_id');
  assertProblem(await go(w.officer.token, { person: person({ birth_date: '2004-02-30' }) }), 422, undefined, 'person.birth_date');
  assertProblem(await go(w.officer.token, { person: person(), subjects: ['math', 'literature'] }), 422, 'invalid_combination', 'subjects');
  assertProblem(await go(w.officer.token, { person: person(), category: 'UT9' }), 422, 'unknown_category', 'category');
  assertProblem(await go(w.officer.token, { person: person(), student: 5 }), 422, 'invalid', 'person');
  assert.equal(count('SELECT count(*) FROM persons'), before);
});

test('the window applies to free candidates too; a refusal stores no person and no account', async () => {
  const x = await world(0);
  const site = x.session.sites.find((s) => s.free_candidates).code;
  dbQuery(`UPDATE exam_sessions SET closes_at_ms = ${Date.now() - 1} WHERE id = ${x.session.id}`);
  const p = person();
  const res = await api('POST', `/api/v1/exams/sessions/${x.session.id}/free-candidates`, {
    token: x.officer.token, headers: { 'idempotency-key': uniq('k') },
    body: { person: p, site, subjects: ['math', 'literature', 'history', 'geography'] },
  });
  assertProblem(res, 409, 'registration_closed');
  assert.ok(res.json.closes_at);
  assert.equal(count(`SELECT count(*) FROM persons WHERE national_id = '${p.national_id}'`), 0);
  assert.equal(count(`SELECT count(*) FROM exam_registrations WHERE session_id = ${x.session.id}`), 0);
});

