// load_setup.mjs: an open exam session and many candidates signed in, made
// the way a province and a school make them, quickly enough for the load
// tests (admission.test.mjs, kill9.test.mjs):
//   a Vietnamese chain ministry > province > district > upper-secondary
//   school; N final-year students (POST /api/v1/students, grade 12); their
//   candidate accounts in one bulk sheet (POST /api/v1/orgs/{code}/accounts
//   {"role":"candidate","grade":12}, docs/accounts.md); each code redeemed
//   with a password (POST /api/v1/auth/redeem: one Argon2id each, which
//   opens the session); a session of vn-thpt-2025 open from a minute ago
//   for an hour, with the province as its council and the school as a site.
import assert from 'node:assert/strict';
import { api, admin, uniq, vnCccd } from '../lib.mjs';

/** The registration body every load test sends: the 2025 pack's required
 * subjects and two electives. */
export const REGISTRATION = { subjects: ['math', 'literature', 'physics', 'chemistry'], exemptions: [], category: null };

async function pool(items, width, fn) {
  let next = 0;
  const out = new Array(items.length);
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

const iso = (ms) => new Date(ms).toISOString();

/** { session, school, province, candidates: [{ username, token, person }] } on base. */
export async function examSetup(n, { base } = {}) {
  const token = await admin();
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S');
  for (const [code, kind, parent, extra] of [[m, 'ministry', undefined, { country: 'VN' }], [p, 'province', m, {}],
    [d, 'district', p, {}], [s, 'school', d, { level: 'upper_secondary' }]]) {
    const res = await api('POST', '/api/v1/orgs', { base, token, body: { code, name: `Exams load ${kind} ${code}`, kind, parent, ...extra } });
    assert.equal(res.status, 201, res.text);
  }
  await pool(Array.from({ length: n }, (_, i) => i), 16, async (i) => {
    const sex = i % 2 ? 'F' : 'M';
    const res = await api('POST', '/api/v1/students', {
      base, token, body: {
        national_id: vnCccd(2008, sex), country: 'VN', given_name: 'An', family_name: `Nguyễn ${uniq('')}`,
        birth_date: '2008-03-14', sex, school: s, grade: 12, school_year: '2025-2026',
      },
    });
    assert.equal(res.status, 201, res.text);
  });
  const sheet = await api('POST', `/api/v1/orgs/${s}/accounts`, { base, token, body: { role: 'candidate', grade: 12 } });
  assert.equal(sheet.status, 201, sheet.text);
  assert.equal(sheet.json.items.length, n);
  const candidates = await pool(sheet.json.items, 4, async (it) => {
    const res = await api('POST', '/api/v1/auth/redeem', { base, body: { username: it.username, code: it.code, new_password: `candidate pw ${it.username}` } });
    assert.equal(res.status, 200, res.text);
    return { username: it.username, token: res.json.token, person: it.student };
  });
  const now = Date.now();
  const sess = await api('POST', '/api/v1/exams/sessions', {
    base, token, body: {
      org: p, pack: 'vn-thpt-2025', name: `Load ${uniq('')}`, time_zone: 'Asia/Ho_Chi_Minh',
      opens_at: iso(now - 60000), closes_at: iso(now + 3600000),
      councils: [{ code: '01', name: 'Load council', org: p }],
      sites: [{ code: 'S1', council: '01', school: s, rooms: 100 }],
    },
  });
  assert.equal(sess.status, 201, sess.text);
  return { session: sess.json.id, school: s, province: p, candidates };
}

/** POST the registration of candidate c with Idempotency-Key key. */
export function register(base, session, c, key, body = REGISTRATION) {
  return api('POST', `/api/v1/exams/sessions/${session}/registrations`, { base, token: c.token, body, headers: { 'idempotency-key': key } });
}
