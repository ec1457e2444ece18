/*
 * grading.c: the policies' rules on exact decimals (grading.h); the
 * evaluation of scores sent as JSON is policy.c.
 */
#include "core/base.h"
#include "domain/teaching/grading.h"

#include <math.h>

static const char *const policy_names[POLICY__COUNT] = {
	[POLICY_VN_TT22] = "vn-tt22",
	[POLICY_VN_TT27] = "vn-tt27",
	[POLICY_IR_DESCRIPTIVE] = "ir-descriptive",
	[POLICY_IR_20] = "ir-20",
};

int policy_parse(const char *name)
{
	for (int i = 0; i < POLICY__COUNT; i++)
		if (name && !strcmp(name, policy_names[i]))
			return i;
	return -1;
}

const char *policy_name(enum policy_id id)
{
	return (unsigned)id < POLICY__COUNT ? policy_names[id] : "unknown";
}

int policy_for_school(const char *country, const char *level)
{
	if (!country || !level)
		return -1;
	bool primary = !strcmp(level, "primary");
	bool secondary = !strcmp(level, "lower_secondary") || !strcmp(level, "upper_secondary");
	if (!primary && !secondary)
		return -1;
	if (!strcmp(country, "VN"))
		return primary ? POLICY_VN_TT27 : POLICY_VN_TT22;
	if (!strcmp(country, "IR"))
		return primary ? POLICY_IR_DESCRIPTIVE : POLICY_IR_20;
	return -1;
}

/* ---- exact decimals ---- */

int64_t dec_div_round(int64_t n, int64_t d, int unit)
{
	/* round(n / (d * unit)) half-up, for n >= 0 and d > 0, then back to
	 * hundredths: floor((2n + d*unit) / (2 * d * unit)) * unit. */
	int64_t du = d * unit;
	return (2 * n + du) / (2 * du) * unit;
}

enum problem_id dec_from_json(json_t *v, int max, int step, int *out)
{
	int64_t h;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0 || i > max / 100)
			return P_OUT_OF_RANGE;
		h = (int64_t)i * 100;
	} else if (json_is_real(v)) {
		double x = json_real_value(v);
		if (!(x >= 0) || x * 100 > max + 0.5)
			return P_OUT_OF_RANGE;
		h = llround(x * 100);
		if (fabs(x * 100 - (double)h) > 1e-6)
			return P_TOO_PRECISE;
	} else {
		return P_TYPE;
	}
	if (h > max)
		return P_OUT_OF_RANGE;
	if (h % step)
		return P_TOO_PRECISE;
	*out = (int)h;
	return P_NONE;
}

/* ---- vn-tt22 ---- */

int tt22_term_average(const struct tt22_scores *s)
{
	int64_t sum = 2 * (int64_t)s->midterm + 3 * (int64_t)s->final;
	for (int i = 0; i < s->nregular; i++)
		sum += s->regular[i];
	return (int)dec_div_round(sum, s->nregular + 5, 10);
}

int tt22_year_average(int term1, int term2)
{
	return (int)dec_div_round((int64_t)term1 + 2 * (int64_t)term2, 3, 10);
}

enum tt22_level tt22_result(const struct tt22_standing *s)
{
	int below_350 = 0, below_500 = 0, below_650 = 0, from_500 = 0, from_650 = 0, from_800 = 0;
	for (int i = 0; i < s->nscored; i++) {
		int v = s->averages[i];
		below_350 += v < 350;
		below_500 += v < 500;
		below_650 += v < 650;
		from_500 += v >= 500;
		from_650 += v >= 650;
		from_800 += v >= 800;
	}
	if (!s->commented_failed && !below_650 && from_800 >= 6)
		return TT22_TOT;
	if (!s->commented_failed && !below_500 && from_650 >= 6)
		return TT22_KHA;
	if (s->commented_failed <= 1 && from_500 >= 6 && !below_350)
		return TT22_DAT;
	return TT22_CHUA_DAT;
}

static const char *const tt22_codes[] = {"tot", "kha", "dat", "chua_dat"};
static const char *const tt22_labels[] = {"Tốt", "Khá", "Đạt", "Chưa đạt"};

const char *tt22_level_code(enum tt22_level l)
{
	return (unsigned)l < ARRAY_SIZE(tt22_codes) ? tt22_codes[l] : NULL;
}

const char *tt22_level_label(enum tt22_level l)
{
	return (unsigned)l < ARRAY_SIZE(tt22_labels) ? tt22_labels[l] : NULL;
}

/* ---- vn-tt27 ---- */

static const char *const tt27_subject_codes[] = {"hoan_thanh_tot", "hoan_thanh", "chua_hoan_thanh"};
const char *tt27_subject_code(enum tt27_subject_level l)
{
	return (unsigned)l < ARRAY_SIZE(tt27_subject_codes) ? tt27_subject_codes[l] : NULL;
}

static const char *const tt27_quality_codes[] = {"tot", "dat", "can_co_gang"};

