// Exam packs, sessions and school regions (issue 13, parts 1 and 2): the
// packs as data, who creates and changes a session, its councils and
// sites, its zone and window in milliseconds, who sees it, and the
// priority regions of schools. Rules: docs/exams.md,
// src/domain/exams/{pack,session}.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, userWithRole } from '../lib.mjs';
import { HOUR, iso, vnChain, sessionBody, makeSession, vnStudent, candidateAccount } from './exams_setup.mjs';

let root, chain, other, officer, otherOfficer, districtOfficer, schoolAdmin;

before(async () => {
  root = await admin();
  chain = await vnChain(root);
  other = await vnChain(root);
  officer = await userWithRole('province_officer', chain.province);
  otherOfficer = await userWithRole('province_officer', other.province);
  districtOfficer = await userWithRole('district_officer', chain.district);
  schoolAdmin = await userWithRole('school_admin', chain.school);
});

const count = () => Number(dbQuery('SELECT count(*) FROM exam_sessions')[0][0]);

test('the packs are data: both Vietnamese packs, their subjects in three languages, and 404 for another', async () => {
  const list = await api('GET', '/api/v1/exams/packs', { token: schoolAdmin.token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((p) => p.name), ['vn-thpt-2022', 'vn-thpt-2025']);
  const p = await api('GET', '/api/v1/exams/packs/vn-thpt-2025', { token: schoolAdmin.token });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.time_zone, 'Asia/Ho_Chi_Minh');
  assert.equal(p.json.room_max, 24);
  assert.equal(p.json.number_digits, 8);
  assert.deepEqual(p.json.priority.regions, { KV1: 75, 'KV2-NT': 50, KV2: 25, KV3: 0 });
  assert.deepEqual(p.json.priority.categories, { UT1: 200, UT2: 100 });
  const math = p.json.subjects.find((s) => s.code === 'math');
  assert.deepEqual(math.names, { fa: 'ریاضی', vi: 'Toán', en: 'Mathematics' });
  assert.deepEqual(p.json.combination.tracks[0].required, ['math', 'literature']);
  assert.equal(p.json.combination.tracks[0].choose[0].min, 2);
  const p22 = await api('GET', '/api/v1/exams/packs/vn-thpt-2022', { token: schoolAdmin.token });
  const nat = p22.json.subjects.find((s) => s.code === 'natural_sciences');
  assert.deepEqual(nat.components.map((c) => c.code), ['physics', 'chemistry', 'biology']);
  assertProblem(await api('GET', '/api/v1/exams/packs/ir-konkur', { token: schoolAdmin.token }), 404, 'not_found');
  assertProblem(await api('GET', '/api/v1/exams/packs'), 401, 'unauthorized');
});

test('a province officer creates a session: councils, sites, the window to the millisecond in the zone', async () => {
  const s = await makeSession(officer.token, chain, {
    opens_at: '2030-05-04T07:00', closes_at: '2030-05-13T17:00:00.000+07:00',
    results_at: '2030-07-01T08:00:00Z', remarks_close_at: '2030-07-10T17:00',
  });
  assert.equal(s.org, chain.province);
  assert.equal(s.pack, 'vn-thpt-2025');
  assert.equal(s.time_zone, 'Asia/Ho_Chi_Minh');
  assert.equal(s.status, 'upcoming');
  // Local time without an offset is read in the session's zone.
  assert.equal(s.opens_at, '2030-05-04T07:00:00.000+07:00');
  assert.equal(s.closes_at, '2030-05-13T17:00:00.000+07:00');
  assert.equal(s.results_at, '2030-07-01T15:00:00.000+07:00');
  assert.equal(s.remarks_close_at, '2030-07-10T17:00:00.000+07:00');
  assert.equal(s.assigned_at, null);
  assert.deepEqual(s.councils, [{ code: '01', name: 'Hội đồng thi 01', org: chain.province }]);
  assert.equal(s.sites.length, 1);
  assert.deepEqual(s.sites[0], { code: 'A01', council: '01', school: chain.school, name: `Test school ${chain.school}`, rooms: 10, free_candidates: true });
  // Stored in milliseconds.
  assert.deepEqual(dbQuery(`SELECT closes_at_ms FROM exam_sessions WHERE id = ${s.id}`), [[String(Date.parse('2030-05-13T10:00:00Z'))]]);
  const got = await api('GET', `/api/v1/exams/sessions/${s.id}`, { token: officer.token });
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json, s);
  // A session in Tehran's zone shows Tehran's offset.
  const t = await makeSession(officer.token, chain, { time_zone: 'Asia/Tehran', opens_at: '2030-05-04T08:00', closes_at: '2030-05-05T08:00:00.5+03:30' });
  assert.equal(t.opens_at, '2030-05-04T08:00:00.000+03:30');
  assert.equal(t.closes_at, '2030-05-05T08:00:00.500+03:30');
  // A window already past is accepted (a session entered late).
  const past = await makeSession(officer.token, chain, { opens_at: iso(Date.now() - 2 * HOUR), closes_at: iso(Date.now() - 1) });
  assert.equal(past.status, 'closed');
});

