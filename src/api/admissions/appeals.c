/*
 * appeals.c: appeals against a placement over HTTP.
 *
 *   POST /api/v1/admissions/applications/{id}/appeals  file one (the guardian)
 *   GET  /api/v1/admissions/rounds/{id}/appeals        a round's (its officers;
 *        ?status=open|upheld|dismissed&after=&limit=)
 *   POST /api/v1/admissions/appeals/{id}/decision      decide one (its officers)
 *
 * The rules are domain/admissions/appeal.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/appeal.h"

/* String member key (at most max characters) copied into the arena. */
static int string_get(struct req *r, json_t *body, const char *key, bool required, size_t max,
		      const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, required, max, &s, p);
	if (rc || !s)
		return rc;
	*out = arena_strdup(&r->arena, s);
	return *out ? ERR_OK : problem_err(p, ERR_NOMEM);
}

static void file_finish(struct req *r, int rc, void *arg)
{
	struct appeal_file *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location",
		   arena_printf(&r->arena, "/api/v1/admissions/appeals/%" PRId64, x->out.id));
	api_json(r, 201, admissions_appeal_json(&x->out));
}

static int file_decode(struct req *r, json_t *body, void *ctx)
{
	struct appeal_file *x = ctx;
	return string_get(r, body, "reason", true, APPEAL_REASON_MAX, &x->reason, &x->p);
}

void api_appeals_create(struct req *r)
{
	struct appeal_file *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->application_id))
		return;
	x->by = api_actor(r);
	api_write_body(r, file_decode, x, &x->p, appeal_file_tx, file_finish);
}

static void decide_finish(struct req *r, int rc, void *arg)
{
	struct appeal_decision *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	json_t *j = admissions_appeal_json(&x->out);
	json_object_set_new(j, "moved", json_integer(x->moved));
	api_json(r, 200, j);
}

static int decide_decode(struct req *r, json_t *body, void *ctx)
{
	struct appeal_decision *x = ctx;
	int rc = string_get(r, body, "decision", true, 20, &x->decision, &x->p);
	if (!rc)
		rc = string_get(r, body, "reason", true, APPEAL_REASON_MAX, &x->reason, &x->p);
	if (!rc)
		rc = string_get(r, body, "school", false, 64, &x->school, &x->p);
	return rc;
}

void api_appeals_decide(struct req *r)
{
	struct appeal_decision *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, decide_decode, x, &x->p, appeal_decide_tx, decide_finish);
}

void api_appeals_list(struct req *r)
{
	struct appeal_list x = {0};
	if (!api_path_id_or_reply(r, "id", &x.round_id) ||
	    !api_page_or_reply(r, &x.after, &x.limit))
		return;
	const char *status = req_query(r, "status");
	x.status = status && *status ? status : NULL;
	int rc = appeal_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, admissions_appeal_json(&x.items[i]));
	const char *next =
		x.more && x.n ? arena_printf(&r->arena, "%" PRId64, x.items[x.n - 1].id) : NULL;
	api_audit_reply(r, x.audit, (size_t)x.n, 200, api_page_json(items, next), NULL);
}
