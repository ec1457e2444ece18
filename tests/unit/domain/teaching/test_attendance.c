/* Unit tests of src/domain/teaching/attendance.c: statuses, the terms of a
 * school year in Vietnam and Iran, today where the school is, which dates
 * attendance may be taken for; and on a temporary SQLite database, taking
 * a class's marks and correcting them (who may, the change history, the
 * audit of each student whose mark changes). */
#include "fixture.h"

#include "domain/teaching/attendance.h"

UNIT_TEST(test_status_names)
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

UNIT_TEST(test_term1_end)
{
	UNUSED(state);
	const struct {
		const char *country;
		int year;
		const char *end;
	} cases[] = {
		{"VN", 2025, "2026-01-17"},
		/* 30 Dey 1404 = 20 January 2026 (1 Bahman 1404 is the 21st). */
		{"IR", 2025, "2026-01-20"},
		/* 30 Dey 1403 = 19 January 2025; 30 Dey 1402 = 20 January 2024. */
		{"IR", 2024, "2025-01-19"},
		{"IR", 2023, "2024-01-20"},
		{"FR", 2025, ""},
		{NULL, 2025, ""},
		{"VN", 3000, ""},
	};
	char out[11];
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		attendance_term1_end(cases[i].country, cases[i].year, out);
		assert_string_equal(out, cases[i].end);
	}
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

UNIT_TEST(test_term_of)
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

UNIT_TEST(test_today)
{
	UNUSED(state);
	const struct {
		const char *country;
		int64_t now;
		const char *today;
	} cases[] = {
		/* 2026-11-22T17:00:00Z is midnight in Hà Nội (UTC+7). */
		{"VN", 1795366800, "2026-11-23"},
		{"VN", 1795366799, "2026-11-22"},
		/* Tehran is UTC+3:30 all year: 20:30Z is midnight. */
		{"IR", 1795379399, "2026-11-22"},
		{"IR", 1795379400, "2026-11-23"},
		{"XX", 1795379400, "2026-11-22"},
	};
	char out[11];
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		attendance_today(cases[i].country, cases[i].now, out);
		assert_string_equal(out, cases[i].today);
	}
}

