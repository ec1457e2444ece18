/* Unit tests of src/domain/grading.c: the policy packs, from worked examples,
 * including rounding at .x5 and at values binary floating point gets wrong. */
#include "unit.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/teaching/grading.h"

/* Evaluate `body` under `policy`; on success returns the answer. */
static json_t *eval(const char *policy, const char *body, int want_rc, struct problem *p)
{
	json_error_t e;
	json_t *in = json_loads(body, 0, &e);
	assert_non_null(in);
	/* The problem's field text lives in the arena: keep it until the next call. */
	static struct arena a;
	static bool used;
	if (used)
		arena_release(&a);
	arena_init(&a, 4096, 0);
	used = true;
	json_t *out = NULL;
	int id = policy_parse(policy);
	assert_true(id >= 0);
	memset(p, 0, sizeof(*p));
	int rc = policy_evaluate((enum policy_id)id, in, &a, &out, p);
	json_decref(in);
	assert_int_equal(rc, want_rc);
	if (rc)
		assert_null(out);
	return out;
}

/* The value at a path like "subjects/0/terms/1", printed as the API does. */
static char *at(json_t *j, const char *path)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", path);
	json_t *v = j;
	for (char *save = NULL, *tok = strtok_r(buf, "/", &save); tok && v;
	     tok = strtok_r(NULL, "/", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, (size_t)strtoul(tok, NULL, 10));
		else
			v = json_object_get(v, tok);
	}
	assert_non_null(v);
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(10));
}

#define assert_at(j, path, want)                   \
	do {                                       \
		char *got_ = at((j), (path));      \
		assert_string_equal(got_, (want)); \
		free(got_);                        \
	} while (0)

UNIT_TEST(test_rounding)
{
	UNUSED(state);
	/* Half-up to one decimal and two decimals, exactly. */
	assert_int_equal(dec_div_round(6760, 8, 10), 850); /* 8.45 -> 8.5 */
	assert_int_equal(dec_div_round(6700, 8, 10), 840); /* 8.375 -> 8.4 */
	assert_int_equal(dec_div_round(3690, 6, 10),
			 620); /* 6.15 -> 6.2 (a double says 6.1499..) */
	assert_int_equal(dec_div_round(3300, 6, 10), 550); /* 5.5 */
	assert_int_equal(dec_div_round(330, 6, 10), 60);   /* 0.55 -> 0.6 */
	assert_int_equal(dec_div_round(2001, 2, 1), 1001); /* 10.005 -> 10.01 */
	assert_int_equal(dec_div_round(2000, 3, 10), 670); /* 6.666.. -> 6.7 */
	assert_int_equal(dec_div_round(0, 7, 10), 0);
	assert_int_equal(dec_div_round(1000, 1, 10), 1000);
}

UNIT_TEST(test_tt22_term_average)
{
	UNUSED(state);
	struct tt22_scores a = {3, {800, 900, 700}, 800, 900};
	assert_int_equal(tt22_term_average(&a), 840); /* 67 / 8 = 8.375 */
	struct tt22_scores b = {3, {800, 900, 880}, 800, 860};
	assert_int_equal(tt22_term_average(&b), 850); /* 67.6 / 8 = 8.45 */
	struct tt22_scores c = {5, {750, 700, 700, 700, 700}, 700, 700};
	assert_int_equal(tt22_term_average(&c), 710); /* 70.5 / 10 = 7.05 */
	struct tt22_scores d = {1, {690}, 600, 600};
	assert_int_equal(tt22_term_average(&d), 620); /* 36.9 / 6 = 6.15 */
	struct tt22_scores e = {2, {1000, 1000}, 1000, 1000};
	assert_int_equal(tt22_term_average(&e), 1000);
	struct tt22_scores z = {2, {0, 0}, 0, 0};
	assert_int_equal(tt22_term_average(&z), 0);
	assert_int_equal(tt22_year_average(840, 850), 850); /* 25.4 / 3 = 8.466.. */
	assert_int_equal(tt22_year_average(700, 650), 670); /* 20 / 3 */
	assert_int_equal(tt22_year_average(610, 610), 610);
	assert_int_equal(tt22_year_average(1000, 1000), 1000);
}

