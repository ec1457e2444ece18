/* Unit tests of src/domain/calendar.c: ISO dates, the Solar Hijri calendar
 * and school years in Iran and Vietnam. */
#include "unit.h"

#include "core/err.h"
#include "domain/common/calendar.h"

struct iso_case {
	const char *s;
	bool ok;
	int y, m, d;
};

static const struct iso_case iso_cases[] = {
	{"2024-03-20", true, 2024, 3, 20},
	{"2024-02-29", true, 2024, 2, 29}, /* leap */
	{"2000-02-29", true, 2000, 2, 29}, /* divisible by 400: leap */
	{"1900-01-01", true, 1900, 1, 1},
	{"2199-12-31", true, 2199, 12, 31},
	{"2024-12-31", true, 2024, 12, 31},
	{"2023-02-29", false, 0, 0, 0},
	{"1900-02-29", false, 0, 0, 0}, /* divisible by 100: not leap */
	{"2100-02-29", false, 0, 0, 0},
	{"1899-12-31", false, 0, 0, 0},
	{"2200-01-01", false, 0, 0, 0},
	{"2024-04-31", false, 0, 0, 0},
	{"2024-13-01", false, 0, 0, 0},
	{"2024-00-10", false, 0, 0, 0},
	{"2024-01-00", false, 0, 0, 0},
	{"2024-1-01", false, 0, 0, 0},
	{"2024-01-1", false, 0, 0, 0},
	{"2024-01-01 ", false, 0, 0, 0},
	{" 2024-01-01", false, 0, 0, 0},
	{"2024-01-01T00:00", false, 0, 0, 0},
	{"2024/01/01", false, 0, 0, 0},
	{"20240101", false, 0, 0, 0},
	{"+024-01-01", false, 0, 0, 0},
	{"2024-+1-01", false, 0, 0, 0},
	{"2024-01-0a", false, 0, 0, 0},
	{"", false, 0, 0, 0},
	/* Persian digits are converted by the caller, not here. */
	{"\xdb\xb2\xdb\xb0\xdb\xb2\xdb\xb4-01-01", false, 0, 0, 0},
};

UNIT_TEST(test_date_parse_iso)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(iso_cases); i++) {
		const struct iso_case *t = &iso_cases[i];
		int y = -1, m = -1, d = -1;
		bool ok = date_parse_iso(t->s, &y, &m, &d);
		if (ok != t->ok)
			fail_msg("\"%s\": got %d", t->s, ok);
		if (ok && (y != t->y || m != t->m || d != t->d))
			fail_msg("\"%s\": %d-%d-%d", t->s, y, m, d);
		if (!ok && (y != -1 || m != -1 || d != -1))
			fail_msg("\"%s\": outputs touched on failure", t->s);
	}
	assert_false(date_parse_iso(NULL, NULL, NULL, NULL));
	/* Outputs are optional. */
	assert_true(date_parse_iso("2024-02-29", NULL, NULL, NULL));
}

UNIT_TEST(test_date_format_iso)
{
	UNUSED(state);
	char out[11];
	date_format_iso(2025, 9, 5, out);
	assert_string_equal(out, "2025-09-05");
	date_format_iso(1900, 12, 31, out);
	assert_string_equal(out, "1900-12-31");
	date_format_iso(33, 1, 1, out);
	assert_string_equal(out, "0033-01-01");
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2025, 11), 30);
	assert_int_equal(date_days_in_month(2025, 0), 0);
	assert_int_equal(date_days_in_month(2025, 13), 0);
}

struct jalali_pair {
	int jy, jm, jd;
	int gy, gm, gd;
};

/* Known days of the Iranian civil calendar. */
static const struct jalali_pair pairs[] = {
	{1403, 1, 1, 2024, 3, 20},   /* Nowruz 1403 */
	{1404, 1, 1, 2025, 3, 21},   /* Nowruz 1404 */
	{1403, 7, 1, 2024, 9, 22},   /* 1 Mehr 1403 */
	{1404, 7, 1, 2025, 9, 23},   /* 1 Mehr 1404 */
	{1402, 7, 1, 2023, 9, 23},   /* 1 Mehr 1402 */
	{1402, 12, 29, 2024, 3, 19}, /* last day of 1402 (not leap) */
	{1403, 12, 30, 2025, 3, 20}, /* 30 Esfand 1403: 1403 is leap */
	{1405, 3, 31, 2026, 6, 21},  /* 31 Khordad 1405 */
	{1378, 10, 11, 2000, 1, 1},  {1357, 11, 22, 1979, 2, 11}, {1300, 1, 1, 1921, 3, 21},
	{1279, 1, 1, 1900, 3, 21},   {1399, 12, 30, 2021, 3, 20}, /* 1399 is leap */
	{1403, 6, 31, 2024, 9, 21},				  /* last 31-day month ends */
	{1403, 11, 30, 2025, 2, 18},
};

