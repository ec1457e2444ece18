/*
 * placement.c: sealing a round's inputs and running the engine on them
 * (placement.h).
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/jcs.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "domain/admissions/application.h"
#include "domain/admissions/input.h"
#include "domain/admissions/offer.h"
#include "domain/admissions/placement.h"
#include "domain/admissions/priority.h"
#include "domain/admissions/review.h"
#include "domain/admissions/round.h"
#include "domain/common/work.h"

/* The round for an officer's operation: 404 out of sight, 403 seen but
 * not run by the caller. */
static int officer_round(struct db_conn *c, const struct actor *by, int64_t id, struct round *r,
			 struct problem *p)
{
	int rc = round_load(c, by, id, time_now_unix(), r, p);
	if (rc)
		return rc;
	if (!principal_reaches(by->who, ROUND_OFFICERS, r->org_path))
		return problem_set(p, P_FORBIDDEN, NULL,
				   "Only the officers of the round's office seal and run it.");
	return ERR_OK;
}

/* The SHA-256 of n bytes as lower-case hex, in a. */
static char *sha256_hex(struct arena *a, const void *p, size_t n)
{
	uint8_t h[HASH_BYTES];
	hash_sha256(h, p, n);
	char *hex = arena_alloc(a, 2 * HASH_BYTES + 1);
	if (hex)
		bytes_hex(hex, h, HASH_BYTES);
	return hex;
}

/* The engine's "priority" of an applicant with these claims and choices:
 * {school: group} for each chosen school where the claims give a group
 * (priority.h), or NULL when there is none (the member is left out, so a
 * round without priorities seals as before). */
static json_t *priority_json(const struct priority_rules *rules,
			     const struct priority_claims *claims, const char *const *choices,
			     int n)
{
	json_t *pri = NULL;
	for (int i = 0; i < n; i++) {
		int64_t g = priority_group_at(rules, claims, choices[i]);
		if (g == PRIORITY_NONE)
			continue;
		if (!pri && !(pri = json_object()))
			return NULL;
		json_object_set_new(pri, choices[i], json_integer((json_int_t)g));
	}
	return pri;
}

