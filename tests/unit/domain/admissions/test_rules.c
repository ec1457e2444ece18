/* Unit tests of src/domain/admissions/rules.c: the embedded rule sets load,
 * the age rules at their edges (leap days, the Iranian cut-off), the school
 * year a round admits to, and every kind of bad rule file refused with a
 * message naming the file and the fault. */
#include "unit.h"

#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"

/* A valid rule file, for the refusals below to spoil one thing of. */
static const char base[] =
	"{\"name\": \"xx-grade1\", \"country\": \"VN\", \"grade\": 1,"
	" \"label\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"},"
	" \"age\": {\"calendar\": \"gregorian\", \"cutoff\": {\"month\": 12, \"day\": 31},"
	" \"min_age\": 6, \"max_age\": 6},"
	" \"max_choices\": 3,"
	" \"priorities\": {\"groups\": {\"sibling\": 1, \"categories\": {\"law_a\": 2}}},"
	" \"categories\": [{\"code\": \"law_a\", \"label\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": "
	"\"c\"}}],"
	" \"documents\": [{\"kind\": \"birth_certificate\", \"required\": true},"
	" {\"kind\": \"proof_of_address\", \"claim\": \"area\"}],"
	" \"national_id\": {\"scheme\": \"vn_personal_id\", \"required\": true}}";

/* base with its first `from` replaced by `to`, into out. */
static const char *spoil(char *out, size_t len, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	if (!at)
		fail_msg("not in the base: %s", from);
	snprintf(out, len, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
	return out;
}

static void refused(const char *file, const char *text, const char *says)
{
	struct rule_set rs;
	char err[400];
	int rc = rule_set_parse(file, text, &rs, err, sizeof(err));
	if (rc != ERR_INVALID)
		fail_msg("accepted (%d): %s", rc, text);
	char prefix[128];
	snprintf(prefix, sizeof(prefix), "admission rules %s: ", file);
	if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, says))
		fail_msg("expected \"%s\" in: %s", says, err);
}

UNIT_TEST(test_base_parses)
{
	(void)state;
	struct rule_set rs;
	char err[400] = "";
	assert_int_equal(rule_set_parse("xx-grade1.json", base, &rs, err, sizeof(err)), ERR_OK);
	assert_string_equal(rs.name, "xx-grade1");
	assert_string_equal(rs.country, "VN");
	assert_int_equal(rs.grade, 1);
	assert_int_equal(rs.max_choices, 3);
	assert_int_equal(rs.age.calendar, RULE_GREGORIAN);
	assert_int_equal(rs.age.month, 12);
	assert_int_equal(rs.age.min_age, 6);
	assert_int_equal(rs.age.max_age, 6);
	assert_string_equal(rs.priorities,
			    "{\"groups\":{\"categories\":{\"law_a\":2},\"sibling\":1}}");
	assert_non_null(strstr(rs.documents, "\"claim\":\"area\""));
	assert_string_equal(rs.nid_country, "VN");
	assert_true(rs.nid_required);
	rule_set_release(&rs);
}

