/* Unit tests of src/domain/support/clock.c and the working week of
 * calendar.c: the tickets (Wednesday 13:00 in Tehran before Nowruz,
 * one opened on a Friday, a Vietnamese one across Tết 2027), the lunch
 * break, the ends of intervals, zero work, whole weeks, and add/between
 * against a minute-by-minute count over random instants. */
#include "unit.h"

#include "domain/common/instant.h"
#include "domain/support/clock.h"

static const char ir_week[] =
	"{\"sat\":[[\"08:00\",\"16:00\"]],\"sun\":[[\"08:00\",\"16:00\"]],\"mon\":[[\"08:00\","
	"\"16:00\"]],\"tue\":[[\"08:00\",\"16:00\"]],\"wed\":[[\"08:00\",\"16:00\"]],\"thu\":[["
	"\"08:00\",\"12:00\"]],\"fri\":[]}";
static const char vn_week[] =
	"{\"mon\":[[\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],\"tue\":[[\"08:00\",\"12:00\"],"
	"[\"13:00\",\"17:00\"]],\"wed\":[[\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],\"thu\":[["
	"\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],\"fri\":[[\"08:00\",\"12:00\"],[\"13:00\","
	"\"17:00\"]],\"sat\":[],\"sun\":[]}";

#define HOUR   (3600 * 1000LL)
#define MINUTE (60 * 1000LL)

static int32_t day_of(const char *iso)
{
	int y, m, d;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		fail_msg("not a date: %s", iso);
	return (int32_t)day_from_civil(y, m, d);
}

/* A calendar of country (IR or VN) with the holidays given (sorted). */
static void calendar(struct support_calendar *c, const char *country, int32_t *days,
		     const char *const *holidays, int n)
{
	struct problem p = {0};
	memset(c, 0, sizeof(*c));
	c->country = country;
	bool ir = !strcmp(country, "IR");
	assert_int_equal(support_week_parse(ir ? ir_week : vn_week, c, &p), ERR_OK);
	assert_true(zone_offset(ir ? "Asia/Tehran" : "Asia/Ho_Chi_Minh", &c->offset));
	for (int i = 0; i < n; i++)
		days[i] = day_of(holidays[i]);
	c->holidays = days;
	c->nholidays = n;
}

static int64_t at(const char *s)
{
	int64_t ms = 0;
	if (!instant_parse(s, 0, &ms))
		fail_msg("not an instant: %s", s);
	return ms;
}

