/*
 * policy.c: evaluating a student's scores sent as JSON by a policy's
 * rules, storing nothing (policy_evaluate, grading.h). Bad input is a
 * problem naming the field as a path ("subjects[2].terms[0].final").
 */
#include "core/base.h"
#include "domain/teaching/grading.h"

#include <math.h>

/* ---- JSON reading with field paths ---- */

struct reader {
	struct arena *a;
	struct problem *p;
};

static int bad(struct reader *rd, enum problem_id id, const char *field, const char *detail)
{
	return problem_set(rd->p, id, field, detail);
}

/* A score: a JSON number in [0, max] hundredths, a multiple of `step`
 * (100: whole numbers, 10: one decimal, 1: two decimals). The same checks
 * as dec_from_json, kept inline so the analyser sees *out set. */
static int read_score(struct reader *rd, json_t *v, const char *field, int max, int step,
		      const char *detail, int *out)
{
	int64_t h;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0 || i > max / 100)
			return bad(rd, P_OUT_OF_RANGE, field, detail);
		h = (int64_t)i * 100;
	} else if (json_is_real(v)) {
		double x = json_real_value(v);
		if (!(x >= 0) || x * 100 > max + 0.5)
			return bad(rd, P_OUT_OF_RANGE, field, detail);
		h = llround(x * 100);
		if (fabs(x * 100 - (double)h) > 1e-6)
			return bad(rd, P_TOO_PRECISE, field, detail);
	} else {
		return bad(rd, P_TYPE, field, detail);
	}
	if (h > max)
		return bad(rd, P_OUT_OF_RANGE, field, detail);
	if (h % step)
		return bad(rd, P_TOO_PRECISE, field, detail);
	*out = (int)h;
	return ERR_OK;
}

static json_t *dec_json(int hundredths)
{
	/* Exact in the response: res_json prints reals with 10 significant
	 * digits, so 830 / 100.0 is written "8.3". */
	return json_real(hundredths / 100.0);
}

/* The array at key, with between min and max items. */
static int read_array(struct reader *rd, json_t *obj, const char *key, const char *field,
		      size_t min, size_t max, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return bad(rd, P_REQUIRED, field, "This list is required.");
	if (!json_is_array(v))
		return bad(rd, P_TYPE, field, "This must be a list.");
	size_t n = json_array_size(v);
	if (n < min || n > max)
		return bad(rd, P_COUNT, field,
			   arena_printf(rd->a, "This list needs %zu to %zu items.", min, max));
	*out = v;
	return ERR_OK;
}

static int read_name(struct reader *rd, json_t *obj, const char *key, const char *field,
		     const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 128)
		return bad(rd, v ? P_TYPE : P_REQUIRED, field,
			   "Give the name, up to 128 characters.");
	*out = json_string_value(v);
	return ERR_OK;
}

/* One of the codes code(0) .. code(ncodes - 1). */
static int read_code(struct reader *rd, json_t *obj, const char *key, const char *field,
		     const char *(*code)(int), int ncodes, const char *detail, int *out)
{
	json_t *v = json_object_get(obj, key);
	const char *s = json_string_value(v);
	for (int i = 0; s && i < ncodes; i++)
		if (!strcmp(s, code(i))) {
			*out = i;
			return ERR_OK;
		}
	return bad(rd, v ? P_UNKNOWN_VALUE : P_REQUIRED, field, detail);
}

static const char *tt27_quality_at(int i)
{
	return tt27_quality_level_code((enum tt27_quality_level)i);
}

static const char *tt27_subject_at(int i)
{
	return tt27_subject_code((enum tt27_subject_level)i);
}

static const char *ird_level_at(int i)
{
	return ird_level_code((enum ird_level)i);
}

static int read_subjects(struct reader *rd, json_t *in, size_t max, json_t **out)
{
	if (!json_is_object(in))
		return bad(rd, P_TYPE, NULL, "The body must be a JSON object.");
	return read_array(rd, in, "subjects", "subjects", 1, max, out);
}

#define MAX_SUBJECTS 40

struct tt22_subject {
	const char *name;
	bool scored;
	int nterms;
	int avg[TT22_TERMS]; /* scored: term averages */
	bool pass[TT22_TERMS];
	int year;
	bool year_pass;
};

static const char tt22_score_detail[] =
	"A score is a number from 0 to 10 with at most one decimal.";

