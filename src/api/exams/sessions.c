/*
 * sessions.c: exam sessions over HTTP.
 *
 *   POST  /api/v1/exams/sessions       create (managers of a ministry or
 *         province: domain/exams/session.h)
 *   GET   /api/v1/exams/sessions       the sessions the caller sees
 *   GET   /api/v1/exams/sessions/{id}  one, with its councils and sites
 *   PATCH /api/v1/exams/sessions/{id}  name and instants
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/exams/exams.h"
#include "api/exams/handlers.h"
#include "domain/exams/session.h"

/* A string member `key` of o (field name `field`) copied into the arena:
 * absent or null leaves *out NULL unless required. */
static int str_get(struct req *r, json_t *o, const char *key, const char *field, bool required,
		   size_t max, const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(o, key, required, max, &s, p);
	if (rc) {
		p->field = field;
		return rc;
	}
	*out = s ? arena_strdup(&r->arena, s) : NULL;
	return s && !*out ? problem_err(p, ERR_NOMEM) : ERR_OK;
}

/* The list member `key` of body: its size, or the problem. */
static int list_get(json_t *body, const char *key, size_t max, json_t **out, struct problem *p)
{
	*out = json_object_get(body, key);
	if (!*out || json_is_null(*out)) {
		*out = NULL;
		return ERR_OK;
	}
	if (!json_is_array(*out))
		return problem_set(p, P_TYPE, key, "This field is a list.");
	if (json_array_size(*out) > max)
		return problem_set(p, P_TOO_MANY, key, NULL);
	return ERR_OK;
}

static int councils_decode(struct req *r, json_t *body, struct exam_session_create *x)
{
	json_t *list;
	int rc = list_get(body, "councils", EXAM_COUNCILS_MAX, &list, &x->p);
	if (rc || !list)
		return rc;
	x->ncouncils = (int)json_array_size(list);
	x->councils = arena_calloc(&r->arena, (size_t)x->ncouncils + 1, sizeof(*x->councils));
	if (!x->councils)
		return problem_err(&x->p, ERR_NOMEM);
	for (int i = 0; !rc && i < x->ncouncils; i++) {
		json_t *k = json_array_get(list, (size_t)i);
		struct exam_council_in *c = &x->councils[i];
		if (!json_is_object(k))
			return problem_set(&x->p, P_TYPE,
					   arena_printf(&r->arena, "councils[%d]", i),
					   "A council is an object.");
		rc = str_get(r, k, "code", arena_printf(&r->arena, "councils[%d].code", i), true, 8,
			     &c->code, &x->p);
		if (!rc)
			rc = str_get(r, k, "name", arena_printf(&r->arena, "councils[%d].name", i),
				     false, 200, &c->name, &x->p);
		if (!rc)
			rc = str_get(r, k, "org", arena_printf(&r->arena, "councils[%d].org", i),
				     true, 32, &c->org, &x->p);
	}
	return rc;
}

static int sites_decode(struct req *r, json_t *body, struct exam_session_create *x)
{
	json_t *list;
	int rc = list_get(body, "sites", EXAM_SITES_MAX, &list, &x->p);
	if (rc || !list)
		return rc;
	x->nsites = (int)json_array_size(list);
	x->sites = arena_calloc(&r->arena, (size_t)x->nsites + 1, sizeof(*x->sites));
	if (!x->sites)
		return problem_err(&x->p, ERR_NOMEM);
	for (int i = 0; !rc && i < x->nsites; i++) {
		json_t *k = json_array_get(list, (size_t)i);
		struct exam_site_in *t = &x->sites[i];
		const char *f = arena_printf(&r->arena, "sites[%d]", i);
		if (!json_is_object(k))
			return problem_set(&x->p, P_TYPE, f, "A site is an object.");
		rc = str_get(r, k, "code", arena_printf(&r->arena, "%s.code", f), true, 32,
			     &t->code, &x->p);
		if (!rc)
			rc = str_get(r, k, "council", arena_printf(&r->arena, "%s.council", f),
				     true, 8, &t->council, &x->p);
		if (!rc)
			rc = str_get(r, k, "school", arena_printf(&r->arena, "%s.school", f), true,
				     32, &t->school, &x->p);
		if (!rc)
			rc = str_get(r, k, "name", arena_printf(&r->arena, "%s.name", f), false,
				     200, &t->name, &x->p);
		if (!rc)
			rc = json_get_int(k, "rooms", true, 1, 10000, &t->rooms, &x->p);
		if (!rc)
			rc = json_get_bool(k, "free_candidates", false, &t->free_candidates, &x->p);
		if (rc && x->p.field && !strchr(x->p.field, '.'))
			x->p.field = arena_printf(&r->arena, "%s.%s", f, x->p.field);
	}
	return rc;
}

