// A store that cannot write answers 503 store_unavailable with Retry-After,
// never 500, and keeps nothing half-written; GET /readyz says when it can
// take work again; the PostgreSQL pool heals after a restart
// (docs/reliability.md). Each test runs its own server on its own store:
// a small tmpfs for SQLite (mounted here: the suite runs as root), a
// throwaway cluster for PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { api, assertProblem, BACKEND, BIN, startServer, studentBody, uniq } from '../lib.mjs';

const run = promisify(execFile);
const TMP = process.env.TABULA_TMP ?? '/tmp';

function must(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A migrated store at url with a national administrator; its password. */
function newStore(url) {
  const password = `pw-${uniq()}`;
  must(BIN, ['migrate', '--db', url]);
  must(BIN, ['user', 'add', '--db', url, '--username', 'root', '--role', 'ministry_admin', '--password-stdin'], password + '\n');
  return password;
}

async function loginAt(base, password) {
  const res = await api('POST', '/api/v1/auth/login', { base, body: { username: 'root', password } });
  assert.equal(res.status, 200, res.text);
  return res.json.token;
}

function createOrg(base, token, code = uniq('M')) {
  return api('POST', '/api/v1/orgs', { base, token, body: { code, name: `Store test ${code}`, kind: 'ministry' } });
}

/** A school under a fresh chain on the server at base; its code. */
async function schoolAt(base, token) {
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), sc = uniq('S');
  for (const [code, kind, parent] of [[m, 'ministry'], [p, 'province', m], [d, 'district', p], [sc, 'school', d]]) {
    const res = await api('POST', '/api/v1/orgs', { base, token, body: { code, name: `Store test ${kind}`, kind, parent } });
    assert.equal(res.status, 201, res.text);
  }
  return sc;
}

/** A 503 store_unavailable problem with a Retry-After header. */
function assertUnavailable(res) {
  assertProblem(res, 503, 'store_unavailable');
  assert.match(res.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After');
}

/** A tmpfs of `size` at a new directory, or null when none can be mounted. */
function tmpfs(t, size) {
  const dir = mkdtempSync(`${TMP}/store-`);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  t.after(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Write zeros to dir/filler until the file system is full. */
function fill(dir) {
  const fd = openSync(`${dir}/filler`, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // The last pages: a smaller write may still fit after a 64 KiB one failed.
  const fd2 = openSync(`${dir}/filler2`, 'w');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512));
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd2);
  }
}

test('SQLite on a full disk: writes answer 503 store_unavailable, nothing is lost or half-written, /readyz follows the space', {
  skip: BACKEND !== 'sqlite' && 'SQLite only',
}, async (t) => {
  const dir = tmpfs(t, '16m');
  assert.ok(dir, 'the suite runs as root and must be able to mount a small tmpfs');
  const url = `sqlite:${dir}/full.db`;
  const password = newStore(url);
  const s = await startServer([], { db: url });
  t.after(() => s.stop());
  const token = await loginAt(s.url, password);
  const kept = [];
  for (let i = 0; i < 5; i++) {
    const res = await createOrg(s.url, token);
    assert.equal(res.status, 201, res.text);
    kept.push(res.json.code);
  }
  const body = studentBody(await schoolAt(s.url, token));
  const student = await api('POST', '/api/v1/students', { base: s.url, token, body });
  assert.equal(student.status, 201, student.text);
  assert.equal((await api('GET', `/api/v1/students/${student.json.id}`, { base: s.url, token })).status, 200);
  assert.equal((await api('GET', '/readyz', { base: s.url })).status, 200);

  fill(dir);
  const refused = [];
  for (let i = 0; i < 3; i++) {
    const code = uniq('F');
    const res = await createOrg(s.url, token, code);
    assertUnavailable(res);
    refused.push(code);
  }
  assertUnavailable(await api('GET', '/readyz', { base: s.url }));
  assertUnavailable(await api('GET', '/readyz', { base: s.url })); // still full: still not ready
  assert.equal((await api('GET', '/healthz', { base: s.url })).status, 200, 'liveness is not readiness');
  for (const code of kept) {
    const res = await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token });
    assert.equal(res.status, 200, `${code} written before the disk filled: ${res.text}`);
  }
  // A read of a child's record is answered only once its audit entry is
  // stored: not while the disk is full.
  const audited = await api('GET', `/api/v1/students/${student.json.id}`, { base: s.url, token });
  assertUnavailable(audited);
  assert.ok(!audited.text.includes(body.family_name), 'no data without its audit entry');
  for (const code of refused) {
    const res = await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token });
    assert.equal(res.status, 404, `${code} was refused, so nothing of it is stored: ${res.text}`);
  }

  rmSync(`${dir}/filler`);
  rmSync(`${dir}/filler2`);
  const ready = await api('GET', '/readyz', { base: s.url });
  assert.equal(ready.status, 200, ready.text);
  assert.deepEqual(ready.json, { status: 'ready' });
  const again = await createOrg(s.url, token, refused[0]);
  assert.equal(again.status, 201, again.text);
  for (const code of [...kept, refused[0]])
    assert.equal((await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token })).status, 200, code);
  const read = await api('GET', `/api/v1/students/${student.json.id}`, { base: s.url, token });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.family_name, body.family_name);
  const { code: exit, stderr } = await s.stop();
  assert.equal(exit, 0, stderr);
  assert.doesNotMatch(stderr, / failed: (database_error|io_error|internal) /, 'no 500 was logged');
});

