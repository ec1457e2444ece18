// The admissions screens for what came after the first placement API:
// documents uploaded from a phone and reviewed by the school, offers
// accepted and declined with the waitlist moving, appeals filed and decided,
// and a new child registered from home in a round with a rule set, then
// applied for with the form prefilled. Rounds are made through the API in
// the demo's district; closing one moves its clock in the database as
// tests/api/admissions/placements.test.mjs does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, irCode, PASSWORD } from './lib.mjs';
import { dbQuery } from '../api/lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const FIRST = 'IR-THR-S0101';
const OTHER = 'IR-THR-S0104';
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let officer;
before(async () => { officer = await login('tehran.d01', PASSWORD); });

async function newRound(over = {}) {
  const res = await api('POST', '/api/v1/admissions/rounds', {
    token: officer,
    body: {
      org: 'IR-THR-D01', name: `Web ${Date.now()} ${Math.random()}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 2, seed: 77,
      schools: [{ code: FIRST, capacity: 1 }, { code: OTHER, capacity: 1 }], ...over,
    },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** Guardian NN of the demo district applies for the child with BODY's choices; returns { username, token, app }. */
async function applyAs(n, roundId, body) {
  const username = `guardian.d01.${String(n).padStart(2, '0')}`;
  const token = await login(username, PASSWORD);
  const kid = (await api('GET', '/api/v1/students?limit=5', { token })).json.items[0];
  const res = await api('POST', `/api/v1/admissions/rounds/${roundId}/applications`, { token, body: { student: kid.id, ...body } });
  assert.equal(res.status, 201, res.text);
  return { username, token, app: res.json };
}

test('documents: the family uploads a photo from a phone in Persian; the school returns it with a reason in Vietnamese; the family sees why', async () => {
  const round = await newRound({
    documents: [{ kind: 'birth_certificate', required: true }, { kind: 'proof_of_address', claim: 'area' }],
    verify_claims: true,
    priorities: { groups: { zone: 1 }, zones: { [FIRST]: ['W0101'] } },
  });
  const fam = await applyAs(6, round.id, { choices: [FIRST, OTHER], claims: { area: 'W0101' } });

  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, fam.username, 'fa', `/admissions/applications/${fam.app.id}`);
  await page.locator('.adm-documents').waitFor();
  await settled(page);
  assert.deepEqual(await page.locator('.adm-doc h3 > span:first-child').allInnerTexts(), [strings.fa['doc_kind.birth_certificate'], strings.fa['doc_kind.proof_of_address']]);
  assert.match(await page.locator('.adm-documents .notice-info').innerText(), new RegExp(strings.fa['doc_kind.birth_certificate']));
  // The File itself is the body: its type here, its bytes by their hash below (no form encoding).
  const sent = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/documents?kind=')) sent.push({ type: r.headers()['content-type'], url: r.url() }); });
  await page.locator('#file-birth_certificate').setInputFiles({ name: 'shenasnameh.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('.adm-doc').first().getByRole('button', { name: strings.fa['adm.upload'] }).click();
  await page.locator('.adm-doc').first().locator('.notice-ok').waitFor();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].type, 'image/png');
  assert.match(sent[0].url, /kind=birth_certificate$/);
  await page.locator('.adm-doc').first().locator('a[download]').waitFor();
  assert.match(await page.locator('.adm-doc').first().innerText(), new RegExp(strings.fa['review.pending']));
  const stored = (await api('GET', `/api/v1/admissions/applications/${fam.app.id}`, { token: fam.token })).json;
  assert.equal(stored.documents.length, 1);
  assert.equal(stored.documents[0].sha256, createHash('sha256').update(PNG).digest('hex'));
  assert.deepEqual(stored.missing_documents, ['proof_of_address'], 'the area claimed needs its proof');
  assert.match(await page.locator('.adm-doc').nth(1).innerText(), new RegExp(strings.fa['adm.missing']));
  await assertNoHorizontalScroll(page, 'fa documents');
  await shotTall(page, 'fa-360-admissions-documents');

  // The school: its queue of applications to check, the document returned, the area verified.
  const school = await newPage();
  await signIn(school, 'principal.beheshti', 'vi', `/admissions/rounds/${round.id}/applications?review=pending`);
  await school.locator('table.adm-app-list').waitFor();
  await settled(school);
  assert.equal(await school.locator('#review-filter').inputValue(), 'pending');
  assert.deepEqual(await school.locator('table.adm-app-list tbody th').allInnerTexts(), [String(fam.app.id)]);
  await school.locator('table.adm-app-list tbody th a').click();
  await school.locator('.adm-reviews').waitFor();
  await settled(school);
  const docTarget = `document:${stored.documents[0].id}`;
  const docItem = school.locator(`.adm-review[data-target="${docTarget}"]`);
  await docItem.getByRole('button', { name: strings.vi['adm.return'] }).click();
  await docItem.getByLabel(strings.vi['adm.return_reason']).fill('Ảnh mờ, chụp lại rõ hơn');
  await docItem.getByRole('button', { name: strings.vi['adm.return_send'] }).click();
  await docItem.locator('.notice-ok').waitFor();
  assert.match(await docItem.innerText(), new RegExp(strings.vi['review.returned']));
  const area = school.locator('.adm-review[data-target="claim:area"]');
  await area.getByRole('button', { name: strings.vi['adm.verify'] }).click();
  await area.locator('.notice-ok').waitFor();
  assert.match(await area.innerText(), new RegExp(strings.vi['review.verified']));
  assert.equal(await school.locator('#adm-review-status').innerText(), strings.vi['app_status.returned']);
  school.assertClean();
  await school.closeAll();

  // The family reads what was returned and why.
  await page.reload();
  await page.locator('.adm-documents').waitFor();
  await settled(page);
  assert.equal(await page.locator('#adm-review-status').innerText(), strings.fa['app_status.returned']);
  assert.match(await page.locator('.adm-doc').first().locator('.notice-error').innerText(), /Ảnh mờ, chụp lại rõ hơn/);
  page.assertClean();
  await page.closeAll();
});

test('offers and appeals: a family declines, the waitlist moves the next one up, who accepts; an unplaced family appeals and the officer upholds it', async () => {
  const round = await newRound();
  const fams = [];
  for (const n of [7, 8, 9]) fams.push(await applyAs(n, round.id, { choices: [FIRST, OTHER] }));
  dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${round.id}`);
  for (const verb of ['seal', 'run']) assert.equal((await api('POST', `/api/v1/admissions/rounds/${round.id}/${verb}`, { token: officer })).status, 200);
  const view = async (f) => (await api('GET', `/api/v1/admissions/applications/${f.app.id}`, { token: f.token })).json;
  const at = {};
  for (const f of fams) at[(await view(f)).placement.school ?? 'none'] = f;
  assert.ok(at[FIRST] && at[OTHER] && at.none, 'one each');

  // The family at OTHER waits first on FIRST's list (Persian digits).
  const waiting = await newPage({ width: 360, height: 740 });
  await signIn(waiting, at[OTHER].username, 'fa', `/admissions/applications/${at[OTHER].app.id}`);
  await waiting.locator('.adm-offer').waitFor();
  await settled(waiting);
  assert.match(await waiting.locator('.adm-wait').innerText(), /نفر ۱/);
  assert.equal(await waiting.locator('.adm-offer .tag').innerText(), strings.fa['offer.offered']);

  // The family at FIRST declines, after confirming.
  const decliner = await newPage();
  await signIn(decliner, at[FIRST].username, 'en', `/admissions/applications/${at[FIRST].app.id}`);
  await decliner.locator('#offer-decline').click();
  await decliner.locator('#offer-decline-yes').click();
  await decliner.locator('.adm-offer .notice-ok').waitFor();
  assert.equal(await decliner.locator('.adm-offer .tag').innerText(), 'Declined');
  assert.equal(await decliner.locator('#offer-accept').count(), 0);
  decliner.assertClean();
  await decliner.closeAll();

  // The waiting family moved up to FIRST, and accepts.
  await waiting.reload();
  await waiting.locator('.adm-offer').waitFor();
  await settled(waiting);
  assert.match(await waiting.locator('.adm-offer').innerText(), /شهید بهشتی/);
  assert.match(await waiting.locator('.adm-offer').innerText(), new RegExp(strings.fa['adm.moved_up'].split('{')[0].trim()));
  await waiting.locator('#offer-accept').click();
  await waiting.locator('.adm-offer .notice-ok').waitFor();
  assert.equal(await waiting.locator('.adm-offer .tag').innerText(), strings.fa['offer.accepted']);
  assert.equal((await view(at[OTHER])).offer.status, 'accepted');
  await shotTall(waiting, 'fa-360-admissions-offer');
  waiting.assertClean();
  await waiting.closeAll();

  // The unplaced family appeals in Vietnamese.
  const appellant = await newPage({ width: 360, height: 740 });
  await signIn(appellant, at.none.username, 'vi', `/admissions/applications/${at.none.app.id}`);
  await appellant.locator('#appeal-reason').fill('Nhà chúng tôi ở ngay cạnh trường');
  await appellant.getByRole('button', { name: strings.vi['adm.appeal_send'] }).click();
  await appellant.locator('.adm-appeals .notice').waitFor();
  assert.equal(await appellant.locator('.adm-appeals .notice').innerText(), strings.vi['adm.appeal_filed']);
  await appellant.locator('.adm-appeal').waitFor();
  assert.match(await appellant.locator('.adm-appeal').innerText(), new RegExp(strings.vi['appeal.open']));
  assert.equal(await appellant.locator('#appeal-reason').count(), 0, 'one open appeal at a time');

  // The officer upholds it, placing the child at FIRST above its seats.
  const off = await newPage();
  await signIn(off, 'tehran.d01', 'en', `/admissions/rounds/${round.id}`);
  await off.getByRole('link', { name: 'Appeals' }).click();
  await off.locator('.adm-appeal').waitFor();
  await settled(off);
  assert.match(await off.locator('.adm-appeal').innerText(), /Nhà chúng tôi ở ngay cạnh trường/);
  await off.getByLabel('Upheld').check();
  await off.locator('.adm-appeal select').selectOption(FIRST);
  await off.getByLabel('Reason').fill('Lives next to the school');
  await off.getByRole('button', { name: 'Record the decision' }).click();
  await off.locator('.adm-appeals-page .notice').waitFor();
  assert.equal(await off.locator('.adm-appeals-page .notice').innerText(), `Appeal of application ${at.none.app.id}: Upheld.`);
  await off.locator('p[role=status]').filter({ hasText: 'No appeals.' }).waitFor();
  // A second round for those left without a seat: it closes this round's offers.
  await off.goto(`/admissions/rounds/${round.id}?lang=en`);
  await off.getByRole('button', { name: 'Open a second round' }).click();
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  const second = `Second round ${Date.now()}`;
  await off.locator('#sr-name').fill(second);
  await off.locator('#sr-opens').fill(day(1));
  await off.locator('#sr-closes').fill(day(8));
  await off.getByRole('button', { name: 'Open the second round' }).click();
  await off.locator('h1').filter({ hasText: second }).waitFor();
  await settled(off);
  assert.match(await off.locator('main').innerText(), /Second round of/);
  const made = (await api('GET', `/api/v1/admissions/rounds/${round.id}`, { token: officer })).json;
  assert.ok(made.second_round && made.offers_closed_at, 'the first round now has a second, and its offers closed');
  off.assertClean();
  await off.closeAll();

  await appellant.reload();
  await appellant.locator('.adm-appeal').waitFor();
  await settled(appellant);
  assert.match(await appellant.locator('.adm-appeal').innerText(), new RegExp(`${strings.vi['appeal.upheld']}[\\s\\S]*Lives next to the school`));
  assert.equal((await view(at.none)).placement.school, FIRST);
  appellant.assertClean();
  await appellant.closeAll();
});

test('a new child registered from home in Persian (the age refused first, in Persian), then applied for with the form prefilled', async () => {
  const round = await newRound({ rules: 'ir-grade1', max_choices: 2 });
  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, 'guardian.beheshti', 'fa', `/admissions/rounds/${round.id}/apply`);
  await page.locator('form.adm-apply').waitFor();
  await settled(page);
  await page.getByRole('link', { name: strings.fa['adm.new_child'] }).click();
  await page.locator('form.adm-new-child').waitFor();
  await page.locator('#child-given_name').fill('نیلوفر');
  await page.locator('#child-family_name').fill('کاظمی');
  await page.locator('#child-birth_date').fill('۱۴۰۴/۰۱/۱۰'); // far too young
  await page.locator('#child-sex').selectOption('F');
  await page.locator('#child-national_id').fill(irCode());
  page.expectHttpError(/\/children$/);
  await page.getByRole('button', { name: strings.fa['adm.register_child'] }).click();
  await page.locator('#child-birth_date-error').waitFor();
  assert.equal(await page.locator('#child-birth_date-error').innerText(), strings.fa['error.age_not_eligible']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'child-birth_date');
  await page.locator('#child-birth_date').fill('۱۳۹۹/۰۵/۱۰');
  await page.getByRole('button', { name: strings.fa['adm.register_child'] }).click();

  // Back on the form with the new child chosen; the registry's verdict shows.
  await page.locator('.adm-prefill').waitFor();
  await settled(page);
  const chosen = await page.locator('#student option:checked').innerText();
  assert.equal(chosen, 'نیلوفر کاظمی');
  assert.match(await page.locator('.adm-prefill').innerText(), new RegExp(strings.fa['adm.age_ok']));
  await page.locator(`#add-${FIRST}`).click();
  await page.locator('#adm-submit').click();
  await page.locator('.adm-application').waitFor();
  await settled(page);
  assert.match(await page.locator('h1').innerText(), /نیلوفر کاظمی/);
  const token = await login('guardian.beheshti', PASSWORD);
  const mine = (await api('GET', `/api/v1/admissions/applications?round=${round.id}`, { token })).json.items;
  assert.equal(mine.length, 1);
  assert.equal(mine[0].student.given_name, 'نیلوفر');
  await assertNoHorizontalScroll(page, 'fa new child application');
  page.assertClean();
  await page.closeAll();
});
