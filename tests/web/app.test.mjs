// The web app in chromium against a real server filled by `tabula demo`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, signIn, shot, closeBrowser, settled, assertNoHorizontalScroll, api, login, cli,
  irCode, LANGS, PASSWORD,
} from './lib.mjs';

after(closeBrowser);

test('sign-in: a wrong password is refused beside the form, the right one opens the home', async () => {
  const page = await newPage();
  page.expectHttpError(/\/api\/v1\/auth\/login$/);
  await page.goto('/?lang=en');
  await page.locator('#username').fill('principal.beheshti');
  await page.locator('#password').fill('not-the-password');
  await page.locator('form button[type=submit]').click();
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'not right' }).waitFor());
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.getByRole('heading', { level: 1, name: 'Welcome, principal.beheshti' }).waitFor();
  // The school's panel with its count of students.
  await page.getByRole('heading', { level: 2, name: /IR-THR-S0101/ }).waitFor();
  assert.match(await page.locator('.big-count').first().innerText(), /\d students enrolled/);
  // The session survives a reload (the HttpOnly cookie; nothing in storage but a flag).
  await page.reload();
  await page.locator('.who').waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.doesNotMatch(stored, /token/i);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#username').waitFor();
  page.assertClean();
  await page.closeAll();
});

test('search: a school list pages with `after`, a national id in Persian digits finds its student', async () => {
  const page = await newPage();
  await signIn(page, 'principal.beheshti', 'en');
  await page.getByRole('navigation').getByRole('link', { name: 'Students' }).click();
  const rows = page.locator('table.students tbody tr');
  // The list is there once its 25 rows are (settled() alone may look before the screen changes).
  await page.waitForFunction(() => document.querySelectorAll('table.students tbody tr').length === 25);
  await settled(page);
  assert.equal(await rows.count(), 25);
  await page.getByRole('button', { name: 'Show more' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.students tbody tr').length === 50);

  const token = await login('principal.beheshti', PASSWORD);
  const one = (await api('GET', '/api/v1/students?school=IR-THR-S0101&limit=1', { token })).json.items[0];
  const persian = one.national_id.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
  await page.locator('#q').fill(persian);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.students tbody tr').length === 1);
  await settled(page);
  assert.match(page.url(), new RegExp(`q=${one.national_id}`));
  assert.equal(await rows.count(), 1);
  await rows.first().getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: `${one.given_name} ${one.family_name}` }).waitFor();
  page.assertClean();
  await page.closeAll();
});

test('profile: the lifelong history lists every enrolment', async () => {
  const page = await newPage();
  await signIn(page, 'principal.beheshti', 'en');
  const token = await login('principal.beheshti', PASSWORD);
  const s = (await api('GET', '/api/v1/students?school=IR-THR-S0101&grade=5&limit=1', { token })).json.items[0];
  const h = (await api('GET', `/api/v1/students/${s.id}/history`, { token })).json;
  await page.goto(`/students/${s.id}?lang=en`);
  await page.getByRole('heading', { level: 2, name: 'School history' }).waitFor();
  await settled(page);
  const rows = page.locator('section[aria-labelledby="enrolments-h"] tbody tr');
  assert.equal(await rows.count(), h.enrolments.length);
  assert.ok(h.enrolments.length >= 2, 'a fifth-grader of the demo school has earlier years');
  assert.equal(await page.locator('tr.current').count(), 1);
  page.assertClean();
  await page.closeAll();
});

test('student form: a bad national code shows the API message beside the field', async () => {
  const page = await newPage();
  page.expectHttpError(/\/api\/v1\/students$/); // the 422 this test provokes
  await signIn(page, 'principal.beheshti', 'fa');
  await page.goto('/students/new?lang=fa');
  await page.locator('#f-national_id').fill('۰۰۱۲۳۴۵۶۷۸'); // checksum wrong, in Persian digits
  await page.locator('#f-given_name').fill('سارا');
  await page.locator('#f-family_name').fill('آزمون فرم');
  await page.locator('#f-birth_date').fill('۱۳۹۶/۰۱/۱۳');
  await page.locator('#f-grade').fill('۳');
  await page.locator('form button[type=submit]').click();
  const err = page.locator('#f-national_id-error');
  await err.waitFor();
  assert.match(await err.innerText(), /رقم کنترل/);
  const input = page.locator('#f-national_id');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await input.getAttribute('aria-describedby'), /\bf-national_id-error\b/);
  assert.ok(await input.evaluate((el) => el === document.activeElement), 'the field at fault takes focus');
  await shot(page, 'fa-student-form-error');

  const nid = irCode();
  await input.fill(nid.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))); // Arabic-Indic
  await page.locator('form button[type=submit]').click();
  await page.getByRole('heading', { level: 1, name: 'سارا آزمون فرم' }).waitFor();
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const token = await login('principal.beheshti', PASSWORD);
  const s = (await api('GET', `/api/v1/students/${id}`, { token })).json;
  assert.equal(s.national_id, nid);
  assert.equal(s.birth_date, '2017-04-02'); // 13 Farvardin 1396
  assert.equal(s.grade, 3);
  page.assertClean();
  await page.closeAll();
});

