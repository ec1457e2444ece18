/*
 * categories.c: ticket categories and their deadlines over HTTP.
 *
 *   GET /api/v1/support/categories                 the caller's country's
 *       (?country=IR|VN), with the deadlines per level in minutes
 *   PUT /api/v1/support/categories/{id}/deadlines   [{"level",
 *       "first_answer_min","resolve_min"}] (a ministry_admin of the
 *       category's country)
 *
 * The rules are domain/support/category.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/support/category.h"

static json_t *category_json(const struct support_category *k)
{
	json_t *names = json_loads(k->names, 0, NULL);
	json_t *deadlines = json_object();
	for (int i = 0; deadlines && i < k->ndeadlines; i++)
		json_object_set_new(deadlines, k->deadlines[i].level,
				    json_pack("{s:I,s:I}", "first_answer_min",
					      (json_int_t)k->deadlines[i].first_answer_min,
					      "resolve_min",
					      (json_int_t)k->deadlines[i].resolve_min));
	return json_pack("{s:I,s:s,s:o,s:i,s:o}", "id", (json_int_t)k->id, "code", k->code, "names",
			 names ? names : json_object(), "position", k->position, "deadlines",
			 deadlines ? deadlines : json_null());
}

void api_support_categories_list(struct req *r)
{
	struct support_category_list x = {0};
	const char *country = req_query(r, "country");
	if (country && *country) {
		if (strcmp(country, "IR") && strcmp(country, "VN")) {
			res_error(r, P_UNKNOWN_COUNTRY, "country", NULL);
			return;
		}
		x.country = country;
	}
	int rc = support_category_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < x.n; i++)
		json_array_append_new(items, category_json(&x.items[i]));
	api_json(r, 200, json_pack("{s:s,s:o}", "country", x.country, "items", items));
}

static int deadlines_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_deadlines_put *x = ctx;
	json_t *list = json_is_array(body) ? body : json_object_get(body, "deadlines");
	if (!list)
		return problem_set(&x->p, P_REQUIRED, "deadlines",
				   "Send a list of {level, first_answer_min, resolve_min}.");
	if (!json_is_array(list))
		return problem_set(&x->p, P_TYPE, "deadlines", "A list of deadlines.");
	size_t n = json_array_size(list);
	if (!n)
		return problem_set(&x->p, P_REQUIRED, "deadlines", "Name at least one level.");
	if (n > SUPPORT_LEVELS)
		return problem_set(&x->p, P_TOO_MANY, "deadlines", NULL);
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(list, i);
		struct support_deadline *d = &x->in[i];
		const char *level = NULL;
		const char *f = arena_printf(&r->arena, "[%zu].level", i);
		const char *fa = arena_printf(&r->arena, "[%zu].first_answer_min", i);
		const char *fr = arena_printf(&r->arena, "[%zu].resolve_min", i);
		if (!f || !fa || !fr)
			return problem_err(&x->p, ERR_NOMEM);
		if (!json_is_object(it))
			return problem_set(&x->p, P_TYPE, arena_printf(&r->arena, "[%zu]", i),
					   "A deadline is an object.");
		int rc = json_get_string(it, "level", true, 16, &level, &x->p);
		if (rc) {
			x->p.field = f;
			return rc;
		}
		if (!support_level_valid(level))
			return problem_set(&x->p, P_UNKNOWN_VALUE, f,
					   "A level is school, district, province or ministry.");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(x->in[j].level, level))
				return problem_set(&x->p, P_DUPLICATE, f, NULL);
		rc = json_get_int(it, "first_answer_min", true, 1, SUPPORT_DEADLINE_MAX,
				  &d->first_answer_min, &x->p);
		if (rc) {
			x->p.field = fa;
			return rc;
		}
		rc = json_get_int(it, "resolve_min", true, 1, SUPPORT_DEADLINE_MAX, &d->resolve_min,
				  &x->p);
		if (rc) {
			x->p.field = fr;
			return rc;
		}
		if (d->first_answer_min > d->resolve_min)
			return problem_set(&x->p, P_OUT_OF_RANGE, fa,
					   "The first answer is due no later than the resolution.");
		d->level = arena_strdup(&r->arena, level);
		if (!d->level)
			return problem_err(&x->p, ERR_NOMEM);
		x->nin++;
	}
	return ERR_OK;
}

static void deadlines_finish(struct req *r, int rc, void *arg)
{
	struct support_deadlines_put *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200, category_json(&x->out));
}

void api_support_deadlines_put(struct req *r)
{
	struct support_deadlines_put *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	/* The body is the list itself (or {"deadlines": [...]}). */
	size_t i = 0;
	while (i < r->body.len && strchr(" \t\r\n", r->body.p[i]))
		i++;
	if (i == r->body.len || r->body.p[i] != '[') {
		api_write_body(r, deadlines_decode, x, &x->p, support_deadlines_put_tx,
			       deadlines_finish);
		return;
	}
	if (!req_is_json(r)) {
		res_error(r, P_UNSUPPORTED_MEDIA_TYPE, NULL, "Send application/json.");
		return;
	}
	json_t *body = NULL;
	int rc = json_decode(r->body.p, r->body.len, r->json_limits, &body, &x->p);
	if (!rc)
		rc = deadlines_decode(r, body, x);
	json_decref(body);
	if (rc) {
		res_problem(r, &x->p);
		return;
	}
	api_write(r, support_deadlines_put_tx, x, deadlines_finish);
}
