// The staff users API, one-time codes and bulk issuing by a school.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, admin, assertProblem, login, loginRaw, newAccount, userWithRole, school as makeSchool, studentBody, uniq, dbQuery,
} from '../lib.mjs';

const CODE = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;

async function schoolAdmin() {
  const t = await admin();
  const sc = await makeSchool(t);
  const sa = await userWithRole('school_admin', sc.school);
  return { ...sc, sa };
}

test('a school admin creates a teacher in their school; the code sets a password once', async () => {
  const { school, sa } = await schoolAdmin();
  const username = uniq('t').toLowerCase();
  const res = await api('POST', '/api/v1/users', { token: sa.token, body: { username, role: 'teacher', org: school } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.username, username);
  assert.equal(res.json.role, 'teacher');
  assert.equal(res.json.org, school);
  assert.match(res.json.code, CODE);
  assert.ok(Date.parse(res.json.expires_at) > Date.now() + 86400e3);
  assert.equal(res.json.password, undefined);
  // No password yet: nothing logs in.
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username, password: '!' } }), 401, 'invalid_credentials');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username, password: 'anything at all' } }), 401, 'invalid_credentials');
  // The code, typed loosely, with a too short password: refused before use.
  const typed = res.json.code.toLowerCase().replaceAll('-', ' ');
  assertProblem(await api('POST', '/api/v1/auth/redeem', { body: { username, code: typed, new_password: 'short' } }), 422, 'too_short', 'new_password');
  const ok = await api('POST', '/api/v1/auth/redeem', { body: { username, code: typed, new_password: 'teacher password 1' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.must_change_password, false);
  assert.ok(ok.json.csrf_token);
  const me = await api('GET', '/api/v1/auth/me', { token: ok.json.token });
  assert.deepEqual(me.json.roles, [{ role: 'teacher', org: school }]);
  assert.ok(await login(username, 'teacher password 1'));
  // Single use.
  assertProblem(await api('POST', '/api/v1/auth/redeem', { body: { username, code: res.json.code, new_password: 'another password' } }), 401, 'invalid_code', 'code');
});

test('staff cannot grant a role above their own or outside their subtree', async () => {
  const { school, district, sa } = await schoolAdmin();
  const other = await makeSchool(await admin());
  const mk = (role, org) => api('POST', '/api/v1/users', { token: sa.token, body: { username: uniq('x').toLowerCase(), role, org } });
  assertProblem(await mk('district_officer', district), 403, 'out_of_scope');
  assertProblem(await mk('district_officer', school), 403, 'out_of_scope');
  assertProblem(await mk('teacher', other.school), 403, 'out_of_scope');
  assertProblem(await mk('ministry_admin'), 403, 'out_of_scope');
  assertProblem(await mk('teacher'), 422, 'required', 'org');
  assertProblem(await mk('wizard', school), 422, 'invalid', 'role');
  assertProblem(await mk('teacher', 'NO-SUCH-ORG'), 422, 'unknown_org', 'org');
  assert.equal((await mk('school_admin', school)).status, 201); // at their own rank
  const teacher = await userWithRole('teacher', school);
  assertProblem(await api('POST', '/api/v1/users', { token: teacher.token, body: { username: uniq('y').toLowerCase(), role: 'guardian', org: school } }), 403, 'forbidden');
  const dup = await api('POST', '/api/v1/users', { token: sa.token, body: { username: teacher.username, role: 'teacher', org: school } });
  assertProblem(dup, 409, 'duplicate_username', 'username');
});

