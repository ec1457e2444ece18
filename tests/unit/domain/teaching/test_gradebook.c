/* Unit tests of src/domain/gradebook.c: the stored encoding, which
 * assessments each policy takes, value checks, and the results computed
 * from a row. */
#include "unit.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/teaching/gradebook.h"

UNIT_TEST(test_encode_round_trip)
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

UNIT_TEST(test_decode_refuses_garbage)
{
	(void)state;
	struct gb_row r;
	const char *bad[] = {"x=1", "1=", "1=8a", "1=1|2=2|3=3", "m:5", "1=1234567", "=5"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(gb_decode(bad[i], strlen(bad[i]), &r), ERR_INVALID);
}

UNIT_TEST(test_slots_per_policy)
{
	(void)state;
	struct problem p;
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, true, GB_FINAL, &p), ERR_OK);
	assert_int_equal(gb_slot_check(POLICY_VN_TT22, true, GB_PASS, &p), ERR_INVALID);
	assert_problem(p, "wrong_assessment", "assessment");
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

UNIT_TEST(test_values)
{
	(void)state;
	struct problem p;
	int v;
	json_t *j = json_real(8.5);
	assert_int_equal(gb_value_read(POLICY_VN_TT22, GB_FINAL, j, "grades[0].value", &v, &p),
			 ERR_OK);
	assert_int_equal(v, 850);
	json_decref(j);
	j = json_real(8.25);
	assert_int_equal(gb_value_read(POLICY_VN_TT22, GB_FINAL, j, "grades[3].value", &v, &p),
			 ERR_INVALID);
	assert_problem(p, "too_precise", "grades[3].value");
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

UNIT_TEST(test_results)
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
		m[i] = (struct gb_mark){.scored = true, .value = 850, .test = GB_NONE};
	m[6] = (struct gb_mark){.scored = false, .value = 1, .test = GB_NONE};
	struct gb_overall o;
	gb_overall(POLICY_VN_TT22, 7, m, NULL, &o);
	assert_true(o.complete);
	assert_string_equal(o.result, "tot");
	m[6].value = 0;
	gb_overall(POLICY_VN_TT22, 7, m, NULL, &o);
	assert_string_equal(o.result, "dat");
	assert_int_equal(o.flagged, 1u << 6);
	m[2].value = GB_NONE;
	gb_overall(POLICY_VN_TT22, 7, m, NULL, &o);
	assert_false(o.complete);
	assert_string_equal(o.result, "incomplete");

	/* ir-20: weighted by units, failing below 10. */
	struct gb_mark ir[2] = {{.scored = true, .units = 3, .value = 1800, .test = GB_NONE},
				{.scored = true, .units = 1, .value = 950, .test = GB_NONE}};
	gb_overall(POLICY_IR_20, 2, ir, NULL, &o);
	assert_int_equal(o.average, 1588); /* (5400 + 950) / 4 = 1587.5 -> 15.88 */
	assert_string_equal(o.result, "failed");
	assert_int_equal(o.flagged, 2);
}

UNIT_TEST(test_qualities_encoding)
{
	(void)state;
	struct gb_qualities q, back;
	char text[GB_QUALITIES_TEXT];
	gb_qualities_init(&q);
	assert_int_equal(gb_qualities_encode(&q, text), GB_QUALITIES_TEXT - 1);
	assert_string_equal(text, "---------------|---------------");
	q.v[0][0] = TT27_TOT;
	q.v[0][14] = TT27_CCG;
	q.v[1][7] = TT27_DAT;
	gb_qualities_encode(&q, text);
	assert_string_equal(text, "0-------------2|-------1-------");
	assert_int_equal(gb_qualities_decode(text, strlen(text), &back), ERR_OK);
	assert_memory_equal(&q, &back, sizeof(q));
	/* Empty text, and a term shorter than the list: the rest unrated. */
	assert_int_equal(gb_qualities_decode("", 0, &back), ERR_OK);
	assert_int_equal(back.v[1][3], GB_NONE);
	assert_int_equal(gb_qualities_decode("01|2", 4, &back), ERR_OK);
	assert_int_equal(back.v[0][1], TT27_DAT);
	assert_int_equal(back.v[0][2], GB_NONE);
	assert_int_equal(back.v[1][0], TT27_CCG);
	const char *bad[] = {"3", "0|0|0", "0000000000000000", "x", "0,1"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(gb_qualities_decode(bad[i], strlen(bad[i]), &back), ERR_INVALID);
		assert_int_equal(back.v[0][0], GB_NONE); /* left empty */
	}
	/* Names: the order the stored text depends on. */
	assert_string_equal(tt27_quality_name(0), "yeu_nuoc");
	assert_string_equal(tt27_quality_name(TT27_QUALITIES_REQUIRED - 1), "giai_quyet_van_de");
	assert_string_equal(tt27_quality_name(GB_QUALITIES - 1), "the_chat");
	assert_null(tt27_quality_name(GB_QUALITIES));
	assert_int_equal(tt27_quality_parse("tin_hoc"), 12);
	assert_int_equal(tt27_quality_parse("tin"), -1);
}

