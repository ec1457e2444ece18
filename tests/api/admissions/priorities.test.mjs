// Priority groups and residence zones (issue 16, part 1): a round defines
// its groups and its schools' zones, an application claims an area, a
// sibling's school and categories by law, and the seal turns them into
// the engine's `priority` map. A child of the zone beats a lower lottery
// number from outside it; the published inputs re-run to the same result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, admin, assertProblem, cli, dbQuery, orgChain, studentBody, uniq, userWithRole } from '../lib.mjs';

const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const dir = mkdtempSync(join(tmpdir(), 'tabula-priority-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let root, chain, s2, officer, guardian, kids;
const SEED = 11;
const rules = () => ({
  groups: { sibling: 1, zone: 2, categories: { law_a: 3 } },
  zones: { [s2]: ['W01', 'W02'] },
});

async function createRound(extra = {}) {
  return api('POST', '/api/v1/admissions/rounds', {
    token: officer.token,
    body: {
      org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 2, seed: SEED,
      schools: [{ code: chain.school, capacity: 30 }, { code: s2, capacity: 1 }],
      priorities: rules(),
      ...extra,
    },
  });
}

const close = (id) => dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${id}`);
const post = (id, verb) => api('POST', `/api/v1/admissions/rounds/${id}/${verb}`, { token: officer.token });
const apply = (roundId, kid, body) => api('POST', `/api/v1/admissions/rounds/${roundId}/applications`, { token: guardian.token, body: { student: kid.id, ...body } });

/* The command's answer for an input document. */
function match(doc, name) {
  const file = join(dir, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  const r = cli(['admissions', 'match', '--input', file]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  root = await admin();
  chain = await orgChain(root);
  s2 = uniq('S');
  assert.equal((await api('POST', '/api/v1/orgs', { token: root, body: { code: s2, name: `School ${s2}`, kind: 'school', parent: chain.district } })).status, 201);
  officer = await userWithRole('district_officer', chain.district);
  guardian = await userWithRole('guardian');
  kids = [];
  for (let i = 0; i < 5; i++) {
    const k = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
    assert.equal((await api('POST', `/api/v1/students/${k.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'father' } })).status, 201);
    kids.push(k);
  }
});

test('a round keeps its groups and zones; bad ones are refused with the field', async () => {
  const ok = await createRound();
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.priorities, rules());
  const got = await api('GET', `/api/v1/admissions/rounds/${ok.json.id}`, { token: officer.token });
  assert.deepEqual(got.json.priorities, rules());
  const bad = async (priorities, code, field) => assertProblem(await createRound({ priorities }), 422, code, field);
  await bad({ groups: { zone: -1 } }, 'out_of_range', 'priorities.groups.zone');
  await bad({ groups: { sibling: 'one' } }, 'out_of_range', 'priorities.groups.sibling');
  await bad({ groups: { categories: { law_a: 2 ** 31 } } }, 'out_of_range', 'priorities.groups.categories.law_a');
  await bad({ groups: { siblings: 1 } }, 'invalid', 'priorities.groups.siblings');
  await bad({ zone: {} }, 'invalid', 'priorities.zone');
  await bad({ zones: { [s2]: ['W01', 'W01'] } }, 'duplicate', `priorities.zones.${s2}[1]`);
  await bad({ zones: { [s2]: [''] } }, 'invalid', `priorities.zones.${s2}[0]`);
  await bad({ zones: { [s2]: 'W01' } }, 'invalid', `priorities.zones.${s2}`);
  await bad({ zones: { NOPE: ['W01'] } }, 'school_not_in_round', 'priorities.zones.NOPE');
  // An edit before the window opens replaces them; a school dropped with
  // its zone still there is refused.
  const later = await createRound({ opens_at: iso(Date.now() + HOUR), closes_at: iso(Date.now() + 2 * HOUR) });
  assert.equal(later.status, 201, later.text);
  const edited = await api('PATCH', `/api/v1/admissions/rounds/${later.json.id}`, { token: officer.token, body: { priorities: { groups: { zone: 5 } } } });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual(edited.json.priorities, { groups: { zone: 5 } });
  const kept = await api('PATCH', `/api/v1/admissions/rounds/${later.json.id}`, { token: officer.token, body: { name: 'renamed' } });
  assert.deepEqual(kept.json.priorities, { groups: { zone: 5 } });
  const zoned = await api('PATCH', `/api/v1/admissions/rounds/${later.json.id}`, { token: officer.token, body: { priorities: rules(), schools: [{ code: chain.school, capacity: 3 }] } });
  assertProblem(zoned, 422, 'school_not_in_round', `priorities.zones.${s2}`);
});

