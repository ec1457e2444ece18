/* Unit tests of src/domain/access/access.c: the rules as tables, each role
 * in and out of its scope for every action, the way
 * tests/api/access/authz.test.mjs checks them over HTTP. Guardians and
 * class teachers are looked up in a temporary SQLite database
 * (school_fixture.h). */
#include "unit.h"

#include "core/arena.h"
#include "core/log.h"
#include "domain/access/access.h"

#include "school_fixture.h"

/* An expected decision: 'A' allowed, 'V' refused but visible (403), '-'
 * refused and not visible (404). */
static void assert_decision(const struct access_decision *d, char want, const char *who,
			    const char *what)
{
	bool allowed = want == 'A', visible = want != '-';
	if (d->allowed != allowed || d->visible != visible)
		fail_msg("%s, %s: want %c, got allowed %d visible %d", who, what, want, d->allowed,
			 d->visible);
	/* The grant the audit entry names: the caller's (each holds one). */
	assert_non_null(d->grant);
	assert_ptr_equal(d->grant, &fixture_who(who)->grants[0]);
}

/* ---- students ---- */

static const enum access_action actions[] = {ACCESS_READ, ACCESS_LIST, ACCESS_WRITE, ACCESS_AUDIT};

/* For each role: A's decisions, then B's, for read, list, write, audit. */
static const struct {
	const char *who;
	const char *home, *away;
} student_rules[] = {
	{"ministry_admin", "AAAA", "----"},   {"province_officer", "AAAA", "----"},
	{"district_officer", "AAAA", "----"}, {"school_admin", "AAAA", "----"},
	{"teacher", "AAVV", "----"},	      {"subject_teacher", "AAVV", "----"},
	{"other_teacher", "----", "----"},    {"guardian", "AAVA", "----"},
	{"student", "AAVV", "----"},	      {"candidate", "----", "----"},
	{"away_teacher", "----", "AAVV"},
};

struct student_job {
	const struct principal *who;
	enum access_action act;
	int64_t person_id;
	const char *school_path;
	struct access_decision d;
};

static int student_fn(struct db_conn *c, void *ctx)
{
	struct student_job *x = ctx;
	return access_student(c, x->who, x->act, x->person_id, x->school_path, &x->d);
}

UNIT_TEST_WITH(test_student_rules, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	for (size_t i = 0; i < ARRAY_SIZE(student_rules); i++) {
		for (int side = 0; side < 2; side++) {
			const char *want = side ? student_rules[i].away : student_rules[i].home;
			for (size_t k = 0; k < ARRAY_SIZE(actions); k++) {
				struct student_job x = {.who = fixture_who(student_rules[i].who),
							.act = actions[k],
							.person_id = side ? FIX_B : FIX_A,
							.school_path = side ? FIX_AWAY : FIX_HOME};
				assert_int_equal(db_read(f->db, student_fn, &x), ERR_OK);
				char what[64];
				snprintf(what, sizeof(what), "student %s %s", side ? "B" : "A",
					 access_action_name(actions[k]));
				assert_decision(&x.d, want[k], student_rules[i].who, what);
			}
		}
	}
}

/* Rules that need no look-up decide without a connection; an absent
 * student is refused like one out of scope. */
UNIT_TEST(test_student_without_store)
{
	UNUSED(state);
	struct access_decision d;
	assert_int_equal(access_student(NULL, fixture_who("district_officer"), ACCESS_WRITE, FIX_A,
					FIX_HOME, &d),
			 ERR_OK);
	assert_true(d.allowed);
	assert_string_equal(d.grant->org_code, "D1");
	/* "/1/2/3/" must not reach "/1/2/30/". */
	assert_int_equal(access_student(NULL, fixture_who("district_officer"), ACCESS_READ, FIX_A,
					"/1/2/30/4/", &d),
			 ERR_OK);
	assert_false(d.allowed);
	access_absent(fixture_who("guardian"), &d);
	assert_false(d.allowed);
	assert_false(d.visible);
	assert_ptr_equal(d.grant, &fixture_who("guardian")->grants[0]);
	struct principal none = {.user_id = 99, .username = "none"};
	access_absent(&none, &d);
	assert_null(d.grant);
}

