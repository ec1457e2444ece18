// Offers, waitlists and the second round (issue 16, parts 4 and 5): a run
// makes offers; the guardian accepts or declines; a declined seat moves
// down the waitlists across three schools; answers stop a re-run; a
// second round takes the seats left and only the children without one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, orgChain, userWithRole } from '../lib.mjs';
import { closeSealRun, iso, market, offers, readAll, waitlists } from './offers_setup.mjs';

const HOUR = 3600 * 1000;
let root, m, stranger, otherOfficer;

// Three schools of one seat and D of three that nobody ranks. By group:
// k0 [A]; k1 [A, B]; k2 [B, C]; k3 [C]; k4 [A]. Deferred acceptance:
// k0-A, k1-B, k2-C, k3 and k4 unplaced. Waiting: A: k1 then k4; B: k2;
// C: k3.
before(async () => {
  root = await admin();
  m = await market(root, { A: 1, B: 1, C: 1, D: 3 }, [['A'], ['A', 'B'], ['B', 'C'], ['C'], ['A']]);
  stranger = await userWithRole('guardian');
  otherOfficer = await userWithRole('district_officer', (await orgChain(root)).district);
});

const answer = (app, verb, token = m.guardian.token) =>
  api('POST', `/api/v1/admissions/applications/${app.id}/${verb}`, { token });

test('before a run there is no offer to answer', async () => {
  const [a0] = await readAll(m);
  assert.equal(a0.offer, null);
  assert.deepEqual(a0.waitlists, []);
  assertProblem(await answer(m.apps[0], 'accept'), 409, 'no_offer');
  assertProblem(await answer(m.apps[0], 'decline'), 409, 'no_offer');
});

test('a run makes offers and waitlists; a re-run before any answer is allowed and the same', async () => {
  await closeSealRun(m);
  let read = await readAll(m);
  assert.deepEqual(offers(m, read), [['A', 'offered'], ['B', 'offered'], ['C', 'offered'], null, null]);
  assert.equal(read[0].offer.moved_from, null);
  assert.match(read[0].offer.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(waitlists(m, read[0]), {});
  assert.deepEqual(waitlists(m, read[1]), { A: 1 });
  assert.deepEqual(waitlists(m, read[2]), { B: 1 });
  assert.deepEqual(waitlists(m, read[3]), { C: 1 });
  assert.deepEqual(waitlists(m, read[4]), { A: 2 });
  const again = await api('POST', `/api/v1/admissions/rounds/${m.round.id}/run`, { token: m.officer.token });
  assert.equal(again.status, 200, again.text);
  read = await readAll(m);
  assert.deepEqual(offers(m, read), [['A', 'offered'], ['B', 'offered'], ['C', 'offered'], null, null]);
  // the unplaced have no offer to answer
  assertProblem(await answer(m.apps[3], 'accept'), 409, 'no_offer');
});

test('only the linked guardian answers; others change nothing', async () => {
  assertProblem(await answer(m.apps[0], 'accept', stranger.token), 404, 'not_found');
  assertProblem(await answer(m.apps[0], 'accept', m.officer.token), 403);
  assertProblem(await answer({ id: 999999999 }, 'accept'), 404, 'not_found');
  const [a0] = await readAll(m);
  assert.equal(a0.offer.status, 'offered');
  // refusals are audited too
  const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.accept' AND person_id = ${m.students[0].id} AND allowed = 0`);
  assert.ok(Number(n[0][0]) >= 1, `refusals: ${n}`);
});

test('accepting, and accepting again, which changes nothing', async () => {
  const first = await answer(m.apps[1], 'accept');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.offer.status, 'accepted');
  const again = await answer(m.apps[1], 'accept');
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json.offer, first.json.offer);
  const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.accept' AND person_id = ${m.students[1].id} AND allowed = 1`);
  assert.equal(Number(n[0][0]), 1);
});

test('a re-run is refused once an offer is answered', async () => {
  assertProblem(await api('POST', `/api/v1/admissions/rounds/${m.round.id}/run`, { token: m.officer.token }), 409, 'offers_started');
  const read = await readAll(m);
  assert.deepEqual(offers(m, read), [['A', 'offered'], ['B', 'accepted'], ['C', 'offered'], null, null]);
});