/* The engine's input for round r, from its applications, into *doc. */
static int inputs_json(struct db_conn *c, struct arena *a, const struct round *r, json_t **doc)
{
	struct priority_rules rules;
	struct problem p = {0};
	int rc0 = priority_rules_parse(a, r->priorities, &rules, &p);
	if (rc0)
		return rc0;
	json_t *schools = json_array(), *applicants = json_array();
	*doc = json_pack("{s:I, s:o, s:o}", "seed", (json_int_t)r->seed, "schools", schools,
			 "applicants", applicants);
	if (!*doc)
		return ERR_NOMEM;
	for (int i = 0; i < r->nschools; i++)
		if (json_array_append_new(schools, json_pack("{s:s, s:I}", "id", r->schools[i].code,
							     "capacity",
							     (json_int_t)r->schools[i].capacity)))
			return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(r->id);
	int rc = db_query(c, Q_PLACEMENT_APPLICANTS, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		const char **choices;
		int n;
		const char *text = db_dup(&res, C_PLACEMENT_APPLICANTS__CHOICES, a);
		rc = text ? application_choices_split(a, text, &choices, &n) : ERR_NOMEM;
		struct priority_claims claims = {0};
		const char *claims_text = db_null(&res, C_PLACEMENT_APPLICANTS__CLAIMS)
						  ? NULL
						  : db_dup(&res, C_PLACEMENT_APPLICANTS__CLAIMS, a);
		if (!rc)
			rc = priority_claims_parse(a, claims_text, &claims);
		if (!rc && r->verify_claims) /* only verified claims count (review.h) */
			rc = review_claims_verified(c, a, db_int(&res, C_PLACEMENT_APPLICANTS__ID),
						    &claims);
		json_t *list = json_array();
		for (int i = 0; !rc && i < n; i++)
			if (json_array_append_new(list, json_string(choices[i])))
				rc = ERR_NOMEM;
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, db_int(&res, C_PLACEMENT_APPLICANTS__ID));
		json_t *one = json_pack("{s:s, s:o}", "id", id, "choices", list);
		json_t *pri = rc ? NULL : priority_json(&rules, &claims, choices, n);
		if (pri && json_object_set_new(one, "priority", pri))
			rc = ERR_NOMEM;
		if (rc || json_array_append_new(applicants, one))
			rc = rc ? rc : ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The canonical bytes of doc into *text (in a) and *len. */
static int canonical(struct arena *a, const json_t *doc, const char **text, size_t *len)
{
	struct buf b;
	buf_init(&b, 0);
	int rc = jcs_append(&b, doc);
	if (!rc) {
		char *s = arena_alloc(a, b.len + 1);
		if (!s) {
			rc = ERR_NOMEM;
		} else {
			memcpy(s, b.p, b.len);
			s[b.len] = '\0';
			*text = s;
			*len = b.len;
		}
	}
	buf_release(&b);
	return rc;
}

int placement_seal_tx(struct db_conn *c, void *ctx)
{
	struct placement_op *x = ctx;
	struct arena *a = x->by->arena;
	struct round r;
	int rc = officer_round(c, x->by, x->round_id, &r, &x->p);
	if (rc)
		return rc;
	int64_t now = time_now_unix();
	if (round_phase_at(&r, now) != ROUND_CLOSED)
		return problem_set(&x->p, P_ROUND_NOT_CLOSED, NULL, NULL);
	if (r.sealed_at)
		return problem_set(&x->p, P_ROUND_SEALED, NULL, NULL);
	json_t *doc = NULL;
	const char *text = NULL;
	size_t len = 0;
	rc = inputs_json(c, a, &r, &doc);
	if (!rc)
		rc = canonical(a, doc, &text, &len);
	json_decref(doc);
	const char *hex = rc ? NULL : sha256_hex(a, text, len);
	if (!rc && !hex)
		rc = ERR_NOMEM;
	if (rc)
		return problem_err(&x->p, rc);
	struct db_val v[] = {DBV_INT(now), DBV_TEXT(hex), DBV_TEXTN(text, len), DBV_INT(r.id)};
	int changes = 0;
	rc = db_exec(c, Q_PLACEMENT_SEAL, v, ARRAY_SIZE(v), &changes);
	if (!rc && changes != 1)
		return problem_set(&x->p, P_ROUND_SEALED, NULL, NULL);
	return problem_err(&x->p, rc);
}

int placement_sealed_inputs(struct db_conn *c, struct arena *a, int64_t id, const char **text,
			    size_t *len, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_PLACEMENT_INPUTS, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_ROUND_NOT_SEALED, NULL, NULL);
	if (rc)
		return problem_err(p, rc);
	const char *s = db_text(&res, C_PLACEMENT_INPUTS__INPUTS, len);
	const char *want = db_dup(&res, C_PLACEMENT_INPUTS__INPUTS_SHA256, a);
	char *copy = s ? arena_strndup(a, s, *len) : NULL;
	db_done(&res);
	if (!copy || !want)
		return problem_err(p, ERR_NOMEM);
	const char *got = sha256_hex(a, copy, *len);
	if (!got)
		return problem_err(p, ERR_NOMEM);
	if (strcmp(got, want)) {
		log_error("admission round %" PRId64 ": sealed inputs do not match their hash", id);
		return problem_set(p, P_INTERNAL, NULL, NULL);
	}
	*text = copy;
	return ERR_OK;
}

/* The output as `tabula admissions match` prints it, canonical, hashed. */
static int results_hash(struct arena *a, const struct match_input *in, const uint32_t *school,
			const char **hex)
{
	json_t *assign = json_object(), *lottery = json_object();
	json_t *doc = json_pack("{s:o, s:o}", "assignments", assign, "lottery", lottery);
	int rc = doc ? ERR_OK : ERR_NOMEM;
	for (uint32_t i = 0; !rc && i < in->m.n_applicants; i++) {
		json_t *s = school[i] == MATCH_UNASSIGNED ? json_null()
							  : json_string(in->school_id[school[i]]);
		if (json_object_set_new(assign, in->applicant_id[i], s) ||
		    json_object_set_new(lottery, in->applicant_id[i],
					json_integer((json_int_t)in->lottery[i])))
			rc = ERR_NOMEM;
	}
	const char *text = NULL;
	size_t len = 0;
	if (!rc)
		rc = canonical(a, doc, &text, &len);
	json_decref(doc);
	if (!rc && !(*hex = sha256_hex(a, text, len)))
		rc = ERR_NOMEM;
	return rc;
}

uint32_t placement_group_at(const struct match_input *in, uint32_t i, uint32_t s)
{
	for (size_t k = in->first[i]; k < in->first[i + 1]; k++)
		if (in->choices[k].school == s)
			return in->choices[k].group;
	return MATCH_NO_GROUP;
}