UNIT_TEST(test_tt22_levels)
{
	UNUSED(state);
	int all8[8] = {800, 800, 800, 800, 800, 800, 650, 700};
	struct tt22_standing s = {8, all8, 2, 0};
	assert_int_equal(tt22_result(&s), TT22_TOT);
	s.commented_failed = 1; /* a commented subject failed: at best Đạt */
	assert_int_equal(tt22_result(&s), TT22_DAT);
	s.commented_failed = 2;
	assert_int_equal(tt22_result(&s), TT22_CHUA_DAT);
	int kha[8] = {800, 800, 800, 800, 800, 640, 650, 700}; /* one below 6.5 */
	struct tt22_standing k = {8, kha, 0, 0};
	assert_int_equal(tt22_result(&k), TT22_KHA);
	int five[8] = {650, 650, 650, 650, 650, 500, 500, 490}; /* one below 5 */
	struct tt22_standing f = {8, five, 0, 0};
	assert_int_equal(tt22_result(&f), TT22_DAT);
	int low[8] = {900, 900, 900, 900, 900, 900, 900, 340}; /* one below 3.5 */
	struct tt22_standing l = {8, low, 0, 0};
	assert_int_equal(tt22_result(&l), TT22_CHUA_DAT);
	int few[5] = {900, 900, 900, 900, 900}; /* fewer than six subjects at 8 */
	struct tt22_standing w = {5, few, 0, 0};
	assert_int_equal(tt22_result(&w), TT22_CHUA_DAT);
	assert_string_equal(tt22_level_code(TT22_KHA), "kha");
}

UNIT_TEST(test_tt22_evaluate)
{
	UNUSED(state);
	struct problem p;
	json_t *out = eval("vn-tt22",
			   "{\"subjects\":["
			   "{\"subject\":\"toan\",\"scored\":true,\"terms\":["
			   "{\"regular\":[8,9,7],\"midterm\":8,\"final\":9},"
			   "{\"regular\":[8,9,8.8],\"midterm\":8,\"final\":8.6}]},"
			   "{\"subject\":\"van\",\"scored\":true,\"terms\":["
			   "{\"regular\":[6.9],\"midterm\":6,\"final\":6},"
			   "{\"regular\":[7.5,7,7,7,7],\"midterm\":7,\"final\":7}]},"
			   "{\"subject\":\"the_duc\",\"scored\":false,\"terms\":["
			   "{\"pass\":false},{\"pass\":true}]}]}",
			   ERR_OK, &p);
	assert_at(out, "policy", "\"vn-tt22\"");
	assert_at(out, "subjects/0/terms", "[8.4,8.5]");
	assert_at(out, "subjects/0/year", "8.5");
	assert_at(out, "subjects/1/terms", "[6.2,7.1]");
	assert_at(out, "subjects/1/year", "6.8"); /* (6.2 + 14.2) / 3 = 6.8 */
	assert_at(out, "subjects/2/terms", "[\"chua_dat\",\"dat\"]");
	assert_at(out, "subjects/2/year", "\"dat\""); /* the year follows term II */
	/* Two scored subjects cannot make the six the circular asks for. */
	assert_at(out, "result/year/level", "\"chua_dat\"");
	json_decref(out);

	/* One term only: no year yet. */
	out = eval("vn-tt22",
		   "{\"subjects\":[{\"subject\":\"toan\",\"scored\":true,\"terms\":["
		   "{\"regular\":[10,10],\"midterm\":10,\"final\":10}]}]}",
		   ERR_OK, &p);
	assert_at(out, "subjects/0/terms", "[10.0]");
	assert_at(out, "subjects/0/year", "null");
	assert_at(out, "result/year", "null");
	json_decref(out);
}

UNIT_TEST(test_tt22_full_class)
{
	UNUSED(state);
	/* Eight scored subjects, all 8.0 or more in both terms, two commented
	 * subjects passed: Tốt for both terms and the year. */
	char body[4096];
	size_t n = (size_t)snprintf(body, sizeof(body), "{\"subjects\":[");
	for (int i = 0; i < 8; i++) {
		n += (size_t)snprintf(body + n, sizeof(body) - n,
				      "%s{\"subject\":\"s%d\",\"scored\":true,\"terms\":["
				      "{\"regular\":[8,9],\"midterm\":8,\"final\":8.5},"
				      "{\"regular\":[9,9,9],\"midterm\":8.5,\"final\":9}]}",
				      i ? "," : "", i);
	}
	snprintf(
		body + n, sizeof(body) - n,
		",{\"subject\":\"c1\",\"scored\":false,\"terms\":[{\"pass\":true},{\"pass\":true}]}"
		",{\"subject\":\"c2\",\"scored\":false,\"terms\":[{\"pass\":true},{\"pass\":true}]}"
		"]}");
	struct problem p;
	json_t *out = eval("vn-tt22", body, ERR_OK, &p);
	assert_at(out, "subjects/0/terms", "[8.4,8.9]"); /* 58.5 / 7 and 71 / 8 */
	assert_at(out, "result/terms/0/level", "\"tot\"");
	assert_at(out, "result/terms/1/level", "\"tot\"");
	assert_at(out, "result/year/level", "\"tot\"");
	assert_at(out, "result/year/label", "\"Tốt\"");
	json_decref(out);
}

