// Support tickets (issue 18): filing, idempotent retries, validation,
// where a ticket lands, the thread and the clock's rules.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, dbQuery, uniq } from '../lib.mjs';
import { supportWorld, file, get, say, setStatus, ticket } from './tickets_setup.mjs';

let w;
before(async () => { w = await supportWorld(); });

const count = (user) => Number(dbQuery(`SELECT count(*) FROM support_tickets t JOIN users u ON u.id = t.requester_id WHERE u.username = '${user.username}'`)[0][0]);
const instant = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+03:30$/;

test('a teacher files a ticket at their school; a retry with the same key gets the first answer', async () => {
  const key = uniq('k');
  const body = { category: 'account', subject: 'Cannot sign in', body: 'The code never arrives.' };
  const res = await file(w.teacher.token, body, { 'Idempotency-Key': key });
  assert.equal(res.status, 201, res.text);
  const t = res.json;
  assert.equal(res.headers.get('location'), `/api/v1/support/tickets/${t.id}`);
  assert.equal(t.status, 'open');
  assert.equal(t.level, 'school');
  assert.equal(t.org.code, w.school);
  assert.equal(t.origin.code, w.school);
  assert.equal(t.category.code, 'account');
  assert.equal(t.category.names.fa, 'حساب کاربری و ورود');
  assert.equal(t.student, null);
  assert.equal(t.requester, null, 'the requester is not shown to the requester');
  assert.match(t.created_at, instant);
  assert.match(t.due.first_answer, instant);
  assert.match(t.due.resolve, instant);
  assert.ok(Date.parse(t.due.first_answer) < Date.parse(t.due.resolve));
  assert.equal(t.overdue, false);
  assert.equal(t.can.reply, true);
  assert.equal(t.can.note, false);
  const before = count(w.teacher);
  const again = await file(w.teacher.token, { ...body, subject: 'something else' }, { 'Idempotency-Key': key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.id, t.id);
  assert.equal(again.json.subject, 'Cannot sign in');
  assert.equal(count(w.teacher), before, 'nothing written by the retry');
  // Another account's same key is its own.
  const other = await file(w.teacher2.token, body, { 'Idempotency-Key': key });
  assert.equal(other.status, 201);
  assert.notEqual(other.json.id, t.id);
});

test('bad input: 422 with the field, nothing written', async () => {
  const ok = { category: 'account', subject: 'S', body: 'B' };
  const before = count(w.teacher);
  const cases = [
    [{ ...ok, subject: undefined }, 'required', 'subject'],
    [{ ...ok, subject: '' }, 'required', 'subject'],
    [{ ...ok, subject: 'x'.repeat(201) }, 'too_long', 'subject'],
    [{ ...ok, body: '' }, 'required', 'body'],
    [{ ...ok, body: 'x'.repeat(20001) }, 'too_long', 'body'],
    [{ ...ok, category: 'nope' }, 'unknown_support_category', 'category'],
    [{ ...ok, category: undefined }, 'required', 'category'],
    [{ ...ok, student: 'seven' }, 'type', 'student'],
  ];
  for (const [body, code, field] of cases) {
    const res = await file(w.teacher.token, body);
    assertProblem(res, 422, code, field);
  }
  const long = await file(w.teacher.token, { ...ok, subject: 'س'.repeat(200) });
  assert.equal(long.status, 201, '200 Persian characters are a valid subject');
  assert.equal(count(w.teacher), before + 1);
  assertProblem(await file(w.teacher.token, ok, { 'Idempotency-Key': 'x'.repeat(201) }), 422, 'invalid', 'Idempotency-Key');
});

test("a guardian's ticket lands at the child's school and names the child", async () => {
  assertProblem(await file(w.guardian.token, { category: 'records', subject: 'Report card', body: 'Missing grade' }), 422, 'required', 'student');
  assertProblem(await file(w.guardian.token, { category: 'records', subject: 'Report card', body: 'Missing grade', student: w.otherKid.id }), 422, 'unknown_student', 'student');
  const t = await ticket(w.guardian.token, { category: 'records', student: w.kid.id });
  assert.equal(t.org.code, w.school);
  assert.equal(t.level, 'school');
  assert.equal(t.student.id, w.kid.id);
  assert.match(t.student.name, new RegExp(w.kid.family_name));
  // A ticket naming a child is the child's data: its reads are audited.
  const read = await get(w.agent.token, t.id);
  assert.equal(read.status, 200, read.text);
  const rows = dbQuery(`SELECT action FROM audit_log WHERE person_id = ${w.kid.id} AND action LIKE 'support.%' ORDER BY seq`);
  assert.deepEqual(rows.map((r) => r[0]), ['support.create', 'support.read']);
});

test("a principal's ticket lands at the district", async () => {
  const t = await ticket(w.principal.token);
  assert.equal(t.org.code, w.district);
  assert.equal(t.level, 'district');
  assert.equal(t.origin.code, w.district);
  const agent = await ticket(w.agent.token);
  assert.equal(agent.org.code, w.district, "a school's support agent asks the district too");
  const seen = await get(w.districtAgent.token, t.id);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.requester.username, w.principal.username);
  assert.equal((await get(w.agent.token, t.id)).status, 404, 'the school does not see what its principal asked the district');
});

