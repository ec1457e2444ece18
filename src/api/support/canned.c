/*
 * canned.c: canned answers per level over HTTP (domain/support/canned.h).
 *
 *   GET    /api/v1/support/canned?org=CODE&lang=   {"items":[answer]}
 *   POST   /api/v1/support/canned {"org","lang","title","body"}   201 answer
 *   PUT    /api/v1/support/canned/{id} {"lang","title","body"}   200 answer
 *   DELETE /api/v1/support/canned/{id}   204
 *
 * answer: {"id","org":{"code","name","kind"},"lang","title","body",
 * "can_edit","created_at","updated_at"}.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/support/canned.h"

static json_t *canned_json(const struct canned *k)
{
	char created[32], updated[32];
	time_iso8601(k->created_at_ms / 1000, created, sizeof(created));
	time_iso8601(k->updated_at_ms / 1000, updated, sizeof(updated));
	return json_pack("{s:I, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
			 (json_int_t)k->id, "org", "code", k->org_code, "name", k->org_name, "kind",
			 k->org_kind, "lang", k->lang, "title", k->title, "body", k->body,
			 "can_edit", k->can_edit, "created_at", created, "updated_at", updated);
}

void api_canned_list(struct req *r)
{
	struct canned_list x = {
		.who = api_principal(r),
		.org_code = req_query(r, "org"),
		.lang = req_query(r, "lang"),
		.arena = &r->arena,
	};
	if (x.org_code && !*x.org_code)
		x.org_code = NULL;
	if (x.lang && !*x.lang)
		x.lang = NULL;
	int rc = canned_list(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, canned_json(&x.items[i]));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

static void write_finish(struct req *r, int rc, void *ctx)
{
	struct canned_write *x = ctx;
	if (rc)
		api_problem(r, rc, &x->p);
	else if (x->del)
		res_body(r, 204, NULL, "", 0);
	else
		api_json(r, x->id ? 200 : 201, canned_json(&x->out));
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

static int write_decode(struct req *r, json_t *body, void *ctx)
{
	struct canned_write *x = ctx;
	int rc = x->id ? ERR_OK : string_get(r, body, "org", 64, &x->org_code, &x->p);
	if (!rc)
		rc = string_get(r, body, "lang", 8, &x->lang, &x->p);
	if (!rc)
		rc = string_get(r, body, "title", 0, &x->title, &x->p);
	if (!rc)
		rc = string_get(r, body, "body", 0, &x->body, &x->p);
	return rc;
}

void api_canned_create(struct req *r)
{
	struct canned_write *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, write_decode, x, &x->p, canned_write_tx, write_finish);
}

void api_canned_update(struct req *r)
{
	struct canned_write *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, write_decode, x, &x->p, canned_write_tx, write_finish);
}

void api_canned_delete(struct req *r)
{
	struct canned_write *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->del = true;
	api_write(r, canned_write_tx, x, write_finish);
}
