/*
 * satisfaction.c: the requester's rating over HTTP
 * (domain/support/satisfaction.h).
 *
 *   POST /api/v1/support/tickets/{id}/satisfaction {"score":1..5,"comment"?}
 *        200: the ticket, with "satisfaction":{"score","comment"}
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "api/support/support.h"
#include "domain/support/satisfaction.h"

static int rate_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_rate *x = ctx;
	int rc = json_get_int(body, "score", true, 1, 5, &x->score, &x->p);
	const char *s = NULL;
	if (!rc)
		rc = json_get_string(body, "comment", false, SATISFACTION_COMMENT_MAX, &s, &x->p);
	if (!rc && s && *s && !(x->comment = arena_strdup(&r->arena, s)))
		rc = problem_err(&x->p, ERR_NOMEM);
	return rc;
}

static void rate_finish(struct req *r, int rc, void *ctx)
{
	struct support_rate *x = ctx;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200, support_ticket_json(&x->t, false));
}

void api_support_satisfaction(struct req *r)
{
	struct support_rate *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = time_now_ms();
	api_write_body(r, rate_decode, x, &x->p, support_rate_tx, rate_finish);
}