test('a decline moves its seat down the waitlists, across three schools', async () => {
  const res = await answer(m.apps[0], 'decline');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.offer.status, 'declined');
  const read = await readAll(m);
  // k1 moves up to A (even though it had accepted B: A is better for it),
  // k2 to B, k3 from nowhere to C; k4 stays waiting, now first at A... but
  // A is k1's now, so k4 is first on A's list.
  assert.deepEqual(offers(m, read), [['A', 'declined'], ['A', 'offered'], ['B', 'offered'], ['C', 'offered'], null]);
  assert.equal(read[1].offer.moved_from, m.code.B);
  assert.equal(read[2].offer.moved_from, m.code.C);
  assert.equal(read[3].offer.moved_from, null);
  assert.deepEqual(waitlists(m, read[1]), {});
  assert.deepEqual(waitlists(m, read[2]), {});
  assert.deepEqual(waitlists(m, read[4]), { A: 1 });
  assert.deepEqual(read[0].waitlists, []);
  // every move recorded with its cause, and audited
  const moves = dbQuery(`SELECT application_id, cause, cause_application_id FROM admission_moves WHERE round_id = ${m.round.id} ORDER BY application_id`);
  assert.deepEqual(moves, [1, 2, 3].map((i) => [String(m.apps[i].id), 'decline', String(m.apps[0].id)]));
  for (const i of [1, 2, 3]) {
    const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.move' AND person_id = ${m.students[i].id}`);
    assert.equal(Number(n[0][0]), 1);
  }
});

test('a declined offer cannot be accepted; declining again changes nothing', async () => {
  assertProblem(await answer(m.apps[0], 'accept'), 409, 'offer_declined');
  const again = await answer(m.apps[0], 'decline');
  assert.equal(again.status, 200, again.text);
  const moves = dbQuery(`SELECT count(*) FROM admission_moves WHERE round_id = ${m.round.id}`);
  assert.equal(Number(moves[0][0]), 3);
  const read = await readAll(m);
  assert.deepEqual(offers(m, read), [['A', 'declined'], ['A', 'offered'], ['B', 'offered'], ['C', 'offered'], null]);
});

const secondBody = (over = {}) => ({ name: 'Second round', opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), ...over });

