// Bulk import and export of students: POST /api/v1/imports/students (a
// background job followed at /api/v1/jobs/{id}), GET /api/v1/exports/students,
// and the `tabula import` / `tabula export` commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  api, admin, assertProblem, cli, school, startServer, uniq, userWithRole, irCode, vnCccd, DB,
} from '../lib.mjs';

const TMP = process.env.TABULA_TMP;
const HEADER = 'national_id,country,given_name,family_name,birth_date,sex,school,grade,school_year,sector_id,class';

/** A CSV cell as a spreadsheet writes it. */
function cell(v) {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (arrays, or objects with the header's keys) as CSV text. */
function csv(rows, { header = HEADER, eol = '\n', bom = false } = {}) {
  const cols = header.split(',');
  const lines = [header, ...rows.map((r) => (Array.isArray(r) ? r : cols.map((c) => r[c])).map(cell).join(','))];
  return (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

function student(schoolCode, over = {}) {
  return {
    national_id: irCode(), country: 'IR', given_name: 'Sara', family_name: `Ahmadi ${uniq('')}`,
    birth_date: '2015-04-02', sex: 'F', school: schoolCode, grade: 4, school_year: '2025-2026',
    sector_id: '', class: '4A', ...over,
  };
}

async function upload(body, token, headers = {}) {
  return api('POST', '/api/v1/imports/students', {
    token: token ?? (await admin()), body, headers: { 'content-type': 'text/csv; charset=utf-8', ...headers },
  });
}

/** Follow a job until it is no longer running; returns its last state. */
async function finished(id, token, base) {
  for (let i = 0; i < 600; i++) {
    const res = await api('GET', `/api/v1/jobs/${id}`, { token: token ?? (await admin()), base });
    assert.equal(res.status, 200, res.text);
    if (res.json.status !== 'running') return res.json;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} still running`);
}

/** Parse Tabula's CSV (quoted cells, CRLF) into arrays. */
function parseCsv(text) {
  const rows = [];
  let row = [], cur = '', q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cur); cur = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { row.push(cur); rows.push(row); row = []; cur = ''; }
    else cur += c;
  }
  if (cur || row.length) { row.push(cur); rows.push(row); }
  return rows;
}

async function errorsOf(id, token) {
  const res = await api('GET', `/api/v1/jobs/${id}/errors`, { token: token ?? (await admin()) });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const [head, ...rows] = parseCsv(res.text);
  assert.deepEqual(head, ['line', 'field', 'code', 'message']);
  return rows.map(([line, field, code, message]) => ({ line: Number(line), field, code, message }));
}

/** GET an export, its bytes as text with the BOM kept (fetch's text() drops it). */
async function exported(query, token, base = process.env.TABULA_URL) {
  const res = await fetch(`${base}/api/v1/exports/students?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

async function byNationalId(nid, token) {
  const res = await api('GET', `/api/v1/students?q=${encodeURIComponent(nid)}`, { token: token ?? (await admin()) });
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

test('a good file is imported in the background; the job reaches done', async () => {
  const { school: s } = await school();
  const rows = [student(s), student(s, { sex: 'M', given_name: 'Reza', grade: 2, class: '' }), student(s, { grade: 6 })];
  const res = await upload(csv(rows));
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.status, 'running');
  assert.equal(res.json.location, `/api/v1/jobs/${res.json.job}`);
  assert.equal(res.headers.get('location'), res.json.location);
  const job = await finished(res.json.job);
  assert.equal(job.status, 'done', job.message);
  assert.equal(job.kind, 'import_students');
  assert.deepEqual([job.total, job.processed, job.succeeded, job.failed], [3, 3, 3, 0]);
  assert.equal(job.errors_url, `/api/v1/jobs/${job.id}/errors`);
  assert.match(job.created_at, /^\d{4}-\d\d-\d\dT/);
  assert.match(job.finished_at, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(await errorsOf(job.id), []);
  const list = await api('GET', `/api/v1/students?school=${s}`, { token: await admin() });
  assert.equal(list.json.items.length, 3);
  for (const r of rows) {
    const [got] = await byNationalId(r.national_id);
    for (const k of ['national_id', 'country', 'given_name', 'family_name', 'birth_date', 'sex', 'school', 'grade', 'school_year']) {
      assert.equal(got[k], r[k], k);
    }
    assert.equal(got.class, r.class || null);
  }
});

test('likely duplicates are flagged inside one file and against stored records; imported names are searchable', async () => {
  const { school: s } = await school();
  const token = await admin();
  const family = `Karimi ${uniq('')}`;
  // Stored before the file: a record without a national id.
  const before = await api('POST', '/api/v1/students', {
    token, body: { ...student(s, { family_name: family, given_name: 'Leila', national_id: undefined }), grade: 4 },
  });
  assert.equal(before.status, 201, before.text);
  const rows = [
    student(s, { family_name: family, given_name: 'Leila' }), // matches the stored one, which has no id
    student(s, { family_name: family, given_name: 'Maryam', national_id: '' }),
    student(s, { family_name: family, given_name: 'Maryam' }), // matches the row above, in the same batch
    student(s, { family_name: family, given_name: 'Nazanin' }),
    student(s, { family_name: family, given_name: 'Nazanin', birth_date: '2015-04-03' }), // another day: not a match
  ];
  const job = await finished((await upload(csv(rows))).json.job);
  assert.equal(job.status, 'done', job.message);
  assert.equal(job.succeeded, 5);
  const list = await api('GET', `/api/v1/students?school=${s}&review=1`, { token });
  const flagged = list.json.items.map((x) => x.given_name).sort();
  assert.deepEqual(flagged, ['Leila', 'Leila', 'Maryam', 'Maryam']);
  // Both name orders find the imported rows, birth date and sex do not get in the way.
  for (const q of [`${family} maryam`, `maryam ${family}`, `${family}`]) {
    const found = await api('GET', `/api/v1/students?q=${encodeURIComponent(q)}&limit=50`, { token });
    assert.equal(found.status, 200, found.text);
    const want = q === family ? 6 : 2;
    assert.equal(found.json.items.length, want, q);
  }
});

test('every bad row is reported by line, field and code; good rows all land, bad rows leave nothing', async () => {
  const token = await admin();
  const { school: s } = await school();
  const { school: primary } = await school(undefined, { level: 'primary' });
  const taken = student(s);
  assert.equal((await api('POST', '/api/v1/students', { token, body: taken })).status, 201);
  const good = student(s, { family_name: 'O\'Neil, "Jr."', given_name: 'Sara\nJane' });
  const persian = irCode();
  const badCheck = persian.slice(0, 9) + String((Number(persian[9]) + 1) % 10);
  const unknown = student('NO-SUCH-SCHOOL');
  const once = student(s);
  const notTaught = student(primary, { grade: 11 });
  const row = (r) => csv([r]).split('\n').slice(1).join('\n').replace(/\n$/, '');
  // CRLF line ends and a BOM, as Excel saves "CSV UTF-8". The good row's
  // given name holds a line end inside quotes, so it spans lines 2 and 3.
  const body = '\uFEFF' + [
    HEADER, //                                                     line 1
    row(good), //                                                  2-3
    row(student(s, { national_id: badCheck })), //                 4
    row(unknown), //                                               5
    row(once), //                                                  6
    '', //                                                         7: blank, skipped
    row(student(s, { national_id: taken.national_id })), //        8: held in the database
    [irCode(), 'IR', 'Short', 'Row'].join(','), //                 9
    row(student(s, { //                                            10: Persian digits, Arabic letters
      national_id: persian.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]), given_name: 'علي', family_name: 'كاظمي',
      birth_date: '۲۰۱۴-۰۳-۰۴', grade: '۵',
    })),
    row(notTaught), //                                             11
    row(student(s, { birth_date: '2015-02-30' })), //              12
    row(student(s, { national_id: once.national_id })), //         13: line 6 has it
  ].join('\r\n') + '\r\n';
  const res = await upload(body, token);
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.total, 10);
  const job = await finished(res.json.job);
  assert.equal(job.status, 'done', job.message);
  const errors = await errorsOf(job.id);
  assert.deepEqual(errors.map((e) => [e.line, e.field, e.code]), [
    [4, 'national_id', 'check_digit'],
    [5, 'school', 'unknown_school'],
    [8, 'national_id', 'duplicate_national_id'],
    [9, '', 'wrong_field_count'],
    [11, 'grade', 'grade_not_taught'],
    [12, 'birth_date', 'invalid'],
    [13, 'national_id', 'duplicate_national_id'],
  ]);
  for (const e of errors) assert.ok(e.message.length > 5, JSON.stringify(e));
  assert.deepEqual([job.total, job.processed, job.succeeded, job.failed], [10, 10, 3, 7]);

  const [g] = await byNationalId(good.national_id);
  assert.equal(g.family_name, 'O\'Neil, "Jr."');
  assert.equal(g.given_name, 'Sara Jane');
  const [p] = await byNationalId(persian);
  assert.equal(p.given_name, 'علی');
  assert.equal(p.family_name, 'کاظمی');
  assert.equal(p.birth_date, '2014-03-04');
  assert.equal(p.grade, 5);
  assert.equal((await byNationalId(once.national_id)).length, 1);
  // What failed left nothing: the taken id still names one student, the
  // original; the rows of an unknown school or a wrong grade are absent.
  const t = await byNationalId(taken.national_id);
  assert.equal(t.length, 1);
  assert.equal(t[0].family_name, taken.family_name);
  assert.deepEqual(await byNationalId(unknown.national_id), []);
  assert.deepEqual(await byNationalId(notTaught.national_id), []);
  const list = await api('GET', `/api/v1/students?school=${s}`, { token });
  assert.equal(list.json.items.length, 4); // taken, good, once, persian
});

test('Vietnamese rows: the CCCD must agree with birth date and sex', async () => {
  const { school: s } = await school(undefined, { country: 'VN' });
  const ok = { national_id: vnCccd(2012, 'M'), country: 'VN', given_name: 'Văn An', family_name: 'Nguyễn', birth_date: '2012-03-04', sex: 'M', school: s, grade: 8, school_year: '2025-2026' };
  const bad = { ...ok, national_id: vnCccd(2012, 'F') };
  const res = await upload(csv([ok, bad], { header: 'country,national_id,given_name,family_name,birth_date,sex,school,grade,school_year' }));
  assert.equal(res.status, 202, res.text);
  const job = await finished(res.json.job);
  assert.deepEqual([job.succeeded, job.failed], [1, 1]);
  assert.deepEqual((await errorsOf(job.id)).map((e) => [e.line, e.field, e.code]), [[3, 'national_id', 'sex_mismatch']]);
  const [got] = await byNationalId(ok.national_id);
  assert.equal(got.sector_id, ok.national_id);
});

test('a registrar imports only into schools they reach; the job is theirs alone', async () => {
  const a = await school();
  const b = await school();
  const principal = await userWithRole('school_admin', a.school);
  const other = await userWithRole('school_admin', b.school);
  const mine = student(a.school);
  const theirs = student(b.school);
  const res = await upload(csv([mine, theirs]), principal.token);
  assert.equal(res.status, 202, res.text);
  const job = await finished(res.json.job, principal.token);
  assert.deepEqual([job.succeeded, job.failed], [1, 1]);
  assert.deepEqual((await errorsOf(job.id, principal.token)).map((e) => [e.line, e.field, e.code]), [[3, 'school', 'out_of_scope']]);
  assert.deepEqual(await byNationalId(theirs.national_id), []);
  // Another user sees no such job; a ministry administrator does.
  assertProblem(await api('GET', `/api/v1/jobs/${job.id}`, { token: other.token }), 404);
  assertProblem(await api('GET', `/api/v1/jobs/${job.id}/errors`, { token: other.token }), 404);
  assert.equal((await api('GET', `/api/v1/jobs/${job.id}`, { token: await admin() })).status, 200);
  assertProblem(await api('GET', '/api/v1/jobs/999999999', { token: await admin() }), 404);
  assertProblem(await api('GET', '/api/v1/jobs/abc', { token: await admin() }), 404);
  // Teachers do not import.
  const teacher = await userWithRole('teacher', a.school);
  assertProblem(await upload(csv([student(a.school)]), teacher.token), 403);
  assertProblem(await api('POST', '/api/v1/imports/students', { body: 'x' }), 401);
});

test('bad uploads are refused at once with a problem and make no job', async () => {
  const token = await admin();
  const { school: s } = await school();
  const first = await upload(csv([]), token);
  assert.equal(first.status, 202, first.text);
  const j = await finished(first.json.job);
  assert.deepEqual([j.status, j.total, j.processed], ['done', 0, 0]);

  assertProblem(await upload(csv([student(s)]), token, { 'content-type': 'application/json' }), 415, 'unsupported_media_type');
  assertProblem(await upload(csv([student(s)]), token, { 'content-type': 'text/csv; charset=latin1' }), 415);
  assertProblem(await upload('', token), 400, 'empty_body');
  assertProblem(await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]), token), 422, 'not_csv');
  const noHeader = csv([student(s)]).split('\n').slice(1).join('\n');
  const r1 = await upload(noHeader, token);
  assertProblem(r1, 422, 'unknown_column');
  assert.match(r1.json.detail, /national_id, country/);
  assertProblem(await upload(csv([student(s)], { header: HEADER.replace(',birth_date', '') }), token), 422, 'missing_column', 'birth_date');
  assertProblem(await upload(csv([student(s)], { header: `${HEADER},grade` }), token), 422, 'duplicate_column', 'grade');
  assertProblem(await upload('\uFEFF\r\n\r\n', token), 422, 'no_header');
  const big = await startServer(['--body-max', '2000']);
  try {
    const res = await uploadTo(big.url, csv(Array.from({ length: 40 }, () => student(s))), await loginOn(big.url));
    // fetch sends a Content-Length, so the body is refused before it is read.
    assert.equal(res.status, 413, res.text);
    assert.equal(res.json.code, 'body_too_large');
  } finally {
    const { code } = await big.stop();
    assert.equal(code, 0);
  }
  const last = await upload(csv([]), token);
  assert.equal(last.status, 202);
  // Nothing in between made a job.
  assert.equal(last.json.job, first.json.job + 1);
});

