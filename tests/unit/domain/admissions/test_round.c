/* Unit tests of src/domain/admissions/round.c: the window, instants, the
 * checks of a new round and who sees a round without the store. */
#include "unit.h"

#include "domain/admissions/round.h"

static int64_t instant(const char *s)
{
	int64_t t = -1;
	if (!round_instant_parse(s, &t))
		fail_msg("not an instant: %s", s);
	return t;
}

UNIT_TEST(test_instants)
{
	(void)state;
	assert_int_equal(instant("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(instant("2026-05-04T03:30:00Z"), 1777865400);
	assert_int_equal(instant("2026-05-04T08:00:00+04:30"), 1777865400);
	assert_int_equal(instant("2026-05-03T20:30:00-07:00"), 1777865400);
	assert_int_equal(instant("2024-02-29T23:59:59z"), 1709251199);
	assert_int_equal(instant("1969-12-31T23:59:59Z"), -1);
	const char *bad[] = {"",
			     "2026-05-04",
			     "2026-05-04 08:00:00Z",
			     "2026-05-04T08:00:00",
			     "2026-05-04T08:00:00.5Z",
			     "2026-02-30T08:00:00Z",
			     "2026-05-04T24:00:00Z",
			     "2026-05-04T08:60:00Z",
			     "2026-05-04T08:00:00+0430",
			     "2026-05-04T08:00:00+24:00",
			     "2026-05-04T08:00:00Zjunk"};
	int64_t t;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (round_instant_parse(bad[i], &t))
			fail_msg("accepted %s", bad[i]);
	assert_false(round_instant_parse(NULL, &t));
}

UNIT_TEST(test_window)
{
	(void)state;
	struct round r = {.opens_at = 100, .closes_at = 200};
	assert_int_equal(round_phase_at(&r, 99), ROUND_UPCOMING);
	assert_int_equal(round_phase_at(&r, 100), ROUND_OPEN);
	assert_int_equal(round_phase_at(&r, 199), ROUND_OPEN);
	assert_int_equal(round_phase_at(&r, 200), ROUND_CLOSED);
	assert_string_equal(round_phase_name(ROUND_UPCOMING), "upcoming");
	assert_string_equal(round_phase_name(ROUND_OPEN), "open");
	assert_string_equal(round_phase_name(ROUND_CLOSED), "closed");
}

/* x is refused with this code on this field. */
static void refused(const struct round_create *x, const char *code, const char *field)
{
	struct problem p = {0};
	int rc = round_create_check(x, &p);
	assert_int_equal(rc, ERR_INVALID);
	assert_string_equal(p.code, code);
	if (field)
		assert_string_equal(p.field, field);
}

UNIT_TEST(test_create_check)
{
	(void)state;
	struct round_school_in schools[] = {{"S1", 30}, {"S2", 0}};
	struct round_create ok = {.org = "D1",
				  .name = "Grade 1",
				  .grade = 1,
				  .opens_at = 100,
				  .closes_at = 200,
				  .max_choices = 3,
				  .seed = 42,
				  .schools = schools,
				  .nschools = 2};
	struct problem p = {0};
	assert_int_equal(round_create_check(&ok, &p), ERR_OK);

	struct round_create x = ok;
	x.name = "";
	refused(&x, "required", "name");
	x = ok, x.grade = 13;
	refused(&x, "out_of_range", "grade");
	x = ok, x.closes_at = x.opens_at;
	refused(&x, "invalid", "closes_at");
	x = ok, x.max_choices = 0;
	refused(&x, "out_of_range", "max_choices");
	x = ok, x.max_choices = ROUND_CHOICES_MAX + 1;
	refused(&x, "out_of_range", "max_choices");
	x = ok, x.seed = ROUND_SEED_MAX + 1;
	refused(&x, "out_of_range", "seed");
	x = ok, x.nschools = 0;
	refused(&x, "required", "schools");
	struct round_school_in twice[] = {{"S1", 1}, {"S1", 2}};
	x = ok, x.schools = twice;
	refused(&x, "duplicate", "schools");
	struct round_school_in negative[] = {{"S1", -1}};
	x = ok, x.schools = negative, x.nschools = 1;
	refused(&x, "out_of_range", "schools");
}

/* A principal holding one grant. */
static struct principal one(enum role role, int64_t org_id, const char *path)
{
	struct principal p = {.user_id = 7, .username = "u", .ngrants = 1};
	p.grants[0] = (struct grant){.role = role, .org_id = org_id, .org_path = path};
	return p;
}

static bool sees(const struct principal *p, const struct round *r)
{
	bool visible = true;
	assert_int_equal(round_visible(NULL, p, r, 150, &visible), ERR_OK);
	return visible;
}

UNIT_TEST(test_who_sees)
{
	(void)state;
	struct round r = {.org_path = "/1/2/3/", .opens_at = 100, .closes_at = 200};
	struct principal district = one(ROLE_DISTRICT_OFFICER, 3, "/1/2/3/");
	struct principal province = one(ROLE_PROVINCE_OFFICER, 2, "/1/2/");
	struct principal school = one(ROLE_SCHOOL_ADMIN, 9, "/1/2/3/9/");
	struct principal teacher = one(ROLE_TEACHER, 9, "/1/2/3/9/");
	struct principal other = one(ROLE_DISTRICT_OFFICER, 30, "/1/2/30/");
	struct principal otherschool = one(ROLE_SCHOOL_ADMIN, 31, "/1/2/31/");
	struct principal national = one(ROLE_MINISTRY_ADMIN, 0, NULL);
	struct principal candidate = one(ROLE_CANDIDATE, 0, NULL);
	assert_true(sees(&district, &r));
	assert_true(sees(&province, &r));
	assert_true(sees(&school, &r));
	assert_true(sees(&teacher, &r));
	assert_true(sees(&national, &r));
	assert_false(sees(&other, &r)); /* "/1/2/3/" is no prefix of "/1/2/30/" */
	assert_false(sees(&otherschool, &r));
	assert_false(sees(&candidate, &r));
	assert_false(sees(NULL, &r));
	/* A guardian asks the store only once the round has opened. */
	struct principal guardian = one(ROLE_GUARDIAN, 0, NULL);
	bool visible = true;
	assert_int_equal(round_visible(NULL, &guardian, &r, 99, &visible), ERR_OK);
	assert_false(visible);
}

UNIT_TEST(test_school_index)
{
	(void)state;
	struct round_school s[] = {{.code = "S1"}, {.code = "S2"}};
	struct round r = {.schools = s, .nschools = 2};
	assert_int_equal(round_school_index(&r, "S2"), 1);
	assert_int_equal(round_school_index(&r, "S1"), 0);
	assert_int_equal(round_school_index(&r, "S3"), -1);
}

UNIT_MAIN()
