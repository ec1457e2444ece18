// Signed checkpoints of the audit chain (docs/access.md, "Checkpoints"):
// `tabula audit checkpoint` signs the head, `tabula audit verify
// --checkpoints` refuses altered or foreign checkpoints and catches what
// the chain alone cannot: the tail cut with the head moved back, and the
// chain rewritten from an entry with every hash recomputed (done here with
// the formula of docs/access.md, in Python's hashlib). Rows are edited with
// sqlite3 / psql and put back exactly afterwards.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { api, admin, BACKEND, cli, DB, school, signingSecret, studentBody } from '../lib.mjs';

const SECRET = signingSecret();
const TMP = process.env.TABULA_TMP;
const FILE = `${TMP}/checkpoints.jsonl`;
let root, student;

function sql(q) {
  const r = BACKEND === 'pgsql'
    ? spawnSync('psql', [DB, '-v', 'ON_ERROR_STOP=1', '-Atq', '-c', q], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-cmd', '.timeout 10000', DB.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const checkpoint = (...extra) => cli(['audit', 'checkpoint', '--db', DB, ...extra]);
const verify = (...extra) => cli(['audit', 'verify', '--db', DB, ...extra]);

/** Read the student a few times: audit entries. */
async function reads(n) {
  for (let i = 0; i < n; i++)
    assert.equal((await api('GET', `/api/v1/students/${student.id}`, { token: root })).status, 200);
}

/** A checkpoint appended to FILE; its JSON. */
function take() {
  const r = checkpoint('--secret-file', SECRET, '--out', FILE);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout);
}

// The hash of docs/access.md, computed apart from the server's code.
const PY = `
import hashlib, json, sys
rows, prev = json.load(sys.stdin)
def le64(n): return n.to_bytes(8, 'little')
def field(v):
    if v is None: return le64(2**64 - 1)
    b = str(v).encode()
    return le64(len(b)) + b
out = []
for r in rows:
    h = hashlib.blake2b(digest_size=32)
    h.update(field('tabula.audit.v1') + bytes.fromhex(prev) + b''.join(field(v) for v in r))
    prev = h.hexdigest()
    out.append(prev)
print(json.dumps(out))
`;

/** The hash fields of entries seq >= from, in order (NULLs as null). */
function fields(from) {
  const nul = (c) => `CASE WHEN ${c} IS NULL THEN 'N' ELSE 'V' || ${c} END`;
  const q = `SELECT seq, at, ${nul('user_id')}, username, role, ${nul('org_code')}, action, ` +
    `${nul('person_id')}, ${nul('subject')}, allowed, ip FROM audit_log WHERE seq >= ${from} ORDER BY seq`;
  return sql(q).split('\n').map((l) => l.split('|').map((v, i) => {
    if ([2, 5, 7, 8].includes(i)) return v === 'N' ? null : v.slice(1);
    return v;
  }));
}

/** Rewrite the chain from entry `from` as someone who knows the formula:
 * change its ip, recompute every later hash, move the head. Returns what
 * puts it back. */
function rewriteFrom(from) {
  const saved = sql(`SELECT seq, ip, prev_hash, hash FROM audit_log WHERE seq >= ${from} ORDER BY seq`)
    .split('\n').map((l) => l.split('|'));
  const head = sql('SELECT seq, hash FROM audit_head').split('|');
  const rows = fields(from);
  rows[0][10] = '10.6.6.6';
  let prev = saved[0][2];
  const py = spawnSync('python3', ['-c', PY], { input: JSON.stringify([rows, prev]), encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const hashes = JSON.parse(py.stdout);
  // The formula reproduces the stored hash of an untouched entry.
  const check = spawnSync('python3', ['-c', PY], { input: JSON.stringify([fields(from).slice(0, 1), prev]), encoding: 'utf8' });
  assert.equal(JSON.parse(check.stdout)[0], saved[0][3], 'docs/access.md formula');
  const stmts = rows.map((r, i) => {
    const s = `UPDATE audit_log SET ip = '${r[10]}', prev_hash = '${prev}', hash = '${hashes[i]}' WHERE seq = ${r[0]};`;
    prev = hashes[i];
    return s;
  });
  sql(`BEGIN; ${stmts.join(' ')} UPDATE audit_head SET seq = ${rows.at(-1)[0]}, hash = '${prev}'; COMMIT;`);
  return () => sql(`BEGIN; ${saved.map(([seq, ip, ph, h]) =>
    `UPDATE audit_log SET ip = '${ip}', prev_hash = '${ph}', hash = '${h}' WHERE seq = ${seq};`).join(' ')} ` +
    `UPDATE audit_head SET seq = ${head[0]}, hash = '${head[1]}'; COMMIT;`);
}

before(async () => {
  root = await admin();
  const s = await school(root);
  student = (await api('POST', '/api/v1/students', { token: root, body: studentBody(s.school) })).json;
  writeFileSync(FILE, '');
});

test('audit checkpoint signs the head; verify --checkpoints checks signature and chain', async () => {
  await reads(2);
  const cp = take();
  assert.deepEqual(Object.keys(cp).sort(), ['at', 'count', 'head', 'key', 'signature', 'type']);
  assert.equal(cp.type, 'tabula.audit.checkpoint.v1');
  assert.match(cp.head, /^[0-9a-f]{64}$/);
  assert.match(cp.key, /^z6Mk/);
  assert.match(cp.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const head = /head: (\d+):([0-9a-f]{64})/.exec(verify().stdout);
  assert.equal(cp.count, Number(head[1]));
  assert.equal(cp.head, head[2]);
  assert.equal(readFileSync(FILE, 'utf8').trim().split('\n').length, 1);

  let r = verify('--checkpoints', FILE, '--secret-file', SECRET);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 checkpoints in .*all signed by the trusted key.*entries 1\.\.\d+/);
  r = verify('--checkpoints', FILE, '--key', cp.key);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // Nothing to trust it with: usage. No secret: no checkpoint.
  assert.equal(verify('--checkpoints', FILE).status, 2);
  assert.equal(checkpoint().status, 2);

  // Signed by another secret's key.
  const other = `${TMP}/other-secret`;
  writeFileSync(other, randomBytes(32));
  chmodSync(other, 0o600);
  const foreign = JSON.parse(checkpoint('--secret-file', other).stdout);
  assert.notEqual(foreign.key, cp.key);
  r = verify('--checkpoints', FILE, '--key', foreign.key);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /line 1 .*is not valid: it is signed by another key/);
  // Altered: the signature no longer verifies.
  const forged = `${TMP}/forged.jsonl`;
  writeFileSync(forged, JSON.stringify({ ...cp, count: cp.count - 1 }) + '\n');
  r = verify('--checkpoints', forged, '--secret-file', SECRET);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /line 1 .*signature does not verify/);
  writeFileSync(forged, JSON.stringify({ ...foreign, key: cp.key }) + '\n');
  r = verify('--checkpoints', forged, '--secret-file', SECRET);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /signature does not verify/);
  writeFileSync(forged, 'nonsense\n');
  r = verify('--checkpoints', forged, '--secret-file', SECRET);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /line 1 is not a checkpoint/);
});

