// The session office's exams screens on the demo (src/demo/exams.c): the
// ministry sees its sessions and the demo session's registrations counted
// per status and per day (a chart with its table); a new session is
// created from the form, and the API's refusal is shown in Vietnamese
// beside the field it names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, closeBrowser, settled, shotTall, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const SESSION = 'Kỳ thi tốt nghiệp THPT năm 2027';

test('the ministry sees the demo session with its registrations counted per status and per day (English)', async () => {
  const token = await login('vn.ministry', PASSWORD);
  const session = (await api('GET', '/api/v1/exams/sessions', { token })).json.items.find((s) => s.name.startsWith(SESSION));
  assert.ok(session, 'the demo session');
  const regs = (await api('GET', `/api/v1/exams/sessions/${session.id}/registrations?limit=500`, { token })).json.items;
  assert.ok(regs.length >= 1, 'the demo registered one candidate');
  const page = await newPage();
  await signIn(page, 'vn.ministry', 'en');
  await page.getByRole('navigation').getByRole('link', { name: 'Exams' }).click();
  await page.locator('.exam-session').first().waitFor();
  await page.getByRole('link', { name: session.name }).click();
  await page.locator('#exam-total').waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').innerText(), session.name);
  assert.equal(await page.locator('#exam-total').innerText(), String(regs.length));
  const submitted = regs.filter((r) => r.status === 'submitted').length;
  assert.equal(await page.locator('#exam-total-submitted').innerText(), String(submitted));
  const days = await page.locator('table.exam-days tbody tr').allInnerTexts();
  assert.ok(days.length >= 1);
  const sum = days.reduce((n, row) => n + Number(row.split('\t')[1]), 0);
  assert.equal(sum, regs.length, 'the days add up to the total');
  assert.match(await page.locator('table.exam-days svg').first().getAttribute('aria-label'), /: \d+$/);
  // Rooms are assigned only once the window has closed.
  assert.ok(await page.locator('#exam-assign').isDisabled());
  assert.match(await page.locator('.exam-session-page').innerText(), /HN-KL|Kim Liên/);
  await shotTall(page, 'en-exams-session');
  page.assertClean();
  await page.closeAll();
});

test('an officer creates a session; the API\'s refusal is told in Vietnamese beside the field it names', async () => {
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, 'hanoi', 'vi', '/exams/sessions/new');
  await page.locator('form.exam-session-form').waitFor();
  await settled(page);
  assert.equal(await page.locator('#f-org').inputValue(), 'VN-HN');
  const name = `Kỳ thi thử ${Date.now()}`;
  await page.locator('#f-pack').selectOption('vn-thpt-2025');
  await page.locator('#f-name').fill(name);
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  await page.locator('#f-opens_at').fill(day(30));
  await page.locator('#f-closes_at').fill(day(40));
  await page.locator('#f-councils-0-code').fill('01');
  await page.locator('#f-councils-0-name').fill('Hội đồng thi Hà Nội');
  await page.locator('#f-councils-0-org').fill('VN-HN-XX'); // no such org
  await page.locator('#f-sites-0-code').fill('T1');
  await page.locator('#f-sites-0-council').fill('01');
  await page.locator('#f-sites-0-school').fill('VN-HN-CG03');
  await page.locator('#f-sites-0-rooms').fill('10');
  page.expectHttpError(/\/api\/v1\/exams\/sessions$/);
  await page.locator('#exam-create').click();
  await page.locator('#f-councils-0-org-error').waitFor();
  assert.equal(await page.locator('#f-councils-0-org-error').innerText(), strings.vi['error.unknown_org']);
  assert.equal(await page.locator('form .notice-error').innerText(), strings.vi['ex.fix_below']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-councils-0-org');
  await assertNoHorizontalScroll(page, 'vi session form');
  await page.locator('#f-councils-0-org').fill('VN-HN');
  await page.locator('#exam-create').click();
  await page.locator('.exam-session-page').waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').innerText(), name);
  assert.match(await page.locator('.exam-session-page').innerText(), /Hội đồng thi Hà Nội/);
  assert.equal(await page.locator('#exam-total').innerText(), '0');
  page.assertClean();
  await page.closeAll();
});

test('the province office sees the mock exam\'s rooms, runs the assignment again to the same seats, and imports scores all or nothing (English)', async () => {
  const MOCK = 'Kỳ thi thử tốt nghiệp THPT năm 2027, đợt 1 (Hà Nội)';
  const token = await login('hanoi', PASSWORD);
  const session = (await api('GET', '/api/v1/exams/sessions', { token })).json.items.find((s) => s.name === MOCK);
  assert.ok(session?.assigned_at, 'the demo seated the mock exam');
  const regs = (await api('GET', `/api/v1/exams/sessions/${session.id}/registrations?limit=100`, { token })).json.items;
  const seated = regs.filter((r) => r.candidate_number);
  const page = await newPage();
  await signIn(page, 'hanoi', 'en');
  await page.getByRole('navigation').getByRole('link', { name: 'Exams' }).click();
  await page.getByRole('link', { name: MOCK }).click();
  await page.locator('table.exam-rooms').waitFor();
  await settled(page);
  const before = await page.locator('table.exam-rooms tbody tr').allInnerTexts();
  const sum = before.reduce((n, row) => n + Number(row.split('\t')[2]), 0);
  assert.equal(sum, seated.length, 'every seated candidate in a room');
  assert.ok(before.every((row) => Number(row.split('\t')[2]) <= 24), 'rooms of at most 24');
  assert.match(before[0], /01000001–01\d{6}/);
  assert.equal(await page.locator('#exam-total-confirmed').innerText(), String(seated.length));
  await page.locator('#exam-assign').click();
  await page.locator('.notice-ok').filter({ hasText: 'seated' }).waitFor();
  assert.equal(await page.locator('.notice-ok').filter({ hasText: 'seated' }).innerText(),
    `${seated.length} candidates seated in ${before.length} rooms (sites: 1); seats changed: 0.`);
  assert.deepEqual(await page.locator('table.exam-rooms tbody tr').allInnerTexts(), before, 'the same seats again');

  // A file with a row at fault is refused whole; the row is named.
  const r0 = seated[0];
  const csv = (score) => `candidate_number,subject,score\n${r0.candidate_number},${r0.subjects[0]},8.5\n${r0.candidate_number},${r0.subjects[1]},${score}\n`;
  page.expectHttpError(/\/scores$/);
  await page.locator('#exam-scores-file').setInputFiles({ name: 'scores.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('11')) });
  await page.getByRole('button', { name: 'Import' }).click();
  await page.locator('.exam-row-errors li').first().waitFor();
  assert.match(await page.locator('.exam-row-errors').innerText(), /^Row 3/);
  assert.equal(await page.locator('.notice-error').filter({ hasText: strings.en['error.invalid_scores'] }).count(), 1);
  await page.locator('#exam-scores-file').setInputFiles({ name: 'scores.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('7.25')) });
  await page.getByRole('button', { name: 'Import' }).click();
  await page.locator('.notice-ok').filter({ hasText: 'imported' }).waitFor();
  assert.equal(await page.locator('.notice-ok').filter({ hasText: 'imported' }).innerText(), '2 scores imported.');
  const scores = (await api('GET', `/api/v1/exams/registrations/${r0.id}/results`, { token })).json.scores;
  assert.equal(scores.find((x) => x.subject === r0.subjects[1]).score, '7.25');
  await shotTall(page, 'en-exams-mock-session');
  page.assertClean();
  await page.closeAll();
});
