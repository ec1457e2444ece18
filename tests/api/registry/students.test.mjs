import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, uniq, school, studentBody, irCode, vnCccd, userWithRole } from '../lib.mjs';

const post = async (body, token) => api('POST', '/api/v1/students', { token: token ?? (await admin()), body });

test('create answers 201 with the lifelong id; read gives it back', async () => {
  const { school: s } = await school();
  const body = studentBody(s);
  const res = await post(body);
  assert.equal(res.status, 201, res.text);
  assert.equal(typeof res.json.id, 'number');
  assert.equal(res.headers.get('location'), `/api/v1/students/${res.json.id}`);
  const back = await api('GET', `/api/v1/students/${res.json.id}`, { token: await admin() });
  assert.equal(back.status, 200);
  for (const k of ['national_id', 'country', 'given_name', 'family_name', 'birth_date', 'sex', 'school', 'grade', 'school_year']) {
    assert.equal(back.json[k], body[k], k);
  }
  assert.equal(back.json.status, 'enrolled');
  assert.equal(back.json.review, null);
});

test('Persian digits, Arabic yeh and kaf are normalised on the way in', async () => {
  const { school: s } = await school();
  const code = irCode();
  const persian = code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
  const res = await post(studentBody(s, { national_id: persian, given_name: 'علي', family_name: 'كاظمي', birth_date: '۲۰۱۵-۰۴-۰۲' }));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.national_id, code);
  assert.equal(res.json.given_name, 'علی');
  assert.equal(res.json.family_name, 'کاظمی');
  assert.equal(res.json.birth_date, '2015-04-02');
});

test('Iranian codes: the checksum, padding and equal digits', async () => {
  const { school: s } = await school();
  assertProblem(await post(studentBody(s, { national_id: '0012345678' })), 422, undefined, 'national_id');
  assertProblem(await post(studentBody(s, { national_id: '1111111111' })), 422, undefined, 'national_id');
  assertProblem(await post(studentBody(s, { national_id: '12345' })), 422, undefined, 'national_id');
  const bad = await post(studentBody(s, { national_id: '0012345678' }));
  assert.match(bad.json.detail, /check digit|mistake/i);
  // 8- and 9-digit input is padded with zeros.
  let code;
  do { code = irCode(); } while (!code.startsWith('00') || code.startsWith('000'));
  const padded = await post(studentBody(s, { national_id: code.slice(2) }));
  assert.equal(padded.status, 201, padded.text);
  assert.equal(padded.json.national_id, code);
});

test('Vietnamese CCCD must agree with birth date and sex; the sector id is the CCCD', async () => {
  const { school: s } = await school(undefined, { country: 'VN' });
  const base = { country: 'VN', given_name: 'Văn An', family_name: 'Nguyễn', birth_date: '2012-03-04', sex: 'M', grade: 8 };
  const ok = await post(studentBody(s, { ...base, national_id: vnCccd(2012, 'M') }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.sector_id, ok.json.national_id);
  assertProblem(await post(studentBody(s, { ...base, national_id: vnCccd(2012, 'F') })), 422, undefined, 'national_id');
  assertProblem(await post(studentBody(s, { ...base, national_id: vnCccd(2011, 'M') })), 422, undefined, 'national_id');
  assertProblem(await post(studentBody(s, { ...base, national_id: vnCccd(2012, 'M', '003') })), 422, undefined, 'national_id');
  assertProblem(await post(studentBody(s, { ...base, national_id: '0012' })), 422, undefined, 'national_id');
});

test('the same national id is 409 naming the existing record only by id', async () => {
  const { school: s } = await school();
  const body = studentBody(s);
  const first = await post(body);
  const dup = await post({ ...body, given_name: 'Other' });
  assertProblem(dup, 409, 'duplicate_national_id', 'national_id');
  assert.equal(dup.json.existing_id, first.json.id);
  assert.doesNotMatch(dup.text, /Sara|Ahmadi|2015/);
});

test('likely duplicates without an id are flagged for review and can be merged', async () => {
  const token = await admin();
  const { school: s } = await school();
  const family = `Karimi ${uniq('')}`;
  const a = await post(studentBody(s, { family_name: family }));
  const b = await post(studentBody(s, { family_name: family, national_id: undefined }));
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.review, 'possible_duplicate');
  assert.equal((await api('GET', `/api/v1/students/${a.json.id}`, { token })).json.review, 'possible_duplicate');
  const flagged = await api('GET', `/api/v1/students?school=${s}&review=1`, { token });
  assert.deepEqual(flagged.json.items.map((x) => x.id).sort(), [a.json.id, b.json.id].sort());
  const merged = await api('POST', `/api/v1/students/${a.json.id}/merge`, { token, body: { duplicate: b.json.id } });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.json.review, null);
  const gone = await api('GET', `/api/v1/students/${b.json.id}`, { token });
  assert.equal(gone.json.status, 'merged');
  assert.equal(gone.json.merged_into, a.json.id);
  const hist = await api('GET', `/api/v1/students/${a.json.id}/history`, { token });
  assert.equal(hist.json.enrolments.length, 2, 'both histories are kept');
  assert.deepEqual(hist.json.merges.map((m) => m.merged), [b.json.id]);
  assertProblem(await api('POST', `/api/v1/students/${a.json.id}/merge`, { token, body: { duplicate: a.json.id } }), 422, undefined, 'duplicate');
});

