// Admission rounds and applications from home (issue 16, parts 1 and 2):
// who creates and reads a round, who applies, the window, the ranked list,
// one application per child, Idempotency-Key, versions, and the staff's
// lists. Rules: docs/admissions.md, src/domain/admissions/{round,application}.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { api, admin, assertProblem, dbQuery, orgChain, studentAccount, studentBody, uniq, userWithRole } from '../lib.mjs';

let root, chain, other;   // our ministry > province > district > school, and another chain
let s2;                   // a second school in our district
let officer, otherOfficer, schoolAdmin, s2Admin, guardian, stranger;
let child, child2;        // students at chain.school; guardian is linked to both
let openRound, upcomingRound, closedRound;

const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function roundBody(over = {}) {
  return {
    org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1,
    opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + 24 * HOUR),
    max_choices: 2, seed: 20260504,
    schools: [{ code: chain.school, capacity: 30 }, { code: s2, capacity: 1 }],
    ...over,
  };
}

async function makeRound(over) {
  const res = await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody(over) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function apply(roundId, body, { token = guardian.token, key } = {}) {
  return api('POST', `/api/v1/admissions/rounds/${roundId}/applications`, {
    token, body, headers: key ? { 'idempotency-key': key } : {},
  });
}

before(async () => {
  root = await admin();
  chain = await orgChain(root);
  other = await orgChain(root);
  s2 = uniq('S');
  const made = await api('POST', '/api/v1/orgs', { token: root, body: { code: s2, name: `School ${s2}`, kind: 'school', parent: chain.district } });
  assert.equal(made.status, 201, made.text);
  officer = await userWithRole('district_officer', chain.district);
  otherOfficer = await userWithRole('district_officer', other.district);
  schoolAdmin = await userWithRole('school_admin', chain.school);
  s2Admin = await userWithRole('school_admin', s2);
  guardian = await userWithRole('guardian');
  stranger = await userWithRole('guardian');
  child = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
  child2 = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
  for (const c of [child, child2]) {
    const link = await api('POST', `/api/v1/students/${c.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'mother' } });
    assert.equal(link.status, 201, link.text);
  }
  openRound = await makeRound();
  upcomingRound = await makeRound({ opens_at: iso(Date.now() + 24 * HOUR), closes_at: iso(Date.now() + 48 * HOUR) });
  closedRound = await makeRound({ opens_at: iso(Date.now() - 48 * HOUR), closes_at: iso(Date.now() - 24 * HOUR) });
});

test('a district officer creates a round; it reads back with its schools and window', async () => {
  assert.equal(openRound.org, chain.district);
  assert.equal(openRound.grade, 1);
  assert.equal(openRound.max_choices, 2);
  assert.equal(openRound.seed, 20260504);
  assert.equal(openRound.status, 'open');
  assert.deepEqual(openRound.schools.map((s) => [s.code, s.capacity]), [[chain.school, 30], [s2, 1]]);
  assert.equal(upcomingRound.status, 'upcoming');
  assert.equal(closedRound.status, 'closed');
  const got = await api('GET', `/api/v1/admissions/rounds/${openRound.id}`, { token: officer.token });
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json, openRound);
  // An instant with an offset is the same instant.
  const r = await makeRound({ opens_at: '2030-03-21T08:00:00+03:30', closes_at: '2030-03-31T04:30:00Z' });
  assert.equal(r.opens_at, '2030-03-21T04:30:00Z');
  assert.equal(r.closes_at, '2030-03-31T04:30:00Z');
});

test('creating a round: wrong role, out of scope, bad window, schools outside the area', async () => {
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: schoolAdmin.token, body: roundBody() }), 403);
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: guardian.token, body: roundBody() }), 403);
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: otherOfficer.token, body: roundBody() }), 403, 'out_of_scope', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ org: chain.province }) }), 403, 'out_of_scope', 'org');
  const prov = await userWithRole('province_officer', chain.province);
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: prov.token, body: roundBody({ org: chain.school }) }), 422, 'invalid', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ org: uniq('X') }) }), 422, 'unknown_org', 'org');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ closes_at: iso(Date.now() - 2 * HOUR) }) }), 422, 'invalid', 'closes_at');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ opens_at: '2026-05-04 08:00' }) }), 422, 'invalid', 'opens_at');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ max_choices: 0 }) }), 422, 'out_of_range', 'max_choices');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [] }) }), 422, 'required', 'schools');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [{ code: other.school, capacity: 3 }] }) }), 422, 'outside_round_area', 'schools[0].code');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [{ code: chain.district, capacity: 3 }] }) }), 422, 'not_a_school', 'schools[0].code');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [{ code: uniq('Z'), capacity: 3 }] }) }), 422, 'unknown_school', 'schools[0].code');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [{ code: s2, capacity: 1 }, { code: s2, capacity: 2 }] }) }), 422, 'duplicate', 'schools');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: officer.token, body: roundBody({ schools: [{ code: s2, capacity: -1 }] }) }), 422, 'out_of_range');
});

test('who reads a round: staff above and inside the area; guardians of children there once it opens', async () => {
  for (const who of [officer, schoolAdmin, s2Admin]) {
    assert.equal((await api('GET', `/api/v1/admissions/rounds/${openRound.id}`, { token: who.token })).status, 200);
  }
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${openRound.id}`, { token: otherOfficer.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${openRound.id}`, { token: stranger.token }), 404, 'not_found');
  assert.equal((await api('GET', `/api/v1/admissions/rounds/${openRound.id}`, { token: guardian.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${upcomingRound.id}`, { token: guardian.token }), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/admissions/rounds/999999999', { token: officer.token }), 404, 'not_found');

  const mine = await api('GET', '/api/v1/admissions/rounds', { token: guardian.token });
  assert.equal(mine.status, 200, mine.text);
  const ids = mine.json.items.map((r) => r.id);
  assert.ok(ids.includes(openRound.id) && ids.includes(closedRound.id));
  assert.ok(!ids.includes(upcomingRound.id), 'a guardian does not see a round before it opens');
  const staff = await api('GET', '/api/v1/admissions/rounds', { token: schoolAdmin.token });
  assert.ok(staff.json.items.map((r) => r.id).includes(upcomingRound.id));
  const opens = staff.json.items.map((r) => r.opens_at);
  assert.deepEqual(opens, [...opens].sort().reverse(), 'newest window first');
  const far = await api('GET', '/api/v1/admissions/rounds', { token: otherOfficer.token });
  assert.ok(!far.json.items.map((r) => r.id).includes(openRound.id));
  assert.deepEqual((await api('GET', '/api/v1/admissions/rounds', { token: stranger.token })).json.items, []);
});

test('a guardian applies from home; a retried POST with the same Idempotency-Key makes one application', async () => {
  const key = uniq('k');
  const first = await apply(openRound.id, { student: child.id, choices: [s2, chain.school] }, { key });
  assert.equal(first.status, 201, first.text);
  assert.match(first.headers.get('location'), new RegExp(`/api/v1/admissions/applications/${first.json.id}$`));
  assert.equal(first.json.round, openRound.id);
  assert.equal(first.json.student.id, child.id);
  assert.deepEqual(first.json.choices, [s2, chain.school]);
  assert.equal(first.json.version, 1);
  assert.equal(first.json.versions.length, 1);
  // The answer to the family's own write is recorded by the write's entry
  // alone; a replay reads the application as it is now and is audited as a read.
  const entries = (action) => Number(dbQuery(`SELECT count(*) FROM audit_log WHERE person_id = ${child.id}
    AND username = '${guardian.username}' AND action = '${action}' AND allowed = 1`)[0][0]);
  assert.equal(entries('admissions.apply'), 1);
  assert.equal(entries('admissions.read'), 0);
  const again = await apply(openRound.id, { student: child.id, choices: [s2, chain.school] }, { key });
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.json, first.json);
  assert.equal(entries('admissions.apply'), 1);
  assert.equal(entries('admissions.read'), 1);
  // The same child again under another key (or none) is a duplicate.
  assertProblem(await apply(openRound.id, { student: child.id, choices: [chain.school] }, { key: uniq('k') }), 409, 'duplicate_application', 'student');
  assertProblem(await apply(openRound.id, { student: child.id, choices: [chain.school] }), 409, 'duplicate_application', 'student');
  assert.equal(dbQuery(`SELECT count(*) FROM admission_applications WHERE round_id = ${openRound.id} AND person_id = ${child.id}`)[0][0], '1');
});

test('applying: the list, the window, the child and the caller are checked', async () => {
  const r = openRound.id;
  assertProblem(await apply(r, { student: child2.id, choices: [chain.school, s2, chain.school] }), 422, 'too_many', 'choices');
  assertProblem(await apply(r, { student: child2.id, choices: [] }), 422, 'required', 'choices');
  assertProblem(await apply(r, { student: child2.id, choices: [other.school] }), 422, 'school_not_in_round', 'choices[0]');
  assertProblem(await apply(r, { student: child2.id, choices: [s2, s2] }), 422, 'duplicate', 'choices[1]');
  assertProblem(await apply(r, { student: child2.id }), 422, 'required', 'choices');
  assertProblem(await apply(r, { choices: [s2] }), 422, 'required', 'student');
  assertProblem(await apply(upcomingRound.id, { student: child2.id, choices: [s2] }), 409, 'round_not_open');
  assertProblem(await apply(closedRound.id, { student: child2.id, choices: [s2] }), 409, 'round_closed');
  assertProblem(await apply(r, { student: child2.id, choices: [s2] }, { token: stranger.token }), 404, 'not_found');
  assertProblem(await apply(r, { student: 999999999, choices: [s2] }), 404, 'not_found');
  assertProblem(await apply(r, { student: child2.id, choices: [s2] }, { token: schoolAdmin.token }), 403);
  assertProblem(await apply(999999999, { student: child2.id, choices: [s2] }), 404, 'not_found');
  // A child whose school is outside the round's district.
  const far = (await api('POST', '/api/v1/students', { token: root, body: studentBody(other.school) })).json;
  const link = await api('POST', `/api/v1/students/${far.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'father' } });
  assert.equal(link.status, 201, link.text);
  assertProblem(await apply(r, { student: far.id, choices: [s2] }), 422, 'outside_round_area', 'student');
  const ok = await apply(r, { student: child2.id, choices: [chain.school] });
  assert.equal(ok.status, 201, ok.text);
});

test('edits make new versions until the window closes; every version is kept', async () => {
  const round = await makeRound();
  const made = await apply(round.id, { student: child.id, choices: [chain.school] });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const put = (body, token = guardian.token) => api('PUT', `/api/v1/admissions/applications/${id}`, { token, body });
  const v2 = await put({ choices: [s2, chain.school] });
  assert.equal(v2.status, 200, v2.text);
  assert.equal(v2.json.version, 2);
  const v3 = await put({ choices: [chain.school, s2] });
  assert.equal(v3.json.version, 3);
  assertProblem(await put({ choices: [other.school] }), 422, 'school_not_in_round', 'choices[0]');
  assertProblem(await put({ choices: [s2] }, stranger.token), 404, 'not_found');
  const got = await api('GET', `/api/v1/admissions/applications/${id}`, { token: guardian.token });
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json.choices, [chain.school, s2]);
  assert.deepEqual(got.json.versions.map((v) => [v.version, v.choices, v.created_by]),
    [[1, [chain.school], guardian.username], [2, [s2, chain.school], guardian.username], [3, [chain.school, s2], guardian.username]]);
  // The window closes: no more edits.
  dbQuery(`UPDATE admission_rounds SET closes_at = 1000 WHERE id = ${round.id}`);
  assertProblem(await put({ choices: [s2] }), 409, 'round_closed');
  assert.equal((await api('GET', `/api/v1/admissions/applications/${id}`, { token: guardian.token })).json.version, 3);
  assertProblem(await api('PUT', '/api/v1/admissions/applications/999999999', { token: guardian.token, body: { choices: [s2] } }), 404, 'not_found');
});

test('reading applications: the guardian, staff of the office, staff of a ranked school; others see nothing', async () => {
  const round = await makeRound();
  const a1 = (await apply(round.id, { student: child.id, choices: [chain.school] })).json;
  const a2 = (await apply(round.id, { student: child2.id, choices: [s2, chain.school] })).json;
  assert.ok(a1.id && a2.id);
  assert.equal((await api('GET', `/api/v1/admissions/applications/${a1.id}`, { token: officer.token })).status, 200);
  assertProblem(await api('GET', `/api/v1/admissions/applications/${a1.id}`, { token: stranger.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/applications/${a1.id}`, { token: otherOfficer.token }), 404, 'not_found');

  const all = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: officer.token });
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.json.items.map((a) => a.id), [a1.id, a2.id]);
  assert.equal(all.json.next, null);
  const page = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications?limit=1`, { token: officer.token });
  assert.deepEqual(page.json.items.map((a) => a.id), [a1.id]);
  const rest = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications?limit=1&after=${page.json.next}`, { token: officer.token });
  assert.deepEqual(rest.json.items.map((a) => a.id), [a2.id]);
  // The staff of s2 see only the applications that rank s2.
  const mine = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: s2Admin.token });
  assert.deepEqual(mine.json.items.map((a) => a.id), [a2.id]);
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: otherOfficer.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: guardian.token }), 403);
  // Each child shown to staff is in the audit log.
  const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.list' AND person_id = ${child2.id}`);
  assert.ok(Number(n[0][0]) >= 3, `audit entries: ${n}`);
});

