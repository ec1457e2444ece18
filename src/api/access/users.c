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
 * Staff create accounts only inside their subtree and with a role at or
 * below their own (domain/account.h). An account the caller may not manage
 * answers 404, as if it did not exist. Answers carry one-time codes, never
 * passwords.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/account.h"
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

static void not_found(struct req *r)
{
	res_error(r, P_NOT_FOUND, NULL, "There is no such account in your scope.");
}

/* ---- create ---- */

struct user_new {
	const struct principal *who;
	const char *username, *org;
	enum role role;
	int64_t id, now, ttl;
	char code[CODE_TEXT_MAX];
	struct problem p;
};

static int user_new_write(struct db_conn *c, void *arg)
{
	struct user_new *u = arg;
	struct account_input in = {
		.username = u->username, .role = u->role, .created_by = u->who->user_id};
	const char *path = NULL;
	char pathbuf[512];
	if (u->org) {
		struct db_res res;
		struct db_val v = DBV_TEXT(u->org);
		int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(&u->p, P_UNKNOWN_ORG, "org", "No organisation has this code.");
		if (rc)
			return rc;
		in.org_id = db_int(&res, 0);
		snprintf(pathbuf, sizeof(pathbuf), "%s", db_text(&res, 5, NULL));
		path = pathbuf;
		db_done(&res);
	}
	if (!account_may_grant(u->who, u->role, path))
		return problem_set(&u->p, P_OUT_OF_SCOPE, path ? "org" : "role", "You may only create accounts in your part of the tree, with "
				   "a role at or below your own.");
	int rc = account_insert(c, &in, u->now, &u->id, &u->p);
	if (!rc)
		rc = account_code_issue(c, u->id, u->username, u->who->user_id, u->now, u->ttl,
					u->code);
	return rc;
}

static void user_new_finish(struct req *r, int rc, void *arg)
{
	struct user_new *u = arg;
	if (rc) {
		api_problem(r, rc, &u->p);
		return;
	}
	char expires[32];
	time_iso8601(u->now + u->ttl, expires, sizeof(expires));
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/users/%s", u->username));
	res_json(r, 201,
		 json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s}", "id", (json_int_t)u->id, "username",
			   u->username, "role", role_name(u->role), "org", u->org, "code", u->code,
			   "expires_at", expires));
}

void api_users_create(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct user_new *u = arena_calloc(&r->arena, 1, sizeof(*u));
	if (!u) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	struct problem p;
	const char *username = NULL, *role = NULL, *org = NULL;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &p);
	if (!rc)
		rc = json_get_string(body, "role", true, 32, &role, &p);
	if (!rc)
		rc = json_get_string(body, "org", false, 64, &org, &p);
	if (!rc)
		rc = user_name_validate(username, &p);
	int parsed = rc ? -1 : role_parse(role);
	if (!rc && parsed < 0)
		rc = problem_set(&p, P_INVALID, "role", "This is not a role.");
	if (!rc && !org && parsed != ROLE_MINISTRY_ADMIN)
		rc = problem_set(&p, P_REQUIRED, "org", "An account is held at an organisation.");
	if (!rc) {
		u->who = api_principal(r);
		u->username = arena_strdup(&r->arena, username);
		u->org = org ? arena_strdup(&r->arena, org) : NULL;
		u->role = (enum role)parsed;
		u->now = time_now_unix();
		u->ttl = api_app(r)->cfg->code_ttl;
		if (!u->username || (org && !u->org))
			rc = problem_err(&p, ERR_NOMEM);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	api_write(r, user_new_write, u, user_new_finish);
}

/* ---- list and read ---- */

struct user_list {
	struct req *r;
	const char *org, *path;
	int64_t after;
	int limit, n;
	struct account *items;
	bool out_of_scope;
};

static int user_list_read(struct db_conn *c, void *arg)
{
	struct user_list *l = arg;
	if (l->org) {
		struct db_res res;
		struct db_val v = DBV_TEXT(l->org);
		int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
		if (rc)
			return rc;
		l->path = arena_strdup(&l->r->arena, db_text(&res, 5, NULL));
		db_done(&res);
		if (!l->path)
			return ERR_NOMEM;
		if (!principal_reaches(api_principal(l->r), ACCOUNT_MANAGERS, l->path)) {
			l->out_of_scope = true;
			return ERR_OK;
		}
	}
	return account_list(c, &l->r->arena, l->path, l->after, l->limit, l->items, &l->n);
}

/* A whole number from the query string within [min, max], or def. */
static bool query_int_or_reply(struct req *r, const char *name, int64_t min, int64_t max,
			       int64_t def, int64_t *out)
{
	const char *s = req_query(r, name);
	*out = def;
	if (!s || !*s)
		return true;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max) {
		res_error(r, P_OUT_OF_RANGE, name, "This number is out of range.");
		return false;
	}
	*out = v;
	return true;
}