UNIT_TEST(test_bad_files_refused)
{
	(void)state;
	char b[4096];
	refused("xx-grade1.json", "{", "not JSON");
	refused("xx-grade1.json", "[]", "a rule set is a JSON object");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"grade\": 1,", "\"grade\": 1, \"grade\": 2,"), "not JSON");
	refused("other.json", base, "named after");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"max_choices\": 3,", ""),
		"\"max_choices\" is missing");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"max_choices\": 3,", "\"max_choises\": 3,"),
		"unknown member \"max_choises\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"country\": \"VN\"", "\"country\": \"FR\""),
		"\"country\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"grade\": 1,", "\"grade\": 13,"),
		"\"grade\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"max_choices\": 3", "\"max_choices\": 21"),
		"\"max_choices\"");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"en\": \"c\"}, \"age\"", "\"en\": \"\"}, \"age\""),
		"\"label\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "gregorian", "lunar"), "\"age.calendar\"");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"month\": 12, \"day\": 31", "\"month\": 4, \"day\": 31"),
		"not a day of that calendar");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"max_age\": 6", "\"max_age\": 5"),
		"\"age.max_age\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"sibling\": 1", "\"sibling\": -1"),
		"\"priorities\" refused at \"priorities.groups.sibling\"");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"groups\": {",
		      "\"zones\": {\"S1\": [\"W1\"]}, \"groups\": {"),
		"zones are each round's own");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "{\"law_a\": 2}", "{\"law_a\": 2, \"law_b\": 3}"),
		"has no entry in \"categories\"");
	refused("xx-grade1.json", spoil(b, sizeof(b), "{\"law_a\": 2}", "{}"), "has no group");
	refused("xx-grade1.json", spoil(b, sizeof(b), "\"claim\": \"area\"", "\"claim\": \"zone\""),
		"each of \"documents\"");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"proof_of_address\"", "\"birth_certificate\""),
		"a document kind is listed twice");
	refused("xx-grade1.json", spoil(b, sizeof(b), "vn_personal_id", "passport"),
		"\"national_id.scheme\"");
	refused("xx-grade1.json",
		spoil(b, sizeof(b), "\"scheme\": \"vn_personal_id\"",
		      "\"scheme\": \"ir_national_code\""),
		"\"national_id.scheme\" is not the country's");
}

