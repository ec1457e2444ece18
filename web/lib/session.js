// What the signed-in user may see, from GET /api/v1/auth/me.
const STAFF = ['ministry_admin', 'province_officer', 'district_officer', 'school_admin', 'teacher'];
const REGISTRARS = ['ministry_admin', 'province_officer', 'district_officer', 'school_admin'];
const OFFICERS = ['ministry_admin', 'province_officer', 'district_officer'];

export function roles(me) { return (me?.roles ?? []).map((r) => r.role); }
export function hasRole(me, list) { return roles(me).some((r) => list.includes(r)); }
export const isStaff = (me) => hasRole(me, STAFF);
export const isRegistrar = (me) => hasRole(me, REGISTRARS);
export const isOfficer = (me) => hasRole(me, OFFICERS);
export const isTeacher = (me) => hasRole(me, ['teacher']);
export const isGuardian = (me) => hasRole(me, ['guardian']);
export const isStudent = (me) => hasRole(me, ['student']);

/** The school of a principal's or teacher's role, or null. */
export function mySchool(me) {
  return (me?.roles ?? []).find((r) => ['school_admin', 'teacher'].includes(r.role) && r.org)?.org ?? null;
}

/** The organisation of an officer's role (null for a national administrator). */
export function myOrg(me) {
  return (me?.roles ?? []).find((r) => OFFICERS.includes(r.role))?.org ?? null;
}
