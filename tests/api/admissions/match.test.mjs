// `tabula admissions match --input FILE.json`: the placement engine's
// command (docs/admissions.md), run as outside tools run it. It needs no
// server: TABULA_BIN (set by scripts/run-api) or build/tabula.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = process.env.TABULA_BIN ?? resolve('build/tabula');
const dir = mkdtempSync(join(tmpdir(), 'tabula-admissions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Write doc (an object, or text as is) to a file of its own; its path. */
function file(doc) {
  const path = join(dir, `input-${files++}.json`);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

/** Run the command on doc; { status, stdout, stderr, out (parsed) }. */
function match(doc, { stdin = false } = {}) {
  const args = ['admissions', 'match', '--input', stdin ? '-' : file(doc)];
  const input = stdin ? (typeof doc === 'string' ? doc : JSON.stringify(doc)) : undefined;
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000 });
  let out;
  if (r.status === 0) out = JSON.parse(r.stdout);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

function ok(doc, opts) {
  const r = match(doc, opts);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r;
}

test('the contract example', () => {
  const r = ok({
    seed: 1,
    schools: [{ id: 'S1', capacity: 30 }, { id: 'S2', capacity: 1 }],
    applicants: [{ id: 'A1', choices: ['S2', 'S1'], priority: { S2: 1 }, lottery: 123 }],
  });
  assert.deepEqual(r.out, { assignments: { A1: 'S2' }, lottery: { A1: 123 } });
});

test('deferred acceptance, not Boston: the textbook example', () => {
  // Abdulkadiroglu and Sonmez (2003). Boston would give i1-s2, i2-s3, i3-s1.
  const r = ok({
    seed: 1,
    schools: [{ id: 's1', capacity: 1 }, { id: 's2', capacity: 1 }, { id: 's3', capacity: 1 }],
    applicants: [
      { id: 'i1', choices: ['s2', 's1', 's3'], priority: { s1: 1, s2: 2, s3: 2 }, lottery: 0 },
      { id: 'i2', choices: ['s1', 's2', 's3'], priority: { s1: 3, s2: 1, s3: 3 }, lottery: 1 },
      { id: 'i3', choices: ['s1', 's2', 's3'], priority: { s1: 2, s2: 3, s3: 1 }, lottery: 2 },
    ],
  });
  assert.deepEqual(r.out.assignments, { i1: 's1', i2: 's2', i3: 's3' });
});

test('groups, then the lottery; no group ranks last; no seat is null', () => {
  const r = ok({
    seed: 3,
    schools: [{ id: 'S', capacity: 2 }, { id: 'Z', capacity: 0 }],
    applicants: [
      { id: 'best-number', choices: ['S'], lottery: 1 },
      { id: 'group-2', choices: ['S'], priority: { S: 2 }, lottery: 50 },
      { id: 'group-1', choices: ['Z', 'S'], priority: { S: 1 }, lottery: 99 },
      { id: 'nothing', choices: [] },
    ],
  });
  assert.deepEqual(r.out.assignments, {
    'best-number': null, 'group-2': 'S', 'group-1': 'S', nothing: null,
  });
});

test('a missing lottery is drawn from the seed and printed; a given one is kept', () => {
  const doc = {
    seed: 7,
    schools: [{ id: 'S1', capacity: 1 }],
    applicants: [{ id: 'A1', choices: ['S1'], lottery: 5 }, { id: 'A2', choices: ['S1'] }],
  };
  const r = ok(doc);
  assert.equal(r.out.lottery.A1, 5);
  // Pinned: tools/admissions_lottery.py 7 A2 (docs/admissions.md).
  assert.equal(r.out.lottery.A2, 6449701415153089);
  assert.ok(Number.isSafeInteger(r.out.lottery.A2));
  assert.deepEqual(r.out.assignments, { A1: 'S1', A2: null });
  // Another seed, other numbers.
  const other = ok({ ...doc, seed: 8 });
  assert.notEqual(other.out.lottery.A2, r.out.lottery.A2);
  // Fed its own numbers back, the result is the same.
  const again = ok({
    ...doc,
    seed: 999,
    applicants: doc.applicants.map((a) => ({ ...a, lottery: r.out.lottery[a.id] })),
  });
  assert.deepEqual(again.out, r.out);
});

/** A random instance from a small deterministic generator. */
function randomDoc(seed, { schools = 15, applicants = 300, given = 0.3 } = {}) {
  let s = seed >>> 0;
  const rand = (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
  const doc = { seed, schools: [], applicants: [] };
  for (let i = 0; i < schools; i++) doc.schools.push({ id: `S${i}`, capacity: rand(30) });
  for (let i = 0; i < applicants; i++) {
    const k = rand(6);
    const choices = [];
    const priority = {};
    while (choices.length < k) {
      const c = `S${rand(schools)}`;
      if (!choices.includes(c)) choices.push(c);
    }
    for (const c of choices) if (rand(3) === 0) priority[c] = rand(3);
    const a = { id: `A${i}`, choices, priority };
    if (rand(100) < given * 100) a.lottery = rand(20); // ties among given numbers
    doc.applicants.push(a);
  }
  return doc;
}

/** Every applicant is at a school it chose, within capacity, and no one
 * prefers a school with a free seat or one holding someone it outranks. */
function assertStable(doc, out) {
  const cap = Object.fromEntries(doc.schools.map((s) => [s.id, s.capacity]));
  const held = Object.fromEntries(doc.schools.map((s) => [s.id, []]));
  const byId = Object.fromEntries(doc.applicants.map((a) => [a.id, a]));
  for (const a of doc.applicants) {
    const at = out.assignments[a.id];
    assert.ok(at === null || a.choices.includes(at), `${a.id} placed at ${at}, not a choice`);
    if (at !== null) held[at].push(a.id);
  }
  for (const [s, ids] of Object.entries(held)) assert.ok(ids.length <= cap[s], `${s} over capacity`);
  const key = (id, s) => [byId[id].priority?.[s] ?? Infinity, out.lottery[id], id];
  const before = (x, y) => {
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
    return false;
  };
  for (const a of doc.applicants) {
    const at = out.assignments[a.id];
    const better = at === null ? a.choices : a.choices.slice(0, a.choices.indexOf(at));
    for (const s of better) {
      assert.ok(held[s].length === cap[s], `${a.id} wants ${s}, which has a free seat`);
      for (const b of held[s]) {
        assert.ok(!before(key(a.id, s), key(b, s)), `${a.id} outranks ${b} at ${s}`);
      }
    }
  }
}

test('a random instance: the result is stable, the same twice, whatever the order', () => {
  for (const seed of [1, 2, 3]) {
    const doc = randomDoc(seed);
    const first = ok(doc);
    assertStable(doc, first.out);
    assert.equal(ok(doc).stdout, first.stdout, 'the same bytes twice');
    const shuffled = {
      seed: doc.seed,
      schools: [...doc.schools].reverse(),
      applicants: [...doc.applicants].reverse(),
    };
    const again = ok(shuffled);
    assert.deepEqual(again.out, first.out, 'the order of the arrays changes nothing');
    assert.deepEqual(Object.keys(again.out.assignments), shuffled.applicants.map((a) => a.id),
      'applicants are printed in input order');
  }
});

test('--input - reads standard input', () => {
  const doc = randomDoc(9, { applicants: 40 });
  assert.equal(ok(doc, { stdin: true }).stdout, ok(doc).stdout);
});

test('bad input: exit 2, the item named on stderr, nothing on stdout', () => {
  const base = () => ({
    seed: 1,
    schools: [{ id: 'S1', capacity: 1 }, { id: 'S2', capacity: 1 }],
    applicants: [
      { id: 'A1', choices: ['S1'] }, { id: 'A2', choices: [] },
      { id: 'A3', choices: ['S2'] }, { id: 'A4', choices: ['S1', 'S2'] },
    ],
  });
  const cases = [
    ['not JSON', 'nope', /^tabula: not JSON: /],
    ['an array', '[]', /the input must be a JSON object/],
    ['a duplicate key', '{"seed": 1, "seed": 2, "schools": [], "applicants": []}', /not JSON: duplicate object key/],
    ['no seed', (d) => { delete d.seed; }, /"seed" is missing/],
    ['a string seed', (d) => { d.seed = '1'; }, /"seed" must be an integer/],
    ['no schools', (d) => { delete d.schools; }, /"schools" is missing/],
    ['an unknown field', (d) => { d.applicants[1].lotery = 4; }, /applicants\[1\] \("A2"\): unknown field "lotery"/],
    ['an unknown school', (d) => { d.applicants[3].choices[1] = 'S9'; }, /^tabula: applicants\[3\] \("A4"\): choices\[1\]: no school "S9"$/m],
    ['an unknown school in priority', (d) => { d.applicants[0].priority = { S7: 1 }; }, /applicants\[0\] \("A1"\): priority: no school "S7"/],
    ['a duplicate school id', (d) => { d.schools[1].id = 'S1'; }, /schools\[1\] \("S1"\): duplicate id, also schools\[0\]/],
    ['a duplicate applicant id', (d) => { d.applicants[2].id = 'A1'; }, /applicants\[2\] \("A1"\): duplicate id, also applicants\[0\]/],
    ['a negative capacity', (d) => { d.schools[1].capacity = -3; }, /schools\[1\] \("S2"\): capacity -3 is negative/],
    ['a missing capacity', (d) => { delete d.schools[0].capacity; }, /schools\[0\] \("S1"\): "capacity" is missing/],
    ['a duplicate choice', (d) => { d.applicants[3].choices = ['S2', 'S1', 'S2']; }, /applicants\[3\] \("A4"\): choices\[2\]: "S2" is already choices\[0\]/],
    ['a real priority', (d) => { d.applicants[0].priority = { S1: 1.5 }; }, /applicants\[0\] \("A1"\): priority\["S1"\]: must be an integer/],
    ['a string lottery', (d) => { d.applicants[2].lottery = '12'; }, /applicants\[2\] \("A3"\): "lottery" must be an integer/],
    ['a real lottery', (d) => { d.applicants[2].lottery = 1.25; }, /applicants\[2\] \("A3"\): "lottery" must be an integer/],
    ['choices not an array', (d) => { d.applicants[0].choices = 'S1'; }, /applicants\[0\] \("A1"\): "choices" must be an array/],
    ['no choices', (d) => { delete d.applicants[1].choices; }, /applicants\[1\] \("A2"\): "choices" is missing/],
    ['no id', (d) => { delete d.applicants[1].id; }, /applicants\[1\]: "id" is missing/],
  ];
  for (const [name, change, message] of cases) {
    let doc = change;
    if (typeof change === 'function') {
      doc = base();
      change(doc);
    }
    const r = match(doc);
    assert.equal(r.status, 2, `${name}: exit ${r.status}, ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.equal(r.stdout, '', `${name}: nothing on stdout`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line`);
  }
});

test('usage and unreadable files', () => {
  const usage = spawnSync(BIN, ['admissions', 'match'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: tabula admissions match --input FILE.json/);
  const missing = spawnSync(BIN, ['admissions', 'match', '--input', join(dir, 'no-such.json')], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no-such\.json: No such file or directory/);
  assert.equal(missing.stdout, '');
});
