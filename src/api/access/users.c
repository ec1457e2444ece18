/*
 * users.c: accounts as staff manage them.
 *
 *   POST /api/v1/users                          create, with a one-time code
 *   GET  /api/v1/users?org=&after=&limit=       accounts of a subtree
 *   GET  /api/v1/users/{username}               one account
 *   POST /api/v1/users/{username}/disable       lock it and end its sessions
 *   POST /api/v1/users/{username}/enable
 *   POST /api/v1/users/{username}/reset-code    a one-time code to set a password
 *
 * Who may create and manage which account is domain/access/user.h's rule.
 * Answers carry one-time codes, never passwords.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/user.h"

#define USERS_PAGE_MAX 200

static json_t *account_json(const struct account *a)
{
	json_t *roles = json_array();
	for (int i = 0; i < a->ngrants; i++)
		json_array_append_new(roles,
				      json_pack("{s:s, s:s?}", "role", role_name(a->grants[i].role),
						"org", a->grants[i].org_code));
	char created[32];
	time_iso8601(a->created_at, created, sizeof(created));
	json_t *j = json_pack("{s:I, s:s, s:o, s:b, s:b, s:b, s:s}", "id", (json_int_t)a->id,
			      "username", a->username, "roles", roles, "disabled", a->disabled,
			      "must_change_password", a->must_change_password, "totp_enabled",
			      a->totp_enabled, "created_at", created);
	json_object_set_new(j, "person_id",
			    a->person_id ? json_integer(a->person_id) : json_null());
	return j;
}

/* ---- create ---- */

static void create_finish(struct req *r, int rc, void *arg)
{
	struct user_new *u = arg;
	if (rc) {
		api_problem(r, rc, &u->p);
		return;
	}
	char expires[32];
	time_iso8601(u->now + u->ttl, expires, sizeof(expires));
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/users/%s", u->username));
	api_json(r, 201,
		 json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s}", "id", (json_int_t)u->id, "username",
			   u->username, "role", role_name(u->parsed), "org", u->org, "code",
			   u->code, "expires_at", expires));
}

void api_users_create(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct user_new *u = arena_calloc(&r->arena, 1, sizeof(*u));
	int rc = u ? ERR_OK : ERR_NOMEM;
	struct problem p = {0};
	const char *username = NULL, *role = NULL, *org = NULL;
	if (!rc)
		rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &p);
	if (!rc)
		rc = json_get_string(body, "role", true, 32, &role, &p);
	if (!rc)
		rc = json_get_string(body, "org", false, 64, &org, &p);
	if (!rc) {
		u->by = api_actor(r);
		u->username = arena_strdup(&r->arena, username);
		u->role = arena_strdup(&r->arena, role);
		u->org = org ? arena_strdup(&r->arena, org) : NULL;
		u->ttl = api_app(r)->cfg->code_ttl;
		if (!u->by || !u->username || !u->role || (org && !u->org))
			rc = problem_err(&p, ERR_NOMEM);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	api_write(r, user_new_tx, u, create_finish);
}

/* ---- list and read ---- */

void api_users_list(struct req *r)
{
	int64_t limit, after;
	if (!api_query_int_or_reply(r, "limit", 1, USERS_PAGE_MAX, 50, &limit) ||
	    !api_query_int_or_reply(r, "after", 0, INT64_MAX, 0, &after))
		return;
	struct user_list x = {.by = api_actor(r),
			      .org = req_query(r, "org"),
			      .after = after,
			      .limit = (int)limit};
	int rc = x.by ? user_list(api_app(r)->db, &x) : ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, account_json(&x.items[i]));
	json_t *next = x.next ? json_integer(x.next) : json_null();
	api_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next));
}

void api_users_get(struct req *r)
{
	struct account acc;
	struct problem p = {0};
	struct actor *by = api_actor(r);
	int rc = by ? user_get(api_app(r)->db, by, req_param(r, "username"), &acc, &p) : ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	api_json(r, 200, account_json(&acc));
}

/* ---- disable, enable, reset code ---- */

static void change_finish(struct req *r, int rc, void *arg)
{
	struct user_change *u = arg;
	if (rc) {
		api_problem(r, rc, &u->p);
		return;
	}
	if (u->op != USER_RESET_CODE) {
		res_body(r, 204, NULL, "", 0);
		return;
	}
	char expires[32];
	time_iso8601(u->now + u->ttl, expires, sizeof(expires));
	api_json(r, 200,
		 json_pack("{s:s, s:s, s:s}", "username", u->acc.username, "code", u->code,
			   "expires_at", expires));
}

static void change(struct req *r, enum user_change_op op)
{
	struct user_change *u = api_context_or_reply(r, sizeof(*u));
	if (!u)
		return;
	u->by = api_actor(r);
	u->username = req_param(r, "username");
	u->op = op;
	u->ttl = api_app(r)->cfg->code_ttl;
	api_write(r, user_change_tx, u, change_finish);
}

void api_users_disable(struct req *r)
{
	change(r, USER_DISABLE);
}

void api_users_enable(struct req *r)
{
	change(r, USER_ENABLE);
}

void api_users_reset_code(struct req *r)
{
	change(r, USER_RESET_CODE);
}
