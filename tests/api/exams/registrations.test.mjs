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

test('the combination rules of each pack: every way to be wrong is refused with the rule, nothing stored', async () => {
  const c = await freshCandidate();
  const bad = async (session, body, code, field, rule) => {
    const res = await register(session.id, body, { token: c.token });
    assertProblem(res, 422, code, field);
    if (rule) assert.equal(res.json.rule, rule, res.text);
    assert.ok(res.json.detail.length > 10, res.text);
    return res;
  };
  const r1 = await bad(open2025, { subjects: ['literature', 'physics', 'chemistry'] }, 'invalid_combination', 'subjects', 'required:math');
  assert.match(r1.json.detail, /Mathematics \(math\) is compulsory/);
  const r2 = await bad(open2025, { subjects: ['math', 'literature', 'physics'] }, 'invalid_combination', 'subjects', 'choose:electives');
  assert.match(r2.json.detail, /choose exactly 2 of .*; 1 chosen/);
  await bad(open2025, { subjects: ['math', 'literature', 'physics', 'chemistry', 'biology'] }, 'invalid_combination', 'subjects', 'choose:electives');
  await bad(open2025, { subjects: ['math', 'literature', 'physics', 'physics'] }, 'duplicate', 'subjects[3]');
  await bad(open2025, { subjects: ['math', 'literature', 'natural_sciences'] }, 'unknown_subject', 'subjects[2]');
  await bad(open2025, { subjects: ['math', 'literature', 'physics', 'chemistry'], track: 'admission_only' }, 'unknown_track', 'track');
  await bad(open2025, { ...good, category: 'UT9' }, 'unknown_category', 'category');
  await bad(open2025, { ...good, exemptions: ['foreign_language_certificate'] }, 'unknown_exemption', 'exemptions[0]');
  await bad(open2025, { ...good, exemptions: ['sports'] }, 'unknown_exemption', 'exemptions[0]');
  await bad(open2022, { subjects: ['math', 'literature', 'natural_sciences'] }, 'invalid_combination', 'subjects', 'required:foreign_language');
  await bad(open2022, { subjects: ['math', 'literature', 'foreign_language', 'natural_sciences', 'social_sciences'] }, 'invalid_combination', 'subjects', 'choose:combined_test');
  await bad(open2022, { subjects: ['math', 'literature', 'natural_sciences', 'social_sciences'], track: 'gdtx' }, 'invalid_combination', 'subjects', 'not_in_track:social_sciences');
  assertProblem(await register(open2025.id, { exemptions: [] }, { token: c.token }), 422, 'required', 'subjects');
  assertProblem(await register(open2025.id, { subjects: 'math' }, { token: c.token }), 422, 'type', 'subjects');
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${c.st.id}`), [['0']]);
  // Then the valid sets of both packs: 2022's general track with the
  // language exemption, and (another candidate) its GDTX track without a
  // foreign language.
  const ok22 = await register(open2022.id, { subjects: ['math', 'literature', 'foreign_language', 'social_sciences'], exemptions: ['foreign_language_certificate'] }, { token: c.token });
  assert.equal(ok22.status, 201, ok22.text);
  assert.deepEqual(ok22.json.exemptions, ['foreign_language_certificate']);
  assert.equal(ok22.json.track, 'general');
  const d = await freshCandidate();
  const gdtx = await register(open2022.id, { subjects: ['math', 'literature', 'social_sciences_gdtx'], track: 'gdtx' }, { token: d.token });
  assert.equal(gdtx.status, 201, gdtx.text);
  assert.equal(gdtx.json.track, 'gdtx');
});

test('the region rule on a history with a transfer, and the bonus: only the highest of each kind', async () => {
  // Two schools with regions: A is KV1, B is KV3 (set by the province).
  const set = await api('PUT', '/api/v1/exams/regions', { token: officer.token, body: { regions: [{ org: chain.school, region: 'KV1' }, { org: chain.school2, region: 'KV3' }] } });
  assert.equal(set.status, 200, set.text);
  // Grade 12 at A from 5 September 2023 for 8 months, then moved to B on
  // 5 May 2024, where the student is still: B was attended longest. (Grade
  // 12: only final-year students register through their school.)
  const st = await vnStudent(root, chain.school, { grade: 12, schoolYear: '2023-2024' });
  const t = await api('POST', `/api/v1/students/${st.id}/transfers`, { token: root, body: { to_school: chain.school2, date: '2024-05-05' } });
  assert.equal(t.status, 201, t.text);
  const ok = await api('POST', `/api/v1/transfers/${t.json.id}/approve`, { token: root });
  assert.equal(ok.status, 200, ok.text);
  const c = await candidateAccount(st.id);
  const pre = await api('GET', `/api/v1/exams/sessions/${open2025.id}/prefill`, { token: c.token });
  assert.equal(pre.status, 200, pre.text);
  assert.equal(pre.json.region.region, 'KV3');
  assert.equal(pre.json.region.school, chain.school2);
  assert.equal(pre.json.region.points, '0.00');
  assert.deepEqual(pre.json.history.map((h) => [h.school, h.grade, h.start_date, h.end_date]),
    [[chain.school, 12, '2023-09-05', '2024-05-05'], [chain.school2, 12, '2024-05-05', null]]);
  assert.equal(pre.json.person.id, st.id);
  assert.equal(pre.json.school.code, chain.school2);
  assert.deepEqual(pre.json.combination.tracks[0].required, ['math', 'literature']);
  assert.ok(pre.json.subjects.some((s) => s.code === 'informatics'));
  const res = await register(open2025.id, { ...good, category: 'UT1' }, { token: c.token });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.region, { region: 'KV3', school: chain.school2, points: '0.00' });
  assert.equal(res.json.bonus, '2.00');
  assert.equal(res.json.school.code, chain.school2);
  // A student who stayed at A (KV1) the whole time: 0.75 + UT1 2.00.
  const stayed = await freshCandidate(chain.school);
  const r2 = await register(open2025.id, { ...good, category: 'UT1' }, { token: stayed.token });
  assert.equal(r2.status, 201, r2.text);
  assert.deepEqual(r2.json.region, { region: 'KV1', school: chain.school, points: '0.75' });
  assert.equal(r2.json.bonus, '2.75');
  // The prefill is an audited read of the candidate's record.
  assert.deepEqual(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exams.prefill' AND person_id = ${st.id}`), [['1']]);
  // Put the schools back to no region for the other tests.
  await api('PUT', '/api/v1/exams/regions', { token: officer.token, body: { regions: [{ org: chain.school, region: 'KV3' }] } });
});

