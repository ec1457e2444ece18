// Grades and report cards in chromium against a real server: a teacher types a
// column of grades in Persian digits with one bad value, sees the API's
// message on that cell, fixes it and saves the column in one request; the
// term average appears per student; report cards show the averages the API
// computes, to staff, a guardian and the student, and print in either
// direction; the principal locks and unlocks a term from the school home.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, signIn, shot, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, cli, uniq,
  PASSWORD, DB,
} from './lib.mjs';

after(closeBrowser);

const IR = 'IR-THR-S0102'; // an Iranian upper secondary school: ir-20, scores 0-20 weighted by units
// A class of VN-HN-BD03 (vn-tt22) the demo leaves empty (it fills 10A1, teacher.pdp's
// homeroom class); teacher.pdp teaches it a subject here.
const VN_CLASS_NAME = '10A2';
// Likewise at IR-THR-S0101 (ir-descriptive): the demo fills 1-الف.
const IR_PRIMARY_CLASS_NAME = '1-ب';

const fa = (s) => String(s).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))).replace(/\./g, '٫');

function addUser(username, role, org, extra = []) {
  const r = cli(['user', 'add', '--db', DB, '--username', username, '--role', role, ...(org ? ['--org', org] : []),
    '--password-stdin', ...extra], `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);
}

/** A principal and a teacher of the Iranian school, and one of its classes with MATH (4 units) and PHYS (3). */
async function irClass(index) {
  const tag = uniq('').toLowerCase();
  const principal = `principal.${tag}`;
  const teacher = `teacher.${tag}`;
  addUser(principal, 'school_admin', IR);
  addUser(teacher, 'teacher', IR);
  const ptoken = await login(principal, PASSWORD);
  const classes = (await api('GET', `/api/v1/orgs/${IR}/classes`, { token: ptoken })).json.items;
  const cls = classes.filter((c) => c.policy === 'ir-20')[index];
  assert.ok(cls, `class ${index} of ${IR}`);
  for (const subject of ['MATH', 'PHYS']) {
    const r = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject, teacher } });
    assert.equal(r.status, 200, r.text);
  }
  const detail = (await api('GET', `/api/v1/classes/${cls.id}`, { token: ptoken })).json;
  return { principal, teacher, ptoken, ttoken: await login(teacher, PASSWORD), cls: detail };
}

async function vnClass() {
  const ptoken = await login('principal.pdp', PASSWORD);
  const cls = (await api('GET', '/api/v1/orgs/VN-HN-BD03/classes', { token: ptoken })).json.items
    .find((c) => c.name === VN_CLASS_NAME);
  assert.ok(cls, VN_CLASS_NAME);
  return { ptoken, cls };
}

async function saveGrades(token, cls, subject, term, assessment, values) {
  const r = await api('POST', `/api/v1/classes/${cls}/grades`, { token, body: { subject, term, assessment, grades: values } });
  assert.equal(r.status, 200, r.text);
}

test('grade entry (fa, ir-20): a column in Persian digits, one bad value refused on its cell, fixed and saved in one request', async () => {
  const { teacher, ttoken, cls } = await irClass(0);
  const page = await newPage();
  page.expectHttpError(new RegExp(`/api/v1/classes/${cls.id}/grades$`)); // the 422 this test provokes
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith(`/classes/${cls.id}/grades`)) posts.push(r.postDataJSON()); });
  await signIn(page, teacher, 'fa');
  await page.getByRole('navigation').getByRole('link', { name: 'نمره‌ها' }).click();
  await page.getByRole('heading', { level: 1, name: 'ثبت نمره' }).waitFor();
  // Every picker is labelled; the class, then the subject, term and assessment.
  await page.getByLabel('کلاس', { exact: true }).selectOption(String(cls.id));
  await page.getByLabel('درس', { exact: true }).selectOption('MATH');
  await page.getByLabel('نوبت', { exact: true }).selectOption('1');
  assert.deepEqual(await page.locator('#pick-assessment option').evaluateAll((o) => o.map((x) => x.value)), ['score']);
  await page.locator('#grid-h').filter({ hasText: 'ریاضیات' }).waitFor();
  await page.locator('#g-0').waitFor();
  await settled(page);
  const rows = page.locator('table.grades tbody tr');
  assert.equal(await rows.count(), cls.students.length);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input, main select')]
    .filter((el) => !el.labels?.length).map((el) => el.id));
  assert.deepEqual(unlabelled, []);

  // Keyboard only: type, Enter moves down; the third value is out of range.
  await page.locator('#g-0').focus();
  const typed = ['۱۸٫۵', '١٩٫٢٥', '۲۵', '۱۲', '۱۷٫۷۵']; // Persian and Arabic-Indic digits, the Persian decimal separator
  for (const v of typed) {
    await page.keyboard.type(v);
    await page.keyboard.press('Enter');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-5');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-4');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-5');
  assert.match(await page.locator('.save-bar').innerText(), /۵ مورد ذخیره نشده/);
  await page.getByRole('button', { name: 'ذخیره ستون' }).click();

  // The API's 422 names grades[2].value: the message is on that cell, which takes focus.
  const err = page.locator('#g-2-error');
  await err.waitFor();
  assert.equal(await err.innerText(), 'این مقدار خارج از محدوده است. نمره از ۰ تا ۲۰ با حداکثر دو رقم اعشار.');
  const bad = page.locator('#g-2');
  assert.equal(await bad.getAttribute('aria-invalid'), 'true');
  assert.equal(await bad.getAttribute('aria-describedby'), 'g-2-error');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-2');
  assert.equal(await rows.nth(2).getAttribute('class'), 'bad');
  await page.getByRole('alert').filter({ hasText: 'ردیف ۳' }).waitFor();
  assert.equal(await page.locator('.field-error').count(), 1, 'only the bad cell says so');
  await shot(page, 'fa-grades-error');
  // Nothing was stored.
  let book = (await api('GET', `/api/v1/classes/${cls.id}/grades?subject=MATH`, { token: ttoken })).json;
  assert.ok(book.students.slice(0, 5).every((s) => s.terms[0].score === undefined), 'a refused column stores nothing');

  // Fixed: the message goes as soon as the cell changes; Ctrl+S saves from the cell.
  await bad.fill('۱۵');
  assert.equal(await page.locator('#g-2-error').count(), 0);
  await page.keyboard.press('Control+s');
  const n = cls.students.length;
  await page.getByRole('status').filter({ hasText: `ذخیره شد: ${fa(n)} نمره، ${fa(5)} تغییر.` }).waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-2', 'the focus stays on the cell saved from');

  // Two requests in all, each the whole column, values as numbers.
  assert.equal(posts.length, 2);
  const last = posts[1];
  assert.deepEqual([last.subject, last.term, last.assessment, last.grades.length], ['MATH', 1, 'score', n]);
  assert.deepEqual(last.grades.slice(0, 6).map((g) => g.value), [18.5, 19.25, 15, 12, 17.75, null]);
  assert.deepEqual(last.grades.map((g) => g.student), cls.students.map((s) => s.id));
  book = (await api('GET', `/api/v1/classes/${cls.id}/grades?subject=MATH`, { token: ttoken })).json;
  assert.deepEqual(book.students.slice(0, 5).map((s) => s.terms[0].score), [18.5, 19.25, 15, 12, 17.75]);
  // The term's result per student, from the gradebook the API answers after the save.
  assert.deepEqual(await rows.locator('td.avg').evaluateAll((c) => c.slice(0, 6).map((x) => x.innerText)),
    ['۱۸٫۵', '۱۹٫۲۵', '۱۵', '۱۲', '۱۷٫۷۵', '—']);
  assert.equal(await page.locator('#g-0').inputValue(), '۱۸٫۵');
  await shotTall(page, 'fa-grades');
  // Back on the screen later, the sheet opens where the teacher left it.
  await page.getByRole('navigation').getByRole('link', { name: 'خانه' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'نمره‌ها' }).click();
  await page.locator('#g-0').waitFor();
  assert.equal(await page.locator('#pick-class').inputValue(), String(cls.id));
  assert.equal(await page.locator('#pick-subject').inputValue(), 'MATH');
  page.assertClean();
  await page.closeAll();

  // The same column in English: the values in ASCII digits.
  const en = await newPage();
  await signIn(en, teacher, 'en');
  await en.goto(`/grades?class=${cls.id}&subject=MATH&term=1&lang=en`);
  await en.locator('#g-0').waitFor();
  await settled(en);
  assert.equal(await en.locator('#g-1').inputValue(), '19.25');
  await en.getByRole('columnheader', { name: 'Term result' }).waitFor();
  await shotTall(en, 'en-grades');
  en.assertClean();
  await en.closeAll();
});

test('grade entry (vi, vn-tt22): regular, mid-term and end-of-term columns give the term average; a decimal comma', async () => {
  const { ptoken, cls } = await vnClass();
  const assign = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject: 'LY', teacher: 'teacher.pdp' } });
  assert.equal(assign.status, 200, assign.text);
  const page = await newPage();
  await signIn(page, 'teacher.pdp', 'vi');
  // The grade entry is in the teacher's menu; the class they teach a subject
  // in is opened by its address (picking it first races the subject list
  // of the class the screen opened with).
  await page.getByRole('navigation').getByRole('link', { name: 'Nhập điểm' }).waitFor();
  await page.goto(`/grades?class=${cls.id}&subject=LY&lang=vi`);
  await page.getByRole('heading', { level: 1, name: 'Nhập điểm' }).waitFor();
  assert.equal(await page.locator('#pick-class').inputValue(), String(cls.id));
  assert.equal(await page.locator('#pick-subject').inputValue(), 'LY');
  await page.locator('#pick-term').selectOption('1');
  const column = async (assessment, name, values) => {
    await page.locator('#pick-assessment').selectOption(assessment);
    await page.locator('#grid-h').filter({ hasText: `Vật lí · ${VN_CLASS_NAME} · Học kỳ I · ${name}` }).waitFor();
    await page.locator('#g-0').waitFor();
    for (const [i, v] of values.entries()) await page.locator(`#g-${i}`).fill(v);
    await page.getByRole('button', { name: 'Lưu cả cột' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await settled(page);
  };
  await column('regular1', 'Thường xuyên 1', ['8,5', '7']);
  await column('regular2', 'Thường xuyên 2', ['9']);
  await column('midterm', 'Giữa kỳ', ['7', '6,5']);
  await column('final', 'Cuối kỳ', ['9', '8']);
  const rows = page.locator('table.grades tbody tr');
  // (8.5 + 9 + 2·7 + 3·9) / 7 = 8.357… → 8,4; (7 + 2·6.5 + 3·8) / 6 = 7.33… → 7,3
  assert.equal(await rows.nth(0).locator('td.avg').innerText(), '8,4');
  assert.equal(await rows.nth(1).locator('td.avg').innerText(), '7,3');
  assert.equal(await rows.nth(2).locator('td.avg').innerText(), '—');
  assert.equal(await rows.nth(0).locator('td.marks').innerText(), 'TX1 8,5 · TX2 9 · GK 7');
  await page.getByRole('columnheader', { name: 'ĐTB học kỳ' }).waitFor();
  const book = (await api('GET', `/api/v1/classes/${cls.id}/grades?subject=LY`, { token: ptoken })).json;
  assert.deepEqual(book.students.slice(0, 2).map((s) => s.term_results[0]), [8.4, 7.3]);
  await shotTall(page, 'vi-grades');
  page.assertClean();
  await page.closeAll();
});

test('grade entry (fa, ir-descriptive): levels chosen by their number from the keyboard, in any digits', async () => {
  const ptoken = await login('principal.beheshti', PASSWORD);
  const cls = (await api('GET', '/api/v1/orgs/IR-THR-S0101/classes', { token: ptoken })).json.items
    .find((c) => c.name === IR_PRIMARY_CLASS_NAME);
  assert.equal(cls.policy, 'ir-descriptive');
  const assign = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject: 'FA', teacher: 'teacher.beheshti' } });
  assert.equal(assign.status, 200, assign.text);
  const kids = assign.json.students;
  const page = await newPage();
  await signIn(page, 'teacher.beheshti', 'fa');
  await page.goto(`/grades?class=${cls.id}&subject=FA&term=1&lang=fa`);
  await page.locator('#grid-h').filter({ hasText: 'فارسی' }).waitFor();
  assert.deepEqual(await page.locator('#pick-assessment option').evaluateAll((o) => o.map((x) => x.value)), ['level']);
  await page.locator('#g-0').focus();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'g-1');
  // A Persian keyboard sends ۴ as the key: level 4.
  await page.locator('#g-1').dispatchEvent('keydown', { key: '۴' });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('2');
  await page.keyboard.press('0'); // clears
  await page.keyboard.press('3');
  assert.deepEqual([await page.locator('#g-0').inputValue(), await page.locator('#g-1').inputValue(), await page.locator('#g-2').inputValue()],
    ['very_good', 'needs_effort', 'acceptable']);
  assert.equal(await page.locator('#g-1 option:checked').innerText(), '۴ · نیاز به تلاش بیشتر');
  await page.keyboard.press('Control+s');
  await page.locator('.notice-ok').waitFor();
  assert.deepEqual(await page.locator('td.avg').evaluateAll((c) => c.slice(0, 4).map((x) => x.innerText)),
    ['خیلی خوب', 'نیاز به تلاش بیشتر', 'قابل قبول', '—']);
  // The report card of the child who needs more effort: the summer programme.
  await page.locator('table.grades tbody tr').nth(1).getByRole('link').click();
  await page.locator('table.rc tfoot td.rc-result').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('table.rc tfoot td.rc-result').first().innerText(), 'برنامه جبرانی تابستان و ارزشیابی دوباره');
  assert.equal(await page.locator('table.rc tbody td.flagged').count(), 1);
  page.assertClean();
  await page.closeAll();
  const book = (await api('GET', `/api/v1/classes/${cls.id}/grades?subject=FA`, { token: ptoken })).json;
  assert.deepEqual(book.students.slice(0, 3).map((x) => x.terms[0].level), ['very_good', 'needs_effort', 'acceptable']);
  assert.equal(book.students[1].id, kids[1].id);
});

