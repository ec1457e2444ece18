/*
 * rounds.c: admission rounds over HTTP.
 *
 *   POST /api/v1/admissions/rounds        create a round (its office's officers)
 *   GET  /api/v1/admissions/rounds        the rounds the caller may read
 *   GET  /api/v1/admissions/rounds/{id}   one round with its schools
 *   PATCH /api/v1/admissions/rounds/{id}  change it before it opens
 *
 * The rules are domain/admissions/round.h's; a round out of the caller's
 * sight answers 404, as if absent.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/document.h"
#include "domain/admissions/priority.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"

static json_t *instant_json(int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

/* A round as the API shows it; with its schools when it has them read. */
static json_t *round_json(const struct round *r, int64_t now)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:i, s:I, s:s}", "id", (json_int_t)r->id, "org",
			      r->org, "name", r->name, "grade", r->grade, "max_choices",
			      r->max_choices, "seed", (json_int_t)r->seed, "status",
			      round_phase_name(round_phase_at(r, now)));
	if (!j)
		return NULL;
	json_object_set_new(j, "opens_at", instant_json(r->opens_at));
	json_object_set_new(j, "closes_at", instant_json(r->closes_at));
	json_object_set_new(j, "sealed_at",
			    r->sealed_at ? instant_json(r->sealed_at) : json_null());
	json_object_set_new(j, "inputs_sha256",
			    r->inputs_sha256 ? json_string(r->inputs_sha256) : json_null());
	json_object_set_new(j, "run_at", r->run_at ? instant_json(r->run_at) : json_null());
	json_object_set_new(j, "results_sha256",
			    r->results_sha256 ? json_string(r->results_sha256) : json_null());
	json_object_set_new(j, "priorities",
			    r->priorities ? json_loads(r->priorities, 0, NULL) : json_null());
	json_object_set_new(j, "documents",
			    r->documents ? json_loads(r->documents, 0, NULL) : json_array());
	json_object_set_new(j, "verify_claims", json_boolean(r->verify_claims));
	json_object_set_new(j, "parent_round",
			    r->parent_round_id ? json_integer(r->parent_round_id) : json_null());
	json_object_set_new(j, "second_round",
			    r->second_round_id ? json_integer(r->second_round_id) : json_null());
	json_object_set_new(j, "offers_closed_at",
			    r->offers_closed_at ? instant_json(r->offers_closed_at) : json_null());
	json_object_set_new(j, "rules", r->rules ? json_string(r->rules) : json_null());
	if (r->schools) {
		json_t *schools = json_array();
		for (int i = 0; i < r->nschools; i++)
			json_array_append_new(
				schools, json_pack("{s:s, s:s, s:I}", "code", r->schools[i].code,
						   "name", r->schools[i].name, "capacity",
						   (json_int_t)r->schools[i].capacity));
		json_object_set_new(j, "schools", schools);
	}
	return j;
}

void admissions_reply_round(struct req *r, int status, int64_t id, json_t *extra)
{
	struct round_view x = {.id = id};
	int rc = round_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		json_decref(extra);
		api_problem(r, rc, &x.p);
		return;
	}
	if (status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/admissions/rounds/%" PRId64, id));
	json_t *j = round_json(&x.r, time_now_unix());
	if (j && extra)
		json_object_update(j, extra);
	json_decref(extra);
	api_json(r, status, j);
}

static void reply_round(struct req *r, int status, int64_t id)
{
	admissions_reply_round(r, status, id, NULL);
}

void api_rounds_get(struct req *r)
{
	int64_t id;
	if (api_path_id_or_reply(r, "id", &id))
		reply_round(r, 200, id);
}

void api_rounds_list(struct req *r)
{
	struct round_list x = {0};
	int rc = round_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	int64_t now = time_now_unix();
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, round_json(&x.items[i], now));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

static void create_finish(struct req *r, int rc, void *arg)
{
	struct round_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_round(r, 201, x->id);
}

/* An instant member of the body (RFC 3339) into *out; absent and not
 * required, *out is left as it is. */
static int instant_get(json_t *body, const char *key, bool required, int64_t *out,
		       struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, required, 40, &s, p);
	if (rc || !s)
		return rc;
	if (!round_instant_parse(s, out))
		return problem_set(p, P_INVALID, key,
				   "An instant is written like 2026-05-04T08:00:00+04:30 or "
				   "2026-05-04T03:30:00Z.");
	return ERR_OK;
}

/* The schools of a create: [{"code", "capacity"}], copied into the arena. */
static int schools_get(struct req *r, json_t *body, struct round_create *x)
{
	json_t *list = json_object_get(body, "schools");
	if (!list)
		return problem_set(&x->p, P_REQUIRED, "schools", NULL);
	if (!json_is_array(list))
		return problem_set(&x->p, P_TYPE, "schools", "The schools are a list.");
	size_t n = json_array_size(list);
	if (n > ROUND_SCHOOLS_MAX)
		return problem_set(&x->p, P_TOO_MANY, "schools",
				   "A round has at most 1000 schools.");
	x->schools = arena_calloc(&r->arena, n + 1, sizeof(*x->schools));
	if (!x->schools)
		return problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(list, i);
		const char *code = NULL;
		if (!json_is_object(s))
			return problem_set(&x->p, P_TYPE,
					   arena_printf(&r->arena, "schools[%zu]", i),
					   "A school is {\"code\", \"capacity\"}.");
		int rc = json_get_string(s, "code", true, 32, &code, &x->p);
		if (!rc)
			rc = json_get_int(s, "capacity", true, 0, 1000000, &x->schools[i].capacity,
					  &x->p);
		if (rc) {
			x->p.field = arena_printf(&r->arena, "schools[%zu].%s", i,
						  x->p.field ? x->p.field : "");
			return rc;
		}
		if (!(x->schools[i].code = arena_strdup(&r->arena, code)))
			return problem_err(&x->p, ERR_NOMEM);
	}
	x->nschools = (int)n;
	return ERR_OK;
}

