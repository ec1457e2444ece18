// Attendance and timetables in chromium against a real server, through the
// endpoints of the issue 6 contract (branch `attend`): taking a class's
// attendance on a phone, a date the API refuses, a guardian's view of their
// child's attendance, and the class, teacher and student timetables.
// Needs the attendance and timetable API: on a branch without it every one of
// these answers 404.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, signIn, shot, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, cli, uniq,
  PASSWORD, DB,
} from './lib.mjs';

after(closeBrowser);

const fa = (s) => String(s).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const today = () => new Date().toISOString().slice(0, 10);

async function homeroom(teacher, school) {
  const token = await login(teacher, PASSWORD);
  const item = (await api('GET', `/api/v1/orgs/${school}/classes`, { token })).json.items
    .find((c) => c.homeroom_teacher === teacher);
  assert.ok(item, `${teacher} has a homeroom class`);
  return { token, cls: (await api('GET', `/api/v1/classes/${item.id}`, { token })).json };
}

const PHONE = { width: 360, height: 740 };
const WORDS = {
  fa: { take: 'حضور و غیاب', present: 'حاضر', late: 'با تأخیر', absent: 'غایب', excused: 'غایب موجه', save: 'ذخیره حضور و غیاب', all: 'همه حاضر' },
  vi: { take: 'Điểm danh', present: 'Có mặt', late: 'Đi muộn', absent: 'Vắng không phép', excused: 'Vắng có phép', save: 'Lưu điểm danh', all: 'Tất cả có mặt' },
  en: { take: 'Take attendance', present: 'Present', late: 'Late', absent: 'Absent', excused: 'Absent, excused', save: 'Save attendance', all: 'All present' },
};

for (const [lang, teacher, school, period] of [
  ['fa', 'teacher.beheshti', 'IR-THR-S0101', null],
  ['vi', 'teacher.pdp', 'VN-HN-BD03', null],
  ['en', 'teacher.beheshti', 'IR-THR-S0101', 2],
]) {
  test(`attendance on a phone (${lang}): everyone present by default, a tap cycles the status, one save for the class`, async () => {
    const { token, cls } = await homeroom(teacher, school);
    const w = WORDS[lang];
    const page = await newPage(PHONE);
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith(`/classes/${cls.id}/attendance`)) posts.push(r.postDataJSON()); });
    await signIn(page, teacher, lang);
    // From the teacher's home: the homeroom class's attendance, in one tap.
    await page.locator('.my-classes').getByRole('link', { name: w.take }).click();
    await page.locator('#att-0').waitFor();
    if (period) {
      await page.locator('#att-period').selectOption(String(period));
      await page.waitForURL(new RegExp(`period=${period}`)); // the list of that period is asked for
    }
    await page.locator('#att-0').waitFor();
    await settled(page);
    const buttons = page.locator('button.att');
    const n = cls.students.length;
    assert.equal(await buttons.count(), n);
    assert.deepEqual([...new Set(await buttons.locator('.att-status').allInnerTexts())], [w.present]);
    assert.equal(await page.locator('.notice-info').count(), 1, 'nothing taken yet: all present is the default');

    await page.locator('#att-1').click();
    for (let i = 0; i < 2; i++) await page.locator('#att-2').click();
    for (let i = 0; i < 3; i++) await page.locator('#att-3').click();
    for (let i = 0; i < 4; i++) await page.locator('#att-4').click(); // round to present again
    assert.deepEqual(await buttons.locator('.att-status').evaluateAll((b) => b.slice(0, 5).map((x) => x.innerText)),
      [w.present, w.late, w.absent, w.excused, w.present]);
    await assertNoHorizontalScroll(page, `${lang} attendance`);
    await shotTall(page, `${lang}-360-attendance`);
    await page.getByRole('button', { name: w.save }).click();
    await page.locator('.notice-ok').waitFor();
    assert.equal(posts.length, 1);
    assert.equal(posts[0].entries.length, n);
    assert.equal(posts[0].period, period);
    assert.deepEqual(posts[0].entries.slice(0, 5).map((e) => e.status), ['present', 'late', 'absent_unexcused', 'absent_excused', 'present']);
    assert.deepEqual(posts[0].entries.map((e) => e.student), cls.students.map((s) => s.id));
    const date = posts[0].date;
    assert.equal(date, today());

    // Stored: the API answers the marks, and the screen shows them again after a reload.
    const q = `date=${date}${period ? `&period=${period}` : ''}`;
    const got = (await api('GET', `/api/v1/classes/${cls.id}/attendance?${q}`, { token })).json;
    assert.deepEqual(got.entries.slice(0, 5).map((e) => e.status), ['present', 'late', 'absent_unexcused', 'absent_excused', 'present']);
    await page.reload();
    await page.locator('#att-0').waitFor();
    await settled(page);
    assert.equal(await page.locator('.notice-info').count(), 0);
    assert.equal(await page.locator('#att-2 .att-status').innerText(), w.absent);
    // A correction is one more save: one change.
    await page.locator('#att-2').click();
    await page.locator('#att-2').click();
    await page.locator('#att-2').click(); // absent → excused → present → late
    await page.getByRole('button', { name: w.save }).click();
    await page.locator('.notice-ok').waitFor();
    assert.equal(posts.length, 2);
    if (lang === 'fa') assert.match(await page.locator('.notice-ok').innerText(), new RegExp(`${fa(n)} دانش‌آموز، ${fa(1)} تغییر`));
    if (lang === 'en') assert.equal(await page.locator('.notice-ok').innerText(), `Saved: ${n} students, 1 changed.`);
    // "All present" resets the list (not saved until Save).
    await page.getByRole('button', { name: w.all }).click();
    assert.deepEqual([...new Set(await buttons.locator('.att-status').allInnerTexts())], [w.present]);
    page.assertClean();
    await page.closeAll();
  });
}