/* ---- organisations ---- */

static const struct {
	const char *who;
	const char *home, *away;
} org_rules[] = {
	{"ministry_admin", "AAAA", "----"},   {"province_officer", "AAAA", "----"},
	{"district_officer", "AAAA", "----"}, {"school_admin", "AAAA", "----"},
	{"teacher", "AAVV", "----"},	      {"other_teacher", "AAVV", "----"},
	{"guardian", "----", "----"},	      {"student", "----", "----"},
	{"candidate", "----", "----"},	      {"away_teacher", "----", "AAVV"},
};

UNIT_TEST(test_org_rules)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(org_rules); i++) {
		for (int side = 0; side < 2; side++) {
			const char *want = side ? org_rules[i].away : org_rules[i].home;
			for (size_t k = 0; k < ARRAY_SIZE(actions); k++) {
				struct access_decision d;
				access_org(fixture_who(org_rules[i].who), actions[k],
					   side ? FIX_AWAY : FIX_HOME, &d);
				char what[64];
				snprintf(what, sizeof(what), "org %s %s", side ? "S2" : "S1",
					 access_action_name(actions[k]));
				assert_decision(&d, want[k], org_rules[i].who, what);
			}
		}
	}
	/* A registrar's whole subtree, its district too. */
	struct access_decision d;
	access_org(fixture_who("district_officer"), ACCESS_WRITE, "/1/2/3/", &d);
	assert_true(d.allowed);
	access_org(fixture_who("school_admin"), ACCESS_READ, "/1/2/3/", &d);
	assert_false(d.allowed);
	assert_false(d.visible);
}

/* ---- classes ---- */

static const enum access_class_act class_acts[] = {ACCESS_CLASS_READ, ACCESS_CLASS_MANAGE,
						   ACCESS_CLASS_ATTEND, ACCESS_CLASS_GRADE};

/* For each role: the home class's decisions, then the away class's, for
 * read, manage, attend, grade (the grades of the subject its subject
 * teacher teaches). */
static const struct {
	const char *who;
	const char *home, *away;
} class_rules[] = {
	{"ministry_admin", "AAAA", "----"},   {"province_officer", "AAAA", "----"},
	{"district_officer", "AAAA", "----"}, {"school_admin", "AAAA", "----"},
	{"teacher", "AVAV", "----"},	      {"subject_teacher", "AVAA", "----"},
	{"other_teacher", "VVVV", "----"},    {"guardian", "----", "----"},
	{"student", "----", "----"},	      {"candidate", "----", "----"},
	{"away_teacher", "----", "AVAA"},
};

struct class_job {
	const struct principal *who;
	enum access_class_act act;
	struct access_class k;
	struct access_decision d;
};

static int class_fn(struct db_conn *c, void *ctx)
{
	struct class_job *x = ctx;
	return access_class(c, x->who, x->act, &x->k, &x->d);
}

UNIT_TEST_WITH(test_class_rules, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	const struct access_class classes[] = {
		{.id = FIX_HOME_CLASS,
		 .school_path = FIX_HOME,
		 .homeroom_id = 24,
		 .subject_teacher_id = 25},
		{.id = FIX_AWAY_CLASS,
		 .school_path = FIX_AWAY,
		 .homeroom_id = 30,
		 .subject_teacher_id = 30},
	};
	for (size_t i = 0; i < ARRAY_SIZE(class_rules); i++) {
		for (int side = 0; side < 2; side++) {
			const char *want = side ? class_rules[i].away : class_rules[i].home;
			for (size_t k = 0; k < ARRAY_SIZE(class_acts); k++) {
				struct class_job x = {.who = fixture_who(class_rules[i].who),
						      .act = class_acts[k],
						      .k = classes[side]};
				assert_int_equal(db_read(f->db, class_fn, &x), ERR_OK);
				char what[64];
				snprintf(what, sizeof(what), "class %d act %d", side, (int)k);
				assert_decision(&x.d, want[k], class_rules[i].who, what);
			}
		}
	}
}

/* ---- lists ---- */

