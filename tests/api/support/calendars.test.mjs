// The support calendars (su-clock, issue 18; docs/support.md, "Calendars
// and holidays"): the working week and the holidays loaded by `tabula
// migrate` from the embedded files, read by anyone signed in; holiday files
// replaced through PUT by the country's ministry and through `tabula support
// holidays`; bad files answered with problem+json and nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, api, assertProblem, cli, DB, uniq, userWithRole } from '../lib.mjs';

const names = (en) => ({ fa: `تعطیل ${en}`, vi: `Ngày nghỉ ${en}`, en });
const vnFile = (year, days) => ({
  country: 'VN', year,
  holidays: days.map((date) => ({ date, calendar: 'gregorian', names: names(`day ${date}`) })),
});

async function holidaysOf(token, country, year) {
  const res = await api('GET', `/api/v1/support/calendars/${country}?year=${year}`, { token });
  assert.equal(res.status, 200, res.text);
  return res.json.holidays.map((h) => h.date);
}

test('the calendars: the working week and the holidays migrate loaded, for anyone signed in', async () => {
  const reader = await userWithRole('guardian');
  const ir = await api('GET', '/api/v1/support/calendars/IR', { token: reader.token });
  assert.equal(ir.status, 200, ir.text);
  assert.equal(ir.json.country, 'IR');
  assert.equal(ir.json.time_zone, 'Asia/Tehran');
  assert.deepEqual(ir.json.week.sat, [['08:00', '16:00']]);
  assert.deepEqual(ir.json.week.thu, [['08:00', '12:00']]);
  assert.deepEqual(ir.json.week.fri, []);
  // Nowruz 1405 through the Solar Hijri calendar: 1-4 Farvardin = 21-24 March 2026.
  const nowruz = ir.json.holidays.filter((h) => h.date >= '2026-03-21' && h.date <= '2026-03-24');
  assert.equal(nowruz.length, 4);
  for (const h of nowruz) {
    assert.equal(h.calendar, 'solar_hijri');
    assert.equal(h.year, 1405);
    assert.match(h.names.fa, /نوروز/);
    assert.match(h.names.en, /Nowruz/);
    assert.equal(typeof h.names.vi, 'string');
  }
  assert.ok(ir.json.holidays.some((h) => h.calendar === 'lunar_hijri' && h.names.en === 'Ashura'));
  const y1406 = await api('GET', '/api/v1/support/calendars/IR?year=1406', { token: reader.token });
  assert.ok(y1406.json.holidays.length > 10);
  assert.ok(y1406.json.holidays.every((h) => h.year === 1406 && h.date >= '2027-03-21' && h.date <= '2028-03-19'));

  const vn = await api('GET', '/api/v1/support/calendars/VN?year=2027', { token: reader.token });
  assert.equal(vn.status, 200, vn.text);
  assert.equal(vn.json.time_zone, 'Asia/Ho_Chi_Minh');
  assert.deepEqual(vn.json.week.mon, [['08:00', '12:00'], ['13:00', '17:00']]);
  assert.deepEqual(vn.json.week.sun, []);
  const tet = vn.json.holidays.find((h) => h.date === '2027-02-06');
  assert.equal(tet.calendar, 'lunisolar');
  assert.match(tet.names.vi, /Tết Nguyên Đán/);
  assert.ok(vn.json.holidays.every((h) => h.year === 2027));

  assertProblem(await api('GET', '/api/v1/support/calendars/FR', { token: reader.token }), 404, 'support_calendar_unknown', 'country');
  assertProblem(await api('GET', '/api/v1/support/calendars/IR?year=abc', { token: reader.token }), 422);
  assert.equal((await api('GET', '/api/v1/support/calendars/IR')).status, 401);
});