test('attendance: a date in the future is refused beside the date field', async () => {
  const { cls } = await homeroom('teacher.pdp', 'VN-HN-BD03');
  const page = await newPage(PHONE);
  page.expectHttpError(new RegExp(`/api/v1/classes/${cls.id}/attendance`)); // the 422 this test provokes
  await signIn(page, 'teacher.pdp', 'en');
  await page.goto(`/classes/${cls.id}/attendance?lang=en`);
  await page.locator('#att-0').waitFor();
  const next = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
  await page.locator('#att-date').fill(next);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('#att-date-error').waitFor();
  assert.equal(await page.locator('#att-date').getAttribute('aria-invalid'), 'true');
  page.assertClean();
  await page.closeAll();
});

test('guardian: the child\'s attendance (totals per term, recent records) and report card', async () => {
  const { token, cls } = await homeroom('teacher.beheshti', 'IR-THR-S0101');
  const kid = cls.students[cls.students.length - 1];
  const entries = cls.students.map((s) => ({ student: s.id, status: s.id === kid.id ? 'late' : 'present' }));
  const saved = await api('POST', `/api/v1/classes/${cls.id}/attendance`, { token, body: { date: today(), period: 1, entries } });
  assert.equal(saved.status, 200, saved.text);
  const principal = await login('principal.beheshti', PASSWORD);
  const father = uniq('father.').toLowerCase();
  const r = cli(['user', 'add', '--db', DB, '--username', father, '--role', 'guardian', '--org', 'IR-THR-S0101', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);
  const link = await api('POST', `/api/v1/students/${kid.id}/guardians`, { token: principal, body: { username: father, relation: 'father' } });
  assert.equal(link.status, 201, link.text);

  for (const lang of ['fa', 'en']) {
    const page = await newPage(PHONE);
    await signIn(page, father, lang);
    await page.locator('li.child').getByRole('link', { name: lang === 'fa' ? 'حضور و غیاب' : 'Attendance' }).click();
    await page.locator('table.att-totals').waitFor();
    await settled(page);
    // Late at least once over the terms (the row of "late"), and today's record among the recent ones.
    const lateRow = page.locator('table.att-totals tbody tr').nth(1);
    const late = (await lateRow.locator('td').allInnerTexts()).map((x) => Number(x.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))));
    assert.ok(late.reduce((a, b) => a + b, 0) >= 1, `late: ${late}`);
    const records = await page.locator('.att-records li').allInnerTexts();
    const want = lang === 'fa' ? /زنگ ۱\s+با تأخیر/ : /Period 1\s+Late/;
    assert.ok(records.some((x) => want.test(x)), records.join('\n'));
    await assertNoHorizontalScroll(page, `${lang} guardian attendance`);
    await shot(page, `${lang}-360-guardian-attendance`);
    await page.getByRole('link', { name: lang === 'fa' ? 'کارنامه' : 'Report card' }).click();
    await page.locator('table.rc, .report-card p').first().waitFor();
    await settled(page);
    page.assertClean();
    await page.closeAll();
  }
  // The guardian's read is on the child's trail.
  const trail = (await api('GET', `/api/v1/audit?student=${kid.id}&limit=50`, { token: principal })).json.items;
  assert.ok(trail.some((a) => a.username === father && a.allowed), JSON.stringify(trail.slice(0, 3)));
});

