/*
 * reviews.c: the schools' reviews of an application over HTTP.
 *
 *   POST /api/v1/admissions/applications/{id}/reviews
 *        {"target": "document:<id>" | "claim:area" | "claim:sibling:<school>"
 *         | "claim:category:<name>", "decision": "verified" | "returned",
 *         "reason": "..."}: the application as it stands after it
 *   GET  /api/v1/admissions/applications/{id}/reviews
 *        every review, oldest first (the trail)
 *
 * The rules are domain/admissions/review.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/review.h"

static void review_finish(struct req *r, int rc, void *arg)
{
	struct review_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		admissions_reply_application(r, 200, x->application_id);
}

/* A string member copied into the arena (absent: *out stays NULL). */
static int string_get(struct req *r, json_t *body, const char *key, size_t max, const char **out,
		      struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, false, max, &s, p);
	if (!rc && s && !(*out = arena_strdup(&r->arena, s)))
		rc = problem_err(p, ERR_NOMEM);
	return rc;
}

static int review_decode(struct req *r, json_t *body, void *ctx)
{
	struct review_create *x = ctx;
	int rc = string_get(r, body, "target", REVIEW_TARGET_MAX, &x->target, &x->p);
	if (!rc)
		rc = string_get(r, body, "decision", 16, &x->decision, &x->p);
	if (!rc)
		rc = string_get(r, body, "reason", REVIEW_REASON_MAX, &x->reason, &x->p);
	if (!rc && !x->target)
		rc = problem_set(&x->p, P_REQUIRED, "target", NULL);
	if (!rc && !x->decision)
		rc = problem_set(&x->p, P_REQUIRED, "decision", NULL);
	return rc;
}

void api_reviews_create(struct req *r)
{
	struct review_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->application_id))
		return;
	x->by = api_actor(r);
	api_write_body(r, review_decode, x, &x->p, review_create_tx, review_finish);
}

void api_reviews_list(struct req *r)
{
	struct review_trail x = {0};
	if (!api_path_id_or_reply(r, "id", &x.application_id))
		return;
	int rc = review_trail_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = NULL;
	if (x.d.allowed) {
		items = json_array();
		for (int i = 0; i < x.n; i++) {
			const struct review_trail_entry *e = &x.items[i];
			char at[32];
			time_iso8601(e->at, at, sizeof(at));
			json_t *o =
				json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "target",
					  e->target, "decision", e->decision, "at", at);
			json_object_set_new(o, "reason",
					    e->reason ? json_string(e->reason) : json_null());
			json_object_set_new(o, "by", e->by ? json_string(e->by) : json_null());
			json_array_append_new(items, o);
		}
	}
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, 200,
				 x.d.allowed ? json_pack("{s:o}", "items", items) : NULL, &x.p);
}
