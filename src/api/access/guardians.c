/*
 * guardians.c: the accounts linked to a student as guardians.
 *
 *   GET    /api/v1/students/{id}/guardians               who is linked (a read)
 *   POST   /api/v1/students/{id}/guardians               link {"username","relation"}
 *   DELETE /api/v1/students/{id}/guardians/{username}    unlink
 *
 * Who may read and change the links, and what is audited, is
 * domain/access/guardian.h's. The list is answered once its audit entry is
 * durable (api_audit_reply).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/guardian.h"
#include "domain/access/user.h"

static json_t *link_json(const char *username, const char *relation, int64_t since)
{
	char at[32];
	time_iso8601(since, at, sizeof(at));
	return json_pack("{s:s, s:s, s:s}", "username", username, "relation", relation, "since",
			 at);
}

static json_t *links_json(const struct guardian_list *x)
{
	json_t *items = json_array();
	for (int i = 0; i < x->n; i++)
		json_array_append_new(items, link_json(x->items[i].username, x->items[i].relation,
						       x->items[i].since));
	return json_pack("{s:o}", "items", items);
}

void api_guardians_list(struct req *r)
{
	struct guardian_list *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->student))
		return;
	x->by = api_actor(r);
	int rc = guardian_list(api_app(r)->db, x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	api_audit_decision_reply(r, &x->audit, 1, x->d.allowed, 200,
				 x->d.allowed ? links_json(x) : NULL, &x->p);
}

/* The link and its student from the path; NULL once answered. */
static struct guardian_change *change_or_reply(struct req *r)
{
	struct guardian_change *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->student))
		return NULL;
	x->by = api_actor(r);
	return x;
}

static void add_finish(struct req *r, int rc, void *arg)
{
	struct guardian_change *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location",
		   arena_printf(&r->arena, "/api/v1/students/%" PRId64 "/guardians/%s", x->student,
				x->username));
	api_json(r, 201, link_json(x->username, x->relation, x->since));
}

/* The body of a link: the guardian's user name and relation. */
static int add_decode(struct req *r, json_t *body, void *ctx)
{
	struct guardian_change *x = ctx;
	const char *username = NULL, *relation = NULL;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &x->p);
	if (!rc)
		rc = json_get_string(body, "relation", true, 16, &relation, &x->p);
	if (!rc) {
		x->username = arena_strdup(&r->arena, username);
		x->relation = arena_strdup(&r->arena, relation);
		if (!x->username || !x->relation)
			rc = problem_err(&x->p, ERR_NOMEM);
	}
	return rc;
}

void api_guardians_add(struct req *r)
{
	struct guardian_change *x = change_or_reply(r);
	if (x)
		api_write_body(r, add_decode, x, &x->p, guardian_link_tx, add_finish);
}

static void remove_finish(struct req *r, int rc, void *arg)
{
	struct guardian_change *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

void api_guardians_remove(struct req *r)
{
	struct guardian_change *x = change_or_reply(r);
	if (!x)
		return;
	x->username = req_param(r, "username");
	api_write(r, guardian_unlink_tx, x, remove_finish);
}
