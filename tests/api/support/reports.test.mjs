// Reports per level (issue 18, su-desk) on a small data set computed by
// hand in Vietnam's working time (Monday-Friday 08:00-12:00 and
// 13:00-17:00, +07:00; no holiday in the week of 16 March 2026). The
// tickets are written straight into the store in the contract's schema
// (sql/migrations/0022_support.sql). docs/support.md, "Reports".
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, dbQuery, school, uniq, userWithRole } from '../lib.mjs';
import { assertDocumented } from './spec.mjs';

const H = 3600 * 1000;
const at = (local) => Date.parse(`${local}+07:00`);
let root, vn, s2, d2, s3, agentD, agentS, officerP, officerD2, teacher;

/** One ticket row; origin is an org code; times are local (+07:00) or ms. */
function ticket({ origin, cat, created, status, first = null, resolved = null, waited = 0, esc = 0, breached = 0, due = null, score = null, requester }) {
  const ms = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : String(at(v)));
  const c = ms(created);
  dbQuery(`INSERT INTO support_tickets (org_id, origin_org_id, level, category_id, subject, requester_id, lang, status,
    level_since_ms, next_due_ms, first_answer_ms, resolved_at_ms, escalations, breached, waited_ms, satisfaction,
    created_at_ms, updated_at_ms)
    VALUES ((SELECT id FROM orgs WHERE code = '${origin}'), (SELECT id FROM orgs WHERE code = '${origin}'), 'school',
    (SELECT id FROM support_categories WHERE country = 'VN' AND code = '${cat}'), 'Report test', ${requester}, 'vi',
    '${status}', ${c}, ${ms(due)}, ${ms(first)}, ${ms(resolved)}, ${esc}, ${breached}, ${waited}, ${score ?? 'NULL'}, ${c}, ${c})`);
}

before(async () => {
  root = await admin();
  vn = await school(root, { country: 'VN' });
  s2 = uniq('S'); d2 = uniq('D'); s3 = uniq('S');
  for (const [code, kind, parent] of [[s2, 'school', vn.district], [d2, 'district', vn.province], [s3, 'school', d2]]) {
    const res = await api('POST', '/api/v1/orgs', { token: root, body: { code, name: `Report ${kind} ${code}`, kind, parent } });
    assert.equal(res.status, 201, res.text);
  }
  agentD = await userWithRole('support_agent', vn.district);
  agentS = await userWithRole('support_agent', vn.school);
  officerP = await userWithRole('province_officer', vn.province);
  officerD2 = await userWithRole('district_officer', d2);
  teacher = await userWithRole('teacher', vn.school);
  const g = await userWithRole('guardian');
  const requester = Number(dbQuery(`SELECT id FROM users WHERE username = '${g.username}'`)[0][0]);
  const S1 = vn.school, now = Date.now();
  const t = (o) => ticket({ requester, ...o });
  // T1: first answer 09:00-11:00 = 2 h; resolved 09-12 + 13-15 = 5 h; rated 5.
  t({ origin: S1, cat: 'account', created: '2026-03-16T09:00', status: 'resolved', first: '2026-03-16T11:00', resolved: '2026-03-16T15:00', score: 5 });
  // T2: Mon 16-17 + Tue 08-10 = 3 h; resolved Wed 10:00 = 1 + 8 + 2 = 11 h less 2 h waited = 9 h; rated 3.
  t({ origin: S1, cat: 'account', created: '2026-03-16T16:00', status: 'closed', first: '2026-03-17T10:00', resolved: '2026-03-18T10:00', waited: 2 * H, score: 3 });
  // T3: made at lunch, answered 14:00 = 1 h; escalated once, overdue now.
  t({ origin: s2, cat: 'exams', created: '2026-03-17T12:30', status: 'answered', first: '2026-03-17T14:00', esc: 1, due: now - H });
  // T4: open, escalated twice, due in the future.
  t({ origin: s2, cat: 'exams', created: '2026-03-18T08:00', status: 'open', esc: 2, due: now + 1000 * H });
  // T5: made after hours on Thursday, answered Fri 09:00 = 1 h, resolved Fri 12:00 = 4 h; rated 4.
  t({ origin: s2, cat: 'account', created: '2026-03-19T17:30', status: 'resolved', first: '2026-03-20T09:00', resolved: '2026-03-20T12:00', score: 4 });
  // T9: breached at the ministry after three escalations; nothing due.
  t({ origin: S1, cat: 'account', created: '2026-03-20T09:00', status: 'open', esc: 3, breached: 1 });
  // Not in the district's report: a sibling district's, one before the period, one at its end.
  t({ origin: s3, cat: 'account', created: '2026-03-17T09:00', status: 'open', due: now - H });
  t({ origin: S1, cat: 'account', created: '2026-03-13T09:00', status: 'open', due: now - H });
  t({ origin: S1, cat: 'account', created: '2026-03-21T00:00', status: 'open', due: now - H });
});

const zero = [0, 0, 0, 0, 0];
const figures = (o) => ({
  open: o.open, overdue: o.overdue, breached: o.breached, created: o.created, resolved: o.resolved,
  escalated: o.escalated, escalation_rate: o.escalation_rate, median_first_answer_hours: o.median_first_answer_hours,
  median_resolution_hours: o.median_resolution_hours, satisfaction: o.satisfaction,
});
const report = (who, q) => api('GET', `/api/v1/support/reports?${q}`, { token: who.token });