UNIT_TEST(test_embedded_rule_sets)
{
	(void)state;
	assert_int_equal(rules_init(), ERR_OK);
	assert_true(rules_count() >= 4);
	for (size_t i = 1; i < rules_count(); i++)
		assert_true(strcmp(rules_at(i - 1)->name, rules_at(i)->name) < 0);
	const char *names[] = {"vn-grade1", "vn-grade6", "vn-grade10", "ir-grade1"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		assert_non_null(rules_find(names[i]));
	const struct rule_set *ir = rules_find("ir-grade1");
	assert_string_equal(ir->country, "IR");
	assert_int_equal(ir->age.calendar, RULE_JALALI);
	assert_int_equal(ir->age.month, 6);
	assert_int_equal(ir->age.day, 31);
	assert_null(rules_find("xx-grade1"));
	assert_null(rules_find(NULL));
	assert_null(rules_at(rules_count()));
}

static void window(const struct rule_age *age, const char *country, int year, const char *earliest,
		   const char *latest)
{
	char e[11], l[11];
	assert_int_equal(rule_age_window(age, country, year, e, l), ERR_OK);
	assert_string_equal(e, earliest);
	assert_string_equal(l, latest);
}

UNIT_TEST(test_age_vietnam)
{
	(void)state;
	/* Turns 6 in the calendar year the school year starts. */
	struct rule_age g1 = {RULE_GREGORIAN, 12, 31, 6, 6};
	window(&g1, "VN", 2026, "2020-01-01", "2020-12-31");
	assert_true(rule_age_admits("2020-01-01", "2020-12-31", "2020-01-01"));
	assert_true(rule_age_admits("2020-01-01", "2020-12-31", "2020-12-31"));
	assert_true(rule_age_admits("2020-01-01", "2020-12-31", "2020-02-29"));
	assert_false(rule_age_admits("2020-01-01", "2020-12-31", "2019-12-31"));
	assert_false(rule_age_admits("2020-01-01", "2020-12-31", "2021-01-01"));
	/* Grade 6: 11 to 14. */
	struct rule_age g6 = {RULE_GREGORIAN, 12, 31, 11, 14};
	window(&g6, "VN", 2026, "2012-01-01", "2015-12-31");
	/* No upper age: every earlier birth date. */
	struct rule_age open = {RULE_GREGORIAN, 12, 31, 6, 0};
	window(&open, "VN", 2026, "", "2020-12-31");
	assert_true(rule_age_admits("", "2020-12-31", "1990-01-01"));
}

UNIT_TEST(test_age_iran)
{
	(void)state;
	/* 6 full years by 1 Mehr: born on or before 31 Shahrivar, six Solar
	 * Hijri years before. 1 Mehr 1405 = 2026-09-23, 31 Shahrivar 1399 =
	 * 2020-09-21; 1 Mehr 1406 = 2027-09-23, 31 Shahrivar 1400 = 2021-09-22. */
	struct rule_age g1 = {RULE_JALALI, 6, 31, 6, 0};
	window(&g1, "IR", 2026, "", "2020-09-21");
	window(&g1, "IR", 2027, "", "2021-09-22");
	assert_true(rule_age_admits("", "2020-09-21", "2020-09-21"));
	assert_false(rule_age_admits("", "2020-09-21", "2020-09-22"));
	/* With an upper age: born after 31 Shahrivar one year more back. */
	struct rule_age one = {RULE_JALALI, 6, 31, 6, 6};
	window(&one, "IR", 2026, "2019-09-23", "2020-09-21");
	/* 30 Esfand exists in leap years only: 1403 has it (2025-03-20), 1404
	 * does not, and its cut-off is 29 Esfand 1404 (2026-03-20). */
	struct rule_age esfand = {RULE_JALALI, 12, 30, 1, 0};
	window(&esfand, "IR", 2026, "", "2026-03-20");
	esfand.min_age = 2;
	window(&esfand, "IR", 2026, "", "2025-03-20");
}

UNIT_TEST(test_age_leap_days)
{
	(void)state;
	/* A cut-off of 29 February in a year without one is the 28th. */
	struct rule_age feb29 = {RULE_GREGORIAN, 2, 29, 6, 0};
	window(&feb29, "VN", 2028, "", "2022-02-28");
	window(&feb29, "VN", 2030, "", "2024-02-29");
	/* A child born on 29 February turns a year older on 1 March in other
	 * years: on 28 February 2026 it is not 6 yet, on 1 March it is. */
	struct rule_age feb28 = {RULE_GREGORIAN, 2, 28, 6, 0};
	char e[11], l[11];
	assert_int_equal(rule_age_window(&feb28, "VN", 2026, e, l), ERR_OK);
	assert_false(rule_age_admits(e, l, "2020-02-29"));
	struct rule_age mar1 = {RULE_GREGORIAN, 3, 1, 6, 0};
	assert_int_equal(rule_age_window(&mar1, "VN", 2026, e, l), ERR_OK);
	assert_true(rule_age_admits(e, l, "2020-02-29"));
	/* The day after a cut-off at the end of a month and of a year. */
	struct rule_age range = {RULE_GREGORIAN, 2, 29, 6, 7};
	window(&range, "VN", 2028, "2020-03-01", "2022-02-28");
	assert_int_equal(rule_age_window(&range, "XX", 2028, e, l), ERR_INVALID);
}

static int64_t instant(const char *s)
{
	int64_t t = 0;
	if (!round_instant_parse(s, &t))
		fail_msg("not an instant: %s", s);
	return t;
}

UNIT_TEST(test_entry_year)
{
	(void)state;
	/* The first school year that starts after the round closes. */
	assert_int_equal(rules_entry_year("VN", instant("2026-06-30T00:00:00Z")), 2026);
	assert_int_equal(rules_entry_year("VN", instant("2026-09-04T23:59:59Z")), 2026);
	assert_int_equal(rules_entry_year("VN", instant("2026-09-05T00:00:00Z")), 2027);
	assert_int_equal(rules_entry_year("IR", instant("2026-09-22T12:00:00Z")), 2026);
	assert_int_equal(rules_entry_year("IR", instant("2026-09-23T00:00:00Z")), 2027);
	assert_int_equal(rules_entry_year("IR", instant("2027-01-10T00:00:00Z")), 2027);
	assert_int_equal(rules_entry_year("XX", instant("2026-06-30T00:00:00Z")), 0);
}

UNIT_MAIN()
