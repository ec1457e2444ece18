// Helpers shared by the API tests: real HTTP against a real `tabula serve`
// started by scripts/run-api (TABULA_URL), on SQLite or PostgreSQL.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';

export const BASE = process.env.TABULA_URL;
export const BIN = process.env.TABULA_BIN;
export const DB = process.env.TABULA_DB;
export const BACKEND = process.env.TABULA_BACKEND;
export const ADMIN = { username: process.env.TABULA_ADMIN_USER, password: process.env.TABULA_ADMIN_PASS };

if (!BASE || !BIN || !DB) throw new Error('run the API tests through scripts/run-api');

/** A fresh identifier for codes and user names, unique across runs. */
export function uniq(prefix = 'T') {
  return `${prefix}${randomBytes(5).toString('hex')}`.slice(0, 32);
}

/**
 * One HTTP request. body: an object (sent as JSON) or a string/Buffer (sent
 * as is). Returns { status, headers, text, json }.
 */
export async function api(method, path, { body, token, headers = {}, base = BASE } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      payload = body;
    } else {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
  }
  if (token) h.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export async function login(username, password) {
  const res = await api('POST', '/api/v1/auth/login', { body: { username, password } });
  assert.equal(res.status, 200, `login ${username}: ${res.text}`);
  return res.json.token;
}

let adminToken;
export async function admin() {
  adminToken ??= await login(ADMIN.username, ADMIN.password);
  return adminToken;
}

/** Assert an RFC 9457 problem with the given status, code and field. */
export function assertProblem(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.json?.status, status);
  assert.equal(typeof res.json.title, 'string');
  assert.equal(typeof res.json.type, 'string');
  if (code !== undefined) assert.equal(res.json.code, code, res.text);
  if (field !== undefined) assert.equal(res.json.field, field, res.text);
}

/** Run the tabula CLI; returns { status, stdout, stderr }. */
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Create an account through the CLI and log it in. */
export async function userWithRole(role, org) {
  const username = uniq('u').toLowerCase();
  const password = `pw-${uniq()}`;
  const args = ['user', 'add', '--db', DB, '--username', username, '--role', role, '--password-stdin'];
  if (org) args.push('--org', org);
  const r = cli(args, password + '\n');
  assert.equal(r.status, 0, r.stderr);
  return { username, password, token: await login(username, password) };
}

/** Create a ministry > province > district > school chain; returns codes. */
export async function orgChain(token) {
  const t = token ?? (await admin());
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S');
  for (const [code, kind, parent] of [[m, 'ministry'], [p, 'province', m], [d, 'district', p], [s, 'school', d]]) {
    const res = await api('POST', '/api/v1/orgs', { token: t, body: { code, name: `Test ${kind} ${code}`, kind, parent } });
    assert.equal(res.status, 201, res.text);
  }
  return { ministry: m, province: p, district: d, school: s };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * Start a second server on the same database (or on db) with extra flags
 * (small limits, ...), on a free port or on PORT. Returns { url, proc,
 * exited, stderr(), stop() } where stop() sends SIGTERM and resolves to
 * { code, signal, stderr }.
 */
export async function startServer(extra = [], { port, db = DB } = {}) {
  port ??= await freePort();
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url + '/healthz')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, proc, exited,
    stderr: () => stderr,
    async stop() { proc.kill('SIGTERM'); return exited; },
  };
}

/** Raw HTTP/1.1 over a socket, for inputs fetch() will not send. */
export function rawRequest(base, text) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let data = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve(data));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.setTimeout(10000, () => { sock.destroy(); resolve(data); });
    sock.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  });
}

/** Parse the status line and body of a raw HTTP response. */
export function parseRaw(raw) {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1]);
  const sep = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, sep);
  const body = raw.slice(sep + 4);
  return { status, head, body };
}

/** A random valid Iranian national code (کد ملی). */
export function irCode() {
  for (;;) {
    const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
    const s = d.reduce((acc, v, i) => acc + v * (10 - i), 0);
    const r = s % 11;
    const code = [...d, r < 2 ? r : 11 - r].join('');
    if (!/^(\d)\1{9}$/.test(code)) return code;
  }
}

/** A Vietnamese citizen id (CCCD) consistent with birth year and sex. */
export function vnCccd(year, sex, province = '001') {
  const century = Math.floor((year - 1900) / 100);
  const digit = century * 2 + (sex === 'F' ? 1 : 0);
  const serial = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  return `${province}${digit}${String(year % 100).padStart(2, '0')}${serial}`;
}

