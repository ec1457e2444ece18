// admissions_http_setup.mjs: families ready to apply, for bench/admissions_http.
//
// On a running server (TABULA_URL) over a demo database with extra students
// imported (TABULA_DB, TABULA_BIN), links every student of province IR-THR
// to one of BENCH_GUARDIANS guardian accounts (default 200) through the API
// (POST /api/v1/students/{id}/guardians, as a school does), signs the
// guardians in, makes a province officer, and writes:
//   OUT/families.txt   one "TOKEN STUDENT_ID" line per child, shuffled
//   OUT/officer.txt    the officer's token
// Accounts are made with `tabula user add` (Argon2id each), so a few hundred
// guardians cost seconds; each guardian then holds several hundred children,
// which changes nothing of an application's work (one link looked up by
// (person, user), one insert) but the realism of the family.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

process.env.TABULA_URL ??= 'http://127.0.0.1:18123';
const { api, admin, newAccount, login } = await import('../tests/api/lib.mjs');

const OUT = process.argv[2];
const GUARDIANS = Number(process.env.BENCH_GUARDIANS ?? 200);
const CONCURRENCY = 32;
const DB = process.env.TABULA_DB.replace(/^sqlite:/, '');

// The province's students, straight from the database (reading ids only).
const q = spawnSync('sqlite3', [DB, `SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id
  WHERE o.path LIKE (SELECT path FROM orgs WHERE code = 'IR-THR') || '%' AND p.status = 'enrolled'`],
{ encoding: 'utf8', maxBuffer: 1 << 28 });
if (q.status !== 0) throw new Error(q.stderr);
const students = q.stdout.trim().split('\n').map(Number);

const root = await admin();
const guardians = [];
for (let i = 0; i < GUARDIANS; i++) {
  const g = newAccount('guardian');
  guardians.push({ ...g, token: await login(g.username, g.password) });
}
const officer = newAccount('province_officer', 'IR-THR');
const officerToken = await login(officer.username, officer.password);

// Link child i to guardian i mod G, CONCURRENCY requests in flight.
let next = 0, failed = 0;
async function worker() {
  while (next < students.length) {
    const i = next++;
    const g = guardians[i % GUARDIANS];
    const r = await api('POST', `/api/v1/students/${students[i]}/guardians`,
      { token: root, body: { username: g.username, relation: 'mother' } });
    if (r.status !== 201 && r.status !== 200) {
      if (failed++ < 3) console.error(`link ${students[i]}: ${r.status} ${r.text}`);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
if (failed) throw new Error(`${failed} links failed`);

// Shuffled, so that consecutive requests are different families at different schools.
const lines = students.map((s, i) => `${guardians[i % GUARDIANS].token} ${s}`);
for (let i = lines.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [lines[i], lines[j]] = [lines[j], lines[i]];
}
writeFileSync(`${OUT}/families.txt`, lines.join('\n') + '\n');
writeFileSync(`${OUT}/officer.txt`, officerToken + '\n');
console.log(`${students.length} children linked to ${GUARDIANS} guardians`);