test('claims are checked against the round', async () => {
  const r = (await createRound()).json;
  const bad = async (claims, code, field) => assertProblem(await apply(r.id, kids[0], { choices: [s2], claims }), 422, code, field);
  await bad({ categories: ['law_b'] }, 'unknown_category', 'claims.categories[0]');
  await bad({ siblings: ['NOPE'] }, 'school_not_in_round', 'claims.siblings[0]');
  await bad({ area: '' }, 'invalid', 'claims.area');
  await bad({ area: 'W01', zone: 'x' }, 'invalid', 'claims.zone');
  await bad({ siblings: [s2, s2] }, 'duplicate', 'claims.siblings[1]');
  await bad('W01', 'type', 'claims');
  const ok = await apply(r.id, kids[0], { choices: [s2], claims: { area: 'W01', siblings: [s2] } });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json.claims, { area: 'W01', siblings: [s2] });
  // An edit without claims keeps them; with claims, replaces them.
  const kept = await api('PUT', `/api/v1/admissions/applications/${ok.json.id}`, { token: guardian.token, body: { choices: [s2, chain.school] } });
  assert.equal(kept.status, 200, kept.text);
  assert.deepEqual(kept.json.claims, { area: 'W01', siblings: [s2] });
  const replaced = await api('PUT', `/api/v1/admissions/applications/${ok.json.id}`, { token: guardian.token, body: { choices: [s2], claims: { categories: ['law_a'] } } });
  assert.deepEqual(replaced.json.claims, { categories: ['law_a'] });
});

