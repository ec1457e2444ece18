/* Unit tests of src/domain/gradebook.c: the stored encoding, which
 * assessments each policy takes, value checks, and the results computed
 * from a row. */
#include "unit.h"

#include "core/err.h"
#include "domain/gradebook.h"

static void test_encode_round_trip(void **state)
{
	(void)state;
	struct gb_row r, back;
	gb_row_init(&r);
	char text[GB_TEXT_MAX];
	assert_int_equal(gb_encode(&r, text), 0);
	assert_string_equal(text, "");
	r.v[0][GB_R1] = 800;
	r.v[0][GB_R2] = 750;
	r.v[0][GB_MIDTERM] = 850;
	r.v[0][GB_FINAL] = 900;
	r.v[1][GB_R1] = 0;
	assert_int_equal(gb_encode(&r, text), strlen("1=800,2=750,m=850,f=900|1=0"));
	assert_string_equal(text, "1=800,2=750,m=850,f=900|1=0");
	assert_int_equal(gb_decode(text, strlen(text), &back), ERR_OK);
	assert_memory_equal(&r, &back, sizeof(r));
	/* Only term II filled keeps its separator. */
	gb_row_init(&r);
	r.v[1][GB_SCORE] = 1925;
	gb_encode(&r, text);
	assert_string_equal(text, "|s=1925");
	assert_int_equal(gb_decode(text, strlen(text), &back), ERR_OK);
	assert_int_equal(back.v[1][GB_SCORE], 1925);
	assert_int_equal(back.v[0][GB_SCORE], GB_NONE);
	/* Every slot of both terms at its widest fits GB_TEXT_MAX. */
	for (int k = 0; k < GB_TERMS; k++)
		for (int i = 0; i < GB__SLOTS; i++)
			r.v[k][i] = 999999;
	assert_true(gb_encode(&r, text) < GB_TEXT_MAX);
}

static void test_decode_refuses_garbage(void **state)
{
	(void)state;
	struct gb_row r;
	const char *bad[] = { "x=1", "1=", "1=8a", "1=1|2=2|3=3", "m:5", "1=1234567", "=5" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(gb_decode(bad[i], strlen(bad[i]), &r), ERR_INVALID);
}

static void test_slots_per_policy(void **state)
{
	(void)state;
	struct problem p;
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, true, GB_FINAL, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, true, GB_PASS, &p), ERR_INVALID);
	assert_string_equal(p.code, "wrong_assessment");
	assert_string_equal(p.field, "assessment");
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, false, GB_PASS, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, false, GB_R1, &p), ERR_INVALID);
	assert_int_equal(gb_slot_check(POLICY_VN_TT27, true, GB_TEST, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_VN_TT27, false, GB_TEST, &p), ERR_INVALID);
	assert_int_equal(gb_slot_check(POLICY_IR_DESCRIPTIVE, false, GB_LEVEL, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_IR_20, true, GB_SCORE, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_IR_20, true, GB_FINAL, &p), ERR_INVALID);
	assert_int_equal(gb_slot_parse("regular6"), GB_R6);
	assert_int_equal(gb_slot_parse("regular7"), -1);
}

static void test_values(void **state)
{
	(void)state;
	struct problem p;
	int v;
	json_t *j = json_real(8.5);
	assert_int_equal(gb_value_read(POLICY_VN_TT22, GB_FINAL, j, "grades[0].value", &v, &p), ERR_OK);
	assert_int_equal(v, 850);
	json_decref(j);
	j = json_real(8.25);
	assert_int_equal(gb_value_read(POLICY_VN_TT22, GB_FINAL, j, "grades[3].value", &v, &p),
			 ERR_INVALID);
	assert_string_equal(p.code, "too_precise");
	assert_string_equal(p.field, "grades[3].value");
	assert_int_equal(gb_value_read(POLICY_IR_20, GB_SCORE, j, "f", &v, &p), ERR_OK);
	assert_int_equal(v, 825);
	json_decref(j);
	j = json_integer(21);
	assert_int_equal(gb_value_read(POLICY_IR_20, GB_SCORE, j, "f", &v, &p), ERR_INVALID);
	assert_string_equal(p.code, "out_of_range");
	json_decref(j);
	j = json_string("needs_effort");
	assert_int_equal(gb_value_read(POLICY_IR_DESCRIPTIVE, GB_LEVEL, j, "f", &v, &p), ERR_OK);
	assert_int_equal(v, IRD_NEEDS_EFFORT);
	assert_int_equal(gb_value_read(POLICY_VN_TT27, GB_LEVEL, j, "f", &v, &p), ERR_INVALID);
	assert_string_equal(p.code, "unknown_value");
	json_decref(j);
	assert_int_equal(gb_value_read(POLICY_VN_TT22, GB_PASS, json_null(), "f", &v, &p), ERR_OK);
	assert_int_equal(v, GB_NONE);
}

static void test_results(void **state)
{
	(void)state;
	struct gb_row r;
	struct gb_subject_result res;
	gb_row_init(&r);
	/* Term I: (9 + 2*8 + 3*7) / 6 = 7.67 -> 7.7; term II: (9 + 16 + 27) / 6 -> 8.7. */
	for (int k = 0; k < 2; k++) {
		r.v[k][GB_R1] = 900;
		r.v[k][GB_MIDTERM] = 800;
		r.v[k][GB_FINAL] = k ? 900 : 700;
	}
	gb_subject_result(POLICY_VN_TT22, true, &r, &res);
	assert_int_equal(res.term[0], 770);
	assert_int_equal(res.term[1], 870);
	assert_int_equal(res.year, 840);
	/* No final yet: no term average. */
	r.v[1][GB_FINAL] = GB_NONE;
	gb_subject_result(POLICY_VN_TT22, true, &r, &res);
	assert_int_equal(res.term[1], GB_NONE);
	assert_int_equal(res.year, GB_NONE);

	/* Six scored subjects >= 8 and one Đạt: Tốt; one commented failed: Đạt at best. */
	struct gb_mark m[7];
	for (int i = 0; i < 6; i++)
		m[i] = (struct gb_mark){ .scored = true, .value = 850, .test = GB_NONE };
	m[6] = (struct gb_mark){ .scored = false, .value = 1, .test = GB_NONE };
	struct gb_overall o;
	gb_overall(POLICY_VN_TT22, 7, m, &o);
	assert_true(o.complete);
	assert_string_equal(o.result, "tot");
	m[6].value = 0;
	gb_overall(POLICY_VN_TT22, 7, m, &o);
	assert_string_equal(o.result, "dat");
	assert_int_equal(o.flagged, 1u << 6);
	m[2].value = GB_NONE;
	gb_overall(POLICY_VN_TT22, 7, m, &o);
	assert_false(o.complete);
	assert_string_equal(o.result, "incomplete");

	/* ir-20: weighted by units, failing below 10. */
	struct gb_mark ir[2] = { { .scored = true, .units = 3, .value = 1800, .test = GB_NONE },
				 { .scored = true, .units = 1, .value = 950, .test = GB_NONE } };
	gb_overall(POLICY_IR_20, 2, ir, &o);
	assert_int_equal(o.average, 1588); /* (5400 + 950) / 4 = 1587.5 -> 15.88 */
	assert_string_equal(o.result, "failed");
	assert_int_equal(o.flagged, 2);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_decode_refuses_garbage),
		cmocka_unit_test(test_slots_per_policy),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