// The answers match docs/openapi.yaml: required members and their types.
const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));
const resolve = (n) => { while (n?.$ref) n = n.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec); return n; };
function conforms(value, schema, where) {
  schema = resolve(schema);
  const types = [].concat(schema.type ?? []);
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length) assert.ok(types.includes(actual), `${where}: ${actual} not in ${types}`);
  if (schema.enum) assert.ok(schema.enum.includes(value), `${where}: ${value}`);
  if (actual === 'object') {
    for (const k of schema.required ?? []) assert.ok(k in value, `${where}: missing ${k}`);
    for (const [k, sub] of Object.entries(schema.properties ?? {})) if (k in value) conforms(value[k], sub, `${where}.${k}`);
  }
  if (actual === 'array' && schema.items) value.forEach((v, i) => conforms(v, schema.items, `${where}[${i}]`));
}
const schemaOf = (path, method, status) => resolve(resolve(spec.paths[path][method].responses[status]).content['application/json'].schema);

test('the answers match docs/openapi.yaml', async () => {
  const round = await makeRound();
  conforms(round, schemaOf('/api/v1/admissions/rounds', 'post', '201'), 'round');
  conforms((await api('GET', '/api/v1/admissions/rounds', { token: officer.token })).json, schemaOf('/api/v1/admissions/rounds', 'get', '200'), 'rounds');
  const made = await apply(round.id, { student: child.id, choices: [s2] });
  conforms(made.json, schemaOf('/api/v1/admissions/rounds/{id}/applications', 'post', '201'), 'application');
  const put = await api('PUT', `/api/v1/admissions/applications/${made.json.id}`, { token: guardian.token, body: { choices: [chain.school] } });
  conforms(put.json, schemaOf('/api/v1/admissions/applications/{id}', 'put', '200'), 'edited');
  const list = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: officer.token });
  conforms(list.json, schemaOf('/api/v1/admissions/rounds/{id}/applications', 'get', '200'), 'list');
});