test('listing accounts of a subtree is filtered by scope', async () => {
  const { school, district, sa } = await schoolAdmin();
  const made = await api('POST', '/api/v1/users', { token: sa.token, body: { username: uniq('l').toLowerCase(), role: 'teacher', org: school } });
  const list = await api('GET', `/api/v1/users?org=${school}`, { token: sa.token });
  assert.equal(list.status, 200, list.text);
  const names = list.json.items.map((u) => u.username);
  assert.ok(names.includes(made.json.username));
  assert.ok(names.includes(sa.username));
  const item = list.json.items.find((u) => u.username === made.json.username);
  assert.deepEqual(item.roles, [{ role: 'teacher', org: school }]);
  assert.equal(item.disabled, false);
  // Default: the caller's own subtree.
  const mine = await api('GET', '/api/v1/users', { token: sa.token });
  assert.ok(mine.json.items.some((u) => u.username === made.json.username));
  // Paging.
  const page = await api('GET', `/api/v1/users?org=${school}&limit=1`, { token: sa.token });
  assert.equal(page.json.items.length, 1);
  assert.equal(typeof page.json.next, 'number');
  const rest = await api('GET', `/api/v1/users?org=${school}&after=${page.json.next}`, { token: sa.token });
  assert.ok(!rest.json.items.some((u) => u.id === page.json.items[0].id));
  assertProblem(await api('GET', `/api/v1/users?org=${district}`, { token: sa.token }), 403, 'out_of_scope', 'org');
  assertProblem(await api('GET', `/api/v1/users?limit=0`, { token: sa.token }), 422, 'out_of_range', 'limit');
});

test('disable ends the sessions and refuses logins; enable restores; out of scope is 404', async () => {
  const { school, sa } = await schoolAdmin();
  const t = await userWithRole('teacher', school);
  assert.equal((await api('POST', `/api/v1/users/${t.username}/disable`, { token: sa.token })).status, 204);
  assertProblem(await api('GET', '/api/v1/auth/me', { token: t.token }), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: t.username, password: t.password } }), 401, 'invalid_credentials');
  const got = await api('GET', `/api/v1/users/${t.username}`, { token: sa.token });
  assert.equal(got.json.disabled, true);
  assert.equal((await api('POST', `/api/v1/users/${t.username}/enable`, { token: sa.token })).status, 204);
  assert.ok(await login(t.username, t.password));
  // Someone above, or elsewhere: as if absent.
  const boss = newAccount('ministry_admin');
  assertProblem(await api('POST', `/api/v1/users/${boss.username}/disable`, { token: sa.token }), 404, 'not_found');
  assertProblem(await api('GET', `/api/v1/users/${boss.username}`, { token: sa.token }), 404, 'not_found');
  assertProblem(await api('POST', `/api/v1/users/${sa.username}/disable`, { token: sa.token }), 422, 'self');
});

test('a reset code replaces the password and ends the old sessions', async () => {
  const { school, sa } = await schoolAdmin();
  const t = await userWithRole('teacher', school);
  const first = await api('POST', `/api/v1/users/${t.username}/reset-code`, { token: sa.token });
  const second = await api('POST', `/api/v1/users/${t.username}/reset-code`, { token: sa.token });
  assert.equal(second.status, 200, second.text);
  assert.match(second.json.code, CODE);
  // The old password works until the code is redeemed.
  assert.ok(await login(t.username, t.password));
  // A newer code ends the earlier one.
  assertProblem(await api('POST', '/api/v1/auth/redeem', { body: { username: t.username, code: first.json.code, new_password: 'new teacher pw' } }), 401, 'invalid_code');
  const ok = await api('POST', '/api/v1/auth/redeem', { body: { username: t.username, code: second.json.code, new_password: 'new teacher pw' } });
  assert.equal(ok.status, 200, ok.text);
  assertProblem(await api('GET', '/api/v1/auth/me', { token: t.token }), 401, 'unauthorized');
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: t.username, password: t.password } }), 401, 'invalid_credentials');
  // The same answer for an unknown user.
  assertProblem(await api('POST', '/api/v1/auth/redeem', { body: { username: 'nobody-here', code: second.json.code, new_password: 'whatever pw' } }), 401, 'invalid_code');
});

async function enrolled(token, schoolCode, n, grade = 4) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const st = await api('POST', '/api/v1/students', { token, body: studentBody(schoolCode, { grade }) });
    assert.equal(st.status, 201, st.text);
    ids.push(st.json.id);
  }
  return ids;
}