test('each field is validated and named', async () => {
  const { school: s } = await school(undefined, { level: 'primary' });
  const cases = [
    [{ country: 'FR' }, 'country'], [{ country: undefined }, 'country'],
    [{ given_name: '' }, 'given_name'], [{ family_name: 'x'.repeat(101) }, 'family_name'],
    [{ birth_date: '2015-02-30' }, 'birth_date'], [{ birth_date: '2999-01-01' }, 'birth_date'],
    [{ sex: 'X' }, 'sex'], [{ school: 'NO-SUCH' }, 'school'], [{ grade: 0 }, 'grade'],
    [{ grade: 9 }, 'grade'], [{ school_year: '2025-2027' }, 'school_year'], [{ school_year: 'x' }, 'school_year'],
    [{ grade: 'three' }, 'grade'],
  ];
  for (const [over, field] of cases) {
    const res = await post(studentBody(s, over));
    assertProblem(res, 422, undefined, field);
  }
});

test('search: national id, diacritic- and case-insensitive names, yeh/kaf, paging', async () => {
  const token = await admin();
  const { school: s } = await school(undefined, { country: 'VN' });
  const tag = uniq('').toLowerCase().replace(/[0-9]/g, (d) => 'abcdefghij'[d]);
  const family = `Nguyễn${tag}`;
  const ids = [];
  for (let i = 0; i < 5; i++) {
    const r = await post(studentBody(s, { country: 'VN', national_id: vnCccd(2012, 'M'), family_name: family, given_name: 'Văn An', birth_date: '2012-03-04', sex: 'M', grade: 6 + (i % 2) }));
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const byName = await api('GET', `/api/v1/students?q=${encodeURIComponent(`nguyen${tag} van an`)}`, { token });
  assert.equal(byName.status, 200, byName.text);
  assert.deepEqual(byName.json.items.map((x) => x.id).sort(), [...ids].sort());
  const upper = await api('GET', `/api/v1/students?q=${encodeURIComponent(`NGUYEN${tag.toUpperCase()}`)}`, { token });
  assert.equal(upper.json.items.length, 5);
  const givenFirst = await api('GET', `/api/v1/students?q=${encodeURIComponent(`van an nguyen${tag}`)}`, { token });
  assert.equal(givenFirst.json.items.length, 5);
  // Keyset paging: two by two, no repeats, no gaps.
  const seen = [];
  let after = '';
  for (let page = 0; page < 5; page++) {
    const r = await api('GET', `/api/v1/students?q=nguyen${tag}&limit=2${after ? `&after=${after}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    seen.push(...r.json.items.map((x) => x.id));
    if (!r.json.next) break;
    after = encodeURIComponent(r.json.next);
  }
  assert.deepEqual([...seen].sort(), [...ids].sort());
  assert.equal(new Set(seen).size, seen.length);
  // By school and grade.
  const grade7 = await api('GET', `/api/v1/students?school=${s}&grade=7`, { token });
  assert.equal(grade7.json.items.length, 2);
  const bySchoolName = await api('GET', `/api/v1/students?school=${s}&q=nguyen${tag}&grade=6`, { token });
  assert.equal(bySchoolName.json.items.length, 3);
  // By national id.
  const one = await api('GET', `/api/v1/students/${ids[0]}`, { token });
  const byId = await api('GET', `/api/v1/students?q=${one.json.national_id}`, { token });
  assert.deepEqual(byId.json.items.map((x) => x.id), [ids[0]]);
  // Persian: Arabic yeh/kaf typed, Persian stored.
  const { school: ir } = await school();
  const pfam = `کریمی${tag}`;
  const p = await post(studentBody(ir, { family_name: pfam, given_name: 'مریم' }));
  const arabic = await api('GET', `/api/v1/students?q=${encodeURIComponent(`كريمي${tag}`)}`, { token });
  assert.deepEqual(arabic.json.items.map((x) => x.id), [p.json.id]);
});

test('search input is validated', async () => {
  const token = await admin();
  assertProblem(await api('GET', '/api/v1/students', { token }), 422, 'required', 'q');
  assertProblem(await api('GET', '/api/v1/students?q=ali&limit=0', { token }), 422, 'out_of_range', 'limit');
  assertProblem(await api('GET', '/api/v1/students?q=ali&limit=501', { token }), 422, 'out_of_range', 'limit');
  assertProblem(await api('GET', '/api/v1/students?q=ali&after=zz', { token }), 422, 'invalid', 'after');
  assertProblem(await api('GET', '/api/v1/students?school=NOPE', { token }), 422, undefined, 'school');
});

test('edit changes identity fields, keeps the id, refuses placement edits', async () => {
  const token = await admin();
  const { school: s } = await school();
  const created = await post(studentBody(s));
  const id = created.json.id;
  const edited = await api('PATCH', `/api/v1/students/${id}`, { token, body: { given_name: 'زهرا' } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.given_name, 'زهرا');
  assert.equal(edited.json.national_id, created.json.national_id);
  const found = await api('GET', `/api/v1/students?q=${encodeURIComponent('زهرا')}&school=${s}`, { token });
  assert.deepEqual(found.json.items.map((x) => x.id), [id]);
  assertProblem(await api('PATCH', `/api/v1/students/${id}`, { token, body: { grade: 5 } }), 422, 'use_enrolments', 'grade');
  assertProblem(await api('PATCH', `/api/v1/students/${id}`, { token, body: { national_id: '0012345678' } }), 422, undefined, 'national_id');
  assertProblem(await api('PATCH', '/api/v1/students/999999999', { token, body: { given_name: 'x' } }), 404, 'not_found');
});

test('leaving and re-enrolling are recorded in the history', async () => {
  const token = await admin();
  const { school: s } = await school();
  const { school: other } = await school();
  const id = (await post(studentBody(s))).json.id;
  const left = await api('POST', `/api/v1/students/${id}/leave`, { token, body: { reason: 'moved_abroad', date: '2026-01-10', note: 'Family moved' } });
  assert.equal(left.status, 200, left.text);
  assert.equal(left.json.status, 'moved_abroad');
  assert.equal(left.json.grade, null);
  assertProblem(await api('POST', `/api/v1/students/${id}/leave`, { token, body: { reason: 'dropped_out', date: '2026-01-11' } }), 409, 'not_enrolled');
  assertProblem(await api('POST', `/api/v1/students/${id}/leave`, { token, body: { reason: 'bored', date: '2026-01-11' } }), 422, 'invalid', 'reason');
  const back = await api('POST', `/api/v1/students/${id}/enrolments`, { token, body: { school: other, grade: 5, school_year: '2026-2027' } });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.school, other);
  assert.equal(back.json.status, 'enrolled');
  assertProblem(await api('POST', `/api/v1/students/${id}/enrolments`, { token, body: { school: s, grade: 5, school_year: '2026-2027' } }), 409, 'already_enrolled');
  const hist = await api('GET', `/api/v1/students/${id}/history`, { token });
  assert.deepEqual(hist.json.enrolments.map((e) => [e.school, e.end_reason, e.current]), [[s, 'moved_abroad', false], [other, null, true]]);
  assert.equal(hist.json.enrolments[0].end_date, '2026-01-10');
  assert.equal(hist.json.enrolments[1].start_date, '2026-09-23', '1 Mehr 1405');
});

test('promotion moves a school up a grade, with repeaters and graduates', async () => {
  const token = await admin();
  const { school: s } = await school(undefined, { level: 'upper_secondary' });
  const a = (await post(studentBody(s, { grade: 10 }))).json.id;
  const b = (await post(studentBody(s, { grade: 11 }))).json.id;
  const c = (await post(studentBody(s, { grade: 12 }))).json.id;
  const res = await api('POST', `/api/v1/orgs/${s}/promotions`, { token, body: { from_year: '2025-2026', repeat: [b] } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual([res.json.promoted, res.json.repeated, res.json.graduated], [1, 1, 1]);
  const get = async (id) => (await api('GET', `/api/v1/students/${id}`, { token })).json;
  assert.deepEqual([(await get(a)).grade, (await get(a)).school_year], [11, '2026-2027']);
  assert.deepEqual([(await get(b)).grade, (await get(b)).school_year], [11, '2026-2027']);
  assert.equal((await get(c)).status, 'graduated');
  const again = await api('POST', `/api/v1/orgs/${s}/promotions`, { token, body: { from_year: '2025-2026' } });
  assert.deepEqual([again.json.promoted, again.json.repeated, again.json.graduated], [0, 0, 0], 'idempotent');
  assertProblem(await api('POST', `/api/v1/orgs/${s}/promotions`, { token, body: { from_year: '2025' } }), 422, undefined);
});

test('scope: a principal registers only at their school; others see 404', async () => {
  const a = await school();
  const b = await school();
  const principal = await userWithRole('school_admin', a.school);
  const mine = await post(studentBody(a.school), principal.token);
  assert.equal(mine.status, 201, mine.text);
  assertProblem(await post(studentBody(b.school), principal.token), 403, 'out_of_scope', 'school');
  const theirs = await post(studentBody(b.school));
  assertProblem(await api('GET', `/api/v1/students/${theirs.json.id}`, { token: principal.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/students/${theirs.json.id}/history`, { token: principal.token }), 404, 'not_found');
  assertProblem(await api('PATCH', `/api/v1/students/${theirs.json.id}`, { token: principal.token, body: { given_name: 'x' } }), 404, 'not_found');
  // A teacher reads only the students of classes they teach (authz.test.mjs).
  const teacher = await userWithRole('teacher', a.school);
  assertProblem(await api('GET', `/api/v1/students/${mine.json.id}`, { token: teacher.token }), 404, 'not_found');
  assertProblem(await post(studentBody(a.school), teacher.token), 403, 'forbidden');
  const officer = await userWithRole('district_officer', a.district);
  assert.equal((await api('GET', `/api/v1/students/${mine.json.id}`, { token: officer.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/students/${theirs.json.id}`, { token: officer.token }), 404, 'not_found');
});

test('a search without a school stays inside the caller\'s part of the tree', async () => {
  const a = await school();
  const b = await school();
  const family = `Scoped${uniq('').replace(/[0-9]/g, (d) => 'abcdefghij'[d])}`;
  const mine = [];
  for (let i = 0; i < 3; i++) mine.push((await post(studentBody(a.school, { family_name: family }))).json.id);
  for (let i = 0; i < 3; i++) await post(studentBody(b.school, { family_name: family }));
  const officer = await userWithRole('district_officer', a.district);
  const page = await api('GET', `/api/v1/students?q=${family}&limit=3`, { token: officer.token });
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.json.items.map((x) => x.id).sort(), [...mine].sort(), 'a full page of their own');
  const all = await api('GET', `/api/v1/students?q=${family}`, { token: await admin() });
  assert.equal(all.json.items.length, 6);
  const guardianless = await userWithRole('school_admin', b.school);
  const theirs = await api('GET', `/api/v1/students?q=${family}`, { token: guardianless.token });
  assert.equal(theirs.json.items.length, 3);
  assert.ok(theirs.json.items.every((x) => x.school === b.school));
});
