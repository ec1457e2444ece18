/* Unit tests of src/domain/registry/student.c: a student's validation and
 * normalisation without the database (national ids through the student
 * rules, names, birth dates, sex, the placement), the grade a school's
 * level teaches, dates as clerks type them, and what an edit may change. */
#include "unit.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/registry/student.h"

/* Persian digits ۰ ۱ ۲ ۴ ۵ ۹ (U+06F0...). */
#define FA0 "\xdb\xb0"
#define FA1 "\xdb\xb1"
#define FA2 "\xdb\xb2"
#define FA4 "\xdb\xb4"
#define FA5 "\xdb\xb5"

/* A valid Iranian student; tests change one field at a time. */
static struct student_input ir_student(void)
{
	return (struct student_input){.country = "IR",
				      .national_id = "0012345679",
				      .given_name = "Sara",
				      .family_name = "Ahmadi",
				      .birth_date = "2014-05-02",
				      .sex = "F",
				      .school = "S1",
				      .grade = 5,
				      .school_year = "2025-2026"};
}

/* student_prepare's answer for in: rc, and the problem's code and field
 * when it refuses. */
static void expect(const struct student_input *in, int rc, const char *code, const char *field)
{
	struct student_new s;
	struct problem p = {0};
	int got = student_prepare(in, &s, &p);
	assert_int_equal(got, rc);
	if (rc == ERR_OK)
		return;
	assert_int_equal(p.err, rc);
	assert_string_equal(p.code, code);
	if (field)
		assert_string_equal(p.field, field);
	else
		assert_null(p.field);
	assert_non_null(p.detail);
}

UNIT_TEST(test_national_ids)
{
	UNUSED(state);
	struct student_input in = ir_student();
	struct student_new s;
	struct problem p = {0};
	/* Eight digits lost two leading zeros; Persian digits are digits. */
	in.national_id = "12345679";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.national_id, "0012345679");
	in.national_id = FA0 FA0 FA1 FA2 "345679";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.national_id, "0012345679");
	/* No national id is allowed (flagged for review when stored). */
	in.national_id = NULL;
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.national_id, "");
	in.national_id = "";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	/* The Iranian rules. */
	in.national_id = "0012345678";
	expect(&in, ERR_INVALID, "check_digit", "national_id");
	in.national_id = "2222222222";
	expect(&in, ERR_INVALID, "repeated_digits", "national_id");
	in.national_id = "123";
	expect(&in, ERR_INVALID, "wrong_length", "national_id");
	/* The country decides which rules: an IR code is no CCCD. */
	in.country = "VN";
	in.national_id = "0012345679";
	expect(&in, ERR_INVALID, "wrong_length", "national_id");
}

UNIT_TEST(test_vietnam)
{
	UNUSED(state);
	struct student_input in = ir_student();
	in.country = "vn";		 /* any case */
	in.national_id = "079214001234"; /* Hồ Chí Minh, 2000s male, (20)14 */
	in.sex = "M";
	struct student_new s;
	struct problem p = {0};
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.country, "VN");
	/* The sector's student id is the personal id number. */
	assert_string_equal(s.sector_id, "079214001234");
	in.sector_id = "079214001234";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	in.sector_id = "HS-1";
	expect(&in, ERR_INVALID, "invalid", "sector_id");
	in.sector_id = NULL;
	/* The id must agree with the birth date and the sex. */
	in.sex = "F";
	expect(&in, ERR_INVALID, "sex_mismatch", "national_id");
	in.sex = "M";
	in.birth_date = "2013-05-02";
	expect(&in, ERR_INVALID, "birth_year_mismatch", "national_id");
	in.national_id = "079014001234"; /* 1900s */
	in.birth_date = "2014-05-02";
	expect(&in, ERR_INVALID, "century_mismatch", "national_id");
	in.national_id = "999214001234";
	expect(&in, ERR_INVALID, "unknown_province", "national_id");
	/* Outside Vietnam a sector id is the sector's own. */
	in = ir_student();
	in.sector_id = "HS-1";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.sector_id, "HS-1");
}

UNIT_TEST(test_country)
{
	UNUSED(state);
	struct student_input in = ir_student();
	in.country = NULL;
	expect(&in, ERR_INVALID, "required", "country");
	in.country = "FR";
	expect(&in, ERR_INVALID, "invalid", "country");
	in.country = "IRN";
	expect(&in, ERR_INVALID, "invalid", "country");
}