// Each role, bound inside the round's chain (the guardian linked to no
// child of it): create a round, read it, list its applications, apply.
test('the roles: who creates, reads, lists and applies', async () => {
  const round = await makeRound();
  const who = {
    ministry_admin: await userWithRole('ministry_admin', chain.ministry),
    province_officer: await userWithRole('province_officer', chain.province),
    district_officer: officer,
    school_admin: schoolAdmin,
    teacher: await userWithRole('teacher', chain.school),
    guardian: stranger,
    student: await studentAccount(child.id),
    candidate: await userWithRole('candidate'),
  };
  //               create read list apply
  const want = {
    ministry_admin: [201, 200, 200, 403],
    province_officer: [201, 200, 200, 403],
    district_officer: [201, 200, 200, 403],
    school_admin: [403, 200, 200, 403],
    teacher: [403, 200, 200, 403],
    guardian: [403, 404, 403, 404],
    student: [403, 404, 403, 403],
    candidate: [403, 404, 403, 403],
  };
  for (const [role, [create, read, list, applied]] of Object.entries(want)) {
    const t = who[role].token;
    const c = await api('POST', '/api/v1/admissions/rounds', { token: t, body: roundBody() });
    assert.equal(c.status, create, `${role} create: ${c.text}`);
    const g = await api('GET', `/api/v1/admissions/rounds/${round.id}`, { token: t });
    assert.equal(g.status, read, `${role} read: ${g.text}`);
    const l = await api('GET', `/api/v1/admissions/rounds/${round.id}/applications`, { token: t });
    assert.equal(l.status, list, `${role} list: ${l.text}`);
    const a = await apply(round.id, { student: child.id, choices: [s2] }, { token: t });
    assert.equal(a.status, applied, `${role} apply: ${a.text}`);
  }
});

