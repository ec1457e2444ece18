// Fixtures shared by the teaching tests (classes, grades, attendance).
import assert from 'node:assert/strict';
import { api, school as makeSchool, studentBody, userWithRole, vnCccd } from './lib.mjs';

/**
 * A VN school with a homeroom teacher and a class of enrolled students:
 * lower secondary (vn-tt22) by default, or level 'primary' (vn-tt27).
 */
export async function vnClass(token, { grade = 6, students = 3, cls = '6A', level = 'lower_secondary', birthYear = 2013 } = {}) {
  const { school } = await makeSchool(token, { country: 'VN', level });
  const teacher = await userWithRole('teacher', school);
  const ids = [];
  for (let i = 0; i < students; i++) {
    const body = studentBody(school, { country: 'VN', national_id: vnCccd(birthYear, 'F'), birth_date: `${birthYear}-03-04`, grade, class: cls });
    const res = await api('POST', '/api/v1/students', { token, body });
    assert.equal(res.status, 201, res.text);
    ids.push(res.json.id);
  }
  const res = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: cls, grade, school_year: '2025-2026', homeroom_teacher: teacher.username } });
  assert.equal(res.status, 201, res.text);
  return { school, teacher, ids, cls: res.json };
}

/** An IR primary school (ir-descriptive) with a homeroom teacher and a class 4A. */
export async function irClass(token, students = 2) {
  const { school } = await makeSchool(token, { country: 'IR', level: 'primary' });
  const teacher = await userWithRole('teacher', school);
  const ids = [];
  for (let i = 0; i < students; i++) {
    const r = await api('POST', '/api/v1/students', { token, body: studentBody(school, { class: '4A' }) });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const c = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: '4A', grade: 4, school_year: '2025-2026', homeroom_teacher: teacher.username } });
  assert.equal(c.status, 201, c.text);
  return { school, teacher, ids, cls: c.json };
}
