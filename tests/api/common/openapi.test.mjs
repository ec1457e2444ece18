// docs/openapi.yaml is kept true: the documented routes are exactly the
// server's, and live answers carry what the schemas require.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { api, admin, cli, dbQuery, orgChain, ADMIN, uniq, school as makeSchool, studentBody, userWithRole } from '../lib.mjs';

const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));

function resolve(node) {
  while (node?.$ref) {
    node = node.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec);
  }
  return node;
}

function schemaOf(path, method, status, type = 'application/json') {
  const resp = resolve(spec.paths[path][method].responses[String(status)]);
  assert.ok(resp, `${method} ${path} documents ${status}`);
  return resolve(resp.content?.[type]?.schema);
}

/** Check required properties and primitive types, recursively. */
function conforms(value, schema, where) {
  schema = resolve(schema);
  if (!schema) return;
  const types = [].concat(schema.type ?? []);
  if (types.length) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    assert.ok(types.includes(actual) || (actual === 'integer' && types.includes('number')), `${where}: ${actual} not in ${types}`);
  }
  if (schema.const !== undefined) assert.equal(value, schema.const, where);
  if (schema.enum) assert.ok(schema.enum.includes(value), `${where}: ${value} not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of schema.required ?? []) assert.ok(key in value, `${where}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in value) conforms(value[key], sub, `${where}.${key}`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => conforms(v, schema.items, `${where}[${i}]`));
}

test('every served route is documented and every documented route is served', () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0);
  const served = new Set(r.stdout.trim().split('\n'));
  const documented = new Set();
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const method of Object.keys(ops)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) documented.add(`${method.toUpperCase()} ${path}`);
    }
  }
  assert.deepEqual([...served].sort(), [...documented].sort());
});

test('every operation has an id, a summary and problem+json errors', () => {
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.operationId && op.summary, `${method} ${path}`);
      for (const [status, resp] of Object.entries(op.responses)) {
        if (Number(status) >= 400) {
          assert.ok(resolve(resp).content['application/problem+json'], `${method} ${path} ${status}`);
        }
      }
    }
  }
});

test('live answers conform to the documented schemas', async () => {
  const health = await api('GET', '/healthz');
  conforms(health.json, schemaOf('/healthz', 'get', 200), 'healthz');
  const login = await api('POST', '/api/v1/auth/login', { body: ADMIN });
  conforms(login.json, schemaOf('/api/v1/auth/login', 'post', 200), 'login');
  const token = await admin();
  const me = await api('GET', '/api/v1/auth/me', { token });
  conforms(me.json, schemaOf('/api/v1/auth/me', 'get', 200), 'me');
  const { school } = await orgChain(token);
  const org = await api('GET', `/api/v1/orgs/${school}`, { token });
  conforms(org.json, schemaOf('/api/v1/orgs/{code}', 'get', 200), 'org');
  const created = await api('POST', '/api/v1/orgs', { token, body: { code: uniq('M'), name: 'x', kind: 'ministry' } });
  conforms(created.json, schemaOf('/api/v1/orgs', 'post', 201), 'created org');
  const problem = await api('POST', '/api/v1/orgs', { token, body: { name: 'x', kind: 'ministry' } });
  assert.equal(problem.status, 422);
  conforms(problem.json, schemaOf('/api/v1/orgs', 'post', 422, 'application/problem+json'), 'problem');

  const sc = await makeSchool(token);
  const other = await makeSchool(token);
  const st = await api('POST', '/api/v1/students', { token, body: studentBody(sc.school) });
  conforms(st.json, schemaOf('/api/v1/students', 'post', 201), 'student');
  const list = await api('GET', `/api/v1/students?school=${sc.school}`, { token });
  conforms(list.json, schemaOf('/api/v1/students', 'get', 200), 'student list');
  const tr = await api('POST', `/api/v1/students/${st.json.id}/transfers`, { token, body: { to_school: other.school, date: '2026-02-01' } });
  conforms(tr.json, schemaOf('/api/v1/students/{id}/transfers', 'post', 201), 'transfer');
  await api('POST', `/api/v1/transfers/${tr.json.id}/approve`, { token });
  const hist = await api('GET', `/api/v1/students/${st.json.id}/history`, { token });
  conforms(hist.json, schemaOf('/api/v1/students/{id}/history', 'get', 200), 'history');
  const kids = await api('GET', `/api/v1/orgs/${sc.district}/children`, { token });
  conforms(kids.json, schemaOf('/api/v1/orgs/{code}/children', 'get', 200), 'children');
});

test('admissions answers conform: a round with priorities, an application after a run', async () => {
  const root = await admin();
  const chain = await orgChain(root);
  const officer = await userWithRole('district_officer', chain.district);
  const guardian = await userWithRole('guardian');
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const round = await api('POST', '/api/v1/admissions/rounds', {
    token: officer.token,
    body: {
      org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1, max_choices: 1, seed: 3,
      opens_at: iso(Date.now() - 3600000), closes_at: iso(Date.now() + 3600000),
      schools: [{ code: chain.school, capacity: 1 }],
      priorities: { groups: { zone: 2, categories: { law_a: 1 } }, zones: { [chain.school]: ['W1'] } },
    },
  });
  assert.equal(round.status, 201, round.text);
  conforms(round.json, schemaOf('/api/v1/admissions/rounds', 'post', 201), 'round');
  const apps = [];
  for (const claims of [{ area: 'W1' }, undefined]) {
    const kid = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
    await api('POST', `/api/v1/students/${kid.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'mother' } });
    const res = await api('POST', `/api/v1/admissions/rounds/${round.json.id}/applications`, { token: guardian.token, body: { student: kid.id, choices: [chain.school], claims } });
    assert.equal(res.status, 201, res.text);
    apps.push(res.json);
  }
  dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${round.json.id}`);
  assert.equal((await api('POST', `/api/v1/admissions/rounds/${round.json.id}/seal`, { token: officer.token })).status, 200);
  assert.equal((await api('POST', `/api/v1/admissions/rounds/${round.json.id}/run`, { token: officer.token })).status, 200);
  for (const a of apps) {
    const got = await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: guardian.token });
    assert.equal(got.status, 200, got.text);
    assert.ok(got.json.explanation, got.text);
    conforms(got.json, schemaOf('/api/v1/admissions/applications/{id}', 'get', 200), 'application');
    const w = got.json.explanation.placed ?? got.json.explanation.above[0];
    conforms(w, spec.components.schemas.PlacementWhy, 'explanation');
  }
});
