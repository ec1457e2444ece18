import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, uniq, orgChain, school, studentBody, userWithRole } from '../lib.mjs';

test('a ministry > province > district > school chain can be created and read', async () => {
  const token = await admin();
  const codes = await orgChain(token);
  const school = await api('GET', `/api/v1/orgs/${codes.school}`, { token });
  assert.equal(school.status, 200, school.text);
  assert.equal(school.json.kind, 'school');
  assert.equal(school.json.parent, codes.district);
  assert.equal(typeof school.json.id, 'number');
  const ministry = await api('GET', `/api/v1/orgs/${codes.ministry}`, { token });
  assert.equal(ministry.json.parent, null);
});

test('create answers 201 with Location and the stored fields; names keep any script', async () => {
  const token = await admin();
  const code = uniq('M');
  const name = 'وزارت آموزش و پرورش — Bộ Giáo dục và Đào tạo';
  const res = await api('POST', '/api/v1/orgs', { token, body: { code, name, kind: 'ministry' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.headers.get('location'), `/api/v1/orgs/${code}`);
  assert.equal(res.json.name, name);
  const back = await api('GET', `/api/v1/orgs/${code}`, { token });
  assert.equal(back.json.name, name);
});

test('a taken code is 409 on field code, and the first org is unchanged', async () => {
  const token = await admin();
  const code = uniq('M');
  assert.equal((await api('POST', '/api/v1/orgs', { token, body: { code, name: 'First', kind: 'ministry' } })).status, 201);
  const dup = await api('POST', '/api/v1/orgs', { token, body: { code, name: 'Second', kind: 'ministry' } });
  assertProblem(dup, 409, 'duplicate_code', 'code');
  const back = await api('GET', `/api/v1/orgs/${code}`, { token });
  assert.equal(back.json.name, 'First');
});

test('validation names the field at fault', async () => {
  const token = await admin();
  const { province, district } = await orgChain(token);
  const cases = [
    [{ name: 'x', kind: 'ministry' }, 'required', 'code'],
    [{ code: 'bad code!', name: 'x', kind: 'ministry' }, 'invalid', 'code'],
    [{ code: 'A'.repeat(33), name: 'x', kind: 'ministry' }, 'too_long', 'code'],
    [{ code: uniq(), kind: 'ministry' }, 'required', 'name'],
    [{ code: uniq(), name: 'x', kind: 'university' }, 'invalid', 'kind'],
    [{ code: uniq(), name: 'x', kind: 'school' }, 'required', 'parent'],
    [{ code: uniq(), name: 'x', kind: 'school', parent: 'NO-SUCH-ORG' }, 'unknown_parent', 'parent'],
    [{ code: uniq(), name: 'x', kind: 'school', parent: province }, 'wrong_parent_kind', 'parent'],
    [{ code: uniq(), name: 'x', kind: 'province', parent: district }, 'wrong_parent_kind', 'parent'],
  ];
  for (const [body, code, field] of cases) {
    const res = await api('POST', '/api/v1/orgs', { token, body });
    assertProblem(res, 422, code, field);
  }
});

test('an officer adds organisations only inside their own subtree', async () => {
  const a = await orgChain();
  const b = await orgChain();
  const officer = await userWithRole('province_officer', a.province);
  const inside = await api('POST', '/api/v1/orgs', { token: officer.token, body: { code: uniq('D'), name: 'In', kind: 'district', parent: a.province } });
  assert.equal(inside.status, 201, inside.text);
  const outside = await api('POST', '/api/v1/orgs', { token: officer.token, body: { code: uniq('D'), name: 'Out', kind: 'district', parent: b.province } });
  assertProblem(outside, 403, 'out_of_scope', 'parent');
  const ministry = await api('POST', '/api/v1/orgs', { token: officer.token, body: { code: uniq('M'), name: 'M', kind: 'ministry' } });
  assertProblem(ministry, 403, 'out_of_scope');
});

test('roles without org management are refused; no login is 401', async () => {
  const { school } = await orgChain();
  const principal = await userWithRole('school_admin', school);
  const res = await api('POST', '/api/v1/orgs', { token: principal.token, body: { code: uniq(), name: 'x', kind: 'ministry' } });
  assertProblem(res, 403, 'forbidden');
  const guardian = await userWithRole('guardian');
  assertProblem(await api('GET', `/api/v1/orgs/${school}`, { token: guardian.token }), 403, 'forbidden');
  assertProblem(await api('POST', '/api/v1/orgs', { body: { code: uniq(), name: 'x', kind: 'ministry' } }), 401, 'unauthorized');
});

test('an unknown org is 404', async () => {
  assertProblem(await api('GET', '/api/v1/orgs/NO-SUCH-ORG', { token: await admin() }), 404, 'not_found');
});

test('school details: level, sector, address; edit keeps code and kind', async () => {
  const token = await admin();
  const { district } = await orgChain(token);
  const code = uniq('S');
  const res = await api('POST', '/api/v1/orgs', { token, body: { code, name: 'دبستان نمونه', kind: 'school', parent: district, level: 'primary', sector: 'private', address: 'تهران، خیابان انقلاب' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.level, 'primary');
  assert.equal(res.json.sector, 'private');
  const edited = await api('PATCH', `/api/v1/orgs/${code}`, { token, body: { name: 'دبستان نمونه دولتی', sector: 'public' } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.sector, 'public');
  assert.equal(edited.json.address, 'تهران، خیابان انقلاب');
  assertProblem(await api('PATCH', `/api/v1/orgs/${code}`, { token, body: { level: 'college' } }), 422, 'invalid', 'level');
  assertProblem(await api('PATCH', `/api/v1/orgs/${code}`, { token, body: { code: 'X' } }), 422, 'immutable', 'code');
  assertProblem(await api('POST', '/api/v1/orgs', { token, body: { code: uniq('D'), name: 'd', kind: 'district', parent: (await api('GET', `/api/v1/orgs/${district}`, { token })).json.parent, level: 'primary' } }), 422, 'invalid', 'level');
});

test('country flows down from the ministry', async () => {
  const token = await admin();
  const m = uniq('M'), p = uniq('P');
  await api('POST', '/api/v1/orgs', { token, body: { code: m, name: 'Bộ', kind: 'ministry', country: 'VN' } });
  const prov = await api('POST', '/api/v1/orgs', { token, body: { code: p, name: 'Sở', kind: 'province', parent: m } });
  assert.equal(prov.json.country, 'VN');
});

test('moving a school to another district keeps its history and its students', async () => {
  const token = await admin();
  const a = await orgChain(token);
  const d2 = uniq('D');
  assert.equal((await api('POST', '/api/v1/orgs', { token, body: { code: d2, name: 'Second district', kind: 'district', parent: a.province } })).status, 201);
  const officer = await userWithRole('district_officer', d2);
  const codes = async (d) => (await api('GET', `/api/v1/orgs/${d}/children`, { token })).json.items.map((k) => k.code);
  assert.deepEqual(await codes(d2), []);
  const moved = await api('POST', `/api/v1/orgs/${a.school}/move`, { token, body: { parent: d2 } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.parent, d2);
  const hist = await api('GET', `/api/v1/orgs/${a.school}/history`, { token });
  assert.deepEqual(hist.json.moves.map((m) => [m.from, m.to]), [[a.district, d2]]);
  assert.deepEqual(await codes(d2), [a.school]);
  assert.deepEqual(await codes(a.district), []);
  // The new district's officer now reaches it.
  const kids = await api('GET', `/api/v1/orgs/${d2}/children`, { token: officer.token });
  assert.deepEqual(kids.json.items.map((k) => k.code), [a.school]);
  assertProblem(await api('GET', `/api/v1/orgs/${a.district}/children`, { token: officer.token }), 404, 'not_found');
  assertProblem(await api('POST', `/api/v1/orgs/${a.school}/move`, { token, body: { parent: d2 } }), 422, 'same_parent', 'parent');
  assertProblem(await api('POST', `/api/v1/orgs/${a.school}/move`, { token, body: { parent: a.province } }), 422, 'wrong_parent_kind', 'parent');
});

test('children lists the level below with counts', async () => {
  const token = await admin();
  const a = await orgChain(token);
  const kids = await api('GET', `/api/v1/orgs/${a.district}/children`, { token });
  assert.equal(kids.status, 200, kids.text);
  assert.deepEqual(kids.json.items.map((k) => [k.code, k.kind, k.children, k.students]), [[a.school, 'school', 0, 0]]);
  assert.equal(kids.json.students, 0);
});

test('children count the students of their whole subtree', async () => {
  const token = await admin();
  const s = await school(token);
  for (let i = 0; i < 2; i++) {
    const res = await api('POST', '/api/v1/students', { token, body: studentBody(s.school) });
    assert.equal(res.status, 201, res.text);
  }
  const districts = await api('GET', `/api/v1/orgs/${s.province}/children`, { token });
  assert.deepEqual(districts.json.items.map((k) => [k.code, k.children, k.students]), [[s.district, 1, 2]]);
  const provinces = await api('GET', `/api/v1/orgs/${s.ministry}/children`, { token });
  assert.deepEqual(provinces.json.items.map((k) => [k.code, k.students]), [[s.province, 2]]);
  assert.equal(provinces.json.students, 2);
});
