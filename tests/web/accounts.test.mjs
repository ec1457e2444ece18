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
    // No staff menu for a guardian: home, the children, admissions, support (their own tickets).
    const nav = await page.getByRole('navigation').getByRole('link').allInnerTexts();
    assert.equal(nav.length, 4, nav.join(', '));
    assert.deepEqual(await page.getByRole('navigation').getByRole('link').evaluateAll((as) => as.map((a) => new URL(a.href).pathname)),
      ['/', '/children', '/admissions', '/support']);
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

test('parent accounts: a principal issues a grade\'s accounts and prints the sheet, right to left and left to right', async () => {
  // A small school of its own, so that the sheet has a few slips.
  const admin = await login('admin', PASSWORD);
  const school = uniq('IR-T').toUpperCase();
  const made = await api('POST', '/api/v1/orgs', { token: admin, body: { code: school, name: 'دبستان آزمون برگه', kind: 'school', parent: 'IR-THR-D01', level: 'primary', sector: 'public' } });
  assert.equal(made.status, 201, made.text);
  const now = new Date();
  const y = now.getUTCFullYear() - (now.getUTCMonth() < 8 ? 1 : 0);
  const kids = [['نرگس', 'رضایی', 'F'], ['آرش', 'کامرانی', 'M'], ['مینا', 'صالحی', 'F']];
  const ids = [];
  for (const [given, family, sex] of kids) {
    const r = await api('POST', '/api/v1/students', { token: admin, body: { country: 'IR', given_name: given, family_name: family, birth_date: '2018-03-01', sex, school, grade: 3, school_year: `${y}-${y + 1}` } });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const principal = `principal.${school.toLowerCase()}`;
  const r = cli(['user', 'add', '--db', DB, '--username', principal, '--role', 'school_admin', '--org', school, '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);

  const page = await newPage();
  await signIn(page, principal, 'fa');
  await page.getByRole('link', { name: 'صدور حساب اولیا' }).click();
  await page.getByRole('heading', { level: 1, name: 'صدور حساب اولیا' }).waitFor();
  // No grade: the field says so and takes focus; nothing is issued.
  await page.getByRole('button', { name: 'صدور حساب‌ها' }).click();
  await page.locator('#accounts-grade-error').waitFor();
  assert.ok(await page.locator('#accounts-grade').evaluate((el) => el === document.activeElement));
  await page.locator('#accounts-grade').fill('۳'); // Persian digit
  await page.locator('#accounts-relation').selectOption('mother');
  await page.getByRole('button', { name: 'صدور حساب‌ها' }).click();
  const slips = page.locator('li.slip');
  await page.getByRole('heading', { level: 2, name: new RegExp(`حساب‌های اولیا — ${school}`) }).waitFor();
  assert.equal(await slips.count(), 3);
  await page.getByRole('status').getByText('۳ حساب صادر شد.').waitFor();
  const sheet = [];
  for (let i = 0; i < 3; i++) {
    const slip = slips.nth(i);
    sheet.push({ text: await slip.innerText(), username: await slip.locator('.otc-user').innerText(), code: await slip.locator('.otc').innerText() });
  }
  for (const s of sheet) assert.match(s.code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  for (const [given, family] of kids) assert.ok(sheet.some((s) => s.text.includes(`${given} ${family}`)), `${given} ${family} has a slip`);
  assert.ok(sheet[0].text.includes('کد یک‌بارمصرف دارید؟'), 'the slip says where to type the code');

  // The print button prints; in print, only the sheet is left, slips in two columns from the right.
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.getByRole('button', { name: 'چاپ برگه' }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  await page.emulateMedia({ media: 'print' });
  const printed = async () => page.evaluate(() => ({
    bar: getComputedStyle(document.querySelector('.bar')).display,
    form: getComputedStyle(document.querySelector('form')).display,
    button: document.querySelector('#print-sheet').offsetParent === null,
    xs: [...document.querySelectorAll('li.slip')].slice(0, 2).map((el) => el.getBoundingClientRect().x),
    ys: [...document.querySelectorAll('li.slip')].slice(0, 2).map((el) => el.getBoundingClientRect().y),
  }));
  let p = await printed();
  assert.deepEqual([p.bar, p.form, p.button], ['none', 'none', true]);
  assert.equal(p.ys[0], p.ys[1], 'two slips side by side');
  assert.ok(p.xs[0] > p.xs[1], `rtl: the first slip is on the right (${p.xs})`);
  await shot(page, 'fa-accounts-sheet-print');
  // The same sheet in English, left to right (the codes are not issued again).
  await page.emulateMedia({ media: 'screen' });
  await page.locator('#lang').selectOption('en');
  await page.getByRole('button', { name: 'Print the sheet' }).waitFor();
  assert.equal(await slips.count(), 3);
  assert.equal(await slips.first().locator('.otc').innerText(), sheet[0].code);
  await page.emulateMedia({ media: 'print' });
  p = await printed();
  assert.ok(p.xs[0] < p.xs[1], `ltr: the first slip is on the left (${p.xs})`);
  await shot(page, 'en-accounts-sheet-print');
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'en-accounts-sheet');
  page.assertClean();
  await page.closeAll();

  // A code from the sheet works, and its account is the mother of that child only.
  const first = sheet[0];
  const red = await api('POST', '/api/v1/auth/redeem', { body: { username: first.username, code: first.code, new_password: 'mother-password-1' } });
  assert.equal(red.status, 200, red.text);
  const mine = (await api('GET', '/api/v1/students', { token: red.json.token })).json.items;
  assert.equal(mine.length, 1);
  assert.ok(first.text.includes(`${mine[0].given_name} ${mine[0].family_name}`));
  const g = (await api('GET', `/api/v1/students/${mine[0].id}/guardians`, { token: admin })).json.items;
  assert.deepEqual(g.map((x) => [x.username, x.relation]), [[first.username, 'mother']]);
});
