// Re-registration each year for continuing students (issue 16, part 6):
// a school or an office opens a campaign, guardians confirm their children's
// details (each version kept, Idempotency-Key), staff follow the counts and
// who has not confirmed. Rules: docs/admissions.md "Re-registration",
// src/domain/admissions/reregistration.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, school, uniq, userWithRole, vnCccd } from '../lib.mjs';

let root, chain, s2, schoolAdmin, s2Admin, officer, guardian, guardian2, stranger;
let a, b, c; // a and c at chain.school, b at s2; guardian linked to a and b, guardian2 to a
let schoolCampaign, districtCampaign;
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const YEAR = '2027-2028';

function body(over = {}) {
  return { org: chain.school, school_year: YEAR, opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + 24 * HOUR), ...over };
}

function confirm(id, payload, { token = guardian.token, key } = {}) {
  return api('POST', `/api/v1/admissions/reregistrations/${id}/confirmations`, {
    token, body: payload, headers: key ? { 'idempotency-key': key } : {},
  });
}

async function student(schoolCode, given, klass) {
  const res = await api('POST', '/api/v1/students', {
    token: root,
    body: { national_id: vnCccd(2018, 'F'), country: 'VN', given_name: given, family_name: `Vũ ${uniq('')}`, birth_date: '2018-03-04', sex: 'F', school: schoolCode, grade: 3, school_year: '2026-2027', class: klass },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function link(child, who, relation) {
  const res = await api('POST', `/api/v1/students/${child.id}/guardians`, { token: root, body: { username: who.username, relation } });
  assert.equal(res.status, 201, res.text);
}

before(async () => {
  root = await admin();
  chain = await school(root, { country: 'VN' });
  s2 = uniq('S');
  const made = await api('POST', '/api/v1/orgs', { token: root, body: { code: s2, name: `School ${s2}`, kind: 'school', parent: chain.district } });
  assert.equal(made.status, 201, made.text);
  schoolAdmin = await userWithRole('school_admin', chain.school);
  s2Admin = await userWithRole('school_admin', s2);
  officer = await userWithRole('district_officer', chain.district);
  guardian = await userWithRole('guardian');
  guardian2 = await userWithRole('guardian');
  stranger = await userWithRole('guardian');
  a = await student(chain.school, 'Anh', '3A');
  b = await student(s2, 'Bảo', null);
  c = await student(chain.school, 'Chi', '3B');
  await link(a, guardian, 'mother');
  await link(a, guardian2, 'father');
  await link(b, guardian, 'mother');
});

test('a school administrator opens a campaign for the school; an officer for the district', async () => {
  const res = await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body() });
  assert.equal(res.status, 201, res.text);
  schoolCampaign = res.json;
  assert.match(res.headers.get('location'), new RegExp(`/api/v1/admissions/reregistrations/${res.json.id}$`));
  assert.equal(res.json.org, chain.school);
  assert.equal(res.json.school_year, YEAR);
  assert.equal(res.json.status, 'open');
  assert.deepEqual(res.json.counts, { enrolled: 2, confirmed: 0, with_corrections: 0 });
  assert.deepEqual(res.json.unconfirmed.items.map((i) => i.id), [a.id, c.id]);
  assert.equal(res.json.unconfirmed.next, null);
  const d = await api('POST', '/api/v1/admissions/reregistrations', { token: officer.token, body: body({ org: chain.district }) });
  assert.equal(d.status, 201, d.text);
  districtCampaign = d.json;
  assert.deepEqual(d.json.counts, { enrolled: 3, confirmed: 0, with_corrections: 0 });
});

test('opening a campaign: who may, and bad input; nothing is made', async () => {
  const count = () => Number(dbQuery('SELECT count(*) FROM admission_reregistrations')[0][0]);
  const before = count();
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: s2Admin.token, body: body() }), 403, 'out_of_scope', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ org: chain.district }) }), 403, 'out_of_scope', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: guardian.token, body: body() }), 403);
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ org: uniq('X') }) }), 422, 'unknown_org', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ school_year: '2027-2029' }) }), 422, undefined, 'school_year');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ school_year: undefined }) }), 422, 'required', 'school_year');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ closes_at: iso(Date.now() - 2 * HOUR) }) }), 422, 'invalid', 'closes_at');
  assertProblem(await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ opens_at: 'tomorrow' }) }), 422, 'invalid', 'opens_at');
  assert.equal(count(), before);
});

