/*
 * reviews.c: a school's review of a registration over HTTP.
 *
 *   POST /api/v1/exams/registrations/{id}/review
 *        {"decision": "confirmed" | "returned", "reason": "..."}: the
 *        registration's status, evidence and reviews after it
 *
 * The rules are domain/exams/review.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "api/exams/review_json.h"
#include "domain/exams/review.h"

static void review_finish(struct req *r, int rc, void *arg)
{
	struct exam_review_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		exams_registration_reply(r, 200, x->registration_id, NULL);
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
	struct exam_review_create *x = ctx;
	int rc = string_get(r, body, "decision", 16, &x->decision, &x->p);
	if (!rc)
		rc = string_get(r, body, "reason", EXAM_REVIEW_REASON_MAX, &x->reason, &x->p);
	if (!rc && !x->decision)
		rc = problem_set(&x->p, P_REQUIRED, "decision", NULL);
	return rc;
}

void api_exam_review_create(struct req *r)
{
	struct exam_review_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->registration_id))
		return;
	x->now_ms = time_now_ms(); /* the request's arrival */
	x->by = api_actor(r);
	api_write_body(r, review_decode, x, &x->p, exam_review_create_tx, review_finish);
}
