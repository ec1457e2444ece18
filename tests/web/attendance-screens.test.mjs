// The attendance and timetable screens against canned answers in the shapes
// of the issue 6 contract (/work/contract-issue6.md, docs/web.md): the
// browser's requests to those endpoints are answered here (page.route), in
// memory, so that the screens are exercised where the API does not have them
// yet. Everything else (sign-in, the class and its students) is the real
// server. tests/web/attendance.test.mjs runs the same screens against the
// real endpoints once they are merged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, signIn, shot, shotTall, closeBrowser, settled, assertNoHorizontalScroll, api, login, PASSWORD } from './lib.mjs';

after(closeBrowser);

const STATUSES = ['present', 'late', 'absent_excused', 'absent_unexcused'];

/** Answer the contract's endpoints for PAGE from memory; returns the requests' bodies seen. */
async function canned(page) {
  const marks = new Map(); // "class|date|period" -> Map(student -> status)
  const seen = [];
  const roster = async (id) => (await page.request.get(`/api/v1/classes/${id}`)).json();
  await page.route(/\/api\/v1\/classes\/\d+\/attendance(\?|$)/, async (route) => {
    const req = route.request();
    const id = Number(/classes\/(\d+)/.exec(req.url())[1]);
    const cls = await roster(id);
    if (req.method() === 'POST') {
      const b = req.postDataJSON();
      seen.push(b);
      const bad = b.entries.findIndex((e) => !STATUSES.includes(e.status));
      if (bad >= 0) return route.fulfill({ status: 422, contentType: 'application/problem+json', json: { status: 422, code: 'unknown_value', field: `entries[${bad}].status` } });
      const key = `${id}|${b.date}|${b.period ?? 0}`;
      const old = marks.get(key) ?? new Map();
      const changed = b.entries.filter((e) => old.has(e.student) && old.get(e.student) !== e.status).length;
      marks.set(key, new Map(b.entries.map((e) => [e.student, e.status])));
      return route.fulfill({ json: { class: id, date: b.date, period: b.period, saved: b.entries.length, changed } });
    }
    const u = new URL(req.url());
    const got = marks.get(`${id}|${u.searchParams.get('date')}|${u.searchParams.get('period') ?? 0}`) ?? new Map();
    return route.fulfill({ json: { class: id, date: u.searchParams.get('date'), period: null, entries: cls.students.map((s) => ({ student: s.id, given_name: s.given_name, family_name: s.family_name, status: got.get(s.id) ?? null, note: null })) } });
  });
  await page.route(/\/api\/v1\/students\/\d+\/attendance(\?|$)/, (route) => route.fulfill({ json: {
    student: Number(/students\/(\d+)/.exec(route.request().url())[1]), school_year: '2026-2027',
    terms: [{ term: 1, present: 41, late: 3, absent_excused: 1, absent_unexcused: 2 }, { term: 2, present: 0, late: 0, absent_excused: 0, absent_unexcused: 0 }],
    records: [{ date: '2026-11-18', period: null, status: 'late', note: null }, { date: '2026-11-10', period: 3, status: 'absent_unexcused', note: null }],
  } }));
  const periods = [
    { weekday: 1, period: 1, subject: 'TOAN', subject_name: 'Toán', teacher: 'teacher.pdp', room: 'P101', class: 918, class_name: '10A1' },
    { weekday: 1, period: 2, subject: 'VAN', subject_name: 'Ngữ văn', teacher: 'teacher.pdp', room: 'P101', class: 918, class_name: '10A1' },
    { weekday: 3, period: 4, subject: 'TOAN', subject_name: 'Toán', teacher: 'teacher.pdp', room: null, class: 918, class_name: '10A1' },
    { weekday: 6, period: 1, subject: 'VAN', subject_name: 'Ngữ văn', teacher: null, room: null, class: 918, class_name: '10A1' },
  ];
  await page.route(/\/api\/v1\/(classes\/\d+\/timetable|timetable\?|students\/\d+\/timetable)/, (route) => route.fulfill({ json: { class: 918, student: 1, teacher: 'teacher.pdp', periods } }));
  return seen;
}

const WORDS = {
  fa: { take: 'حضور و غیاب', present: 'حاضر', late: 'با تأخیر', absent: 'غایب', excused: 'غایب موجه', save: 'ذخیره حضور و غیاب', all: 'همه حاضر' },
  vi: { take: 'Điểm danh', present: 'Có mặt', late: 'Đi muộn', absent: 'Vắng không phép', excused: 'Vắng có phép', save: 'Lưu điểm danh', all: 'Tất cả có mặt' },
  en: { take: 'Take attendance', present: 'Present', late: 'Late', absent: 'Absent', excused: 'Absent, excused', save: 'Save attendance', all: 'All present' },
};

