// Fixtures shared by the teaching tests (classes, grades, attendance).
import assert from 'node:assert/strict';
import { api, school as makeSchool, studentBody, userWithRole, vnCccd } from './lib.mjs';

/** A VN lower-secondary school with a homeroom teacher and a class of enrolled students. */
export async function vnClass(token, { grade = 6, students = 3, cls = '6A' } = {}) {
  const { school } = await makeSchool(token, { country: 'VN', level: 'lower_secondary' });
  const teacher = await userWithRole('teacher', school);
  const ids = [];
  for (let i = 0; i < students; i++) {
    const body = studentBody(school, { country: 'VN', national_id: vnCccd(2013, 'F'), birth_date: '2013-03-04', grade, class: cls });
    const res = await api('POST', '/api/v1/students', { token, body });
    assert.equal(res.status, 201, res.text);
    ids.push(res.json.id);
  }
  const res = await api('POST', `/api/v1/orgs/${school}/classes`, { token, body: { name: cls, grade, school_year: '2025-2026', homeroom_teacher: teacher.username } });
  assert.equal(res.status, 201, res.text);
  return { school, teacher, ids, cls: res.json };
}

