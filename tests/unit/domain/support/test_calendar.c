/* Unit tests of the holiday files of src/domain/support/calendar.c: every
 * embedded file reads (Nowruz 1405 is 21-24 March 2026 through the Solar
 * Hijri calendar; Tết 2027 is there), and bad files are refused with the
 * member at fault. */
#include "unit.h"

#include "domain/support/calendar.h"

static int parse(struct arena *a, const char *json, struct support_holiday_file *f,
		 struct problem *p)
{
	memset(p, 0, sizeof(*p));
	return support_holiday_file_parse(a, json, strlen(json), f, p);
}

static bool has(const struct support_holiday_file *f, const char *date)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->days[i].date, date))
			return true;
	return false;
}

UNIT_TEST(test_embedded_files)
{
	(void)state;
	struct arena a;
	arena_init(&a, 65536, 0);
	assert_int_equal(support_holiday_files_count, 4);
	bool seen[4] = {false};
	for (size_t i = 0; i < support_holiday_files_count; i++) {
		const struct support_embedded_file *e = &support_holiday_files[i];
		struct support_holiday_file f;
		struct problem p = {0};
		assert_int_equal(support_holiday_file_parse(&a, e->text, e->len, &f, &p), ERR_OK);
		assert_true(f.n > 5);
		for (int k = 1; k < f.n; k++)
			assert_true(strcmp(f.days[k - 1].date, f.days[k].date) < 0);
		if (!strcmp(e->name, "IR-1405.json")) {
			seen[0] = true;
			assert_string_equal(f.country, "IR");
			assert_int_equal(f.year, 1405);
			for (int d = 21; d <= 24; d++)
				assert_true(has(&f, arena_printf(&a, "2026-03-%02d", d)));
			assert_true(has(&f, "2026-04-02"));  /* 13 Farvardin */
			assert_true(has(&f, "2027-02-11"));  /* 22 Bahman */
			assert_true(has(&f, "2027-03-20"));  /* 29 Esfand */
			assert_false(has(&f, "2026-03-20")); /* 29 Esfand 1404 */
		} else if (!strcmp(e->name, "IR-1406.json")) {
			seen[1] = true;
			assert_true(has(&f, "2027-03-21"));
		} else if (!strcmp(e->name, "VN-2026.json")) {
			seen[2] = true;
			assert_true(has(&f, "2026-02-17"));
			assert_true(has(&f, "2026-09-02"));
		} else if (!strcmp(e->name, "VN-2027.json")) {
			seen[3] = true;
			for (int d = 5; d <= 11; d++)
				assert_true(has(&f, arena_printf(&a, "2027-02-%02d", d)));
		}
	}
	for (int i = 0; i < 4; i++)
		assert_true(seen[i]);
	arena_release(&a);
}

UNIT_TEST(test_bad_files)
{
	(void)state;
	static const struct {
		const char *json, *field;
	} bad[] = {
		{"{\"country\":\"FR\",\"year\":2026,\"holidays\":[]}", "country"},
		{"{\"country\":\"VN\",\"year\":1405,\"holidays\":[]}", "year"},
		{"{\"country\":\"IR\",\"year\":2026,\"holidays\":[]}", "year"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[]}", "holidays"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[{\"date\":\"2027-01-01\","
		 "\"calendar\":\"gregorian\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]}",
		 "holidays[0].date"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[{\"date\":\"2026-02-30\","
		 "\"calendar\":\"gregorian\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]}",
		 "holidays[0].date"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[{\"date\":\"2026-01-01\","
		 "\"calendar\":\"julian\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]}",
		 "holidays[0].calendar"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[{\"date\":\"2026-01-01\","
		 "\"calendar\":\"gregorian\",\"names\":{\"fa\":\"a\",\"en\":\"c\"}}]}",
		 "holidays[0].names.vi"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"jdate\":\"1405-12-30\","
		 "\"calendar\":\"solar_hijri\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]"
		 "}",
		 "holidays[0].jdate"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"jdate\":\"1406-01-01\","
		 "\"calendar\":\"solar_hijri\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]"
		 "}",
		 "holidays[0].jdate"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"jdate\":\"1405-01-01\","
		 "\"calendar\":\"lunar_hijri\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]"
		 "}",
		 "holidays[0].jdate"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"date\":\"2026-03-20\","
		 "\"calendar\":\"lunar_hijri\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}}]"
		 "}",
		 "holidays[0].date"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"date\":\"2026-03-21\","
		 "\"jdate\":\"1405-01-01\",\"calendar\":\"solar_hijri\",\"names\":{\"fa\":\"a\","
		 "\"vi\":\"b\",\"en\":\"c\"}}]}",
		 "holidays[0].date"},
		{"{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"date\":\"2026-03-21\","
		 "\"calendar\":\"lunar_hijri\",\"names\":{\"fa\":\"a\",\"vi\":\"b\",\"en\":\"c\"}},"
		 "{\"jdate\":\"1405-01-01\",\"calendar\":\"solar_hijri\",\"names\":{\"fa\":\"a\","
		 "\"vi\":\"b\",\"en\":\"c\"}}]}",
		 "holidays"},
		{"{\"country\":\"VN\",\"year\":2026,\"holidays\":[7]}", "holidays[0]"},
	};
	struct arena a;
	arena_init(&a, 65536, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct support_holiday_file f;
		struct problem p;
		assert_int_equal(parse(&a, bad[i].json, &f, &p), ERR_INVALID);
		assert_string_equal(p.code, "invalid_holidays");
		assert_string_equal(p.field, bad[i].field);
	}
	struct support_holiday_file f;
	struct problem p;
	assert_int_equal(parse(&a, "[1]", &f, &p), ERR_BADREQUEST);
	assert_int_equal(parse(&a, "{\"country\":", &f, &p), ERR_BADREQUEST);
	/* A good one: jdate converted, the names kept in fa, vi, en order. */
	assert_int_equal(
		parse(&a,
		      "{\"country\":\"IR\",\"year\":1405,\"holidays\":[{\"jdate\":"
		      "\"1405-01-13\",\"calendar\":\"solar_hijri\",\"names\":{\"en\":\"N\","
		      "\"vi\":\"V\",\"fa\":\"روز طبیعت\",\"xx\":\"ignored\"}}]}",
		      &f, &p),
		ERR_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.days[0].date, "2026-04-02");
	assert_string_equal(f.days[0].calendar, "solar_hijri");
	assert_string_equal(f.days[0].names, "{\"fa\":\"روز طبیعت\",\"vi\":\"V\",\"en\":\"N\"}");
	arena_release(&a);
}

UNIT_MAIN()