/* The "priorities" member, checked (priority.h) and kept as compact JSON;
 * x->priorities_given says whether the body has it. */
static int priorities_get(struct req *r, json_t *body, struct round_create *x)
{
	json_t *v = json_object_get(body, "priorities");
	struct priority_rules rules;
	x->priorities_given = v != NULL;
	int rc = priority_rules_check(&r->arena, v, &rules, &x->p);
	if (rc)
		return rc;
	bool nomem;
	x->priorities = priority_text(&r->arena, v, &nomem);
	return nomem ? problem_err(&x->p, ERR_NOMEM) : ERR_OK;
}

/* The "documents" and "verify_claims" members (document.h), checked and
 * kept; x->*_given say whether the body has them. */
static int documents_get(struct req *r, json_t *body, struct round_create *x)
{
	json_t *v = json_object_get(body, "documents");
	struct document_rules rules;
	x->documents_given = v != NULL;
	int rc = document_rules_check(&r->arena, v, &rules, &x->p);
	if (rc)
		return rc;
	bool nomem = false;
	x->documents = rules.n ? priority_text(&r->arena, v, &nomem) : NULL;
	if (nomem)
		return problem_err(&x->p, ERR_NOMEM);
	json_t *vc = json_object_get(body, "verify_claims");
	x->verify_claims_given = vc && !json_is_null(vc);
	return json_get_bool(body, "verify_claims", false, &x->verify_claims, &x->p);
}

/* A round's own fields, required on a create; on an edit, those left out
 * keep their value (seed -1, grade and max_choices 0, name NULL). */
static int fields_get(struct req *r, json_t *body, struct round_create *x, bool required)
{
	const char *name = NULL;
	int64_t grade = 0, max_choices = 0, seed = -1;
	int rc = json_get_string(body, "name", required, ROUND_NAME_MAX, &name, &x->p);
	if (!rc)
		rc = json_get_int(body, "grade", required, 1, 12, &grade, &x->p);
	if (!rc)
		rc = instant_get(body, "opens_at", required, &x->opens_at, &x->p);
	if (!rc)
		rc = instant_get(body, "closes_at", required, &x->closes_at, &x->p);
	if (!rc)
		rc = json_get_int(body, "max_choices", required, 1, ROUND_CHOICES_MAX, &max_choices,
				  &x->p);
	if (!rc)
		rc = json_get_int(body, "seed", required, 0, ROUND_SEED_MAX, &seed, &x->p);
	x->grade = (int)grade;
	x->max_choices = (int)max_choices;
	x->seed = seed;
	if (!rc && name && !(x->name = arena_strdup(&r->arena, name)))
		rc = problem_err(&x->p, ERR_NOMEM);
	return rc;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct round_create *x = ctx;
	const char *org = NULL, *rules = NULL;
	int rc = json_get_string(body, "org", true, 32, &org, &x->p);
	if (!rc)
		rc = json_get_string(body, "rules", false, RULES_NAME_MAX, &rules, &x->p);
	if (!rc)
		rc = fields_get(r, body, x, !rules);
	if (!rc)
		rc = schools_get(r, body, x);
	if (!rc)
		rc = priorities_get(r, body, x);
	if (!rc)
		rc = documents_get(r, body, x);
	x->org = org ? arena_strdup(&r->arena, org) : NULL;
	if (!rc && !x->org)
		rc = problem_err(&x->p, ERR_NOMEM);
	if (!rc && rules && !(x->rules = arena_strdup(&r->arena, rules)))
		rc = problem_err(&x->p, ERR_NOMEM);
	if (!rc && x->rules)
		rc = rules_round_defaults(x, &x->p);
	if (!rc)
		rc = round_create_check(x, &x->p);
	return rc;
}

void api_rounds_create(struct req *r)
{
	struct round_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, round_create_tx, create_finish);
}

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct round_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_round(r, 200, x->id);
}

/* The body of an edit: any of a create's fields but org; the rest stays. */
static int edit_decode(struct req *r, json_t *body, void *ctx)
{
	struct round_create *x = ctx;
	x->opens_at = x->closes_at = INT64_MIN;
	x->nschools = -1;
	int rc = json_object_get(body, "org") ? problem_set(&x->p, P_IMMUTABLE, "org", NULL)
					      : ERR_OK;
	if (!rc && json_object_get(body, "rules"))
		rc = problem_set(&x->p, P_IMMUTABLE, "rules",
				 "A round keeps the rule set it was made with.");
	if (!rc)
		rc = fields_get(r, body, x, false);
	if (!rc && json_object_get(body, "schools"))
		rc = schools_get(r, body, x);
	if (!rc)
		rc = priorities_get(r, body, x);
	if (!rc)
		rc = documents_get(r, body, x);
	return rc;
}

void api_rounds_update(struct req *r)
{
	struct round_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, edit_decode, x, &x->p, round_edit_tx, edit_finish);
}
