// Signing school records in chromium (docs/records.md, "Workflow"), in
// Persian (right to left) and Vietnamese: the homeroom teacher signs the
// class from its class page, the principal seals the school's year from the
// school home (both after an in-page confirmation), the printed record shows
// both signatures, and the public /verify page of that record says valid.
// run-web gives the server a secret, so signing works.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, closeBrowser, settled, api } from './lib.mjs';
import { admin, userWithRole } from '../api/lib.mjs';
import { vnClass } from '../api/teaching.mjs';

after(closeBrowser);
const YEAR = '2025-2026';

/** A VN class of 3 graded students with both terms of 2025-2026 locked, and its principal. */
async function lockedClass() {
  const token = await admin();
  const c = await vnClass(token, { students: 3 });
  const r = await api('POST', `/api/v1/classes/${c.cls.id}/subjects`, { token, body: { subject: 'TOAN', teacher: c.teacher.username } });
  assert.equal(r.status, 200, r.text);
  for (const term of [1, 2]) {
    for (const [assessment, values] of [['regular1', [8, 6.5, 9]], ['midterm', [7, 5, 9.5]], ['final', [7, 6, 10]]]) {
      const s = await api('POST', `/api/v1/classes/${c.cls.id}/grades`, {
        token: c.teacher.token,
        body: { subject: 'TOAN', term, assessment, grades: c.ids.map((student, i) => ({ student, value: values[i] })) },
      });
      assert.equal(s.status, 200, s.text);
    }
  }
  const principal = await userWithRole('school_admin', c.school);
  return { ...c, principal };
}

async function lock(c, term) {
  const r = await api('POST', `/api/v1/orgs/${c.school}/terms/lock`, { token: c.principal.token, body: { school_year: YEAR, term } });
  assert.equal(r.status, 200, r.text);
}

async function signInAs(page, user, lang, where) {
  await page.goto(`${where}?lang=${lang}`);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.who').waitFor({ state: 'attached' });
}

for (const [lang, dir] of [['fa', 'rtl'], ['vi', 'ltr']]) {
  test(`${lang}: the teacher signs the class, the principal seals the year, the printed record has both signatures and verifies`, async () => {
    const c = await lockedClass();
    await lock(c, 1);

    // The homeroom teacher, on the class page: term 2 still open says so.
    const page = await newPage({ width: 1000, height: 900 });
    await signInAs(page, c.teacher, lang, `/classes/${c.cls.id}`);
    await page.locator('#class-records').waitFor();
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.dir), dir);
    page.expectHttpError(/\/api\/v1\/classes\/\d+\/records\/sign/);
    await page.locator('#sign-class').click();
    // The confirmation says what is signed, and has focus; Escape cancels.
    const text = await page.locator('#confirm-sign-text').innerText();
    assert.ok(text.includes('6A'), text);
    await page.waitForFunction(() => document.activeElement?.id === 'confirm-sign-text', null, { timeout: 5000 }); // focus moves after the render
    await page.keyboard.press('Escape');
    await page.locator('#confirm-sign').waitFor({ state: 'detached' });
    await page.locator('#sign-class').click();
    await page.locator('#confirm-sign-yes').click();
    const alert = page.locator('#class-records [role=alert]');
    await alert.waitFor();
    const strings = JSON.parse(await page.evaluate((l) => fetch(`/i18n/${l}.json`).then((r) => r.text()), lang));
    assert.equal(await alert.innerText(), strings['error.term_not_locked']);

    // Term 2 locked: the same action signs the class (by keyboard).
    await lock(c, 2);
    await page.locator('#sign-class').focus();
    await page.keyboard.press('Enter');
    // The confirmation takes focus once drawn; move on from there, or its
    // own focus would pull the next key away from the button.
    await page.waitForFunction(() => document.activeElement?.id === 'confirm-sign-text', null, { timeout: 5000 });
    await page.locator('#confirm-sign-yes').focus();
    await page.keyboard.press('Enter');
    await page.locator('#records-result').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#class-record-list [data-status="teacher_signed"]').length === 3);
    await shot(page, `${lang}-records-sign`);
    page.assertClean();
    await page.closeAll();

    // The principal, on the school home: 3 await the seal.
    const p = await newPage({ width: 1000, height: 900 });
    await signInAs(p, c.principal, lang, '/');
    await p.locator('#seal-counts').waitFor();
    assert.equal(await p.locator('#seal-year').inputValue(), YEAR);
    assert.ok((await p.locator('#seal-counts').innerText()).includes(lang === 'fa' ? '۳' : '3'));
    await p.locator('#seal-year-button').click();
    assert.ok((await p.locator('#confirm-seal-text').innerText()).includes(c.school));
    await p.locator('#confirm-seal-yes').click();
    await p.locator('#records-result').waitFor();
    await p.waitForFunction(() => document.querySelectorAll('#school-record-list [data-status="sealed"]').length === 3);
    assert.equal(await p.locator('#seal-year-button').isDisabled(), true);
    await shot(p, `${lang}-records-seal`);

    // Its printable record: both signatures, with their signers. The sheet
    // is drawn whole (the signers' names and the code come from answers
    // other than the credential's), so it is read as soon as it shows.
    await p.locator('#school-record-list li').first().locator('a.button-link').click();
    await p.locator('.record-sheet').waitFor();
    assert.match(await p.locator('#verification-code').innerText(), /^[A-Z2-7]{8}$/);
    const sigs = await p.locator('.signature').allInnerTexts();
    assert.equal(sigs.length, 2);
    assert.ok(sigs[0].includes(c.teacher.username), sigs[0]);
    assert.ok(sigs[1].includes(c.principal.username), sigs[1]);
    assert.ok(sigs.every((s) => !s.includes('—')), sigs.join(' | '));
    p.assertClean();
    await p.closeAll();

    // The public page of that record, signed out: valid.
    const list = await api('GET', `/api/v1/records?school=${c.school}&year=${YEAR}`, { token: c.principal.token });
    const uuid = list.json.items[0].uuid.replace('urn:uuid:', '');
    const v = await newPage();
    await v.goto(`/verify/${uuid}?lang=${lang}`);
    await v.locator('#verdict').waitFor();
    assert.match(await v.locator('#verdict').getAttribute('class'), /\bok\b/);
    assert.equal(await v.locator('#public-record li.bad').count(), 0);
    v.assertClean();
    await v.closeAll();
  });
}