UNIT_TEST(test_date_check)
{
	UNUSED(state);
	struct problem p = {0};
	const int64_t now = 1795366800; /* 2026-11-23 00:00 in Vietnam */
	assert_int_equal(attendance_date_check("VN", 2026, "2026-11-23", now, &p), ERR_OK);
	assert_int_equal(attendance_date_check("VN", 2026, "2026-11-24", now, &p), ERR_INVALID);
	assert_problem(p, "future", "date");
	/* The same instant is still 22 November in Tehran. */
	assert_int_equal(attendance_date_check("IR", 2026, "2026-11-23", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "future");
	assert_int_equal(attendance_date_check("IR", 2026, "2026-11-22", now, &p), ERR_OK);
	assert_int_equal(attendance_date_check("VN", 2025, "2025-09-04", now, &p), ERR_INVALID);
	assert_problem(p, "outside_school_year", "date");
	assert_int_equal(attendance_date_check("VN", 2025, "2026-09-10", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "outside_school_year");
	assert_int_equal(attendance_date_check("VN", 2025, "2025-11-31", now, &p), ERR_INVALID);
	assert_problem(p, "invalid", "date");
	assert_int_equal(attendance_date_check("VN", 2025, NULL, now, &p), ERR_INVALID);
	assert_string_equal(p.code, "invalid");
	/* A future date outside the year is reported as future. */
	assert_int_equal(attendance_date_check("VN", 2025, "2027-01-05", now, &p), ERR_INVALID);
	assert_string_equal(p.code, "future");
}

/* ---- on SQLite: taking and correcting a class's marks ---- */

#define DAY "2025-11-20"

/* Take the marks of student i (status s[i]) for DAY as `by`. */
static int take(struct tf *f, struct actor *by, const char *date, int n, const int *status,
		struct attendance_take *x)
{
	struct attendance_entry *e = arena_calloc(&f->a, (size_t)n, sizeof(*e));
	assert_non_null(e);
	for (int i = 0; i < n; i++)
		e[i] = (struct attendance_entry){.student = f->students[i], .status = status[i]};
	*x = (struct attendance_take){.by = by, .id = f->class_id, .entries = e, .n = n};
	memcpy(x->date, date, 11);
	int rc = attendance_take_check(f->st.db, x);
	return rc ? rc : work_write(f->st.db, attendance_take_tx, x);
}

/* Student i's status on DAY as the class's read shows it. */
static int status_of(struct tf *f, int i)
{
	struct attendance_view v = {.id = f->class_id, .date = DAY};
	assert_int_equal(attendance_view_read(f->st.db, &f->as_admin, &v), ERR_OK);
	for (int k = 0; k < v.nmarks; k++)
		if (v.marks[k].student == f->students[i])
			return v.marks[k].status;
	return -2;
}

UNIT_TEST_WITH(test_take_and_correct, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct attendance_take x;
	int64_t audit = tf_audit_count(f);
	const int first[] = {ATT_PRESENT, ATT_ABSENT_UNEXCUSED};
	assert_int_equal(take(f, &f->as_teacher, DAY, 2, first, &x), ERR_OK);
	assert_int_equal(x.changed, 2);
	assert_int_equal(status_of(f, 0), ATT_PRESENT);
	assert_int_equal(status_of(f, 1), ATT_ABSENT_UNEXCUSED);
	assert_int_equal(status_of(f, 2), ATT_NONE);
	assert_int_equal(tf_audit_count(f), audit + 2);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM attendance_changes"), 0);
	/* The same marks again: left alone, nothing recorded. */
	assert_int_equal(take(f, &f->as_teacher, DAY, 2, first, &x), ERR_OK);
	assert_int_equal(x.changed, 0);
	assert_int_equal(tf_audit_count(f), audit + 2);
	/* A correction: the absence was excused. One mark written, its change
	 * kept, one entry naming the day. */
	const int second[] = {ATT_PRESENT, ATT_ABSENT_EXCUSED};
	assert_int_equal(take(f, &f->as_teacher, DAY, 2, second, &x), ERR_OK);
	assert_int_equal(x.changed, 1);
	assert_int_equal(status_of(f, 1), ATT_ABSENT_EXCUSED);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM attendance_changes WHERE old_status = "
				     "'absent_unexcused' AND new_status = 'absent_excused'"),
			 1);
	assert_int_equal(tf_audit_count(f), audit + 3);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM audit_log WHERE action = "
				     "'attendance.update' AND subject LIKE '% " DAY " day'"),
			 3);
	/* The student's year counts the excused absence in term 1. */
	struct attendance_student_view y = {.id = f->students[1], .year = 2025};
	assert_int_equal(attendance_student_read(f->st.db, &f->as_teacher, &y), ERR_OK);
	assert_true(y.d.allowed);
	assert_int_equal(y.y.counts[0][ATT_ABSENT_EXCUSED], 1);
	assert_int_equal(y.y.nrecords, 1);
	assert_string_equal(y.audit->action, "attendance.read");
}

UNIT_TEST_WITH(test_take_refusals, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct attendance_take x;
	int64_t audit = tf_audit_count(f);
	const int marks[] = {ATT_PRESENT, ATT_LATE, ATT_PRESENT, ATT_PRESENT};
	/* A teacher who does not teach the class: refused, the refusal made
	 * ready for the log, naming the class. */
	assert_int_equal(take(f, &f->as_teacher2, DAY, 2, marks, &x), ERR_FORBIDDEN);
	assert_true(x.refused);
	assert_int_equal(x.naudit, 1);
	assert_false(x.audit[0].allowed);
	assert_string_equal(x.audit[0].action, "attendance.update");
	/* A day that has not come, a day of another school year. */
	assert_int_equal(take(f, &f->as_teacher, "2099-01-05", 2, marks, &x), ERR_INVALID);
	assert_false(x.refused);
	assert_int_equal(x.p.id, P_FUTURE);
	assert_int_equal(take(f, &f->as_teacher, "2025-08-20", 2, marks, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_OUTSIDE_SCHOOL_YEAR);
	/* Student 3 is not in 6A: nothing of the save is written. */
	assert_int_equal(take(f, &f->as_teacher, DAY, 4, marks, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_NOT_IN_THIS_CLASS);
	assert_string_equal(x.p.field, "entries[3].student");
	assert_int_equal(status_of(f, 0), ATT_NONE);
	assert_int_equal(tf_audit_count(f), audit);
}

int main(void)
{
	return unit_run(LOG_ERROR, NULL, NULL);
}
