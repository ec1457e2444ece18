// The admissions screens against the demo's open round (src/demo/admissions.c):
// a guardian applies in Persian on a phone with the keyboard alone, a lost
// answer is retried into one application, the family edits it and sees
// every version; the district officer sees the rounds, the round and its
// applications page by page; a school's principal sees those that rank the
// school; a refusal from the API is told in the reader's language.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const GUARDIAN = 'guardian.beheshti';
const FIRST = 'IR-THR-S0101';
const OTHER = 'IR-THR-S0104';

/** Press Tab until the focused element matches SELECTOR (at most MAX presses); fails otherwise. */
async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

// The demo's round (src/demo/admissions.c); other test files open more rounds in the district.
const DEMO_ROUND = 'ثبت‌نام پایه اول، منطقه ۱ تهران، سال تحصیلی';
const demoRound = async (token) => (await api('GET', '/api/v1/admissions/rounds', { token })).json.items.find((r) => r.name.startsWith(DEMO_ROUND));

const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const order = (page) => page.locator('.adm-choice .code').allInnerTexts();
// The page moves focus and reorders after a key press in its own time (a
// render, then an effect): wait for the state asked, then read it, so that
// the assertion compares what the page settled on (or shows what it did).
const WAIT = { timeout: 5000 };
async function focusedOn(page, id) {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, WAIT).catch(() => {});
  return focused(page);
}
async function orderIs(page, list) {
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.adm-choice .code')]
    .map((e) => e.innerText)) === JSON.stringify(want), list, WAIT).catch(() => {});
  return order(page);
}

