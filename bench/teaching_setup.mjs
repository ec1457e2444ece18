// Sets up one class of 40 students with a subject teacher on a running
// server (TABULA_URL, TABULA_DB, TABULA_BIN, admin in TABULA_ADMIN_USER/PASS)
// and prints "CLASS_ID STUDENT_IDS_COMMA TOKEN" for bench/save_grades.lua.
process.env.TABULA_URL ??= 'http://127.0.0.1:18123';
const { api, admin, school, studentBody, userWithRole, vnCccd } = await import('../tests/api/lib.mjs');
const token = await admin();
const { school: code } = await school(token, { country: 'VN', level: 'lower_secondary' });
const teacher = await userWithRole('teacher', code);
const ids = [];
for (let i = 0; i < 40; i++) {
  const r = await api('POST', '/api/v1/students', { token, body: studentBody(code, { country: 'VN', national_id: vnCccd(2013, 'F'), birth_date: '2013-03-04', grade: 6, class: '6A' }) });
  ids.push(r.json.id);
}
const c = await api('POST', `/api/v1/orgs/${code}/classes`, { token, body: { name: '6A', grade: 6, school_year: '2025-2026' } });
await api('POST', `/api/v1/classes/${c.json.id}/subjects`, { token, body: { subject: 'TOAN', teacher: teacher.username } });
console.log(`${c.json.id} ${ids.join(',')} ${teacher.token}`);