test('verify --expect says what it checked and what it found', () => {
  const head = /head: (\d+):([0-9a-f]{64})/.exec(verify().stdout);
  let r = verify('--expect', `${head[1]}:${head[2]}`);
  assert.equal(r.status, 0);
  assert.match(r.stdout, new RegExp(`entries 1\\.\\.${head[1]} hash to ${head[2]} at entry ${head[1]}, as --expect says`));
  r = verify('--expect', `${head[1]}:${'0'.repeat(64)}`);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`--expect ${head[1]}:0{64}; the chain has ${head[2]} there`));
});

test('a rewrite the chain cannot see is caught by the checkpoint covering it', async () => {
  const first = JSON.parse(readFileSync(FILE, 'utf8').trim().split('\n')[0]);
  await reads(3);
  const cp = take();
  assert.ok(cp.count > first.count + 1);
  // Rewritten from an entry the second checkpoint covers, hashes recomputed.
  const n = first.count + 1;
  const restore = rewriteFrom(n);
  try {
    let r = verify();
    assert.equal(r.status, 0, 'the chain alone sees nothing: ' + r.stdout);
    r = verify('--checkpoints', FILE, '--secret-file', SECRET);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${cp.count} \\(row id \\d+\\): does not match`));
    assert.match(r.stdout, new RegExp(`checkpoint at .*line 2 \\(made ${cp.at}: ${cp.count} entries, head ${cp.head}\\) disagrees`));
    assert.match(r.stdout, new RegExp(`entries 1\\.\\.${first.count} agree .* within entries ${n}\\.\\.${cp.count}`));
  } finally {
    restore();
  }
  assert.equal(verify('--checkpoints', FILE, '--secret-file', SECRET).status, 0);

  // A field changed without recomputing: the chain names the entry.
  const ip = sql(`SELECT ip FROM audit_log WHERE seq = ${n}`);
  sql(`UPDATE audit_log SET ip = '10.9.9.9' WHERE seq = ${n}`);
  let r = verify('--checkpoints', FILE, '--secret-file', SECRET);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`BROKEN at entry ${n} \\(row id \\d+\\): the entry was changed`));
  sql(`UPDATE audit_log SET ip = '${ip}' WHERE seq = ${n}`);

  // The tail cut and the head moved back.
  const last = Number(sql('SELECT max(seq) FROM audit_log'));
  if (last === cp.count) {
    const headRow = sql('SELECT seq, hash FROM audit_head').split('|');
    const cols = 'id, seq, at, user_id, username, role, org_code, action, person_id, subject, allowed, ip, prev_hash, hash';
    const tail = sql(`SELECT ${cols} FROM audit_log WHERE seq = ${last}`);
    const prev = sql(`SELECT seq, hash FROM audit_log WHERE seq = ${last - 1}`).split('|');
    sql(`DELETE FROM audit_log WHERE seq = ${last}`);
    sql(`UPDATE audit_head SET seq = ${prev[0]}, hash = '${prev[1]}'`);
    try {
      assert.equal(verify().status, 0);
      r = verify('--checkpoints', FILE, '--secret-file', SECRET);
      assert.equal(r.status, 1);
      assert.match(r.stdout, new RegExp(`BROKEN at entry ${last}: missing`));
      assert.match(r.stdout, /line 2 .*the chain, which has \(no such entry\)/);
    } finally {
      const t = tail.split('|').map((x, i) => (x === '' && [3, 6, 8, 9].includes(i) ? 'NULL' : `'${x.replace(/'/g, "''")}'`));
      sql(`INSERT INTO audit_log (${cols}) VALUES (${t.join(', ')})`);
      sql(`UPDATE audit_head SET seq = ${headRow[0]}, hash = '${headRow[1]}'`);
    }
  }
  assert.equal(verify('--checkpoints', FILE, '--secret-file', SECRET).status, 0);
});
