/* Unit tests of src/domain/exams/pack.c: the embedded packs load; the
 * combination checker, driven by the data alone, accepts the allowed sets
 * of vn-thpt-2025 and vn-thpt-2022 (each track) and refuses every way to be
 * wrong with the rule it broke; exemptions and points; bad pack files are
 * refused naming the file and the fault. */
#include "unit.h"

#include "domain/exams/pack.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 4096, 0);
	return exam_packs_init();
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

#define LIST(...) ((const char *const[]){__VA_ARGS__})
#define N(...)	  ((int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* Check subjects on a track; the problem into *p. */
static int check(const char *pack, const char *kind, const char *track, const char *const *s, int n,
		 struct problem *p)
{
	const struct exam_pack *pk = exam_pack_find(pack);
	assert_non_null(pk);
	memset(p, 0, sizeof(*p));
	return exam_combination_check(pk, kind, track, s, n, &arena, p);
}

#define OK(pack, kind, track, ...)                                                          \
	do {                                                                                \
		struct problem p_;                                                          \
		int rc_ = check(pack, kind, track, LIST(__VA_ARGS__), N(__VA_ARGS__), &p_); \
		if (rc_)                                                                    \
			fail_msg("refused (%s): %s", p_.code, p_.detail);                   \
	} while (0)

/* Refused with code, field and (for invalid_combination) rule. */
static void refused(const char *pack, const char *kind, const char *track, const char *const *s,
		    int n, const char *code, const char *field, const char *rule)
{
	struct problem p;
	int rc = check(pack, kind, track, s, n, &p);
	assert_int_not_equal(rc, ERR_OK);
	assert_string_equal(p.code, code);
	assert_string_equal(p.field, field);
	if (rule) {
		assert_non_null(p.ext_str_value);
		assert_string_equal(p.ext_str_name, "rule");
		assert_string_equal(p.ext_str_value, rule);
	}
	assert_non_null(p.detail);
}

#define BAD(pack, kind, track, code, field, rule, ...) \
	refused(pack, kind, track, LIST(__VA_ARGS__), N(__VA_ARGS__), code, field, rule)

UNIT_TEST_WITH(test_packs_load, setup, teardown)
{
	(void)state;
	assert_int_equal(exam_packs_count(), 2);
	assert_string_equal(exam_pack_at(0)->name, "vn-thpt-2022");
	assert_string_equal(exam_pack_at(1)->name, "vn-thpt-2025");
	const struct exam_pack *pk = exam_pack_find("vn-thpt-2025");
	assert_string_equal(pk->time_zone, "Asia/Ho_Chi_Minh");
	assert_int_equal(pk->room_max, 24);
	assert_int_equal(pk->number_digits, 8);
	assert_int_equal(pk->council_digits, 2);
	assert_int_equal(exam_pack_region_points(pk, "KV1"), 75);
	assert_int_equal(exam_pack_region_points(pk, "KV2-NT"), 50);
	assert_int_equal(exam_pack_region_points(pk, "KV2"), 25);
	assert_int_equal(exam_pack_region_points(pk, "KV3"), 0);
	assert_int_equal(exam_pack_region_points(pk, "KV4"), -1);
	assert_int_equal(exam_pack_category_points(pk, "UT1"), 200);
	assert_int_equal(exam_pack_category_points(pk, "UT2"), 100);
	assert_int_equal(exam_pack_category_points(pk, "UT3"), -1);
	assert_string_equal(pk->default_region, "KV3");
	assert_null(exam_pack_find("ir-konkur"));
	assert_null(exam_pack_find(NULL));
}

UNIT_TEST_WITH(test_2025_accepts, setup, teardown)
{
	(void)state;
	/* Mathematics and Literature, and exactly two of the ten electives. */
	OK("vn-thpt-2025", "student", NULL, "math", "literature", "physics", "chemistry");
	OK("vn-thpt-2025", "student", "general", "literature", "math", "foreign_language",
	   "informatics");
	OK("vn-thpt-2025", "student", NULL, "math", "literature", "economics_law",
	   "agricultural_technology");
	OK("vn-thpt-2025", "student", NULL, "math", "literature", "history", "geography");
	/* A graduate registering for admission only: the tests they choose. */
	OK("vn-thpt-2025", "free", "admission_only", "math");
	OK("vn-thpt-2025", "free", "admission_only", "math", "physics", "chemistry");
	OK("vn-thpt-2025", "free", "general", "math", "literature", "biology", "chemistry");
}

