/* Unit tests of src/domain/admissions/priority.c: a round's groups and
 * zones, an application's claims, and the group they give at a school. */
#include "unit.h"
#include "scratch.h"

#include "domain/admissions/priority.h"

static const char *const RULES = "{\"groups\": {\"sibling\": 1, \"zone\": 2, "
				 "\"categories\": {\"law_a\": 3, \"law_b\": 0}},"
				 " \"zones\": {\"S1\": [\"W01\", \"W02\"], \"S2\": [\"W03\"]}}";

static bool in_round(const void *ctx, const char *code)
{
	(void)ctx;
	return !strcmp(code, "S1") || !strcmp(code, "S2") || !strcmp(code, "S3");
}

static struct priority_rules rules_of(const char *text)
{
	struct priority_rules r;
	struct problem p = {0};
	assert_int_equal(priority_rules_parse(&a, text, &r, &p), ERR_OK);
	return r;
}

static struct priority_claims claims_of(const struct priority_rules *r, const char *text)
{
	struct priority_claims c;
	struct problem p = {0};
	json_t *v = json_loads(text, 0, NULL);
	assert_non_null(v);
	assert_int_equal(priority_claims_check(&a, v, r, in_round, NULL, &c, &p), ERR_OK);
	json_decref(v);
	return c;
}

UNIT_TEST_WITH(test_group_at, scratch_setup, scratch_teardown)
{
	(void)state;
	struct priority_rules r = rules_of(RULES);
	assert_int_equal(r.sibling, 1);
	assert_int_equal(r.zone, 2);
	assert_int_equal(r.nzones, 2);
	/* Zone: group 2 at the zone's schools only. */
	struct priority_claims c = claims_of(&r, "{\"area\": \"W02\"}");
	assert_int_equal(priority_group_at(&r, &c, "S1"), 2);
	assert_int_equal(priority_group_at(&r, &c, "S2"), PRIORITY_NONE);
	/* Sibling: group 1 at that school; with the zone, the better wins. */
	c = claims_of(&r, "{\"area\": \"W01\", \"siblings\": [\"S1\"]}");
	assert_int_equal(priority_group_at(&r, &c, "S1"), 1);
	assert_int_equal(priority_group_at(&r, &c, "S3"), PRIORITY_NONE);
	/* A category counts at every school; the lowest group of all. */
	c = claims_of(&r, "{\"area\": \"W03\", \"categories\": [\"law_a\"]}");
	assert_int_equal(priority_group_at(&r, &c, "S1"), 3);
	assert_int_equal(priority_group_at(&r, &c, "S2"), 2);
	assert_int_equal(priority_group_at(&r, &c, "S3"), 3);
	c = claims_of(&r, "{\"siblings\": [\"S2\"], \"categories\": [\"law_a\", \"law_b\"]}");
	assert_int_equal(priority_group_at(&r, &c, "S2"), 0);
	/* No claims, or a round without groups: no group anywhere. */
	c = claims_of(&r, "{}");
	assert_int_equal(priority_group_at(&r, &c, "S1"), PRIORITY_NONE);
	struct priority_rules none = rules_of(NULL);
	c = claims_of(&r, "{\"area\": \"W01\", \"siblings\": [\"S1\"]}");
	assert_int_equal(priority_group_at(&none, &c, "S1"), PRIORITY_NONE);
	/* A zone without a zone group gives nothing. */
	struct priority_rules zones_only = rules_of("{\"zones\": {\"S1\": [\"W01\"]}}");
	assert_int_equal(priority_group_at(&zones_only, &c, "S1"), PRIORITY_NONE);
}

/* The rules text is refused with code on field. */
static void rules_refused(const char *text, const char *code, const char *field)
{
	struct priority_rules r;
	struct problem p = {0};
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_int_equal(priority_rules_check(&a, v, &r, &p), ERR_INVALID);
	json_decref(v);
	assert_string_equal(p.code, code);
	assert_string_equal(p.field, field);
}

UNIT_TEST_WITH(test_rules_refused, scratch_setup, scratch_teardown)
{
	(void)state;
	rules_refused("[]", "invalid", "priorities");
	rules_refused("{\"group\": {}}", "invalid", "priorities.group");
	rules_refused("{\"groups\": {\"zone\": -1}}", "out_of_range", "priorities.groups.zone");
	rules_refused("{\"groups\": {\"zone\": 2147483648}}", "out_of_range",
		      "priorities.groups.zone");
	rules_refused("{\"groups\": {\"sibling\": 1.5}}", "out_of_range",
		      "priorities.groups.sibling");
	rules_refused("{\"groups\": {\"categories\": {\"x\": null}}}", "out_of_range",
		      "priorities.groups.categories.x");
	rules_refused("{\"groups\": {\"categories\": {\"a,b\": 1}}}", "invalid",
		      "priorities.groups.categories.a,b");
	rules_refused("{\"zones\": {\"S1\": [\"W1\", \"W2\", \"W1\"]}}", "duplicate",
		      "priorities.zones.S1[2]");
	rules_refused("{\"zones\": {\"S1\": [3]}}", "invalid", "priorities.zones.S1[0]");
	rules_refused("{\"zones\": []}", "invalid", "priorities.zones");
}

/* The claims text is refused with code on field. */
static void claims_refused(const char *text, const char *code, const char *field)
{
	struct priority_rules r = rules_of(RULES);
	struct priority_claims c;
	struct problem p = {0};
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_int_equal(priority_claims_check(&a, v, &r, in_round, NULL, &c, &p), ERR_INVALID);
	json_decref(v);
	assert_string_equal(p.code, code);
	assert_string_equal(p.field, field);
}

UNIT_TEST_WITH(test_claims_refused, scratch_setup, scratch_teardown)
{
	(void)state;
	claims_refused("1", "invalid", "claims");
	claims_refused("{\"zone\": \"W01\"}", "invalid", "claims.zone");
	claims_refused("{\"area\": 7}", "invalid", "claims.area");
	claims_refused("{\"siblings\": [\"S9\"]}", "school_not_in_round", "claims.siblings[0]");
	claims_refused("{\"categories\": [\"law_a\", \"law_z\"]}", "unknown_category",
		       "claims.categories[1]");
	claims_refused("{\"categories\": [\"law_a\", \"law_a\"]}", "duplicate",
		       "claims.categories[1]");
}

/* Stored claims read back as written. */
UNIT_TEST_WITH(test_claims_parse, scratch_setup, scratch_teardown)
{
	(void)state;
	struct priority_claims c;
	assert_int_equal(priority_claims_parse(&a, NULL, &c), ERR_OK);
	assert_null(c.area);
	assert_int_equal(priority_claims_parse(
				 &a,
				 "{\"area\":\"W1\",\"categories\":[\"x\"],\"siblings\":[\"S1\","
				 "\"S2\"]}",
				 &c),
			 ERR_OK);
	assert_string_equal(c.area, "W1");
	assert_int_equal(c.nsiblings, 2);
	assert_string_equal(c.siblings[1], "S2");
	assert_int_equal(c.ncategories, 1);
	bool nomem;
	json_t *v = json_loads("{\"zones\": {}, \"groups\": {\"zone\": 2}}", 0, NULL);
	assert_string_equal(priority_text(&a, v, &nomem), "{\"groups\":{\"zone\":2},\"zones\":{}}");
	json_decref(v);
	assert_null(priority_text(&a, NULL, &nomem));
	assert_false(nomem);
}

UNIT_MAIN()