test('bad sessions are refused with the field at fault, and nothing is stored', async () => {
  const before = count();
  const bad = async (over, status, code, field, token = officer.token) => {
    const res = await api('POST', '/api/v1/exams/sessions', { token, body: sessionBody(chain, over) });
    assertProblem(res, status, code, field);
    return res;
  };
  await bad({ pack: 'ir-konkur' }, 422, 'unknown_pack', 'pack');
  await bad({ time_zone: 'Mars/Olympus' }, 422, 'unknown_time_zone', 'time_zone');
  await bad({ closes_at: iso(Date.now() - 2 * HOUR) }, 422, 'invalid', 'closes_at');
  await bad({ opens_at: 'next tuesday' }, 422, 'invalid', 'opens_at');
  await bad({ opens_at: undefined }, 422, 'required', 'opens_at');
  await bad({ results_at: iso(Date.now()) }, 422, 'invalid', 'results_at');
  await bad({ name: '' }, 422, 'required', 'name');
  await bad({ councils: [] }, 422, 'required', 'councils');
  await bad({ councils: [{ code: '1', org: chain.province }] }, 422, 'invalid', 'councils[0].code');
  await bad({ councils: [{ code: '01', org: chain.province }, { code: '01', org: chain.province }] }, 422, 'duplicate', 'councils[1].code');
  await bad({ councils: [{ code: '01', org: other.province }] }, 403, 'out_of_scope', 'councils[0].org');
  await bad({ sites: [{ code: 'A', council: '02', school: chain.school, rooms: 3 }] }, 422, 'unknown_council', 'sites[0].council');
  await bad({ sites: [{ code: 'A', council: '01', school: other.school, rooms: 3 }] }, 403, 'out_of_scope', 'sites[0].school');
  await bad({ sites: [{ code: 'A', council: '01', school: chain.district, rooms: 3 }] }, 422, 'not_a_school', 'sites[0].school');
  await bad({ sites: [{ code: 'A', council: '01', school: chain.school, rooms: 0 }] }, 422, 'out_of_range', 'sites[0].rooms');
  await bad({ sites: [{ code: 'A', council: '01', school: chain.school, rooms: 2 }, { code: 'A', council: '01', school: chain.school, rooms: 2 }] }, 422, 'duplicate', 'sites[1].code');
  await bad({ org: chain.district }, 422, 'invalid', 'org');
  // Not the managers of this province.
  await bad({}, 403, 'out_of_scope', 'org', otherOfficer.token);
  // District officers and schools run no exam sessions.
  await bad({}, 403, 'out_of_scope', 'org', districtOfficer.token);
  assertProblem(await api('POST', '/api/v1/exams/sessions', { token: schoolAdmin.token, body: sessionBody(chain) }), 403, 'forbidden');
  assert.equal(count(), before);
});