test('staff replies are the first answer; notes stay with staff', async () => {
  const t = await ticket(w.teacher.token);
  const note = await say(w.agent.token, t.id, 'Check the SMS gateway first.', 'note');
  assert.equal(note.status, 201, note.text);
  assert.equal(note.json.status, 'open', 'a note is not an answer');
  assert.equal(note.json.first_answer_at, null);
  assertProblem(await say(w.teacher.token, t.id, 'may I?', 'note'), 403, 'forbidden', 'kind');
  const reply = await say(w.agent.token, t.id, 'We reset your code.');
  assert.equal(reply.status, 201, reply.text);
  assert.equal(reply.json.status, 'answered');
  assert.match(reply.json.first_answer_at, instant);
  assert.equal(reply.json.due.first_answer, null);
  assert.match(reply.json.due.resolve, instant);
  const mine = (await get(w.teacher.token, t.id)).json;
  assert.deepEqual(mine.messages.map((m) => m.kind), ['reply', 'reply']);
  assert.ok(!mine.messages.some((m) => /SMS gateway/.test(m.body)), 'the requester never sees a note');
  const staff = (await get(w.agent.token, t.id)).json;
  assert.deepEqual(staff.messages.map((m) => m.kind), ['reply', 'note', 'reply']);
  assert.equal(staff.messages[1].author.staff, true);
  assert.deepEqual(staff.events.map((e) => e.kind), ['created']);
  const back = await say(w.teacher.token, t.id, 'Still nothing.');
  assert.equal(back.json.status, 'open');
  assertProblem(await say(w.agent.token, t.id, 'x', 'memo'), 422, 'unknown_value', 'kind');
  assertProblem(await say(w.agent.token, t.id, ''), 422, 'required', 'body');
});

test('waiting pauses the clock; the requester\'s reply resumes it', async () => {
  const t = await ticket(w.teacher.token);
  const waiting = await setStatus(w.agent.token, t.id, 'waiting', 'Which phone number?');
  assert.equal(waiting.status, 200, waiting.text);
  assert.equal(waiting.json.status, 'waiting');
  assert.equal(waiting.json.due.first_answer, null);
  assert.equal(waiting.json.due.resolve, null);
  const row = dbQuery(`SELECT first_due_ms IS NULL, resolve_due_ms IS NULL, next_due_ms IS NULL, first_left_ms, resolve_left_ms FROM support_tickets WHERE id = ${t.id}`)[0];
  assert.deepEqual(row.slice(0, 3).map(String).map((v) => ['1', 't', 'true'].includes(v)), [true, true, true]);
  assert.ok(Number(row[3]) > 0 && Number(row[4]) >= Number(row[3]), row.join('|'));
  assertProblem(await setStatus(w.teacher.token, t.id, 'waiting'), 409, 'status_not_allowed', 'status');
  const resumed = await say(w.teacher.token, t.id, 'It is 0912 000 0000.');
  assert.equal(resumed.status, 201, resumed.text);
  assert.equal(resumed.json.status, 'open');
  assert.match(resumed.json.due.resolve, instant);
  assert.ok(Date.parse(resumed.json.due.resolve) >= Date.parse(t.due.resolve), 'the pause never brings the deadline nearer');
  assert.ok(Date.parse(resumed.json.due.first_answer) >= Date.parse(t.due.first_answer));
  const ev = (await get(w.agent.token, t.id)).json.events;
  assert.deepEqual(ev.map((e) => [e.kind, e.status]), [['created', 'open'], ['status', 'waiting'], ['status', 'open']]);
  assert.equal(ev[1].reason, 'Which phone number?');
});

test('resolve, reopen within 7 days, close', async () => {
  const t = await ticket(w.teacher.token);
  assertProblem(await setStatus(w.teacher.token, t.id, 'resolved'), 409, 'status_not_allowed', 'status');
  const done = await setStatus(w.agent.token, t.id, 'resolved');
  assert.equal(done.json.status, 'resolved');
  assert.equal(done.json.due.resolve, null);
  assert.match(done.json.resolved_at, instant);
  assert.equal((await get(w.teacher.token, t.id)).json.can.reopen, true);
  assertProblem(await say(w.teacher.token, t.id, 'hello?'), 409, 'ticket_closed');
  const again = await setStatus(w.teacher.token, t.id, 'open');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.status, 'open');
  assert.match(again.json.due.resolve, instant);
  await setStatus(w.agent.token, t.id, 'resolved');
  dbQuery(`UPDATE support_tickets SET resolved_at_ms = resolved_at_ms - ${8 * 86400000} WHERE id = ${t.id}`);
  assertProblem(await setStatus(w.teacher.token, t.id, 'open'), 409, 'reopen_expired', 'status');
  const closed = await setStatus(w.teacher.token, t.id, 'closed');
  assert.equal(closed.json.status, 'closed');
  assertProblem(await setStatus(w.teacher.token, t.id, 'closed'), 409, 'status_not_allowed', 'status');
  assertProblem(await setStatus(w.agent.token, t.id, 'paused'), 422, 'unknown_value', 'status');
});