const char *tt27_quality_level_code(enum tt27_quality_level l)
{
	return (unsigned)l < ARRAY_SIZE(tt27_quality_codes) ? tt27_quality_codes[l] : NULL;
}

static const struct {
	const char *name, *label, *group;
} tt27_qualities[TT27_QUALITIES] = {
	{"yeu_nuoc", "Yêu nước", "quality"},
	{"nhan_ai", "Nhân ái", "quality"},
	{"cham_chi", "Chăm chỉ", "quality"},
	{"trung_thuc", "Trung thực", "quality"},
	{"trach_nhiem", "Trách nhiệm", "quality"},
	{"tu_chu_tu_hoc", "Tự chủ và tự học", "general_competence"},
	{"giao_tiep_hop_tac", "Giao tiếp và hợp tác", "general_competence"},
	{"giai_quyet_van_de", "Giải quyết vấn đề và sáng tạo", "general_competence"},
	{"ngon_ngu", "Ngôn ngữ", "specific_competence"},
	{"tinh_toan", "Tính toán", "specific_competence"},
	{"khoa_hoc", "Khoa học", "specific_competence"},
	{"cong_nghe", "Công nghệ", "specific_competence"},
	{"tin_hoc", "Tin học", "specific_competence"},
	{"tham_mi", "Thẩm mĩ", "specific_competence"},
	{"the_chat", "Thể chất", "specific_competence"},
};

const char *tt27_quality_name(int i)
{
	return (unsigned)i < TT27_QUALITIES ? tt27_qualities[i].name : NULL;
}

const char *tt27_quality_label(int i)
{
	return (unsigned)i < TT27_QUALITIES ? tt27_qualities[i].label : NULL;
}

const char *tt27_quality_group(int i)
{
	return (unsigned)i < TT27_QUALITIES ? tt27_qualities[i].group : NULL;
}

int tt27_quality_parse(const char *name)
{
	for (int i = 0; name && i < TT27_QUALITIES; i++)
		if (!strcmp(name, tt27_qualities[i].name))
			return i;
	return -1;
}
static const char *const tt27_outcome_codes[] = {"hoan_thanh_xuat_sac", "hoan_thanh_tot",
						 "hoan_thanh", "chua_hoan_thanh"};
static const char *const tt27_outcome_labels[] = {"Hoàn thành xuất sắc", "Hoàn thành tốt",
						  "Hoàn thành", "Chưa hoàn thành"};

const char *tt27_outcome_code(enum tt27_outcome o)
{
	return (unsigned)o < ARRAY_SIZE(tt27_outcome_codes) ? tt27_outcome_codes[o] : NULL;
}

const char *tt27_outcome_label(enum tt27_outcome o)
{
	return (unsigned)o < ARRAY_SIZE(tt27_outcome_labels) ? tt27_outcome_labels[o] : NULL;
}

enum tt27_outcome tt27_result(const struct tt27_standing *s)
{
	int worst_subject = TT27_HTT, worst_quality = TT27_TOT, lowest_test = 10;
	for (int i = 0; i < s->nsubjects; i++) {
		if (s->subject_levels[i] > worst_subject)
			worst_subject = s->subject_levels[i];
		if (s->tests[i] >= 0 && s->tests[i] < lowest_test)
			lowest_test = s->tests[i];
	}
	for (int i = 0; i < s->nqualities; i++)
		if (s->quality_levels[i] > worst_quality)
			worst_quality = s->quality_levels[i];
	if (worst_subject == TT27_HTT && worst_quality == TT27_TOT && lowest_test >= 9)
		return TT27_XUAT_SAC;
	if (worst_subject == TT27_HTT && worst_quality == TT27_TOT && lowest_test >= 7)
		return TT27_HOAN_THANH_TOT;
	if (worst_subject <= TT27_HT && worst_quality <= TT27_DAT && lowest_test >= 5)
		return TT27_HOAN_THANH;
	return TT27_CHUA_HOAN_THANH;
}

/* ---- ir-descriptive ---- */

static const char *const ird_codes[] = {"very_good", "good", "acceptable", "needs_effort"};
static const char *const ird_labels[] = {"خیلی خوب", "خوب", "قابل قبول", "نیاز به تلاش بیشتر"};

const char *ird_level_code(enum ird_level l)
{
	return (unsigned)l < ARRAY_SIZE(ird_codes) ? ird_codes[l] : NULL;
}

const char *ird_level_label(enum ird_level l)
{
	return (unsigned)l < ARRAY_SIZE(ird_labels) ? ird_labels[l] : NULL;
}

/* ---- ir-20 ---- */

int ir20_average(int n, const int *scores, const int *units)
{
	int64_t sum = 0, weight = 0;
	for (int i = 0; i < n; i++) {
		sum += (int64_t)scores[i] * units[i];
		weight += units[i];
	}
	return weight ? (int)dec_div_round(sum, weight, 1) : 0;
}