test('a second round: only by the officers, only after a run, with the seats left', async () => {
  const path = `/api/v1/admissions/rounds/${m.round.id}/second-round`;
  assertProblem(await api('POST', path, { token: m.guardian.token, body: secondBody() }), 403);
  assertProblem(await api('POST', path, { token: otherOfficer.token, body: secondBody() }), 404, 'not_found');
  assertProblem(await api('POST', path, { token: m.officer.token, body: secondBody({ name: undefined }) }), 422, 'required', 'name');
  assertProblem(await api('POST', path, { token: m.officer.token, body: secondBody({ closes_at: iso(Date.now() - 2 * HOUR) }) }), 422, 'invalid', 'closes_at');
  assertProblem(await api('POST', path, { token: m.officer.token, body: secondBody({ max_choices: 99 }) }), 422, 'out_of_range', 'max_choices');
  const unrun = await market(root, { A: 1 }, [['A']]);
  assertProblem(await api('POST', `/api/v1/admissions/rounds/${unrun.round.id}/second-round`, { token: unrun.officer.token, body: secondBody() }), 409, 'round_not_run');
  // none of the refusals made a round or closed the offers
  assert.equal((await api('GET', `/api/v1/admissions/rounds/${m.round.id}`, { token: m.officer.token })).json.second_round, null);

  const made = await api('POST', path, { token: m.officer.token, body: secondBody({ max_choices: 2 }) });
  assert.equal(made.status, 201, made.text);
  const second = made.json;
  assert.equal(second.parent_round, m.round.id);
  assert.equal(second.max_choices, 2);
  assert.equal(second.grade, 1);
  // A, B, C are held by offers; D's three seats are left
  assert.deepEqual(second.schools.map((s) => [s.code, s.capacity]), [[m.code.A, 0], [m.code.B, 0], [m.code.C, 0], [m.code.D, 3]]);
  const parent = await api('GET', `/api/v1/admissions/rounds/${m.round.id}`, { token: m.officer.token });
  assert.equal(parent.json.second_round, second.id);
  assert.equal(typeof parent.json.offers_closed_at, 'string');
  assertProblem(await api('POST', path, { token: m.officer.token, body: secondBody() }), 409, 'second_round_exists');

  // the parent's offers are closed
  assertProblem(await answer(m.apps[2], 'accept'), 409, 'offers_closed');
  assertProblem(await answer(m.apps[2], 'decline'), 409, 'offers_closed');
  assert.deepEqual(offers(m, await readAll(m)).map((o) => o && o[1]), ['declined', 'offered', 'offered', 'offered', null]);

  // only children without a seat apply: k0 declined, k4 unplaced
  const apply = (i, choices) => api('POST', `/api/v1/admissions/rounds/${second.id}/applications`, { token: m.guardian.token, body: { student: m.students[i].id, choices } });
  assertProblem(await apply(1, [m.code.D]), 422, 'not_eligible', 'student');
  assertProblem(await apply(3, [m.code.D]), 422, 'not_eligible', 'student');
  const k0 = await apply(0, [m.code.D]);
  assert.equal(k0.status, 201, k0.text);
  const k4 = await apply(4, [m.code.A, m.code.D]);
  assert.equal(k4.status, 201, k4.text);
  // the usual seal and run place them on the seats left
  dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${second.id}`);
  for (const verb of ['seal', 'run']) {
    const res = await api('POST', `/api/v1/admissions/rounds/${second.id}/${verb}`, { token: m.officer.token });
    assert.equal(res.status, 200, res.text);
  }
  for (const a of [k0.json, k4.json]) {
    const got = await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: m.guardian.token });
    assert.equal(got.json.offer.school, m.code.D);
    assert.equal(got.json.offer.status, 'offered');
  }
});

test('two declines at once: both seats move, as if one came after the other', async () => {
  // k0 [A], k1 [B], k2 [A, B], k3 [A, B]: k0-A, k1-B, k2 and k3 wait.
  const two = await market(root, { A: 1, B: 1 }, [['A'], ['B'], ['A', 'B'], ['A', 'B']]);
  await closeSealRun(two);
  assert.deepEqual(offers(two, await readAll(two)), [['A', 'offered'], ['B', 'offered'], null, null]);
  const both = await Promise.all([0, 1].map((i) => api('POST', `/api/v1/admissions/applications/${two.apps[i].id}/decline`, { token: two.guardian.token })));
  for (const res of both) assert.equal(res.status, 200, res.text);
  assert.deepEqual(offers(two, await readAll(two)), [['A', 'declined'], ['B', 'declined'], ['A', 'offered'], ['B', 'offered']]);
  // The placement is the same whichever decline ran first; the moves that
  // led there are not: A's first moves k2 to A and then k3 to B; B's first
  // moves k2 to B, and then A's moves k2 up to A and k3 to B.
  const got = moveRows(two);
  const aFirst = got[0][3] === 0;
  assert.deepEqual(got, aFirst
    ? [[2, null, 'A', 0], [3, null, 'B', 1]]
    : [[2, null, 'B', 1], [2, 'B', 'A', 0], [3, null, 'B', 0]]);
});

test('declines in turn: the moves follow the order, the placement does not', async () => {
  const two = await market(root, { A: 1, B: 1 }, [['A'], ['B'], ['A', 'B'], ['A', 'B']]);
  await closeSealRun(two);
  for (const i of [1, 0]) {
    const res = await api('POST', `/api/v1/admissions/applications/${two.apps[i].id}/decline`, { token: two.guardian.token });
    assert.equal(res.status, 200, res.text);
  }
  assert.deepEqual(offers(two, await readAll(two)), [['A', 'declined'], ['B', 'declined'], ['A', 'offered'], ['B', 'offered']]);
  assert.deepEqual(moveRows(two), [[2, null, 'B', 1], [2, 'B', 'A', 0], [3, null, 'B', 0]]);
});

/** A round's moves in the order they were made, one order per cause:
 * [application index, from school name or null, to school name, index of
 * the declined application that caused it]. */
function moveRows(m) {
  const name = Object.fromEntries(Object.entries(m.code).map(([n, c]) => [c, n]));
  const index = Object.fromEntries(m.apps.map((a, i) => [String(a.id), i]));
  const rows = dbQuery(`SELECT mv.id, mv.application_id, f.code, t.code, mv.cause_application_id
    FROM admission_moves mv LEFT JOIN orgs f ON f.id = mv.from_school_id JOIN orgs t ON t.id = mv.to_school_id
    WHERE mv.round_id = ${m.round.id} ORDER BY mv.id`);
  const out = rows.map(([, app, from, to, cause]) => [index[app], from ? name[from] : null, name[to], index[cause]]);
  // Within one decline's moves the order is the applicants' (as stored), not the chain's.
  const firstCause = out.length ? out[0][3] : null;
  const head = out.filter((r) => r[3] === firstCause), tail = out.filter((r) => r[3] !== firstCause);
  const byApp = (a, b) => a[0] - b[0] || String(a[1]).localeCompare(String(b[1]));
  return [...head.sort(byApp), ...tail.sort(byApp)];
}
