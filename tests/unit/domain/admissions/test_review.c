/* Unit tests of src/domain/admissions/review.c that need no store: the
 * targets of a review, the states, and an application's status. */
#include "unit.h"

#include "domain/admissions/review.h"

static void target_ok(const char *s, enum review_target_kind kind, int64_t doc, const char *name)
{
	struct review_target t;
	assert_true(review_target_parse(s, &t));
	assert_int_equal(t.kind, kind);
	assert_int_equal(t.document, doc);
	if (name) {
		assert_int_equal(t.name_len, strlen(name));
		assert_memory_equal(t.name, name, t.name_len);
	} else {
		assert_null(t.name);
	}
}

UNIT_TEST(test_target_parse)
{
	(void)state;
	target_ok("document:1", REVIEW_DOCUMENT, 1, NULL);
	target_ok("document:9223372036854775807", REVIEW_DOCUMENT, INT64_MAX, NULL);
	target_ok("claim:area", REVIEW_AREA, 0, NULL);
	target_ok("claim:sibling:S-01", REVIEW_SIBLING, 0, "S-01");
	target_ok("claim:category:war_invalid_child", REVIEW_CATEGORY, 0, "war_invalid_child");
	char longest[80];
	snprintf(longest, sizeof(longest), "claim:category:%064d", 7);
	target_ok(longest, REVIEW_CATEGORY, 0, longest + 15);

	static const char *const bad[] = {
		"",
		"document:",
		"document:0",
		"document:01",
		"document:-1",
		"document:+1",
		"document:1x",
		"document:9223372036854775808", /* 2^63 */
		"document:99999999999999999999",
		"document: 1",
		"claim:",
		"claim:area:",
		"claim:areas",
		"claim:zone",
		"claim:sibling:",
		"claim:sibling:S 1",
		"claim:sibling:S,1",
		"claim:category:",
		"claim:category:a/b",
		"claim:category:\xc3\xa9",
		"Claim:area",
		"documents:1",
	};
	struct review_target t;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(review_target_parse(bad[i], &t));
	snprintf(longest, sizeof(longest), "claim:sibling:%065d", 7); /* 65 bytes */
	assert_false(review_target_parse(longest, &t));
}

UNIT_TEST(test_states)
{
	(void)state;
	enum review_state s;
	assert_true(review_state_parse("verified", &s));
	assert_int_equal(s, REVIEW_VERIFIED);
	assert_true(review_state_parse("returned", &s));
	assert_int_equal(s, REVIEW_RETURNED);
	assert_true(review_state_parse("pending", &s));
	assert_int_equal(s, REVIEW_PENDING);
	assert_false(review_state_parse("Verified", &s));
	assert_false(review_state_parse("", &s));
	assert_string_equal(review_state_name(REVIEW_RETURNED), "returned");
	enum application_status st;
	assert_true(application_status_parse("verified", &st));
	assert_int_equal(st, APPLICATION_VERIFIED);
	assert_false(application_status_parse("pending", &st));
	assert_string_equal(application_status_name(APPLICATION_SUBMITTED), "submitted");
}

static enum application_status status_of(const char *states, int nmissing)
{
	struct review_item items[16] = {0};
	int n = 0;
	for (; states[n]; n++)
		items[n].state = states[n] == 'v'   ? REVIEW_VERIFIED
				 : states[n] == 'r' ? REVIEW_RETURNED
						    : REVIEW_PENDING;
	return review_status(items, n, nmissing);
}

UNIT_TEST(test_status)
{
	(void)state;
	/* Nothing to review: submitted, not verified. */
	assert_int_equal(status_of("", 0), APPLICATION_SUBMITTED);
	assert_int_equal(status_of("", 1), APPLICATION_SUBMITTED);
	/* Nothing reviewed yet, or some pending. */
	assert_int_equal(status_of("pp", 0), APPLICATION_SUBMITTED);
	assert_int_equal(status_of("vpv", 0), APPLICATION_SUBMITTED);
	/* One returned item: the family must act, whatever the rest. */
	assert_int_equal(status_of("vvr", 0), APPLICATION_RETURNED);
	assert_int_equal(status_of("rp", 2), APPLICATION_RETURNED);
	/* Every item verified and nothing missing. */
	assert_int_equal(status_of("v", 0), APPLICATION_VERIFIED);
	assert_int_equal(status_of("vvvv", 0), APPLICATION_VERIFIED);
	/* Verified items but a required document missing. */
	assert_int_equal(status_of("vv", 1), APPLICATION_SUBMITTED);
}

UNIT_MAIN()
