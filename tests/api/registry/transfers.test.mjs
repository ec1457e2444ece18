import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, school, studentBody, userWithRole } from '../lib.mjs';

async function setup() {
  const from = await school();
  const to = await school();
  const sender = await userWithRole('school_admin', from.school);
  const receiver = await userWithRole('school_admin', to.school);
  const id = (await api('POST', '/api/v1/students', { token: sender.token, body: studentBody(from.school, { grade: 5 }) })).json.id;
  return { from, to, sender, receiver, id };
}

test('receiving school asks, sending school approves, the move takes effect on the date', async () => {
  const { from, to, sender, receiver, id } = await setup();
  const asked = await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-02-01' } });
  assert.equal(asked.status, 201, asked.text);
  assert.equal(asked.json.status, 'requested');
  assert.equal(asked.json.from_school, from.school);
  const tid = asked.json.id;
  // The receiver cannot approve its own request; the sender can.
  assertProblem(await api('POST', `/api/v1/transfers/${tid}/approve`, { token: receiver.token }), 403, 'forbidden');
  const listed = await api('GET', `/api/v1/transfers?school=${from.school}&status=requested`, { token: sender.token });
  assert.deepEqual(listed.json.items.map((t) => t.id), [tid]);
  const ok = await api('POST', `/api/v1/transfers/${tid}/approve`, { token: sender.token });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.ok(ok.json.decided_at);
  assertProblem(await api('POST', `/api/v1/transfers/${tid}/approve`, { token: sender.token }), 409, 'already_decided');
  // Now the student belongs to the receiving school.
  const now = await api('GET', `/api/v1/students/${id}`, { token: receiver.token });
  assert.equal(now.json.school, to.school);
  assert.equal(now.json.grade, 5);
  assertProblem(await api('GET', `/api/v1/students/${id}`, { token: sender.token }), 404, 'not_found');
  const hist = await api('GET', `/api/v1/students/${id}/history`, { token: await admin() });
  assert.deepEqual(hist.json.enrolments.map((e) => [e.school, e.end_reason, e.end_date ?? e.start_date]),
    [[from.school, 'transferred', '2026-02-01'], [to.school, null, '2026-02-01']]);
  assert.deepEqual(hist.json.transfers.map((t) => [t.id, t.status]), [[tid, 'approved']]);
});

test('either school can refuse with a reason; the student stays', async () => {
  const { from, to, sender, receiver, id } = await setup();
  const t1 = (await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-02-01' } })).json.id;
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-02-02' } }), 409, 'transfer_pending');
  assertProblem(await api('POST', `/api/v1/transfers/${t1}/refuse`, { token: sender.token, body: {} }), 422, 'required', 'reason');
  const refused = await api('POST', `/api/v1/transfers/${t1}/refuse`, { token: sender.token, body: { reason: 'Fees unpaid' } });
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.json.status, 'refused');
  assert.equal(refused.json.reason, 'Fees unpaid');
  const t2 = (await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-03-01' } })).json.id;
  const withdrawn = await api('POST', `/api/v1/transfers/${t2}/refuse`, { token: receiver.token, body: { reason: 'No place after all' } });
  assert.equal(withdrawn.json.status, 'refused');
  const still = await api('GET', `/api/v1/students/${id}`, { token: sender.token });
  assert.equal(still.json.school, from.school);
  const hist = await api('GET', `/api/v1/students/${id}/history`, { token: await admin() });
  assert.deepEqual(hist.json.transfers.map((t) => t.status), ['refused', 'refused']);
});

test('transfer requests are validated and scoped', async () => {
  const { from, to, sender, receiver, id } = await setup();
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school } }), 422, 'required', 'date');
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-13-01' } }), 422, 'invalid', 'date');
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: 'NOPE', date: '2026-02-01' } }), 422, undefined, 'to_school');
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: sender.token, body: { to_school: to.school, date: '2026-02-01' } }), 403, 'out_of_scope', 'to_school');
  assertProblem(await api('POST', `/api/v1/students/${id}/transfers`, { token: sender.token, body: { to_school: from.school, date: '2026-02-01' } }), 422, 'same_school', 'to_school');
  assertProblem(await api('GET', '/api/v1/transfers/999999999', { token: sender.token }), 404, 'not_found');
  const stranger = await userWithRole('school_admin', (await school()).school);
  const t = (await api('POST', `/api/v1/students/${id}/transfers`, { token: receiver.token, body: { to_school: to.school, date: '2026-02-01' } })).json.id;
  assertProblem(await api('GET', `/api/v1/transfers/${t}`, { token: stranger.token }), 404, 'not_found');
  assertProblem(await api('POST', `/api/v1/transfers/${t}/approve`, { token: stranger.token }), 404, 'not_found');
});