async function loginOn(base) {
  const res = await api('POST', '/api/v1/auth/login', { base, body: { username: process.env.TABULA_ADMIN_USER, password: process.env.TABULA_ADMIN_PASS } });
  assert.equal(res.status, 200, res.text);
  return res.json.token;
}

/** Upload to another server. */
async function uploadTo(base, body, token) {
  return api('POST', '/api/v1/imports/students', { base, token, body, headers: { 'content-type': 'text/csv' } });
}

test('an export imports back into an empty database as the same students', async () => {
  const token = await admin();
  const chain = await school(undefined, { level: 'primary' });
  const rows = [
    student(chain.school, { family_name: 'Comma, "Quote"', class: '=1+2' }),
    student(chain.school, { given_name: '-Dash', class: '@home', grade: 1 }),
    student(chain.school, { national_id: '', family_name: 'Without Id', grade: 6 }),
    student(chain.school, { given_name: 'علی', family_name: 'رضایی', sex: 'M' }),
  ];
  const res = await upload(csv(rows), token);
  const job = await finished(res.json.job);
  assert.deepEqual([job.succeeded, job.failed], [4, 0], JSON.stringify(await errorsOf(job.id)));

  const exp = await exported(`school=${chain.school}`, token);
  assert.equal(exp.status, 200, exp.text);
  assert.match(exp.headers.get('content-type'), /^text\/csv/);
  assert.match(exp.headers.get('content-disposition'), new RegExp(`attachment; filename="students-${chain.school}.csv"`));
  assert.equal(exp.text.charCodeAt(0), 0xfeff, 'a BOM for spreadsheets');
  const table = parseCsv(exp.text);
  assert.equal(table[0].join(','), HEADER);
  assert.equal(table.length, 5);
  // Formula characters are defused with a leading quote.
  const classes = table.slice(1).map((r) => r[10]);
  assert.ok(classes.includes("'=1+2") && classes.includes("'@home"), classes.join(' '));
  assert.ok(table.slice(1).some((r) => r[2] === "'-Dash"));

  // A fresh SQLite database with the same organisation codes.
  const path = join(TMP, `roundtrip-${uniq('')}.db`);
  const url = `sqlite:${path}`;
  assert.equal(cli(['migrate', '--db', url]).status, 0);
  const pw = `pw-${uniq()}`;
  assert.equal(cli(['user', 'add', '--db', url, '--username', 'root2', '--role', 'ministry_admin', '--password-stdin'], `${pw}\n`).status, 0);
  const srv = await startServer(['--db', url]);
  try {
    const t2 = (await api('POST', '/api/v1/auth/login', { base: srv.url, body: { username: 'root2', password: pw } })).json.token;
    for (const [code, kind, parent, extra] of [
      [chain.ministry, 'ministry', undefined, { country: 'IR' }], [chain.province, 'province', chain.ministry],
      [chain.district, 'district', chain.province], [chain.school, 'school', chain.district, { level: 'primary' }]]) {
      const r = await api('POST', '/api/v1/orgs', { base: srv.url, token: t2, body: { code, name: `Copy ${code}`, kind, parent, ...extra } });
      assert.equal(r.status, 201, r.text);
    }
    const up = await uploadTo(srv.url, exp.text, t2);
    assert.equal(up.status, 202, up.text);
    const j2 = await finished(up.json.job, t2, srv.url);
    assert.deepEqual([j2.status, j2.succeeded, j2.failed], ['done', 4, 0], j2.message);
    const again = await exported(`org=${chain.ministry}`, t2, srv.url);
    assert.equal(again.status, 200);
    assert.equal(again.text, exp.text);
  } finally {
    assert.equal((await srv.stop()).code, 0);
  }
});