test('Idempotency-Key: a retry gets the first answer, byte for byte, and one registration', async () => {
  const c = await freshCandidate();
  const key = uniq('k');
  const first = await register(open2025.id, good, { token: c.token, key });
  assert.equal(first.status, 201, first.text);
  const retry = await register(open2025.id, good, { token: c.token, key });
  assert.equal(retry.status, 201, retry.text);
  assert.equal(retry.text, first.text);
  // Even with another body, and after an edit, the key answers the first answer.
  const edit = await api('PUT', `/api/v1/exams/registrations/${first.json.id}`, { token: c.token, body: { subjects: ['math', 'literature', 'history', 'geography'], category: 'UT2' } });
  assert.equal(edit.status, 200, edit.text);
  const late = await register(open2025.id, { subjects: ['math'] }, { token: c.token, key });
  assert.equal(late.status, 201, late.text);
  assert.deepEqual(late.json, first.json);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${c.st.id}`), [['1']]);
  // A key is the account's own: without it, a second POST is a duplicate.
  assertProblem(await register(open2025.id, good, { token: c.token, key: uniq('k') }), 409, 'duplicate_registration');
  assertProblem(await register(open2025.id, good, { token: c.token, key: 'x'.repeat(201) }), 422, 'invalid', 'Idempotency-Key');
  // Concurrent retries with one key make one registration and one answer.
  const d = await freshCandidate();
  const k2 = uniq('k');
  const all = await Promise.all(Array.from({ length: 8 }, () => register(open2025.id, good, { token: d.token, key: k2 })));
  assert.ok(all.every((r) => r.status === 201), all.map((r) => r.text).join('\n'));
  assert.equal(new Set(all.map((r) => r.text)).size, 1);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${d.st.id}`), [['1']]);
});