test('report card (fa, ir-20): the unit-weighted averages and the flagged subject, for staff and a guardian; print right to left', async () => {
  const { principal, ptoken, ttoken, cls } = await irClass(1);
  const kid = cls.students[0];
  await saveGrades(ttoken, cls.id, 'MATH', 1, 'score', [{ student: kid.id, value: 18.5 }]);
  await saveGrades(ttoken, cls.id, 'PHYS', 1, 'score', [{ student: kid.id, value: 9.5 }]);
  await saveGrades(ttoken, cls.id, 'MATH', 2, 'score', [{ student: kid.id, value: 17 }]);
  await saveGrades(ttoken, cls.id, 'PHYS', 2, 'score', [{ student: kid.id, value: 12 }]);
  const card = (await api('GET', `/api/v1/students/${kid.id}/report-card`, { token: ptoken })).json;
  // (18.5·4 + 9.5·3) / 7 = 14.64; (17·4 + 12·3) / 7 = 14.86; the year is term II's.
  assert.deepEqual([card.terms[0].average, card.terms[1].average, card.year.average], [14.64, 14.86, 14.86]);
  assert.deepEqual(card.terms[0].flagged_subjects, ['PHYS']);

  const mother = uniq('mother.').toLowerCase();
  addUser(mother, 'guardian', IR);
  const link = await api('POST', `/api/v1/students/${kid.id}/guardians`, { token: ptoken, body: { username: mother, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);

  // The guardian, from the child's card on the home.
  const page = await newPage();
  await signIn(page, mother, 'fa');
  await page.locator('li.child').getByRole('link', { name: 'کارنامه' }).click();
  await page.getByRole('heading', { level: 1, name: `کارنامه — ${kid.given_name} ${kid.family_name}` }).waitFor();
  await settled(page);
  const foot = page.locator('table.rc tfoot');
  assert.deepEqual(await foot.locator('td.rc-average').allInnerTexts(), ['۱۴٫۶۴', '۱۴٫۸۶', '۱۴٫۸۶']);
  assert.deepEqual(await foot.locator('td.rc-result').allInnerTexts(),
    ['مردود: تجدید در درس‌های نشان‌دار', 'قبول', 'قبول']);
  const phys = page.locator('table.rc tbody tr').filter({ hasText: 'فیزیک' });
  assert.equal(await phys.locator('td.flagged').count(), 1, 'physics term I is flagged');
  assert.match(await phys.innerText(), /۹٫۵/);
  assert.match(await page.locator('table.rc tbody tr').filter({ hasText: 'ریاضیات' }).innerText(), /۴\s+۱۸٫۵\s+۱۷/);
  await shot(page, 'fa-report-card');

  // Print: only the card is left, the subjects' column on the right.
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.getByRole('button', { name: 'چاپ' }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => ({
    bar: getComputedStyle(document.querySelector('.bar')).display,
    form: document.querySelector('#print-card').offsetParent === null,
    heads: [...document.querySelectorAll('table.rc thead th')].map((th) => th.getBoundingClientRect().x),
    border: getComputedStyle(document.querySelector('table.rc td')).borderTopStyle,
  }));
  assert.deepEqual([layout.bar, layout.form, layout.border], ['none', true, 'solid']);
  assert.ok(layout.heads[0] > layout.heads[layout.heads.length - 1], `rtl: subjects on the right (${layout.heads})`);
  await shot(page, 'fa-report-card-print');
  await page.emulateMedia({ media: 'screen' });
  page.assertClean();
  await page.closeAll();

  // The principal reads the same card from the student's record; the guardian's read is on the trail.
  const staff = await newPage();
  await signIn(staff, principal, 'fa');
  await staff.goto(`/students/${kid.id}?lang=fa`);
  await staff.getByRole('link', { name: 'کارنامه' }).click();
  await staff.locator('table.rc tfoot td.rc-average').first().waitFor();
  assert.equal(await staff.locator('table.rc tfoot td.rc-average').first().innerText(), '۱۴٫۶۴');
  staff.assertClean();
  await staff.closeAll();
  const trail = (await api('GET', `/api/v1/audit?student=${kid.id}&limit=50`, { token: ptoken })).json.items;
  assert.ok(trail.some((a) => a.username === mother && a.action === 'report_card.read' && a.allowed), 'the guardian\'s read is audited');
});

test('report card (vi, vn-tt22): each subject\'s term and year averages, for staff and the student; print left to right', async () => {
  const { ptoken, cls } = await vnClass();
  const assign = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject: 'HOA', teacher: 'teacher.pdp' } });
  assert.equal(assign.status, 200, assign.text);
  const ttoken = await login('teacher.pdp', PASSWORD);
  const kid = assign.json.students[3];
  const marks = [[1, 'regular1', 8], [1, 'midterm', 7], [1, 'final', 9], [2, 'regular1', 6], [2, 'midterm', 8], [2, 'final', 7]];
  for (const [term, assessment, value] of marks) await saveGrades(ttoken, cls.id, 'HOA', term, assessment, [{ student: kid.id, value }]);
  const card = (await api('GET', `/api/v1/students/${kid.id}/report-card`, { token: ptoken })).json;
  const hoa = card.subjects.find((s) => s.code === 'HOA');
  // (8 + 14 + 27) / 6 = 8.17 → 8.2; (6 + 16 + 21) / 6 = 7.17 → 7.2; (8.2 + 2·7.2) / 3 = 7.53 → 7.5
  assert.deepEqual([...hoa.terms, hoa.year], [8.2, 7.2, 7.5]);

  const page = await newPage();
  await signIn(page, 'principal.pdp', 'vi');
  await page.goto(`/students/${kid.id}/report-card?lang=vi`);
  await page.getByRole('heading', { level: 1, name: `Kết quả học tập — ${kid.given_name} ${kid.family_name}` }).waitFor();
  await settled(page);
  const row = page.locator('table.rc tbody tr').filter({ hasText: 'Hóa học' });
  assert.deepEqual(await row.locator('.rc-mark').allInnerTexts(), ['8,2', '7,2', '7,5']);
  assert.deepEqual(await row.locator('.rc-detail').allInnerTexts(), ['TX1 8 · GK 7 · CK 9', 'TX1 6 · GK 8 · CK 7']);
  await page.getByText('Thông tư 22/2021 (THCS, THPT)').waitFor();
  await shot(page, 'vi-report-card');
  await page.emulateMedia({ media: 'print' });
  const heads = await page.evaluate(() => [...document.querySelectorAll('table.rc thead th')].map((th) => th.getBoundingClientRect().x));
  assert.ok(heads[0] < heads[heads.length - 1], `ltr: subjects on the left (${heads})`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.bar')).display), 'none');
  await shot(page, 'vi-report-card-print');
  await page.emulateMedia({ media: 'screen' });
  page.assertClean();
  await page.closeAll();

  // The student's own account, in English, from "My record".
  const own = uniq('student.').toLowerCase();
  addUser(own, 'student', null, ['--student', String(kid.id)]);
  const mine = await newPage();
  await signIn(mine, own, 'en');
  await mine.locator('li.child').getByRole('link', { name: 'Report card' }).click();
  await mine.locator('table.rc').waitFor();
  await settled(mine);
  const mineRow = mine.locator('table.rc tbody tr').filter({ hasText: 'Chemistry' });
  assert.deepEqual(await mineRow.locator('.rc-mark').allInnerTexts(), ['8.2', '7.2', '7.5']);
  await shot(mine, 'en-report-card');
  mine.assertClean();
  await mine.closeAll();
});

