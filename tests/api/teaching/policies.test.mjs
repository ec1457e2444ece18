import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, admin, assertProblem, school, userWithRole } from '../lib.mjs';

const evaluate = async (token, policy, body) =>
  api('POST', `/api/v1/policies/${policy}/evaluate`, { token, body });

test('vn-tt22: term and year averages are exact decimals, rounded half-up', async () => {
  const t = await admin();
  const res = await evaluate(t, 'vn-tt22', {
    subjects: [
      { subject: 'toan', scored: true, terms: [
        { regular: [8, 9, 7], midterm: 8, final: 9 },           // 67 / 8 = 8.375
        { regular: [8, 9, 8.8], midterm: 8, final: 8.6 } ] },    // 67.6 / 8 = 8.45
      { subject: 'ngu_van', scored: true, terms: [
        { regular: [6.9], midterm: 6, final: 6 },               // 36.9 / 6 = 6.15 (a double says 6.1499..)
        { regular: [7.5, 7, 7, 7, 7], midterm: 7, final: 7 } ] },// 70.5 / 10 = 7.05
      { subject: 'the_duc', scored: false, terms: [{ pass: false }, { pass: true }] },
    ],
  });
  assert.equal(res.status, 200, res.text);
  // The numbers arrive as written: "8.4", not 8.4000000000000004.
  assert.match(res.text, /"terms":\[8\.4,8\.5\],"year":8\.5/);
  assert.deepEqual(res.json.subjects.map((s) => [s.subject, s.terms, s.year]), [
    ['toan', [8.4, 8.5], 8.5],
    ['ngu_van', [6.2, 7.1], 6.8],
    ['the_duc', ['chua_dat', 'dat'], 'dat'],
  ]);
  assert.equal(res.json.result.year.level, 'chua_dat'); // two scored subjects cannot make six
});

test('vn-tt22: a full report card reaches Tốt', async () => {
  const subjects = [];
  for (let i = 0; i < 8; i++) {
    subjects.push({ subject: `s${i}`, scored: true, terms: [
      { regular: [8, 9], midterm: 8, final: 8.5 }, { regular: [9, 9, 9], midterm: 8.5, final: 9 }] });
  }
  subjects.push({ subject: 'hdtn', scored: false, terms: [{ pass: true }, { pass: true }] });
  const res = await evaluate(await admin(), 'vn-tt22', { subjects });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.subjects[0].terms, [8.4, 8.9]);
  assert.equal(res.json.subjects[0].year, 8.7);
  assert.deepEqual(res.json.result.terms.map((l) => l.level), ['tot', 'tot']);
  assert.deepEqual(res.json.result.year, { level: 'tot', label: 'Tốt' });
});

test('scores out of range or of the wrong kind are refused with the field', async () => {
  const t = await admin();
  const one = (term) => ({ subjects: [{ subject: 'toan', scored: true, terms: [term] }] });
  assertProblem(await evaluate(t, 'vn-tt22', one({ regular: [8], midterm: 8, final: 10.5 })),
    422, 'out_of_range', 'subjects[0].terms[0].final');
  assertProblem(await evaluate(t, 'vn-tt22', one({ regular: [8.25], midterm: 8, final: 9 })),
    422, 'too_precise', 'subjects[0].terms[0].regular[0]');
  assertProblem(await evaluate(t, 'vn-tt22', one({ regular: [8], midterm: '8', final: 9 })),
    422, 'type', 'subjects[0].terms[0].midterm');
  assertProblem(await evaluate(t, 'vn-tt27', { subjects: [{ subject: 'toan', level: 'hoan_thanh', test: 7.5 }] }),
    422, 'too_precise', 'subjects[0].test');
  assertProblem(await evaluate(t, 'ir-20', { subjects: [{ subject: 'riazi', units: 3, score: 21 }] }),
    422, 'out_of_range', 'subjects[0].score');
  assertProblem(await evaluate(t, 'ir-descriptive', { subjects: [{ subject: 'farsi', level: 'A' }] }),
    422, 'unknown_value', 'subjects[0].level');
  assertProblem(await evaluate(t, 'vn-tt99', one({ regular: [8], midterm: 8, final: 9 })), 404, 'unknown_policy');
  const bad = await api('POST', '/api/v1/policies/vn-tt22/evaluate', { token: t, body: '{"subjects": [', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
});

test('vn-tt27, ir-descriptive and ir-20 outcomes', async () => {
  const t = await admin();
  const tt27 = await evaluate(t, 'vn-tt27', {
    subjects: [{ subject: 'toan', level: 'hoan_thanh_tot', test: 9 }, { subject: 'tieng_viet', level: 'hoan_thanh_tot', test: 10 }],
    qualities: [{ name: 'cham_hoc', level: 'tot' }], competences: [{ name: 'tu_chu', level: 'tot' }],
  });
  assert.equal(tt27.status, 200, tt27.text);
  assert.equal(tt27.json.result.outcome, 'hoan_thanh_xuat_sac');
  const ird = await evaluate(t, 'ir-descriptive', { subjects: [
    { subject: 'فارسی', level: 'very_good', comment: 'خواندن روان' }, { subject: 'ریاضی', level: 'needs_effort' }] });
  assert.equal(ird.json.result.outcome, 'remedial');
  assert.deepEqual(ird.json.result.remedial_subjects, ['ریاضی']);
  assert.equal(ird.json.subjects[0].label, 'خیلی خوب');
  const ir20 = await evaluate(t, 'ir-20', { subjects: [
    { subject: 'riazi', units: 3, score: 17.25 }, { subject: 'adabiat', units: 2, score: 12.5 }, { subject: 'arabi', units: 1, score: 9.75 }] });
  assert.equal(ir20.json.result.average, 14.42);
  assert.equal(ir20.json.result.outcome, 'failed');
  assert.deepEqual(ir20.json.result.failed_subjects, ['arabi']);
});

test('policies are for staff; a teacher may preview, a guardian may not', async () => {
  const s = await school();
  const teacher = await userWithRole('teacher', s.school);
  const list = await api('GET', '/api/v1/policies', { token: teacher.token });
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((p) => p.policy), ['vn-tt22', 'vn-tt27', 'ir-descriptive', 'ir-20']);
  const guardian = await userWithRole('guardian');
  assertProblem(await api('GET', '/api/v1/policies', { token: guardian.token }), 403, 'forbidden');
  assertProblem(await api('POST', '/api/v1/policies/ir-20/evaluate', { body: { subjects: [] } }), 401, 'unauthorized');
});