struct bad_case {
	const char *policy, *body, *code, *field;
};

static const struct bad_case bad_cases[] = {
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":true,\"terms\":[{\"regular\":[8],"
	 "\"midterm\":8,\"final\":10.5}]}]}",
	 "out_of_range", "subjects[0].terms[0].final"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":true,\"terms\":[{\"regular\":[8.25],"
	 "\"midterm\":8,\"final\":9}]}]}",
	 "too_precise", "subjects[0].terms[0].regular[0]"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":true,\"terms\":[{\"regular\":[8],"
	 "\"midterm\":\"8\",\"final\":9}]}]}",
	 "type", "subjects[0].terms[0].midterm"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":true,\"terms\":[{\"regular\":[-1],"
	 "\"midterm\":8,\"final\":9}]}]}",
	 "out_of_range", "subjects[0].terms[0].regular[0]"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":true,\"terms\":[{\"regular\":[],\"midterm\":"
	 "8,\"final\":9}]}]}",
	 "count", "subjects[0].terms[0].regular"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"t\",\"scored\":false,\"terms\":[{\"pass\":1}]}]}", "type",
	 "subjects[0].terms[0].pass"},
	{"vn-tt22", "{\"subjects\":[{\"subject\":\"t\",\"terms\":[{\"pass\":true}]}]}", "required",
	 "subjects[0].scored"},
	{"vn-tt22",
	 "{\"subjects\":[{\"subject\":\"a\",\"scored\":false,\"terms\":[{\"pass\":true}]},"
	 "{\"subject\":\"b\",\"scored\":false,\"terms\":[{\"pass\":true},{\"pass\":true}]}]}",
	 "count", "subjects[1].terms"},
	{"vn-tt22", "{\"subjects\":[]}", "count", "subjects"},
	{"vn-tt22", "{}", "required", "subjects"},
	{"vn-tt22", "[]", "type", NULL},
	{"vn-tt27", "{\"subjects\":[{\"subject\":\"toan\",\"level\":\"hoan_thanh\",\"test\":8.5}]}",
	 "too_precise", "subjects[0].test"},
	{"vn-tt27", "{\"subjects\":[{\"subject\":\"toan\",\"level\":\"gioi\"}]}", "unknown_value",
	 "subjects[0].level"},
	{"vn-tt27",
	 "{\"subjects\":[{\"subject\":\"toan\",\"level\":\"hoan_thanh\"}],\"qualities\":[{\"name\":"
	 "\"q\",\"level\":\"kha\"}]}",
	 "unknown_value", "qualities[0].level"},
	{"ir-descriptive", "{\"subjects\":[{\"subject\":\"x\",\"level\":\"excellent\"}]}",
	 "unknown_value", "subjects[0].level"},
	{"ir-20", "{\"subjects\":[{\"subject\":\"x\",\"units\":2,\"score\":20.5}]}", "out_of_range",
	 "subjects[0].score"},
	{"ir-20", "{\"subjects\":[{\"subject\":\"x\",\"units\":2,\"score\":17.125}]}",
	 "too_precise", "subjects[0].score"},
	{"ir-20", "{\"subjects\":[{\"subject\":\"x\",\"units\":0,\"score\":17}]}", "out_of_range",
	 "subjects[0].units"},
	{"ir-20", "{\"subjects\":[{\"units\":1,\"score\":17}]}", "required", "subjects[0].subject"},
};

UNIT_TEST(test_bad_input)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct problem p;
		eval(c->policy, c->body, ERR_INVALID, &p);
		if (strcmp(p.code, c->code))
			fail_msg("case %zu: code %s, want %s", i, p.code, c->code);
		if (c->field)
			assert_string_equal(p.field, c->field);
		else
			assert_null(p.field);
		assert_non_null(p.detail);
	}
}