void api_users_list(struct req *r)
{
	struct user_list *l = arena_calloc(&r->arena, 1, sizeof(*l));
	int64_t limit, after;
	if (!l) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	if (!query_int_or_reply(r, "limit", 1, USERS_PAGE_MAX, 50, &limit) ||
	    !query_int_or_reply(r, "after", 0, INT64_MAX, 0, &after))
		return;
	l->r = r;
	l->org = req_query(r, "org");
	l->limit = (int)limit;
	l->after = after;
	l->items = arena_calloc(&r->arena, (size_t)limit, sizeof(*l->items));
	if (!l->org) {
		/* The caller's own subtree (the common part of several grants). */
		l->path = principal_scope(api_principal(r), ACCOUNT_MANAGERS);
		if (!l->path) {
			res_error(r, P_OUT_OF_SCOPE, "org", "Name an organisation you reach.");
			return;
		}
	}
	int rc = l->items ? db_read(api_app(r)->db, user_list_read, l) : ERR_NOMEM;
	if (rc == ERR_NOTFOUND) {
		res_error(r, P_UNKNOWN_ORG, "org", "No organisation has this code.");
		return;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (l->out_of_scope) {
		res_error(r, P_OUT_OF_SCOPE, "org", "This organisation is outside your scope.");
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < l->n; i++) {
		/* Several grants share a wider prefix: keep what the caller reaches. */
		const struct account *a = &l->items[i];
		bool reached = false;
		for (int g = 0; g < a->ngrants && !reached; g++)
			reached = a->grants[g].org_path &&
				  principal_reaches(api_principal(r), ACCOUNT_MANAGERS,
						    a->grants[g].org_path);
		if (reached)
			json_array_append_new(items, account_json(a));
	}
	json_t *next = l->n == l->limit ? json_integer(l->items[l->n - 1].id) : json_null();
	res_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next));
}

struct user_one {
	struct req *r;
	const char *username;
	const struct principal *who;
	struct account acc;
	/* writes */
	int op; /* 0 read, 1 disable, 2 enable, 3 reset code */
	int64_t now, ttl;
	char code[CODE_TEXT_MAX];
	struct problem p;
};

static int user_one_read(struct db_conn *c, void *arg)
{
	struct user_one *u = arg;
	int rc = account_get(c, &u->r->arena, u->username, &u->acc);
	if (!rc && !account_may_manage(u->who, &u->acc))
		rc = ERR_NOTFOUND;
	return rc;
}

void api_users_get(struct req *r)
{
	struct user_one u = {.r = r, .username = req_param(r, "username"), .who = api_principal(r)};
	int rc = db_read(api_app(r)->db, user_one_read, &u);
	if (rc == ERR_NOTFOUND) {
		not_found(r);
		return;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, 200, account_json(&u.acc));
}

/* Runs on the writer, so the scope check sees the account as committed. */
static int user_one_write(struct db_conn *c, void *arg)
{
	struct user_one *u = arg;
	int rc = user_one_read(c, u);
	if (rc == ERR_NOTFOUND)
		return problem_set(&u->p, P_NOT_FOUND, NULL, "There is no such account in your scope.");
	if (rc)
		return rc;
	if (u->acc.id == u->who->user_id)
		return problem_set(&u->p, P_SELF, "username", "Ask another member of staff to change your own account.");
	switch (u->op) {
	case 1:
		rc = account_set_disabled(c, u->acc.id, true);
		return rc ? rc : session_revoke_user(c, u->acc.id, 0);
	case 2:
		return account_set_disabled(c, u->acc.id, false);
	default:
		return account_code_issue(c, u->acc.id, u->acc.username, u->who->user_id, u->now,
					  u->ttl, u->code);
	}
}

static void user_one_finish(struct req *r, int rc, void *arg)
{
	struct user_one *u = arg;
	if (rc) {
		api_problem(r, rc, &u->p);
		return;
	}
	if (u->op != 3) {
		res_body(r, 204, NULL, "", 0);
		return;
	}
	char expires[32];
	time_iso8601(u->now + u->ttl, expires, sizeof(expires));
	res_json(r, 200,
		 json_pack("{s:s, s:s, s:s}", "username", u->acc.username, "code", u->code,
			   "expires_at", expires));
}

static void user_one_change(struct req *r, int op)
{
	struct user_one *u = arena_calloc(&r->arena, 1, sizeof(*u));
	if (!u) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	u->r = r;
	u->username = req_param(r, "username");
	u->who = api_principal(r);
	u->op = op;
	u->now = time_now_unix();
	u->ttl = api_app(r)->cfg->code_ttl;
	api_write(r, user_one_write, u, user_one_finish);
}

void api_users_disable(struct req *r)
{
	user_one_change(r, 1);
}

void api_users_enable(struct req *r)
{
	user_one_change(r, 2);
}

void api_users_reset_code(struct req *r)
{
	user_one_change(r, 3);
}