test('a guardian sees each linked child under an open campaign, prefilled; audited', async () => {
  const res = await api('GET', '/api/v1/admissions/reregistrations/mine', { token: guardian.token });
  assert.equal(res.status, 200, res.text);
  const pairs = res.json.items.map((i) => [i.campaign.id, i.student]);
  assert.deepEqual(pairs, [[schoolCampaign.id, a.id], [districtCampaign.id, a.id], [districtCampaign.id, b.id]]);
  const item = res.json.items[0];
  assert.deepEqual(
    [item.given_name, item.family_name, item.birth_date, item.sex, item.school, item.grade, item.next_grade, item.class],
    ['Anh', a.family_name, '2018-03-04', 'F', chain.school, 3, 4, '3A'],
  );
  assert.ok(item.school_name);
  assert.deepEqual(item.guardians, [{ username: guardian.username, relation: 'mother' }, { username: guardian2.username, relation: 'father' }]);
  assert.equal(item.confirmation, null);
  assert.equal(item.campaign.school_year, YEAR);
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.reregistration.read' AND person_id = ${b.id}`);
  assert.ok(Number(audit[0][0]) >= 1);
  assert.deepEqual((await api('GET', '/api/v1/admissions/reregistrations/mine', { token: stranger.token })).json.items, []);
  assertProblem(await api('GET', '/api/v1/admissions/reregistrations/mine', { token: schoolAdmin.token }), 403);
});

test('confirming: a retry with the same key makes one; confirming again is a new version, each kept', async () => {
  const key = uniq('k');
  const first = await confirm(schoolCampaign.id, { student: a.id, corrections: null }, { key });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.version, 1);
  assert.equal(first.json.corrections, null);
  assert.equal(first.json.student, a.id);
  assert.equal(first.json.campaign, schoolCampaign.id);
  const again = await confirm(schoolCampaign.id, { student: a.id, corrections: null }, { key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.json.versions.length, 1);

  const second = await confirm(schoolCampaign.id, { student: a.id, corrections: 'Class is 3C now.' }, { token: guardian2.token });
  assert.equal(second.status, 201, second.text);
  assert.equal(second.json.version, 2);
  assert.equal(second.json.corrections, 'Class is 3C now.');
  assert.deepEqual(second.json.versions.map((v) => [v.version, v.corrections, v.confirmed_by]),
    [[1, null, guardian.username], [2, 'Class is 3C now.', guardian2.username]]);
  // The registry is not changed by a correction.
  assert.equal((await api('GET', `/api/v1/students/${a.id}`, { token: root })).json.class, '3A');

  const mine = await api('GET', '/api/v1/admissions/reregistrations/mine', { token: guardian.token });
  const item = mine.json.items.find((i) => i.campaign.id === schoolCampaign.id && i.student === a.id);
  assert.equal(item.confirmation.version, 2);
  assert.equal(item.confirmation.corrections, 'Class is 3C now.');
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.reregistration.confirm' AND person_id = ${a.id} AND allowed = 1`);
  assert.equal(audit[0][0], '2');
});