static int tt22_read_term(struct reader *rd, json_t *t, const char *at, bool scored,
			  struct tt22_subject *s, int k)
{
	if (!json_is_object(t))
		return bad(rd, P_TYPE, at, "Each term must be an object.");
	if (!scored) {
		json_t *v = json_object_get(t, "pass");
		if (!json_is_boolean(v))
			return bad(
				rd, v ? P_TYPE : P_REQUIRED, arena_printf(rd->a, "%s.pass", at),
				"A subject assessed by comment is passed (true) or not (false).");
		s->pass[k] = json_is_true(v);
		return ERR_OK;
	}
	struct tt22_scores sc = {0};
	json_t *reg = NULL;
	int rc = read_array(rd, t, "regular", arena_printf(rd->a, "%s.regular", at), 1,
			    TT22_MAX_REGULAR, &reg);
	for (size_t i = 0; !rc && i < json_array_size(reg); i++)
		rc = read_score(rd, json_array_get(reg, i),
				arena_printf(rd->a, "%s.regular[%zu]", at, i), 1000, 10,
				tt22_score_detail, &sc.regular[sc.nregular++]);
	if (!rc)
		rc = read_score(rd, json_object_get(t, "midterm"),
				arena_printf(rd->a, "%s.midterm", at), 1000, 10, tt22_score_detail,
				&sc.midterm);
	if (!rc)
		rc = read_score(rd, json_object_get(t, "final"),
				arena_printf(rd->a, "%s.final", at), 1000, 10, tt22_score_detail,
				&sc.final);
	if (!rc)
		s->avg[k] = tt22_term_average(&sc);
	return rc;
}

/* Subject i of the list: *o the object, *at its field ("subjects[i]"),
 * *name its "subject". A problem if it is not an object or has no name. */
static int read_subject(struct reader *rd, json_t *subjects, size_t i, json_t **o, const char **at,
			const char **name)
{
	*o = json_array_get(subjects, i);
	*at = arena_printf(rd->a, "subjects[%zu]", i);
	if (!json_is_object(*o))
		return bad(rd, P_TYPE, *at, "Each subject must be an object.");
	return read_name(rd, *o, "subject", arena_printf(rd->a, "%s.subject", *at), name);
}

static int tt22_read(struct reader *rd, json_t *subjects, struct tt22_subject *out, int *nterms)
{
	size_t n = json_array_size(subjects);
	for (size_t i = 0; i < n; i++) {
		struct tt22_subject *s = &out[i];
		json_t *o;
		const char *at;
		int rc = read_subject(rd, subjects, i, &o, &at, &s->name);
		if (rc)
			return rc;
		json_t *sv = json_object_get(o, "scored");
		if (!json_is_boolean(sv))
			return bad(rd, sv ? P_TYPE : P_REQUIRED,
				   arena_printf(rd->a, "%s.scored", at),
				   "Say whether the subject is scored (true) or assessed by "
				   "comment (false).");
		s->scored = json_is_true(sv);
		json_t *terms = NULL;
		const char *tf = arena_printf(rd->a, "%s.terms", at);
		rc = read_array(rd, o, "terms", tf, 1, TT22_TERMS, &terms);
		if (rc)
			return rc;
		s->nterms = (int)json_array_size(terms);
		if (i == 0)
			*nterms = s->nterms;
		else if (s->nterms != *nterms)
			return bad(rd, P_COUNT, tf,
				   "Every subject needs the same number of terms.");
		for (int k = 0; k < s->nterms; k++) {
			rc = tt22_read_term(rd, json_array_get(terms, (size_t)k),
					    arena_printf(rd->a, "%s[%d]", tf, k), s->scored, s, k);
			if (rc)
				return rc;
		}
		if (s->nterms == TT22_TERMS) {
			s->year = tt22_year_average(s->avg[0], s->avg[1]);
			/* Commented subjects: the year follows term II. */
			s->year_pass = s->pass[1];
		}
	}
	return ERR_OK;
}

/* Result level of term k (or the year when k == TT22_TERMS). */
static enum tt22_level tt22_overall(struct arena *a, const struct tt22_subject *s, int n, int k)
{
	int *avgs = arena_alloc(a, sizeof(int) * (size_t)n);
	struct tt22_standing st = {.averages = avgs};
	for (int i = 0; i < n && avgs; i++) {
		if (s[i].scored) {
			avgs[st.nscored++] = k == TT22_TERMS ? s[i].year : s[i].avg[k];
		} else {
			st.ncommented++;
			st.commented_failed += !(k == TT22_TERMS ? s[i].year_pass : s[i].pass[k]);
		}
	}
	return avgs ? tt22_result(&st) : TT22_CHUA_DAT;
}

static json_t *tt22_level_json(enum tt22_level l)
{
	return json_pack("{s:s, s:s}", "level", tt22_level_code(l), "label", tt22_level_label(l));
}