UNIT_TEST(test_names)
{
	UNUSED(state);
	struct student_input in = ir_student();
	struct student_new s;
	struct problem p = {0};
	/* Arabic yeh and kaf become Persian; spaces collapse. */
	in.given_name = "\xd8\xb9\xd9\x84\xd9\x8a"; /* علي, Arabic yeh */
	in.family_name = "  \xd9\x83\xd8\xb1\xd9\x85\xdb\x8c   \xd9\x86\xda\x98\xd8\xa7\xd8\xaf ";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.given_name, "\xd8\xb9\xd9\x84\xdb\x8c");
	assert_string_equal(s.family_name,
			    "\xda\xa9\xd8\xb1\xd9\x85\xdb\x8c \xd9\x86\xda\x98\xd8\xa7\xd8\xaf");
	/* Unicode NFC: e + combining marks is one letter; the search keys
	 * fold case and marks, "family given" with birth date and sex. */
	in = ir_student();
	in.country = "VN";
	in.national_id = NULL;
	in.given_name = "V\xc4\x83n An";
	in.family_name = "Nguye\xcc\x82\xcc\x83n";
	in.sex = "male";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.family_name, "Nguy\xe1\xbb\x85n");
	assert_string_equal(s.key_fg, "nguyen van an");
	assert_string_equal(s.key_gf, "van an nguyen");
	assert_string_equal(s.dup_key, "nguyen van an 2014-05-02M");
	/* Required, and at most 100 characters. */
	in = ir_student();
	in.given_name = NULL;
	expect(&in, ERR_INVALID, "required", "given_name");
	in.given_name = "   ";
	expect(&in, ERR_INVALID, "required", "given_name");
	in.given_name = "Sara";
	in.family_name = "";
	expect(&in, ERR_INVALID, "required", "family_name");
	char name[128];
	memset(name, 'a', 100);
	name[100] = '\0';
	in.family_name = name;
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	name[100] = 'a';
	name[101] = '\0';
	expect(&in, ERR_INVALID, "too_long", "family_name");
	in.family_name = "bad \xc0\x80 text";
	expect(&in, ERR_INVALID, "invalid", "family_name");
}

UNIT_TEST(test_birth_date_and_sex)
{
	UNUSED(state);
	struct student_input in = ir_student();
	struct student_new s;
	struct problem p = {0};
	in.birth_date = FA2 FA0 FA1 FA4 "-" FA0 FA5 "-" FA0 FA2;
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.birth_date, "2014-05-02");
	in.birth_date = "2014-02-30";
	expect(&in, ERR_INVALID, "invalid", "birth_date");
	in.birth_date = "2014-5-2";
	expect(&in, ERR_INVALID, "invalid", "birth_date");
	in.birth_date = "1949-12-31";
	expect(&in, ERR_INVALID, "out_of_range", "birth_date");
	in.birth_date = "1950-01-01";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	/* Tomorrow is in the future wherever the server is. */
	char tomorrow[32];
	time_iso8601(time_now_unix() + 2 * 86400, tomorrow, sizeof(tomorrow));
	tomorrow[10] = '\0';
	in.birth_date = tomorrow;
	expect(&in, ERR_INVALID, "out_of_range", "birth_date");
	in.birth_date = NULL;
	expect(&in, ERR_INVALID, "required", "birth_date");

	in = ir_student();
	in.sex = "female";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.sex, "F");
	in.sex = "m";
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.sex, "M");
	in.sex = "x";
	expect(&in, ERR_INVALID, "invalid", "sex");
	in.sex = NULL;
	expect(&in, ERR_INVALID, "required", "sex");
}

UNIT_TEST(test_placement)
{
	UNUSED(state);
	struct student_input in = ir_student();
	struct student_new s;
	struct problem p = {0};
	in.class_name = "5" FA1;
	assert_int_equal(student_prepare(&in, &s, &p), ERR_OK);
	assert_string_equal(s.school, "S1");
	assert_int_equal(s.grade, 5);
	assert_int_equal(s.school_year, 2025);
	assert_string_equal(s.class_name, "51");
	in.school = NULL;
	expect(&in, ERR_INVALID, "required", "school");
	in.school = "S1";
	in.grade = 0;
	expect(&in, ERR_INVALID, "out_of_range", "grade");
	in.grade = 13;
	expect(&in, ERR_INVALID, "out_of_range", "grade");
	in.grade = 12;
	in.school_year = NULL;
	expect(&in, ERR_INVALID, "required", "school_year");
	in.school_year = "2025-2027";
	expect(&in, ERR_INVALID, "invalid", "school_year");
	/* Identity comes first. */
	in.sex = "x";
	expect(&in, ERR_INVALID, "invalid", "sex");
}