UNIT_TEST(test_jalali_pairs)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		const struct jalali_pair *t = &pairs[i];
		int a, b, c;
		jalali_to_gregorian(t->jy, t->jm, t->jd, &a, &b, &c);
		if (a != t->gy || b != t->gm || c != t->gd)
			fail_msg("%d/%d/%d -> %d-%d-%d, want %d-%d-%d", t->jy, t->jm, t->jd, a, b,
				 c, t->gy, t->gm, t->gd);
		gregorian_to_jalali(t->gy, t->gm, t->gd, &a, &b, &c);
		if (a != t->jy || b != t->jm || c != t->jd)
			fail_msg("%d-%d-%d -> %d/%d/%d, want %d/%d/%d", t->gy, t->gm, t->gd, a, b,
				 c, t->jy, t->jm, t->jd);
	}
}

UNIT_TEST(test_jalali_leap)
{
	UNUSED(state);
	/* 1403 and 1408: the five-year gap of the 33-year cycle. */
	static const int leap[] = {1395, 1399, 1403, 1408, 1412, 1416};
	static const int common[] = {1396, 1400, 1401, 1402, 1404, 1405, 1406, 1407, 1409};
	for (size_t i = 0; i < ARRAY_SIZE(leap); i++)
		assert_true(jalali_is_leap(leap[i]));
	for (size_t i = 0; i < ARRAY_SIZE(common); i++)
		assert_false(jalali_is_leap(common[i]));
	assert_true(jalali_valid(1403, 12, 30));
	assert_false(jalali_valid(1402, 12, 30));
	assert_true(jalali_valid(1402, 6, 31));
	assert_false(jalali_valid(1402, 7, 31));
	assert_true(jalali_valid(1402, 11, 30));
	assert_false(jalali_valid(1402, 0, 1));
	assert_false(jalali_valid(1402, 13, 1));
	assert_false(jalali_valid(1402, 1, 0));
	assert_false(jalali_valid(JALALI_YEAR_MIN - 1, 1, 1));
	assert_false(jalali_valid(JALALI_YEAR_MAX + 1, 1, 1));
}

/* Every day from 1900 to 2199: converting there and back is the identity,
 * and consecutive Gregorian days are consecutive Jalali days. */
UNIT_TEST(test_jalali_every_day)
{
	UNUSED(state);
	int py = 0, pm = 0, pd = 0;
	long days = 0;
	for (int y = DATE_YEAR_MIN; y <= DATE_YEAR_MAX; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				int jy, jm, jd, gy, gm, gd;
				gregorian_to_jalali(y, m, d, &jy, &jm, &jd);
				if (!jalali_valid(jy, jm, jd))
					fail_msg("%d-%d-%d -> invalid %d/%d/%d", y, m, d, jy, jm,
						 jd);
				jalali_to_gregorian(jy, jm, jd, &gy, &gm, &gd);
				if (gy != y || gm != m || gd != d)
					fail_msg("%d-%d-%d -> %d/%d/%d -> %d-%d-%d", y, m, d, jy,
						 jm, jd, gy, gm, gd);
				if (days) {
					bool next =
						(jy == py && jm == pm && jd == pd + 1) ||
						(jy == py && jm == pm + 1 && jd == 1) ||
						(jy == py + 1 && jm == 1 && jd == 1 && pm == 12);
					if (!next)
						fail_msg("%d/%d/%d follows %d/%d/%d", jy, jm, jd,
							 py, pm, pd);
					if (jm == 1 && jd == 1)
						assert_int_equal(pd, jalali_is_leap(py) ? 30 : 29);
				}
				py = jy, pm = jm, pd = jd;
				days++;
			}
		}
	}
	assert_int_equal(days, 109573);
}

struct sy_case {
	const char *s;
	int err;
	int start;
	const char *code;
};

static const struct sy_case sy_cases[] = {
	{"2025-2026", ERR_OK, 2025, NULL},
	{"1990-1991", ERR_OK, 1990, NULL},
	{"2099-2100", ERR_OK, 2099, NULL},
	{"2025-2027", ERR_INVALID, 0, "invalid"},
	{"2025-2025", ERR_INVALID, 0, "invalid"},
	{"2026-2025", ERR_INVALID, 0, "invalid"},
	{"1989-1990", ERR_INVALID, 0, "out_of_range"},
	{"2100-2101", ERR_INVALID, 0, "out_of_range"},
	{"2025/2026", ERR_INVALID, 0, "invalid"},
	{"2025 - 2026", ERR_INVALID, 0, "invalid"},
	{"2025-26", ERR_INVALID, 0, "invalid"},
	{"25-26", ERR_INVALID, 0, "invalid"},
	{"2025", ERR_INVALID, 0, "invalid"},
	{"2025-2026 ", ERR_INVALID, 0, "invalid"},
	{"+025-2026", ERR_INVALID, 0, "invalid"},
	{"1404-1405", ERR_INVALID, 0, "out_of_range"}, /* Solar Hijri years: no */
	{"\xdb\xb2\xdb\xb0\xdb\xb2\xdb\xb5-\xdb\xb2\xdb\xb0\xdb\xb2\xdb\xb6", ERR_INVALID, 0,
	 "invalid"},
	{"", ERR_INVALID, 0, "required"},
	{NULL, ERR_INVALID, 0, "required"},
};

