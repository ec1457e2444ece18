// The sweep (su-clock, issue 18; docs/support.md, "Escalation and the
// sweep"): `tabula support sweep --db URL --at INSTANT` moves every ticket
// overdue as of INSTANT up a level from the instant it fell due, as many
// levels as it is overdue for, breached at the ministry; it tells both
// levels; a second run at the same instant changes nothing; a waiting
// ticket is never escalated; the server runs the same sweep on its timer.
//
// Tickets are filed through the API, then their clock is set back to
// Wednesday 2026-03-18 13:00 in Tehran (the week before Nowruz), so the
// working-time deadlines below are known: the sweeps run at instants before
// the real clock, which the other tests' tickets (due from now on) never
// reach. scripts/run-api serves with --support-sweep-seconds 0, so only
// these sweeps move anything.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, cli, DB, dbQuery, startServer } from '../lib.mjs';
import { supportWorld, get, setStatus, ticket } from './tickets_setup.mjs';

let w;
before(async () => { w = await supportWorld(); });

const ms = (s) => Date.parse(s);
const T0 = ms('2026-03-18T13:00:00+03:30');
// The IR "account" category at a school: first answer 240 working minutes,
// resolution 960: Wednesday 13-16 and Thursday 8-9, then Thursday to 12,
// Friday off, 1-4 Farvardin (21-24 March) off, Wednesday 25 and Thursday 26 8-9.
const FIRST = '2026-03-19T09:00:00.000+03:30';
const RESOLVE = '2026-03-26T09:00:00.000+03:30';

/** A ticket filed by the school's teacher, its clock set back to T0. */
async function oldTicket() {
  const t = await ticket(w.teacher.token);
  dbQuery(`UPDATE support_tickets SET created_at_ms = ${T0}, updated_at_ms = ${T0}, level_since_ms = ${T0},
    first_due_ms = ${ms(FIRST)}, resolve_due_ms = ${ms(RESOLVE)}, next_due_ms = ${ms(FIRST)} WHERE id = ${t.id}`);
  return t;
}

