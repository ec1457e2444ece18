// Failed logins and code redemptions are throttled (docs/accounts.md):
// five failures of one account from one address block it, for 1 s at
// first, doubling, capped; other accounts are not affected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertProblem, newAccount, login } from '../lib.mjs';

const wait = (s) => new Promise((r) => setTimeout(r, s * 1000));

test('five wrong passwords: 429 with Retry-After, even for the right one; then back-off', async () => {
  const u = newAccount('ministry_admin');
  const other = newAccount('ministry_admin');
  for (let i = 0; i < 5; i++) {
    assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: `wrong-${i}-pw` } }), 401, 'invalid_credentials');
  }
  const blocked = await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
  assertProblem(blocked, 429, 'too_many_attempts');
  const after = Number(blocked.headers.get('retry-after'));
  assert.ok(after >= 1 && after <= 900, `Retry-After ${after}`);
  // Another account from the same address is not held up.
  assert.ok(await login(other.username, other.password));
  await wait(after + 0.2);
  // Once the block ends a wrong password doubles it...
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: 'wrong again' } }), 401, 'invalid_credentials');
  const longer = await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
  assertProblem(longer, 429, 'too_many_attempts');
  assert.ok(Number(longer.headers.get('retry-after')) >= 2 * after - 1, longer.headers.get('retry-after'));
  await wait(Number(longer.headers.get('retry-after')) + 0.2);
  // ...and the right one clears it.
  assert.ok(await login(u.username, u.password));
  assertProblem(await api('POST', '/api/v1/auth/login', { body: { username: u.username, password: 'one slip' } }), 401, 'invalid_credentials');
  assert.ok(await login(u.username, u.password));
});

test('wrong one-time codes are throttled too', async () => {
  const u = newAccount('ministry_admin');
  for (let i = 0; i < 5; i++) {
    assertProblem(await api('POST', '/api/v1/auth/redeem', { body: { username: u.username, code: 'ABCD-EFGH-JKMN', new_password: 'whatever pw' } }), 401, 'invalid_code');
  }
  // The first block lasts a second: on a slow machine (ASan, a busy CI) it
  // may end before the next try reaches the server, and that try's failure
  // doubles it, so a 429 must come within three more tries.
  let blocked;
  for (let i = 0; i < 3; i++) {
    blocked = await api('POST', '/api/v1/auth/redeem', { body: { username: u.username, code: 'ABCD-EFGH-JKMN', new_password: 'whatever pw' } });
    if (blocked.status !== 401) break;
    assertProblem(blocked, 401, 'invalid_code');
  }
  assertProblem(blocked, 429, 'too_many_attempts');
  assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
});
