#!/usr/bin/env node
// gen_students.mjs: valid students as import CSV, for benchmarks.
//
//   node bench/gen_students.mjs [--rows N] [--seed S] [--out FILE] [--avoid CSV]...
//
// Spreads N students (default 1,000,000) over the schools of `tabula demo`
// (create them first: tabula demo --db URL), each in a grade the school
// teaches, boys and girls where Iranian schools are single-sex. Iranian
// students get valid national codes (check digit s = sum d_i * (11 - i) for
// i = 1..9, r = s mod 11, d10 = r if r < 2 else 11 - r; never ten equal
// digits) under registry office 700 + seed, which the demo does not use;
// Vietnamese ones CCCD numbers that agree with their birth year and sex.
// Every id is distinct within a run, and runs with different seeds (0-7) use
// different ranges. The demo's own 40,000 students may hold a few of the
// Vietnamese numbers: pass their export (tabula export students --org VN)
// with --avoid and those are skipped. Names are Persian or Vietnamese
// (non-ASCII), as in real files. Output: CSV with CRLF line ends, the header
// row of the import, to FILE or stdout.
import { createWriteStream, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
function flag(name, def) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}
const ROWS = Number(flag('--rows', '1000000'));
const SEED = Number(flag('--seed', '1'));
const OUT = flag('--out', null);
// National ids already registered (the first column of an export).
const AVOID = new Set();
args.forEach((a, i) => {
  if (a !== '--avoid' || i + 1 >= args.length) return;
  for (const line of readFileSync(args[i + 1], 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1)) {
    const id = line.split(',')[0];
    if (id) AVOID.add(id);
  }
});
if (!Number.isInteger(ROWS) || ROWS < 0 || !Number.isInteger(SEED) || SEED < 0 || SEED > 99) {
  console.error('usage: node bench/gen_students.mjs [--rows N] [--seed 0..99] [--out FILE]');
  process.exit(2);
}

// The demo schools (src/domain/demo.c): code, level, the sex of an Iranian
// single-sex school.
const SCHOOLS = `
IR-THR-S0101 P M,IR-THR-S0102 U F,IR-THR-S0103 U M,IR-THR-S0104 P M,IR-THR-S0105 L F,
IR-THR-S0201 P M,IR-THR-S0202 U M,IR-THR-S0203 P M,IR-THR-S0204 L M,IR-THR-S0205 P F,
IR-THR-S0301 P F,IR-THR-S0302 U M,IR-THR-S0303 P F,IR-THR-S0304 L M,IR-THR-S0305 U F,
IR-THR-S0401 P M,IR-THR-S0402 P M,IR-THR-S0403 L F,IR-THR-S0404 L F,IR-THR-S0405 U M,
IR-THR-S0501 P F,IR-THR-S0502 P F,IR-THR-S0503 L M,IR-THR-S0504 L M,IR-THR-S0505 U F,
VN-HN-BD01 P,VN-HN-BD02 L,VN-HN-BD03 U,VN-HN-BD04 P,VN-HN-CG01 P,VN-HN-CG02 L,VN-HN-CG03 U,
VN-HN-CG04 L,VN-HN-DD01 P,VN-HN-DD02 P,VN-HN-DD03 L,VN-HN-DD04 U,VN-HN-HK01 P,VN-HN-HK02 L,
VN-HN-HK03 L,VN-HN-HK04 U`.split(',').map((s) => {
  const [code, level, sex] = s.trim().split(' ');
  const country = code.slice(0, 2);
  const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const grades = level === 'P' ? range(1, country === 'VN' ? 5 : 6)
    : level === 'L' ? range(country === 'VN' ? 6 : 7, 9) : range(10, 12);
  return [code, country, grades, sex];
});