/* Whether applicant i ranks after applicant j at school s (the engine's
 * order: group, lottery, tie-break). */
static bool ranks_after(const struct match_input *in, uint32_t s, uint32_t i, uint32_t j)
{
	uint32_t gi = placement_group_at(in, i, s), gj = placement_group_at(in, j, s);
	if (gi != gj)
		return gi > gj;
	if (in->lottery[i] != in->lottery[j])
		return in->lottery[i] > in->lottery[j];
	return in->tiebreak[i] > in->tiebreak[j];
}

void placement_cutoffs(const struct match_input *in, const uint32_t *school, uint32_t *last,
		       uint64_t *count)
{
	for (uint32_t s = 0; s < in->m.n_schools; s++) {
		last[s] = MATCH_UNASSIGNED;
		count[s] = 0;
	}
	for (uint32_t i = 0; i < in->m.n_applicants; i++) {
		uint32_t s = school[i];
		if (s == MATCH_UNASSIGNED)
			continue;
		count[s]++;
		if (last[s] == MATCH_UNASSIGNED || ranks_after(in, s, i, last[s]))
			last[s] = i;
	}
}

/* The cutoffs of a placement as canonical JSON into *text (in a):
 * {"<school>": {"full": bool, "group": g | null, "lottery": n | null}},
 * the last applicant each school admitted. */
static int cutoffs_text(struct arena *a, const struct match_input *in, const uint32_t *school,
			const char **text)
{
	uint32_t ns = in->m.n_schools;
	uint32_t *last = malloc((ns ? ns : 1) * sizeof(*last));
	uint64_t *count = calloc(ns ? ns : 1, sizeof(*count));
	json_t *doc = json_object();
	int rc = last && count && doc ? ERR_OK : ERR_NOMEM;
	if (!rc)
		placement_cutoffs(in, school, last, count);
	for (uint32_t s = 0; !rc && s < ns; s++) {
		uint32_t i = last[s];
		uint32_t g = i == MATCH_UNASSIGNED ? MATCH_NO_GROUP : placement_group_at(in, i, s);
		json_t *cut = json_pack(
			"{s:b, s:o, s:o}", "full", count[s] >= in->capacity[s], "group",
			g == MATCH_NO_GROUP ? json_null() : json_integer((json_int_t)g), "lottery",
			i == MATCH_UNASSIGNED ? json_null()
					      : json_integer((json_int_t)in->lottery[i]));
		if (json_object_set_new(doc, in->school_id[s], cut))
			rc = ERR_NOMEM;
	}
	size_t len;
	if (!rc)
		rc = canonical(a, doc, text, &len);
	json_decref(doc);
	free(last);
	free(count);
	return rc;
}

/* Applicant i's groups as canonical JSON ({"<school>": group}) into
 * *text (in a), or NULL when it has none. */
static int groups_text(struct arena *a, const struct match_input *in, uint32_t i, const char **text)
{
	*text = NULL;
	json_t *doc = NULL;
	for (size_t k = in->first[i]; k < in->first[i + 1]; k++) {
		if (in->choices[k].group == MATCH_NO_GROUP)
			continue;
		if (!doc && !(doc = json_object()))
			return ERR_NOMEM;
		if (json_object_set_new(doc, in->school_id[in->choices[k].school],
					json_integer((json_int_t)in->choices[k].group))) {
			json_decref(doc);
			return ERR_NOMEM;
		}
	}
	size_t len;
	int rc = doc ? canonical(a, doc, text, &len) : ERR_OK;
	json_decref(doc);
	return rc;
}