test('import: the progress bar reaches 100 % and the error report downloads', async () => {
  const page = await newPage();
  await signIn(page, 'principal.beheshti', 'en');
  const header = 'national_id,country,given_name,family_name,birth_date,sex,school,grade,school_year';
  const lines = [header];
  for (let i = 0; i < 300; i++) lines.push(`${irCode()},IR,Reza,Import ${i},2018-05-0${1 + (i % 9)},M,IR-THR-S0101,2,2026-2027`);
  lines.push('0012345678,IR,Bad,Checksum,2018-05-01,M,IR-THR-S0101,2,2026-2027');
  lines.push(',IR,No,School,2018-05-01,F,NOPE,2,2026-2027');
  await page.goto('/import?lang=en');
  await page.locator('#csv').setInputFiles({ name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const bar = page.locator('progress#progress');
  await bar.waitFor();
  await page.waitForFunction(() => document.querySelector('progress#progress')?.value === 100);
  await page.getByText('The import is finished.').waitFor();
  assert.equal(await page.locator('#progress-text').innerText(), '100%');
  assert.match(await page.locator('.job').innerText(), /302 of 302 rows: 300 stored, 2 with errors/);
  const link = page.getByRole('link', { name: 'Download the error report' });
  const href = await link.getAttribute('href');
  const report = await page.request.get(href);
  assert.equal(report.status(), 200);
  const text = await report.text();
  assert.match(text, /^line,field,code,message/);
  assert.match(text, /\n302,national_id,check_digit,/);
  await shot(page, 'en-import-done');
  page.assertClean();
  await page.closeAll();
});

test('transfers: the receiving school asks, the sending school approves', async () => {
  // A second principal, at a school of the same district and level as VN-HN-BD03.
  const admin = await login('admin', PASSWORD);
  const bd03 = (await api('GET', '/api/v1/orgs/VN-HN-BD03', { token: admin })).json;
  const schools = [];
  for (const d of (await api('GET', '/api/v1/orgs/VN-HN/children', { token: admin })).json.items) {
    schools.push(...(await api('GET', `/api/v1/orgs/${d.code}/children`, { token: admin })).json.items);
  }
  const from = schools.find((o) => o.code !== bd03.code && o.level === bd03.level && o.students > 0);
  assert.ok(from, 'another upper secondary school in Hà Nội');
  const student = (await api('GET', `/api/v1/students?school=${from.code}&limit=1`, { token: admin })).json.items[0];
  const approver = `principal.${from.code.toLowerCase()}`;
  const r = cli(['user', 'add', '--db', process.env.TABULA_DB, '--username', approver, '--role', 'school_admin',
    '--org', from.code, '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);

  const page = await newPage();
  await signIn(page, 'principal.pdp', 'vi');
  await page.getByRole('navigation').getByRole('link', { name: 'Chuyển trường' }).click();
  await page.locator('#ask-id').fill(String(student.id));
  await page.locator('#ask-id').press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Đề nghị chuyển trường' }).waitFor();
  assert.equal(await page.locator('#to_school').inputValue(), 'VN-HN-BD03');
  await page.locator('form button[type=submit]').click();
  const asked = page.locator('li.transfer').filter({ hasText: String(student.id) });
  await asked.getByText('Đang chờ').waitFor();
  assert.match(await asked.innerText(), /chuyển đến/);
  page.assertClean();
  await page.closeAll();

  const page2 = await newPage();
  await signIn(page2, approver, 'vi');
  await page2.getByRole('navigation').getByRole('link', { name: 'Chuyển trường' }).click();
  const item = page2.locator('li.transfer').filter({ hasText: `${student.id}` });
  await item.getByRole('button', { name: 'Phê duyệt' }).click();
  await page2.waitForFunction(() => !document.querySelector('li.transfer button'));
  const t = (await api('GET', `/api/v1/transfers?school=VN-HN-BD03&status=approved`, { token: admin })).json;
  assert.ok(t.items.some((x) => x.student === student.id));
  page2.assertClean();
  await page2.closeAll();
});

test('languages: ?lang= and the switcher set lang, direction, digits and calendar', async () => {
  const page = await newPage();
  await page.goto('/?lang=vi');
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['vi', 'ltr']);
  await page.locator('#lang').selectOption('fa');
  await page.getByRole('heading', { name: 'ورود' }).waitFor();
  assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['fa', 'rtl']);
  assert.match(page.url(), /lang=fa/);
  // Right-to-left for real: the brand sits at the right edge.
  const box = await page.locator('.brand').boundingBox();
  assert.ok(box.x > 640, `brand at x=${box.x} in rtl`);
  await signIn(page, 'tehran', 'fa', '/orgs/IR-THR');
  await settled(page);
  const count = await page.locator('.big-count').innerText();
  assert.match(count, /^[۰-۹٬]+ دانش‌آموز/, count);
  await page.goto('/?lang=fa');
  await settled(page);
  const today = await page.locator('.card .meta').nth(1).innerText();
  const persianYear = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric' }).format(new Date());
  assert.ok(today.includes(persianYear.replace(/[^۰-۹]/g, '')), `${today} is in the Solar Hijri calendar`);
  await page.locator('#lang').selectOption('en');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  page.assertClean();
  await page.closeAll();
});

test('360 px wide: no screen scrolls sideways', async () => {
  for (const lang of ['fa', 'en']) {
    const page = await newPage({ width: 360, height: 740 });
      await page.goto(`/?lang=${lang}`);
    await page.locator('#username').waitFor();
    await assertNoHorizontalScroll(page, `${lang} login`);
    await page.goto(`/redeem?lang=${lang}`);
    await page.locator('#redeem-code').waitFor();
    await assertNoHorizontalScroll(page, `${lang} redeem`);
    await page.goto(`/?lang=${lang}`);
    await signIn(page, 'principal.beheshti', lang);
    for (const where of ['/', '/students', '/students/1', '/students/new', '/import', '/transfers', '/accounts', '/orgs/IR-THR-S0101']) {
      await page.goto(`${where}?lang=${lang}`);
      await page.locator('h1').first().waitFor({ timeout: 5000 });
      await settled(page);
      await assertNoHorizontalScroll(page, `${lang} ${where}`);
    }
    await shot(page, `${lang}-360-tree`);
    page.assertClean();
    await page.closeAll();
  }
});

test('keyboard only: skip link, visible focus, sign in with Enter', async () => {
  const page = await newPage();
  await page.goto('/?lang=en');
  await page.locator('#username').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  // Every control has a label.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((el) => !el.labels?.length && !el.getAttribute('aria-label')).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await page.locator('#username').focus();
  await page.keyboard.type('teacher.beheshti');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('.who').waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'a new screen focuses its heading');
  page.assertClean();
  await page.closeAll();
});

test('CSRF: writes carry X-CSRF-Token from the real tabula_csrf cookie; the session is an HttpOnly cookie', async () => {
  const page = await newPage();
  page.expectHttpError(/\/api\/v1\/auth\/logout-all$/); // the 403 csrf this test provokes
  page.expectHttpError(/\/api\/v1\/auth\/me$/); // the 401 after signing out
  const sent = [];
  page.on('request', (r) => { if (r.method() !== 'GET') sent.push([r.method(), new URL(r.url()).pathname, r.headers()['x-csrf-token'], r.headers().authorization]); });
  await signIn(page, 'principal.beheshti', 'en');
  const cookies = Object.fromEntries((await page.context().cookies()).map((c) => [c.name, c]));
  assert.ok(cookies.tabula_session?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(cookies.tabula_session.sameSite, 'Strict');
  assert.equal(cookies.tabula_csrf?.httpOnly, false, 'the CSRF cookie is readable by the page');
  const csrf = cookies.tabula_csrf.value;
  assert.ok(csrf.length >= 32, csrf);
  assert.equal(await page.evaluate(() => document.cookie.includes('tabula_session')), false);
  // The server means it: a cookie-authenticated write without the header is refused.
  const bare = await page.evaluate(() => fetch('/api/v1/auth/logout-all', { method: 'POST', credentials: 'same-origin' })
    .then(async (r) => [r.status, (await r.json()).code]));
  assert.deepEqual(bare, [403, 'csrf']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#username').waitFor();
  const logout = sent.find(([, p]) => p === '/api/v1/auth/logout');
  assert.deepEqual(logout, ['POST', '/api/v1/auth/logout', csrf, undefined]);
  const login = sent.find(([, p]) => p === '/api/v1/auth/login');
  assert.equal(login[3], undefined, 'no Authorization header, ever');
  // Signed out for real: the cookie session no longer answers.
  const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
  assert.equal(me, 401);
  page.assertClean();
  await page.closeAll();
});

test('screenshots of the main screens in fa, vi and en', async () => {
  const token = await login('principal.beheshti', PASSWORD);
  const s = (await api('GET', '/api/v1/students?school=IR-THR-S0101&grade=6&limit=1', { token })).json.items[0];
  for (const lang of LANGS) {
    const page = await newPage();
      await page.goto(`/?lang=${lang}`);
    await page.locator('#username').waitFor();
    await shot(page, `${lang}-login`);
    await signIn(page, 'principal.beheshti', lang);
    await settled(page);
    await shot(page, `${lang}-home`);
    const screens = [
      ['students', '/students'],
      ['profile', `/students/${s.id}`],
      ['new-student', '/students/new'],
      ['transfers', '/transfers'],
      ['import', '/import'],
      ['audit', `/students/${s.id}/audit`],
    ];
    for (const [name, where] of screens) {
      await page.goto(`${where}?lang=${lang}`);
      await page.locator('h1').first().waitFor();
      await settled(page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await shot(page, `${lang}-${name}`);
    }
    page.assertClean();
    await page.closeAll();
    const officer = await newPage();
    await signIn(officer, 'tehran', lang, '/orgs/IR-THR');
    await settled(officer);
    await shot(officer, `${lang}-org-tree`);
    officer.assertClean();
    await officer.closeAll();
  }
});