test('the window is exact: closed 1 ms ago is refused in the reader\'s language and calendar; not yet open too', async () => {
  const c = await freshCandidate();
  const closes = closed.closes_at;
  const en = await register(closed.id, good, { token: c.token });
  assertProblem(en, 409, 'registration_closed');
  assert.equal(en.json.closes_at, closes);
  const local = new Date(Date.parse(closes) + 7 * HOUR);
  const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  const dd = String(local.getUTCDate()).padStart(2, '0'), mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  assert.ok(en.json.detail.includes(`Registration closed at ${hhmm} on`), en.json.detail);
  const vi = await register(closed.id, good, { token: c.token, lang: 'vi-VN,vi;q=0.9' });
  assertProblem(vi, 409, 'registration_closed');
  assert.ok(vi.json.detail.includes(`${hhmm} ngày ${dd}/${mm}/${local.getUTCFullYear()}`), vi.json.detail);
  const fa = await register(closed.id, good, { token: c.token, lang: 'fa' });
  assertProblem(fa, 409, 'registration_closed');
  const faDigits = (s) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
  assert.ok(fa.json.detail.includes(faDigits(hhmm)), fa.json.detail);
  assert.match(fa.json.detail, /[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴۰[۰-۹]/);
  const up = await register(upcoming.id, good, { token: c.token, lang: 'en' });
  assertProblem(up, 409, 'registration_not_open');
  assert.equal(up.json.opens_at, upcoming.opens_at);
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${c.st.id}`), [['0']]);
  // The same candidate in the open session: accepted.
  const ok = await register(open2025.id, good, { token: c.token });
  assert.equal(ok.status, 201, ok.text);
  // Edits follow the window too: close the session 1 ms in the past.
  const s = await makeSession(officer.token, chain);
  const d = await freshCandidate();
  const reg = await register(s.id, good, { token: d.token });
  assert.equal(reg.status, 201, reg.text);
  const shut = await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: officer.token, body: { opens_at: iso(Date.now() - 2 * HOUR), closes_at: iso(Date.now() - 1) } });
  assert.equal(shut.status, 200, shut.text);
  const late = await api('PUT', `/api/v1/exams/registrations/${reg.json.id}`, { token: d.token, body: good });
  assertProblem(late, 409, 'registration_closed');
  assert.equal(late.json.closes_at, shut.json.closes_at);
});

test('edits make versions, each kept with its author; only the candidate edits', async () => {
  const c = await freshCandidate();
  const reg = (await register(open2025.id, good, { token: c.token })).json;
  const v2 = await api('PUT', `/api/v1/exams/registrations/${reg.id}`, { token: c.token, body: { subjects: ['math', 'literature', 'informatics', 'foreign_language'], exemptions: ['foreign_language_certificate'], category: 'UT1' } });
  assert.equal(v2.status, 200, v2.text);
  assert.equal(v2.json.version, 2);
  assert.equal(v2.json.number, reg.number);
  assert.equal(v2.json.bonus, '2.00');
  assert.deepEqual(v2.json.exemptions, ['foreign_language_certificate']);
  assertProblem(await api('PUT', `/api/v1/exams/registrations/${reg.id}`, { token: c.token, body: { subjects: ['math'] } }), 422, 'invalid_combination', 'subjects');
  const got = await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token: c.token });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.version, 2);
  assert.deepEqual(got.json.versions.map((v) => [v.version, v.subjects, v.category, v.created_by]), [
    [1, good.subjects, null, c.username],
    [2, ['math', 'literature', 'informatics', 'foreign_language'], 'UT1', c.username],
  ]);
  // A returned registration, once edited, is submitted again.
  dbQuery(`UPDATE exam_registrations SET status = 'returned', status_reason = 'photo' WHERE id = ${reg.id}`);
  const v3 = await api('PUT', `/api/v1/exams/registrations/${reg.id}`, { token: c.token, body: good });
  assert.equal(v3.status, 200, v3.text);
  assert.equal(v3.json.status, 'submitted');
  assert.equal(v3.json.version, 3);
  // Nobody else edits: another candidate, the school's staff.
  const other = await freshCandidate();
  assertProblem(await api('PUT', `/api/v1/exams/registrations/${reg.id}`, { token: other.token, body: good }), 404, 'not_found');
  assertProblem(await api('PUT', `/api/v1/exams/registrations/${reg.id}`, { token: schoolAdmin.token, body: good }), 403, 'forbidden');
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registration_versions WHERE registration_id = ${reg.id}`), [['3']]);
});