/** Create a school (level optional) under a fresh chain; returns its code. */
export async function school(token, { level, country = 'IR' } = {}) {
  const t = token ?? (await admin());
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S');
  for (const [code, kind, parent, extra] of [[m, 'ministry', undefined, { country }], [p, 'province', m], [d, 'district', p], [s, 'school', d, level ? { level } : {}]]) {
    const res = await api('POST', '/api/v1/orgs', { token: t, body: { code, name: `Test ${kind} ${code}`, kind, parent, ...extra } });
    assert.equal(res.status, 201, res.text);
  }
  return { school: s, district: d, province: p, ministry: m };
}

/** A student account whose person is `id` (tabula user add --student). */
export async function studentAccount(id) {
  const username = uniq('s').toLowerCase();
  const password = `pw-${uniq()}`;
  const r = cli(['user', 'add', '--db', DB, '--username', username, '--role', 'student', '--student', String(id), '--password-stdin'], password + '\n');
  assert.equal(r.status, 0, r.stderr);
  return { username, token: await login(username, password) };
}

/** A valid student body at a school. */
export function studentBody(schoolCode, over = {}) {
  return {
    national_id: irCode(), country: 'IR', given_name: 'Sara', family_name: `Ahmadi ${uniq('')}`,
    birth_date: '2015-04-02', sex: 'F', school: schoolCode, grade: 4, school_year: '2025-2026', ...over,
  };
}

// ---- accounts (issue 4) ----

/** The name=value pairs of every Set-Cookie header of a response. */
export function setCookies(res) {
  const out = {};
  for (const line of res.headers.getSetCookie?.() ?? []) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attrs: attrs.map((a) => a.toLowerCase()), raw: line };
  }
  return out;
}

/** Log in and return the whole answer (status, json, cookies). */
export async function loginRaw(body, headers = {}, base = BASE) {
  const res = await api('POST', '/api/v1/auth/login', { body, headers, base });
  return { ...res, cookies: setCookies(res) };
}

/**
 * A request authenticated by the session cookie the way the web app sends
 * it: the cookie, and X-CSRF-Token on methods that change state.
 */
export async function apiCookie(method, path, session, { body, csrf = true, headers = {}, base = BASE } = {}) {
  const h = { cookie: `tabula_session=${session.token}; tabula_csrf=${session.csrf_token}`, ...headers };
  if (csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] = session.csrf_token;
  return api(method, path, { body, headers: h, base });
}

/** A fresh account through the CLI, without logging in. */
export function newAccount(role, org, { mustChange = false } = {}) {
  const username = uniq('u').toLowerCase();
  const password = `pw-${uniq()}`;
  const args = ['user', 'add', '--db', DB, '--username', username, '--role', role, '--password-stdin'];
  if (org) args.push('--org', org);
  if (mustChange) args.push('--must-change-password');
  const r = cli(args, password + '\n');
  assert.equal(r.status, 0, r.stderr);
  return { username, password };
}

/** One SQL statement against the test database (sqlite3 or psql CLI); rows as arrays. */
export function dbQuery(sql) {
  const r = BACKEND === 'pgsql'
    ? spawnSync('psql', [DB, '-Atqc', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [DB.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

/** RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret at Unix time t. */
export async function totpCode(base32, t = Date.now() / 1000) {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 15;
  const v = (mac.readUInt32BE(off) & 0x7fffffff) % 1e6;
  return String(v).padStart(6, '0');
}

/**
 * Start a server over HTTPS with a self-signed certificate the test made
 * (openssl CLI). Returns { url, ca, request(method, path, {body, headers}),
 * stop() }; request() trusts only that certificate.
 */
export async function startTlsServer(dir, extra = []) {
  const { request } = await import('node:https');
  const { readFileSync } = await import('node:fs');
  const cert = `${dir}/tls-cert.pem`, key = `${dir}/tls-key.pem`;
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const ca = readFileSync(cert);
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--db', DB, '--listen', `127.0.0.1:${port}`, '--access-log', 'off',
    '--tls-cert', cert, '--tls-key', key, ...extra], { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const url = `https://127.0.0.1:${port}`;
  const req = (method, path, { body, headers = {} } = {}) => new Promise((resolve, reject) => {
    const h = { ...headers };
    let payload;
    if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    const rq = request(url + path, { method, headers: h, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json; try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    rq.on('error', reject);
    if (payload) rq.write(payload);
    rq.end();
  });
  for (let i = 0; i < 100; i++) {
    try { if ((await req('GET', '/healthz')).status === 200) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, ca, request: req, proc, exited, async stop() { proc.kill('SIGTERM'); return exited; } };
}

/**
 * The server secret the signing tests share: one file per suite run, so that
 * the instance's ministry key (sealed under it by the first test that signs)
 * opens for every later one.
 */
export function signingSecret() {
  const file = `${process.env.TABULA_TMP}/signing-secret`;
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32));
    chmodSync(file, 0o600);
  }
  return file;
}
