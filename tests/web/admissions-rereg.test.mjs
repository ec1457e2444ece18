// Re-registration on screen: the demo's guardian confirms the child's
// details for next year on a phone in Vietnamese, with a correction, then
// again (a second version); the school's principal opens a campaign in
// English and follows the counts and the children not confirmed yet, page
// by page; the demo's campaign counts the confirmation just made.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';
import { dbQuery } from '../api/lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));

test('a family confirms its child for next year on a phone (Vietnamese), with a correction, then again', async () => {
  const token = await login('guardian.beheshti', PASSWORD);
  const before = (await api('GET', '/api/v1/admissions/reregistrations/mine', { token })).json.items;
  assert.ok(before.length >= 1, 'the demo leaves one to confirm');
  const it = before[0];
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, 'guardian.beheshti', 'vi', '/admissions');
  await page.getByRole('link', { name: strings.vi['rereg.open_mine'] }).click();
  const card = page.locator('.rereg-child').filter({ hasText: it.given_name });
  await card.waitFor();
  await settled(page);
  assert.match(await card.innerText(), new RegExp(it.school_name));
  if (it.confirmation) assert.match(await card.locator('.rereg-state').innerText(), /phiên bản/);
  else assert.equal(await card.locator('.rereg-state').innerText(), strings.vi['rereg.not_confirmed']);
  await card.getByLabel(strings.vi['rereg.corrections']).fill('Số điện thoại mới: 0912 345 678');
  await card.getByRole('button', { name: it.confirmation ? strings.vi['rereg.confirm_again'] : strings.vi['rereg.confirm'] }).click();
  await card.locator('.notice-ok').waitFor();
  await card.getByRole('button', { name: strings.vi['rereg.confirm_again'] }).waitFor();
  const v1 = (await api('GET', '/api/v1/admissions/reregistrations/mine', { token })).json.items.find((x) => x.student === it.student && x.campaign.id === it.campaign.id).confirmation;
  assert.equal(v1.corrections, 'Số điện thoại mới: 0912 345 678');
  assert.match(await card.locator('.rereg-state').innerText(), new RegExp(`phiên bản ${v1.version}`));
  // Confirming again keeps the first and makes a new version.
  await card.getByLabel(strings.vi['rereg.corrections']).fill('');
  await card.getByRole('button', { name: strings.vi['rereg.confirm_again'] }).click();
  await card.locator('.rereg-state').filter({ hasText: `phiên bản ${v1.version + 1}` }).waitFor();
  const v2 = (await api('GET', '/api/v1/admissions/reregistrations/mine', { token })).json.items.find((x) => x.student === it.student && x.campaign.id === it.campaign.id).confirmation;
  assert.equal(v2.version, v1.version + 1);
  assert.equal(v2.corrections, null);
  await assertNoHorizontalScroll(page, 'vi re-registration');
  await shotTall(page, 'vi-360-reregistration');
  page.assertClean();
  await page.closeAll();
});

test('a principal opens a campaign (English) and follows it: counts, the unconfirmed page by page; the demo campaign counts the confirmation', async () => {
  const page = await newPage();
  await signIn(page, 'principal.beheshti', 'en', '/admissions');
  await page.getByRole('link', { name: 'Open a re-registration' }).click();
  await page.locator('form.rereg-new').waitFor();
  assert.equal(await page.locator('#rr-org').inputValue(), 'IR-THR-S0101');
  const year = 2030 + Math.floor(Math.random() * 60);
  await page.locator('#rr-year').fill(`${year}-${year + 1}`);
  await page.getByRole('button', { name: 'Open it' }).click();
  await page.locator('.rereg-campaign').waitFor();
  await settled(page);
  const id = Number(/reregistrations\/(\d+)/.exec(page.url())[1]);
  const token = await login('principal.beheshti', PASSWORD);
  const c = (await api('GET', `/api/v1/admissions/reregistrations/${id}?limit=500`, { token })).json;
  assert.equal(await page.locator('h1').innerText(), `Re-registration: ${c.org_name}, ${year}-${year + 1}`);
  assert.equal(await page.locator('#rr-enrolled').innerText(), c.counts.enrolled.toLocaleString('en-GB'));
  assert.equal(await page.locator('#rr-confirmed').innerText(), '0');
  assert.ok(c.counts.enrolled > 50, `${c.counts.enrolled} enrolled`);
  assert.equal(await page.locator('table.rr-unconfirmed tbody tr').count(), 50);
  await page.getByRole('button', { name: 'Show more' }).click();
  await page.locator('table.rr-unconfirmed tbody tr').nth(50).waitFor();
  assert.equal(await page.locator('table.rr-unconfirmed tbody tr').count(), Math.min(100, c.counts.enrolled));

  // The demo's campaign for the school counts the family's confirmation above.
  const [[demoId]] = dbQuery("SELECT id FROM admission_reregistrations WHERE org_id = (SELECT id FROM orgs WHERE code = 'IR-THR-S0101') ORDER BY id LIMIT 1");
  const demo = (await api('GET', `/api/v1/admissions/reregistrations/${demoId}?limit=500`, { token })).json;
  await page.goto(`/admissions/reregistrations/${demoId}?lang=en`);
  await page.locator('.rereg-campaign').waitFor();
  await settled(page);
  assert.equal(await page.locator('#rr-confirmed').innerText(), String(demo.counts.confirmed));
  assert.equal(await page.locator('#rr-corrected').innerText(), String(demo.counts.with_corrections));
  assert.ok(demo.counts.confirmed >= 1);
  await shotTall(page, 'en-reregistration-campaign');
  page.assertClean();
  await page.closeAll();
});
