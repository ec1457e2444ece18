// The support screens against the demo's help desk (src/demo/support.c):
// the knowledge base without a session ("did this solve it" counted); a
// guardian files a ticket on a phone in Persian after the knowledge base
// suggested an article while the subject was typed; the district's support
// agent finds a ticket escalated to the district in the queue and replies
// with a canned answer; the Persian reports page draws its charts, each
// with its table, in Persian digits. Each test makes what it looks for
// (its own ticket, its own canned answer) and compares with the API, not
// with counts other test files may change.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, uniq, PASSWORD } from './lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const WAIT = { timeout: 10000 };
const PERSIAN = (s) => [...String(s)].map((d) => (/[0-9]/.test(d) ? '۰۱۲۳۴۵۶۷۸۹'[d] : d)).join('');
const ARTICLE = 'reset-password-school-code';
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** Press Tab until the focused element matches SELECTOR (at most MAX presses); fails otherwise. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

async function feedbackOf(slug) {
  const res = await api('GET', `/api/v1/support/articles/${slug}?lang=en`);
  assert.equal(res.status, 200, res.text);
  return res.json.feedback;
}

test('the help page works without signing in: search in Vietnamese without tones, read, "did this solve it" is counted', async () => {
  const before = await feedbackOf(ARTICLE);
  const page = await newPage({ width: 360, height: 740 });
  await page.goto('/?lang=vi');
  // Signed out: the sign-in form, and a Help link beside it.
  await page.locator('#username').waitFor();
  await page.locator('#help-link').click();
  await page.locator('.su-help h1').waitFor();
  assert.equal(await page.locator('#username').count(), 0, 'no sign-in form on the help page');
  await settled(page);
  // "mat khau" (no tones) finds "mật khẩu".
  await page.locator('#su-help-q').fill('mat khau');
  await page.waitForFunction((t) => [...document.querySelectorAll('.su-articles a')].some((a) => a.textContent.includes(t)),
    'Đặt lại mật khẩu', WAIT);
  await assertNoHorizontalScroll(page, 'vi help at 360 px');
  await page.locator('.su-articles a', { hasText: 'Đặt lại mật khẩu' }).click();
  await page.locator('.su-article h1').waitFor();
  assert.match(await page.locator('.su-article h1').innerText(), /Đặt lại mật khẩu bằng mã dùng một lần/);
  assert.equal(await page.locator('#su-feedback-h').innerText(), strings.vi['su.solved_q']);
  // By keyboard: "No" thanks the reader and offers to ask for help.
  await page.locator('.su-article h1').focus();
  await tabTo(page, '#su-solved-no');
  await page.keyboard.press('Enter');
  await page.locator('#su-ask').waitFor();
  assert.equal(await page.locator('.su-feedback .notice-ok').innerText(), strings.vi['su.thanks_not_solved']);
  assert.equal(await page.locator('#su-ask').innerText(), strings.vi['su.sign_in_to_ask']);
  const now = await feedbackOf(ARTICLE);
  assert.equal(now.not_solved, before.not_solved + 1);
  assert.equal(now.solved, before.solved);
  await shotTall(page, 'vi-360-support-help');
  page.assertClean();
  await page.closeAll();
});