test('bulk guardian accounts are linked to the children; the codes work', async () => {
  const { school, sa } = await schoolAdmin();
  const ids = await enrolled(sa.token, school, 3);
  const res = await api('POST', `/api/v1/orgs/${school}/accounts`, { token: sa.token, body: { role: 'guardian', students: ids, relation: 'mother' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.created, 3);
  assert.deepEqual(res.json.items.map((i) => i.student), ids);
  for (const it of res.json.items) {
    assert.match(it.code, CODE);
    assert.match(it.username, new RegExp(`^g${it.student}-[a-z2-9]{4}$`));
    assert.equal(it.grade, 4);
    assert.ok(it.family_name.startsWith('Ahmadi'));
  }
  const links = dbQuery(`SELECT g.person_id, g.relation FROM guardians g JOIN users u ON u.id = g.user_id WHERE u.username = '${res.json.items[0].username}'`);
  assert.deepEqual(links, [[String(ids[0]), 'mother']]);
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username: res.json.items[1].username, code: res.json.items[1].code, new_password: 'guardian pw 1' } });
  assert.equal(red.status, 200, red.text);
  const me = await api('GET', '/api/v1/auth/me', { token: red.json.token });
  assert.deepEqual(me.json.roles, [{ role: 'guardian', org: school }]);
  assert.equal(me.json.person_id, null);
});

test('bulk student accounts by grade carry person_id; a second run skips them; CSV sheet', async () => {
  const { school, sa } = await schoolAdmin();
  const ids = await enrolled(sa.token, school, 2, 9);
  await enrolled(sa.token, school, 1, 8);
  const csv = await api('POST', `/api/v1/orgs/${school}/accounts`, { token: sa.token, body: { role: 'student', grade: 9 }, headers: { accept: 'text/csv' } });
  assert.equal(csv.status, 201, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'student,family_name,given_name,grade,username,code,expires_at');
  assert.equal(lines.length, 3);
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(rows.map((r) => Number(r[0])).sort(), [...ids].sort());
  for (const r of rows) { assert.equal(r[3], '9'); assert.match(r[5], CODE); }
  const [sid, , , , username, code] = rows[0];
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username, code, new_password: 'student pw 1' } });
  assert.equal(red.status, 200, red.text);
  const me = await api('GET', '/api/v1/auth/me', { token: red.json.token });
  assert.equal(me.json.person_id, Number(sid));
  assert.deepEqual(me.json.roles, [{ role: 'student', org: school }]);
  const again = await api('POST', `/api/v1/orgs/${school}/accounts`, { token: sa.token, body: { role: 'student', students: ids } });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.created, 0);
  assert.deepEqual(again.json.skipped.map((s) => s.reason), ['has_account', 'has_account']);
});

test('bulk issuing checks its input and scope', async () => {
  const { school, district, sa } = await schoolAdmin();
  const other = await makeSchool(await admin());
  const elsewhere = await enrolled(await admin(), other.school, 1);
  const mine = await enrolled(sa.token, school, 1);
  const go = (code, body) => api('POST', `/api/v1/orgs/${code}/accounts`, { token: sa.token, body });
  const bad = await go(school, { role: 'guardian', students: [...mine, ...elsewhere] });
  assertProblem(bad, 422, 'unknown_student', 'students');
  assert.equal(bad.json.student, elsewhere[0]);
  assert.equal(dbQuery(`SELECT count(*) FROM guardians WHERE person_id = ${mine[0]}`)[0][0], '0', 'all or nothing');
  assertProblem(await go(school, { role: 'teacher', students: mine }), 422, 'invalid', 'role');
  assertProblem(await go(school, { role: 'guardian' }), 422, 'required', 'students');
  assertProblem(await go(school, { role: 'guardian', students: mine, grade: 4 }), 422, 'invalid', 'grade');
  assertProblem(await go(school, { role: 'guardian', students: ['x'] }), 422, 'type', 'students');
  assertProblem(await go(school, { role: 'guardian', students: mine, relation: 'uncle' }), 422, 'invalid', 'relation');
  assertProblem(await go(other.school, { role: 'guardian', students: elsewhere }), 403, 'out_of_scope');
  assertProblem(await go(district, { role: 'guardian', students: mine }), 403, 'out_of_scope');
  const national = await api('POST', `/api/v1/orgs/${district}/accounts`, { token: await admin(), body: { role: 'guardian', students: mine } });
  assertProblem(national, 422, 'not_a_school');
});
