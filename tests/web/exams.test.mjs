// The exams screens against the demo's open session (src/demo/exams.c): a
// candidate registers on a phone by keyboard alone in Vietnamese (the form
// refuses a wrong set of subjects before sending), sees the receipt and
// edits it into a second version; another registers in Persian (right to
// left, Persian digits, the Solar Hijri calendar, the region of the school
// attended longest) through a 503 that the page waits out with the same
// Idempotency-Key into one registration; a refusal from the API is told in
// the reader's language.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const SESSION = 'Kỳ thi tốt nghiệp THPT năm 2027';
const WAIT = { timeout: 5000 };
const PERSIAN = (s) => [...String(s)].map((d) => (/[0-9]/.test(d) ? '۰۱۲۳۴۵۶۷۸۹'[d] : d)).join('');

/** Press Tab until the focused element matches SELECTOR (at most MAX presses); fails otherwise. */
async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Tab to the checkbox of SUBJECT and make it CHECKED with the space bar. */
async function tick(page, subject, checked = true) {
  const sel = `#subject-${subject}`;
  await tabTo(page, sel);
  if ((await page.locator(sel).isChecked()) !== checked) await page.keyboard.press('Space');
  await page.waitForFunction(([s, c]) => document.querySelector(s)?.checked === c, [sel, checked], WAIT);
}

async function demoSession(token) {
  const res = await api('GET', '/api/v1/exams/sessions', { token });
  assert.equal(res.status, 200);
  return res.json.items.find((s) => s.name.startsWith(SESSION));
}

async function mine(token) {
  return (await api('GET', '/api/v1/exams/registrations/mine', { token })).json.items;
}

test('a candidate registers on a phone by keyboard alone in Vietnamese; a wrong set is refused before sending; an edit makes version 2', async () => {
  const user = 'candidate.pdp';
  const token = await login(user, PASSWORD);
  const session = await demoSession(token);
  assert.ok(session, 'the demo session');
  assert.deepEqual(await mine(token), []);
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, user, 'vi');
  // The candidate's first screen is the exam: the open session with its closing time.
  const card = page.locator('.exam-session').filter({ hasText: SESSION });
  await card.waitFor();
  await settled(page);
  assert.match(await card.locator('.exam-window').innerText(), /^Hết hạn đăng ký lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\s+còn \d+ ngày/);
  await page.locator('.brand').focus();
  await tabTo(page, `.exam-session a[href^="/exams/sessions/${session.id}/register"]`);
  await page.keyboard.press('Enter');

  // The form: the heading has focus; the registry's facts are there.
  await page.locator('form.exam-register').waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  const prefill = await page.locator('.exam-prefill').innerText();
  assert.match(prefill, /Trường THPT Phan Đình Phùng/);
  assert.match(await page.locator('#exam-region').innerText(), /KV2, 0,25 điểm/);
  assert.match(await page.locator('#exam-rule').innerText(), /Bắt buộc: Toán, Ngữ văn/);
  await assertNoHorizontalScroll(page, 'vi registration form');

  // One elective only: the form says so and sends nothing.
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && /\/registrations$/.test(r.url())) posts++; });
  await tick(page, 'math');
  await tick(page, 'literature');
  await tick(page, 'physics');
  await tabTo(page, '#exam-submit');
  await page.keyboard.press('Enter');
  await page.locator('#subjects-error').waitFor();
  assert.equal(await page.locator('#subjects-error').innerText(), 'Phải chọn đúng 2 môn tự chọn; em đã chọn 1.');
  assert.equal(await page.locator('form .notice-error').innerText(), strings.vi['ex.fix_below']);
  assert.equal(posts, 0, 'nothing sent');
  // The second elective, and send.
  await page.locator('#subject-math').focus();
  await tick(page, 'chemistry');
  await tabTo(page, '#exam-submit');
  await page.keyboard.press('Enter');
  await page.locator('.exam-receipt').waitFor();
  await settled(page);
  const regs = await mine(token);
  assert.equal(regs.length, 1);
  const reg = regs[0];
  assert.deepEqual(reg.subjects, ['math', 'literature', 'physics', 'chemistry']);
  assert.equal(await page.locator('#exam-number').innerText(), reg.number);
  assert.equal(await page.locator('#exam-status').innerText(), strings.vi['ex.status_submitted']);
  assert.equal(await page.locator('.exam-receipt .notice-ok').innerText(), strings.vi['ex.saved']);
  assert.match(await page.locator('#exam-subjects').innerText(), /Toán · Ngữ văn · Vật lí · Hóa học/);
  assert.equal(await page.locator('table.exam-versions tbody tr').count(), 1);
  await assertNoHorizontalScroll(page, 'vi receipt');
  await shotTall(page, 'vi-360-exams-receipt');

  // Edit by keyboard: biology for chemistry.
  await page.locator('h1').focus();
  await tabTo(page, '#exam-edit');
  await page.keyboard.press('Enter');
  await page.locator('form.exam-register').waitFor();
  await settled(page);
  assert.ok(await page.locator('#subject-chemistry').isChecked());
  await tick(page, 'chemistry', false);
  await tick(page, 'biology');
  await tabTo(page, '#exam-submit');
  await page.keyboard.press('Enter');
  await page.locator('.exam-receipt .notice-ok').waitFor();
  await settled(page);
  await page.waitForFunction(() => document.querySelectorAll('table.exam-versions tbody tr').length === 2, null, WAIT);
  const versions = await page.locator('table.exam-versions tbody tr').allInnerTexts();
  assert.match(versions[0], /^2\s.*Sinh học/s, 'newest first');
  assert.match(versions[1], /^1\s.*Hóa học/s);
  assert.deepEqual((await api('GET', `/api/v1/exams/registrations/${reg.id}`, { token })).json.subjects, ['math', 'literature', 'physics', 'biology']);
  assert.equal((await mine(token)).length, 1);
  page.assertClean();
  await page.closeAll();
});