UNIT_TEST(test_school_year_parse)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(sy_cases); i++) {
		const struct sy_case *t = &sy_cases[i];
		struct problem p = {.err = 12345};
		int start = -1;
		int rc = school_year_parse(t->s, &start, &p);
		if (rc != t->err)
			fail_msg("\"%s\": rc %d", t->s ? t->s : "NULL", rc);
		if (rc == ERR_OK) {
			assert_int_equal(start, t->start);
			assert_int_equal(p.err, 12345);
		} else {
			assert_int_equal(start, -1);
			assert_int_equal(p.err, rc);
			assert_string_equal(p.field, "school_year");
			assert_string_equal(p.code, t->code);
			assert_non_null(p.detail);
		}
	}
	int start;
	assert_int_equal(school_year_parse("x", &start, NULL), ERR_INVALID);
}

struct span_case {
	const char *country;
	int year;
	const char *start, *end;
};

static const struct span_case spans[] = {
	{"IR", 2025, "2025-09-23", "2026-06-21"}, /* 1 Mehr 1404 .. 31 Khordad 1405 */
	{"IR", 2024, "2024-09-22", "2025-06-21"},
	{"IR", 2023, "2023-09-23", "2024-06-20"},
	{"IR", 1990, "1990-09-23", "1991-06-21"},
	{"VN", 2025, "2025-09-05", "2026-05-31"},
	{"VN", 2099, "2099-09-05", "2100-05-31"},
	{"XX", 2025, "", ""},
	{"ir", 2025, "", ""},
	{NULL, 2025, "", ""},
	{"IR", 1898, "", ""},
	{"VN", 2200, "", ""},
};

UNIT_TEST(test_school_year_span)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(spans); i++) {
		const struct span_case *t = &spans[i];
		char a[11] = "garbage", b[11] = "garbage";
		school_year_start(t->country, t->year, a);
		school_year_end(t->country, t->year, b);
		if (strcmp(a, t->start) || strcmp(b, t->end))
			fail_msg("%s %d: %s .. %s", t->country ? t->country : "NULL", t->year, a,
				 b);
	}
}

struct of_case {
	const char *country, *iso;
	int want;
};

static const struct of_case of_cases[] = {
	{"IR", "2025-09-23", 2025},				       /* first day */
	{"IR", "2025-09-22", 2024},				       /* the day before */
	{"IR", "2026-01-01", 2025},	   {"IR", "2026-06-21", 2025}, /* last day */
	{"IR", "2026-08-15", 2025}, /* summer holidays: still the year that ended */
	{"IR", "2024-09-22", 2024},	   {"IR", "2024-09-21", 2023},
	{"IR", "1900-01-01", 1899},	   {"VN", "2025-09-05", 2025},
	{"VN", "2025-09-04", 2024},	   {"VN", "2025-12-31", 2025},
	{"VN", "2199-12-31", 2199},	   {"VN", "2025-9-05", ERR_INVALID},
	{"VN", "2025-02-30", ERR_INVALID}, {"XX", "2025-09-05", ERR_INVALID},
	{NULL, "2025-09-05", ERR_INVALID}, {"IR", NULL, ERR_INVALID},
};

UNIT_TEST(test_school_year_of_date)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(of_cases); i++) {
		const struct of_case *t = &of_cases[i];
		int got = school_year_of_date(t->country, t->iso);
		if (got != t->want)
			fail_msg("%s %s: %d, want %d", t->country ? t->country : "NULL",
				 t->iso ? t->iso : "NULL", got, t->want);
	}
	/* Every day of a year lands in the school year that started last:
	 * on or after its start and before the next one's. */
	for (int m = 1; m <= 12; m++) {
		for (int d = 1; d <= date_days_in_month(2026, m); d++) {
			char iso[11], start[11];
			date_format_iso(2026, m, d, iso);
			for (int c = 0; c < 2; c++) {
				const char *cc = c ? "VN" : "IR";
				int sy = school_year_of_date(cc, iso);
				assert_true(sy == 2025 || sy == 2026);
				school_year_start(cc, sy, start);
				assert_true(strcmp(iso, start) >= 0);
				school_year_start(cc, sy + 1, start);
				assert_true(strcmp(iso, start) < 0);
			}
		}
	}
}

UNIT_MAIN()