test('terms: the principal locks term I on the school home, the grid turns read-only; unlocking asks for a reason', async () => {
  const { principal, teacher, ttoken, cls } = await irClass(2);
  const page = await newPage();
  await signIn(page, principal, 'en');
  const terms = page.locator('section[aria-labelledby="terms-h"]');
  await terms.getByRole('heading', { name: /^Terms of \d{4}-\d{4}$/ }).waitFor();
  await terms.getByRole('button', { name: 'Lock Term I', exact: true }).click();
  await terms.getByRole('button', { name: 'Unlock Term I', exact: true }).waitFor();
  assert.match(await terms.locator('li.term').first().innerText(), /Term I: locked/);

  // Saves for term I are refused now; the teacher's grid says why and offers no cells.
  const refused = await api('POST', `/api/v1/classes/${cls.id}/grades`, { token: ttoken, body: { subject: 'MATH', term: 1, assessment: 'score', grades: [{ student: cls.students[0].id, value: 12 }] } });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.code, 'term_locked');
  const tpage = await newPage();
  await signIn(tpage, teacher, 'en');
  await tpage.goto(`/grades?class=${cls.id}&subject=MATH&term=1&lang=en`);
  await tpage.getByText('Term I is locked by the principal: its grades cannot change until it is unlocked.').waitFor();
  await settled(tpage);
  assert.equal(await tpage.locator('#g-0').count(), 0);
  await tpage.locator('#pick-term').selectOption('2');
  await tpage.locator('#g-0').waitFor();
  tpage.assertClean();
  await tpage.closeAll();

  // Unlocking without a reason is refused beside the field; with one, the term opens again.
  await terms.getByRole('button', { name: 'Unlock Term I', exact: true }).click();
  const reasonErr = page.locator('#unlock-reason-1-error');
  await reasonErr.waitFor();
  assert.equal(await reasonErr.innerText(), 'Say why the term is unlocked.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'unlock-reason-1');
  await page.getByLabel('Why unlock Term I').fill('A corrected physics paper');
  await terms.getByRole('button', { name: 'Unlock Term I', exact: true }).click();
  await terms.getByRole('button', { name: 'Lock Term I', exact: true }).waitFor();
  await terms.locator('summary').click();
  const history = await terms.locator('.term-events li').allInnerTexts();
  assert.ok(history.some((x) => x.includes('locked Term I')), history.join('\n'));
  assert.ok(history.some((x) => x.includes('unlocked Term I (A corrected physics paper)')), history.join('\n'));
  await shot(page, 'en-terms');
  page.assertClean();
  await page.closeAll();
  const ok = await api('POST', `/api/v1/classes/${cls.id}/grades`, { token: ttoken, body: { subject: 'MATH', term: 1, assessment: 'score', grades: [{ student: cls.students[0].id, value: 12 }] } });
  assert.equal(ok.status, 200, ok.text);
});

test('360 px: the grid, the report card and the classes fit a phone in fa and vi', async () => {
  const { ptoken, cls } = await vnClass();
  const assign = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject: 'TOAN', teacher: 'teacher.pdp' } });
  assert.equal(assign.status, 200, assign.text);
  const token = await login('teacher.pdp', PASSWORD);
  const kid = (await api('GET', `/api/v1/classes/${cls.id}`, { token })).json.students[0];
  for (const lang of ['fa', 'vi']) {
    const page = await newPage({ width: 360, height: 740 });
    await signIn(page, 'teacher.pdp', lang);
    for (const where of [`/grades?class=${cls.id}`, `/students/${kid.id}/report-card`, '/classes', `/classes/${cls.id}`]) {
      await page.goto(`${where}${where.includes('?') ? '&' : '?'}lang=${lang}`);
      await page.locator('h1').first().waitFor();
      await settled(page);
      await assertNoHorizontalScroll(page, `${lang} ${where}`);
    }
    await page.goto(`/grades?class=${cls.id}&lang=${lang}`);
    await page.locator('#g-0').waitFor();
    await shot(page, `${lang}-360-grades`);
    page.assertClean();
    await page.closeAll();
  }
});