test('priorities change the placement; the sealed priority map re-runs to the same result', async () => {
  const r = (await createRound()).json;
  const apps = [];
  for (const k of kids.slice(0, 4)) {
    const res = await apply(r.id, k, { choices: [s2, chain.school] });
    assert.equal(res.status, 201, res.text);
    apps.push(res.json);
  }
  // A fifth child ranks only the school with one seat, and stays unplaced.
  const lone = (await apply(r.id, kids[4], { choices: [s2] })).json;
  // The lottery depends on the seed and the id alone: find it before
  // choosing who claims what, so that the zone child has the worst number.
  const draw = match({ seed: SEED, schools: [], applicants: [...apps, lone].map((a) => ({ id: String(a.id), choices: [] })) }, 'draw.json');
  const byLottery = [...apps].sort((x, y) => draw.lottery[String(x.id)] - draw.lottery[String(y.id)]);
  const [best, , second, worst] = byLottery;
  const claim = (a, claims) => api('PUT', `/api/v1/admissions/applications/${a.id}`, { token: guardian.token, body: { choices: [s2, chain.school], claims } });
  assert.equal((await claim(worst, { area: 'W02' })).status, 200);
  assert.equal((await claim(second, { categories: ['law_a'] })).status, 200);
  assert.equal((await claim(best, { area: 'W99', siblings: [chain.school] })).status, 200);

  close(r.id);
  assert.equal((await post(r.id, 'seal')).status, 200);
  const inputs = await api('GET', `/api/v1/admissions/rounds/${r.id}/inputs`, { token: officer.token });
  assert.equal(inputs.status, 200, inputs.text);
  const pri = Object.fromEntries(inputs.json.applicants.map((a) => [a.id, a.priority]));
  assert.deepEqual(pri[String(worst.id)], { [s2]: 2 });
  assert.deepEqual(pri[String(second.id)], { [s2]: 3, [chain.school]: 3 });
  assert.deepEqual(pri[String(best.id)], { [chain.school]: 1 });
  assert.equal(pri[String(byLottery[1].id)], undefined);

  const ran = await post(r.id, 'run');
  assert.equal(ran.status, 200, ran.text);
  const placed = {}, why = {};
  for (const a of [...apps, lone]) {
    const got = await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: guardian.token });
    placed[a.id] = got.json.placement;
    why[a.id] = got.json.explanation;
  }
  assert.equal(placed[lone.id].school, null);
  // The zone child has the worst number and still takes the one seat.
  assert.equal(placed[worst.id].school, s2);
  assert.ok(placed[worst.id].lottery > placed[best.id].lottery);
  for (const a of [best, byLottery[1], second]) assert.equal(placed[a.id].school, chain.school);
  // Without the priority map, the best number would have had it.
  const plain = JSON.parse(inputs.text);
  for (const a of plain.applicants) delete a.priority;
  const lowest = [...apps, lone].sort((x, y) => draw.lottery[String(x.id)] - draw.lottery[String(y.id)])[0];
  assert.notEqual(lowest.id, worst.id);
  assert.equal(match(plain, 'plain.json').assignments[String(lowest.id)], s2);

  // Explanations: S2 filled with the zone child, group 2 and its number.
  const s2cut = { group: 2, lottery: placed[worst.id].lottery };
  assert.deepEqual(why[worst.id], { above: [], placed: { school: s2, full: true, admitted_up_to: s2cut, yours: s2cut } });
  assert.deepEqual(why[best.id].above, [{ school: s2, full: true, admitted_up_to: s2cut, yours: { group: null, lottery: placed[best.id].lottery } }]);
  // S1 had seats left; the last it admitted is the one with no group there.
  const s1cut = { group: null, lottery: placed[byLottery[1].id].lottery };
  assert.deepEqual(why[best.id].placed, { school: chain.school, full: false, admitted_up_to: s1cut, yours: { group: 1, lottery: placed[best.id].lottery } });
  assert.deepEqual(why[second.id].above[0].yours, { group: 3, lottery: placed[second.id].lottery });
  assert.deepEqual(why[lone.id], { above: [{ school: s2, full: true, admitted_up_to: s2cut, yours: { group: null, lottery: placed[lone.id].lottery } }], placed: null });
  // Consistent for everyone: each school ranked higher was full, with a
  // cutoff better than the applicant's own place there.
  const key = (x) => [x.group ?? Infinity, x.lottery];
  const worse = (a, b) => key(a)[0] > key(b)[0] || (key(a)[0] === key(b)[0] && key(a)[1] > key(b)[1]);
  for (const a of [...apps, lone]) {
    const e = why[a.id];
    const ranked = (await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: guardian.token })).json.choices;
    const at = placed[a.id].school === null ? ranked.length : ranked.indexOf(placed[a.id].school);
    assert.deepEqual(e.above.map((w) => w.school), ranked.slice(0, at));
    for (const w of e.above) {
      assert.equal(w.full, true);
      assert.ok(worse(w.yours, w.admitted_up_to), JSON.stringify(w));
    }
    if (e.placed) assert.ok(!worse(e.placed.yours, e.placed.admitted_up_to), JSON.stringify(e.placed));
  }
  // The published inputs, priorities and all, give the stored result.
  const out = match(inputs.text, 'inputs.json');
  for (const a of apps) {
    assert.equal(out.assignments[String(a.id)], placed[a.id].school);
    assert.equal(out.lottery[String(a.id)], placed[a.id].lottery);
  }
  const again = await post(r.id, 'run');
  assert.equal(again.json.results_sha256, ran.json.results_sha256);
});