int placement_run_tx(struct db_conn *c, void *ctx)
{
	struct placement_op *x = ctx;
	struct arena *a = x->by->arena;
	struct round r;
	const char *text, *hex = NULL;
	size_t len;
	int rc = officer_round(c, x->by, x->round_id, &r, &x->p);
	if (!rc)
		rc = offer_rerun_check(c, r.id, &x->p);
	if (!rc)
		rc = placement_sealed_inputs(c, a, r.id, &text, &len, &x->p);
	if (rc)
		return rc;
	struct match_input in;
	match_input_init(&in);
	rc = match_input_decode(text, len, &in);
	if (rc == ERR_INVALID)
		log_error("admission round %" PRId64 ": sealed inputs refused: %s", r.id, in.why);
	uint32_t *school = NULL;
	if (!rc && !(school = calloc(in.m.n_applicants + 1, sizeof(*school))))
		rc = ERR_NOMEM;
	if (!rc)
		rc = match_run(&in.m, school);
	if (!rc)
		rc = results_hash(a, &in, school, &hex);
	const char *cutoffs = NULL;
	if (!rc)
		rc = cutoffs_text(a, &in, school, &cutoffs);
	for (uint32_t i = 0; !rc && i < in.m.n_applicants; i++) {
		int k = school[i] == MATCH_UNASSIGNED
				? -1
				: round_school_index(&r, in.school_id[school[i]]);
		const char *groups;
		if ((rc = groups_text(a, &in, i, &groups)))
			break;
		struct db_val v[] = {k < 0 ? DBV_NULL : DBV_INT(r.schools[k].id),
				     DBV_INT((int64_t)in.lottery[i]),
				     groups ? DBV_TEXT(groups) : DBV_NULL,
				     DBV_INT(strtoll(in.applicant_id[i], NULL, 10)), DBV_INT(r.id)};
		rc = db_exec(c, Q_PLACEMENT_SET, v, ARRAY_SIZE(v), NULL);
		if (k < 0)
			x->unplaced++;
		else
			x->placed++;
	}
	free(school);
	match_input_release(&in);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_INTERNAL, NULL, NULL);
	if (rc)
		return problem_err(&x->p, rc);
	int64_t now = time_now_unix();
	struct db_val v[] = {DBV_INT(now), DBV_TEXT(hex), DBV_TEXT(cutoffs), DBV_INT(r.id)};
	rc = db_exec(c, Q_PLACEMENT_RAN, v, ARRAY_SIZE(v), NULL);
	return problem_err(&x->p, rc ? rc : offer_after_run(c, r.id, now));
}

static int inputs_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct placement_inputs *x = ctx;
	struct round r;
	int rc = round_load(c, by, x->round_id, time_now_unix(), &r, &x->p);
	if (rc)
		return rc;
	if (!principal_has(by->who, ACCESS_STAFF))
		return problem_set(&x->p, P_FORBIDDEN, NULL, "Staff read a round's sealed inputs.");
	return placement_sealed_inputs(c, by->arena, r.id, &x->text, &x->len, &x->p);
}

int placement_inputs_read(struct db *db, const struct actor *by, struct placement_inputs *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, inputs_work, x);
}

/* ---- explanations ---- */

/* The explanation of school for app, from the parsed cutoffs and groups. */
static void why_fill(struct placement_why *w, const char *school, json_t *cutoffs, json_t *groups,
		     int64_t lottery)
{
	json_t *cut = json_object_get(cutoffs, school);
	json_t *g = json_object_get(cut, "group"), *l = json_object_get(cut, "lottery");
	json_t *mine = json_object_get(groups, school);
	w->school = school;
	w->full = json_is_true(json_object_get(cut, "full"));
	w->admitted = json_is_integer(l);
	w->cut_group = json_is_integer(g) ? json_integer_value(g) : PRIORITY_NONE;
	w->cut_lottery = w->admitted ? json_integer_value(l) : 0;
	w->your_group = json_is_integer(mine) ? json_integer_value(mine) : PRIORITY_NONE;
	w->your_lottery = lottery;
}

int placement_explain(struct arena *a, const struct application *app,
		      struct placement_explanation *out)
{
	memset(out, 0, sizeof(*out));
	if (!app->placed_known || !app->cutoffs)
		return ERR_NOTFOUND;
	json_t *cutoffs = json_loads(app->cutoffs, 0, NULL);
	json_t *groups = app->priority ? json_loads(app->priority, 0, NULL) : NULL;
	int rc = cutoffs ? ERR_OK : ERR_NOMEM;
	if (!rc && !(out->above = arena_calloc(a, (size_t)app->nchoices + 1, sizeof(*out->above))))
		rc = ERR_NOMEM;
	for (int i = 0; !rc && i < app->nchoices; i++) {
		const char *s = app->choices[i];
		if (app->placed_school && !strcmp(s, app->placed_school)) {
			if (!(out->placed = arena_calloc(a, 1, sizeof(*out->placed))))
				rc = ERR_NOMEM;
			else
				why_fill(out->placed, s, cutoffs, groups, app->lottery);
			break;
		}
		why_fill(&out->above[out->nabove++], s, cutoffs, groups, app->lottery);
	}
	json_decref(cutoffs);
	json_decref(groups);
	return rc;
}
