/*
 * applications.c: applications to admission rounds over HTTP.
 *
 *   POST /api/v1/admissions/rounds/{id}/applications  apply for a child
 *        (a linked guardian; Idempotency-Key: a retry gets the first answer)
 *   GET  /api/v1/admissions/rounds/{id}/applications  the round's
 *        applications (staff of its office and schools; ?after=&limit=)
 *   GET  /api/v1/admissions/applications               a guardian's own
 *        (the linked children's, newest first; ?round=&limit=)
 *   GET  /api/v1/admissions/applications/{id}          one, with its versions
 *   PUT  /api/v1/admissions/applications/{id}          a new ranked list
 *
 * The rules are domain/admissions/application.h's. Reads of a child's
 * application answer once their audit entries are durable.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/application.h"
#include "domain/admissions/placement.h"
#include "domain/admissions/priority.h"

static json_t *instant_json(int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *choices_json(const char *const *choices, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(choices[i]));
	return a;
}

static json_t *group_json(int64_t g)
{
	return g == PRIORITY_NONE ? json_null() : json_integer((json_int_t)g);
}

/* One school of an explanation: its cutoff and the applicant's place. */
static json_t *why_json(const struct placement_why *w)
{
	json_t *cut = w->admitted ? json_pack("{s:o, s:I}", "group", group_json(w->cut_group),
					      "lottery", (json_int_t)w->cut_lottery)
				  : json_null();
	return json_pack("{s:s, s:b, s:o, s:{s:o, s:I}}", "school", w->school, "full", w->full,
			 "admitted_up_to", cut, "yours", "group", group_json(w->your_group),
			 "lottery", (json_int_t)w->your_lottery);
}

/* Why a placed application got its school and not one ranked higher
 * (docs/admissions.md, "Explanations"); null before a run. */
static json_t *explanation_json(struct arena *arena, const struct application *a)
{
	struct placement_explanation e;
	if (placement_explain(arena, a, &e))
		return json_null();
	json_t *above = json_array();
	for (int i = 0; i < e.nabove; i++)
		json_array_append_new(above, why_json(&e.above[i]));
	return json_pack("{s:o, s:o}", "above", above, "placed",
			 e.placed ? why_json(e.placed) : json_null());
}

static json_t *application_json(struct arena *arena, const struct application *a)
{
	json_t *j = json_pack("{s:I, s:I, s:{s:I, s:s, s:s}, s:i}", "id", (json_int_t)a->id,
			      "round", (json_int_t)a->round_id, "student", "id",
			      (json_int_t)a->person_id, "given_name", a->given_name, "family_name",
			      a->family_name, "version", a->version);
	if (!j)
		return NULL;
	json_object_set_new(j, "choices",
			    choices_json((const char *const *)a->choices, a->nchoices));
	json_object_set_new(j, "claims", a->claims ? json_loads(a->claims, 0, NULL) : json_null());
	json_object_set_new(j, "created_at", instant_json(a->created_at));
	json_object_set_new(j, "updated_at", instant_json(a->updated_at));
	json_t *placement = json_null();
	if (a->placed_known) {
		placement = json_pack("{s:I}", "lottery", (json_int_t)a->lottery);
		json_object_set_new(placement, "school",
				    a->placed_school ? json_string(a->placed_school) : json_null());
	}
	json_object_set_new(j, "placement", placement);
	json_object_set_new(j, "explanation", explanation_json(arena, a));
	admissions_offer_members(j, a);
	if (a->versions) {
		json_t *versions = json_array();
		for (int i = 0; i < a->nversions; i++) {
			const struct application_version *v = &a->versions[i];
			json_t *o = json_pack("{s:i}", "version", v->version);
			json_object_set_new(
				o, "choices",
				choices_json((const char *const *)v->choices, v->nchoices));
			json_object_set_new(o, "created_at", instant_json(v->created_at));
			json_object_set_new(o, "created_by",
					    v->created_by ? json_string(v->created_by)
							  : json_null());
			json_array_append_new(versions, o);
		}
		json_object_set_new(j, "versions", versions);
	}
	admissions_verification_json(j, a->verification);
	return j;
}

void admissions_reply_application(struct req *r, int status, int64_t id)
{
	struct application_view x = {.id = id};
	int rc = application_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	if (x.d.allowed && status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/admissions/applications/%" PRId64, id));
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, status,
				 x.d.allowed ? application_json(&r->arena, &x.a) : NULL, &x.p);
}

/*
 * The answer to the caller's own create or edit: the application as the
 * write left it, read in the write's transaction. That write's audit entry
 * (admissions.apply, admissions.edit) records the answer; a second entry
 * for reading back what one just wrote would double the audit's durable
 * writes, and a read transaction of its own the work, at the deadline
 * burst.
 */
static void reply_written(struct req *r, int status, const struct application *a)
{
	if (status == 201)
		res_header(
			r, "Location",
			arena_printf(&r->arena, "/api/v1/admissions/applications/%" PRId64, a->id));
	res_json(r, status, application_json(&r->arena, a));
}