test('SQLite on a read-only file system: a warning at start, reads served, writes 503 store_unavailable', {
  skip: BACKEND !== 'sqlite' && 'SQLite only',
}, async (t) => {
  assert.equal(spawnSync('sqlite3', ['-version']).status, 0, 'scripts/setup installs the sqlite3 shell');
  const dir = tmpfs(t, '16m');
  assert.ok(dir, 'the suite runs as root and must be able to mount a small tmpfs');
  const url = `sqlite:${dir}/ro.db`;
  const password = newStore(url);
  let s = await startServer([], { db: url });
  const token = await loginAt(s.url, password);
  const kept = (await createOrg(s.url, token)).json.code;
  assert.equal((await s.stop()).code, 0);
  // A WAL database needs its -shm file, which a read-only file system
  // cannot hold: a database put on one is in rollback-journal mode.
  must('sqlite3', [`${dir}/ro.db`, 'PRAGMA journal_mode=DELETE']);
  must('mount', ['-o', 'remount,ro', dir]);

  s = await startServer([], { db: url });
  t.after(() => s.stop());
  const h = await api('GET', '/healthz', { base: s.url });
  assert.equal(h.status, 200, s.stderr());
  assert.match(s.stderr(), /warn.*read-only/, 'warned at start');
  const read = await api('GET', `/api/v1/orgs/${kept}`, { base: s.url, token });
  assert.equal(read.status, 200, read.text);
  const code = uniq('R');
  assertUnavailable(await createOrg(s.url, token, code));
  assertUnavailable(await api('GET', '/readyz', { base: s.url }));
  assert.equal((await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token })).status, 404);
  const { code: exit, stderr } = await s.stop();
  assert.equal(exit, 0, stderr);
  assert.doesNotMatch(stderr, / failed: (database_error|io_error|internal) /, 'no 500 was logged');

  must('mount', ['-o', 'remount,rw', dir]);
  s = await startServer([], { db: url });
  assert.doesNotMatch(s.stderr(), /read-only/);
  assert.equal((await api('GET', '/readyz', { base: s.url })).status, 200);
  assert.equal((await createOrg(s.url, token, code)).status, 201);
  assert.equal((await s.stop()).code, 0);
});

