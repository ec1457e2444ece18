// Admission control (issue 13, "overload is answered, never timed out"):
// the registration writes in flight are bounded by admission_queue; past the
// bound the next one is answered 503 queue_full with Retry-After at once,
// before its body is read and without touching the store, and the ones
// admitted are all saved once the writer moves again (docs/reliability.md).
// The writer is held the way another program would hold it: SQLite's write
// lock from the sqlite3 shell (under the 5-second busy timeout), or on
// PostgreSQL an EXCLUSIVE lock on the table the registrations go to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { api, assertProblem, BACKEND, DB, admin, dbQuery, startServer, uniq } from '../lib.mjs';
import { examSetup, register } from './load_setup.mjs';

const N = 4;

/** The value of an unlabelled series (or one whose labels are given) on /metrics. */
async function metric(base, name) {
  const res = await api('GET', '/metrics', { base });
  assert.equal(res.status, 200);
  for (const line of res.text.split('\n')) {
    if (line.startsWith(name + ' ')) return Number(line.slice(name.length + 1));
  }
  return undefined;
}

/** Poll /metrics until cond(values) holds (a state, not a time); fails after 4 s. */
async function until(base, names, cond, what) {
  const deadline = Date.now() + 4000;
  let v;
  for (;;) {
    v = {};
    for (const n of names) v[n] = await metric(base, n);
    if (cond(v)) return v;
    assert.ok(Date.now() < deadline, `${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Hold the store's writer until release(): SQLite's write lock, or an
 * EXCLUSIVE lock on `table` in an open PostgreSQL transaction. */
async function holdWriter(t, table) {
  const proc = BACKEND === 'pgsql'
    ? spawn('psql', [DB, '-Atq'], { stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn('sqlite3', [DB.replace(/^sqlite:/, '')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  t.after(() => proc.kill());
  const locked = new Promise((resolve) => proc.stdout.once('data', resolve));
  proc.stdin.write(BACKEND === 'pgsql'
    ? `BEGIN;\nLOCK TABLE ${table} IN EXCLUSIVE MODE;\nSELECT 'locked';\n`
    : "BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  assert.match(String(await locked), /locked/);
  return { async release() { proc.stdin.end('ROLLBACK;\n'); await exited; } };
}

/** The write under test: candidate i's registration in one open session. */
let ctx;
async function setup() {
  ctx ??= await examSetup(8);
}
const table = 'exam_registrations';
const write = (base, i, key) => register(base, ctx.session, ctx.candidates[i], key);
const exists = (i) => dbQuery(`SELECT count(*) FROM exam_registrations WHERE session_id = ${ctx.session}
  AND person_id = ${ctx.candidates[i].person}`)[0][0] === '1';
const registrations = () => `/api/v1/exams/sessions/${ctx.session}/registrations`;

test('a full admission queue answers 503 queue_full with Retry-After at once; the admitted writes are all saved', async (t) => {
  await setup();
  const s = await startServer(['--admission-queue', String(N)]);
  t.after(() => s.stop());
  assert.equal(await metric(s.url, 'tabula_http_admission_limit'), N);
  const refused0 = await metric(s.url, 'tabula_http_refused_total{reason="queue_full"}');

  const hold = await holdWriter(t, table);
  const codes = Array.from({ length: N + 1 }, () => uniq('Q'));
  const pending = codes.slice(0, N).map((code, i) => write(s.url, i, code));
  // Every one of the N is read and waits for the writer.
  await until(s.url, ['tabula_http_admission_inflight', 'tabula_http_suspended'],
    (v) => v.tabula_http_admission_inflight === N && v.tabula_http_suspended >= N, 'N requests waiting');

  const t0 = performance.now();
  const extra = await write(s.url, N, codes[N]);
  const ms = performance.now() - t0;
  assertProblem(extra, 503, 'queue_full');
  assert.match(extra.headers.get('retry-after') ?? '', /^[1-9]\d*$/, 'Retry-After in seconds');
  assert.ok(ms < 1000, `answered at once, not after the writer: ${ms.toFixed(0)} ms`);
  assert.equal(await metric(s.url, 'tabula_http_refused_total{reason="queue_full"}'), refused0 + 1);
  assert.equal(await metric(s.url, 'tabula_http_admission_inflight'), N, 'the refusal took no place');

  await hold.release();
  const got = await Promise.all(pending);
  for (const res of got) assert.equal(res.status, 201, res.text);
  for (let i = 0; i < N; i++) assert.ok(exists(i), `registration ${i} saved`);
  assert.equal(exists(N), false, 'the refused write left nothing');
  // The places are given back: the gauge is 0 and the next write goes through.
  await until(s.url, ['tabula_http_admission_inflight'], (v) => v.tabula_http_admission_inflight === 0, 'places given back');
  const again = await write(s.url, N, codes[N]);
  assert.equal(again.status, 201, again.text);
  assert.ok(exists(N));
});

test('a refused request is answered from its head alone: its body is never waited for', async (t) => {
  await setup();
  const s = await startServer(['--admission-queue', '1']);
  t.after(() => s.stop());
  const hold = await holdWriter(t, table);
  const first = write(s.url, 5, uniq('Q'));
  await until(s.url, ['tabula_http_admission_inflight'], (v) => v.tabula_http_admission_inflight === 1, 'one waiting');
  // A head that announces 100,000 bytes and sends none of them.
  const { port } = new URL(s.url);
  const answer = await new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), '127.0.0.1');
    let got = '';
    sock.on('data', (d) => { got += d; });
    sock.on('end', () => resolve(got));
    sock.on('error', reject);
    sock.write(`POST ${registrations()} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Authorization: Bearer ${ctx.candidates[6].token}\r\nIdempotency-Key: ${uniq('Q')}\r\n` +
      'Content-Length: 100000\r\n\r\n');
  });
  assert.match(answer, /^HTTP\/1\.1 503 /);
  assert.match(answer, /\r\nRetry-After: \d+\r\n/i);
  assert.match(answer, /"code":"queue_full"/);
  await hold.release();
  assert.equal((await first).status, 201);
});

test('admission_queue bounds only the routes that ask for it: reads go on while the queue is full', async (t) => {
  await setup();
  const s = await startServer(['--admission-queue', '1']);
  t.after(() => s.stop());
  const hold = await holdWriter(t, table);
  const first = write(s.url, 7, uniq('Q'));
  await until(s.url, ['tabula_http_admission_inflight'], (v) => v.tabula_http_admission_inflight === 1, 'one waiting');
  assert.equal((await api('GET', '/healthz', { base: s.url })).status, 200);
  assert.equal((await api('GET', '/api/v1/auth/me', { base: s.url, token: await admin() })).status, 200);
  assert.equal((await api('GET', `/api/v1/exams/sessions/${ctx.session}`, { base: s.url, token: await admin() })).status, 200);
  await hold.release();
  assert.equal((await first).status, 201);
});

test('a client that goes away mid-body gives its place back', async (t) => {
  await setup();
  const s = await startServer(['--admission-queue', '1']);
  t.after(() => s.stop());
  const { port } = new URL(s.url);
  const sock = net.connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => sock.on('connect', resolve));
  sock.write(`POST ${registrations()} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${ctx.candidates[7].token}\r\nContent-Length: 1000\r\n\r\n{"subjects":`);
  await until(s.url, ['tabula_http_admission_inflight'], (v) => v.tabula_http_admission_inflight === 1, 'the head took a place');
  sock.destroy();
  await until(s.url, ['tabula_http_admission_inflight'], (v) => v.tabula_http_admission_inflight === 0, 'the place given back');
});
