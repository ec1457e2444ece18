/* Unit tests of src/domain/access/guardian.c: relations, linking and
 * unlinking as writes on the student, and the list as an audited read, on
 * the two-school SQLite fixture (school_fixture.h). */
#include "unit.h"

#include <sodium.h>

#include "core/arena.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/access/guardian.h"
#include "domain/access/user.h"

#include "school_fixture.h"

UNIT_TEST(test_relation)
{
	UNUSED(state);
	const char *names[] = {"mother", "father", "guardian", "other"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char copy[16];
		snprintf(copy, sizeof(copy), "%s", names[i]);
		const char *r = guardian_relation(copy);
		assert_non_null(r);
		assert_string_equal(r, names[i]);
		assert_ptr_not_equal(r, copy); /* a static name */
	}
	assert_null(guardian_relation("uncle"));
	assert_null(guardian_relation("Mother"));
	assert_null(guardian_relation(""));
	assert_null(guardian_relation(NULL));
}

static int link_as(struct unit_store *f, struct arena *a, const char *who, int64_t student,
		   const char *username, const char *relation, struct guardian_change *x)
{
	*x = (struct guardian_change){
		.by = arena_calloc(a, 1, sizeof(struct actor)),
		.student = student,
		.username = username,
		.relation = relation,
	};
	*x->by = (struct actor){.who = fixture_who(who), .ip = "-", .arena = a};
	return db_write(f->db, relation ? guardian_link_tx : guardian_unlink_tx, x);
}

static int list_as(struct unit_store *f, struct arena *a, const char *who, int64_t student,
		   struct guardian_list *x)
{
	*x = (struct guardian_list){.by = arena_calloc(a, 1, sizeof(struct actor)),
				    .student = student};
	*x->by = (struct actor){.who = fixture_who(who), .ip = "-", .arena = a};
	return guardian_list(f->db, x);
}

struct grants_job {
	struct arena *a;
	int64_t user_id;
	struct grant grants[PRINCIPAL_MAX_GRANTS];
	int n;
};

static int grants_fn(struct db_conn *c, void *ctx)
{
	struct grants_job *g = ctx;
	return user_grants_read(c, g->a, g->user_id, g->grants, &g->n);
}

UNIT_TEST_WITH(test_link_list_unlink, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena a;
	arena_init(&a, 4096, 0);
	struct guardian_change x;
	/* The candidate's account becomes A's father's, and a guardian. */
	assert_int_equal(link_as(f, &a, "school_admin", FIX_A, "candidate", "father", &x), ERR_OK);
	assert_string_equal(x.relation, "father");
	assert_true(x.since > 0);
	assert_null(x.by->refused);
	struct grants_job g = {.a = &a, .user_id = 29};
	assert_int_equal(db_read(f->db, grants_fn, &g), ERR_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.grants[1].role, ROLE_GUARDIAN);
	assert_null(g.grants[1].org_path);
	struct guardian_list l;
	assert_int_equal(list_as(f, &a, "school_admin", FIX_A, &l), ERR_OK);
	assert_true(l.d.allowed);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].username, "guardian");
	assert_string_equal(l.items[0].relation, "mother");
	assert_string_equal(l.items[1].username, "candidate");
	assert_string_equal(l.audit.action, "guardian.list");
	assert_true(l.audit.allowed);
	assert_int_equal(l.audit.person_id, FIX_A);

	/* What the input and the store say no to. */
	assert_int_equal(link_as(f, &a, "school_admin", FIX_A, "candidate", "father", &x),
			 ERR_CONFLICT);
	assert_string_equal(x.p.code, "duplicate_guardian");
	assert_int_equal(link_as(f, &a, "school_admin", FIX_A, "nobody", "mother", &x),
			 ERR_INVALID);
	assert_string_equal(x.p.code, "unknown_user");
	assert_int_equal(link_as(f, &a, "school_admin", FIX_A, "candidate", "uncle", &x),
			 ERR_INVALID);
	assert_string_equal(x.p.field, "relation");
	assert_null(x.by->refused); /* nothing decided yet */

	/* Scope: a registrar elsewhere, a reader who may not change, no student. */
	assert_int_equal(link_as(f, &a, "school_admin", FIX_B, "candidate", "mother", &x),
			 ERR_NOTFOUND);
	assert_string_equal(x.p.code, "not_found");
	assert_non_null(x.by->refused);
	assert_string_equal(x.by->refused->action, "guardian.add");
	assert_int_equal(link_as(f, &a, "guardian", FIX_A, "candidate", "mother", &x),
			 ERR_FORBIDDEN);
	assert_int_equal(link_as(f, &a, "school_admin", 4242, "candidate", "mother", &x),
			 ERR_NOTFOUND);
	assert_non_null(x.by->refused);

	/* Reading the links is a read of the student. */
	assert_int_equal(list_as(f, &a, "guardian", FIX_A, &l), ERR_OK);
	assert_true(l.d.allowed);
	assert_int_equal(list_as(f, &a, "away_teacher", FIX_A, &l), ERR_OK);
	assert_false(l.d.allowed);
	assert_int_equal(l.n, 0);
	assert_string_equal(l.p.code, "not_found");
	assert_false(l.audit.allowed);
	assert_string_equal(l.audit.role, "teacher");

	/* Unlink: once, then not_linked; an unknown account is not linked. */
	assert_int_equal(link_as(f, &a, "district_officer", FIX_A, "candidate", NULL, &x), ERR_OK);
	assert_int_equal(link_as(f, &a, "district_officer", FIX_A, "candidate", NULL, &x),
			 ERR_NOTFOUND);
	assert_string_equal(x.p.code, "not_linked");
	assert_int_equal(link_as(f, &a, "district_officer", FIX_A, "nobody", NULL, &x),
			 ERR_NOTFOUND);
	assert_string_equal(x.p.code, "not_linked");
	assert_int_equal(list_as(f, &a, "school_admin", FIX_A, &l), ERR_OK);
	assert_int_equal(l.n, 1);
	arena_release(&a);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
