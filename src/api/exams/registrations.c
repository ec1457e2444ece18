/*
 * registrations.c: candidates' registrations over HTTP.
 *
 *   POST /api/v1/exams/sessions/{id}/registrations  register (the candidate;
 *        Idempotency-Key: a retry gets the first answer)
 *   GET  /api/v1/exams/sessions/{id}/registrations  a session's (staff of
 *        its office, or of a school with ?school=; &status=&after=&limit=)
 *   GET  /api/v1/exams/registrations/mine            the caller's own, and
 *        their children's for a guardian
 *   GET  /api/v1/exams/registrations/{id}            one, with its versions
 *   PUT  /api/v1/exams/registrations/{id}            a new version
 *
 * The rules are domain/exams/registration.h's. The window's instant is
 * taken here, when the request arrives. Reads answer once their audit
 * entries are durable.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/exams.h"
#include "api/exams/handlers.h"
#include "domain/common/instant.h"
#include "domain/exams/registration.h"

/* A list of codes `key` of body into the arena (absent: none). */
static int codes_get(struct req *r, json_t *body, const char *key, const char ***out, int *n,
		     struct problem *p)
{
	json_t *list = json_object_get(body, key);
	*n = 0;
	*out = NULL;
	if (!list || json_is_null(list))
		return ERR_OK;
	if (!json_is_array(list))
		return problem_set(p, P_TYPE, key, "A list of codes.");
	size_t k = json_array_size(list);
	if (k > EXAM_SUBJECTS_MAX)
		return problem_set(p, P_TOO_MANY, key, NULL);
	*out = arena_calloc(&r->arena, k + 1, sizeof(**out));
	if (!*out)
		return problem_err(p, ERR_NOMEM);
	for (size_t i = 0; i < k; i++) {
		json_t *s = json_array_get(list, i);
		if (!json_is_string(s) || !json_string_length(s) || json_string_length(s) > 64)
			return problem_set(p, P_TYPE, arena_printf(&r->arena, "%s[%zu]", key, i),
					   "A code is a string of 1 to 64 characters.");
		if (!((*out)[i] = arena_strdup(&r->arena, json_string_value(s))))
			return problem_err(p, ERR_NOMEM);
	}
	*n = (int)k;
	return ERR_OK;
}

static int opt_string(struct req *r, json_t *body, const char *key, const char **out,
		      struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, false, 64, &s, p);
	if (rc)
		return rc;
	*out = s ? arena_strdup(&r->arena, s) : NULL;
	return s && !*out ? problem_err(p, ERR_NOMEM) : ERR_OK;
}

static int choice_decode(struct req *r, json_t *body, struct exam_choice *in, struct problem *p)
{
	if (!json_object_get(body, "subjects"))
		return problem_set(p, P_REQUIRED, "subjects", NULL);
	int rc = codes_get(r, body, "subjects", &in->subjects, &in->nsubjects, p);
	if (!rc)
		rc = codes_get(r, body, "exemptions", &in->exemptions, &in->nexemptions, p);
	if (!rc)
		rc = opt_string(r, body, "category", &in->category, p);
	if (!rc)
		rc = opt_string(r, body, "track", &in->track, p);
	return rc;
}

static void reply_written(struct req *r, int status, const struct exam_registration *x)
{
	if (status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/exams/registrations/%" PRId64, x->id));
	api_json(r, status, exams_registration_json(x));
}

static void create_finish(struct req *r, int rc, void *arg)
{
	struct exam_registration_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_written(r, 201, &x->r);
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_registration_create *x = ctx;
	int rc = choice_decode(r, body, &x->in, &x->p);
	/* The registry's part is read now, on a reader, so that the writer's
	 * transaction holds only the writes. */
	if (!rc && (rc = exam_registration_prepare_read(api_app(r)->db, x)))
		rc = problem_err(&x->p, rc);
	return rc;
}

void api_exam_registrations_create(struct req *r)
{
	int64_t now = time_now_ms(); /* the window's instant: the request's arrival */
	struct exam_registration_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->session_id))
		return;
	x->by = api_actor(r);
	x->now = now;
	x->lang = language_pick(req_header(r, "Accept-Language"));
	const char *key = req_header(r, "Idempotency-Key");
	if (key && (!*key || strlen(key) > EXAM_KEY_MAX)) {
		problem_set(&x->p, P_INVALID, "Idempotency-Key",
			    "An Idempotency-Key is 1 to 200 characters.");
		res_problem(r, &x->p);
		return;
	}
	x->key = key ? arena_strdup(&r->arena, key) : NULL;
	api_write_body(r, create_decode, x, &x->p, exam_registration_create_tx, create_finish);
}

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct exam_registration_edit *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_written(r, 200, &x->r);
}

static int edit_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_registration_edit *x = ctx;
	return choice_decode(r, body, &x->in, &x->p);
}

void api_exam_registrations_update(struct req *r)
{
	int64_t now = time_now_ms();
	struct exam_registration_edit *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = now;
	x->lang = language_pick(req_header(r, "Accept-Language"));
	api_write_body(r, edit_decode, x, &x->p, exam_registration_edit_tx, edit_finish);
}

void api_exam_registrations_get(struct req *r)
{
	struct exam_registration_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = exam_registration_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, 200,
				 x.d.allowed ? exams_registration_json(&x.r) : NULL, &x.p);
}

static void reply_list(struct req *r, struct exam_registration_list *x, bool paged)
{
	json_t *items = json_array();
	for (int i = 0; items && i < x->n; i++)
		json_array_append_new(items, exams_registration_json(&x->items[i]));
	const char *next = paged && x->more && x->n
				   ? arena_printf(&r->arena, "%" PRId64, x->items[x->n - 1].id)
				   : NULL;
	api_audit_reply(r, x->audit, x->naudit, 200,
			paged ? api_page_json(items, next) : json_pack("{s:o}", "items", items),
			NULL);
}

void api_exam_registrations_list(struct req *r)
{
	struct exam_registration_list x = {0};
	int64_t limit = 100;
	if (!api_path_id_or_reply(r, "id", &x.session_id) ||
	    !api_query_id_or_reply(r, "after", false, INT64_MAX, &x.after) ||
	    !api_query_int_or_reply(r, "limit", 1, 1000, 100, &limit))
		return;
	x.limit = (int)limit;
	const char *school = req_query(r, "school"), *status = req_query(r, "status");
	x.school = school && *school ? school : NULL;
	x.status = status && *status ? status : NULL;
	if (x.status && strcmp(x.status, "submitted") && strcmp(x.status, "confirmed") &&
	    strcmp(x.status, "returned")) {
		res_error(r, P_UNKNOWN_VALUE, "status",
			  "The status is submitted, confirmed or returned.");
		return;
	}
	int rc = exam_registration_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	reply_list(r, &x, true);
}

void api_exam_registrations_mine(struct req *r)
{
	struct exam_registration_list x = {.limit = 100};
	int rc = exam_registration_mine_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	reply_list(r, &x, false);
}
