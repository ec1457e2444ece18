/*
 * school_fixture.h: two schools under two ministries on a temporary
 * SQLite database, and a principal for every role, for the access tests.
 *
 *   home  M1 /1/ > P1 /1/2/ > D1 /1/2/3/ > S1 /1/2/3/4/
 *   away  M2 /10/ > P2 /10/11/ > D2 /10/11/12/ > S2 /10/11/12/13/
 *
 * ("/1/" must not reach "/10/".) Student A (FIX_A) is in class 4A of S1
 * (FIX_HOME_CLASS), whose homeroom teacher is "teacher" and whose subject
 * is taught by "subject_teacher"; "other_teacher" teaches nothing there.
 * Student B (FIX_B) is in class 4A of S2 (FIX_AWAY_CLASS), whose homeroom
 * teacher, and teacher of its subject, is "away_teacher". "guardian" is
 * linked to A; "student" is A's own account.
 */
#ifndef TABULA_TEST_SCHOOL_FIXTURE_H
#define TABULA_TEST_SCHOOL_FIXTURE_H

#include <sqlite3.h>

#include "store.h"

#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

#define FIX_A	       500
#define FIX_B	       600
#define FIX_HOME_CLASS 100
#define FIX_AWAY_CLASS 200
#define FIX_HOME       "/1/2/3/4/"
#define FIX_AWAY       "/10/11/12/13/"

static const char fixture_sql[] =
	"INSERT INTO orgs (id, code, name, kind, parent_id, path, created_at, updated_at) VALUES"
	" (1, 'M1', 'M1', 'ministry', NULL, '/1/', 0, 0),"
	" (2, 'P1', 'P1', 'province', 1, '/1/2/', 0, 0),"
	" (3, 'D1', 'D1', 'district', 2, '/1/2/3/', 0, 0),"
	" (4, 'S1', 'S1', 'school', 3, '/1/2/3/4/', 0, 0),"
	" (10, 'M2', 'M2', 'ministry', NULL, '/10/', 0, 0),"
	" (11, 'P2', 'P2', 'province', 10, '/10/11/', 0, 0),"
	" (12, 'D2', 'D2', 'district', 11, '/10/11/12/', 0, 0),"
	" (13, 'S2', 'S2', 'school', 12, '/10/11/12/13/', 0, 0);"
	"INSERT INTO users (id, username, password_hash, created_at) VALUES"
	" (20, 'ministry_admin', '!', 0), (21, 'province_officer', '!', 0),"
	" (22, 'district_officer', '!', 0), (23, 'school_admin', '!', 0),"
	" (24, 'teacher', '!', 0), (25, 'subject_teacher', '!', 0),"
	" (26, 'other_teacher', '!', 0), (27, 'guardian', '!', 0), (28, 'student', '!', 0),"
	" (29, 'candidate', '!', 0), (30, 'away_teacher', '!', 0);"
	"INSERT INTO persons (id, country, given_name, family_name, birth_date, sex, key_fg,"
	" key_gf, org_id, status, created_at, updated_at) VALUES"
	" (500, 'VN', 'An', 'Le', '2015-01-01', 'M', 'le an', 'an le', 4, 'enrolled', 0, 0),"
	" (600, 'VN', 'Binh', 'Tran', '2015-01-01', 'F', 'tran binh', 'binh tran', 13,"
	"  'enrolled', 0, 0);"
	"INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES"
	" (20, 'ministry_admin', 1, 0), (21, 'province_officer', 2, 0),"
	" (22, 'district_officer', 3, 0), (23, 'school_admin', 4, 0), (24, 'teacher', 4, 0),"
	" (25, 'teacher', 4, 0), (26, 'teacher', 4, 0), (27, 'guardian', NULL, 0),"
	" (28, 'student', NULL, 0), (29, 'candidate', NULL, 0), (30, 'teacher', 13, 0);"
	"UPDATE users SET person_id = 500 WHERE id = 28;"
	"INSERT INTO enrolments (person_id, org_id, school_year, grade, class, start_date,"
	" current, created_at) VALUES (500, 4, 2025, 4, '4A', '2025-09-23', 1, 0),"
	" (600, 13, 2025, 4, '4A', '2025-09-23', 1, 0);"
	"INSERT INTO classes (id, org_id, school_year, grade, name, homeroom_id, created_at)"
	" VALUES (100, 4, 2025, 4, '4A', 24, 0), (200, 13, 2025, 4, '4A', 30, 0);"
	"INSERT INTO subjects (id, country, level, code, name, name_en, scored, position)"
	" VALUES (9999, 'VN', 'primary', 'TEST', 'Test', 'Test', 1, 1);"
	"INSERT INTO class_subjects (class_id, subject_id, org_id, teacher_id) VALUES"
	" (100, 9999, 4, 25), (200, 9999, 13, 30);"
	"INSERT INTO guardians (person_id, user_id, relation, created_at) VALUES"
	" (500, 27, 'mother', 0);";

/* Every principal of the fixture, by the name of its role (and user). */
static const struct principal fixture_principals[] = {
	{20, "ministry_admin", 0, 1, {{ROLE_MINISTRY_ADMIN, 1, "M1", "/1/"}}},
	{21, "province_officer", 0, 1, {{ROLE_PROVINCE_OFFICER, 2, "P1", "/1/2/"}}},
	{22, "district_officer", 0, 1, {{ROLE_DISTRICT_OFFICER, 3, "D1", "/1/2/3/"}}},
	{23, "school_admin", 0, 1, {{ROLE_SCHOOL_ADMIN, 4, "S1", FIX_HOME}}},
	{24, "teacher", 0, 1, {{ROLE_TEACHER, 4, "S1", FIX_HOME}}},
	{25, "subject_teacher", 0, 1, {{ROLE_TEACHER, 4, "S1", FIX_HOME}}},
	{26, "other_teacher", 0, 1, {{ROLE_TEACHER, 4, "S1", FIX_HOME}}},
	{27, "guardian", 0, 1, {{ROLE_GUARDIAN, 0, NULL, NULL}}},
	{28, "student", FIX_A, 1, {{ROLE_STUDENT, 0, NULL, NULL}}},
	{29, "candidate", 0, 1, {{ROLE_CANDIDATE, 0, NULL, NULL}}},
	{30, "away_teacher", 0, 1, {{ROLE_TEACHER, 13, "S2", FIX_AWAY}}},
};

static inline const struct principal *fixture_who(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fixture_principals); i++)
		if (!strcmp(fixture_principals[i].username, name))
			return &fixture_principals[i];
	fail_msg("no principal %s in the fixture", name);
	return NULL;
}

/* cmocka setup: a store (store.h) holding the fixture, in *state, or -1. */
static inline int fixture_setup(void **state)
{
	if (unit_store_setup(state, "access.db", 1))
		return -1;
	struct unit_store *f = *state;
	sqlite3 *h = NULL;
	char *msg = NULL;
	int rc = sqlite3_open(f->path, &h) || sqlite3_exec(h, fixture_sql, NULL, NULL, &msg);
	if (rc) {
		print_error("fixture: %s\n", msg ? msg : "");
		sqlite3_free(msg);
		unit_store_teardown(state);
	}
	sqlite3_close(h);
	return rc ? -1 : 0;
}

/* A cmocka test that runs on a fresh fixture. */
#define fixture_test(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, unit_store_teardown)

#endif
