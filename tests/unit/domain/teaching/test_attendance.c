/* Unit tests of src/domain/attendance.c: statuses, the terms of a school
 * year in Vietnam and Iran, today where the school is, and which dates
 * attendance may be taken for. */
#include "unit.h"

#include "core/err.h"
#include "domain/teaching/attendance.h"

static void test_status_names(void **state)
{
	UNUSED(state);
	for (int s = 0; s < ATT__STATUSES; s++)
		assert_int_equal(attendance_status_parse(attendance_status_name(s)), s);
	assert_string_equal(attendance_status_name(ATT_ABSENT_EXCUSED), "absent_excused");
	assert_int_equal(attendance_status_parse("absent_unexcused"), ATT_ABSENT_UNEXCUSED);
	assert_int_equal(attendance_status_parse("Present"), -1);
	assert_int_equal(attendance_status_parse("absent"), -1);
	assert_int_equal(attendance_status_parse(""), -1);
	assert_int_equal(attendance_status_parse(NULL), -1);
	assert_string_equal(attendance_status_name(ATT_NONE), "unknown");
	assert_string_equal(attendance_status_name(ATT__STATUSES), "unknown");
}

static void test_term1_end(void **state)
{
	UNUSED(state);
	char out[11];
	attendance_term1_end("VN", 2025, out);
	assert_string_equal(out, "2026-01-17");
	/* 30 Dey 1404 = 20 January 2026 (1 Bahman 1404 is the 21st). */
	attendance_term1_end("IR", 2025, out);
	assert_string_equal(out, "2026-01-20");
	/* 30 Dey 1403 = 19 January 2025; 30 Dey 1402 = 20 January 2024. */
	attendance_term1_end("IR", 2024, out);
	assert_string_equal(out, "2025-01-19");
	attendance_term1_end("IR", 2023, out);
	assert_string_equal(out, "2024-01-20");
	attendance_term1_end("FR", 2025, out);
	assert_string_equal(out, "");
	attendance_term1_end(NULL, 2025, out);
	assert_string_equal(out, "");
	attendance_term1_end("VN", 3000, out);
	assert_string_equal(out, "");
}

struct term_case {
	const char *country;
	int year;
	const char *date;
	int term;
};

static const struct term_case term_cases[] = {
	/* Vietnam 2025-2026: 5 September 2025 .. 17 January | 18 January .. 31 May 2026. */
	{"VN", 2025, "2025-09-04", 0},
	{"VN", 2025, "2025-09-05", 1},
	{"VN", 2025, "2025-12-31", 1},
	{"VN", 2025, "2026-01-17", 1},
	{"VN", 2025, "2026-01-18", 2},
	{"VN", 2025, "2026-05-31", 2},
	{"VN", 2025, "2026-06-01", 0},
	{"VN", 2024, "2025-10-01", 0}, /* another school year */
	/* Iran 1404-1405: 1 Mehr 1404 = 2025-09-23 .. 30 Dey = 2026-01-20 |
	 * 1 Bahman = 2026-01-21 .. 31 Khordad 1405 = 2026-06-21. */
	{"IR", 2025, "2025-09-22", 0},
	{"IR", 2025, "2025-09-23", 1},
	{"IR", 2025, "2026-01-20", 1},
	{"IR", 2025, "2026-01-21", 2},
	{"IR", 2025, "2026-03-20", 2}, /* Nowruz: still term 2 */
	{"IR", 2025, "2026-06-21", 2},
	{"IR", 2025, "2026-06-22", 0},
	/* Not dates, unknown countries. */
	{"IR", 2025, "2026-02-30", 0},
	{"IR", 2025, "20251001", 0},
	{"IR", 2025, "", 0},
	{"FR", 2025, "2025-10-01", 0},
	{NULL, 2025, "2025-10-01", 0},
};

static void test_term_of(void **state)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(term_cases); i++) {
		const struct term_case *t = &term_cases[i];
		int got = attendance_term_of(t->country, t->year, t->date);
		if (got != t->term)
			fail_msg("%s %d %s: term %d, want %d", t->country ? t->country : "(null)",
				 t->year, t->date, got, t->term);
	}
	assert_int_equal(attendance_term_of("VN", 2025, NULL), 0);
}

static void test_today(void **state)
{
	UNUSED(state);
	char out[11];
	/* 2026-11-22T17:00:00Z is midnight in Hà Nội (UTC+7). */
	attendance_today("VN", 1795366800, out);
	assert_string_equal(out, "2026-11-23");
	attendance_today("VN", 1795366799, out);
	assert_string_equal(out, "2026-11-22");
	/* Tehran is UTC+3:30 all year: 20:30Z is midnight. */
	attendance_today("IR", 1795379399, out);
	assert_string_equal(out, "2026-11-22");
	attendance_today("IR", 1795379400, out);
	assert_string_equal(out, "2026-11-23");
	attendance_today("XX", 1795379400, out);
	assert_string_equal(out, "2026-11-22");
}

static void test_date_check(void **state)
{
	UNUSED(state);
	struct problem p = {0};
	const int64_t now = 1795366800; /* 2026-11-23 00:00 in Vietnam */
	assert_int_equal(attendance_date_check("VN", 2026, "2026-11-23", now, &p), ERR_OK);
	assert_int_equal(attendance_date_check("VN", 2026, "2026-11-24", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "future");
	assert_string_equal(p.field, "date");
	/* The same instant is still 22 November in Tehran. */
	assert_int_equal(attendance_date_check("IR", 2026, "2026-11-23", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "future");
	assert_int_equal(attendance_date_check("IR", 2026, "2026-11-22", now, &p), ERR_OK);
	assert_int_equal(attendance_date_check("VN", 2025, "2025-09-04", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "outside_school_year");
	assert_string_equal(p.field, "date");
	assert_int_equal(attendance_date_check("VN", 2025, "2026-09-10", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "outside_school_year");
	assert_int_equal(attendance_date_check("VN", 2025, "2025-11-31", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "invalid");
	assert_string_equal(p.field, "date");
	assert_int_equal(attendance_date_check("VN", 2025, NULL, now, &p), ERR_INVALID);
	assert_string_equal(p.code, "invalid");
	/* A future date outside the year is reported as future. */
	assert_int_equal(attendance_date_check("VN", 2025, "2027-01-05", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "future");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names), cmocka_unit_test(test_term1_end),
		cmocka_unit_test(test_term_of),	     cmocka_unit_test(test_today),
		cmocka_unit_test(test_date_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
