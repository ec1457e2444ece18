// Appeals (issue 16, part 5): after a run the guardian appeals with a
// reason; the officers of the round's office list and decide them; an
// appeal upheld with a school places the child there on a seat added above
// capacity and its old seat moves down the waitlist; everything is kept
// and audited, and every refusal changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, orgChain, userWithRole } from '../lib.mjs';
import { closeSealRun, market, offers, readAll, waitlists } from './offers_setup.mjs';

let root, m, stranger, otherOfficer, schoolAdmin;

// A and B one seat each, C one seat. By group: k0 [A]; k1 [A, B];
// k2 [B, C]; k3 [B]. Deferred acceptance: k0-A, k1-B, k2-C, k3 unplaced.
// Waiting: A: k1; B: k2, then k3.
before(async () => {
  root = await admin();
  m = await market(root, { A: 1, B: 1, C: 1 }, [['A'], ['A', 'B'], ['B', 'C'], ['B']]);
  stranger = await userWithRole('guardian');
  otherOfficer = await userWithRole('district_officer', (await orgChain(root)).district);
  schoolAdmin = await userWithRole('school_admin', m.code.A);
});

const file = (app, body, token = m.guardian.token) => api('POST', `/api/v1/admissions/applications/${app.id}/appeals`, { token, body });
const decide = (id, body, token = m.officer.token) => api('POST', `/api/v1/admissions/appeals/${id}/decision`, { token, body });
const list = (q = '', token = m.officer.token) => api('GET', `/api/v1/admissions/rounds/${m.round.id}/appeals${q}`, { token });
const count = () => Number(dbQuery(`SELECT count(*) FROM admission_appeals WHERE round_id = ${m.round.id}`)[0][0]);

test('no appeal before the run', async () => {
  assertProblem(await file(m.apps[1], { reason: 'We live next to A.' }), 409, 'round_not_run');
  assert.equal(count(), 0);
  await closeSealRun(m);
  assert.deepEqual(offers(m, await readAll(m)), [['A', 'offered'], ['B', 'offered'], ['C', 'offered'], null]);
});

let appeal1;

test('filing: the guardian, a reason of 1 to 2000 characters, one open at a time', async () => {
  assertProblem(await file(m.apps[1], {}), 422, 'required', 'reason');
  assertProblem(await file(m.apps[1], { reason: '' }), 422, 'required', 'reason');
  assertProblem(await file(m.apps[1], { reason: 'x'.repeat(2001) }), 422, 'too_long', 'reason');
  assertProblem(await file(m.apps[1], { reason: 'A' }, stranger.token), 404, 'not_found');
  assertProblem(await file(m.apps[1], { reason: 'A' }, m.officer.token), 403);
  assertProblem(await file({ id: 999999999 }, { reason: 'A' }), 404, 'not_found');
  assert.equal(count(), 0);
  const res = await file(m.apps[1], { reason: 'Our daughter’s brother is at A.' });
  assert.equal(res.status, 201, res.text);
  appeal1 = res.json;
  assert.equal(appeal1.status, 'open');
  assert.equal(appeal1.application, m.apps[1].id);
  assert.equal(appeal1.reason, 'Our daughter’s brother is at A.');
  assert.equal(appeal1.decision, null);
  assert.match(appeal1.filed_at, /Z$/);
  assertProblem(await file(m.apps[1], { reason: 'again' }), 409, 'appeal_open');
  assert.equal(count(), 1);
  const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.appeal' AND person_id = ${m.students[1].id} AND allowed = 1`);
  assert.equal(Number(n[0][0]), 1);
  // the application shows it
  const [, a1] = await readAll(m).then((r) => r);
  assert.deepEqual(a1.appeals.map((x) => [x.id, x.status]), [[appeal1.id, 'open']]);
});

test('listing: the officers of the round, by status', async () => {
  const open = await list('?status=open');
  assert.equal(open.status, 200, open.text);
  assert.deepEqual(open.json.items.map((x) => x.id), [appeal1.id]);
  assert.deepEqual((await list('?status=upheld')).json.items, []);
  assert.deepEqual((await list()).json.items.map((x) => x.id), [appeal1.id]);
  assertProblem(await list('?status=pending'), 422, 'invalid', 'status');
  assertProblem(await list('', otherOfficer.token), 404, 'not_found');
  assertProblem(await list('', m.guardian.token), 403);
  assertProblem(await list('', schoolAdmin.token), 403);
});

