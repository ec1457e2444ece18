// Shared setup of the exams tests: a Vietnamese ministry > province >
// district > school chain, a province officer, sessions of a pack, final-
// year students with candidate accounts (tabula user add --role candidate
// --student ID, the CLI's form of the school's account sheet).
import assert from 'node:assert/strict';
import { api, cli, DB, login, uniq, vnCccd } from '../lib.mjs';

export const HOUR = 3600 * 1000;
export const iso = (ms) => new Date(ms).toISOString();

/** A VN chain; returns codes and the province officer. */
export async function vnChain(root) {
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S'), s2 = uniq('S');
  for (const [code, kind, parent, extra] of [[m, 'ministry', undefined, { country: 'VN' }], [p, 'province', m], [d, 'district', p], [s, 'school', d], [s2, 'school', d]]) {
    const res = await api('POST', '/api/v1/orgs', { token: root, body: { code, name: `Test ${kind} ${code}`, kind, parent, ...(extra ?? {}) } });
    assert.equal(res.status, 201, res.text);
  }
  return { ministry: m, province: p, district: d, school: s, school2: s2 };
}

export function sessionBody(chain, over = {}) {
  return {
    org: chain.province, pack: 'vn-thpt-2025', name: `THPT ${uniq('')}`,
    opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + 24 * HOUR),
    councils: [{ code: '01', name: 'Hội đồng thi 01', org: chain.province }],
    sites: [{ code: 'A01', council: '01', school: chain.school, rooms: 10, free_candidates: true }],
    ...over,
  };
}

export async function makeSession(token, chain, over) {
  const res = await api('POST', '/api/v1/exams/sessions', { token, body: sessionBody(chain, over) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** A student of grade (default 12) at school, enrolled from the start of
 * schoolYear; returns the student JSON. */
export async function vnStudent(root, school, { grade = 12, schoolYear = '2025-2026' } = {}) {
  const year = 2008;
  const body = {
    national_id: vnCccd(year, 'F'), country: 'VN', given_name: 'An', family_name: `Nguyễn ${uniq('')}`,
    birth_date: `${year}-03-02`, sex: 'F', school, grade, school_year: schoolYear,
  };
  const res = await api('POST', '/api/v1/students', { token: root, body });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** A candidate account of person id, logged in. */
export async function candidateAccount(id) {
  const username = uniq('c').toLowerCase();
  const password = `pw-${uniq()}`;
  const r = cli(['user', 'add', '--db', DB, '--username', username, '--role', 'candidate', '--student', String(id), '--password-stdin'], password + '\n');
  assert.equal(r.status, 0, r.stderr);
  return { username, token: await login(username, password) };
}

export function register(sessionId, body, { token, key, lang } = {}) {
  const headers = {};
  if (key) headers['idempotency-key'] = key;
  if (lang) headers['accept-language'] = lang;
  return api('POST', `/api/v1/exams/sessions/${sessionId}/registrations`, { token, body, headers });
}