test('a round is changed by its officers before it opens, and then no more', async () => {
  const r = await makeRound({ opens_at: iso(Date.now() + 24 * HOUR), closes_at: iso(Date.now() + 48 * HOUR) });
  const patch = (body, token = officer.token, id = r.id) => api('PATCH', `/api/v1/admissions/rounds/${id}`, { token, body });
  const changed = await patch({ name: 'Grade 1, second call', max_choices: 1, schools: [{ code: s2, capacity: 5 }] });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.name, 'Grade 1, second call');
  assert.equal(changed.json.max_choices, 1);
  assert.equal(changed.json.grade, 1, 'what the body leaves out stays');
  assert.equal(changed.json.opens_at, r.opens_at);
  assert.deepEqual(changed.json.schools.map((s) => [s.code, s.capacity]), [[s2, 5]]);
  assert.equal((await patch({ seed: 99 })).json.seed, 99);
  assertProblem(await patch({ org: other.district }), 422, 'immutable', 'org');
  assertProblem(await patch({ closes_at: r.opens_at }), 422, 'invalid', 'closes_at');
  assertProblem(await patch({ schools: [{ code: other.school, capacity: 1 }] }), 422, 'outside_round_area', 'schools[0].code');
  assertProblem(await patch({ name: 'x' }, otherOfficer.token), 404, 'not_found');
  assertProblem(await patch({ name: 'x' }, schoolAdmin.token), 403);
  assertProblem(await patch({ name: 'x' }, officer.token, openRound.id), 409, 'round_started');
  assertProblem(await patch({ name: 'x' }, officer.token, 999999999), 404, 'not_found');
  assert.equal((await api('GET', `/api/v1/admissions/rounds/${r.id}`, { token: officer.token })).json.name, 'Grade 1, second call');
});

