/*
 * repository.c: the national repository's routes (docs/records.md,
 * "National repository"), on the ministry instance, for its national
 * administrator only (repository.h):
 *
 *   POST /api/v1/repository/trust          import a province's trust list
 *   POST /api/v1/repository/records        submit sealed records (a batch)
 *   GET  /api/v1/repository/records/{id}   a record as held
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/handlers.h"
#include "domain/access/actor.h"
#include "domain/records/repository.h"

/* The caller, if they may use the repository; NULL once answered 403. */
static struct actor *admitted_or_reply(struct req *r)
{
	struct actor *by = api_actor(r);
	struct problem p;
	int rc = by ? repository_admit(by, &p) : problem_err(&p, ERR_NOMEM);
	if (rc) {
		api_problem(r, rc, &p);
		return NULL;
	}
	return by;
}

/* ---- trust list import ---- */

static void import_finish(struct req *r, int rc, void *arg)
{
	struct repository_import_job *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I, s:s}", "imported", (json_int_t)x->n, "signer", x->l.signer));
}

void api_repository_trust(struct req *r)
{
	struct actor *by = admitted_or_reply(r);
	if (!by)
		return;
	json_t *doc = req_json_or_reply(r);
	if (!doc)
		return;
	struct repository_import_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	int rc = x ? repository_import_load(x, doc, &r->arena) : ERR_NOMEM;
	json_decref(doc);
	if (rc) {
		api_problem(r, rc, x ? &x->p : NULL);
		return;
	}
	x->by = by->who->user_id;
	x->now = time_now_unix();
	api_write(r, repository_import_tx, x, import_finish);
}

/* ---- submission ---- */

struct submit_job {
	struct repository_submission s; /* first: the write's context */
	json_t *body;			/* holds the submitted records */
};

static json_t *results_json(const struct repository_submission *s, size_t count[])
{
	json_t *results = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const struct repository_item *it = &s->items[i];
		count[it->state]++;
		json_t *j = json_pack("{s:I, s:s}", "index", (json_int_t)i, "status",
				      repository_state_name(it->state));
		json_object_set_new(j, "id", it->uuid ? json_string(it->uuid) : json_null());
		if (it->state == REPOSITORY_REJECTED) {
			json_object_set_new(j, "check", json_string(it->check));
			json_object_set_new(j, "detail", json_string(it->detail ? it->detail : ""));
		}
		json_array_append_new(results, j);
	}
	return results;
}

static void submit_finish(struct req *r, int rc, void *arg)
{
	struct submit_job *x = arg;
	if (rc) {
		json_decref(x->body);
		api_problem(r, rc, &x->s.p);
		return;
	}
	size_t count[REPOSITORY__STATES] = {0};
	json_t *results = results_json(&x->s, count);
	json_decref(x->body);
	api_json(r, 200,
		 json_pack("{s:I, s:I, s:I, s:o}", "accepted",
			   (json_int_t)count[REPOSITORY_ACCEPTED], "duplicate",
			   (json_int_t)count[REPOSITORY_DUPLICATE], "rejected",
			   (json_int_t)count[REPOSITORY_REJECTED], "results", results));
}

void api_repository_submit(struct req *r)
{
	struct actor *by = admitted_or_reply(r);
	if (!by)
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct submit_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->body = body;
	x->s = (struct repository_submission){.records = json_object_get(body, "records"),
					      .by = by->who->user_id,
					      .now = time_now_unix(),
					      .a = &r->arena};
	int rc = repository_submit_check(api_app(r)->db, &x->s);
	if (rc) {
		json_decref(body);
		api_problem(r, rc, &x->s.p);
		return;
	}
	api_write(r, repository_submit_tx, &x->s, submit_finish);
}

/* ---- read back ---- */

void api_repository_get(struct req *r)
{
	struct actor *by = admitted_or_reply(r);
	if (!by)
		return;
	const char *id = req_param(r, "id");
	if (!id || strlen(id) > 64) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	struct repository_read *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->uuid =
		arena_printf(&r->arena, "%s%s", strncmp(id, "urn:uuid:", 9) ? "urn:uuid:" : "", id);
	int rc = x->uuid ? repository_read_as(api_app(r)->db, by, x) : ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	if (!x->found) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	api_audit_body_reply(r, &x->entry, 1, 200, "application/json", x->text, x->len);
}