const IR_GIVEN_F = ['زهرا', 'فاطمه', 'مریم', 'سارا', 'نازنین', 'ریحانه', 'هستی', 'یاسمن', 'کوثر', 'الهام'];
const IR_GIVEN_M = ['محمد', 'علی', 'حسین', 'امیرحسین', 'مهدی', 'رضا', 'آرین', 'پارسا', 'یوسف', 'کیان'];
const IR_FAMILY = ['محمدی', 'حسینی', 'احمدی', 'رضایی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'رحیمی', 'نوروزی', 'کاظمی', 'هاشمی'];
const VN_GIVEN_F = ['Thị Lan', 'Thu Hà', 'Ngọc Anh', 'Minh Thư', 'Phương Linh', 'Bảo Ngọc', 'Khánh Huyền', 'Thảo Vy'];
const VN_GIVEN_M = ['Văn An', 'Minh Đức', 'Quốc Bảo', 'Gia Huy', 'Đức Anh', 'Hoàng Long', 'Tuấn Kiệt', 'Thành Nam'];
const VN_FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const VN_PROVINCES = ['001', '079', '031', '048', '092', '036', '038', '040'];

// A small deterministic generator (mulberry32) so runs repeat.
let state = (SEED * 2654435761) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

/** A valid Iranian national code whose first nine digits are n (0..999999999). */
export function irCode(n) {
  let d = String(n).padStart(9, '0');
  if (/^(\d)\1{8}$/.test(d)) d = d.slice(0, 8) + String((Number(d[8]) + 1) % 10);
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(d[i]) * (10 - i);
  const r = s % 11;
  return d + String(r < 2 ? r : 11 - r);
}

/** A CCCD: province, century and sex, two year digits, six serial digits. */
export function vnCccd(province, year, sex, serial) {
  const century = Math.floor((year - 1900) / 100); // 0: 1900s, 1: 2000s ...
  const digit = century * 2 + (sex === 'F' ? 1 : 0);
  return province + String(digit) + String(year % 100).padStart(2, '0') + String(serial).padStart(6, '0');
}

function csvCell(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const out = OUT ? createWriteStream(OUT) : process.stdout;
const HEADER = 'national_id,country,given_name,family_name,birth_date,sex,school,grade,school_year,sector_id,class';
const lines = [HEADER];
// Distinct ids in random order, as in real files (sorted by school and
// class, not by id): a counter through a bijection of 0..999999, under
// registry office 700 + seed (Iran) or a province chosen by seed (Vietnam).
const scatter = (k) => (k * 618031 + 271828) % 1000000; // 618031 is prime to 10^6
let irNext = 0;
let vnNext = 0;
let pending = 0;

function write(chunk) {
  return new Promise((resolve) => {
    if (out.write(chunk)) resolve();
    else out.once('drain', resolve);
  });
}

for (let i = 0; i < ROWS; i++) {
  const [school, country, grades, only] = SCHOOLS[i % SCHOOLS.length];
  const grade = pick(grades);
  const sex = only ?? (rand() < 0.5 ? 'F' : 'M');
  // 2025-2026: a first-grader was born in 2018 or 2019.
  const year = 2019 - grade + (rand() < 0.3 ? -1 : 0);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let nid, given, family;
  if (country === 'IR') {
    do {
      const k = irNext++;
      nid = irCode((700 + SEED + Math.floor(k / 1000000)) * 1000000 + scatter(k % 1000000));
    } while (AVOID.has(nid));
    given = pick(sex === 'F' ? IR_GIVEN_F : IR_GIVEN_M);
    family = pick(IR_FAMILY);
  } else {
    do {
      const k = vnNext++;
      const province = VN_PROVINCES[(SEED + Math.floor(k / 1000000)) % VN_PROVINCES.length];
      nid = vnCccd(province, year, sex, scatter(k % 1000000));
    } while (AVOID.has(nid));
    given = pick(sex === 'F' ? VN_GIVEN_F : VN_GIVEN_M);
    family = pick(VN_FAMILY);
  }
  const cls = `${grade}${'ABCD'[Math.floor(rand() * 4)]}`;
  lines.push([nid, country, given, family, birth, sex, school, String(grade), '2025-2026', '', cls].map(csvCell).join(','));
  if (++pending === 10000) {
    await write(lines.join('\r\n') + '\r\n');
    lines.length = 0;
    pending = 0;
  }
}
if (lines.length) await write(lines.join('\r\n') + '\r\n');
if (OUT) out.end();