UNIT_TEST_WITH(test_2025_refuses, setup, teardown)
{
	(void)state;
	const char *p = "vn-thpt-2025";
	BAD(p, "student", NULL, "invalid_combination", "subjects", "required:math", "literature",
	    "physics", "chemistry");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "required:literature", "math",
	    "physics", "chemistry");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:electives", "math",
	    "literature", "physics");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:electives", "math",
	    "literature", "physics", "chemistry", "biology");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:electives", "math",
	    "literature");
	BAD(p, "student", NULL, "unknown_subject", "subjects[2]", NULL, "math", "literature",
	    "astrology", "physics");
	/* A 2022 combined test is no subject of 2025. */
	BAD(p, "student", NULL, "unknown_subject", "subjects[2]", NULL, "math", "literature",
	    "natural_sciences");
	BAD(p, "student", NULL, "duplicate", "subjects[3]", NULL, "math", "literature", "physics",
	    "physics");
	/* Tracks: unknown, or not open to this kind of candidate. */
	BAD(p, "student", "gdtx", "unknown_track", "track", NULL, "math", "literature", "physics",
	    "chemistry");
	BAD(p, "student", "admission_only", "unknown_track", "track", NULL, "math");
	BAD(p, "free", "admission_only", "invalid_combination", "subjects", "choose:chosen_tests",
	    "math", "literature", "physics", "chemistry", "biology");
	struct problem pr;
	assert_int_equal(check(p, "free", "admission_only", NULL, 0, &pr), ERR_INVALID);
	assert_string_equal(pr.code, "invalid_combination");
	assert_int_equal(check(p, "student", NULL, NULL, 0, &pr), ERR_INVALID);
	assert_string_equal(pr.ext_str_value, "required:math");
	/* The detail says the rule in words. */
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:electives", "math",
	    "literature", "physics");
	assert_int_equal(check(p, "student", NULL, LIST("math", "literature", "physics"), 3, &pr),
			 ERR_INVALID);
	assert_non_null(strstr(pr.detail, "choose exactly 2"));
	assert_non_null(strstr(pr.detail, "1 chosen"));
}

UNIT_TEST_WITH(test_2022_accepts, setup, teardown)
{
	(void)state;
	const char *p = "vn-thpt-2022";
	OK(p, "student", NULL, "math", "literature", "foreign_language", "natural_sciences");
	OK(p, "student", NULL, "math", "literature", "foreign_language", "social_sciences");
	/* Continuing education: no foreign language needed; its social
	 * sciences test has no civic education. */
	OK(p, "student", "gdtx", "math", "literature", "natural_sciences");
	OK(p, "student", "gdtx", "math", "literature", "social_sciences_gdtx");
	OK(p, "student", "gdtx", "math", "literature", "social_sciences_gdtx", "foreign_language");
	OK(p, "free", "admission_only", "natural_sciences");
}

UNIT_TEST_WITH(test_2022_refuses, setup, teardown)
{
	(void)state;
	const char *p = "vn-thpt-2022";
	BAD(p, "student", NULL, "invalid_combination", "subjects", "required:foreign_language",
	    "math", "literature", "natural_sciences");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:combined_test", "math",
	    "literature", "foreign_language");
	BAD(p, "student", NULL, "invalid_combination", "subjects", "choose:combined_test", "math",
	    "literature", "foreign_language", "natural_sciences", "social_sciences");
	/* The GDTX social sciences test is not the general track's. */
	BAD(p, "student", NULL, "invalid_combination", "subjects",
	    "not_in_track:social_sciences_gdtx", "math", "literature", "foreign_language",
	    "natural_sciences", "social_sciences_gdtx");
	/* And the general one is not GDTX's. */
	BAD(p, "student", "gdtx", "invalid_combination", "subjects", "not_in_track:social_sciences",
	    "math", "literature", "natural_sciences", "social_sciences");
	BAD(p, "student", "gdtx", "invalid_combination", "subjects", "choose:combined_test", "math",
	    "literature", "foreign_language");
	/* Separate 2025 subjects are components here, not tests. */
	BAD(p, "student", NULL, "unknown_subject", "subjects[3]", NULL, "math", "literature",
	    "foreign_language", "physics");
}