static int tt22_evaluate(struct reader *rd, json_t *in, json_t **out)
{
	json_t *subjects = NULL;
	int rc = read_subjects(rd, in, MAX_SUBJECTS, &subjects);
	if (rc)
		return rc;
	size_t n = json_array_size(subjects);
	struct tt22_subject *s = arena_calloc(rd->a, n, sizeof(*s));
	if (!s)
		return ERR_NOMEM;
	int nterms = 0;
	rc = tt22_read(rd, subjects, s, &nterms);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *terms = json_array();
		for (int k = 0; k < s[i].nterms; k++)
			json_array_append_new(
				terms, s[i].scored
					       ? dec_json(s[i].avg[k])
					       : json_string(s[i].pass[k] ? "dat" : "chua_dat"));
		json_t *year = nterms < TT22_TERMS ? json_null()
			       : s[i].scored	   ? dec_json(s[i].year)
					     : json_string(s[i].year_pass ? "dat" : "chua_dat");
		json_array_append_new(list, json_pack("{s:s, s:b, s:o, s:o}", "subject", s[i].name,
						      "scored", s[i].scored, "terms", terms, "year",
						      year));
	}
	json_t *term_levels = json_array();
	for (int k = 0; k < nterms; k++)
		json_array_append_new(term_levels,
				      tt22_level_json(tt22_overall(rd->a, s, (int)n, k)));
	json_t *year_level = nterms < TT22_TERMS
				     ? json_null()
				     : tt22_level_json(tt22_overall(rd->a, s, (int)n, TT22_TERMS));
	*out = json_pack("{s:s, s:o, s:{s:o, s:o}}", "policy", "vn-tt22", "subjects", list,
			 "result", "terms", term_levels, "year", year_level);
	return *out ? ERR_OK : ERR_NOMEM;
}

static int tt27_read_qualities(struct reader *rd, json_t *in, const char *key, int *levels, int *n)
{
	json_t *list = json_object_get(in, key);
	if (!list)
		return ERR_OK;
	int rc = read_array(rd, in, key, key, 0, 20, &list);
	for (size_t i = 0; !rc && i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		const char *at = arena_printf(rd->a, "%s[%zu]", key, i);
		const char *name;
		if (!json_is_object(o))
			return bad(rd, P_TYPE, at, "Each item must be an object.");
		rc = read_name(rd, o, "name", arena_printf(rd->a, "%s.name", at), &name);
		if (!rc)
			rc = read_code(rd, o, "level", arena_printf(rd->a, "%s.level", at),
				       tt27_quality_at, 3, "The level is tot, dat or can_co_gang.",
				       &levels[(*n)++]);
	}
	return rc;
}

static int tt27_evaluate(struct reader *rd, json_t *in, json_t **out)
{
	json_t *subjects = NULL;
	int rc = read_subjects(rd, in, MAX_SUBJECTS, &subjects);
	if (rc)
		return rc;
	size_t n = json_array_size(subjects);
	int levels[MAX_SUBJECTS] = {0}, tests[MAX_SUBJECTS] = {0}, qualities[40] = {0};
	struct tt27_standing st = {.nsubjects = (int)n,
				   .subject_levels = levels,
				   .tests = tests,
				   .quality_levels = qualities};
	json_t *list = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *o;
		const char *at;
		const char *name = NULL;
		rc = read_subject(rd, subjects, i, &o, &at, &name);
		if (rc)
			break;
		if (!rc)
			rc = read_code(
				rd, o, "level", arena_printf(rd->a, "%s.level", at),
				tt27_subject_at, 3,
				"The level is hoan_thanh_tot, hoan_thanh or chua_hoan_thanh.",
				&levels[i]);
		tests[i] = -1;
		json_t *t = json_object_get(o, "test");
		int h = 0;
		if (!rc && t && !json_is_null(t)) {
			rc = read_score(rd, t, arena_printf(rd->a, "%s.test", at), 1000, 100,
					"A periodic test is a whole number from 0 to 10.", &h);
			tests[i] = h / 100;
		}
		if (!rc)
			json_array_append_new(
				list,
				json_pack("{s:s, s:s, s:o}", "subject", name, "level",
					  tt27_subject_at(levels[i]), "test",
					  tests[i] < 0 ? json_null() : json_integer(tests[i])));
	}
	if (!rc)
		rc = tt27_read_qualities(rd, in, "qualities", qualities, &st.nqualities);
	if (!rc)
		rc = tt27_read_qualities(rd, in, "competences", qualities, &st.nqualities);
	if (rc) {
		json_decref(list);
		return rc;
	}
	enum tt27_outcome o = tt27_result(&st);
	*out = json_pack("{s:s, s:o, s:{s:s, s:s}}", "policy", "vn-tt27", "subjects", list,
			 "result", "outcome", tt27_outcome_code(o), "label", tt27_outcome_label(o));
	return *out ? ERR_OK : ERR_NOMEM;
}

