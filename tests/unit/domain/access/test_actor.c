/* Unit tests of src/domain/access/actor.c: the audit entry of a decision,
 * a refusal noted for after the write, and the checks of a write on an
 * organisation or on a student (in a transaction of a temporary SQLite
 * database, school_fixture.h) and of a read of a student. */
#include "unit.h"

#include <sodium.h>

#include "core/arena.h"
#include "core/log.h"
#include "domain/access/actor.h"

#include "school_fixture.h"

UNIT_TEST(test_audit_fill)
{
	UNUSED(state);
	struct actor a = {.who = fixture_who("district_officer"), .ip = "10.1.2.3"};
	struct access_decision d;
	access_org(a.who, ACCESS_WRITE, FIX_HOME, &d);
	struct audit_entry e;
	actor_audit_fill(&a, &d, "student.update", FIX_A, &e);
	assert_int_equal(e.user_id, 22);
	assert_string_equal(e.username, "district_officer");
	assert_string_equal(e.role, "district_officer");
	assert_string_equal(e.org_code, "D1");
	assert_string_equal(e.action, "student.update");
	assert_int_equal(e.person_id, FIX_A);
	assert_true(e.allowed);
	assert_string_equal(e.ip, "10.1.2.3");
	assert_null(e.subject);
	assert_int_equal(e.seq, 0);
	/* A refusal names the caller's first grant and says refused. */
	access_org(a.who, ACCESS_WRITE, FIX_AWAY, &d);
	actor_audit_fill(&a, &d, "student.update", FIX_B, &e);
	assert_false(e.allowed);
	assert_string_equal(e.org_code, "D1");
	/* No one signed in, no address, no decision. */
	struct actor anon = {0};
	actor_audit_fill(&anon, NULL, "auth.login", 0, &e);
	assert_int_equal(e.user_id, 0);
	assert_string_equal(e.username, "");
	assert_string_equal(e.role, "");
	assert_null(e.org_code);
	assert_false(e.allowed);
	assert_string_equal(e.ip, "-");
	actor_audit_fill(NULL, NULL, "x", 0, &e);
	assert_string_equal(e.ip, "-");
}

UNIT_TEST(test_refuse)
{
	UNUSED(state);
	struct arena arena;
	arena_init(&arena, 1024, 0);
	struct actor a = {.who = fixture_who("teacher"), .ip = "::1", .arena = &arena};
	struct access_decision d;
	access_org(a.who, ACCESS_WRITE, FIX_HOME, &d);
	char subject[] = "S1";
	assert_null(a.refused);
	assert_int_equal(actor_refuse(&a, &d, "class.create", 0, subject), ERR_OK);
	assert_non_null(a.refused);
	subject[0] = 'X'; /* the entry holds its own copy */
	assert_string_equal(a.refused->subject, "S1");
	assert_false(a.refused->allowed);
	assert_string_equal(a.refused->role, "teacher");
	assert_string_equal(a.refused->action, "class.create");
	assert_int_equal(a.refused->person_id, 0);
	assert_int_equal(actor_refuse(&a, &d, "student.update", FIX_A, NULL), ERR_OK);
	assert_null(a.refused->subject);
	assert_int_equal(a.refused->person_id, FIX_A);
	arena_release(&arena);
}

UNIT_TEST(test_may_write_org)
{
	UNUSED(state);
	struct arena arena;
	arena_init(&arena, 1024, 0);
	struct actor a = {.who = fixture_who("school_admin"), .ip = "-", .arena = &arena};
	struct problem p = {0};
	struct access_decision d;
	assert_int_equal(actor_may_write_org(&a, FIX_HOME, "class.create", 0, "S1", "school",
					     "Not yours.", &d, &p),
			 ERR_OK);
	assert_true(d.allowed);
	assert_null(a.refused);
	assert_int_equal(p.id, P_NONE);
	/* Out of scope: 403 out_of_scope on the field, the refusal noted. */
	assert_int_equal(actor_may_write_org(&a, FIX_AWAY, "class.create", 0, "S2", "school",
					     "Not yours.", NULL, &p),
			 ERR_FORBIDDEN);
	assert_string_equal(p.code, "out_of_scope");
	assert_int_equal(p.status, 403);
	assert_string_equal(p.field, "school");
	assert_string_equal(p.detail, "Not yours.");
	assert_non_null(a.refused);
	assert_string_equal(a.refused->subject, "S2");
	assert_false(a.refused->allowed);
	/* A teacher reads the school's data but may not change it. */
	a.who = fixture_who("teacher");
	a.refused = NULL;
	assert_int_equal(
		actor_may_write_org(&a, FIX_HOME, "class.create", 0, "S1", NULL, NULL, &d, &p),
		ERR_FORBIDDEN);
	assert_false(d.allowed);
	assert_true(d.visible);
	assert_non_null(a.refused);
	arena_release(&arena);
}