test('exports of a subtree, and their refusals', async () => {
  const token = await admin();
  const a = await school();
  const res = await upload(csv([student(a.school), student(a.school)]), token);
  await finished(res.json.job);
  const whole = await api('GET', `/api/v1/exports/students?org=${a.province}`, { token });
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('x-total-count'), '2');
  assert.equal(parseCsv(whole.text).length, 3);
  assertProblem(await api('GET', `/api/v1/exports/students?school=${a.district}`, { token }), 422, 'not_a_school', 'school');
  assertProblem(await api('GET', '/api/v1/exports/students?org=NO-SUCH-ORG', { token }), 404, 'unknown_org', 'org');
  assertProblem(await api('GET', '/api/v1/exports/students', { token }), 422, 'required');
  assertProblem(await api('GET', `/api/v1/exports/students?school=${a.school}&org=${a.district}`, { token }), 422);
  const b = await school();
  const principal = await userWithRole('school_admin', b.school);
  assertProblem(await api('GET', `/api/v1/exports/students?school=${a.school}`, { token: principal.token }), 403, 'out_of_scope');
  const own = await api('GET', `/api/v1/exports/students?school=${b.school}`, { token: principal.token });
  assert.equal(own.status, 200);
});

test('tabula import: a summary, an error report next to the file, exit codes', async () => {
  const { school: s } = await school();
  const file = join(TMP, `import-${uniq('')}.csv`);
  const good = student(s);
  writeFileSync(file, csv([good, student(s, { sex: 'X' }), student(s, { grade: 4 })]));
  const r = cli(['import', 'students', '--db', DB, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^imported 2, failed 1$/m);
  const report = file.replace(/\.csv$/, '.errors.csv');
  assert.ok(existsSync(report), r.stderr);
  const rows = parseCsv(readFileSync(report, 'utf8'));
  assert.deepEqual(rows, [['line', 'field', 'code', 'message'], [3, 'sex', 'invalid', rows[1]?.[3]].map(String)]);
  assert.equal((await byNationalId(good.national_id)).length, 1);

  // Acting as a school's principal: other schools are out of scope.
  const other = await school();
  const principal = await userWithRole('school_admin', s);
  const f2 = join(TMP, `import-${uniq('')}.csv`);
  writeFileSync(f2, csv([student(s), student(other.school)]));
  const r2 = cli(['import', 'students', '--db', DB, '--as', principal.username, f2]);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /^imported 1, failed 1$/m);
  assert.match(readFileSync(f2.replace(/\.csv$/, '.errors.csv'), 'utf8'), /\r\n3,school,out_of_scope,/);

  // A bad header fails the job: exit 1 with the reason.
  const f3 = join(TMP, `import-${uniq('')}.csv`);
  writeFileSync(f3, 'name,age\nx,1\n');
  const r3 = cli(['import', 'students', '--db', DB, f3]);
  assert.equal(r3.status, 1);
  assert.match(r3.stderr, /Unknown column "name"/);
  // Usage errors: exit 2.
  assert.equal(cli(['import', 'students', '--db', DB]).status, 2);
  assert.equal(cli(['import', 'teachers', '--db', DB, f3]).status, 2);
  assert.equal(cli(['import', 'students', '--db', DB, join(TMP, 'no-such.csv')]).status, 1);
  assert.equal(cli(['import', 'students', '--db', DB, '--as', 'no-such-user', file]).status, 1);
});

