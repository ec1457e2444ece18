/*
 * second_rounds.c: a round's second round over HTTP.
 *
 *   POST /api/v1/admissions/rounds/{id}/second-round  make it (the office's
 *        officers): {"name", "opens_at", "closes_at", "max_choices"?, "seed"?}
 *
 * The rules are domain/admissions/second_round.h's. Answers 201 with the
 * new round.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/round.h"
#include "domain/admissions/second_round.h"

static void create_finish(struct req *r, int rc, void *arg)
{
	struct second_round_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		admissions_reply_round(r, 201, x->id, NULL);
}

/* An instant member (RFC 3339), required. */
static int instant_get(json_t *body, const char *key, int64_t *out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, true, 40, &s, p);
	if (rc)
		return rc;
	if (!round_instant_parse(s, out))
		return problem_set(p, P_INVALID, key,
				   "An instant is written like 2026-05-04T08:00:00+04:30 or "
				   "2026-05-04T03:30:00Z.");
	return ERR_OK;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct second_round_create *x = ctx;
	int64_t max_choices = 0;
	x->seed = -1;
	const char *name = NULL;
	int rc = json_get_string(body, "name", true, ROUND_NAME_MAX, &name, &x->p);
	if (!rc && !(x->name = arena_strdup(&r->arena, name)))
		rc = problem_err(&x->p, ERR_NOMEM);
	if (!rc)
		rc = instant_get(body, "opens_at", &x->opens_at, &x->p);
	if (!rc)
		rc = instant_get(body, "closes_at", &x->closes_at, &x->p);
	if (!rc)
		rc = json_get_int(body, "max_choices", false, 1, ROUND_CHOICES_MAX, &max_choices,
				  &x->p);
	if (!rc)
		rc = json_get_int(body, "seed", false, 0, ROUND_SEED_MAX, &x->seed, &x->p);
	x->max_choices = (int)max_choices;
	return rc;
}

void api_second_rounds_create(struct req *r)
{
	struct second_round_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->parent_id))
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, second_round_create_tx, create_finish);
}
