/* Unit tests of src/domain/org.c: validation alone, then the tree rules of
 * org_create against a temporary SQLite database. */
#include "unit.h"
#include "store.h"
#include "writes.h"

#include "core/err.h"
#include "core/log.h"
#include "domain/registry/org.h"

struct validate_case {
	const char *code, *name, *kind, *parent;
	int err;
	const char *want_code;	/* problem code */
	const char *want_field; /* problem field */
};

/* 32 and 33 character codes; 200 and 201 character names (é is 2 bytes). */
#define C32  "abcdefghijABCDEFGHIJ0123456789-_"
#define E10  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define E50  E10 E10 E10 E10 E10
#define E200 E50 E50 E50 E50

static const struct validate_case cases[] = {
	/* Valid. */
	{"MOE", "Ministry of Education", "ministry", NULL, ERR_OK, NULL, NULL},
	{"p.01", "Province", "province", "MOE", ERR_OK, NULL, NULL},
	{"d_1-x", "District", "district", "p.01", ERR_OK, NULL, NULL},
	{"S1", "School", "school", "d_1-x", ERR_OK, NULL, NULL},
	{C32, "x", "ministry", NULL, ERR_OK, NULL, NULL},
	{"a", "x", "ministry", NULL, ERR_OK, NULL, NULL},
	{"n200", E200, "ministry", NULL, ERR_OK, NULL, NULL},
	/* Code: present, 1-32 of A-Z a-z 0-9 - _ . */
	{NULL, "x", "ministry", NULL, ERR_INVALID, "required", "code"},
	{"", "x", "ministry", NULL, ERR_INVALID, "required", "code"},
	{C32 "x", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"a b", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"a/b", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"a%20", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"a?b", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"caf\xc3\xa9", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{"\xd9\x81", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	{" a", "x", "ministry", NULL, ERR_INVALID, "invalid", "code"},
	/* The code is checked before anything else. */
	{"a b", NULL, NULL, "X", ERR_INVALID, "invalid", "code"},
	/* Name: present, at most 200 characters. */
	{"A", NULL, "ministry", NULL, ERR_INVALID, "required", "name"},
	{"A", "", "ministry", NULL, ERR_INVALID, "required", "name"},
	{"A", E200 "x", "ministry", NULL, ERR_INVALID, "too_long", "name"},
	{"A", "bad \xc0\x80 utf8", "ministry", NULL, ERR_INVALID, NULL, "name"},
	/* Kind: one of four, exactly. */
	{"A", "x", NULL, NULL, ERR_INVALID, "invalid", "kind"},
	{"A", "x", "", NULL, ERR_INVALID, "invalid", "kind"},
	{"A", "x", "Ministry", NULL, ERR_INVALID, "invalid", "kind"},
	{"A", "x", "city", NULL, ERR_INVALID, "invalid", "kind"},
	{"A", "x", "schools", NULL, ERR_INVALID, "invalid", "kind"},
	/* Parent: a ministry has none, everything else needs one. */
	{"A", "x", "ministry", "MOE", ERR_INVALID, "invalid", "parent"},
	{"A", "x", "province", NULL, ERR_INVALID, "required", "parent"},
	{"A", "x", "district", NULL, ERR_INVALID, "required", "parent"},
	{"A", "x", "school", NULL, ERR_INVALID, "required", "parent"},
};

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

UNIT_TEST(test_validate)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct validate_case *t = &cases[i];
		struct org_input in = {
			.code = t->code, .name = t->name, .kind = t->kind, .parent = t->parent};
		struct problem p = {.err = 12345};
		int rc = org_validate(&in, &p);
		bool ok;
		if (t->err == ERR_OK)
			ok = rc == ERR_OK && p.err == 12345; /* p untouched */
		else
			ok = rc == t->err && p.err == rc && str_eq(p.field, t->want_field) &&
			     p.code && (!t->want_code || str_eq(p.code, t->want_code)) && p.detail;
		if (!ok)
			fail_msg("case %zu (code %s, kind %s): rc %d, code %s, field %s", i,
				 t->code ? t->code : "NULL", t->kind ? t->kind : "NULL", rc,
				 rc && p.code ? p.code : "-", rc && p.field ? p.field : "-");
	}
}

/* ---- org_create and org_get: the tree rules that need the database ---- */

static int db_setup(void **state)
{
	return unit_store_setup(state, "org.db", 1);
}

struct get_job {
	struct arena arena;
	const char *code;
	struct org org;
};

static int get_fn(struct db_conn *c, void *ctx)
{
	struct get_job *g = ctx;
	return org_get(c, &g->arena, g->code, &g->org);
}

UNIT_TEST_WITH(test_tree, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	int64_t moe, prov, dist, school;
	assert_int_equal(unit_org_create(f->db, "MOE", "ministry", NULL, &moe, NULL), ERR_OK);
	assert_int_equal(unit_org_create(f->db, "P1", "province", "MOE", &prov, NULL), ERR_OK);
	assert_int_equal(unit_org_create(f->db, "D1", "district", "P1", &dist, NULL), ERR_OK);
	assert_int_equal(unit_org_create(f->db, "S1", "school", "D1", &school, NULL), ERR_OK);
	assert_true(moe > 0 && prov > moe && dist > prov && school > dist);

	struct get_job g = {.code = "S1"};
	arena_init(&g.arena, 0, 0);
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_OK);
	assert_int_equal(g.org.id, school);
	assert_string_equal(g.org.kind, "school");
	assert_string_equal(g.org.parent, "D1");
	/* The path lists the ids from the root down. */
	char want[128];
	snprintf(want, sizeof(want), "/%" PRId64 "/%" PRId64 "/%" PRId64 "/%" PRId64 "/", moe, prov,
		 dist, school);
	assert_string_equal(g.org.path, want);

	g.code = "MOE";
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_OK);
	assert_null(g.org.parent);
	snprintf(want, sizeof(want), "/%" PRId64 "/", moe);
	assert_string_equal(g.org.path, want);
	arena_release(&g.arena);
}

UNIT_TEST_WITH(test_parent_rules, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct problem p;
	assert_int_equal(unit_org_create(f->db, "M", "ministry", NULL, NULL, NULL), ERR_OK);
	assert_int_equal(unit_org_create(f->db, "P", "province", "M", NULL, NULL), ERR_OK);

	/* One level up only. */
	assert_int_equal(unit_org_create(f->db, "S", "school", "M", NULL, &p), ERR_INVALID);
	assert_problem(p, "wrong_parent_kind", "parent");
	assert_int_equal(unit_org_create(f->db, "P2", "province", "P", NULL, &p), ERR_INVALID);
	assert_string_equal(p.code, "wrong_parent_kind");
	assert_int_equal(unit_org_create(f->db, "D", "district", "NOPE", NULL, &p), ERR_INVALID);
	assert_problem(p, "unknown_parent", "parent");

	/* A taken code. */
	assert_int_equal(unit_org_create(f->db, "P", "province", "M", NULL, &p), ERR_CONFLICT);
	assert_string_equal(p.field, "code");

	/* Validation runs inside org_create too. */
	assert_int_equal(unit_org_create(f->db, "bad code", "province", "M", NULL, &p),
			 ERR_INVALID);
	assert_string_equal(p.field, "code");

	/* None of the refused ones exist. */
	struct get_job g = {.code = "S"};
	arena_init(&g.arena, 0, 0);
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_NOTFOUND);
	g.code = "P2";
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_NOTFOUND);
	g.code = "D";
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_NOTFOUND);
	arena_release(&g.arena);
}

UNIT_MAIN()
