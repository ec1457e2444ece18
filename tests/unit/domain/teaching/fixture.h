/*
 * fixture.h: a school on a temporary SQLite database, for the unit tests of
 * the teaching rules that need the store (test_class.c, test_grade.c,
 * test_attendance.c, test_timetable.c).
 *
 * School S (Vietnam, lower secondary) under M/P/D; accounts admin.s
 * (school_admin at S), teacher.one and teacher.two (teachers at S);
 * students 0-2 enrolled in grade 6 of 2025-2026 in class 6A, student 3 in
 * grade 6 without a class, student 4 in grade 7. Class 6A is made by
 * class_create_tx as admin.s with teacher.one its homeroom teacher, and
 * given TOAN taught by teacher.one. Each account acts through an actor
 * whose arena is the fixture's. Helpers are static inline: each test file
 * is its own program and uses some of them.
 */
#ifndef TABULA_TEST_TEACHING_FIXTURE_H
#define TABULA_TEST_TEACHING_FIXTURE_H

#include <sqlite3.h>

#include "unit.h"
#include "store.h"
#include "writes.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/access/user.h"
#include "domain/common/work.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"
#include "domain/teaching/class.h"

#define TF_STUDENTS 5

struct tf {
	struct unit_store st;
	struct arena a;
	struct org_ref school;
	int64_t admin_id, teacher_id, teacher2_id;
	int64_t students[TF_STUDENTS];
	int64_t class_id; /* 6A of 2025-2026 */
	struct principal admin, teacher, teacher2;
	struct actor as_admin, as_teacher, as_teacher2;
	struct problem p;
};

/* A principal holding `role` at the fixture's school. */
static inline void tf_principal(struct tf *f, struct principal *p, int64_t user_id,
				const char *username, enum role role)
{
	*p = (struct principal){.user_id = user_id, .username = username, .ngrants = 1};
	p->grants[0] = (struct grant){
		.role = role, .org_id = f->school.id, .org_code = "S", .org_path = f->school.path};
}

static inline int tf_orgs(struct db_conn *c, struct tf *f)
{
	int64_t id = 0;
	int rc = unit_vn_school(c, "Org", &id, &f->p);
	return rc ? rc : school_ref(c, "S", &f->school, &f->p);
}

static inline int tf_users(struct db_conn *c, struct tf *f)
{
	struct user_input u[] = {
		{.username = "admin.s",
		 .password_hash = "$argon2id$fake",
		 .role = ROLE_SCHOOL_ADMIN,
		 .org = "S"},
		{.username = "teacher.one",
		 .password_hash = "$argon2id$fake",
		 .role = ROLE_TEACHER,
		 .org = "S"},
		{.username = "teacher.two",
		 .password_hash = "$argon2id$fake",
		 .role = ROLE_TEACHER,
		 .org = "S"},
	};
	int64_t *ids[] = {&f->admin_id, &f->teacher_id, &f->teacher2_id};
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(u); i++)
		rc = user_create(c, &u[i], ids[i], &f->p);
	return rc;
}

static inline int tf_students(struct db_conn *c, struct tf *f)
{
	static const char *const given[TF_STUDENTS] = {"An", "Binh", "Chi", "Dung", "Em"};
	int rc = ERR_OK;
	for (int i = 0; !rc && i < TF_STUDENTS; i++) {
		struct student_input in = {.country = "VN",
					   .given_name = given[i],
					   .family_name = "Nguyen",
					   .birth_date = "2014-05-02",
					   .sex = "F",
					   .school = "S",
					   .grade = i == 4 ? 7 : 6,
					   .school_year = "2025-2026",
					   .class_name = i < 3 ? "6A" : NULL};
		struct student_new s;
		bool flagged;
		rc = student_prepare(&in, &s, &f->p);
		if (!rc)
			rc = student_insert(c, &s, &f->school, &f->students[i], &flagged, &f->p);
	}
	return rc;
}

static inline int tf_setup_fn(struct db_conn *c, void *ctx)
{
	struct tf *f = ctx;
	int rc = tf_orgs(c, f);
	if (!rc)
		rc = tf_users(c, f);
	if (!rc)
		rc = tf_students(c, f);
	if (rc)
		return rc;
	tf_principal(f, &f->admin, f->admin_id, "admin.s", ROLE_SCHOOL_ADMIN);
	tf_principal(f, &f->teacher, f->teacher_id, "teacher.one", ROLE_TEACHER);
	tf_principal(f, &f->teacher2, f->teacher2_id, "teacher.two", ROLE_TEACHER);
	f->as_admin = (struct actor){.who = &f->admin, .ip = "-", .arena = &f->a};
	f->as_teacher = (struct actor){.who = &f->teacher, .ip = "-", .arena = &f->a};
	f->as_teacher2 = (struct actor){.who = &f->teacher2, .ip = "-", .arena = &f->a};
	struct class_create k = {.by = &f->as_admin,
				 .school = "S",
				 .name = "6A",
				 .homeroom = "teacher.one",
				 .year = 2025,
				 .grade = 6};
	rc = class_create_tx(c, &k);
	f->class_id = k.id;
	struct class_edit e = {
		.by = &f->as_admin, .id = k.id, .subject = "TOAN", .teacher = "teacher.one"};
	if (!rc)
		rc = class_assign_tx(c, &e);
	if (rc)
		f->p = k.p.id ? k.p : e.p;
	return rc;
}

/* cmocka setup: the fixture in *state, or -1. */
static inline int tf_setup(void **state)
{
	struct tf *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	arena_init(&f->a, 8192, 1 << 24);
	if (unit_store_open(&f->st, "test.db", 0) || work_write(f->st.db, tf_setup_fn, f)) {
		print_error("setup: %s\n", f->p.detail ? f->p.detail : "");
		return -1;
	}
	*state = f;
	return 0;
}

static inline int tf_teardown(void **state)
{
	struct tf *f = *state;
	unit_store_close(&f->st);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* The integer the one-row `sql` answers, read on a connection of its own
 * (a peek at tables no query of the domain reads back); -1 on failure. */
static inline int64_t tf_count(struct tf *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_open_v2(f->st.path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Entries in the audit log so far. */
static inline int64_t tf_audit_count(struct tf *f)
{
	return tf_count(f, "SELECT count(*) FROM audit_log");
}

/* A cmocka test that runs on a fresh fixture. */
#define tf_test(fn) cmocka_unit_test_setup_teardown(fn, tf_setup, tf_teardown)

#endif
