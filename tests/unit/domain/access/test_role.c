/* Unit tests of src/domain/access/role.c: role names, the subtree rule
 * (principal_reach, principal_reaches) and the scope of a search
 * (principal_scope), as tables. */
#include "unit.h"

#include "core/log.h"
#include "domain/access/role.h"

UNIT_TEST(test_names)
{
	UNUSED(state);
	for (int r = 0; r < ROLE__COUNT; r++)
		assert_int_equal(role_parse(role_name((enum role)r)), r);
	assert_int_equal(role_parse("root"), -1);
	assert_int_equal(role_parse("Teacher"), -1);
	assert_string_equal(role_name(ROLE__COUNT), "unknown");
	assert_false(role_needs_org(ROLE_MINISTRY_ADMIN));
	assert_true(role_needs_org(ROLE_SCHOOL_ADMIN));
	assert_false(role_needs_org(ROLE_GUARDIAN));
}

#define STAFF                                                              \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN) | ROLE_BIT(ROLE_TEACHER))
#define TEACHERS ROLE_BIT(ROLE_TEACHER)

static const struct principal national = {
	1, "national", 0, 1, {{ROLE_MINISTRY_ADMIN, 0, NULL, NULL}}};
static const struct principal district = {
	2, "district", 0, 1, {{ROLE_DISTRICT_OFFICER, 4, "D1", "/1/4/"}}};
/* A teacher at two schools of one district, and a guardian. */
static const struct principal teacher = {3,
					 "teacher",
					 0,
					 3,
					 {{ROLE_GUARDIAN, 0, NULL, NULL},
					  {ROLE_TEACHER, 9, "S1", "/1/4/9/"},
					  {ROLE_TEACHER, 12, "S2", "/1/4/12/"}}};
static const struct principal guardian = {4, "guardian", 0, 1, {{ROLE_GUARDIAN, 0, NULL, NULL}}};
static const struct principal nobody = {5, "nobody", 0, 0, {{0}}};

UNIT_TEST(test_reaches)
{
	UNUSED(state);
	static const struct {
		const struct principal *p;
		unsigned mask;
		const char *path;
		int grant; /* the index of the grant that reaches, -1: none */
	} rules[] = {
		/* An unbound ministry_admin reaches every org, and no org. */
		{&national, STAFF, "/1/", 0},
		{&national, STAFF, "/77/3/", 0},
		{&national, STAFF, NULL, 0},
		{&national, TEACHERS, "/1/", -1},
		/* A bound grant: its org and what lies below it. */
		{&district, STAFF, "/1/4/", 0},
		{&district, STAFF, "/1/4/9/", 0},
		{&district, STAFF, "/1/", -1},
		{&district, STAFF, "/1/40/", -1},
		{&district, STAFF, "/1/5/4/", -1},
		{&district, STAFF, NULL, -1},
		{&district, TEACHERS, "/1/4/9/", -1},
		/* Several grants: the first that reaches; an unbound guardian never. */
		{&teacher, STAFF, "/1/4/9/", 1},
		{&teacher, STAFF, "/1/4/12/7/", 2},
		{&teacher, STAFF, "/1/4/", -1},
		{&teacher, ROLE_BIT(ROLE_GUARDIAN), "/1/4/9/", -1},
		{&teacher, ROLE_BIT(ROLE_GUARDIAN), NULL, -1},
		{&guardian, ~0u, "/1/", -1},
		{&nobody, ~0u, "/1/", -1},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct grant *g = principal_reach(rules[i].p, rules[i].mask, rules[i].path);
		const struct grant *want =
			rules[i].grant < 0 ? NULL : &rules[i].p->grants[rules[i].grant];
		if (g != want)
			fail_msg("rule %zu (%s, %s): wrong grant", i, rules[i].p->username,
				 rules[i].path ? rules[i].path : "NULL");
		assert_int_equal(principal_reaches(rules[i].p, rules[i].mask, rules[i].path),
				 want != NULL);
	}
}

UNIT_TEST(test_scope)
{
	UNUSED(state);
	static const struct principal two_districts = {6,
						       "two",
						       0,
						       2,
						       {{ROLE_DISTRICT_OFFICER, 4, "D1", "/1/4/"},
							{ROLE_SCHOOL_ADMIN, 50, "S9", "/1/5/50/"}}};
	static const struct principal two_provinces = {
		7,
		"far",
		0,
		2,
		{{ROLE_SCHOOL_ADMIN, 9, "S1", "/1/4/9/"}, {ROLE_TEACHER, 10, "S3", "/2/10/"}}};
	/* Common prefixes end at a '/': "/1/4/" and "/1/40/" share "/1/". */
	static const struct principal near = {
		8,
		"near",
		0,
		2,
		{{ROLE_TEACHER, 4, "A", "/1/4/"}, {ROLE_TEACHER, 40, "B", "/1/40/"}}};
	static const struct {
		const struct principal *p;
		unsigned mask;
		const char *scope; /* NULL: none */
	} rules[] = {
		{&national, STAFF, "/"},
		{&district, STAFF, "/1/4/"},
		{&district, TEACHERS, NULL},
		{&teacher, STAFF, "/1/4/"},
		{&teacher, TEACHERS, "/1/4/"},
		{&two_districts, STAFF, "/1/"},
		{&two_districts, ROLE_BIT(ROLE_SCHOOL_ADMIN), "/1/5/50/"},
		{&two_provinces, STAFF, "/"},
		{&near, STAFF, "/1/"},
		{&guardian, ~0u, NULL},
		{&nobody, ~0u, NULL},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const char *s = principal_scope(rules[i].p, rules[i].mask);
		if (!rules[i].scope != !s || (s && strcmp(s, rules[i].scope)))
			fail_msg("rule %zu (%s): scope %s, want %s", i, rules[i].p->username,
				 s ? s : "NULL", rules[i].scope ? rules[i].scope : "NULL");
	}
}

UNIT_TEST(test_has)
{
	UNUSED(state);
	assert_true(principal_has(&teacher, ROLE_BIT(ROLE_GUARDIAN)));
	assert_true(principal_has(&teacher, TEACHERS));
	assert_false(principal_has(&teacher, ROLE_BIT(ROLE_SCHOOL_ADMIN)));
	assert_false(principal_has(&nobody, ~0u));
}

UNIT_MAIN()