for (const [lang, teacher] of [['fa', 'teacher.beheshti'], ['vi', 'teacher.pdp'], ['en', 'teacher.beheshti']]) {
  test(`attendance screen on a phone (${lang}, canned answers): all present, taps cycle, one save with the whole class`, async () => {
    const w = WORDS[lang];
    const page = await newPage({ width: 360, height: 740 });
    const seen = await canned(page);
    await signIn(page, teacher, lang);
    await page.locator('.my-classes').getByRole('link', { name: w.take }).click();
    await page.locator('#att-0').waitFor();
    await settled(page);
    const buttons = page.locator('button.att');
    const n = await buttons.count();
    assert.ok(n > 10, `${n} students`);
    assert.deepEqual([...new Set(await buttons.locator('.att-status').allInnerTexts())], [w.present]);
    // One tap per step; four taps come round to present.
    await page.locator('#att-1').click();
    for (let i = 0; i < 2; i++) await page.locator('#att-2').click();
    for (let i = 0; i < 3; i++) await page.locator('#att-3').click();
    for (let i = 0; i < 4; i++) await page.locator('#att-4').click();
    assert.deepEqual(await buttons.locator('.att-status').evaluateAll((b) => b.slice(0, 5).map((x) => x.innerText)),
      [w.present, w.late, w.absent, w.excused, w.present]);
    // Every button says its state in words, and is big enough to tap.
    const box = await page.locator('#att-0').boundingBox();
    assert.ok(box.height >= 44 && box.width >= 300, `tap target ${box.width}x${box.height}`);
    await assertNoHorizontalScroll(page, `${lang} attendance`);
    await shotTall(page, `${lang}-360-attendance`);
    await page.getByRole('button', { name: w.save }).click();
    await page.locator('.notice-ok').waitFor();
    assert.equal(seen.length, 1);
    assert.equal(seen[0].entries.length, n);
    assert.equal(seen[0].period, null);
    assert.match(seen[0].date, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(seen[0].entries.slice(0, 5).map((e) => e.status), ['present', 'late', 'absent_unexcused', 'absent_excused', 'present']);
    await page.getByRole('button', { name: w.all }).click();
    assert.deepEqual([...new Set(await buttons.locator('.att-status').allInnerTexts())], [w.present]);
    page.assertClean();
    await page.closeAll();
  });
}

test('a child\'s attendance (canned answers): totals per term and recent records, on a phone', async () => {
  const token = await login('principal.beheshti', PASSWORD);
  const kid = (await api('GET', '/api/v1/students?school=IR-THR-S0101&grade=2&limit=1', { token })).json.items[0];
  const page = await newPage({ width: 360, height: 740 });
  await canned(page);
  await signIn(page, 'principal.beheshti', 'fa');
  await page.goto(`/students/${kid.id}/attendance?lang=fa`);
  await page.locator('table.att-totals').waitFor();
  await settled(page);
  const rows = await page.locator('table.att-totals tbody tr').allInnerTexts();
  assert.deepEqual(rows.map((r) => r.replace(/\s+/g, ' ').trim()), ['حاضر ۴۱ ۰', 'با تأخیر ۳ ۰', 'غایب ۲ ۰', 'غایب موجه ۱ ۰']);
  assert.match((await page.locator('.att-records li').allInnerTexts())[1], /زنگ ۳\s+غایب/);
  await assertNoHorizontalScroll(page, 'fa child attendance');
  await shot(page, 'fa-360-child-attendance');
  page.assertClean();
  await page.closeAll();
});

test('timetables (canned answers): the teacher\'s week in Vietnamese from Monday, the class\'s in Persian from Saturday', async () => {
  const token = await login('teacher.pdp', PASSWORD);
  const cls = (await api('GET', '/api/v1/orgs/VN-HN-BD03/classes', { token })).json.items.find((c) => c.homeroom_teacher === 'teacher.pdp');
  const page = await newPage();
  await canned(page);
  await signIn(page, 'teacher.pdp', 'vi');
  await page.getByRole('navigation').getByRole('link', { name: 'Tuần của tôi' }).click();
  await page.locator('.week').waitFor();
  const days = (await page.locator('.day h2').allInnerTexts()).map((d) => d.replace(/\s*hôm nay$/, ''));
  assert.deepEqual(days, ['Thứ Hai', 'Thứ Tư', 'Thứ Bảy']);
  assert.deepEqual(await page.locator('.day').first().locator('.slot strong').allInnerTexts(), ['Toán', 'Ngữ văn']);
  await shot(page, 'vi-timetable');
  await page.goto(`/classes/${cls.id}/timetable?lang=fa`);
  await page.getByRole('heading', { level: 1, name: `برنامه هفتگی — ${cls.name}` }).waitFor();
  await page.locator('.week').waitFor();
  await settled(page);
  assert.deepEqual((await page.locator('.day h2').allInnerTexts()).map((d) => d.replace(/\s*امروز$/, '')), ['شنبه', 'دوشنبه', 'چهارشنبه']);
  page.assertClean();
  await page.closeAll();
});
