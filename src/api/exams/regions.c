/*
 * regions.c: the priority regions of schools over HTTP.
 *
 *   PUT /api/v1/exams/regions  {"regions":[{"org","region"}]}  (managers of
 *       the province or the ministry: domain/exams/session.h)
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/exams/session.h"

#define REGIONS_MAX 5000

static int regions_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_regions_set *x = ctx;
	json_t *list = json_object_get(body, "regions");
	if (!list)
		return problem_set(&x->p, P_REQUIRED, "regions", NULL);
	if (!json_is_array(list))
		return problem_set(&x->p, P_TYPE, "regions", "A list of {\"org\", \"region\"}.");
	if (json_array_size(list) > REGIONS_MAX)
		return problem_set(&x->p, P_TOO_MANY, "regions", NULL);
	x->n = (int)json_array_size(list);
	x->items = arena_calloc(&r->arena, (size_t)x->n + 1, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	for (int i = 0; i < x->n; i++) {
		json_t *o = json_array_get(list, (size_t)i);
		json_t *org = json_object_get(o, "org"), *region = json_object_get(o, "region");
		if (!json_is_string(org) || !json_is_string(region))
			return problem_set(&x->p, P_TYPE, arena_printf(&r->arena, "regions[%d]", i),
					   "Each item is {\"org\": CODE, \"region\": KV1 ...}.");
		x->items[i].org = arena_strdup(&r->arena, json_string_value(org));
		x->items[i].region = arena_strdup(&r->arena, json_string_value(region));
		if (!x->items[i].org || !x->items[i].region)
			return problem_err(&x->p, ERR_NOMEM);
	}
	return ERR_OK;
}

static void regions_finish(struct req *r, int rc, void *arg)
{
	struct exam_regions_set *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200, json_pack("{s:i}", "updated", x->n));
}

void api_exam_regions_put(struct req *r)
{
	struct exam_regions_set *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, regions_decode, x, &x->p, exam_regions_set_tx, regions_finish);
}
