// Who sees a support ticket (issue 18): its level's support staff and those
// above in the same subtree; never a sibling subtree (404); the origin's
// staff read what they escalated but may not act on it; notices tell both
// levels.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem } from '../lib.mjs';
import { supportWorld, get, say, setStatus, ticket } from './tickets_setup.mjs';

let w;
before(async () => { w = await supportWorld(); });

const move = (token, id, verb, reason) => api('POST', `/api/v1/support/tickets/${id}/${verb}`, { token, body: reason === undefined ? {} : { reason } });
const ids = (res) => res.json.items.map((t) => t.id);

test('visible up the tree, never sideways', async () => {
  const t = await ticket(w.teacher.token);
  for (const who of [w.teacher, w.agent, w.principal, w.districtAgent, w.provinceOfficer]) {
    const res = await get(who.token, t.id);
    assert.equal(res.status, 200, `${who.username}: ${res.text}`);
    assert.equal(res.json.id, t.id);
  }
  for (const who of [w.sibling, w.teacher2, w.guardian]) {
    assertProblem(await get(who.token, t.id), 404, 'not_found');
    assertProblem(await say(who.token, t.id, 'hello'), 404, 'not_found');
    assertProblem(await setStatus(who.token, t.id, 'closed'), 404, 'not_found');
  }
  assertProblem(await get(w.agent.token, 999999999), 404, 'not_found');
  const sib = await api('GET', '/api/v1/support/tickets?view=queue', { token: w.sibling.token });
  assert.equal(sib.status, 200, sib.text);
  assert.ok(!ids(sib).includes(t.id), 'a sibling district never lists it');
  const dist = await api('GET', '/api/v1/support/tickets?view=queue', { token: w.districtAgent.token });
  assert.ok(ids(dist).includes(t.id), 'the district lists its schools\' tickets');
  const staff = (await get(w.districtAgent.token, t.id)).json;
  assert.equal(staff.requester.username, w.teacher.username);
  assert.equal(staff.can.reply, true);
});

test('escalated: the origin reads but cannot act; the district acts; notices for both', async () => {
  const t = await ticket(w.teacher.token);
  assertProblem(await move(w.agent.token, t.id, 'escalate'), 422, 'reason_required', 'reason');
  assertProblem(await move(w.agent.token, t.id, 'escalate', '   '), 422, 'reason_required', 'reason');
  assertProblem(await move(w.teacher.token, t.id, 'escalate', 'please'), 403);
  assertProblem(await move(w.agent.token, t.id, 'send-back', 'nowhere'), 409, 'support_bottom_level');
  const up = await move(w.agent.token, t.id, 'escalate', 'Needs the district database');
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.org.code, w.district);
  assert.equal(up.json.level, 'district');
  assert.equal(up.json.origin.code, w.school);
  assert.equal(up.json.escalations, 1);
  assert.equal(up.json.status, 'open');
  assert.ok(Date.parse(up.json.due.resolve) > Date.parse(t.due.resolve), 'the district\'s clock starts anew with its longer deadline');
  // The school reads it, read-only.
  const origin = await get(w.agent.token, t.id);
  assert.equal(origin.status, 200, origin.text);
  assert.equal(origin.json.can.reply, false);
  assert.equal(origin.json.can.escalate, false);
  assertProblem(await say(w.agent.token, t.id, 'we are on it'), 403, 'support_read_only');
  assertProblem(await setStatus(w.agent.token, t.id, 'resolved'), 403, 'support_read_only');
  assertProblem(await move(w.agent.token, t.id, 'escalate', 'again'), 403, 'support_read_only');
  const queue = await api('GET', `/api/v1/support/tickets?view=queue&org=${w.school}`, { token: w.agent.token });
  assert.ok(!ids(queue).includes(t.id), 'not in the school\'s queue any more');
  const history = await api('GET', '/api/v1/support/tickets?view=history', { token: w.agent.token });
  assert.ok(ids(history).includes(t.id), 'in the school\'s history');
  // The requester still sees it, with its move, without who moved it.
  const mine = (await get(w.teacher.token, t.id)).json;
  assert.equal(mine.level, 'district');
  const ev = mine.events.find((e) => e.kind === 'escalated');
  assert.deepEqual([ev.from, ev.to, ev.reason, ev.by], [w.school, w.district, 'Needs the district database', null]);
  const staffEv = (await get(w.districtAgent.token, t.id)).json.events.find((e) => e.kind === 'escalated');
  assert.equal(staffEv.by, w.agent.username);
  // The district answers; a sibling district still sees nothing.
  const reply = await say(w.districtAgent.token, t.id, 'Fixed on our side.');
  assert.equal(reply.status, 201, reply.text);
  assert.equal(reply.json.status, 'answered');
  assertProblem(await get(w.sibling.token, t.id), 404, 'not_found');
  // Notices: one for each level.
  const dn = await api('GET', `/api/v1/support/notices?org=${w.district}&unread=1`, { token: w.districtAgent.token });
  assert.equal(dn.status, 200, dn.text);
  const notice = dn.json.items.find((n) => n.ticket === t.id);
  assert.ok(notice, dn.text);
  assert.deepEqual([notice.org, notice.kind], [w.district, 'escalated']);
  const sn = await api('GET', '/api/v1/support/notices', { token: w.agent.token });
  assert.ok(sn.json.items.some((n) => n.ticket === t.id && n.org === w.school));
  assert.ok(!(await api('GET', '/api/v1/support/notices', { token: w.sibling.token })).json.items.some((n) => n.ticket === t.id));
  assertProblem(await api('POST', `/api/v1/support/notices/${notice.id}/read`, { token: w.sibling.token }), 404, 'not_found');
  const read = await api('POST', `/api/v1/support/notices/${notice.id}/read`, { token: w.districtAgent.token });
  assert.equal(read.status, 200, read.text);
  const after = await api('GET', `/api/v1/support/notices?org=${w.district}&unread=1`, { token: w.districtAgent.token });
  assert.ok(!after.json.items.some((n) => n.id === notice.id));
  // Sent back: the school acts again.
  const down = await move(w.districtAgent.token, t.id, 'send-back', 'The school can reset it now');
  assert.equal(down.status, 200, down.text);
  assert.equal(down.json.org.code, w.school);
  assert.equal(down.json.escalations, 1);
  const again = await say(w.agent.token, t.id, 'Reset done.');
  assert.equal(again.status, 201, again.text);
});

test('at the ministry there is no level above', async () => {
  const t = await ticket(w.teacher.token);
  for (const [who, code] of [[w.agent, w.district], [w.districtAgent, w.province], [w.provinceOfficer, w.ministry]]) {
    const res = await move(who.token, t.id, 'escalate', 'up');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.org.code, code);
  }
  const top = await get(w.root, t.id);
  assert.equal(top.json.level, 'ministry');
  assert.equal(top.json.can.escalate, false);
  assertProblem(await move(w.root, t.id, 'escalate', 'higher'), 409, 'support_top_level');
  assert.equal(top.json.escalations, 3);
});

test('a resolved ticket does not move', async () => {
  const t = await ticket(w.teacher.token);
  assert.equal((await setStatus(w.agent.token, t.id, 'resolved')).status, 200);
  assertProblem(await move(w.agent.token, t.id, 'escalate', 'too late'), 409, 'support_ticket_closed');
  assert.equal((await get(w.agent.token, t.id)).json.org.code, w.school);
});