test('confirming: refusals change nothing', async () => {
  const count = () => Number(dbQuery('SELECT count(*) FROM admission_reregistration_confirmations')[0][0]);
  const before = count();
  assertProblem(await confirm(schoolCampaign.id, { student: b.id }), 422, 'not_in_campaign', 'student');
  assertProblem(await confirm(schoolCampaign.id, { student: c.id }), 404, 'not_found', 'student');
  assertProblem(await confirm(schoolCampaign.id, { student: a.id }, { token: stranger.token }), 404, 'not_found', 'student');
  assertProblem(await confirm(schoolCampaign.id, { student: a.id }, { token: schoolAdmin.token }), 403);
  assertProblem(await confirm(schoolCampaign.id, {}), 422, 'required', 'student');
  assertProblem(await confirm(schoolCampaign.id, { student: a.id, corrections: 'x'.repeat(2001) }), 422, undefined, 'corrections');
  assertProblem(await confirm(schoolCampaign.id, { student: a.id }, { key: 'k'.repeat(201) }), 422, 'invalid', 'Idempotency-Key');
  assertProblem(await confirm(999999999, { student: a.id }), 404, 'not_found');
  const upcoming = await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ opens_at: iso(Date.now() + HOUR), closes_at: iso(Date.now() + 2 * HOUR) }) });
  assert.equal(upcoming.json.status, 'upcoming');
  assertProblem(await confirm(upcoming.json.id, { student: a.id }), 409, 'campaign_not_open');
  const closed = await api('POST', '/api/v1/admissions/reregistrations', { token: schoolAdmin.token, body: body({ opens_at: iso(Date.now() - 2 * HOUR), closes_at: iso(Date.now() - HOUR) }) });
  assert.equal(closed.json.status, 'closed');
  assertProblem(await confirm(closed.json.id, { student: a.id }), 409, 'campaign_closed');
  assert.equal(count(), before);
});

test('staff follow the counts and who has not confirmed, keyset paged; only staff reaching the org', async () => {
  const b2 = await confirm(districtCampaign.id, { student: b.id, corrections: 'New address.' });
  assert.equal(b2.status, 201, b2.text);
  const view = await api('GET', `/api/v1/admissions/reregistrations/${schoolCampaign.id}`, { token: schoolAdmin.token });
  assert.equal(view.status, 200, view.text);
  assert.deepEqual(view.json.counts, { enrolled: 2, confirmed: 1, with_corrections: 1 });
  assert.deepEqual(view.json.unconfirmed.items.map((i) => [i.id, i.grade, i.class, i.school]), [[c.id, 3, '3B', chain.school]]);
  const d = await api('GET', `/api/v1/admissions/reregistrations/${districtCampaign.id}?limit=1`, { token: officer.token });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.json.counts, { enrolled: 3, confirmed: 1, with_corrections: 1 });
  assert.deepEqual(d.json.unconfirmed.items.map((i) => i.id), [a.id]);
  assert.equal(d.json.unconfirmed.next, String(a.id));
  const d2 = await api('GET', `/api/v1/admissions/reregistrations/${districtCampaign.id}?limit=1&after=${d.json.unconfirmed.next}`, { token: officer.token });
  assert.deepEqual(d2.json.unconfirmed.items.map((i) => i.id), [c.id]);
  assert.equal(d2.json.unconfirmed.next, null);
  const audit = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.reregistration.list' AND person_id = ${c.id}`);
  assert.ok(Number(audit[0][0]) >= 2);

  assert.equal((await api('GET', `/api/v1/admissions/reregistrations/${schoolCampaign.id}`, { token: officer.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/admissions/reregistrations/${schoolCampaign.id}`, { token: s2Admin.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/reregistrations/${districtCampaign.id}`, { token: schoolAdmin.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/reregistrations/${schoolCampaign.id}`, { token: guardian.token }), 403);
  assertProblem(await api('GET', '/api/v1/admissions/reregistrations/999999999', { token: officer.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/reregistrations/${schoolCampaign.id}?limit=0`, { token: officer.token }), 422, 'out_of_range', 'limit');
});

test('retries of one confirmation at the same moment make one version', async () => {
  const key = uniq('k');
  const before = Number(dbQuery(`SELECT count(*) FROM admission_reregistration_confirmations WHERE campaign_id = ${districtCampaign.id} AND person_id = ${a.id}`)[0][0]);
  const answers = await Promise.all(Array.from({ length: 6 }, () => confirm(districtCampaign.id, { student: a.id, corrections: 'Same time.' }, { key })));
  for (const r of answers) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(answers.map((r) => r.json.id)).size, 1);
  const after = Number(dbQuery(`SELECT count(*) FROM admission_reregistration_confirmations WHERE campaign_id = ${districtCampaign.id} AND person_id = ${a.id}`)[0][0]);
  assert.equal(after, before + 1);
});
