// Allocation failure, as SQLite tests it (make failalloc): a server built
// with -DTABULA_FAILALLOC and ASan (src/core/failalloc.h) fails the Nth
// allocation of a request sent with `X-Tabula-Fail-Alloc: N` ("N+": the Nth
// and every one after it) and tells, in X-Tabula-Alloc-Count, how many
// allocations an unarmed request made on its server thread
// (X-Tabula-Alloc-Waited: how many before its last wait, so a write failed
// past it was already committed). Work done on a writer thread (the group
// commit) is neither counted nor failed, nor are libpq's, ICU's, libsodium's
// or OpenSSL's own allocations.
//
// For each route: one unarmed request learns the count C and the answer's
// shape; then for N = 1..C (every N up to 1000, past that a stride that keeps
// about 100 more samples, plus C itself; the whole sweep takes seconds) the armed request must answer
// either as the unarmed one did (same status, content type and shape: keys,
// types, array lengths; CSV: same rows and columns) or a 503
// application/problem+json with code out_of_memory. Never a 500, never a
// dropped connection; /healthz answers after each; writes are on record
// exactly when they were committed. Every 5th N is also sent as "N+". At the
// end the server is stopped with SIGTERM and ASan/LSan must have said nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ADMIN, api, dbQuery, orgChain, startServer, studentBody, uniq } from '../api/lib.mjs';

const LINEAR = 1000;
const SAMPLES = 100;
let srv;
let token;
let chain;
let studentId;
let familyName;
let serverErr = '';

before(async () => {
  srv = await startServer();
  srv.proc.stderr.on('data', (d) => { serverErr += d; });
  const base = srv.url;
  const login = await api('POST', '/api/v1/auth/login', { base, body: ADMIN });
  assert.equal(login.status, 200, login.text);
  token = login.json.token;
  chain = await orgChain(token);
  const body = studentBody(chain.school);
  familyName = body.family_name;
  const st = await api('POST', '/api/v1/students', { base, token, body });
  assert.equal(st.status, 201, st.text);
  studentId = st.json.id;
});

after(async () => {
  const { code, signal, stderr } = await srv.stop();
  assert.doesNotMatch(stderr, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, stderr.slice(-6000));
  assert.equal(signal, null, stderr.slice(-3000));
  assert.equal(code, 0, stderr.slice(-3000));
});

/** The shape of a JSON value: keys, types and array lengths, not values. */
function shape(v) {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape(v[k])]));
  }
  return v === null ? 'null' : typeof v;
}

/** The shape of a CSV sheet: its header, then the field count of each row. */
function csvShape(text) {
  const lines = text.split('\r\n');
  return [lines[0], ...lines.slice(1).map((l) => l.split(',').length)];
}

function bodyShape(res) {
  const ct = res.headers.get('content-type') ?? '';
  if (ct.startsWith('text/csv')) return csvShape(res.text);
  assert.ok(res.json !== undefined || res.text === '', `unparseable body: ${res.text.slice(0, 300)}`);
  return shape(res.json);
}

/** The N to try for a request that made `count` allocations. */
function plan(count) {
  const ns = [];
  for (let n = 1; n <= Math.min(count, LINEAR); n++) ns.push(n);
  if (count > LINEAR) {
    const stride = Math.max(1, Math.ceil((count - LINEAR) / SAMPLES));
    for (let n = LINEAR + stride; n < count; n += stride) ns.push(n);
    ns.push(count);
  }
  return ns;
}

async function send(route, n) {
  const headers = { ...(route.headers ?? {}) };
  if (n) headers['x-tabula-fail-alloc'] = String(n);
  const body = typeof route.body === 'function' ? route.body() : route.body;
  let res;
  try {
    res = await api(route.method, route.path(), { base: srv.url, token, body, headers });
  } catch (e) {
    throw new Error(`${route.name} N=${n}: no answer (${e.cause?.code ?? e.message})\n${serverErr.slice(-8000)}`);
  }
  return { res, body };
}

/**
 * Sweep one route. route: { name, method, path(), body (or body() for a
 * fresh one each time), headers, status, written(body) for writes: whether
 * the write is on record }.
 */