test('a guardian applies in Persian on a phone by keyboard alone; a lost answer retried makes one application; an edit makes version 2', async () => {
  const token = await login(GUARDIAN, PASSWORD);
  const demo = await demoRound(token);
  assert.ok(demo, 'the demo round');
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, GUARDIAN, 'fa');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  // The navigation's admissions link, by keyboard.
  await page.locator('.brand').focus();
  await tabTo(page, `nav a[href^="/admissions"]`);
  await page.keyboard.press('Enter');
  const card = page.locator('.adm-round').filter({ hasText: DEMO_ROUND });
  await card.waitFor();
  await settled(page);
  const roundText = await card.innerText();
  assert.match(roundText, /پایهٔ ۱/);
  assert.doesNotMatch(roundText.replace(/IR-THR-D01/g, ''), /[0-9]/, 'every digit Persian');
  assert.match(roundText, /آذر|دی|بهمن|اسفند|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان/, 'Solar Hijri months');
  await tabTo(page, `.adm-round a[href^="/admissions/rounds/${demo.id}/apply"]`);
  await page.keyboard.press('Enter');

  // The form: the heading has focus; the child is already chosen.
  await page.locator('form.adm-apply').waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  await tabTo(page, `#add-${OTHER}`);
  await page.keyboard.press('Enter');
  // Focus moves to the next school to add, and the change is announced.
  assert.equal(await focusedOn(page, `add-${FIRST}`), `add-${FIRST}`);
  assert.match(await page.locator('#adm-live').innerText(), /انتخاب ۱/);
  await page.keyboard.press('Enter');
  assert.deepEqual(await orderIs(page, [OTHER, FIRST]), [OTHER, FIRST]);
  assert.equal(await page.locator(`#add-${FIRST}`).count(), 0);
  // Move the second school up with its button: focus follows it.
  await page.locator('#up-1').waitFor();
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator('h1').focus();
  await tabTo(page, '#up-1');
  await page.keyboard.press('Enter');
  assert.deepEqual(await orderIs(page, [FIRST, OTHER]), [FIRST, OTHER]);
  assert.equal(await focusedOn(page, 'down-0'), 'down-0');
  assert.match(await page.locator('#adm-live').innerText(), /شهید بهشتی اکنون انتخاب ۱ است/);
  // Alt+Arrow on a row moves it too, and back.
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await orderIs(page, [OTHER, FIRST]), [OTHER, FIRST]);
  await page.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await orderIs(page, [FIRST, OTHER]), [FIRST, OTHER]);
  assert.deepEqual(await page.locator('.adm-rank').allInnerTexts(), ['۱', '۲']);
  await assertNoHorizontalScroll(page, 'fa apply form');
  await shotTall(page, 'fa-360-admissions-apply');

  // The first send reaches the server but its answer is lost; the retry
  // carries the same Idempotency-Key and is answered with the same application.
  const keys = [];
  let lost = false;
  await page.route(/\/api\/v1\/admissions\/rounds\/\d+\/applications$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (lost) return route.continue();
    lost = true;
    await route.fetch(); // the server makes the application
    await route.abort('failed'); // and the page never hears of it
  });
  page.expectHttpError(/\/applications$/);
  await tabTo(page, '#adm-submit');
  await page.keyboard.press('Enter');
  await page.locator('.notice-error').waitFor();
  assert.equal(await page.locator('.notice-error').innerText(), strings.fa['error.network']);
  assert.equal(await focusedOn(page, 'adm-submit'), 'adm-submit');
  await page.keyboard.press('Enter');
  await page.locator('.adm-application').waitFor();
  await settled(page);
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f-]{16,}$/);
  assert.equal(keys[1], keys[0]);
  const mine = (await api('GET', `/api/v1/admissions/applications?round=${demo.id}`, { token })).json.items;
  assert.equal(mine.length, 1, 'one application despite two sends');
  const app = mine[0];
  assert.deepEqual(app.choices, [FIRST, OTHER]);
  assert.match(page.url(), new RegExp(`/admissions/applications/${app.id}\\?`));

  // The application page: status, digits, every version.
  assert.equal(await page.locator('.notice-ok').innerText(), strings.fa['adm.saved']);
  const status = await page.locator('.adm-status').innerText();
  assert.match(status, /دریافت شد؛ تا .* می‌توانید آن را تغییر دهید/);
  assert.doesNotMatch(status, /[0-9]/);
  assert.match(await page.locator('.adm-application .meta').first().innerText(), new RegExp(`درخواست شمارهٔ ${[...String(app.id)].map((d) => '۰۱۲۳۴۵۶۷۸۹'[d]).join('')}`));
  assert.match(await page.locator('.adm-application').innerText(), /نسخهٔ ۱/);
  assert.equal(await page.locator('table.adm-versions tbody tr').count(), 1);

  // Edit by keyboard: the other school first now.
  await page.locator('h1').focus();
  await tabTo(page, 'a[href^="/admissions/applications/"][href*="/edit"]');
  await page.keyboard.press('Enter');
  await page.locator('form.adm-apply').waitFor();
  await settled(page);
  assert.deepEqual(await orderIs(page, [FIRST, OTHER]), [FIRST, OTHER]);
  await tabTo(page, '#up-1');
  await page.keyboard.press('Enter');
  assert.deepEqual(await orderIs(page, [OTHER, FIRST]), [OTHER, FIRST]);
  await tabTo(page, '#adm-submit');
  await page.keyboard.press('Enter');
  await page.locator('.adm-application .notice-ok').waitFor();
  await settled(page);
  assert.match(await page.locator('.adm-application').innerText(), /نسخهٔ ۲/);
  const versions = await page.locator('table.adm-versions tbody tr').allInnerTexts();
  assert.equal(versions.length, 2);
  assert.match(versions[0], /^۲/); // newest first
  assert.match(versions[0], /فردوسی.*›.*بهشتی/s);
  assert.match(versions[1], /بهشتی.*›.*فردوسی/s);
  assert.deepEqual((await api('GET', `/api/v1/admissions/applications/${app.id}`, { token })).json.choices, [OTHER, FIRST]);
  await assertNoHorizontalScroll(page, 'fa application page');
  await shotTall(page, 'fa-360-admissions-application');

  // Back on the list, the application shows with its state.
  await page.goto('/admissions?lang=fa');
  const listed = page.locator('.adm-app').filter({ has: page.locator(`a[href^="/admissions/applications/${app.id}?"]`) });
  await listed.waitFor();
  assert.match(await listed.locator('.adm-state').innerText(), /دریافت شد/);
  page.assertClean();
  await page.closeAll();
});

