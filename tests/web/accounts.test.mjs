// Accounts, guardians and the audit trail in chromium against a real server:
// the forced first password change, redeeming a one-time code, a guardian who
// sees only their linked child, and "who read my child's record".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, signIn, shot, closeBrowser, settled, api, login, cli, uniq, LANGS, PASSWORD, DB,
} from './lib.mjs';

after(closeBrowser);

const SCHOOL = 'IR-THR-S0101';

/** An account made on the command line (as an operator would), with PASSWORD. */
function addUser(username, role, extra = []) {
  const r = cli(['user', 'add', '--db', DB, '--username', username, '--role', role, '--org', SCHOOL,
    '--password-stdin', ...extra], `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);
}

test('first login: an account made with --must-change-password must change it before anything else', async () => {
  const user = uniq('first.').toLowerCase();
  addUser(user, 'teacher', ['--must-change-password']);
  const fresh = 'a-new-password-2026';
  const page = await newPage();
  page.expectHttpError(/\/api\/v1\/auth\/password$/); // the 403 wrong_password this test provokes
  await page.goto('/?lang=en');
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  // The password screen, not the home: with its reason, and the home is not reachable.
  await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Choose a new password before you go on.' }).waitFor();
  await page.goto('/students?lang=en');
  await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: /Welcome/ }).count(), 0);
  // The server agrees: the session is restricted.
  const token = await login(user, PASSWORD);
  const blocked = await api('GET', '/api/v1/students', { token });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.code, 'password_change_required');

  // Mismatched new passwords stay in the browser, beside the field.
  await page.locator('#current-password').fill(PASSWORD);
  await page.locator('#new-password').fill(fresh);
  await page.locator('#new-password-again').fill(fresh + 'x');
  await page.locator('form button[type=submit]').click();
  await page.locator('#new-password-again-error').getByText('The two new passwords differ.').waitFor();
  // A wrong current password: the server's 403, in the reader's language.
  await page.locator('#current-password').fill('not-the-password');
  await page.locator('#new-password-again').fill(fresh);
  await page.locator('form button[type=submit]').click();
  await page.getByText('The current password is not right.').waitFor();
  await page.locator('#current-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  // Then the screen that was asked for opens, and the rest of the app with it.
  await page.getByRole('heading', { level: 1, name: `Students of ${SCHOOL}` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await page.getByRole('heading', { level: 1, name: `Welcome, ${user}` }).waitFor();

  // The old password is gone, the new one opens an unrestricted session.
  assert.equal((await api('POST', '/api/v1/auth/login', { body: { username: user, password: PASSWORD } })).status, 401);
  const me = (await api('GET', '/api/v1/auth/me', { token: await login(user, fresh) })).json;
  assert.equal(me.must_change_password, false);
  page.assertClean();
  await page.closeAll();
});

test('redeem: a one-time code from the school sets the password and signs in (wrong code first)', async () => {
  const principal = await login('principal.beheshti', PASSWORD);
  const user = uniq('parent.').toLowerCase();
  const made = await api('POST', '/api/v1/users', { token: principal, body: { username: user, role: 'guardian', org: SCHOOL } });
  assert.equal(made.status, 201, made.text);
  const { code } = made.json;
  assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  const page = await newPage();
  page.expectHttpError(/\/api\/v1\/auth\/redeem$/); // the 401 invalid_code this test provokes
  await page.goto('/?lang=vi');
  await page.locator('#username').waitFor();
  // From the sign-in screen, by keyboard.
  const link = page.getByRole('link', { name: 'Có mã dùng một lần? Đặt mật khẩu' });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Đặt mật khẩu bằng mã' }).waitFor();
  assert.match(page.url(), /\/redeem\?lang=vi$/);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input')]
    .filter((el) => !el.labels?.length).map((el) => el.id));
  assert.deepEqual(unlabelled, []);

  await page.locator('#redeem-username').fill(user);
  await page.locator('#redeem-code').fill('2222-3333-4444');
  await page.locator('#new-password').fill('parent-password-1');
  await page.locator('#new-password-again').fill('parent-password-1');
  await page.locator('form button[type=submit]').click();
  const err = page.locator('#redeem-code-error');
  await err.waitFor();
  assert.equal(await err.innerText(), 'Mã này không đúng, đã được dùng hoặc đã hết hạn.');
  assert.equal(await page.locator('#redeem-code').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('#redeem-code').evaluate((el) => el === document.activeElement));

  // Lower case and spaces instead of hyphens: the server ignores both.
  await page.locator('#redeem-code').fill(code.toLowerCase().replace(/-/g, ' '));
  await page.locator('form button[type=submit]').click();
  await page.locator('.who').getByText(user).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Con của tôi' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  // The code is spent; the chosen password works.
  const again = await api('POST', '/api/v1/auth/redeem', { body: { username: user, code, new_password: 'another-password-2' } });
  assert.equal(again.status, 401);
  assert.ok(await login(user, 'parent-password-1'));
  page.assertClean();
  await page.closeAll();
});

test('guardian: sees only the linked child, and who read the record (the principal)', async () => {
  const principal = await login('principal.beheshti', PASSWORD);
  const [child, other] = (await api('GET', `/api/v1/students?school=${SCHOOL}&grade=4&limit=2`, { token: principal })).json.items;
  const user = uniq('mother.').toLowerCase();
  addUser(user, 'guardian');
  const link = await api('POST', `/api/v1/students/${child.id}/guardians`, { token: principal, body: { username: user, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  // The principal reads the child's record: that read is what the mother will see.
  assert.equal((await api('GET', `/api/v1/students/${child.id}`, { token: principal })).status, 200);

  for (const lang of LANGS) {
    const page = await newPage();
    await signIn(page, user, lang);
    await settled(page);
    const cards = page.locator('li.child');
    assert.equal(await cards.count(), 1, 'exactly one child');
    assert.match(await cards.first().innerText(), new RegExp(`${child.given_name} ${child.family_name}`));
    // No staff menu for a guardian.
    const nav = await page.getByRole('navigation').getByRole('link').allInnerTexts();
    assert.equal(nav.length, 2, nav.join(', '));
    await shot(page, `${lang}-guardian-home`);

    await cards.first().locator('a[href*="/audit"]').click();
    await page.locator('table tbody tr').first().waitFor();
    await settled(page);
    const rows = page.locator('table tbody tr');
    const texts = await rows.allInnerTexts();
    const read = texts.filter((x) => x.includes('principal.beheshti'));
    assert.ok(read.length >= 1, texts.join('\n'));
    const readLabel = { en: 'Read the record', fa: 'دیدن پرونده', vi: 'Xem hồ sơ' }[lang];
    assert.ok(read.some((x) => x.includes(readLabel)), `${lang}: ${read.join(' | ')}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await shot(page, `${lang}-guardian-audit`);
    page.assertClean();
    await page.closeAll();
  }

  // Only the linked child: another student of the same school is "not found" to the mother.
  const mine = await login(user, PASSWORD);
  const list = (await api('GET', '/api/v1/students?limit=50', { token: mine })).json.items;
  assert.deepEqual(list.map((s) => s.id), [child.id]);
  const page = await newPage();
  page.expectHttpError(new RegExp(`/api/v1/students/${other.id}(/|$)`)); // the 404 this test provokes
  await signIn(page, user, 'en');
  await page.goto(`/students/${other.id}?lang=en`);
  await settled(page);
  assert.equal(await page.getByText(`${other.given_name} ${other.family_name}`).count(), 0);
  await page.getByText('Not found.').first().waitFor();
  page.assertClean();
  await page.closeAll();
  // ...and that refused read is itself on the other child's trail, for the principal.
  const trail = (await api('GET', `/api/v1/audit?student=${other.id}&limit=50`, { token: principal })).json.items;
  assert.ok(trail.some((a) => a.username === user && a.allowed === false), JSON.stringify(trail.slice(0, 3)));
});
