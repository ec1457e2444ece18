// Concurrent retries of a free candidate's registration (issue 13, parts 2
// and 3): two POSTs with the same Idempotency-Key sent at once, to
// /api/v1/exams/sessions/{id}/free-candidates, both get the first answer
// (201, one registration, one person, one account; one of them says
// replayed), never a refusal. On PostgreSQL the writers run the two in
// parallel transactions, which is where the second used to answer 403: it
// waited on the first's registration, then answered the replay as if a
// candidate had sent it. Loops of pairs, for a person the registry holds
// ("student") and for one the desk adds ("person").
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, uniq, userWithRole, vnCccd } from '../lib.mjs';
import { count, student, world } from './review_setup.mjs';

const PAIRS = 20;
let w, freeSite, prov;
const go = (token, body, key) => api('POST', `/api/v1/exams/sessions/${w.session.id}/free-candidates`, {
  token, headers: { 'idempotency-key': key },
  body: { site: freeSite, subjects: ['math', 'literature', 'history', 'geography'], ...body },
});

before(async () => {
  w = await world(0);
  freeSite = w.session.sites.find((s) => s.free_candidates).code;
  prov = await userWithRole('province_officer', w.org.province);
});

/** Both answers of a pair are the first answer: the same registration, one of them a replay. */
function samePair(a, b, where) {
  assert.equal(a.status, 201, `${where}: ${a.text}`);
  assert.equal(b.status, 201, `${where}: ${b.text}`);
  assert.equal(a.json.registration.id, b.json.registration.id, where);
  assert.equal(a.json.registration.number, b.json.registration.number, where);
  assert.equal(a.json.person.id, b.json.person.id, where);
  assert.equal(a.json.account.username, b.json.account.username, where);
  assert.deepEqual([a.json.replayed, b.json.replayed].sort(), [false, true], where);
  const first = a.json.replayed ? b : a;
  assert.equal(first.json.account.issued, true, where);
  const person = first.json.person.id;
  assert.equal(count(`SELECT count(*) FROM exam_registrations WHERE person_id = ${person} AND session_id = ${w.session.id}`), 1, where);
  assert.equal(count(`SELECT count(*) FROM users WHERE person_id = ${person}`), 1, where);
  return person;
}

test(`${PAIRS} concurrent pairs with one key each, for registry students: the first answer twice, one registration`, async () => {
  for (let i = 0; i < PAIRS; i++) {
    const st = await student(prov.token, w.org.school2, 11);
    const key = uniq('race');
    const [a, b] = await Promise.all([go(prov.token, { student: st.id }, key), go(prov.token, { student: st.id }, key)]);
    assert.equal(samePair(a, b, `pair ${i}`), st.id);
  }
});

test(`${PAIRS} concurrent pairs with one key each, for new people: the first answer twice, one person`, async () => {
  for (let i = 0; i < PAIRS; i++) {
    const p = { national_id: vnCccd(2003, 'F', '001'), given_name: 'Hoa', family_name: `Lê ${uniq('')}`, birth_date: '2003-05-06', sex: 'F' };
    const key = uniq('race');
    const [a, b] = await Promise.all([go(w.officer.token, { person: p }, key), go(w.officer.token, { person: p }, key)]);
    samePair(a, b, `pair ${i}`);
    assert.equal(count(`SELECT count(*) FROM persons WHERE national_id = '${p.national_id}'`), 1, `pair ${i}`);
  }
});