/* ---- on the store ---- */

struct write_job {
	struct actor a;
	int64_t person_id;
	const char *school_path;
	struct problem p;
};

static int write_fn(struct db_conn *c, void *ctx)
{
	struct write_job *x = ctx;
	return actor_may_write_student(c, &x->a, x->person_id, x->school_path, "student.update",
				       &x->p);
}

/* How many entries the audit log holds. */
static int64_t audit_entries(struct unit_store *f)
{
	struct audit_report rep;
	assert_int_equal(audit_check(f->db, 0, NULL, &rep), ERR_OK);
	return rep.entries;
}

static int write_as(struct unit_store *f, struct arena *arena, const char *who, int64_t person_id,
		    struct write_job *x)
{
	*x = (struct write_job){.a = {.who = fixture_who(who), .ip = "-", .arena = arena},
				.person_id = person_id,
				.school_path = person_id == FIX_A ? FIX_HOME : FIX_AWAY};
	return db_write(f->db, write_fn, x);
}

UNIT_TEST_WITH(test_may_write_student, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena arena;
	arena_init(&arena, 1024, 0);
	struct write_job x;
	/* Allowed: audited in the write's own transaction, nothing noted. */
	assert_int_equal(write_as(f, &arena, "school_admin", FIX_A, &x), ERR_OK);
	assert_null(x.a.refused);
	assert_int_equal(audit_entries(f), 1);
	/* Refused to one who may read the student: 403; to one who may not: 404.
	 * The refusal is noted for after the write, not written in it. */
	assert_int_equal(write_as(f, &arena, "guardian", FIX_A, &x), ERR_FORBIDDEN);
	assert_string_equal(x.p.code, "forbidden");
	assert_non_null(x.a.refused);
	assert_false(x.a.refused->allowed);
	assert_string_equal(x.a.refused->role, "guardian");
	assert_int_equal(x.a.refused->person_id, FIX_A);
	assert_int_equal(write_as(f, &arena, "school_admin", FIX_B, &x), ERR_NOTFOUND);
	assert_string_equal(x.p.code, "not_found");
	assert_non_null(x.a.refused);
	assert_int_equal(write_as(f, &arena, "teacher", FIX_A, &x), ERR_FORBIDDEN);
	assert_int_equal(audit_entries(f), 1);
	arena_release(&arena);
}

struct read_job {
	struct actor a;
	int64_t person_id;
	enum access_action act;
	struct access_decision d;
};

static int read_fn(struct db_conn *c, void *ctx)
{
	struct read_job *x = ctx;
	return actor_may_read_student(c, &x->a, x->act, x->person_id, &x->d);
}

UNIT_TEST_WITH(test_may_read_student, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena arena;
	arena_init(&arena, 1024, 0);
	struct read_job x = {.a = {.who = fixture_who("guardian"), .ip = "-", .arena = &arena},
			     .person_id = FIX_A,
			     .act = ACCESS_AUDIT};
	assert_int_equal(db_read(f->db, read_fn, &x), ERR_OK);
	assert_true(x.d.allowed);
	x.person_id = FIX_B;
	assert_int_equal(db_read(f->db, read_fn, &x), ERR_OK);
	assert_false(x.d.allowed);
	assert_false(x.d.visible);
	/* An absent student: the same refusal, no error. */
	x.a.who = fixture_who("ministry_admin");
	x.person_id = 424242;
	x.act = ACCESS_READ;
	assert_int_equal(db_read(f->db, read_fn, &x), ERR_OK);
	assert_false(x.d.allowed);
	assert_false(x.d.visible);
	assert_ptr_equal(x.d.grant, &fixture_who("ministry_admin")->grants[0]);
	x.person_id = FIX_A;
	assert_int_equal(db_read(f->db, read_fn, &x), ERR_OK);
	assert_true(x.d.allowed);
	arena_release(&arena);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