test('tabula export writes what the API exports', async () => {
  const token = await admin();
  const { school: s, district } = await school();
  const res = await upload(csv([student(s), student(s, { given_name: 'Zed, "the" =one' })]), token);
  await finished(res.json.job);
  const r = cli(['export', 'students', '--db', DB, '--org', district]);
  assert.equal(r.status, 0, r.stderr);
  const viaApi = await exported(`org=${district}`, token);
  assert.equal(viaApi.status, 200);
  assert.equal(r.stdout, viaApi.text);
  assert.match(r.stderr, /export: 2 students/);
  assert.equal(cli(['export', 'students', '--db', DB]).status, 2);
  const bad = cli(['export', 'students', '--db', DB, '--org', 'NO-SUCH-ORG']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /No organisation has this code/);
});

test('SIGTERM during an import: the job ends (done or stopped at a batch) and the server exits 0', async () => {
  const token = await admin();
  const { school: s } = await school();
  const srv = await startServer(['--shutdown-grace', '5']);
  const t = await loginOn(srv.url);
  const rows = Array.from({ length: 6000 }, () => student(s));
  const up = await uploadTo(srv.url, csv(rows), t);
  assert.equal(up.status, 202, up.text);
  const { code, stderr } = await srv.stop();
  assert.equal(code, 0, stderr);
  // The job is not left running: it finished, or stopped at a batch
  // boundary and says where.
  const job = (await api('GET', `/api/v1/jobs/${up.json.job}`, { token })).json;
  assert.notEqual(job.status, 'running');
  if (job.status === 'failed') assert.match(job.message, /stopped/);
  assert.equal(job.processed, job.succeeded + job.failed);
  const list = await api('GET', `/api/v1/students?school=${s}&limit=500`, { token });
  assert.ok(list.json.items.length <= job.succeeded);
});