UNIT_TEST(test_grade_fits)
{
	UNUSED(state);
	struct grade_case {
		const char *school_country, *level, *student_country;
		int lo, hi; /* the grades it teaches */
	} cases[] = {
		{"IR", "primary", "IR", 1, 6},
		{"VN", "primary", "VN", 1, 5},
		{"IR", "lower_secondary", "IR", 7, 9},
		{"VN", "lower_secondary", "VN", 6, 9},
		{"IR", "upper_secondary", "IR", 10, 12},
		{"VN", "upper_secondary", "VN", 10, 12},
		{"IR", "", "IR", 1, 12},
		/* A school without a country of its own: the student's counts. */
		{"", "primary", "VN", 1, 5},
		{"", "primary", "IR", 1, 6},
		/* The school's country wins over the student's. */
		{"IR", "lower_secondary", "VN", 7, 9},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct grade_case *k = &cases[i];
		struct org_ref school = {.id = 1, .kind = "school"};
		snprintf(school.country, sizeof(school.country), "%s", k->school_country);
		snprintf(school.level, sizeof(school.level), "%s", k->level);
		for (int g = 0; g <= 13; g++) {
			struct problem p = {0};
			int rc = student_grade_fits(&school, k->student_country, g, &p);
			bool taught = g >= k->lo && g <= k->hi;
			if (rc != (taught ? ERR_OK : ERR_INVALID))
				fail_msg("case %zu grade %d: rc %d", i, g, rc);
			if (!taught) {
				assert_problem(p, "grade_not_taught", "grade");
			}
		}
	}
}

UNIT_TEST(test_date_parse)
{
	UNUSED(state);
	char out[11];
	struct problem p = {0};
	assert_int_equal(student_date_parse("2025-09-23", "date", out, &p), ERR_OK);
	assert_string_equal(out, "2025-09-23");
	assert_int_equal(student_date_parse(FA2 FA0 FA2 FA5 "-" FA0 "9-" FA2 "3", "date", out, &p),
			 ERR_OK);
	assert_string_equal(out, "2025-09-23");
	assert_int_equal(student_date_parse("2025-02-29", "start_date", out, &p), ERR_INVALID);
	assert_problem(p, "invalid", "start_date");
	assert_int_equal(student_date_parse("23/09/2025", "date", out, &p), ERR_INVALID);
	assert_int_equal(student_date_parse(NULL, "date", out, &p), ERR_INVALID);
}

UNIT_TEST(test_edit_prepare)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct actor by = {.ip = "-", .arena = &a};
	struct student_edit x = {.id = 7, .by = &by};
	char name[] = "Maryam";
	struct student_input in = {.given_name = name, .sex = "F"};
	assert_int_equal(student_edit_prepare(&x, &in), ERR_OK);
	/* Copied: the body the strings came from dies before the write. */
	assert_ptr_not_equal(x.in.given_name, name);
	name[0] = 'X';
	assert_string_equal(x.in.given_name, "Maryam");
	assert_string_equal(x.in.sex, "F");
	assert_null(x.in.family_name);
	assert_null(x.in.school);
	/* Placement changes go through enrolments and transfers. */
	const char *fields[] = {"school", "grade", "school_year", "school_year"};
	for (int i = 0; i < 4; i++) {
		struct student_input bad = {.given_name = "Maryam"};
		if (i == 0)
			bad.school = "S2";
		else if (i == 1)
			bad.grade = 3;
		else if (i == 2)
			bad.school_year = "2026-2027";
		else
			bad.class_name = "3A";
		struct student_edit y = {.id = 7, .by = &by};
		assert_int_equal(student_edit_prepare(&y, &bad), ERR_INVALID);
		assert_string_equal(y.p.code, "use_enrolments");
		assert_string_equal(y.p.field, fields[i]);
	}
	arena_release(&a);
}

UNIT_MAIN()
