// Seal and run (issue 16, part 4 as far as it goes): a closed round's inputs
// are sealed (canonical JSON, SHA-256, the seed), the engine places from
// them alone, each application shows its placement, a second run gives the
// same result, and `tabula admissions match` on the published inputs agrees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, admin, assertProblem, cli, dbQuery, orgChain, studentBody, uniq, userWithRole } from '../lib.mjs';

const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const dir = mkdtempSync(join(tmpdir(), 'tabula-placement-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let root, chain, s2, officer, otherOfficer, schoolAdmin, guardian;
let round, kids, apps;

async function newRound(token = officer.token) {
  const res = await api('POST', '/api/v1/admissions/rounds', {
    token,
    body: {
      org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 2, seed: 7,
      schools: [{ code: chain.school, capacity: 30 }, { code: s2, capacity: 1 }],
    },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

const close = (id) => dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${id}`);
const post = (id, verb, token = officer.token) => api('POST', `/api/v1/admissions/rounds/${id}/${verb}`, { token });

before(async () => {
  root = await admin();
  chain = await orgChain(root);
  s2 = uniq('S');
  assert.equal((await api('POST', '/api/v1/orgs', { token: root, body: { code: s2, name: `School ${s2}`, kind: 'school', parent: chain.district } })).status, 201);
  officer = await userWithRole('district_officer', chain.district);
  otherOfficer = await userWithRole('district_officer', (await orgChain(root)).district);
  schoolAdmin = await userWithRole('school_admin', chain.school);
  guardian = await userWithRole('guardian');
  kids = [];
  for (let i = 0; i < 3; i++) {
    const k = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
    assert.equal((await api('POST', `/api/v1/students/${k.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'mother' } })).status, 201);
    kids.push(k);
  }
  round = await newRound();
  const lists = [[s2, chain.school], [s2], [chain.school]];
  apps = [];
  for (let i = 0; i < 3; i++) {
    const res = await api('POST', `/api/v1/admissions/rounds/${round.id}/applications`, { token: guardian.token, body: { student: kids[i].id, choices: lists[i] } });
    assert.equal(res.status, 201, res.text);
    apps.push(res.json);
  }
  assert.equal(apps[0].placement, null);
});

test('sealing: only after the window closes, once, by the officers of the round', async () => {
  assertProblem(await post(round.id, 'seal'), 409, 'round_not_closed');
  assertProblem(await post(round.id, 'run'), 409, 'round_not_sealed');
  close(round.id);
  assertProblem(await post(round.id, 'run'), 409, 'round_not_sealed');
  assertProblem(await post(round.id, 'seal', schoolAdmin.token), 403);
  assertProblem(await post(round.id, 'seal', otherOfficer.token), 404, 'not_found');
  assertProblem(await post(999999999, 'seal'), 404, 'not_found');
  const sealed = await post(round.id, 'seal');
  assert.equal(sealed.status, 200, sealed.text);
  assert.match(sealed.json.inputs_sha256, /^[0-9a-f]{64}$/);
  assert.equal(typeof sealed.json.sealed_at, 'string');
  assert.equal(sealed.json.run_at, null);
  assertProblem(await post(round.id, 'seal'), 409, 'round_sealed');
  // The published inputs are the bytes that were hashed, with the seed.
  const inputs = await api('GET', `/api/v1/admissions/rounds/${round.id}/inputs`, { token: schoolAdmin.token });
  assert.equal(inputs.status, 200, inputs.text);
  assert.equal(createHash('sha256').update(inputs.text).digest('hex'), sealed.json.inputs_sha256);
  assert.equal(inputs.json.seed, 7);
  assert.deepEqual(inputs.json.schools, [{ capacity: 30, id: chain.school }, { capacity: 1, id: s2 }]);
  assert.deepEqual(inputs.json.applicants.map((a) => a.id), apps.map((a) => String(a.id)));
  assert.deepEqual(inputs.json.applicants[0].choices, [s2, chain.school]);
  assertProblem(await api('GET', `/api/v1/admissions/rounds/${round.id}/inputs`, { token: guardian.token }), 403);
});

test('running places from the sealed inputs; re-running and the command give the same result', async () => {
  const first = await post(round.id, 'run');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.placed + first.json.unplaced, 3);
  assert.match(first.json.results_sha256, /^[0-9a-f]{64}$/);
  const placed = [];
  for (const a of apps) {
    const got = await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: guardian.token });
    assert.equal(got.status, 200, got.text);
    assert.ok(got.json.placement, got.text);
    placed.push(got.json.placement);
  }
  // s2 has one seat: the first two ask for it and one gets it; the third
  // gets its only choice; whoever loses s2 falls back as its list says.
  assert.equal(placed.filter((p) => p.school === s2).length, 1);
  assert.equal(placed[2].school, chain.school);
  if (placed[0].school !== s2) assert.equal(placed[0].school, chain.school);
  else assert.equal(placed[1].school, null);
  // The lower lottery number wins the seat.
  const winner = placed[0].school === s2 ? 0 : 1;
  assert.ok(placed[winner].lottery < placed[1 - winner].lottery);

  const again = await post(round.id, 'run');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.results_sha256, first.json.results_sha256);
  assert.equal(again.json.inputs_sha256, first.json.inputs_sha256);
  for (let i = 0; i < apps.length; i++) {
    const got = await api('GET', `/api/v1/admissions/applications/${apps[i].id}`, { token: guardian.token });
    assert.deepEqual(got.json.placement, placed[i]);
  }
  // Anyone with the published inputs re-runs it with the command.
  const inputs = await api('GET', `/api/v1/admissions/rounds/${round.id}/inputs`, { token: officer.token });
  const file = join(dir, 'inputs.json');
  writeFileSync(file, inputs.text);
  const r = cli(['admissions', 'match', '--input', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (let i = 0; i < apps.length; i++) {
    assert.equal(out.assignments[String(apps[i].id)], placed[i].school);
    assert.equal(out.lottery[String(apps[i].id)], placed[i].lottery);
  }
  // The output's hash is the one the round records.
  const canonical = JSON.stringify({ assignments: sortKeys(out.assignments), lottery: sortKeys(out.lottery) });
  assert.equal(createHash('sha256').update(canonical).digest('hex'), first.json.results_sha256);
});

function sortKeys(o) {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

test('a sealed round takes no application and no edit; an empty round seals and runs', async () => {
  assertProblem(await api('PUT', `/api/v1/admissions/applications/${apps[0].id}`, { token: guardian.token, body: { choices: [s2] } }), 409, 'round_closed');
  const empty = await newRound();
  close(empty.id);
  assert.equal((await post(empty.id, 'seal')).status, 200);
  const ran = await post(empty.id, 'run');
  assert.equal(ran.status, 200, ran.text);
  assert.deepEqual([ran.json.placed, ran.json.unplaced], [0, 0]);
});