test('a guardian files a ticket on a phone in Persian after the knowledge base suggested an article', async () => {
  const user = 'guardian.beheshti';
  const token = await login(user, PASSWORD);
  const subject = `گذرواژه را فراموش کرده‌ام ${uniq('g')}`;
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, user, 'fa', '/support/new');
  await page.locator('form.su-new').waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  // The child picker holds the guardian's child, chosen already.
  assert.notEqual(await page.locator('#su-student').inputValue(), '');
  // Typing the subject: the knowledge base suggests the password article.
  await page.locator('#su-subject').focus();
  await page.keyboard.type(subject);
  await page.locator('.su-suggest-list a').first().waitFor(WAIT);
  assert.match(await page.locator('.su-suggest-list').innerText(), /بازیابی گذرواژه/);
  await assertNoHorizontalScroll(page, 'fa new ticket at 360 px');
  await shotTall(page, 'fa-360-support-new');
  // A photo of the screen, checked by content on the server.
  await page.locator('#su-files').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: PNG });
  // The body, then send by keyboard.
  await tabTo(page, '#su-body');
  await page.keyboard.type('کد بازیابی را از مدرسه گرفتم ولی کار نمی‌کند.');
  await tabTo(page, '#su-file');
  await page.keyboard.press('Enter');
  await page.locator('.su-ticket').waitFor(WAIT);
  await settled(page);
  assert.equal(await page.locator('.su-ticket .notice-ok').innerText(), strings.fa['su.filed']);
  assert.equal(await page.locator('.su-ticket h1').innerText(), subject);
  await page.locator('.su-files a', { hasText: 'screen.png' }).waitFor(WAIT);
  // The API has it, at the child's school, with its deadlines.
  const mine = await api('GET', '/api/v1/support/tickets?view=mine&limit=100', { token });
  assert.equal(mine.status, 200, mine.text);
  const t = mine.json.items.find((x) => x.subject === subject);
  assert.ok(t, 'the ticket is among the guardian\'s');
  assert.equal(t.org.code, 'IR-THR-S0101');
  assert.equal(t.level, 'school');
  assert.equal(t.category.code, 'account');
  assert.ok(page.url().includes(`/support/tickets/${t.id}`));
  const full = await api('GET', `/api/v1/support/tickets/${t.id}`, { token });
  assert.deepEqual(full.json.attachments.map((a) => [a.name, a.media_type]), [['screen.png', 'image/png']]);
  // The due instants in the Solar Hijri calendar with Persian digits, and the status in words.
  const due = await page.locator('#su-due-first').innerText();
  assert.match(due, /[۰-۹]/);
  assert.doesNotMatch(due, /[0-9]/);
  assert.match(due, /۱۴۰[۵-۶]/);
  assert.equal(await page.locator('.su-facts .su-status').innerText(), strings.fa['su.status_open']);
  await assertNoHorizontalScroll(page, 'fa ticket at 360 px');
  await shotTall(page, 'fa-360-support-ticket');
  page.assertClean();
  await page.closeAll();
});

