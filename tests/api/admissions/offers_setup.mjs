// A run round whose order is fixed by priority groups (one category per
// child, so the lottery never decides), for the offers and appeals tests.
import assert from 'node:assert/strict';
import { api, dbQuery, orgChain, studentBody, uniq, userWithRole } from '../lib.mjs';

const HOUR = 3600 * 1000;
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * schools: capacities by name, e.g. {A: 1, B: 1}; kids: ranked lists by
 * school name, the first kid best placed everywhere (group 1, then 2 ...).
 * Returns the codes, the users and the applications (not yet run).
 */
export async function market(root, schools, kids) {
  const chain = await orgChain(root);
  const code = {};
  for (const name of Object.keys(schools)) {
    code[name] = uniq(`S${name}`);
    const res = await api('POST', '/api/v1/orgs', { token: root, body: { code: code[name], name: `School ${name} ${code[name]}`, kind: 'school', parent: chain.district } });
    assert.equal(res.status, 201, res.text);
  }
  const officer = await userWithRole('district_officer', chain.district);
  const guardian = await userWithRole('guardian');
  const categories = Object.fromEntries(kids.map((_, i) => [`g${i + 1}`, i + 1]));
  const created = await api('POST', '/api/v1/admissions/rounds', {
    token: officer.token,
    body: {
      org: chain.district, name: `Grade 1 ${uniq('')}`, grade: 1,
      opens_at: iso(Date.now() - HOUR), closes_at: iso(Date.now() + HOUR), max_choices: 3, seed: 11,
      schools: Object.entries(schools).map(([n, capacity]) => ({ code: code[n], capacity })),
      priorities: { groups: { categories } },
    },
  });
  assert.equal(created.status, 201, created.text);
  const round = created.json;
  const students = [], apps = [];
  for (let i = 0; i < kids.length; i++) {
    const k = (await api('POST', '/api/v1/students', { token: root, body: studentBody(chain.school) })).json;
    assert.equal((await api('POST', `/api/v1/students/${k.id}/guardians`, { token: root, body: { username: guardian.username, relation: 'father' } })).status, 201);
    students.push(k);
    const res = await api('POST', `/api/v1/admissions/rounds/${round.id}/applications`, {
      token: guardian.token,
      body: { student: k.id, choices: kids[i].map((n) => code[n]), claims: { categories: [`g${i + 1}`] } },
    });
    assert.equal(res.status, 201, res.text);
    apps.push(res.json);
  }
  return { chain, code, officer, guardian, round, students, apps };
}

/** Close the round's window, seal and run it. */
export async function closeSealRun(m) {
  dbQuery(`UPDATE admission_rounds SET closes_at = opens_at + 1 WHERE id = ${m.round.id}`);
  for (const verb of ['seal', 'run']) {
    const res = await api('POST', `/api/v1/admissions/rounds/${m.round.id}/${verb}`, { token: m.officer.token });
    assert.equal(res.status, 200, res.text);
  }
}

/** The applications as the guardian reads them now. */
export async function readAll(m) {
  const out = [];
  for (const a of m.apps) {
    const res = await api('GET', `/api/v1/admissions/applications/${a.id}`, { token: m.guardian.token });
    assert.equal(res.status, 200, res.text);
    out.push(res.json);
  }
  return out;
}

/** Where each application's offer stands: [school name or null, status or null]. */
export function offers(m, read) {
  const name = Object.fromEntries(Object.entries(m.code).map(([n, c]) => [c, n]));
  return read.map((a) => (a.offer ? [name[a.offer.school], a.offer.status] : null));
}

/** Waitlist positions by school name. */
export function waitlists(m, a) {
  const name = Object.fromEntries(Object.entries(m.code).map(([n, c]) => [c, n]));
  return Object.fromEntries(a.waitlists.map((w) => [name[w.school], w.position]));
}