static void assert_instant(const struct support_calendar *c, int64_t ms, const char *want)
{
	char buf[40];
	instant_format(ms, c->offset, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

UNIT_TEST(test_tehran_before_nowruz)
{
	(void)state;
	/* Wednesday 1404-12-27 (2026-03-18) 13:00 in Tehran, 8 working hours:
	 * 3 h on Wednesday, 4 h on Thursday morning, Friday off, 1-4
	 * Farvardin 1405 (21-24 March) off, 1 h on Wednesday 25 March. */
	static const char *const nowruz[] = {"2026-03-21", "2026-03-22", "2026-03-23",
					     "2026-03-24"};
	int32_t days[4];
	struct support_calendar c;
	calendar(&c, "IR", days, nowruz, 4);
	int64_t from = at("2026-03-18T13:00:00.000+03:30");
	int64_t due = support_clock_add(&c, from, 8 * HOUR);
	assert_instant(&c, due, "2026-03-25T09:00:00.000+03:30");
	assert_true(support_clock_between(&c, from, due) == 8 * HOUR);
	/* 7 hours end at Thursday noon, the end of its morning. */
	assert_instant(&c, support_clock_add(&c, from, 7 * HOUR), "2026-03-19T12:00:00.000+03:30");
	/* Without Nowruz the eighth hour is on Saturday. */
	struct support_calendar plain;
	calendar(&plain, "IR", days, nowruz, 0);
	assert_instant(&plain, support_clock_add(&plain, from, 8 * HOUR),
		       "2026-03-21T09:00:00.000+03:30");
	/* Nothing of Nowruz, the Friday or the evenings counts. */
	assert_true(support_clock_between(&c, at("2026-03-19T12:00:00+03:30"),
					  at("2026-03-25T08:00:00+03:30")) == 0);
}

UNIT_TEST(test_opened_on_a_friday)
{
	(void)state;
	struct support_calendar c;
	int32_t days[1];
	calendar(&c, "IR", days, NULL, 0);
	/* Friday 2026-03-13 10:00: counting starts on Saturday at 08:00. */
	int64_t fri = at("2026-03-13T10:00:00.000+03:30");
	assert_instant(&c, support_clock_add(&c, fri, 0), "2026-03-14T08:00:00.000+03:30");
	assert_instant(&c, support_clock_add(&c, fri, 90 * MINUTE),
		       "2026-03-14T09:30:00.000+03:30");
	/* A whole working day from Friday ends on Saturday at 16:00. */
	assert_instant(&c, support_clock_add(&c, fri, 8 * HOUR), "2026-03-14T16:00:00.000+03:30");
	assert_true(support_clock_between(&c, fri, at("2026-03-14T09:30:00+03:30")) == 90 * MINUTE);
	/* Thursday afternoon is not working time either. */
	assert_instant(&c, support_clock_add(&c, at("2026-03-12T12:00:00+03:30"), MINUTE),
		       "2026-03-14T08:01:00.000+03:30");
}

UNIT_TEST(test_hanoi_across_tet_2027)
{
	(void)state;
	/* Tết Đinh Mùi: the Lunar New Year is Saturday 6 February 2027; the
	 * five days off (the year's last day and mùng 1-4) with the two
	 * falling on the weekend given back: Friday 5 to Thursday 11. */
	static const char *const tet[] = {"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
					  "2027-02-09", "2027-02-10", "2027-02-11"};
	int32_t days[7];
	struct support_calendar c;
	calendar(&c, "VN", days, tet, 7);
	/* Thursday 4 February 15:00, two working days (16 h): 2 h on
	 * Thursday, 8 h on Friday 12, then 4 h and 2 h on Monday 15. */
	int64_t from = at("2027-02-04T15:00:00.000+07:00");
	int64_t due = support_clock_add(&c, from, 16 * HOUR);
	assert_instant(&c, due, "2027-02-15T15:00:00.000+07:00");
	assert_true(support_clock_between(&c, from, due) == 16 * HOUR);
	/* Filed during Tết: counting starts on Friday 12 at 08:00. */
	assert_instant(&c, support_clock_add(&c, at("2027-02-08T09:00:00+07:00"), 0),
		       "2027-02-12T08:00:00.000+07:00");
	assert_true(support_clock_between(&c, at("2027-02-04T17:00:00+07:00"),
					  at("2027-02-12T08:00:00+07:00")) == 0);
}

UNIT_TEST(test_lunch_and_interval_ends)
{
	(void)state;
	struct support_calendar c;
	int32_t days[1];
	calendar(&c, "VN", days, NULL, 0);
	/* Monday 2026-05-11. Inside the lunch break: counting starts at 13:00. */
	int64_t lunch = at("2026-05-11T12:30:00+07:00");
	assert_instant(&c, support_clock_add(&c, lunch, 0), "2026-05-11T13:00:00.000+07:00");
	assert_instant(&c, support_clock_add(&c, lunch, HOUR), "2026-05-11T14:00:00.000+07:00");
	assert_true(support_clock_between(&c, lunch, at("2026-05-11T14:00:00+07:00")) == HOUR);
	/* Work that ends at noon ends at noon, not at 13:00. */
	int64_t eight = at("2026-05-11T08:00:00+07:00");
	assert_instant(&c, support_clock_add(&c, eight, 4 * HOUR), "2026-05-11T12:00:00.000+07:00");
	assert_instant(&c, support_clock_add(&c, eight, 4 * HOUR + 1),
		       "2026-05-11T13:00:00.001+07:00");
	/* Exactly at an interval's end, no work: the next start. At its start:
	 * itself. */
	assert_instant(&c, support_clock_add(&c, at("2026-05-11T12:00:00+07:00"), 0),
		       "2026-05-11T13:00:00.000+07:00");
	assert_instant(&c, support_clock_add(&c, at("2026-05-11T17:00:00+07:00"), 0),
		       "2026-05-12T08:00:00.000+07:00");
	assert_true(support_clock_add(&c, eight, 0) == eight);
	int64_t busy = at("2026-05-11T10:17:03.456+07:00");
	assert_true(support_clock_add(&c, busy, 0) == busy);
	/* Between: empty, reversed, inside one interval, across lunch. */
	assert_true(support_clock_between(&c, busy, busy) == 0);
	assert_true(support_clock_between(&c, busy + 5, busy) == 0);
	assert_true(support_clock_between(&c, busy, busy + 1234) == 1234);
	assert_true(support_clock_between(&c, at("2026-05-11T11:00:00+07:00"),
					  at("2026-05-11T14:00:00+07:00")) == 2 * HOUR);
	/* Friday 16:00 + 2 h: Monday 09:00. */
	assert_instant(&c, support_clock_add(&c, at("2026-05-15T16:00:00+07:00"), 2 * HOUR),
		       "2026-05-18T09:00:00.000+07:00");
}

UNIT_TEST(test_whole_weeks)
{
	(void)state;
	static const char *const tet[] = {"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
					  "2027-02-11", "2027-04-16", "2027-04-30", "2027-05-03"};
	int32_t days[8];
	struct support_calendar c;
	calendar(&c, "VN", days, tet, 8);
	/* 40 h a week: 10 weeks of work from Monday 4 January 2027 08:00
	 * end on Friday 12 March without holidays; the five Tết weekdays
	 * push it a week on (the days off in April and May are past it). */
	int64_t from = at("2027-01-04T08:00:00+07:00");
	int64_t due = support_clock_add(&c, from, 400 * HOUR);
	assert_instant(&c, due, "2027-03-19T17:00:00.000+07:00");
	assert_true(support_clock_between(&c, from, due) == 400 * HOUR);
	/* 20 weeks: past April and May too (eight days off in all). */
	assert_instant(&c, support_clock_add(&c, from, 800 * HOUR),
		       "2027-06-02T17:00:00.000+07:00");
	/* Fewer hours across the same span agree with between. */
	for (int64_t h = 1; h < 400; h += 7) {
		int64_t d = support_clock_add(&c, from, h * HOUR + 17);
		assert_true(support_clock_between(&c, from, d) == h * HOUR + 17);
	}
	/* A calendar with no working time never comes due. */
	struct support_calendar none;
	memset(&none, 0, sizeof(none));
	assert_true(support_clock_add(&none, from, HOUR) == INT64_MAX);
	assert_true(support_clock_between(&none, from, due) == 0);
}

/* ---- against a minute-by-minute count ---- */

static bool working_minute(const struct support_calendar *c, int64_t ms)
{
	int minute;
	int64_t day = instant_day(ms, c->offset, &minute, NULL);
	if (support_clock_holiday(c, day))
		return false;
	int wd = (int)(((day + 4) % 7 + 7) % 7);
	for (int i = 0; i < c->nintervals[wd]; i++)
		if (minute >= c->intervals[wd][i][0] && minute < c->intervals[wd][i][1])
			return true;
	return false;
}

static int64_t slow_between(const struct support_calendar *c, int64_t a, int64_t b)
{
	int64_t n = 0;
	for (int64_t t = a; t < b; t += MINUTE)
		n += working_minute(c, t) ? MINUTE : 0;
	return n;
}

static int64_t slow_add(const struct support_calendar *c, int64_t from, int64_t work)
{
	int64_t t = from;
	while (!working_minute(c, t))
		t += MINUTE;
	for (; work > 0; t += MINUTE)
		if (working_minute(c, t))
			work -= MINUTE;
	/* The last minute counted ends at t: an interval's end stays there. */
	if (work == 0 && t > from && !working_minute(c, t - MINUTE))
		while (!working_minute(c, t - MINUTE))
			t -= MINUTE;
	return t;
}

UNIT_TEST(test_against_minutes)
{
	(void)state;
	static const char *const days_ir[] = {"2026-03-20", "2026-03-21", "2026-03-22",
					      "2026-03-23", "2026-03-24", "2026-04-01",
					      "2026-04-02", "2026-04-14", "2026-05-27"};
	int32_t days[9];
	struct support_calendar cals[2];
	calendar(&cals[0], "IR", days, days_ir, 9);
	static const char *const days_vn[] = {"2026-02-16", "2026-02-17", "2026-02-18",
					      "2026-02-19", "2026-02-20", "2026-04-27",
					      "2026-04-30", "2026-05-01"};
	int32_t days2[8];
	calendar(&cals[1], "VN", days2, days_vn, 8);
	int64_t base[2] = {at("2026-03-10T00:00:00Z"), at("2026-02-09T00:00:00Z")};
	uint32_t seed = 12345;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 400; i++) {
			const struct support_calendar *c = &cals[k];
			seed = seed * 1103515245u + 12345u;
			int64_t a = base[k] + (int64_t)(seed % (40 * 1440)) * MINUTE;
			seed = seed * 1103515245u + 12345u;
			int64_t w = (int64_t)(seed % (70 * 60)) * MINUTE;
			seed = seed * 1103515245u + 12345u;
			int64_t b = a + (int64_t)(seed % (20 * 1440)) * MINUTE;
			int64_t due = support_clock_add(c, a, w);
			assert_true(due == slow_add(c, a, w));
			assert_true(support_clock_between(c, a, due) == w);
			assert_true(support_clock_between(c, a, b) == slow_between(c, a, b));
			/* add undoes between: b itself when b is working time,
			 * else the end of the last interval before it. */
			int64_t back = support_clock_add(c, a, support_clock_between(c, a, b));
			assert_true(back <= b || support_clock_between(c, a, b) == 0);
			assert_true(support_clock_between(c, back, b) == 0);
		}
}

UNIT_TEST(test_week_parse)
{
	(void)state;
	struct support_calendar c;
	struct problem p = {0};
	assert_int_equal(support_week_parse(vn_week, &c, &p), ERR_OK);
	assert_int_equal(c.nintervals[1], 2);
	assert_int_equal(c.intervals[1][1][0], 13 * 60);
	assert_int_equal(c.nintervals[0], 0);
	struct arena a;
	arena_init(&a, 4096, 0);
	assert_string_equal(support_week_json(&a, &c),
			    "{\"sat\":[],\"sun\":[],\"mon\":[[\"08:00\",\"12:00\"],[\"13:00\","
			    "\"17:00\"]],\"tue\":[[\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],"
			    "\"wed\":[[\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],\"thu\":[["
			    "\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]],\"fri\":[[\"08:00\","
			    "\"12:00\"],[\"13:00\",\"17:00\"]]}");
	arena_release(&a);
	static const char *const bad[] = {
		"[]",
		"{\"sat\":[]}",
		"{\"sun\":[],\"mon\":[],\"tue\":[],\"wed\":[],\"thu\":[],\"fri\":[],\"sat\":[]}",
		"{\"sun\":[[\"09:00\",\"08:00\"]],\"mon\":[],\"tue\":[],\"wed\":[],\"thu\":[],"
		"\"fri\":[],\"sat\":[]}",
		"{\"sun\":[[\"08:00\",\"12:00\"],[\"11:00\",\"13:00\"]],\"mon\":[],\"tue\":[],"
		"\"wed\":[],\"thu\":[],\"fri\":[],\"sat\":[]}",
		"{\"sun\":[[\"08:00\",\"24:01\"]],\"mon\":[],\"tue\":[],\"wed\":[],\"thu\":[],"
		"\"fri\":[],\"sat\":[]}",
		"{\"sun\":[[\"8:00\",\"12:00\"]],\"mon\":[],\"tue\":[],\"wed\":[],\"thu\":[],"
		"\"fri\":[],\"sat\":[]}",
		"{\"sun\":[[\"08:00\",\"12:00\"]],\"mon\":[],\"tue\":[],\"wed\":[],\"thu\":[],"
		"\"fri\":[],\"xyz\":[]}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(support_week_parse(bad[i], &c, &p), ERR_INVALID);
		assert_string_equal(p.field, "week");
	}
	assert_int_equal(
		support_week_parse("{\"sun\":[[\"00:00\",\"24:00\"]],\"mon\":[],\"tue\":[],"
				   "\"wed\":[],\"thu\":[],\"fri\":[],\"sat\":[]}",
				   &c, &p),
		ERR_OK);
}

UNIT_MAIN()