test('the district support agent sees a ticket escalated to the district in the queue and replies with a canned answer', async () => {
  // A teacher's ticket at the school, escalated by the school's agent by hand.
  const teacher = await login('teacher.pdp', PASSWORD);
  const subject = `Không nhập được điểm ${uniq('q')}`;
  const made = await api('POST', '/api/v1/support/tickets', { token: teacher,
    body: { category: 'teaching', subject, body: 'Sổ điểm lớp 10A1 báo lỗi khi lưu.' } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.org.code, 'VN-HN-BD03');
  const school = await login('support.school', PASSWORD);
  const up = await api('POST', `/api/v1/support/tickets/${made.json.id}/escalate`, { token: school, body: { reason: 'Cần phòng giáo dục mở khóa sổ điểm.' } });
  assert.equal(up.status, 200, up.text);
  // The district's own canned answer, so the test does not depend on the demo's.
  const district = await login('support.district', PASSWORD);
  const title = `Mở khóa sổ điểm ${uniq('c')}`;
  const cannedBody = 'Phòng đã mở khóa sổ điểm. Thầy cô vui lòng lưu lại.';
  const canned = await api('POST', '/api/v1/support/canned', { token: district, body: { org: 'VN-HN-BD', lang: 'vi', title, body: cannedBody } });
  assert.equal(canned.status, 201, canned.text);

  const page = await newPage();
  await signIn(page, 'support.district', 'vi');
  // The menu counts the unread notices (the escalation told the district).
  await page.locator('#su-unread-count').waitFor(WAIT);
  assert.match(await page.locator('#su-unread-count').innerText(), /^[1-9]\d*$/);
  // The menu leads to the queue; the escalated ticket is there, with its deadline.
  await page.locator('nav a[href^="/support/queue"]').click();
  await page.locator('.su-queue h1').waitFor();
  await settled(page);
  const row = page.locator('table.su-queue-table tbody tr', { hasText: subject });
  await row.waitFor(WAIT);
  assert.match(await row.innerText(), /Phòng GD&ĐT quận Ba Đình|VN-HN-BD/);
  assert.match(await row.locator('td').first().innerText(), /còn .*giờ làm việc|phút làm việc|Quá hạn/);
  // Overdue tickets come first: no row after a non-overdue row is overdue.
  const flags = await page.$$eval('table.su-queue-table tbody tr', (rows) => rows.map((r) => r.classList.contains('su-row-overdue')));
  assert.deepEqual(flags, [...flags].sort((a, b) => Number(b) - Number(a)));
  await shotTall(page, 'vi-support-queue');
  await row.locator('a').click();
  await page.locator('.su-ticket').waitFor();
  await settled(page);
  assert.match(await page.locator('#su-level').innerText(), /VN-HN-BD/);
  assert.match(await page.locator('.su-events').innerText(), /Cần phòng giáo dục mở khóa sổ điểm/);
  // The canned answer by keyboard: pick it, it fills the reply, send.
  await page.locator('#su-canned option', { hasText: title }).waitFor({ state: 'attached' });
  await page.locator('#su-canned').focus();
  await page.locator('#su-canned').selectOption({ label: title });
  await page.waitForFunction((b) => document.querySelector('#su-reply')?.value === b, cannedBody, WAIT);
  await tabTo(page, '#su-send');
  await page.keyboard.press('Enter');
  await page.locator('.su-ticket .notice-ok').waitFor(WAIT);
  await page.waitForFunction((b) => [...document.querySelectorAll('.su-msg-reply')].some((m) => m.textContent.includes(b)), cannedBody, WAIT);
  const got = await api('GET', `/api/v1/support/tickets/${made.json.id}`, { token: district });
  assert.equal(got.status, 200, got.text);
  const reply = got.json.messages.find((m) => m.body === cannedBody);
  assert.ok(reply, 'the canned answer was sent');
  assert.equal(reply.kind, 'reply');
  assert.equal(got.json.status, 'answered');
  // The teacher sees the reply, and never the notes.
  const seen = await api('GET', `/api/v1/support/tickets/${made.json.id}`, { token: teacher });
  assert.ok(seen.json.messages.some((m) => m.body === cannedBody));
  assert.ok(seen.json.messages.every((m) => m.kind !== 'note'));
  await shotTall(page, 'vi-support-ticket');
  page.assertClean();
  await page.closeAll();
});

test('the Persian reports page draws a chart per child org and of escalations, each with its table in Persian digits', async () => {
  const token = await login('support.province', PASSWORD);
  const from = '2026-01-01', to = '2028-01-01';
  const res = await api('GET', `/api/v1/support/reports?org=VN-HN&from=${from}&to=${to}`, { token });
  assert.equal(res.status, 200, res.text);
  const page = await newPage({ width: 1100, height: 900 });
  await signIn(page, 'support.province', 'fa', `/support/reports?org=VN-HN&from=${from}&to=${to}`);
  await page.locator('.su-reports h1').waitFor();
  await settled(page);
  await page.waitForFunction(() => document.querySelector('#su-chart-children[data-drawn]') && document.querySelector('#su-chart-escalations[data-drawn]'), null, WAIT);
  // The canvas is drawn (not blank) and labelled by its caption and table.
  const canvas = page.locator('#su-chart-children');
  assert.equal(await canvas.getAttribute('role'), 'img');
  assert.equal(await canvas.getAttribute('aria-describedby'), 'su-chart-children-table');
  const inked = await canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 100, 'the chart has ink');
  // Its table: one row per child org, the API's numbers in Persian digits.
  const kids = res.json.children;
  assert.ok(kids.length >= 1);
  const rows = page.locator('#su-chart-children-table tbody tr');
  assert.equal(await rows.count(), kids.length);
  for (let i = 0; i < kids.length; i++) {
    const cells = await rows.nth(i).locator('td').allInnerTexts();
    const k = kids[i];
    assert.deepEqual(cells, [k.open ?? k.totals?.open, k.overdue ?? k.totals?.overdue, k.resolved ?? k.totals?.resolved].map((n) => PERSIAN(n ?? 0)));
  }
  assert.equal(await page.locator('#su-chart-escalations-table tbody tr').count(), kids.length);
  assert.equal(await page.locator('#su-r-created').innerText(), PERSIAN(res.json.totals.created));
  assert.equal(await page.locator('#su-r-open').innerText(), PERSIAN(res.json.totals.open));
  await assertNoHorizontalScroll(page, 'fa reports');
  await shotTall(page, 'fa-support-reports');
  page.assertClean();
  await page.closeAll();
});