test('deciding: refusals change nothing', async () => {
  const before = await readAll(m);
  assertProblem(await decide(appeal1.id, { decision: 'upheld', reason: 'ok' }, m.guardian.token), 403);
  assertProblem(await decide(appeal1.id, { decision: 'upheld', reason: 'ok' }, otherOfficer.token), 404, 'not_found');
  assertProblem(await decide(999999999, { decision: 'upheld', reason: 'ok' }), 404, 'not_found');
  assertProblem(await decide(appeal1.id, { decision: 'maybe', reason: 'ok' }), 422, 'invalid', 'decision');
  assertProblem(await decide(appeal1.id, { decision: 'upheld' }), 422, 'required', 'reason');
  assertProblem(await decide(appeal1.id, { decision: 'dismissed', reason: 'no', school: m.code.A }), 422, 'invalid', 'school');
  assertProblem(await decide(appeal1.id, { decision: 'upheld', reason: 'ok', school: 'NOPE' }), 422, 'school_not_in_round', 'school');
  // B is its offer already, C it never ranked
  assertProblem(await decide(appeal1.id, { decision: 'upheld', reason: 'ok', school: m.code.B }), 422, 'invalid', 'school');
  assertProblem(await decide(appeal1.id, { decision: 'upheld', reason: 'ok', school: m.code.C }), 422, 'invalid', 'school');
  assert.deepEqual(await readAll(m), before);
  assert.equal(dbQuery(`SELECT status FROM admission_appeals WHERE id = ${appeal1.id}`)[0][0], 'open');
});

test('upheld with a school: a seat added there, the old seat down the waitlist', async () => {
  let read = await readAll(m);
  assert.deepEqual(waitlists(m, read[1]), { A: 1 });
  assert.deepEqual(waitlists(m, read[2]), { B: 1 });
  assert.deepEqual(waitlists(m, read[3]), { B: 2 });
  const res = await decide(appeal1.id, { decision: 'upheld', reason: 'The sibling rule applies.', school: m.code.A });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'upheld');
  assert.equal(res.json.decision.by, m.officer.username);
  assert.equal(res.json.decision.reason, 'The sibling rule applies.');
  assert.equal(res.json.decision.school, m.code.A);
  assert.equal(res.json.moved, 2);
  read = await readAll(m);
  // k1 is at A above its one seat, k0 keeps A, k2 takes k1's seat at B,
  // k3 waits at B again (first now), nobody takes k2's C (nobody waits).
  assert.deepEqual(offers(m, read), [['A', 'offered'], ['A', 'offered'], ['B', 'offered'], null]);
  assert.equal(read[1].offer.moved_from, m.code.B);
  assert.equal(read[2].offer.moved_from, m.code.C);
  assert.deepEqual(waitlists(m, read[3]), { B: 1 });
  assert.equal(dbQuery(`SELECT rs.added_seats FROM admission_round_schools rs JOIN orgs o ON o.id = rs.school_id WHERE rs.round_id = ${m.round.id} AND o.code = '${m.code.A}'`)[0][0], '1');
  const moves = dbQuery(`SELECT application_id, cause, appeal_id FROM admission_moves WHERE round_id = ${m.round.id} ORDER BY application_id`);
  assert.deepEqual(moves, [[String(m.apps[1].id), 'appeal', String(appeal1.id)], [String(m.apps[2].id), 'appeal', String(appeal1.id)]]);
  const n = dbQuery(`SELECT count(*) FROM audit_log WHERE action = 'admissions.appeal_upheld' AND person_id = ${m.students[1].id}`);
  assert.equal(Number(n[0][0]), 1);
  // decided once; the answers stop a re-run
  assertProblem(await decide(appeal1.id, { decision: 'dismissed', reason: 'changed my mind' }), 409, 'appeal_decided');
  assertProblem(await api('POST', `/api/v1/admissions/rounds/${m.round.id}/run`, { token: m.officer.token }), 409, 'offers_started');
  assert.deepEqual(offers(m, await readAll(m)), [['A', 'offered'], ['A', 'offered'], ['B', 'offered'], null]);
});

test('dismissed: kept with its reason; a new appeal may follow; the trail stays', async () => {
  const filed = await file(m.apps[3], { reason: 'We moved into B’s zone.' });
  assert.equal(filed.status, 201, filed.text);
  const res = await decide(filed.json.id, { decision: 'dismissed', reason: 'No proof of address.' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'dismissed');
  assert.equal(res.json.decision.school, null);
  assert.equal(res.json.moved, 0);
  const again = await file(m.apps[3], { reason: 'Here is the lease.' });
  assert.equal(again.status, 201, again.text);
  const read = await readAll(m);
  assert.deepEqual(read[3].appeals.map((x) => [x.status, x.reason, x.decision && x.decision.reason]), [
    ['dismissed', 'We moved into B’s zone.', 'No proof of address.'],
    ['open', 'Here is the lease.', null],
  ]);
  assert.equal(read[3].offer, null);
  assert.deepEqual(read[1].appeals.map((x) => x.status), ['upheld']);
  assert.deepEqual((await list('?status=open')).json.items.map((x) => x.id), [again.json.id]);
  assert.deepEqual((await list('?status=dismissed')).json.items.map((x) => x.id), [filed.json.id]);
});