test('in Persian, through a 503 waited out with the same key, a candidate with a transfer registers once; the region is the school attended longest', async () => {
  const user = 'candidate.moved';
  const token = await login(user, PASSWORD);
  const session = await demoSession(token);
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, user, 'fa');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const card = page.locator('.exam-session').filter({ hasText: SESSION });
  await card.waitFor();
  await settled(page);
  const windowText = await card.locator('.exam-window').innerText();
  assert.doesNotMatch(windowText, /[0-9]/, 'every digit Persian');
  assert.match(windowText, /آذر|دی|بهمن|اسفند|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان/, 'Solar Hijri months');
  await page.locator('.brand').focus();
  await tabTo(page, `.exam-session a[href^="/exams/sessions/${session.id}/register"]`);
  await page.keyboard.press('Enter');
  await page.locator('form.exam-register').waitFor();
  await settled(page);
  // The region: KV1, from Kim Liên, where the candidate spent grades 10, 11 and the start of 12.
  const region = await page.locator('#exam-region').innerText();
  assert.match(region, /KV1، ۰٫۷۵ امتیاز/);
  assert.match(region, /Kim Liên/);
  assert.match(region, /\([۰-۹٬]+ روز\)/);
  const stays = await page.locator('.exam-history li').allInnerTexts();
  assert.ok(stays.length >= 3, 'the history has the transfer');
  assert.match(stays[0], /Kim Liên[\s\S]*پایهٔ ۱۰/);
  assert.match(stays[stays.length - 1], /Phan Đình Phùng[\s\S]*امروز/);
  assert.match(await page.locator('#exam-rule').innerText(), /اجباری: ریاضی، ادبیات/);
  await assertNoHorizontalScroll(page, 'fa registration form');
  await shotTall(page, 'fa-360-exams-register');

  // The first POST is answered 503 with Retry-After: 1; the page says the
  // registration is kept, waits, and sends it again with the same key.
  const keys = [];
  let refused = false;
  await page.route(/\/api\/v1\/exams\/sessions\/\d+\/registrations$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (refused) return route.continue();
    refused = true;
    return route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/problem+json' },
      body: JSON.stringify({ status: 503, code: 'queue_full', title: 'Busy' }) });
  });
  page.expectHttpError(/\/registrations$/);
  await tick(page, 'math');
  await tick(page, 'literature');
  await tick(page, 'history');
  await tick(page, 'geography');
  await tabTo(page, '#exam-submit');
  await page.keyboard.press('Enter');
  await page.locator('#exam-kept').waitFor();
  assert.equal(await page.locator('#exam-kept').innerText(), strings.fa['ex.kept'].replace('{s}', '۱'));
  assert.equal(await page.locator('#exam-live').innerText(), strings.fa['ex.kept'].replace('{s}', '۱'));
  assert.equal(await page.locator('#exam-live').getAttribute('aria-live'), 'polite');
  await page.locator('.exam-receipt').waitFor();
  await settled(page);
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f-]{16,}$/);
  assert.equal(keys[1], keys[0], 'the same key again');
  const regs = await mine(token);
  assert.equal(regs.length, 1, 'one registration');
  assert.equal(regs[0].region.region, 'KV1');
  assert.equal(await page.evaluate(() => localStorage.getItem('tabula.exams.pending')), '{}', 'the key forgotten once answered');
  // The receipt: Persian digits, the bonus of KV1.
  assert.equal(await page.locator('#exam-number').innerText(), PERSIAN(regs[0].number));
  assert.equal(await page.locator('#exam-bonus').innerText(), '۰٫۷۵');
  assert.doesNotMatch((await page.locator('.exam-receipt .facts').innerText()).replace(/KV[0-9](-NT)?/g, ''), /[0-9]/, 'Persian digits');
  await assertNoHorizontalScroll(page, 'fa receipt');
  await shotTall(page, 'fa-360-exams-receipt');
  page.assertClean();
  await page.closeAll();
});

test('a refusal from the API is told in the reader\'s language (Persian)', async () => {
  const user = 'candidate.done'; // registered by the demo
  const token = await login(user, PASSWORD);
  const session = await demoSession(token);
  const inSession = async () => (await mine(token)).filter((r) => r.session === session.id);
  assert.equal((await inSession()).length, 1);
  const page = await newPage();
  await signIn(page, user, 'fa', `/exams/sessions/${session.id}/register`);
  await page.locator('form.exam-register').waitFor();
  await settled(page);
  page.expectHttpError(/\/registrations$/);
  for (const s of ['math', 'literature', 'physics', 'chemistry']) await page.locator(`#subject-${s}`).check();
  await page.locator('#exam-submit').click();
  await page.locator('form .notice-error').waitFor();
  assert.equal(await page.locator('form .notice-error').innerText(), strings.fa['error.duplicate_registration']);
  assert.equal((await inSession()).length, 1, 'nothing changed');
  page.assertClean();
  await page.closeAll();
});
