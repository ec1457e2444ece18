// Shared setup of the evidence, review, free-candidate and candidate-account
// tests (issue 13, ex-review): a Vietnamese province with upper-secondary
// schools, an open session of vn-thpt-2025, final-year students with
// candidate accounts issued by their school, files of real types.
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { api, admin, dbQuery, uniq, userWithRole, vnCccd } from '../lib.mjs';

export const HOUR = 3600 * 1000;
/* The current school year (it starts in September). */
export function schoolYear(d = new Date()) {
  const y = d.getUTCFullYear() - (d.getUTCMonth() < 8 ? 1 : 0);
  return `${y}-${y + 1}`;
}

/* A real PNG of w x h pixels of one colour. */
export function png(w = 2, h = 2, rgb = [200, 30, 30]) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) rows.push(Buffer.from([0, ...Array(w).fill(rgb).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/* A real one-page PDF with a correct cross-reference table. */
export function pdf(text = 'Certificate') {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/* A real zip archive of one stored file (local header, central directory, end). */
export function zip(name = 'a.txt', data = Buffer.from('hello')) {
  const n = Buffer.from(name);
  const crc = crc32(data) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOff = local.length + n.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12); end.writeUInt32LE(cdOff, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

/* A Vietnamese ministry > province > district > two upper-secondary schools. */
export async function vnProvince() {
  const t = await admin();
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S'), s2 = uniq('S');
  for (const [code, kind, parent, extra] of [[m, 'ministry', undefined, { country: 'VN' }], [p, 'province', m], [d, 'district', p],
    [s, 'school', d, { level: 'upper_secondary' }], [s2, 'school', d, { level: 'upper_secondary' }]]) {
    const res = await api('POST', '/api/v1/orgs', { token: t, body: { code, name: `Test ${kind} ${code}`, kind, parent, ...extra } });
    assert.equal(res.status, 201, res.text);
  }
  return { ministry: m, province: p, district: d, school: s, school2: s2 };
}

/* An open session of vn-thpt-2025 run by the province: council 01, a site
 * at each school (the first registers free candidates). */
export async function openSession(org, extra = {}) {
  const res = await api('POST', '/api/v1/exams/sessions', {
    token: await admin(),
    body: {
      org: org.province, pack: 'vn-thpt-2025', name: `THPT ${uniq('')}`,
      opens_at: new Date(Date.now() - HOUR).toISOString(), closes_at: new Date(Date.now() + 24 * HOUR).toISOString(),
      councils: [{ code: '01', name: 'Council 01', org: org.province }],
      sites: [
        { code: `F${uniq('')}`.slice(0, 12), council: '01', school: org.school, rooms: 5, free_candidates: true },
        { code: `N${uniq('')}`.slice(0, 12), council: '01', school: org.school2, rooms: 5 },
      ],
      ...extra,
    },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/* A student enrolled at school in grade (12: final year). */
export async function student(token, school, grade = 12, over = {}) {
  const year = 2008 + (12 - grade);
  const sex = over.sex ?? 'F';
  const body = {
    national_id: vnCccd(year, sex), country: 'VN', given_name: 'Lan', family_name: `Nguyễn ${uniq('')}`,
    birth_date: `${year}-03-04`, sex, school, grade, school_year: schoolYear(), ...over,
  };
  const res = await api('POST', '/api/v1/students', { token, body });
  assert.equal(res.status, 201, res.text);
  return { id: res.json.id, ...body };
}

/* Candidate accounts issued by the school for `ids` (the account sheet),
 * each redeemed: [{ student, username, token }]. */
export async function candidates(token, school, ids) {
  const res = await api('POST', `/api/v1/orgs/${school}/accounts`, { token, body: { role: 'candidate', students: ids } });
  assert.equal(res.status, 201, res.text);
  const out = [];
  for (const it of res.json.items) {
    const red = await api('POST', '/api/v1/auth/redeem', { body: { username: it.username, code: it.code, new_password: `cand pw ${it.student}` } });
    assert.equal(red.status, 200, red.text);
    out.push({ student: it.student, username: it.username, token: red.json.token });
  }
  return out;
}

/* A registration by the candidate (201). */
export async function register(session, cand, body = {}) {
  const res = await api('POST', `/api/v1/exams/sessions/${session.id}/registrations`, {
    token: cand.token, headers: { 'idempotency-key': uniq('k') },
    body: { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: null, ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/* Everything most tests need: a province, a session, the school's exam
 * officer (school_admin), a teacher, the other school's officer, and n
 * final-year candidates of the first school. */
export async function world(n = 2) {
  const org = await vnProvince();
  const session = await openSession(org);
  const officer = await userWithRole('school_admin', org.school);
  const officer2 = await userWithRole('school_admin', org.school2);
  const teacher = await userWithRole('teacher', org.school);
  const ids = [];
  for (let i = 0; i < n; i++) ids.push((await student(officer.token, org.school)).id);
  const cands = ids.length ? await candidates(officer.token, org.school, ids) : [];
  return { org, session, officer, officer2, teacher, cands };
}

export const count = (sql) => Number(dbQuery(sql)[0][0]);
