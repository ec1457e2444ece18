// Admission rule sets as data (issue 16, part 1): the list and one rule set,
// and a round made with one taking its grade, max_choices and priorities.
// Rules: docs/admissions.md "Rule sets", src/domain/admissions/rules.h.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, school, uniq, userWithRole } from '../lib.mjs';

let root, ir, vn, irOfficer, vnOfficer, guardian;
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function roundBody(chain, over = {}) {
  return {
    org: chain.district, name: `Round ${uniq('')}`,
    opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + 24 * HOUR), seed: 7,
    schools: [{ code: chain.school, capacity: 10 }], ...over,
  };
}

before(async () => {
  root = await admin();
  ir = await school(root, { country: 'IR' });
  vn = await school(root, { country: 'VN' });
  irOfficer = await userWithRole('district_officer', ir.district);
  vnOfficer = await userWithRole('district_officer', vn.district);
  guardian = await userWithRole('guardian');
});

test('anyone signed in lists the rule sets, in name order, each whole', async () => {
  assertProblem(await api('GET', '/api/v1/admissions/rules'), 401);
  const res = await api('GET', '/api/v1/admissions/rules', { token: guardian.token });
  assert.equal(res.status, 200, res.text);
  const names = res.json.items.map((r) => r.name);
  for (const n of ['ir-grade1', 'vn-grade1', 'vn-grade10', 'vn-grade6']) assert.ok(names.includes(n), n);
  assert.deepEqual(names, [...names].sort());
  for (const rs of res.json.items) {
    assert.match(rs.country, /^(IR|VN)$/);
    assert.ok(rs.grade >= 1 && rs.grade <= 12);
    for (const lang of ['fa', 'vi', 'en']) assert.ok(rs.label[lang], `${rs.name} label ${lang}`);
    for (const c of rs.categories) {
      for (const lang of ['fa', 'vi', 'en']) assert.ok(c.label[lang], `${rs.name} ${c.code} ${lang}`);
      assert.ok(Number.isInteger(rs.priorities.groups.categories[c.code]), `${c.code} has a group`);
    }
    assert.ok(rs.documents.some((d) => d.kind === 'birth_certificate' && d.required === true));
  }
});

test('one rule set by name; an unknown name is 404', async () => {
  const vn1 = await api('GET', '/api/v1/admissions/rules/vn-grade1', { token: guardian.token });
  assert.equal(vn1.status, 200, vn1.text);
  assert.equal(vn1.json.country, 'VN');
  assert.equal(vn1.json.grade, 1);
  assert.deepEqual(vn1.json.age, { calendar: 'gregorian', cutoff: { month: 12, day: 31 }, min_age: 6, max_age: 6 });
  assert.deepEqual(vn1.json.national_id, { scheme: 'vn_personal_id', required: true });
  assert.ok(vn1.json.documents.some((d) => d.kind === 'proof_of_address' && d.claim === 'area'));
  const ir1 = await api('GET', '/api/v1/admissions/rules/ir-grade1', { token: irOfficer.token });
  assert.equal(ir1.status, 200);
  assert.deepEqual(ir1.json.age, { calendar: 'jalali', cutoff: { month: 6, day: 31 }, min_age: 6 });
  assert.equal(ir1.json.national_id.scheme, 'ir_national_code');
  assertProblem(await api('GET', '/api/v1/admissions/rules/xx-grade9', { token: guardian.token }), 404, 'not_found');
});

test('a round made with a rule set takes its grade, max_choices and priorities, and shows it', async () => {
  const rs = (await api('GET', '/api/v1/admissions/rules/ir-grade1', { token: irOfficer.token })).json;
  const made = await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'ir-grade1' }) });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.rules, 'ir-grade1');
  assert.equal(made.json.grade, rs.grade);
  assert.equal(made.json.max_choices, rs.max_choices);
  assert.deepEqual(made.json.priorities, rs.priorities);
  const got = await api('GET', `/api/v1/admissions/rounds/${made.json.id}`, { token: irOfficer.token });
  assert.deepEqual(got.json, made.json);

  // Given explicitly, a field wins over the rule set.
  const own = await api('POST', '/api/v1/admissions/rounds', {
    token: irOfficer.token,
    body: roundBody(ir, { rules: 'ir-grade1', grade: 2, max_choices: 5, priorities: { groups: { zone: 1 } } }),
  });
  assert.equal(own.status, 201, own.text);
  assert.deepEqual([own.json.grade, own.json.max_choices, own.json.priorities], [2, 5, { groups: { zone: 1 } }]);
  assert.equal(own.json.rules, 'ir-grade1');

  // Without one: rules null, and the fields stay required.
  const plain = await api('POST', '/api/v1/admissions/rounds', { token: vnOfficer.token, body: roundBody(vn, { grade: 1, max_choices: 2 }) });
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.json.rules, null);
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: vnOfficer.token, body: roundBody(vn, { max_choices: 2 }) }), 422, 'required', 'grade');
  const vn6 = await api('POST', '/api/v1/admissions/rounds', { token: vnOfficer.token, body: roundBody(vn, { rules: 'vn-grade6' }) });
  assert.equal(vn6.status, 201, vn6.text);
  assert.equal(vn6.json.grade, 6);
});

test('refusals: unknown rule set, another country, missing fields, changing the rule set; nothing is made', async () => {
  const before = (await api('GET', '/api/v1/admissions/rounds', { token: irOfficer.token })).json.items.length;
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'ir-grade9' }) }), 422, 'unknown_rule_set', 'rules');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 7 }) }), 422, 'type', 'rules');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'vn-grade1' }) }), 422, 'invalid', 'rules');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'ir-grade1', name: undefined }) }), 422, 'required', 'name');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'ir-grade1', seed: undefined }) }), 422, 'required', 'seed');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: irOfficer.token, body: roundBody(ir, { rules: 'ir-grade1', closes_at: undefined }) }), 422, 'required', 'closes_at');
  assertProblem(await api('POST', '/api/v1/admissions/rounds', { token: guardian.token, body: roundBody(ir, { rules: 'ir-grade1' }) }), 403);
  const after = (await api('GET', '/api/v1/admissions/rounds', { token: irOfficer.token })).json.items.length;
  assert.equal(after, before);

  const later = await api('POST', '/api/v1/admissions/rounds', {
    token: irOfficer.token,
    body: roundBody(ir, { rules: 'ir-grade1', opens_at: iso(Date.now() + 24 * HOUR), closes_at: iso(Date.now() + 48 * HOUR) }),
  });
  assert.equal(later.status, 201, later.text);
  assertProblem(await api('PATCH', `/api/v1/admissions/rounds/${later.json.id}`, { token: irOfficer.token, body: { rules: 'vn-grade1' } }), 422, 'immutable', 'rules');
  const edited = await api('PATCH', `/api/v1/admissions/rounds/${later.json.id}`, { token: irOfficer.token, body: { max_choices: 4 } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.rules, 'ir-grade1');
  assert.equal(edited.json.max_choices, 4);
});