UNIT_TEST(test_tt27)
{
	UNUSED(state);
	struct problem p;
	const char *q = ",\"qualities\":[{\"name\":\"cham_hoc\",\"level\":\"tot\"}],"
			"\"competences\":[{\"name\":\"tu_chu\",\"level\":\"tot\"}]}";
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"subjects\":[{\"subject\":\"toan\",\"level\":\"hoan_thanh_tot\",\"test\":9},"
		 "{\"subject\":\"tieng_viet\",\"level\":\"hoan_thanh_tot\",\"test\":10},"
		 "{\"subject\":\"dao_duc\",\"level\":\"hoan_thanh_tot\"}]%s",
		 q);
	json_t *out = eval("vn-tt27", body, ERR_OK, &p);
	assert_at(out, "result/outcome", "\"hoan_thanh_xuat_sac\"");
	assert_at(out, "subjects/2/test", "null");
	json_decref(out);

	int levels[2] = {TT27_HTT, TT27_HTT}, tests[2] = {8, 10}, qual[2] = {TT27_TOT, TT27_TOT};
	struct tt27_standing s = {2, levels, tests, 2, qual};
	assert_int_equal(tt27_result(&s), TT27_HOAN_THANH_TOT);
	qual[1] = TT27_DAT;
	assert_int_equal(tt27_result(&s), TT27_HOAN_THANH);
	tests[0] = 5;
	levels[1] = TT27_HT;
	assert_int_equal(tt27_result(&s), TT27_HOAN_THANH);
	tests[0] = 4;
	assert_int_equal(tt27_result(&s), TT27_CHUA_HOAN_THANH);
	tests[0] = 9;
	qual[0] = TT27_CCG;
	assert_int_equal(tt27_result(&s), TT27_CHUA_HOAN_THANH);
	qual[0] = TT27_TOT;
	levels[0] = TT27_CHT;
	assert_int_equal(tt27_result(&s), TT27_CHUA_HOAN_THANH);
}

UNIT_TEST(test_ir)
{
	UNUSED(state);
	struct problem p;
	json_t *out = eval("ir-20",
			   "{\"subjects\":[{\"subject\":\"riazi\",\"units\":3,\"score\":17.25},"
			   "{\"subject\":\"adabiat\",\"units\":2,\"score\":12.5},"
			   "{\"subject\":\"arabi\",\"units\":1,\"score\":9.75}]}",
			   ERR_OK, &p);
	assert_at(out, "result/average", "14.42"); /* 86.5 / 6 = 14.4166.. */
	assert_at(out, "result/outcome", "\"failed\"");
	assert_at(out, "result/failed_subjects", "[\"arabi\"]");
	assert_at(out, "subjects/0/score", "17.25");
	assert_at(out, "subjects/2/passed", "false");
	json_decref(out);

	int scores[2] = {1001, 1000}, units[2] = {1, 1};
	assert_int_equal(ir20_average(2, scores, units), 1001); /* 10.005 -> 10.01 */
	int s3[3] = {1000, 1000, 1001}, u3[3] = {1, 1, 1};
	assert_int_equal(ir20_average(3, s3, u3), 1000); /* 10.0033 */

	out = eval("ir-descriptive",
		   "{\"subjects\":[{\"subject\":\"farsi\",\"level\":\"very_good\",\"comment\":"
		   "\"عالی\"},"
		   "{\"subject\":\"riazi\",\"level\":\"needs_effort\"}]}",
		   ERR_OK, &p);
	assert_at(out, "result/outcome", "\"remedial\"");
	assert_at(out, "result/remedial_subjects", "[\"riazi\"]");
	assert_at(out, "subjects/0/label", "\"خیلی خوب\"");
	assert_at(out, "subjects/0/comment", "\"عالی\"");
	json_decref(out);
	out = eval("ir-descriptive",
		   "{\"subjects\":[{\"subject\":\"farsi\",\"level\":\"acceptable\"}]}", ERR_OK, &p);
	assert_at(out, "result/outcome", "\"promoted\"");
	json_decref(out);
}

UNIT_TEST(test_names)
{
	UNUSED(state);
	assert_int_equal(policy_parse("vn-tt22"), POLICY_VN_TT22);
	assert_int_equal(policy_parse("ir-20"), POLICY_IR_20);
	assert_int_equal(policy_parse("vn-tt23"), -1);
	assert_int_equal(policy_parse(NULL), -1);
	assert_string_equal(policy_name(POLICY_IR_DESCRIPTIVE), "ir-descriptive");
	assert_int_equal(policy_for_school("VN", "primary"), POLICY_VN_TT27);
	assert_int_equal(policy_for_school("VN", "upper_secondary"), POLICY_VN_TT22);
	assert_int_equal(policy_for_school("IR", "primary"), POLICY_IR_DESCRIPTIVE);
	assert_int_equal(policy_for_school("IR", "lower_secondary"), POLICY_IR_20);
	assert_int_equal(policy_for_school("FR", "primary"), -1);
	assert_int_equal(policy_for_school("IR", NULL), -1);
}

UNIT_MAIN()
