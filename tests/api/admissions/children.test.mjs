// A new child registered from home (issue 16, part 2): identity by the
// country's id rules, the age rule of the round's rule set, duplicates by
// the registry's checks, Idempotency-Key, who may; then the child applies.
// Rules: docs/admissions.md "A new child", src/domain/admissions/child.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, irCode, school, uniq, userWithRole, vnCccd } from '../lib.mjs';

let root, vn, ir, vnOfficer, irOfficer, guardian, schoolAdmin;
let vnRound, irRound, plainRound, closedRound, upcomingRound;
let entry; // the start year of the school year vnRound admits to
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function makeRound(officer, chain, over) {
  const body = {
    org: chain.district, name: `Round ${uniq('')}`, opens_at: iso(Date.now() - HOUR),
    closes_at: iso(Date.now() + 24 * HOUR), seed: 11, schools: [{ code: chain.school, capacity: 5 }], ...over,
  };
  const res = await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function register(roundId, body, { token = guardian.token, key } = {}) {
  return api('POST', `/api/v1/admissions/rounds/${roundId}/children`, {
    token, body, headers: key ? { 'idempotency-key': key } : {},
  });
}

function vnChild(over = {}) {
  const year = entry - 6;
  return {
    given_name: 'An', family_name: `Nguyễn ${uniq('')}`, birth_date: `${year}-03-04`, sex: 'M',
    national_id: vnCccd(year, 'M'), relation: 'mother', ...over,
  };
}

const personCount = (family) => Number(dbQuery(`SELECT count(*) FROM persons WHERE family_name = '${family}'`)[0][0]);

before(async () => {
  root = await admin();
  vn = await school(root, { country: 'VN' });
  ir = await school(root, { country: 'IR' });
  vnOfficer = await userWithRole('district_officer', vn.district);
  irOfficer = await userWithRole('district_officer', ir.district);
  guardian = await userWithRole('guardian');
  schoolAdmin = await userWithRole('school_admin', vn.school);
  vnRound = await makeRound(vnOfficer, vn, { rules: 'vn-grade1' });
  irRound = await makeRound(irOfficer, ir, { rules: 'ir-grade1' });
  plainRound = await makeRound(vnOfficer, vn, { grade: 1, max_choices: 1 });
  closedRound = await makeRound(vnOfficer, vn, { rules: 'vn-grade1', opens_at: iso(Date.now() - 48 * HOUR), closes_at: iso(Date.now() - 24 * HOUR) });
  upcomingRound = await makeRound(vnOfficer, vn, { rules: 'vn-grade1', opens_at: iso(Date.now() + 24 * HOUR), closes_at: iso(Date.now() + 48 * HOUR) });
  // Vietnam's school year starts on 5 September: a round closing before it
  // admits to that year's, one closing on or after it to the next.
  const closes = new Date(vnRound.closes_at);
  const y = closes.getUTCFullYear();
  entry = closes < new Date(Date.UTC(y, 8, 5)) ? y : y + 1;
});

test('a guardian registers a new child: an applicant owned by the office, linked to the account, audited; it then applies', async () => {
  const body = vnChild();
  const res = await register(vnRound.id, body);
  assert.equal(res.status, 201, res.text);
  assert.match(res.headers.get('location'), new RegExp(`/api/v1/students/${res.json.id}$`));
  assert.equal(res.json.status, 'applicant');
  assert.equal(res.json.school, vn.district, 'owned by the round\'s office');
  assert.equal(res.json.grade, null);
  assert.equal(res.json.country, 'VN');
  assert.equal(res.json.national_id, body.national_id);
  assert.equal(res.json.round, vnRound.id);
  assert.equal(res.json.review, undefined);
  // The guardian reads the child; the office's staff find it in the registry.
  const mine = await api('GET', `/api/v1/students/${res.json.id}`, { token: guardian.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.status, 'applicant');
  const links = await api('GET', `/api/v1/students/${res.json.id}/guardians`, { token: guardian.token });
  assert.equal(links.status, 200, links.text);
  assert.deepEqual(links.json.items.map((l) => [l.username, l.relation]), [[guardian.username, 'mother']]);
  const seen = await api('GET', `/api/v1/students/${res.json.id}`, { token: vnOfficer.token });
  assert.equal(seen.status, 200, seen.text);
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.child' AND person_id = ${res.json.id}`);
  assert.equal(audit[0][0], '1');
  // The round is now the guardian's to read, and the child applies.
  assert.equal((await api('GET', `/api/v1/admissions/rounds/${vnRound.id}`, { token: guardian.token })).status, 200);
  const app = await api('POST', `/api/v1/admissions/rounds/${vnRound.id}/applications`, {
    token: guardian.token, body: { student: res.json.id, choices: [vn.school] },
  });
  assert.equal(app.status, 201, app.text);
  assert.equal(app.json.student.id, res.json.id);
  // The office finds it by national id; once placed, it enrols it at the school.
  const found = await api('GET', `/api/v1/students?q=${body.national_id}`, { token: vnOfficer.token });
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.json.items.map((s) => s.id), [res.json.id]);
  const enrol = await api('POST', `/api/v1/students/${res.json.id}/enrolments`, {
    token: vnOfficer.token, body: { school: vn.school, grade: 1, school_year: `${entry}-${entry + 1}` },
  });
  assert.ok(enrol.status === 200 || enrol.status === 201, enrol.text);
  const now = await api('GET', `/api/v1/students/${res.json.id}`, { token: guardian.token });
  assert.deepEqual([now.json.status, now.json.school, now.json.grade], ['enrolled', vn.school, 1]);
});

test('Idempotency-Key: a retried registration makes one child', async () => {
  const body = vnChild(), key = uniq('k');
  const first = await register(vnRound.id, body, { key });
  assert.equal(first.status, 201, first.text);
  const again = await register(vnRound.id, body, { key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.id, first.json.id);
  assert.equal(personCount(body.family_name), 1);
  // The same child under another key is already registered.
  assertProblem(await register(vnRound.id, body, { key: uniq('k') }), 409, 'already_registered', 'national_id');
  assertProblem(await register(vnRound.id, vnChild(), { key: 'k'.repeat(201) }), 422, 'invalid', 'Idempotency-Key');
});

test('a national id already in the registry: 409 already_registered, naming nobody', async () => {
  const year = entry - 6, nid = vnCccd(year, 'F');
  const known = await api('POST', '/api/v1/students', {
    token: root,
    body: { national_id: nid, country: 'VN', given_name: 'Bình', family_name: `Trần ${uniq('')}`, birth_date: `${year}-05-06`, sex: 'F', school: vn.school, grade: 1, school_year: `${entry - 1}-${entry}` },
  });
  assert.equal(known.status, 201, known.text);
  const body = vnChild({ national_id: nid, birth_date: `${year}-05-06`, sex: 'F' });
  const res = await register(vnRound.id, body);
  assertProblem(res, 409, 'already_registered', 'national_id');
  assert.equal(res.json.existing_id, undefined);
  assert.ok(!res.text.includes(known.json.family_name) && !res.text.includes('Bình'), 'the child is not disclosed');
  assert.match(res.json.detail, /school/);
  assert.equal(personCount(body.family_name), 0);
});

test('a likely duplicate by name, birth date and sex is stored and flagged for review', async () => {
  const year = entry - 6, family = `Lê ${uniq('')}`;
  const old = await api('POST', '/api/v1/students', {
    token: root,
    body: { country: 'VN', given_name: 'Cúc', family_name: family, birth_date: `${year}-07-08`, sex: 'F', school: vn.school, grade: 1, school_year: `${entry - 1}-${entry}` },
  });
  assert.equal(old.status, 201, old.text);
  const res = await register(vnRound.id, vnChild({ given_name: 'Cúc', family_name: family, birth_date: `${year}-07-08`, sex: 'F', national_id: vnCccd(year, 'F') }));
  assert.equal(res.status, 201, res.text);
  const mine = await api('GET', `/api/v1/students/${res.json.id}`, { token: root });
  assert.equal(mine.json.review, 'possible_duplicate');
  assert.equal((await api('GET', `/api/v1/students/${old.json.id}`, { token: root })).json.review, 'possible_duplicate');
});

test('the identity by the country\'s id rules: every refusal names its field and makes nothing', async () => {
  const year = entry - 6;
  const cases = [
    [{ national_id: '12345' }, 422, 'national_id'],
    [{ national_id: vnCccd(year - 30, 'M') }, 422, 'national_id'],  // the year in the id disagrees
    [{ national_id: vnCccd(year, 'F') }, 422, 'national_id'],       // the sex in the id disagrees
    [{ national_id: undefined }, 422, 'national_id', 'required'],
    [{ given_name: undefined }, 422, 'given_name', 'required'],
    [{ given_name: '' }, 422, 'given_name'],
    [{ birth_date: '2020-02-30' }, 422, 'birth_date'],
    [{ sex: 'X' }, 422, 'sex'],
    [{ relation: 'aunt' }, 422, 'relation', 'invalid'],
    [{ relation: undefined }, 422, 'relation', 'required'],
  ];
  for (const [over, status, field, code] of cases) {
    const body = vnChild(over);
    const res = await register(vnRound.id, body);
    assertProblem(res, status, code, field);
    assert.equal(personCount(body.family_name), 0, JSON.stringify(over));
  }
});

test('the age rule of the round\'s rule set (Vietnam: turns 6 in the calendar year of entry)', async () => {
  const y = entry - 6;
  for (const d of [`${y}-01-01`, `${y}-12-31`]) {
    const ok = await register(vnRound.id, vnChild({ birth_date: d, national_id: vnCccd(y, 'M') }));
    assert.equal(ok.status, 201, `${d}: ${ok.text}`);
  }
  for (const [d, yy] of [[`${y - 1}-12-31`, y - 1], [`${y + 1}-01-01`, y + 1]]) {
    const body = vnChild({ birth_date: d, national_id: vnCccd(yy, 'M') });
    const res = await register(vnRound.id, body);
    assertProblem(res, 422, 'age_not_eligible', 'birth_date');
    assert.ok(res.json.detail.includes(`${y}-01-01`) && res.json.detail.includes(`${y}-12-31`), res.json.detail);
    assert.equal(personCount(body.family_name), 0);
  }
});

test('Iran: 6 full years by 1 Mehr; the cut-off named in the refusal is the last birth date admitted', async () => {
  const irBody = (birth) => ({ given_name: 'Sara', family_name: `Ahmadi ${uniq('')}`, birth_date: birth, sex: 'F', national_id: irCode(), relation: 'father' });
  const young = await register(irRound.id, irBody(`${entry - 2}-01-01`));
  assertProblem(young, 422, 'age_not_eligible', 'birth_date');
  const cut = young.json.detail.match(/on or before (\d{4}-\d{2}-\d{2})/)[1];
  // 31 Shahrivar, six years before the school year the round admits to.
  assert.match(cut, new RegExp(`^${entry - 6}-09-2[123]$`));
  const onCut = await register(irRound.id, irBody(cut));
  assert.equal(onCut.status, 201, onCut.text);
  const next = new Date(Date.parse(`${cut}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  assertProblem(await register(irRound.id, irBody(next)), 422, 'age_not_eligible', 'birth_date');
  const older = await register(irRound.id, irBody(`${entry - 9}-01-01`));
  assert.equal(older.status, 201, 'no upper age in ir-grade1');
  // Persian digits in the national id are read as ASCII.
  const fa = irCode().replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
  const persian = await register(irRound.id, { ...irBody(cut), national_id: fa });
  assert.equal(persian.status, 201, persian.text);
  assertProblem(await register(irRound.id, { ...irBody(cut), national_id: '0012345678' }), 422, undefined, 'national_id');
});

test('who and when: guardians only, an open round with a rule set', async () => {
  const body = vnChild();
  assertProblem(await register(vnRound.id, body, { token: schoolAdmin.token }), 403);
  assertProblem(await register(vnRound.id, body, { token: vnOfficer.token }), 403);
  assertProblem(await api('POST', `/api/v1/admissions/rounds/${vnRound.id}/children`, { body }), 401);
  assertProblem(await register(closedRound.id, body), 409, 'round_closed');
  assertProblem(await register(upcomingRound.id, body), 404, 'not_found');
  assertProblem(await register(999999999, body), 404, 'not_found');
  assertProblem(await register(plainRound.id, body), 409, 'no_rule_set');
  assert.equal(personCount(body.family_name), 0);
});

test('the form prefilled from the registry: identity, school, the age verdict, suggested claims; audited', async () => {
  const family = await userWithRole('guardian');
  const y = entry - 6;
  // An older child enrolled at the round's school, and a new one from home.
  const older = await api('POST', '/api/v1/students', {
    token: root,
    body: { national_id: vnCccd(entry - 9, 'F'), country: 'VN', given_name: 'Mai', family_name: `Phạm ${uniq('')}`, birth_date: `${entry - 9}-02-03`, sex: 'F', school: vn.school, grade: 3, school_year: `${entry - 1}-${entry}` },
  });
  assert.equal(older.status, 201, older.text);
  const link = await api('POST', `/api/v1/students/${older.json.id}/guardians`, { token: root, body: { username: family.username, relation: 'father' } });
  assert.equal(link.status, 201, link.text);
  const url = (id, round = vnRound.id) => `/api/v1/admissions/rounds/${round}/prefill?student=${id}`;

  // Before any application: no area; the new child's sibling is at the school.
  const reg = await register(vnRound.id, vnChild({ birth_date: `${y}-06-07`, national_id: vnCccd(y, 'M'), relation: 'father' }), { token: family.token });
  assert.equal(reg.status, 201, reg.text);
  let pre = await api('GET', url(reg.json.id), { token: family.token });
  assert.equal(pre.status, 200, pre.text);
  assert.deepEqual(pre.json.claims, { siblings: [vn.school] });

  const app = await api('POST', `/api/v1/admissions/rounds/${vnRound.id}/applications`, {
    token: family.token, body: { student: older.json.id, choices: [vn.school], claims: { area: 'W0107' } },
  });
  assert.equal(app.status, 201, app.text);
  pre = await api('GET', url(reg.json.id), { token: family.token });
  assert.equal(pre.status, 200, pre.text);
  assert.equal(pre.json.round, vnRound.id);
  assert.equal(pre.json.rules, 'vn-grade1');
  assert.deepEqual(pre.json.student, {
    id: reg.json.id, country: 'VN', given_name: 'An', family_name: reg.json.family_name,
    birth_date: `${y}-06-07`, sex: 'M', national_id: reg.json.national_id,
  });
  assert.deepEqual([pre.json.school, pre.json.grade, pre.json.school_year], [null, null, null]);
  assert.deepEqual(pre.json.age, { eligible: true, earliest: `${y}-01-01`, latest: `${y}-12-31`, school_year: `${entry}-${entry + 1}` });
  assert.deepEqual(pre.json.claims, { area: 'W0107', siblings: [vn.school] });
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.prefill' AND person_id = ${reg.json.id} AND allowed = 1`);
  assert.equal(audit[0][0], '2');

  // The enrolled child: its school and grade; too old for grade 1; no sibling but itself.
  const mine = await api('GET', url(older.json.id), { token: family.token });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual([mine.json.school, mine.json.grade, mine.json.school_year], [vn.school, 3, `${entry - 1}-${entry}`]);
  assert.equal(mine.json.age.eligible, false);
  assert.deepEqual(mine.json.claims, { area: 'W0107' });
  // The suggested claims are accepted as they are.
  const second = await api('POST', `/api/v1/admissions/rounds/${vnRound.id}/applications`, {
    token: family.token, body: { student: reg.json.id, choices: [vn.school], claims: pre.json.claims },
  });
  assert.equal(second.status, 201, second.text);

  // A round without a rule set: no verdict.
  const plain = await api('GET', url(older.json.id, plainRound.id), { token: family.token });
  assert.equal(plain.status, 200, plain.text);
  assert.equal(plain.json.age, null);
  assert.equal(plain.json.rules, null);
});

test('the prefilled form: who may read it', async () => {
  const y = entry - 6;
  const reg = await register(vnRound.id, vnChild({ birth_date: `${y}-08-09`, national_id: vnCccd(y, 'M') }));
  assert.equal(reg.status, 201, reg.text);
  const url = `/api/v1/admissions/rounds/${vnRound.id}/prefill?student=${reg.json.id}`;
  assert.equal((await api('GET', url, { token: guardian.token })).status, 200);
  const stranger = await userWithRole('guardian');
  assertProblem(await api('GET', url, { token: stranger.token }), 404, 'not_found');
  assertProblem(await api('GET', url, { token: vnOfficer.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${upcomingRound.id}/prefill?student=${reg.json.id}`, { token: guardian.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${vnRound.id}/prefill`, { token: guardian.token }), 422, 'required', 'student');
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${vnRound.id}/prefill?student=999999999`, { token: guardian.token }), 404, 'not_found', 'student');
});

test('retries of one registration at the same moment make one child', async () => {
  const body = vnChild(), key = uniq('k');
  const answers = await Promise.all(Array.from({ length: 6 }, () => register(vnRound.id, body, { key })));
  for (const a of answers) assert.equal(a.status, 201, a.text);
  assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
  assert.equal(personCount(body.family_name), 1);
  assert.equal(dbQuery(`SELECT count(*) FROM admission_children WHERE idem_key = '${key}'`)[0][0], '1');
});