UNIT_TEST(test_list_plan)
{
	UNUSED(state);
	static const struct {
		const char *who;
		enum access_list_kind own, linked; /* linked: ?linked=1 */
		const char *scope;
	} plans[] = {
		{"ministry_admin", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, "/1/"},
		{"province_officer", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, "/1/2/"},
		{"district_officer", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, "/1/2/3/"},
		{"school_admin", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, FIX_HOME},
		{"teacher", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, FIX_HOME},
		{"away_teacher", ACCESS_LIST_SUBTREE, ACCESS_LIST_NONE, FIX_AWAY},
		{"guardian", ACCESS_LIST_LINKED, ACCESS_LIST_LINKED, NULL},
		{"student", ACCESS_LIST_LINKED, ACCESS_LIST_LINKED, NULL},
		{"candidate", ACCESS_LIST_NONE, ACCESS_LIST_NONE, NULL},
	};
	for (size_t i = 0; i < ARRAY_SIZE(plans); i++) {
		const char *scope = "unset";
		const struct principal *p = fixture_who(plans[i].who);
		if (access_list_plan(p, false, &scope) != plans[i].own)
			fail_msg("%s: wrong plan", plans[i].who);
		if (plans[i].scope)
			assert_string_equal(scope, plans[i].scope);
		else
			assert_null(scope);
		if (access_list_plan(p, true, &scope) != plans[i].linked)
			fail_msg("%s: wrong linked plan", plans[i].who);
		assert_null(scope);
	}
	/* Staff who are also guardians: their subtree, or their children. */
	struct principal both = {
		.user_id = 40,
		.username = "both",
		.ngrants = 2,
		.grants = {{ROLE_SCHOOL_ADMIN, 4, "S1", FIX_HOME}, {ROLE_GUARDIAN, 0, NULL, NULL}}};
	const char *scope;
	assert_int_equal(access_list_plan(&both, false, &scope), ACCESS_LIST_SUBTREE);
	assert_string_equal(scope, FIX_HOME);
	assert_int_equal(access_list_plan(&both, true, &scope), ACCESS_LIST_LINKED);
	/* A student grant without its person lists nothing. */
	struct principal orphan = {.user_id = 41,
				   .username = "orphan",
				   .ngrants = 1,
				   .grants = {{ROLE_STUDENT, 0, NULL, NULL}}};
	assert_int_equal(access_list_plan(&orphan, false, &scope), ACCESS_LIST_NONE);
}

/* ---- the places the rules are asked about ---- */

struct lookup_job {
	struct arena a;
	const char *code;
	int64_t person_id;
	struct access_org_ref org;
	const char *school_path;
	int rc_org, rc_school;
};

static int lookup_fn(struct db_conn *c, void *ctx)
{
	struct lookup_job *x = ctx;
	x->rc_org = access_org_lookup(c, &x->a, x->code, &x->org);
	x->rc_school = access_student_school(c, &x->a, x->person_id, &x->school_path);
	return ERR_OK;
}

UNIT_TEST_WITH(test_lookups, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct lookup_job x = {.code = "S1", .person_id = FIX_B};
	arena_init(&x.a, 1024, 0);
	assert_int_equal(db_read(f->db, lookup_fn, &x), ERR_OK);
	assert_int_equal(x.rc_org, ERR_OK);
	assert_int_equal(x.org.id, 4);
	assert_true(x.org.school);
	assert_string_equal(x.org.path, FIX_HOME);
	assert_int_equal(x.rc_school, ERR_OK);
	assert_string_equal(x.school_path, FIX_AWAY);
	x.code = "D2";
	x.person_id = 999;
	assert_int_equal(db_read(f->db, lookup_fn, &x), ERR_OK);
	assert_int_equal(x.rc_org, ERR_OK);
	assert_false(x.org.school);
	assert_string_equal(x.org.path, "/10/11/12/");
	assert_int_equal(x.rc_school, ERR_NOTFOUND);
	x.code = "NOPE";
	assert_int_equal(db_read(f->db, lookup_fn, &x), ERR_OK);
	assert_int_equal(x.rc_org, ERR_NOTFOUND);
	arena_release(&x.a);
}

UNIT_MAIN()
