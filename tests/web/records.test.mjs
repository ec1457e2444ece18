// Signed school records in chromium (docs/records.md): the public /verify page
// (no login) for a sealed demo record and for a tampered copy pasted into its
// box, and the printable record with its QR code and verification code, in
// Persian (right to left) and Vietnamese (left to right). run-web gives the
// demo a server secret, so the demo's records are signed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, signIn, shot, closeBrowser, settled, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

/** A sealed demo record of SCHOOL: its id, uuid and credential. */
async function demoRecord(principal, school) {
  const token = await login(principal, PASSWORD);
  const list = await api('GET', `/api/v1/records?school=${school}&limit=50`, { token });
  assert.equal(list.status, 200, list.text);
  const r = list.json.items.find((x) => x.status === 'sealed');
  assert.ok(r, `no sealed demo record at ${school}`);
  const cred = (await api('GET', `/api/v1/records/${r.id}`, { token })).json;
  return { id: r.id, uuid: cred.id.replace('urn:uuid:', ''), cred };
}

test('the public verification page: a valid record, and a tampered copy pasted into its box', async () => {
  const rec = await demoRecord('principal.pdp', 'VN-HN-BD03');
  const page = await newPage();
  await page.goto(`/verify/${rec.uuid}?lang=en`);
  await page.locator('#verdict').waitFor();
  assert.match(await page.locator('#verdict').getAttribute('class'), /\bok\b/);
  const text = await page.locator('#public-record').innerText();
  assert.ok(text.includes(rec.cred.issuer.name), text);
  assert.ok(text.includes('2024-2025') || text.includes(rec.cred.credentialSubject.schoolRecord.schoolYear));
  // The minimal view: no name, no grades.
  assert.ok(!text.includes(rec.cred.credentialSubject.familyName), 'the name is shown');
  assert.equal(await page.locator('#public-record li.bad').count(), 0);
  await shot(page, 'verify-valid-en');

  // A tampered copy: the outcome changed after signing.
  const bad = structuredClone(rec.cred);
  bad.credentialSubject.schoolRecord.outcome.result = 'tot';
  bad.credentialSubject.schoolRecord.subjects[0].year = '10.0';
  await page.locator('#credential').fill(JSON.stringify(bad));
  await page.locator('#check-credential').click();
  await page.locator('#check-result .verdict').waitFor();
  assert.match(await page.locator('#check-result .verdict').getAttribute('class'), /\bbad\b/);
  assert.match(await page.locator('#check-result li[data-check="signature:1"]').getAttribute('class'), /\bbad\b/);
  assert.match(await page.locator('#check-result li[data-check="signature:2"]').getAttribute('class'), /\bbad\b/);
  await shot(page, 'verify-tampered-en');
  // The untouched file, uploaded, passes.
  await page.locator('#credential-file').setInputFiles({ name: 'record.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rec.cred)) });
  await page.waitForFunction(() => document.querySelector('#check-result .verdict.ok'));
  // An unknown id says so.
  await page.goto('/verify/00000000-0000-7000-8000-000000000000?lang=vi');
  page.expectHttpError(/\/api\/v1\/public\/records\//);
  await page.locator('.notice, [role=alert]').first().waitFor();
  page.assertClean();
  await page.closeAll();
});

for (const [lang, principal, school, dir] of [['fa', 'principal.beheshti', 'IR-THR-S0101', 'rtl'], ['vi', 'principal.pdp', 'VN-HN-BD03', 'ltr']]) {
  test(`the printable record in ${lang}: school and year, results, signatures, QR and verification code`, async () => {
    const rec = await demoRecord(principal, school);
    const page = await newPage({ width: 900, height: 1200 });
    await signIn(page, principal, lang, `/records/${rec.id}/print`);
    await page.locator('.record-sheet').waitFor();
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.dir), dir);
    const code = await page.locator('#verification-code').innerText();
    assert.match(code, /^[A-Z2-7]{8}$/);
    const sheet = await page.locator('.record-sheet').innerText();
    assert.ok(sheet.includes(rec.cred.issuer.name), 'school name');
    assert.ok(sheet.includes(rec.cred.credentialSubject.schoolRecord.subjects[0].name), 'first subject');
    assert.equal(await page.locator('.signature').count(), 2);
    // The QR image loaded (an SVG of the API, with the same code under it).
    await page.waitForFunction(() => document.querySelector('.rs-qr img')?.complete);
    assert.ok(await page.evaluate(() => document.querySelector('.rs-qr img').naturalWidth > 0));
    const svg = await page.evaluate((id) => fetch(`/api/v1/records/${id}/qr.svg`).then((r) => r.text()), rec.id);
    assert.ok(svg.includes(`>${code}</text>`));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.bar').isVisible(), false);
    await shot(page, `record-print-${lang}`);
    page.assertClean();
    await page.closeAll();
  });
}