UNIT_TEST_WITH(test_exemptions, setup, teardown)
{
	(void)state;
	const struct exam_pack *pk = exam_pack_find("vn-thpt-2025");
	struct problem p = {0};
	const char *const with_fl[] = {"math", "literature", "foreign_language", "physics"};
	const char *const without[] = {"math", "literature", "chemistry", "physics"};
	const char *const ex[] = {"foreign_language_certificate"};
	const char *const twice[] = {"foreign_language_certificate",
				     "foreign_language_certificate"};
	const char *const unknown[] = {"sports"};
	assert_int_equal(exam_exemptions_check(pk, with_fl, 4, ex, 1, &arena, &p), ERR_OK);
	assert_int_equal(exam_exemptions_check(pk, with_fl, 4, NULL, 0, &arena, &p), ERR_OK);
	assert_int_equal(exam_exemptions_check(pk, without, 4, ex, 1, &arena, &p), ERR_INVALID);
	assert_string_equal(p.code, "unknown_exemption");
	assert_string_equal(p.field, "exemptions[0]");
	assert_int_equal(exam_exemptions_check(pk, with_fl, 4, twice, 2, &arena, &p), ERR_INVALID);
	assert_string_equal(p.code, "duplicate");
	assert_string_equal(p.field, "exemptions[1]");
	assert_int_equal(exam_exemptions_check(pk, with_fl, 4, unknown, 1, &arena, &p),
			 ERR_INVALID);
	assert_string_equal(p.code, "unknown_exemption");
}

/* A small valid pack; the refusals below spoil one thing of it. */
static const char base[] =
	"{\"name\": \"xx-test\", \"country\": \"IR\", \"time_zone\": \"Asia/Tehran\","
	" \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"},"
	" \"subjects\": [{\"code\": \"math\", \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": "
	"\"c\"}},"
	" {\"code\": \"physics\", \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"}}],"
	" \"combination\": {\"default_track\": \"t\", \"tracks\": [{\"code\": \"t\", \"kinds\": "
	"[\"student\"],"
	" \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"}, \"required\": [\"math\"],"
	" \"choose\": [{\"code\": \"g\", \"min\": 0, \"max\": 1, \"from\": [\"physics\"],"
	" \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"}}]}]},"
	" \"exemptions\": [],"
	" \"priority\": {\"default_region\": \"R0\", \"grades\": [10, 12], \"regions\": {\"R0\": "
	"0},"
	" \"categories\": {}},"
	" \"room_max\": 30, \"number_digits\": 8, \"council_digits\": 2}";

static void pack_refused(const char *from, const char *to, const char *says)
{
	char text[4096];
	const char *at = strstr(base, from);
	if (!at)
		fail_msg("not in the base: %s", from);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
	struct exam_pack pk;
	char err[400];
	int rc = exam_pack_parse("xx-test.json", text, &pk, err, sizeof(err));
	if (rc != ERR_INVALID)
		fail_msg("accepted (%d): %s", rc, text);
	if (!strstr(err, "xx-test.json") || !strstr(err, says))
		fail_msg("the message \"%s\" lacks \"%s\"", err, says);
}

UNIT_TEST_WITH(test_pack_files, setup, teardown)
{
	(void)state;
	/* The base is valid: a new country's exam is a new file. */
	struct exam_pack pk;
	char err[400] = "";
	int rc = exam_pack_parse("xx-test.json", base, &pk, err, sizeof(err));
	if (rc)
		fail_msg("%s", err);
	assert_int_equal(pk.nsubjects, 2);
	assert_int_equal(pk.ntracks, 1);
	struct problem p = {0};
	assert_int_equal(exam_combination_check(&pk, "student", NULL, LIST("math"), 1, &arena, &p),
			 ERR_OK);
	assert_int_equal(
		exam_combination_check(&pk, "student", NULL, LIST("physics"), 1, &arena, &p),
		ERR_INVALID);
	exam_pack_release(&pk);
	assert_int_equal(exam_pack_parse("other.json", base, &pk, err, sizeof(err)), ERR_INVALID);
	assert_non_null(strstr(err, "\"name\""));
	pack_refused("{\"name\"", "[{\"name\"", "not JSON");
	pack_refused("\"required\": [\"math\"]", "\"required\": [\"chemistry\"]", "required");
	pack_refused("\"from\": [\"physics\"]", "\"from\": [\"math\"]", "group");
	pack_refused("\"max\": 1", "\"max\": 2", "group");
	pack_refused("\"default_track\": \"t\"", "\"default_track\": \"u\"", "default_track");
	pack_refused("\"kinds\": [\"student\"]", "\"kinds\": [\"teacher\"]", "kinds");
	pack_refused("\"default_region\": \"R0\"", "\"default_region\": \"R9\"", "default_region");
	pack_refused("\"regions\": {\"R0\": 0}", "\"regions\": {\"R0\": -5}", "priority");
	pack_refused("\"room_max\": 30", "\"room_max\": 0", "room_max");
	pack_refused("\"exemptions\": []",
		     "\"exemptions\": [{\"code\": \"e\", \"subject\": \"art\", \"evidence\": true,"
		     " \"names\": {\"fa\": \"a\", \"vi\": \"b\", \"en\": \"c\"}}]",
		     "exemption");
	pack_refused("{\"code\": \"physics\"", "{\"code\": \"math\"", "twice");
}

UNIT_MAIN()