test('timetables: the class, the teacher\'s week and the student\'s, in the reader\'s week order', async () => {
  const ptoken = await login('principal.pdp', PASSWORD);
  const cls = (await api('GET', '/api/v1/orgs/VN-HN-BD03/classes', { token: ptoken })).json.items.find((c) => c.name === '10A1');
  for (const subject of ['TOAN', 'VAN']) {
    const a = await api('POST', `/api/v1/classes/${cls.id}/subjects`, { token: ptoken, body: { subject, teacher: 'teacher.pdp' } });
    assert.equal(a.status, 200, a.text);
  }
  const periods = [
    { weekday: 1, period: 1, subject: 'TOAN', teacher: 'teacher.pdp', room: 'P101' },
    { weekday: 1, period: 2, subject: 'VAN', teacher: 'teacher.pdp', room: 'P101' },
    { weekday: 3, period: 4, subject: 'TOAN', teacher: 'teacher.pdp', room: 'P204' },
    { weekday: 6, period: 1, subject: 'VAN', teacher: null, room: null },
  ];
  const put = await api('PUT', `/api/v1/classes/${cls.id}/timetable`, { token: ptoken, body: { periods } });
  assert.equal(put.status, 200, put.text);
  const kid = (await api('GET', `/api/v1/classes/${cls.id}`, { token: ptoken })).json.students[0];

  const page = await newPage();
  await signIn(page, 'teacher.pdp', 'vi');
  await page.getByRole('navigation').getByRole('link', { name: 'Tuần của tôi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lịch dạy của tôi' }).waitFor();
  await page.locator('.week').waitFor();
  await settled(page);
  const days = await page.locator('.day h2').allInnerTexts();
  assert.deepEqual(days.map((d) => d.replace(/\s*hôm nay$/, '')), ['Thứ Hai', 'Thứ Tư'], 'the teacher teaches Monday and Wednesday');
  const monday = page.locator('.day').first();
  assert.deepEqual(await monday.locator('.slot strong').allInnerTexts(), ['Toán', 'Ngữ văn']);
  await monday.locator('.slot').first().getByRole('link', { name: '10A1' }).waitFor();
  assert.match(await monday.locator('.slot').first().innerText(), /phòng P101/);
  await shot(page, 'vi-timetable-teacher');
  // The class's week: Saturday too (no teacher there).
  await page.goto(`/classes/${cls.id}/timetable?lang=vi`);
  await page.locator('.week').waitFor();
  await settled(page);
  assert.deepEqual((await page.locator('.day h2').allInnerTexts()).map((d) => d.replace(/\s*hôm nay$/, '')), ['Thứ Hai', 'Thứ Tư', 'Thứ Bảy']);
  page.assertClean();
  await page.closeAll();

  // The student's week in Persian starts on Saturday; at 360 px it stacks.
  const fpage = await newPage(PHONE);
  await signIn(fpage, 'principal.pdp', 'fa');
  await fpage.goto(`/students/${kid.id}/timetable?lang=fa`);
  await fpage.locator('.week').waitFor();
  await settled(fpage);
  assert.deepEqual((await fpage.locator('.day h2').allInnerTexts()).map((d) => d.replace(/\s*امروز$/, '')), ['شنبه', 'دوشنبه', 'چهارشنبه']);
  await assertNoHorizontalScroll(fpage, 'fa student timetable');
  await shot(fpage, 'fa-360-timetable');
  fpage.assertClean();
  await fpage.closeAll();
});
