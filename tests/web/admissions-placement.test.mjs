// Seal, run, results and the explanation on screen: a round of the demo's
// district with five of its guardians' applications is closed (the clock
// moved in the database, as tests/api/admissions/placements.test.mjs does);
// the officer seals it in Vietnamese and sees the hash, checks it in the
// browser, runs the placement and reads the results' chart; a family whose
// child missed its first choice reads why, drawn and in words, in English
// and mirrored in Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, signIn, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';
import { spawnSync } from 'node:child_process';
import { cli, dbQuery } from '../api/lib.mjs';

after(closeBrowser);

const strings = Object.fromEntries(['fa', 'vi', 'en'].map((l) => [l, JSON.parse(readFileSync(path.resolve('web', 'i18n', `${l}.json`), 'utf8'))]));
const FIRST = 'IR-THR-S0101';
const OTHER = 'IR-THR-S0104';
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let officer, round;
const families = []; // { username, token, app }

before(async () => {
  officer = await login('tehran.d01', PASSWORD);
  const res = await api('POST', '/api/v1/admissions/rounds', {
    token: officer,
    body: {
      org: 'IR-THR-D01', name: `Placement on screen ${Date.now()}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 2, seed: 20261207,
      schools: [{ code: FIRST, capacity: 2 }, { code: OTHER, capacity: 2 }],
      priorities: { groups: { zone: 1 }, zones: { [FIRST]: ['W0101'] } },
    },
  });
  assert.equal(res.status, 201, res.text);
  round = res.json;
  // Five families rank the first school first; one lives in its zone; the
  // last ranks it alone.
  for (let i = 1; i <= 5; i++) {
    const username = `guardian.d01.${String(i).padStart(2, '0')}`;
    const token = await login(username, PASSWORD);
    const kid = (await api('GET', '/api/v1/students?limit=5', { token })).json.items[0];
    const body = { student: kid.id, choices: i === 5 ? [FIRST] : [FIRST, OTHER] };
    if (i === 1) body.claims = { area: 'W0101' };
    const made = await api('POST', `/api/v1/admissions/rounds/${round.id}/applications`, { token, body });
    assert.equal(made.status, 201, made.text);
    families.push({ username, token, app: made.json });
  }
  dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${round.id}`);
});

/** The x of an SVG line of class CLS in the explanation of school I. */
const lineX = (page, i, cls) => page.locator('.ex-school').nth(i).locator(`line.${cls}`).getAttribute('x1').then(Number);

test('the officer seals and runs in Vietnamese, checks the hash in the browser, and reads the results per school', async () => {
  const page = await newPage();
  await signIn(page, 'tehran.d01', 'vi', `/admissions/rounds/${round.id}`);
  await page.locator('table.adm-schools').waitFor();
  await settled(page);
  assert.match(await page.locator('main .tag').first().innerText(), new RegExp(strings.vi['adm.round_closed']));
  assert.equal(await page.getByRole('button', { name: strings.vi['adm.run'] }).count(), 0, 'no run before the seal');
  await page.getByRole('button', { name: strings.vi['adm.seal'] }).click();
  await page.locator('#inputs-hash').waitFor();
  const sealed = (await api('GET', `/api/v1/admissions/rounds/${round.id}`, { token: officer })).json;
  assert.equal(await page.locator('#inputs-hash').innerText(), sealed.inputs_sha256);
  assert.equal(await page.locator('#placement-msg .notice-ok').innerText(), strings.vi['adm.sealed_ok']);
  const inputs = await api('GET', `/api/v1/admissions/rounds/${round.id}/inputs`, { token: officer });
  assert.equal(createHash('sha256').update(inputs.text).digest('hex'), sealed.inputs_sha256);
  // The browser hashes the published bytes itself.
  await page.getByRole('button', { name: strings.vi['adm.check_inputs'] }).click();
  await page.locator('#check-msg .notice-ok').waitFor();
  assert.equal(await page.locator('#check-msg').innerText(), strings.vi['adm.check_ok']);
  assert.match(await page.locator('.adm-steps').innerText(), new RegExp(`tabula admissions match --input round-${round.id}-inputs.json`));

  await page.getByRole('button', { name: strings.vi['adm.run'] }).click();
  await page.locator('#results-hash').waitFor();
  const run = (await api('GET', `/api/v1/admissions/rounds/${round.id}`, { token: officer })).json;
  assert.equal(await page.locator('#results-hash').innerText(), run.results_sha256);
  // The page's recipe reproduces that hash: the command on the inputs, then
  // jq's canonical form (keys sorted, no spaces).
  const steps = await page.locator('.adm-steps pre').allInnerTexts();
  assert.equal(steps[2], 'jq -jcS . out.json | sha256sum');
  const out = cli(['admissions', 'match', '--input', '-'], inputs.text);
  assert.equal(out.status, 0, out.stderr);
  const jq = spawnSync('jq', ['-jcS', '.'], { input: out.stdout, encoding: 'utf8' });
  assert.equal(jq.status, 0, jq.stderr);
  assert.equal(createHash('sha256').update(jq.stdout).digest('hex'), run.results_sha256);
  // Count from the applications as the API shows them.
  const apps = (await api('GET', `/api/v1/admissions/rounds/${round.id}/applications?limit=100`, { token: officer })).json.items;
  assert.equal(apps.length, 5);
  const filled = { [FIRST]: 0, [OTHER]: 0 };
  let unplaced = 0;
  for (const a of apps) if (a.placement.school) filled[a.placement.school]++; else unplaced++;
  assert.equal(filled[FIRST], 2, 'five ranked it first for two seats');
  assert.ok(unplaced >= 1, 'more children than seats');
  assert.equal(await page.locator('#placement-msg .notice-ok').innerText(),
    strings.vi['adm.run_ok'].replace('{placed}', 5 - unplaced).replace('{unplaced}', unplaced));
  await shotTall(page, 'vi-admissions-round-run');

  await page.getByRole('link', { name: strings.vi['adm.results'], exact: true }).click();
  await page.locator('table.adm-fill').waitFor();
  await settled(page);
  assert.equal(await page.locator('#total-apps').innerText(), '5');
  assert.equal(await page.locator('#total-placed').innerText(), String(5 - unplaced));
  assert.equal(await page.locator('#total-unplaced').innerText(), String(unplaced));
  // Nobody has answered an offer yet: every placed child holds one.
  assert.equal(await page.locator('#total-offered').innerText(), String(5 - unplaced));
  assert.equal(await page.locator('#total-accepted').innerText(), '0');
  const rows = page.locator('table.adm-fill tbody tr');
  assert.equal(await rows.count(), 2);
  for (const [i, code, seats] of [[0, FIRST, 2], [1, OTHER, 2]]) {
    assert.deepEqual(await rows.nth(i).locator('td.n').allInnerTexts(), [String(filled[code]), String(seats)]);
    const bar = rows.nth(i).locator('svg.fill-bar');
    assert.equal(await bar.getAttribute('aria-label'), strings.vi['adm.filled_of'].replace('{filled}', filled[code]).replace('{seats}', seats));
    assert.equal(Number(await bar.locator('rect.fill-done').getAttribute('width')), (100 * filled[code]) / seats);
  }
  await shotTall(page, 'vi-admissions-results');
  page.assertClean();
  await page.closeAll();
});

test('a family that missed its first choice reads why: the cutoff and its own place, drawn and said, mirrored in Persian', async () => {
  // After the run above: someone ranked FIRST first and did not get it.
  let missed;
  for (const f of families) {
    const a = (await api('GET', `/api/v1/admissions/applications/${f.app.id}`, { token: f.token })).json;
    if (a.placement && a.placement.school !== FIRST) { missed = { ...f, a }; break; }
  }
  assert.ok(missed, 'a family placed below its first choice');
  const { a } = missed;
  assert.equal(a.explanation.above[0].school, FIRST);
  assert.equal(a.explanation.above[0].full, true);

  const page = await newPage({ width: 360, height: 740 });
  await signIn(page, missed.username, 'en', `/admissions/applications/${a.id}`);
  await page.locator('.explanation').waitFor();
  await settled(page);
  const schools = page.locator('.ex-school');
  assert.equal(await schools.count(), a.explanation.above.length + (a.explanation.placed ? 1 : 0));
  const first = await schools.first().locator('.ex-text').innerText();
  assert.match(first, /filled its seats\. The last child it admitted had (priority group 1|no priority group), lottery number \d+; yours had no priority group, lottery number \d+, later in its order\./);
  const cut = a.explanation.above[0].admitted_up_to;
  assert.ok(first.includes(`lottery number ${cut.lottery};`));
  assert.ok(first.includes(String(a.explanation.above[0].yours.lottery)));
  // The picture: the family's mark after the cutoff (to the right in English).
  const cutEn = await lineX(page, 0, 'ex-cut');
  const youEn = await lineX(page, 0, 'ex-you');
  assert.ok(youEn > cutEn, `you ${youEn} after the cutoff ${cutEn}`);
  assert.equal(await schools.first().locator('svg').getAttribute('role'), 'img');
  const labelledBy = await schools.first().locator('svg').getAttribute('aria-labelledby');
  assert.equal(await page.locator(`#${labelledBy}`).innerText(), first);
  assert.deepEqual(await schools.first().locator('.ex-axis span').allInnerTexts(), cut.group === null ? ['no group'] : ['group 1', 'no group']);
  await assertNoHorizontalScroll(page, 'en explanation');
  await shotTall(page, 'en-360-admissions-explanation');

  // The same in Persian: the bar mirrored, the numbers in Persian digits.
  await page.goto(`/admissions/applications/${a.id}?lang=fa`);
  await page.locator('.explanation').waitFor();
  await settled(page);
  const cutFa = await lineX(page, 0, 'ex-cut');
  const youFa = await lineX(page, 0, 'ex-you');
  assert.ok(Math.abs(cutFa - (1000 - cutEn)) < 1e-6 && Math.abs(youFa - (1000 - youEn)) < 1e-6, 'mirrored');
  const fa = await schools.first().locator('.ex-text').innerText();
  assert.match(fa, /ظرفیتش پر شد/);
  assert.doesNotMatch(fa, /[0-9]/, 'Persian digits only');
  assert.match(await page.locator('.adm-status').innerText(), a.placement.school ? /پذیرفته در/ : /جایی نیافت/);
  await assertNoHorizontalScroll(page, 'fa explanation');
  await shotTall(page, 'fa-360-admissions-explanation');
  page.assertClean();
  await page.closeAll();
});