test('lists: mine, the queue with filters, keyset pages', async () => {
  const a = await ticket(w.teacher2.token, { subject: 'Alpha printer' });
  const b = await ticket(w.teacher2.token, { subject: 'Beta grades' });
  const mine = await api('GET', '/api/v1/support/tickets?view=mine&limit=1', { token: w.teacher2.token });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((t) => t.id), [b.id]);
  assert.ok(mine.json.next);
  const page2 = await api('GET', `/api/v1/support/tickets?view=mine&limit=1&after=${mine.json.next}`, { token: w.teacher2.token });
  assert.deepEqual(page2.json.items.map((t) => t.id), [a.id]);
  const q = await api('GET', `/api/v1/support/tickets?view=queue&q=alpha%20print`, { token: w.agent.token });
  assert.ok(q.json.items.some((t) => t.id === a.id));
  assert.ok(!q.json.items.some((t) => t.id === b.id));
  const queue = await api('GET', `/api/v1/support/tickets?view=queue&org=${w.school}&status=open`, { token: w.agent.token });
  assert.ok(queue.json.items.every((t) => t.status === 'open' && t.org.code === w.school));
  assert.ok(queue.json.items.some((t) => t.id === b.id));
  assertProblem(await api('GET', '/api/v1/support/tickets?view=queue&status=lost', { token: w.agent.token }), 422, 'unknown_value', 'status');
  assertProblem(await api('GET', '/api/v1/support/tickets?view=everything', { token: w.agent.token }), 422, 'unknown_value', 'view');
  assertProblem(await api('GET', '/api/v1/support/tickets?view=queue', { token: w.teacher.token }), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/support/tickets?view=queue&org=${w.district2}`, { token: w.agent.token }), 403, 'out_of_scope', 'org');
});

test('categories with deadlines; a ministry admin changes them', async () => {
  const res = await api('GET', '/api/v1/support/categories', { token: w.teacher.token });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.country, 'IR');
  const exams = res.json.items.find((c) => c.code === 'exams');
  assert.deepEqual(exams.deadlines.school, { first_answer_min: 120, resolve_min: 480 });
  const vn = await api('GET', '/api/v1/support/categories?country=VN', { token: w.teacher.token });
  assert.equal(vn.json.country, 'VN');
  assert.equal(vn.json.items.length, 7);
  const other = res.json.items.find((c) => c.code === 'other');
  const put = (token, body) => api('PUT', `/api/v1/support/categories/${other.id}/deadlines`, { token, body });
  assertProblem(await put(w.districtAgent.token, [{ level: 'school', first_answer_min: 60, resolve_min: 120 }]), 403);
  assertProblem(await put(w.root, [{ level: 'class', first_answer_min: 60, resolve_min: 120 }]), 422, 'unknown_value', '[0].level');
  assertProblem(await put(w.root, [{ level: 'school', first_answer_min: 600, resolve_min: 120 }]), 422, 'out_of_range', '[0].first_answer_min');
  const ok = await put(w.root, [{ level: 'school', first_answer_min: 60, resolve_min: 120 }]);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.deadlines.school, { first_answer_min: 60, resolve_min: 120 });
  assert.deepEqual(ok.json.deadlines.district, other.deadlines.district);
  const t = await ticket(w.teacher.token, { category: 'other' });
  assert.equal(t.category.code, 'other');
});

test('answers carry what docs/openapi.yaml requires', async () => {
  const { readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const spec = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));
  const schemas = spec.components.schemas;
  const t = await ticket(w.guardian.token, { student: w.kid.id });
  await say(w.agent.token, t.id, 'noted', 'note');
  const full = (await get(w.agent.token, t.id)).json;
  for (const key of schemas.SupportTicket.required) assert.ok(key in t, `created: ${key}`);
  for (const key of [...schemas.SupportTicket.required, ...schemas.SupportTicketFull.required]) assert.ok(key in full, `read: ${key}`);
  const msg = schemas.SupportTicketFull.properties.messages.items;
  for (const m of full.messages) for (const key of msg.required) assert.ok(key in m, `message: ${key}`);
  const ev = schemas.SupportTicketFull.properties.events.items;
  for (const e of full.events) for (const key of ev.required) assert.ok(key in e, `event: ${key}`);
  assert.ok(schemas.SupportTicket.properties.status.enum.includes(full.status));
});
