/*
 * grading.h: the assessment rules of each country, as named policies.
 *
 *   vn-tt22         Vietnam, Circular 22/2021 (lower and upper secondary)
 *   vn-tt27         Vietnam, Circular 27/2020 (primary)
 *   ir-descriptive  Iran, primary: four descriptive levels with comments
 *   ir-20           Iran, secondary: 0-20, weighted by subject units, pass at 10
 *
 * Scores are exact decimals held as integers in hundredths (8.5 is 850), so
 * no binary floating point touches a result: averages are rationals rounded
 * half-up with integer arithmetic. Only the JSON boundary converts.
 *
 * policy_evaluate() (policy.c) takes a student's scores as JSON (the body
 * of POST /api/v1/policies/{policy}/evaluate) and answers the computed
 * averages and levels; the struct-level functions below it (grading.c) are
 * what the stored gradebooks use.
 */
#ifndef TABULA_DOMAIN_GRADING_H
#define TABULA_DOMAIN_GRADING_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"

enum policy_id {
	POLICY_VN_TT22,
	POLICY_VN_TT27,
	POLICY_IR_DESCRIPTIVE,
	POLICY_IR_20,
	POLICY__COUNT
};

/* -1 if no policy has that name. */
int policy_parse(const char *name);
const char *policy_name(enum policy_id id);
/* The policy a school of this country ("IR", "VN") and level ("primary",
 * "lower_secondary", "upper_secondary") uses; -1 if none. */
int policy_for_school(const char *country, const char *level);

/* Evaluate without storing. *out is a new reference on success; on bad
 * input ERR_INVALID with p naming the field as a path
 * ("subjects[2].terms[0].final"), its text in the arena. */
int policy_evaluate(enum policy_id id, json_t *in, struct arena *a, json_t **out, struct problem *p)
	__attribute__((warn_unused_result));

/* Exact decimal helpers (hundredths). */
/* n / d rounded half-up to a multiple of `unit` hundredths (10: one decimal,
 * 1: two decimals); n, d > 0 or n == 0. */
int64_t dec_div_round(int64_t n, int64_t d, int unit);
/* Read a JSON number as hundredths in [0, max], a multiple of `step` (100:
 * whole numbers, 10: one decimal, 1: two). P_NONE and *out set on success;
 * otherwise the problem (P_TYPE, P_OUT_OF_RANGE, P_TOO_PRECISE). */
enum problem_id dec_from_json(json_t *v, int max, int step, int *out);

/* ---- vn-tt22 ---- */

#define TT22_MAX_REGULAR 6
#define TT22_TERMS	 2

/* One term of a scored subject: regular, mid-term and final assessments. */
struct tt22_scores {
	int nregular;
	int regular[TT22_MAX_REGULAR]; /* hundredths, multiples of 10 */
	int midterm, final;
};

enum tt22_level { TT22_TOT, TT22_KHA, TT22_DAT, TT22_CHUA_DAT };

/* Term average: (sum regular + 2 mid + 3 final) / (nregular + 5), one decimal. */
int tt22_term_average(const struct tt22_scores *s);
/* Year average: (term I + 2 term II) / 3, one decimal. */
int tt22_year_average(int term1, int term2);

/* What a result level is decided on: the averages of the scored subjects
 * and the pass/fail of the commented ones, for one term or the year. */
struct tt22_standing {
	int nscored;
	const int *averages; /* hundredths */
	int ncommented, commented_failed;
};
enum tt22_level tt22_result(const struct tt22_standing *s);
/* "tot" ... "chua_dat", and its Vietnamese label; NULL out of range. */
const char *tt22_level_code(enum tt22_level l);
const char *tt22_level_label(enum tt22_level l);

/* ---- vn-tt27 ---- */

enum tt27_subject_level { TT27_HTT, TT27_HT, TT27_CHT }; /* Hoàn thành tốt / Hoàn thành / Chưa */
enum tt27_quality_level { TT27_TOT, TT27_DAT, TT27_CCG }; /* Tốt / Đạt / Cần cố gắng */
enum tt27_outcome { TT27_XUAT_SAC, TT27_HOAN_THANH_TOT, TT27_HOAN_THANH, TT27_CHUA_HOAN_THANH };

struct tt27_standing {
	int nsubjects;
	const int *subject_levels; /* enum tt27_subject_level */
	const int *tests;	   /* year-end periodic test, 0-10, or -1 if none */
	int nqualities;
	const int *quality_levels; /* qualities and competences, enum tt27_quality_level */
};
enum tt27_outcome tt27_result(const struct tt27_standing *s);
/* Stable codes ("hoan_thanh_tot", "hoan_thanh_xuat_sac"); NULL out of range. */
const char *tt27_subject_code(enum tt27_subject_level l);
const char *tt27_outcome_code(enum tt27_outcome o);
/* "Hoàn thành xuất sắc" ...; NULL out of range. */
const char *tt27_outcome_label(enum tt27_outcome o);
/* "tot", "dat", "can_co_gang"; NULL out of range. */
const char *tt27_quality_level_code(enum tt27_quality_level l);

/*
 * The qualities and competences Circular 27 rates per term (with the 2018
 * programme's names): five qualities (phẩm chất chủ yếu), three general
 * competences (năng lực chung) and seven specific ones (năng lực đặc thù),
 * in this order, which only ever grows at the end (the stored encoding
 * depends on it). The first TT27_QUALITIES_REQUIRED must be rated for a
 * complete result; a specific competence counts when it is rated (Công
 * nghệ and Tin học have no subject before grade 3).
 */
#define TT27_QUALITIES		15
#define TT27_QUALITIES_REQUIRED 8
/* "yeu_nuoc" ... "the_chat"; NULL out of range. */
const char *tt27_quality_name(int i);
/* "Yêu nước" ...; NULL out of range. */
const char *tt27_quality_label(int i);
/* "quality", "general_competence" or "specific_competence". */
const char *tt27_quality_group(int i);
/* The index of a name; -1 if none. */
int tt27_quality_parse(const char *name);

/* ---- ir-descriptive ---- */

enum ird_level { IRD_VERY_GOOD, IRD_GOOD, IRD_ACCEPTABLE, IRD_NEEDS_EFFORT };
/* "very_good" ... "needs_effort"; NULL out of range. */
const char *ird_level_code(enum ird_level l);
/* Its Persian label; NULL out of range. */
const char *ird_level_label(enum ird_level l);

/* ---- ir-20 ---- */

/* Unit-weighted average of scores (hundredths) to two decimals, half-up. */
int ir20_average(int n, const int *scores, const int *units);

#endif