function sweep(at) {
  const r = cli(['support', 'sweep', '--db', DB, '--at', at]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
const linesOf = (out, id) => out.split('\n').filter((l) => l.startsWith(`ticket ${id}:`));
const counts = (ids) => dbQuery(`SELECT (SELECT count(*) FROM support_events WHERE ticket_id IN (${ids}) AND kind IN ('escalated', 'breached')),
  (SELECT count(*) FROM support_notices WHERE ticket_id IN (${ids})),
  (SELECT count(*) FROM support_tickets WHERE id IN (${ids}) AND next_due_ms IS NOT NULL)`)[0].map(Number);

/** Resolve a ticket, so that the later sweeps of this file leave it. */
async function done(t) {
  const res = await setStatus(w.root, t.id, 'resolved');
  assert.equal(res.status, 200, res.text);
}

test('the sweep with --at escalates from the due instant it missed; both levels are told', async () => {
  const a = await oldTicket();
  // A millisecond before the due instant: nothing.
  assert.deepEqual(linesOf(sweep('2026-03-19T08:59:59.999+03:30'), a.id), []);
  assert.equal((await get(w.root, a.id)).json.level, 'school');
  // At the due instant: up one level, the district's clock from then.
  const out = sweep('2026-03-19T09:00:00+03:30');
  assert.deepEqual(linesOf(out, a.id), [`ticket ${a.id}: ${w.school} -> ${w.district} (first answer due ${FIRST})`]);
  assert.match(out, /^escalated \d+, breached \d+$/m);
  const up = (await get(w.districtAgent.token, a.id)).json;
  assert.equal(up.level, 'district');
  assert.equal(up.org.code, w.district);
  assert.equal(up.origin.code, w.school);
  assert.equal(up.escalations, 1);
  assert.equal(up.status, 'open');
  // The district's 480 and 1,920 working minutes from Thursday 09:00: Thursday
  // to noon, then Wednesday 25 to 13:00; and on to Monday 30 09:00.
  assert.deepEqual(up.due, { first_answer: '2026-03-25T13:00:00.000+03:30', resolve: '2026-03-30T09:00:00.000+03:30' });
  const ev = up.events.filter((e) => e.kind === 'escalated');
  assert.equal(ev.length, 1);
  assert.deepEqual([ev[0].from, ev[0].to, ev[0].at, ev[0].by], [w.school, w.district, FIRST, null]);
  assert.equal(ev[0].reason, `first answer due ${FIRST}`);
  // Notices to both levels.
  const dn = await api('GET', `/api/v1/support/notices?org=${w.district}&unread=1`, { token: w.districtAgent.token });
  assert.equal(dn.status, 200, dn.text);
  assert.deepEqual(dn.json.items.filter((n) => n.ticket === a.id && n.org === w.district).map((n) => n.kind), ['escalated']);
  const sn = await api('GET', `/api/v1/support/notices?org=${w.school}`, { token: w.agent.token });
  assert.deepEqual(sn.json.items.filter((n) => n.ticket === a.id && n.org === w.school).map((n) => n.kind), ['escalated']);

  // A late sweep gives what the timely one gave: a second ticket of the same
  // clock, swept on Tuesday 24 March at 20:00, has the same dues at the district.
  const b = await oldTicket();
  const late = sweep('2026-03-24T20:00:00+03:30');
  assert.deepEqual(linesOf(late, b.id), [`ticket ${b.id}: ${w.school} -> ${w.district} (first answer due ${FIRST})`]);
  assert.deepEqual(linesOf(late, a.id), [], 'the first ticket is not due again before Wednesday 13:00');
  assert.deepEqual((await get(w.root, b.id)).json.due, up.due);
  await done(a);
  await done(b);
});

test('a long-forgotten ticket climbs to the ministry in one sweep and is breached there; a second run changes nothing', async () => {
  const t = await oldTicket();
  const at = '2026-04-30T12:00:00+03:30';
  const out = sweep(at);
  // Each level's first answer, in Tehran's working time with Nowruz, 12 and
  // 13 Farvardin (1-2 April) off: district 480 min, province 960, ministry 1,440.
  assert.deepEqual(linesOf(out, t.id), [
    `ticket ${t.id}: ${w.school} -> ${w.district} (first answer due ${FIRST})`,
    `ticket ${t.id}: ${w.district} -> ${w.province} (first answer due 2026-03-25T13:00:00.000+03:30)`,
    `ticket ${t.id}: ${w.province} -> ${w.ministry} (first answer due 2026-03-29T09:00:00.000+03:30)`,
    `ticket ${t.id}: ${w.ministry} breached (first answer due 2026-04-04T09:00:00.000+03:30)`,
  ]);
  const top = (await get(w.root, t.id)).json;
  assert.equal(top.level, 'ministry');
  assert.equal(top.org.code, w.ministry);
  assert.equal(top.escalations, 3);
  assert.equal(top.breached, true);
  assert.deepEqual(top.events.filter((e) => e.kind === 'escalated' || e.kind === 'breached').map((e) => [e.kind, e.from, e.to, e.at]), [
    ['escalated', w.school, w.district, FIRST],
    ['escalated', w.district, w.province, '2026-03-25T13:00:00.000+03:30'],
    ['escalated', w.province, w.ministry, '2026-03-29T09:00:00.000+03:30'],
    ['breached', w.ministry, null, '2026-04-04T09:00:00.000+03:30'],
  ]);
  // Every level it passed was told, the ministry twice (arrived, breached).
  const notices = dbQuery(`SELECT o.code, n.kind FROM support_notices n JOIN orgs o ON o.id = n.org_id WHERE n.ticket_id = ${t.id} ORDER BY n.id`);
  assert.deepEqual(notices, [
    [w.school, 'escalated'], [w.district, 'escalated'], [w.district, 'escalated'], [w.province, 'escalated'],
    [w.province, 'escalated'], [w.ministry, 'escalated'], [w.ministry, 'breached'],
  ]);
  const mn = await api('GET', `/api/v1/support/notices?org=${w.ministry}`, { token: w.root });
  assert.deepEqual(mn.json.items.filter((n) => n.ticket === t.id && n.org === w.ministry).map((n) => n.kind).sort(), ['breached', 'escalated']);
  // The same sweep again: nothing, and nothing written.
  const before = counts(t.id);
  assert.deepEqual(before, [4, 7, 0]);
  assert.equal(sweep(at), 'escalated 0, breached 0\n');
  assert.deepEqual(counts(t.id), before);
  // By hand there is no level above the ministry.
  const up = await api('POST', `/api/v1/support/tickets/${t.id}/escalate`, { token: w.root, body: { reason: 'higher' } });
  assert.equal(up.status, 409, up.text);
  assert.equal(up.json.code, 'support_top_level');
  await done(t);
});

test('a waiting ticket is never escalated; an answered one escalates and is open at its new level', async () => {
  const waiting = await oldTicket();
  const asked = await setStatus(w.agent.token, waiting.id, 'waiting', 'Which school year?');
  assert.equal(asked.status, 200, asked.text);
  dbQuery(`UPDATE support_tickets SET level_since_ms = ${T0}, created_at_ms = ${T0} WHERE id = ${waiting.id}`);
  const answered = await oldTicket();
  const reply = await api('POST', `/api/v1/support/tickets/${answered.id}/messages`, { token: w.agent.token, body: { body: 'Looking into it.', kind: 'reply' } });
  assert.equal(reply.status, 201, reply.text);
  // The first answer is given: only the resolution is due (Thursday 26 09:00).
  dbQuery(`UPDATE support_tickets SET level_since_ms = ${T0}, first_due_ms = NULL, resolve_due_ms = ${ms(RESOLVE)},
    next_due_ms = ${ms(RESOLVE)} WHERE id = ${answered.id}`);
  const out = sweep('2026-03-26T12:00:00+03:30');
  assert.deepEqual(linesOf(out, waiting.id), []);
  assert.deepEqual(linesOf(out, answered.id), [`ticket ${answered.id}: ${w.school} -> ${w.district} (resolution due ${RESOLVE})`]);
  const still = (await get(w.agent.token, waiting.id)).json;
  assert.deepEqual([still.level, still.status, still.escalations, still.due.first_answer], ['school', 'waiting', 0, null]);
  const moved = (await get(w.districtAgent.token, answered.id)).json;
  assert.deepEqual([moved.level, moved.status, moved.escalations], ['district', 'open', 1]);
  assert.ok(moved.due.first_answer > RESOLVE, moved.due.first_answer);
  await done(waiting);
  await done(answered);
});

test('bad --at is refused with usage; no --at sweeps as of now', () => {
  for (const at of ['yesterday', '2026-13-01T00:00:00Z', '2026-03-19']) {
    const r = cli(['support', 'sweep', '--db', DB, '--at', at]);
    assert.equal(r.status, 2, at);
    assert.match(r.stderr, /RFC 3339/);
  }
  assert.equal(cli(['support', 'frobnicate', '--db', DB]).status, 2);
  const now = cli(['support', 'sweep', '--db', DB]);
  assert.equal(now.status, 0, now.stderr);
  assert.match(now.stdout, /^escalated \d+, breached \d+$/m);
});

test('the server sweeps on its timer (support_sweep_seconds)', async () => {
  const t = await oldTicket();
  const srv = await startServer(['--support-sweep-seconds', '1']);
  try {
    let top;
    for (let i = 0; i < 200; i++) {
      top = (await get(w.root, t.id)).json;
      if (top.breached) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(top.breached, true, 'breached by the timer');
    assert.equal(top.level, 'ministry');
    assert.equal(top.escalations, 3);
  } finally {
    const { stderr } = await srv.stop();
    assert.match(stderr, /support sweep: escalated [1-9]\d*, breached [1-9]\d*/);
  }
  await done(t);
});