test('retries of one POST at the same moment make one application', async () => {
  const round = await makeRound();
  const key = uniq('k');
  const answers = await Promise.all(Array.from({ length: 6 }, () =>
    apply(round.id, { student: child2.id, choices: [s2] }, { key })));
  for (const a of answers) assert.equal(a.status, 201, a.text);
  assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
  assert.equal(dbQuery(`SELECT count(*) FROM admission_applications WHERE round_id = ${round.id}`)[0][0], '1');
});

test("a guardian lists the children's applications; nobody else's", async () => {
  const round = await makeRound();
  const a1 = (await apply(round.id, { student: child.id, choices: [chain.school] })).json;
  const a2 = (await apply(round.id, { student: child2.id, choices: [s2] })).json;
  const mine = await api('GET', `/api/v1/admissions/applications?round=${round.id}`, { token: guardian.token });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((a) => a.id), [a2.id, a1.id]);
  conforms(mine.json, schemaOf('/api/v1/admissions/applications', 'get', '200'), 'mine');
  const all = await api('GET', '/api/v1/admissions/applications', { token: guardian.token });
  assert.ok(all.json.items.length >= 2);
  assert.ok(all.json.items.every((a) => [child.id, child2.id].includes(a.student.id)));
  assert.deepEqual((await api('GET', '/api/v1/admissions/applications', { token: stranger.token })).json.items, []);
  assertProblem(await api('GET', '/api/v1/admissions/applications', { token: officer.token }), 403);
});
