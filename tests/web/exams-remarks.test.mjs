// The session office's re-marking list on the demo (src/demo/exams.c): the
// mock exam's candidate asks for re-marking in a subject; the province
// office (hanoi) finds the request in the session page's "Re-marking
// requests" section (the pending list, GET .../sessions/:id/remarks),
// decides it with the new score, and the request leaves the list; the
// section in Persian and Vietnamese.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, closeBrowser, settled, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const CANDIDATE = 'candidate.done';
const OFFICE = 'hanoi';
const WAIT = { timeout: 5000 };

test('the office sees a pending re-marking request in the session page, decides it, and it leaves the list (English); the section in Persian and Vietnamese', async () => {
  const token = await login(CANDIDATE, PASSWORD);
  const mine = (await api('GET', '/api/v1/exams/registrations/mine', { token })).json.items;
  const reg = mine.find((r) => r.candidate_number !== null);
  assert.ok(reg, 'the mock exam registration');
  const scores = (await api('GET', `/api/v1/exams/registrations/${reg.id}/results`, { token })).json.scores;
  // physics is the re-marking of exams-review.test.mjs: another subject here
  const pick = scores.find((x) => x.subject !== 'physics' && x.remark === null);
  assert.ok(pick, 'a scored subject not yet re-marked');
  const asked = await api('POST', `/api/v1/exams/registrations/${reg.id}/remarks`, { token, body: { subjects: [pick.subject] } });
  assert.equal(asked.status, 201, asked.text);
  const pack = (await api('GET', '/api/v1/exams/packs/vn-thpt-2025', { token })).json;
  const name = (lang) => pack.subjects.find((s) => s.code === pick.subject).names[lang];

  const office = await newPage();
  await signIn(office, OFFICE, 'en', `/exams/sessions/${reg.session}`);
  await office.locator('table.exam-remark-list').waitFor(WAIT);
  await settled(office);
  assert.equal(await office.locator('#exam-remarks-h').innerText(), strings.en['ex.remarks_pending']);
  const row = office.locator('table.exam-remark-list tbody tr').filter({ hasText: reg.candidate_number }).filter({ hasText: name('en') });
  assert.equal(await row.count(), 1, 'the request, once');
  assert.match(await row.innerText(), new RegExp(String(Number(pick.score))));
  await row.getByLabel(`New score in ${name('en')}`).fill('9.25');
  await row.getByRole('button', { name: 'Decide' }).click();
  await office.locator('.exam-remarks .notice-ok').waitFor(WAIT);
  assert.match(await office.locator('.exam-remarks .notice-ok').innerText(), /9\.25/);
  await office.waitForFunction(([num, subj]) => ![...document.querySelectorAll('table.exam-remark-list tbody tr')]
    .some((tr) => tr.innerText.includes(num) && tr.innerText.includes(subj)), [reg.candidate_number, name('en')], WAIT);
  office.assertClean();
  await office.closeAll();
  const after = (await api('GET', `/api/v1/exams/registrations/${reg.id}/results`, { token })).json.scores.find((x) => x.subject === pick.subject);
  assert.deepEqual([after.score, after.remark.status, after.remark.new_score], ['9.25', 'decided', '9.25']);

  for (const lang of ['fa', 'vi']) {
    const page = await newPage({ width: 360, height: 740 });
    await signIn(page, OFFICE, lang, `/exams/sessions/${reg.session}`);
    await page.locator('#exam-remarks-h').waitFor(WAIT);
    await page.locator('.exam-remarks-count').waitFor(WAIT);
    await settled(page);
    assert.equal(await page.locator('#exam-remarks-h').innerText(), strings[lang]['ex.remarks_pending']);
    page.assertClean();
    await page.closeAll();
  }
});