test('PUT replaces a year of holidays; bad files change nothing', async () => {
  const token = await admin();
  const path = '/api/v1/support/calendars/VN/holidays/2031';
  const first = await api('PUT', path, { token, body: vnFile(2031, ['2031-01-01', '2031-04-30', '2031-05-01']) });
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.json, { country: 'VN', year: 2031, loaded: 3 });
  assert.deepEqual(await holidaysOf(token, 'VN', 2031), ['2031-01-01', '2031-04-30', '2031-05-01']);
  // A second load replaces the year whole.
  const second = await api('PUT', path, { token, body: vnFile(2031, ['2031-09-02', '2031-01-01']) });
  assert.equal(second.status, 200, second.text);
  assert.deepEqual(await holidaysOf(token, 'VN', 2031), ['2031-01-01', '2031-09-02']);

  const bad = [
    [vnFile(2031, ['2032-01-01']), 422, 'invalid_holidays', 'holidays[0].date'],
    [vnFile(2031, ['2031-02-30']), 422, 'invalid_holidays', 'holidays[0].date'],
    [vnFile(2031, ['2031-01-01', '2031-01-01']), 422, 'invalid_holidays', 'holidays'],
    [vnFile(2031, []), 422, 'invalid_holidays', 'holidays'],
    [vnFile(2030, ['2030-01-01']), 422, 'invalid_holidays', 'year'],
    [{ ...vnFile(2031, ['2031-01-01']), holidays: [{ date: '2031-01-01', calendar: 'julian', names: names('x') }] }, 422, 'invalid_holidays', 'holidays[0].calendar'],
    [{ ...vnFile(2031, ['2031-01-01']), holidays: [{ date: '2031-01-01', calendar: 'gregorian', names: { fa: 'x', en: 'y' } }] }, 422, 'invalid_holidays', 'holidays[0].names.vi'],
    [{ country: 'IR', year: 1410, holidays: [{ jdate: '1410-01-01', calendar: 'solar_hijri', names: names('n') }] }, 422, 'invalid_holidays', 'country'],
    ['{"country": "VN", "year": 2031, "holidays": [', 400, 'malformed_json', undefined],
    ['[1, 2]', 400, 'not_an_object', undefined],
  ];
  for (const [body, status, code, field] of bad) {
    const res = await api('PUT', path, { token, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assertProblem(res, status, code, field);
  }
  assert.deepEqual(await holidaysOf(token, 'VN', 2031), ['2031-01-01', '2031-09-02']);
  assertProblem(await api('PUT', '/api/v1/support/calendars/FR/holidays/2031', { token, body: vnFile(2031, ['2031-01-01']) }), 422, 'invalid_holidays', 'country');
  assertProblem(await api('PUT', '/api/v1/support/calendars/VN/holidays/abc', { token, body: vnFile(2031, ['2031-01-01']) }), 404);
});

test('only a national ministry_admin or one of the country\'s ministry loads holidays', async () => {
  const token = await admin();
  const vnMinistry = uniq('M');
  const res = await api('POST', '/api/v1/orgs', { token, body: { code: vnMinistry, name: `Bộ ${vnMinistry}`, kind: 'ministry', country: 'VN' } });
  assert.equal(res.status, 201, res.text);
  const vnAdmin = await userWithRole('ministry_admin', vnMinistry);
  const ok = await api('PUT', '/api/v1/support/calendars/VN/holidays/2033', { token: vnAdmin.token, body: vnFile(2033, ['2033-01-01']) });
  assert.equal(ok.status, 200, ok.text);
  const irFile = { country: 'IR', year: 1412, holidays: [{ jdate: '1412-01-01', calendar: 'solar_hijri', names: names('Nowruz') }] };
  assertProblem(await api('PUT', '/api/v1/support/calendars/IR/holidays/1412', { token: vnAdmin.token, body: irFile }), 403, 'out_of_scope');
  assert.deepEqual(await holidaysOf(token, 'IR', 1412), []);
  const province = uniq('P');
  assert.equal((await api('POST', '/api/v1/orgs', { token, body: { code: province, name: `Tỉnh ${province}`, kind: 'province', parent: vnMinistry } })).status, 201);
  const officer = await userWithRole('province_officer', province);
  assertProblem(await api('PUT', '/api/v1/support/calendars/VN/holidays/2033', { token: officer.token, body: vnFile(2033, ['2033-09-02']) }), 403);
  assert.deepEqual(await holidaysOf(token, 'VN', 2033), ['2033-01-01']);
  const national = await api('PUT', '/api/v1/support/calendars/IR/holidays/1412', { token, body: irFile });
  assert.equal(national.status, 200, national.text);
  assert.deepEqual(await holidaysOf(token, 'IR', 1412), ['2033-03-20']);
});

test('tabula support holidays loads a file and prints it; a bad file changes nothing', async () => {
  const token = await admin();
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  const good = join(dir, 'VN-2032.json');
  writeFileSync(good, JSON.stringify(vnFile(2032, ['2032-01-01', '2032-09-02'])));
  const r = cli(['support', 'holidays', '--db', DB, '--file', good]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^holidays VN 2032: 2 days loaded \(2032-01-01 \.\. 2032-09-02\)$/m);
  assert.match(r.stdout, /2032-09-02 gregorian .*"en":"day 2032-09-02"/);
  assert.deepEqual(await holidaysOf(token, 'VN', 2032), ['2032-01-01', '2032-09-02']);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify(vnFile(2032, ['2032-13-01'])));
  const b = cli(['support', 'holidays', '--db', DB, '--file', bad]);
  assert.equal(b.status, 1);
  assert.match(b.stderr, /invalid_holidays at holidays\[0\]\.date/);
  assert.deepEqual(await holidaysOf(token, 'VN', 2032), ['2032-01-01', '2032-09-02']);
  assert.equal(cli(['support', 'holidays', '--db', DB]).status, 2);
  assert.equal(cli(['support', 'holidays', '--db', DB, '--file', join(dir, 'none.json')]).status, 1);
});