static int ird_evaluate(struct reader *rd, json_t *in, json_t **out)
{
	json_t *subjects = NULL;
	int rc = read_subjects(rd, in, MAX_SUBJECTS, &subjects);
	if (rc)
		return rc;
	json_t *list = json_array(), *remedial = json_array();
	for (size_t i = 0; !rc && i < json_array_size(subjects); i++) {
		json_t *o;
		const char *at;
		const char *name = NULL, *comment = NULL;
		int level = 0;
		rc = read_subject(rd, subjects, i, &o, &at, &name);
		if (rc)
			break;
		if (!rc)
			rc = read_code(rd, o, "level", arena_printf(rd->a, "%s.level", at),
				       ird_level_at, 4,
				       "The level is very_good, good, acceptable or needs_effort.",
				       &level);
		json_t *c = json_object_get(o, "comment");
		if (!rc && c && !json_is_null(c)) {
			if (!json_is_string(c) || json_string_length(c) > 2000)
				rc = bad(rd, P_TYPE, arena_printf(rd->a, "%s.comment", at),
					 "A comment is text of up to 2000 characters.");
			else
				comment = json_string_value(c);
		}
		if (rc)
			break;
		if (level == IRD_NEEDS_EFFORT)
			json_array_append_new(remedial, json_string(name));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s?}", "subject", name,
						      "level", ird_level_at(level), "label",
						      ird_level_label((enum ird_level)level),
						      "comment", comment));
	}
	if (rc) {
		json_decref(list);
		json_decref(remedial);
		return rc;
	}
	/* A subject that needs more effort gets a summer programme and a new
	 * assessment before the next year; otherwise the student moves up. */
	bool promoted = json_array_size(remedial) == 0;
	*out = json_pack("{s:s, s:o, s:{s:s, s:o}}", "policy", "ir-descriptive", "subjects", list,
			 "result", "outcome", promoted ? "promoted" : "remedial",
			 "remedial_subjects", remedial);
	return *out ? ERR_OK : ERR_NOMEM;
}

static int ir20_evaluate(struct reader *rd, json_t *in, json_t **out)
{
	json_t *subjects = NULL;
	int rc = read_subjects(rd, in, MAX_SUBJECTS, &subjects);
	if (rc)
		return rc;
	size_t n = json_array_size(subjects);
	int scores[MAX_SUBJECTS] = {0}, units[MAX_SUBJECTS] = {0};
	json_t *list = json_array(), *failed = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *o;
		const char *at;
		const char *name = NULL;
		rc = read_subject(rd, subjects, i, &o, &at, &name);
		if (rc)
			break;
		json_t *u = json_object_get(o, "units");
		if (!rc && (!json_is_integer(u) || json_integer_value(u) < 1 ||
			    json_integer_value(u) > 10))
			rc = bad(rd, u ? P_OUT_OF_RANGE : P_REQUIRED,
				 arena_printf(rd->a, "%s.units", at),
				 "Units are a whole number from 1 to 10.");
		if (!rc)
			rc = read_score(
				rd, json_object_get(o, "score"),
				arena_printf(rd->a, "%s.score", at), 2000, 1,
				"A score is a number from 0 to 20 with at most two decimals.",
				&scores[i]);
		if (rc)
			break;
		units[i] = (int)json_integer_value(u);
		bool pass = scores[i] >= 1000;
		if (!pass)
			json_array_append_new(failed, json_string(name));
		json_array_append_new(list, json_pack("{s:s, s:i, s:o, s:b}", "subject", name,
						      "units", units[i], "score",
						      dec_json(scores[i]), "passed", pass));
	}
	if (rc) {
		json_decref(list);
		json_decref(failed);
		return rc;
	}
	bool passed = json_array_size(failed) == 0;
	*out = json_pack("{s:s, s:o, s:{s:o, s:s, s:o}}", "policy", "ir-20", "subjects", list,
			 "result", "average", dec_json(ir20_average((int)n, scores, units)),
			 "outcome", passed ? "passed" : "failed", "failed_subjects", failed);
	return *out ? ERR_OK : ERR_NOMEM;
}

int policy_evaluate(enum policy_id id, json_t *in, struct arena *a, json_t **out, struct problem *p)
{
	struct reader rd = {.a = a, .p = p};
	*out = NULL;
	switch (id) {
	case POLICY_VN_TT22:
		return tt22_evaluate(&rd, in, out);
	case POLICY_VN_TT27:
		return tt27_evaluate(&rd, in, out);
	case POLICY_IR_DESCRIPTIVE:
		return ird_evaluate(&rd, in, out);
	case POLICY_IR_20:
		return ir20_evaluate(&rd, in, out);
	default:
		return ERR_NOTFOUND;
	}
}