UNIT_TEST(test_qualities_read)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024, 0);
	struct problem p;
	int levels[GB_QUALITIES];
	bool set[GB_QUALITIES];
	json_t *j = json_pack("{s:s, s:s, s:n}", "yeu_nuoc", "tot", "the_chat", "can_co_gang",
			      "nhan_ai");
	assert_int_equal(gb_qualities_read(j, "grades[0].value", &a, levels, set, &p), ERR_OK);
	assert_true(set[0] && set[1] && set[14]);
	assert_false(set[2]);
	assert_int_equal(levels[0], TT27_TOT);
	assert_int_equal(levels[1], GB_NONE);
	assert_int_equal(levels[14], TT27_CCG);
	json_decref(j);
	j = json_pack("{s:s}", "yeu_nuoc", "kha");
	assert_int_equal(gb_qualities_read(j, "grades[2].value", &a, levels, set, &p), ERR_INVALID);
	assert_problem(p, "unknown_value", "grades[2].value.yeu_nuoc");
	json_decref(j);
	j = json_pack("{s:s}", "dung_cam", "tot");
	assert_int_equal(gb_qualities_read(j, "v", &a, levels, set, &p), ERR_INVALID);
	assert_string_equal(p.field, "v.dung_cam");
	json_decref(j);
	j = json_pack("{s:i}", "yeu_nuoc", 1);
	assert_int_equal(gb_qualities_read(j, "v", &a, levels, set, &p), ERR_INVALID);
	assert_string_equal(p.code, "type");
	json_decref(j);
	j = json_object();
	assert_int_equal(gb_qualities_read(j, "v", &a, levels, set, &p), ERR_INVALID);
	assert_string_equal(p.code, "required");
	json_decref(j);
	j = json_string("tot");
	assert_int_equal(gb_qualities_read(j, "v", &a, levels, set, &p), ERR_INVALID);
	assert_problem(p, "type", "v");
	json_decref(j);
	arena_release(&a);
}

UNIT_TEST(test_comments)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096, 0);
	struct problem p;
	const char *out = "unset";
	assert_true(gb_policy_comments(POLICY_VN_TT27));
	assert_true(gb_policy_comments(POLICY_IR_DESCRIPTIVE));
	assert_false(gb_policy_comments(POLICY_VN_TT22));
	assert_false(gb_policy_comments(POLICY_IR_20));
	json_t *j = json_string("  Đọc lưu loát,\nviết đúng chính tả.\t ");
	assert_int_equal(gb_comment_read(j, "c", &a, &out, &p), ERR_OK);
	assert_string_equal(out, "Đọc lưu loát,\nviết đúng chính tả.");
	json_decref(j);
	/* Blank or null: erase. */
	j = json_string(" \n ");
	assert_int_equal(gb_comment_read(j, "c", &a, &out, &p), ERR_OK);
	assert_null(out);
	json_decref(j);
	out = "unset";
	assert_int_equal(gb_comment_read(json_null(), "c", &a, &out, &p), ERR_OK);
	assert_null(out);
	j = json_string("a\001b");
	assert_int_equal(gb_comment_read(j, "grades[1].comment", &a, &out, &p), ERR_INVALID);
	assert_problem(p, "invalid", "grades[1].comment");
	json_decref(j);
	/* 2000 characters (here two bytes each) pass, 2001 do not. */
	char long_text[2 * 2001 + 1];
	for (int i = 0; i < 2001; i++)
		memcpy(long_text + 2 * i, "\xc3\xa9", 2);
	j = json_stringn(long_text, 2 * 2000);
	assert_int_equal(gb_comment_read(j, "c", &a, &out, &p), ERR_OK);
	json_decref(j);
	j = json_stringn(long_text, 2 * 2001);
	assert_int_equal(gb_comment_read(j, "c", &a, &out, &p), ERR_INVALID);
	assert_string_equal(p.code, "too_long");
	json_decref(j);
	j = json_integer(5);
	assert_int_equal(gb_comment_read(j, "c", &a, &out, &p), ERR_INVALID);
	assert_string_equal(p.code, "type");
	json_decref(j);
	arena_release(&a);
}

/* vn-tt27: the qualities take part in the outcome and its completeness. */
UNIT_TEST(test_tt27_outcome_with_qualities)
{
	(void)state;
	struct gb_mark m[2] = {{.scored = true, .value = TT27_HTT, .test = 1000},
			       {.scored = false, .value = TT27_HTT, .test = GB_NONE}};
	int q[GB_QUALITIES];
	for (int i = 0; i < GB_QUALITIES; i++)
		q[i] = i < TT27_QUALITIES_REQUIRED ? TT27_TOT : GB_NONE;
	struct gb_overall o;
	/* No qualities: incomplete, whatever the subjects say. */
	gb_overall(POLICY_VN_TT27, 2, m, NULL, &o);
	assert_false(o.complete);
	assert_string_equal(o.result, "incomplete");
	/* The required ones all Tốt, test 10: Hoàn thành xuất sắc. */
	gb_overall(POLICY_VN_TT27, 2, m, q, &o);
	assert_true(o.complete);
	assert_string_equal(o.result, "hoan_thanh_xuat_sac");
	/* A specific competence rated Đạt counts: Hoàn thành, not tốt. */
	q[12] = TT27_DAT;
	gb_overall(POLICY_VN_TT27, 2, m, q, &o);
	assert_string_equal(o.result, "hoan_thanh");
	/* Cần cố gắng in a quality: Chưa hoàn thành, with every subject HTT. */
	q[12] = GB_NONE;
	q[3] = TT27_CCG;
	gb_overall(POLICY_VN_TT27, 2, m, q, &o);
	assert_string_equal(o.result, "chua_hoan_thanh");
	assert_int_equal(o.flagged, 0);
	/* A required one missing: incomplete again. */
	q[3] = GB_NONE;
	gb_overall(POLICY_VN_TT27, 2, m, q, &o);
	assert_false(o.complete);
	/* Other policies ignore them. */
	struct gb_mark ird = {.value = IRD_GOOD, .test = GB_NONE};
	gb_overall(POLICY_IR_DESCRIPTIVE, 1, &ird, NULL, &o);
	assert_string_equal(o.result, "promoted");
}

UNIT_MAIN()
