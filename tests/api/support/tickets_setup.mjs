// Shared setup of the support tickets tests: an IR chain with a sibling
// district, the staff of each level, a teacher, a guardian with a child.
import assert from 'node:assert/strict';
import { api, admin, studentBody, uniq, userWithRole } from '../lib.mjs';

export async function supportWorld() {
  const root = await admin();
  const m = uniq('M'), p = uniq('P'), d = uniq('D'), s = uniq('S'), d2 = uniq('D'), s2 = uniq('S');
  for (const [code, kind, parent, extra] of [
    [m, 'ministry', undefined, { country: 'IR' }], [p, 'province', m], [d, 'district', p], [s, 'school', d],
    [d2, 'district', p], [s2, 'school', d2],
  ]) {
    const res = await api('POST', '/api/v1/orgs', { token: root, body: { code, name: `Test ${kind} ${code}`, kind, parent, ...(extra ?? {}) } });
    assert.equal(res.status, 201, res.text);
  }
  const w = { root, ministry: m, province: p, district: d, school: s, district2: d2, school2: s2 };
  w.teacher = await userWithRole('teacher', s);
  w.teacher2 = await userWithRole('teacher', s);
  w.principal = await userWithRole('school_admin', s);
  w.agent = await userWithRole('support_agent', s);
  w.districtAgent = await userWithRole('support_agent', d);
  w.sibling = await userWithRole('district_officer', d2);
  w.provinceOfficer = await userWithRole('province_officer', p);
  w.guardian = await userWithRole('guardian');
  const kid = await api('POST', '/api/v1/students', { token: root, body: studentBody(s) });
  assert.equal(kid.status, 201, kid.text);
  w.kid = kid.json;
  const link = await api('POST', `/api/v1/students/${w.kid.id}/guardians`, { token: root, body: { username: w.guardian.username, relation: 'mother' } });
  assert.equal(link.status, 201, link.text);
  const other = await api('POST', '/api/v1/students', { token: root, body: studentBody(s2) });
  assert.equal(other.status, 201, other.text);
  w.otherKid = other.json;
  return w;
}

export const file = (token, body, headers = {}) => api('POST', '/api/v1/support/tickets', { token, body, headers });
export const get = (token, id) => api('GET', `/api/v1/support/tickets/${id}`, { token });
export const say = (token, id, body, kind = 'reply') => api('POST', `/api/v1/support/tickets/${id}/messages`, { token, body: { body, kind } });
export const setStatus = (token, id, status, reason) => api('POST', `/api/v1/support/tickets/${id}/status`, { token, body: { status, ...(reason ? { reason } : {}) } });

export async function ticket(token, over = {}) {
  const res = await file(token, { category: 'account', subject: `Cannot sign in ${uniq('')}`, body: 'The password reset code never arrives.', ...over });
  assert.equal(res.status, 201, res.text);
  return res.json;
}
