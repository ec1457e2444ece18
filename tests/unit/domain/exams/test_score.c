/* Unit tests of src/domain/exams/score.c: scores as text, and the rows of a
 * CSV score file with their faults. */
#include "unit.h"

#include "core/arena.h"
#include "domain/exams/score.h"

UNIT_TEST(test_score_parse)
{
	(void)state;
	int h = -1;
	const struct {
		const char *s;
		int want; /* -1: refused */
	} cases[] = {
		{"7", 700},    {"7.5", 750}, {"7.25", 725},   {"7,25", 725}, {" 10 ", 1000},
		{"0", 0},      {"0.05", 5},  {"10.00", 1000}, {"10.01", -1}, {"11", -1},
		{"7.125", -1}, {"-1", -1},   {"", -1},	      {"7.", -1},    {".5", -1},
		{"seven", -1}, {"7 5", -1},  {"1000", -1},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool ok = exam_score_parse(cases[i].s, &h);
		if (cases[i].want < 0) {
			assert_false(ok);
		} else {
			assert_true(ok);
			assert_int_equal(h, cases[i].want);
		}
	}
	char t[8];
	exam_score_text(725, t);
	assert_string_equal(t, "7.25");
	exam_score_text(1000, t);
	assert_string_equal(t, "10.00");
	exam_score_text(5, t);
	assert_string_equal(t, "0.05");
}

UNIT_TEST(test_scores_csv_rows_and_faults)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096, 1 << 20);
	struct exam_score_rows x = {0};
	const char *csv = "\xEF\xBB\xBFScore, Subject ,candidate_number,extra\r\n"
			  "7.25,math,01000001,x\r\n"
			  "\r\n"
			  "8,physics\r\n"
			  "\"6,5\",literature,01000002,\r\n";
	assert_int_equal(exam_scores_csv(&a, csv, strlen(csv), &x), ERR_OK);
	assert_int_equal(x.n, 2);
	assert_string_equal(x.rows[0].number, "01000001");
	assert_string_equal(x.rows[0].subject, "math");
	assert_string_equal(x.rows[0].score, "7.25");
	assert_int_equal(x.rows[0].line, 2);
	assert_string_equal(x.rows[1].score, "6,5");
	assert_int_equal(x.rows[1].line, 5);
	assert_int_equal(x.problems_total, 1);
	assert_int_equal(x.problems[0].row, 4);
	assert_string_equal(x.problems[0].code, "missing_cell");

	struct exam_score_rows y = {0};
	assert_int_equal(exam_scores_csv(&a, "number,subject,score\n1,math,5\n", 31, &y), ERR_OK);
	assert_int_equal(y.problems_total, 1);
	assert_string_equal(y.problems[0].code, "missing_column");

	struct exam_score_rows z = {0};
	assert_int_equal(exam_scores_csv(&a, "", 0, &z), ERR_OK);
	assert_int_equal(z.problems_total, 1);
	arena_release(&a);
}

UNIT_MAIN()
