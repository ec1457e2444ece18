// Satisfaction (issue 18, su-desk): the requester rates a ticket once it is
// resolved or closed, once; the rating of a ticket about a child is
// audited; the reports count it. docs/support.md, "Satisfaction".
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, dbQuery } from '../lib.mjs';
import { assertDocumented } from './spec.mjs';
import { supportWorld, get, setStatus, ticket } from './tickets_setup.mjs';

let w;
before(async () => { w = await supportWorld(); });

const rate = (who, id, body) => api('POST', `/api/v1/support/tickets/${id}/satisfaction`, { token: who.token, body });

test('the requester rates once, after resolution; no one else', async () => {
  const t = await ticket(w.teacher.token);
  assert.equal(t.org.code, w.school);
  assert.equal(t.satisfaction, null);
  assertProblem(await rate(w.teacher, t.id, { score: 4 }), 409, 'satisfaction_not_yet');
  assert.equal((await setStatus(w.agent.token, t.id, 'resolved')).status, 200);
  assertProblem(await rate(w.agent, t.id, { score: 5 }), 403, 'forbidden');
  assertProblem(await rate(w.teacher2, t.id, { score: 5 }), 404, 'not_found');
  assertProblem(await rate(w.sibling, t.id, { score: 5 }), 404, 'not_found');
  assertProblem(await api('POST', `/api/v1/support/tickets/${t.id}/satisfaction`, { body: { score: 5 } }), 401);
  assertProblem(await rate(w.teacher, t.id, {}), 422, 'required', 'score');
  assertProblem(await rate(w.teacher, t.id, { score: 6 }), 422, 'out_of_range', 'score');
  assertProblem(await rate(w.teacher, t.id, { score: 0 }), 422, 'out_of_range', 'score');
  assertProblem(await rate(w.teacher, t.id, { score: 3, comment: 'x'.repeat(2001) }), 422, 'too_long', 'comment');
  assertProblem(await rate(w.teacher, 999999999, { score: 3 }), 404);
  const before = await get(w.teacher.token, t.id);
  assert.equal(before.json.satisfaction, null);
  assert.equal(before.json.can.rate, true);
  const res = await rate(w.teacher, t.id, { score: 4, comment: 'Quick and clear.' });
  assert.equal(res.status, 200, res.text);
  assertDocumented(res, '/api/v1/support/tickets/{id}/satisfaction', 'POST');
  assert.deepEqual(res.json.satisfaction, { score: 4, comment: 'Quick and clear.' });
  assert.equal(res.json.can.rate, false);
  assertProblem(await rate(w.teacher, t.id, { score: 1 }), 409, 'already_rated');
  const after = await get(w.agent.token, t.id);
  assert.deepEqual(after.json.satisfaction, { score: 4, comment: 'Quick and clear.' });
});

test('a closed ticket about a child: rated, audited, counted in the report', async () => {
  const t = await ticket(w.guardian.token, { student: w.kid.id });
  assert.equal((await setStatus(w.agent.token, t.id, 'closed')).status, 200);
  const res = await rate(w.guardian, t.id, { score: 2 });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.satisfaction, { score: 2, comment: null });
  const rows = dbQuery(`SELECT allowed FROM audit_log WHERE action = 'support.rate' AND person_id = ${w.kid.id}`);
  assert.deepEqual(rows, [['1']]);
  // The school's report over today counts both ratings (4 and 2) with their distribution.
  const day = 24 * 3600 * 1000;
  const from = new Date(Date.now() - day).toISOString(), to = new Date(Date.now() + day).toISOString();
  const rep = await api('GET', `/api/v1/support/reports?org=${w.school}&from=${from}&to=${to}`, { token: w.agent.token });
  assert.equal(rep.status, 200, rep.text);
  assert.deepEqual(rep.json.totals.satisfaction, { count: 2, mean: 3, distribution: [0, 1, 0, 1, 0] });
  assert.equal(rep.json.totals.created, 2);
  assert.equal(rep.json.totals.resolved, 1, 'closed without resolving is not resolved');
});