void api_applications_get(struct req *r)
{
	int64_t id;
	if (api_path_id_or_reply(r, "id", &id))
		admissions_reply_application(r, 200, id);
}

/* The ranked list of a body: "choices", school codes, into the arena. */
static int choices_get(struct req *r, json_t *body, const char ***out, int *n, struct problem *p)
{
	json_t *list = json_object_get(body, "choices");
	if (!list)
		return problem_set(p, P_REQUIRED, "choices", NULL);
	if (!json_is_array(list))
		return problem_set(p, P_TYPE, "choices", "The choices are a list of school codes.");
	size_t k = json_array_size(list);
	if (k > ROUND_CHOICES_MAX)
		return problem_set(p, P_TOO_MANY, "choices", NULL);
	*out = arena_calloc(&r->arena, k + 1, sizeof(**out));
	if (!*out)
		return problem_err(p, ERR_NOMEM);
	for (size_t i = 0; i < k; i++) {
		json_t *s = json_array_get(list, i);
		const char *field = arena_printf(&r->arena, "choices[%zu]", i);
		if (!json_is_string(s))
			return problem_set(p, P_TYPE, field, "A choice is a school code.");
		if (json_string_length(s) > 32 || !json_string_length(s))
			return problem_set(p, P_SCHOOL_NOT_IN_ROUND, field, NULL);
		if (!((*out)[i] = arena_strdup(&r->arena, json_string_value(s))))
			return problem_err(p, ERR_NOMEM);
	}
	*n = (int)k;
	return ERR_OK;
}

/* The "claims" member as compact JSON (checked by the domain against the
 * round's priorities), *given whether the body has it. */
static int claims_get(struct req *r, json_t *body, const char **out, bool *given, struct problem *p)
{
	json_t *v = json_object_get(body, "claims");
	bool nomem;
	*given = v != NULL;
	if (v && !json_is_object(v) && !json_is_null(v))
		return problem_set(p, P_TYPE, "claims",
				   "The claims are an object with area, siblings and categories.");
	*out = priority_text(&r->arena, v, &nomem);
	return nomem ? problem_err(p, ERR_NOMEM) : ERR_OK;
}

static void write_finish(struct req *r, int rc, void *arg)
{
	struct application_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else if (x->replayed) /* the application as it is now, audited as a read */
		admissions_reply_application(r, 201, x->id);
	else
		reply_written(r, 201, &x->a);
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct application_create *x = ctx;
	int rc = json_get_int(body, "student", true, 1, INT64_MAX, &x->student, &x->p);
	bool given;
	if (!rc)
		rc = choices_get(r, body, &x->choices, &x->nchoices, &x->p);
	if (!rc)
		rc = claims_get(r, body, &x->claims, &given, &x->p);
	return rc;
}

void api_applications_create(struct req *r)
{
	struct application_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->round_id))
		return;
	x->by = api_actor(r);
	if (!api_idempotency_key_or_reply(r, APPLICATION_KEY_MAX, &x->key))
		return;
	api_write_body(r, create_decode, x, &x->p, application_create_tx, write_finish);
}

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct application_edit *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_written(r, 200, &x->a);
}

static int edit_decode(struct req *r, json_t *body, void *ctx)
{
	struct application_edit *x = ctx;
	int rc = choices_get(r, body, &x->choices, &x->nchoices, &x->p);
	return rc ? rc : claims_get(r, body, &x->claims, &x->claims_given, &x->p);
}

void api_applications_update(struct req *r)
{
	struct application_edit *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, edit_decode, x, &x->p, application_edit_tx, edit_finish);
}

void api_applications_list(struct req *r)
{
	struct application_list x = {0};
	int64_t limit = 100;
	if (!api_path_id_or_reply(r, "id", &x.round_id) ||
	    !api_query_id_or_reply(r, "after", false, INT64_MAX, &x.after) ||
	    !api_query_int_or_reply(r, "limit", 1, 1000, 100, &limit) ||
	    !admissions_review_filter_or_reply(r, &x.review))
		return;
	x.limit = (int)limit;
	int rc = application_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, application_json(&r->arena, &x.items[i]));
	const char *next =
		x.more && x.n ? arena_printf(&r->arena, "%" PRId64, x.items[x.n - 1].id) : NULL;
	api_audit_reply(r, x.audit, x.naudit, 200, api_page_json(items, next), NULL);
}

void api_applications_mine(struct req *r)
{
	struct application_list x = {0};
	int64_t limit = 100;
	if (!api_query_id_or_reply(r, "round", false, INT64_MAX, &x.round_id) ||
	    !api_query_int_or_reply(r, "limit", 1, 1000, 100, &limit))
		return;
	x.limit = (int)limit;
	int rc = application_mine_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, application_json(&r->arena, &x.items[i]));
	api_audit_reply(r, x.audit, x.naudit, 200, json_pack("{s:o}", "items", items), NULL);
}