/* The instants of a body; for a change, whether results_at and
 * remarks_close_at are present (null clears them). */
static int instants_decode(struct req *r, json_t *body, struct exam_session_create *x,
			   bool required)
{
	int rc = str_get(r, body, "opens_at", "opens_at", required, 40, &x->opens_at, &x->p);
	if (!rc)
		rc = str_get(r, body, "closes_at", "closes_at", required, 40, &x->closes_at, &x->p);
	if (!rc)
		rc = str_get(r, body, "results_at", "results_at", false, 40, &x->results_at, &x->p);
	if (!rc)
		rc = str_get(r, body, "remarks_close_at", "remarks_close_at", false, 40,
			     &x->remarks_close_at, &x->p);
	x->results_at_given = json_object_get(body, "results_at") != NULL;
	x->remarks_close_at_given = json_object_get(body, "remarks_close_at") != NULL;
	return rc;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_session_create *x = ctx;
	int rc = str_get(r, body, "org", "org", true, 32, &x->org, &x->p);
	if (!rc)
		rc = str_get(r, body, "pack", "pack", true, 64, &x->pack, &x->p);
	if (!rc)
		rc = str_get(r, body, "name", "name", true, 200, &x->name, &x->p);
	if (!rc)
		rc = str_get(r, body, "time_zone", "time_zone", false, 64, &x->time_zone, &x->p);
	if (!rc)
		rc = instants_decode(r, body, x, true);
	if (!rc)
		rc = councils_decode(r, body, x);
	if (!rc)
		rc = sites_decode(r, body, x);
	return rc;
}

static void written_finish(struct req *r, int rc, void *arg)
{
	struct exam_session_create *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	int status = r->method == HTTP_POST ? 201 : 200;
	if (status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/exams/sessions/%" PRId64, x->s.id));
	api_json(r, status, exams_session_json(&x->s, true));
}

void api_exam_sessions_create(struct req *r)
{
	struct exam_session_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, exam_session_create_tx, written_finish);
}

static int edit_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_session_create *x = ctx;
	int rc = str_get(r, body, "name", "name", false, 200, &x->name, &x->p);
	static const char *const fixed[] = {"org", "pack", "time_zone", "councils", "sites"};
	for (size_t i = 0; !rc && i < ARRAY_SIZE(fixed); i++)
		if (json_object_get(body, fixed[i]))
			rc = problem_set(&x->p, P_IMMUTABLE, fixed[i], NULL);
	return rc ? rc : instants_decode(r, body, x, false);
}

void api_exam_sessions_update(struct req *r)
{
	struct exam_session_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, edit_decode, x, &x->p, exam_session_edit_tx, written_finish);
}

void api_exam_sessions_get(struct req *r)
{
	struct exam_session_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = exam_session_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_json(r, 200, exams_session_json(&x.s, true));
}

void api_exam_sessions_list(struct req *r)
{
	struct exam_session_list x = {0};
	int rc = exam_session_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < x.n; i++)
		json_array_append_new(items, exams_session_json(&x.items[i], false));
	api_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
}