test('the district officer sees the rounds, the round and its applications page by page (English)', async () => {
  const token = await login('tehran.d01', PASSWORD);
  const demo = await demoRound(token);
  assert.ok(demo, 'the demo round');
  let total = 0;
  for (let after = null; ;) {
    const res = await api('GET', `/api/v1/admissions/rounds/${demo.id}/applications?limit=1000${after ? `&after=${after}` : ''}`, { token });
    total += res.json.items.length;
    if (!(after = res.json.next)) break;
  }
  assert.ok(total > 25, `${total} applications`);

  const page = await newPage();
  await signIn(page, 'tehran.d01', 'en');
  await page.getByRole('navigation').getByRole('link', { name: 'Admissions' }).click();
  await page.locator('table.adm-round-list').waitFor();
  assert.ok(await page.getByRole('link', { name: 'New round' }).isVisible());
  await page.locator('table.adm-round-list').getByRole('link', { name: demo.name }).click();
  await page.locator('table.adm-schools').waitFor();
  await settled(page);
  assert.deepEqual((await page.locator('table.adm-schools tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(1).join(' ').trim()),
    [`${FIRST} 24`, `${OTHER} 24`]);
  assert.match(await page.locator('main').innerText(), /Open/);
  assert.match(await page.locator('.adm-hashes').innerText(), /14061407/);
  // Open: nothing to seal, no edit (it has opened).
  assert.equal(await page.getByRole('button', { name: 'Seal the inputs' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Change the round' }).count(), 0);
  await page.getByRole('link', { name: 'Applications', exact: true }).click();
  await page.locator('table.adm-app-list').waitFor();
  await settled(page);
  assert.equal(await page.locator('table.adm-app-list tbody tr').count(), 25);
  assert.equal(await page.locator('.adm-count').innerText(), '25 shown');
  await page.getByRole('button', { name: 'Show more' }).click();
  await page.locator('.adm-count').filter({ hasText: `${Math.min(total, 50)} shown` }).waitFor();
  assert.equal(await page.locator('table.adm-app-list tbody tr').count(), Math.min(total, 50));
  const ids = (await page.locator('table.adm-app-list tbody th').allInnerTexts()).map(Number);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in id order');
  assert.equal(new Set(ids).size, ids.length, 'no row twice across pages');
  await shotTall(page, 'en-admissions-applications');
  page.assertClean();
  await page.closeAll();
});

test('a school\'s principal sees the applications that rank the school, with its rank on each (Vietnamese)', async () => {
  const page = await newPage();
  await signIn(page, 'principal.beheshti', 'vi');
  await page.getByRole('navigation').getByRole('link', { name: 'Tuyển sinh' }).click();
  await page.locator('table.adm-round-list a').filter({ hasText: DEMO_ROUND }).click();
  await page.getByRole('link', { name: 'Hồ sơ chọn trường chúng tôi' }).click();
  await page.locator('table.adm-app-list').waitFor();
  await settled(page);
  const ranks = await page.locator('table.adm-app-list tbody td.n').allInnerTexts();
  assert.ok(ranks.length > 0);
  assert.ok(ranks.every((r) => ['1', '2'].includes(r)), `ranks ${ranks}`);
  assert.match(await page.locator('.adm-applications .hint').innerText(), /Bạn thấy các hồ sơ có chọn/);
  page.assertClean();
  await page.closeAll();
});

test('an officer creates a round; the API\'s refusal is told in Vietnamese beside the field it names', async () => {
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, 'tehran.d01', 'vi', '/admissions/rounds/new');
  await page.locator('form.adm-round-form').waitFor();
  assert.equal(await page.locator('#org').inputValue(), 'IR-THR-D01');
  // A rule set fills in its grade, list length and priority groups.
  await page.locator('#rules').selectOption('ir-grade1');
  assert.equal(await page.locator('#max-choices').inputValue(), '3');
  assert.equal(await page.locator('[id^="cat-name-"]').count(), 3);
  assert.match(await page.locator('.adm-round-form [role=status]').innerText(), /ir-grade1|Iran, lớp 1/);
  const name = `Vòng thử ${Date.now()}`;
  await page.locator('#name').fill(name);
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  await page.locator('#opens-date').fill(day(30));
  await page.locator('#closes-date').fill(day(40));
  await page.locator('#max-choices').fill('3');
  await page.locator('#school-code-0').fill('VN-HN-BD03'); // not under the district
  await page.locator('#school-seats-0').fill('30');
  page.expectHttpError(/\/api\/v1\/admissions\/rounds$/);
  await page.getByRole('button', { name: 'Tạo đợt tuyển sinh' }).click();
  await page.locator('#school-code-0-error').waitFor();
  assert.equal(await page.locator('#school-code-0-error').innerText(), strings.vi['error.outside_round_area']);
  assert.equal(await page.locator('form .notice-error').innerText(), strings.vi['adm.fix_below']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'school-code-0');
  await page.locator('#school-code-0').fill(FIRST);
  await page.getByRole('button', { name: 'Thêm trường' }).click();
  await page.locator('#school-code-1').fill(OTHER);
  await page.locator('#school-seats-1').fill('12');
  await page.locator('#zone').fill('2');
  await page.locator(`#zone-${FIRST}`).fill('W0101, W0102');
  await page.getByRole('button', { name: strings.vi['adm.add_document'] }).click();
  await page.locator('#doc-kind-0').fill('birth_certificate');
  await page.getByRole('button', { name: strings.vi['adm.add_document'] }).click();
  await page.locator('#doc-kind-1').fill('proof_of_address');
  await page.locator('#doc-claim-1').fill('area');
  await page.locator('#verify-claims').check();
  await page.getByRole('button', { name: 'Tạo đợt tuyển sinh' }).click();
  await page.locator('table.adm-schools').waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').innerText(), name);
  assert.match(await page.locator('main').innerText(), /Chưa mở/);
  assert.match(await page.locator('main').innerText(), /W0101, W0102/);
  const main = await page.locator('main').innerText();
  assert.match(main, new RegExp(`${strings.vi['adm.rule_set']}\\s+ir-grade1`));
  assert.match(main, new RegExp(strings.vi['doc_kind.birth_certificate']));
  assert.match(main, new RegExp(strings.vi['adm.verify_claims_on']));
  await assertNoHorizontalScroll(page, 'vi round page');
  // Not open yet: the officer may change it; the form comes back filled.
  await page.getByRole('link', { name: 'Sửa đợt tuyển sinh' }).click();
  await page.locator('form.adm-round-form').waitFor();
  assert.equal(await page.locator('#school-seats-1').inputValue(), '12');
  assert.equal(await page.locator('#doc-kind-1').inputValue(), 'proof_of_address');
  assert.equal(await page.locator('#doc-claim-1').inputValue(), 'area');
  assert.ok(await page.locator('#verify-claims').isChecked());
  assert.equal(await page.locator('#opens-date').inputValue(), day(30));
  await page.locator('#school-seats-1').fill('15');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.locator('table.adm-schools').waitFor();
  await settled(page);
  assert.deepEqual((await page.locator('table.adm-schools td.n').allInnerTexts()), ['30', '15']);
  page.assertClean();
  await page.closeAll();
});