test('SQLite locked by another process past the busy timeout: 503 store_unavailable, then writes resume', {
  skip: BACKEND !== 'sqlite' && 'SQLite only',
}, async (t) => {
  assert.equal(spawnSync('sqlite3', ['-version']).status, 0, 'scripts/setup installs the sqlite3 shell');
  const dir = mkdtempSync(`${TMP}/busy-`);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite:${dir}/busy.db`;
  const password = newStore(url);
  const s = await startServer([], { db: url });
  t.after(() => s.stop());
  const token = await loginAt(s.url, password);
  // Another program holds the write lock (a backup tool, a second server).
  const holder = spawn('sqlite3', [`${dir}/busy.db`], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => holder.kill());
  const locked = new Promise((resolve) => holder.stdout.once('data', resolve));
  holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await locked;
  const code = uniq('B');
  assertUnavailable(await createOrg(s.url, token, code));
  holder.stdin.end('ROLLBACK;\n');
  await new Promise((resolve) => holder.on('exit', resolve));
  assert.equal((await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token })).status, 404);
  assert.equal((await api('GET', '/readyz', { base: s.url })).status, 200);
  assert.equal((await createOrg(s.url, token, code)).status, 201);
});

function pgBin() {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

/** Run pg_ctl on the cluster in dir as its owner, without blocking the loop. */
function pgCtl(dir, args) {
  const cmd = [`${pgBin()}/pg_ctl`, '-D', `${dir}/data`, '-l', `${dir}/server.log`, '-w', '-t', '60', ...args];
  return process.getuid() === 0 ? run('runuser', ['-u', 'postgres', '--', ...cmd]) : run(cmd[0], cmd.slice(1));
}

/** The options the cluster's postmaster was started with (for pg_ctl start). */
function postmasterOptions(dir) {
  const words = [...readFileSync(`${dir}/data/postmaster.opts`, 'utf8').matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const out = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-D') i++;
    else out.push(words[i].includes(' ') ? `'${words[i]}'` : words[i]);
  }
  return out.join(' ');
}

test('PostgreSQL restarts under a write load: no 500, every acknowledged write is kept, writes resume', {
  skip: BACKEND !== 'pgsql' && 'PostgreSQL only',
}, async (t) => {
  assert.ok(existsSync('/usr/lib/postgresql'), 'scripts/setup installs PostgreSQL');
  const dir = mkdtempSync(`${TMP}/pg-restart-`);
  const url = must('scripts/pg-temp', ['start', dir]).trim();
  t.after(() => spawnSync('scripts/pg-temp', ['stop', dir]));
  const password = newStore(url);
  const s = await startServer([], { db: url });
  t.after(() => s.stop());
  const token = await loginAt(s.url, password);

  const results = [];
  let phase = 'before', stop = false;
  async function writer() {
    while (!stop) {
      const code = uniq('W');
      const res = await createOrg(s.url, token, code);
      results.push({ code, phase, res });
    }
  }
  const ok = (p) => results.filter((r) => r.phase === p && r.res.status === 201).length;
  const until = async (cond, what) => {
    for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond(), what);
  };
  const writers = [writer(), writer(), writer()];
  await until(() => ok('before') >= 20, 'writes succeed before the restart');
  phase = 'during';
  await pgCtl(dir, ['restart', '-m', 'fast']);
  phase = 'after';
  await until(() => ok('after') >= 30, 'writes succeed again after the restart');
  stop = true;
  await Promise.all(writers);
  const count = (p, st) => results.filter((r) => r.phase === p && r.res.status === st).length;
  t.diagnostic(`writes: ${results.length}; 201 before/during/after: ${count('before', 201)}/${count('during', 201)}/${count('after', 201)}; ` +
    `503 during/after: ${count('during', 503)}/${count('after', 503)}`);

  for (const { code, res } of results) {
    if (res.status === 201) continue;
    assert.equal(res.status, 503, `${code}: no answer but 201 or 503: ${res.status} ${res.text}`);
    assert.ok(['store_unavailable', 'retry'].includes(res.json?.code), res.text);
    assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
  }
  for (const { code, res } of results.filter((r) => r.res.status === 201)) {
    const got = await api('GET', `/api/v1/orgs/${code}`, { base: s.url, token });
    assert.equal(got.status, 200, `${code} was acknowledged, so it is stored: ${got.text}`);
  }
  // A 503 here does not promise the write is absent: the route reads the
  // new organisation back after its commit, and that read can meet the
  // outage (the client's retry then gets 409). What is promised: every 201
  // is kept, and no 500.

  // While the server is down: 503 and not ready; once it is back, ready
  // and writable without restarting Tabula.
  const opts = postmasterOptions(dir);
  await pgCtl(dir, ['stop', '-m', 'fast']);
  assertUnavailable(await createOrg(s.url, token));
  assertUnavailable(await api('GET', '/readyz', { base: s.url }));
  assertUnavailable(await api('GET', '/api/v1/orgs/nothing-here', { base: s.url, token }));
  assert.equal((await api('GET', '/healthz', { base: s.url })).status, 200);
  await pgCtl(dir, ['start', '-o', opts]);
  const ready = await api('GET', '/readyz', { base: s.url });
  assert.equal(ready.status, 200, ready.text);
  const after = await createOrg(s.url, token);
  assert.equal(after.status, 201, after.text);
  const { code: exit, stderr } = await s.stop();
  assert.equal(exit, 0, stderr);
  assert.doesNotMatch(stderr, / failed: (database_error|io_error|internal) /, 'no 500 was logged');
});