test('who sees a session: its office and the staff under it, candidates of its schools; nobody else', async () => {
  const s = await makeSession(officer.token, chain);
  const past = await makeSession(officer.token, chain, { opens_at: iso(Date.now() - 2 * HOUR), closes_at: iso(Date.now() - 1) });
  const st = await vnStudent(root, chain.school);
  const cand = await candidateAccount(st.id);
  const outsider = await candidateAccount((await vnStudent(root, other.school)).id);
  for (const token of [officer.token, schoolAdmin.token, cand.token]) {
    const got = await api('GET', `/api/v1/exams/sessions/${s.id}`, { token });
    assert.equal(got.status, 200, got.text);
  }
  for (const token of [otherOfficer.token, outsider.token]) {
    assertProblem(await api('GET', `/api/v1/exams/sessions/${s.id}`, { token }), 404, 'not_found');
  }
  const mine = await api('GET', '/api/v1/exams/sessions', { token: cand.token });
  assert.equal(mine.status, 200, mine.text);
  const ids = mine.json.items.map((x) => x.id);
  assert.ok(ids.includes(s.id));
  assert.ok(!ids.includes(past.id), 'a candidate lists only sessions not yet closed');
  assert.ok(mine.json.items.every((x) => x.org === chain.province));
  const staff = await api('GET', '/api/v1/exams/sessions', { token: officer.token });
  assert.ok(staff.json.items.some((x) => x.id === past.id));
  const outside = await api('GET', '/api/v1/exams/sessions', { token: outsider.token });
  assert.ok(!outside.json.items.some((x) => x.id === s.id));
});

test('the office changes a session: name and instants; the rest is fixed', async () => {
  const s = await makeSession(officer.token, chain);
  const res = await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: officer.token, body: { name: 'Renamed', closes_at: '2031-05-13T17:00' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, 'Renamed');
  assert.equal(res.json.closes_at, '2031-05-13T17:00:00.000+07:00');
  assert.equal(res.json.opens_at, s.opens_at);
  assertProblem(await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: officer.token, body: { pack: 'vn-thpt-2022' } }), 422, 'immutable', 'pack');
  assertProblem(await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: officer.token, body: { closes_at: s.opens_at } }), 422, 'invalid', 'closes_at');
  assertProblem(await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: otherOfficer.token, body: { name: 'x' } }), 404, 'not_found');
  assertProblem(await api('PATCH', `/api/v1/exams/sessions/${s.id}`, { token: districtOfficer.token, body: { name: 'x' } }), 403, 'forbidden');
  const got = await api('GET', `/api/v1/exams/sessions/${s.id}`, { token: officer.token });
  assert.equal(got.json.name, 'Renamed');
});

test('the province sets its schools\' priority regions', async () => {
  const res = await api('PUT', '/api/v1/exams/regions', { token: officer.token, body: { regions: [{ org: chain.school, region: 'KV1' }, { org: chain.school2, region: 'KV2-NT' }] } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { updated: 2 });
  const region = (code) => dbQuery(`SELECT r.region FROM exam_regions r JOIN orgs o ON o.id = r.org_id WHERE o.code = '${code}'`);
  assert.deepEqual(region(chain.school), [['KV1']]);
  assert.deepEqual(region(chain.school2), [['KV2-NT']]);
  const again = await api('PUT', '/api/v1/exams/regions', { token: officer.token, body: { regions: [{ org: chain.school, region: 'KV2' }] } });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(region(chain.school), [['KV2']]);
  // All or nothing: a bad item leaves the good ones unset.
  const put = (token, regions) => api('PUT', '/api/v1/exams/regions', { token, body: { regions } });
  assertProblem(await put(officer.token, [{ org: chain.school, region: 'KV3' }, { org: chain.school2, region: 'KV9' }]), 422, 'unknown_region', 'regions[1].region');
  assertProblem(await put(officer.token, [{ org: chain.district, region: 'KV1' }]), 422, 'not_a_school', 'regions[0].org');
  assertProblem(await put(officer.token, [{ org: 'NOPE', region: 'KV1' }]), 422, 'unknown_school', 'regions[0].org');
  assertProblem(await put(otherOfficer.token, [{ org: chain.school, region: 'KV1' }]), 403, 'out_of_scope', 'regions[0].org');
  assertProblem(await put(districtOfficer.token, [{ org: chain.school, region: 'KV1' }]), 403, 'out_of_scope', 'regions[0].org');
  assertProblem(await put(officer.token, []), 422, 'required', 'regions');
  assert.deepEqual(region(chain.school), [['KV2']]);
});