test('who reads and lists: the candidate, their guardian, their school\'s staff, the office; every read audited', async () => {
  const c = await freshCandidate();
  const reg = (await register(open2025.id, good, { token: c.token })).json;
  const guardian = await userWithRole('guardian');
  const link = await api('POST', `/api/v1/students/${c.st.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  const auditCount = () => Number(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exams.read' AND person_id = ${c.st.id} AND allowed = 1`)[0][0]);
  const before = auditCount();
  for (const token of [c.token, guardian.token, schoolAdmin.token, officer.token]) {
    const got = await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.number, reg.number);
  }
  assert.equal(auditCount(), before + 4);
  const stranger = await freshCandidate();
  for (const token of [stranger.token, otherAdmin.token, teacherElsewhere.token, (await userWithRole('guardian')).token]) {
    assertProblem(await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token }), 404, 'not_found');
  }
  assert.deepEqual(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exams.read' AND person_id = ${c.st.id} AND allowed = 0`), [['4']]);
  // Mine: the candidate's own, the guardian's child's.
  const mine = await api('GET', '/api/v1/exams/registrations/mine', { token: c.token });
  assert.deepEqual(mine.json.items.map((x) => x.id), [reg.id]);
  const theirs = await api('GET', '/api/v1/exams/registrations/mine', { token: guardian.token });
  assert.deepEqual(theirs.json.items.map((x) => x.id), [reg.id]);
  const none = await api('GET', '/api/v1/exams/registrations/mine', { token: otherAdmin.token });
  assert.deepEqual(none.json.items, []);
  // Lists: the office sees all; a school's staff their school's.
  const all = await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?limit=1000`, { token: officer.token });
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.items.some((x) => x.id === reg.id));
  const ids = all.json.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  const school = await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?school=${chain.school}`, { token: schoolAdmin.token });
  assert.equal(school.status, 200, school.text);
  assert.ok(school.json.items.some((x) => x.id === reg.id));
  assert.ok(school.json.items.every((x) => x.school.code === chain.school));
  assertProblem(await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations`, { token: schoolAdmin.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?school=${chain.school}`, { token: otherAdmin.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?school=${chain.school}`, { token: teacherElsewhere.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?status=lost`, { token: officer.token }), 422, 'unknown_value', 'status');
  const submitted = await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?status=confirmed`, { token: officer.token });
  assert.equal(submitted.status, 200, submitted.text);
  assert.ok(!submitted.json.items.some((x) => x.id === reg.id));
  // Keyset paging: pages of one, in order, never repeating.
  const p1 = await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?limit=1`, { token: officer.token });
  assert.equal(p1.json.items.length, 1);
  assert.ok(p1.json.next);
  const p2 = await api('GET', `/api/v1/exams/sessions/${open2025.id}/registrations?limit=1&after=${p1.json.next}`, { token: officer.token });
  assert.ok(p2.json.items[0].id > p1.json.items[0].id);
  // The list is audited, one entry per candidate shown.
  assert.ok(Number(dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'exams.list' AND person_id = ${c.st.id}`)[0][0]) >= 2);
});

test('only candidates register, each only for themself and in a session of their school', async () => {
  const guardian = await userWithRole('guardian');
  assertProblem(await register(open2025.id, good, { token: guardian.token }), 403, 'forbidden');
  assertProblem(await register(open2025.id, good, { token: schoolAdmin.token }), 403, 'forbidden');
  // A candidate of a school under another province sees no such session.
  const otherChain = await vnChain(root);
  const st = await vnStudent(root, otherChain.school);
  const far = await candidateAccount(st.id);
  assertProblem(await register(open2025.id, good, { token: far.token }), 404, 'not_found');
  assertProblem(await register(999999999, good, { token: far.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/exams/sessions/${open2025.id}/prefill`, { token: far.token }), 404, 'not_found');
  assert.deepEqual(dbQuery(`SELECT count(*) FROM exam_registrations WHERE person_id = ${st.id}`), [['0']]);
});