async function sweep(route) {
  const { res: plain, body: plainBody } = await send(route, 0);
  assert.equal(plain.status, route.status, `${route.name} unarmed: ${plain.text}`);
  const count = Number(plain.headers.get('x-tabula-alloc-count'));
  assert.ok(count > 0, `${route.name}: no X-Tabula-Alloc-Count`);
  if (route.written) assert.equal(route.written(plainBody), true, `${route.name}: unarmed write not on record`);
  const want = bodyShape(plain);
  const ctype = plain.headers.get('content-type');
  let ok = 0;
  let oom = 0;
  const failures = [];
  for (const n of plan(count)) {
    for (const spec of n % 5 === 0 ? [n, `${n}+`] : [n]) {
      const { res, body } = await send(route, spec);
      const what = `${route.name} N=${spec} of ${count}`;
      try {
        assert.notEqual(res.status, 500, `${what}: ${res.text} ${serverErr.split('\n').filter((l) => / (error|warn) /.test(l)).slice(-2).join(' | ')}`);
        if (res.status === 503) {
          assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
          assert.ok(res.json, `${what}: unparseable problem ${res.text}`);
          assert.equal(res.json.code, 'out_of_memory', `${what}: ${res.text}`);
          assert.equal(res.json.status, 503, what);
          oom++;
        } else {
          assert.equal(res.status, route.status, `${what}: ${res.text}`);
          assert.equal(res.headers.get('content-type'), ctype, what);
          assert.deepEqual(bodyShape(res), want, `${what}: another shape: ${res.text.slice(0, 500)}`);
          ok++;
        }
        if (route.written) {
          // A failure before the last wait undoes the write; one after it
          // comes after the commit (the answer can no longer be the record's).
          const waited = Number(res.headers.get('x-tabula-alloc-waited') ?? count);
          const committed = res.status !== 503 || parseInt(spec, 10) > waited;
          assert.equal(route.written(body), committed, `${what}: written=${!committed}, answered ${res.status}`);
        }
      } catch (e) {
        failures.push(e.message.split('\n')[0]);
      }
      const health = await api('GET', '/healthz', { base: srv.url });
      assert.equal(health.status, 200, `${what}: /healthz after it: ${health.text}`);
      if (failures.length >= 10) break;
    }
    if (failures.length >= 10) break;
  }
  assert.deepEqual(failures, [], `${route.name}: ${failures.length} wrong answers`);
  assert.ok(oom > 0, `${route.name}: no N failed the request`);
  return { count, ok, oom };
}

test('login', async () => {
  await sweep({
    name: 'login', method: 'POST', path: () => '/api/v1/auth/login', body: ADMIN, status: 200,
  });
});

test('a student (an audited read)', async () => {
  await sweep({ name: 'student', method: 'GET', path: () => `/api/v1/students/${studentId}`, status: 200 });
});

test('a student\'s history (an audited read)', async () => {
  await sweep({ name: 'history', method: 'GET', path: () => `/api/v1/students/${studentId}/history`, status: 200 });
});

test('search', async () => {
  await sweep({
    name: 'search', method: 'GET', status: 200,
    path: () => `/api/v1/students?q=${encodeURIComponent(familyName)}&school=${chain.school}`,
  });
});

test('an organisation', async () => {
  await sweep({ name: 'org', method: 'GET', path: () => `/api/v1/orgs/${chain.school}`, status: 200 });
});

test('create a student (a write)', async () => {
  await sweep({
    name: 'create', method: 'POST', path: () => '/api/v1/students', status: 201,
    body: () => studentBody(chain.school, { family_name: `Failalloc ${uniq('')}` }),
    written: (b) => dbQuery(`SELECT count(*) FROM persons WHERE national_id = '${b.national_id}'`)[0][0] === '1',
  });
});

test('guardian accounts as a CSV sheet (a write)', async () => {
  const before = () => Number(dbQuery(`SELECT count(*) FROM guardians WHERE person_id = ${studentId}`)[0][0]);
  let last = before();
  await sweep({
    name: 'accounts', method: 'POST', path: () => `/api/v1/orgs/${chain.school}/accounts`, status: 201,
    headers: { accept: 'text/csv' },
    body: { role: 'guardian', students: [studentId], relation: 'mother' },
    written: () => {
      const now = before();
      const grew = now > last;
      last = now;
      return grew;
    },
  });
});

test('not found', async () => {
  await sweep({ name: 'not found', method: 'GET', path: () => '/api/v1/students/987654321', status: 404 });
});

test('bad JSON', async () => {
  await sweep({ name: 'bad json', method: 'POST', path: () => '/api/v1/students', body: '{"given_name": ', headers: { 'content-type': 'application/json' }, status: 400 });
});