test('a district\'s report, checked by hand in working hours', async () => {
  const res = await report(agentD, `org=${vn.district}&from=2026-03-16&to=2026-03-21`);
  assert.equal(res.status, 200, res.text);
  assertDocumented(res, '/api/v1/support/reports', 'GET');
  assert.deepEqual(res.json.org, { code: vn.district, name: `Test district ${vn.district}`, kind: 'district' });
  assert.equal(res.json.from, '2026-03-16T00:00:00.000+07:00');
  assert.equal(res.json.to, '2026-03-21T00:00:00.000+07:00');
  assert.deepEqual(figures(res.json.totals), {
    open: 3, overdue: 1, breached: 1, created: 6, resolved: 3, escalated: 3, escalation_rate: 0.5,
    median_first_answer_hours: 1.5, // 1, 1, 2, 3
    median_resolution_hours: 5, // 4, 5, 9
    satisfaction: { count: 3, mean: 4, distribution: [0, 0, 1, 1, 1] },
  });
  const kids = Object.fromEntries(res.json.children.map((c) => [c.org.code, c]));
  assert.deepEqual(Object.keys(kids).sort(), [vn.school, s2].sort());
  assert.equal(kids[vn.school].org.kind, 'school');
  assert.deepEqual(figures(kids[vn.school]), {
    open: 1, overdue: 0, breached: 1, created: 3, resolved: 2, escalated: 1, escalation_rate: 0.333,
    median_first_answer_hours: 2.5, median_resolution_hours: 7,
    satisfaction: { count: 2, mean: 4, distribution: [0, 0, 1, 0, 1] },
  });
  assert.deepEqual(figures(kids[s2]), {
    open: 2, overdue: 1, breached: 0, created: 3, resolved: 1, escalated: 2, escalation_rate: 0.667,
    median_first_answer_hours: 1, median_resolution_hours: 4,
    satisfaction: { count: 1, mean: 4, distribution: [0, 0, 0, 1, 0] },
  });
  const cats = Object.fromEntries(res.json.by_category.map((c) => [c.category.code, c]));
  assert.equal(res.json.by_category.length, 7);
  assert.equal(cats.account.category.names.vi, 'Tài khoản và đăng nhập');
  assert.deepEqual(figures(cats.account), {
    open: 1, overdue: 0, breached: 1, created: 4, resolved: 3, escalated: 1, escalation_rate: 0.25,
    median_first_answer_hours: 2, median_resolution_hours: 5,
    satisfaction: { count: 3, mean: 4, distribution: [0, 0, 1, 1, 1] },
  });
  assert.deepEqual(figures(cats.exams), {
    open: 2, overdue: 1, breached: 0, created: 2, resolved: 0, escalated: 2, escalation_rate: 1,
    median_first_answer_hours: 1, median_resolution_hours: null,
    satisfaction: { count: 0, mean: null, distribution: zero },
  });
  assert.deepEqual(figures(cats.fees), {
    open: 0, overdue: 0, breached: 0, created: 0, resolved: 0, escalated: 0, escalation_rate: null,
    median_first_answer_hours: null, median_resolution_hours: null,
    satisfaction: { count: 0, mean: null, distribution: zero },
  });
});

test('the province sees both districts; a period is [from, to)', async () => {
  const res = await report(officerP, `org=${vn.province}&from=2026-03-16T00:00:00%2B07:00&to=2026-03-21T00:00:00.000%2B07:00`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.totals.created, 7);
  const kids = Object.fromEntries(res.json.children.map((c) => [c.org.code, c.created]));
  assert.equal(kids[vn.district], 6);
  assert.equal(kids[d2], 1);
  // One millisecond more takes the ticket made at the end; Monday from 09:00 leaves the 09:00 one in.
  const more = await report(officerP, `org=${vn.province}&from=2026-03-16T09:00%2B07:00&to=2026-03-21T00:00:00.001%2B07:00`);
  assert.equal(more.json.totals.created, 8);
  // The school's report is its own tickets; a school has no children.
  const s = await report(agentS, `org=${vn.school}&from=2026-03-16&to=2026-03-21`);
  assert.equal(s.json.totals.created, 3);
  assert.deepEqual(s.json.children, []);
});

test('never sideways nor up; bad periods are refused', async () => {
  const q = `from=2026-03-16&to=2026-03-21`;
  assertProblem(await report(officerD2, `org=${vn.district}&${q}`), 403, 'out_of_scope', 'org');
  assertProblem(await report(agentD, `org=${d2}&${q}`), 403, 'out_of_scope', 'org');
  assertProblem(await report(agentD, `org=${vn.province}&${q}`), 403, 'out_of_scope', 'org');
  assertProblem(await report(agentS, `org=${vn.district}&${q}`), 403, 'out_of_scope', 'org');
  assertProblem(await report(teacher, `org=${vn.school}&${q}`), 403, 'forbidden');
  assertProblem(await api('GET', `/api/v1/support/reports?org=${vn.school}`), 401);
  assertProblem(await report({ token: root }, `org=NOPE-NOPE&${q}`), 404, 'unknown_org');
  assertProblem(await report(agentD, q), 422, 'required', 'org');
  assertProblem(await report(agentD, `org=${vn.district}&from=2026-03-21&to=2026-03-16`), 422, 'report_period', 'to');
  assertProblem(await report(agentD, `org=${vn.district}&from=2000-01-01&to=2026-03-16`), 422, 'report_period', 'to');
  assertProblem(await report(agentD, `org=${vn.district}&from=yesterday`), 422, 'invalid', 'from');
  // Without a period: the last 30 days up to now (none of the March tickets).
  const recent = await report(agentD, `org=${vn.district}`);
  assert.equal(recent.status, 200, recent.text);
  const span = Date.parse(recent.json.to) - Date.parse(recent.json.from);
  assert.equal(span, 30 * 24 * H);
  assert.match(recent.json.to, /\+07:00$/);
});
