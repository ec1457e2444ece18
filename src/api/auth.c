/*
 * auth.c: POST /api/v1/auth/login, POST /api/v1/auth/logout,
 * GET /api/v1/auth/me.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/api.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "domain/user.h"

struct login {
	struct req *r;
	const char *username;
	struct user_login user;
	char token[TOKEN_TEXT_MAX];
	char hash[TOKEN_HASH_HEX];
	int64_t now, ttl;
};

static int login_read(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	return user_login_get(c, &l->r->arena, l->username, &l->user);
}

static int login_write(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	return session_create(c, l->user.id, l->hash, l->now, l->ttl);
}

static void login_finish(struct req *r, int rc, void *arg)
{
	struct login *l = arg;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	char expires[32];
	time_iso8601(l->now + l->ttl, expires, sizeof(expires));
	const char *cookie = arena_printf(&r->arena,
					  SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
							 "Max-Age=%" PRId64,
					  l->token, l->ttl);
	if (cookie)
		res_header(r, "Set-Cookie", cookie);
	res_json(r, 200,
		 json_pack("{s:s, s:s, s:s}", "token", l->token, "token_type", "Bearer",
			   "expires_at", expires));
}

static void refuse(struct req *r)
{
	res_error(r, 401, "invalid_credentials", NULL,
		  "The user name or password is not right.");
}

void api_auth_login(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct login *l = arena_calloc(&r->arena, 1, sizeof(*l));
	const char *password = NULL;
	struct problem p;
	int rc = l ? ERR_OK : ERR_NOMEM;
	if (!rc)
		rc = json_get_string(body, "username", true, USERNAME_MAX, &l->username, &p);
	if (!rc)
		rc = json_get_string(body, "password", true, PASSWORD_MAX_BYTES, &password, &p);
	if (rc) {
		api_problem(r, rc, &p);
		json_decref(body);
		return;
	}
	l->r = r;
	l->username = arena_strdup(&r->arena, l->username);
	size_t plen = strlen(password);
	rc = db_read(api_app(r)->db, login_read, l);
	if (rc == ERR_NOTFOUND) {
		password_verify_dummy(password, plen);
		json_decref(body);
		refuse(r);
		return;
	}
	if (rc) {
		json_decref(body);
		api_problem(r, rc, NULL);
		return;
	}
	rc = password_verify(l->user.password_hash, password, plen);
	json_decref(body);
	if (rc || l->user.disabled) {
		refuse(r);
		return;
	}
	token_new(l->token);
	token_hash(l->token, strlen(l->token), l->hash);
	l->now = time_now_unix();
	l->ttl = api_app(r)->cfg->session_ttl;
	api_write(r, login_write, l, login_finish);
}

struct logout {
	char hash[TOKEN_HASH_HEX];
};

static int logout_write(struct db_conn *c, void *arg)
{
	return session_revoke(c, ((struct logout *)arg)->hash);
}

static void logout_finish(struct req *r, int rc, void *arg)
{
	UNUSED(arg);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_header(r, "Set-Cookie",
		   SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	res_body(r, 204, NULL, "", 0);
}

void api_auth_logout(struct req *r)
{
	struct logout *l = arena_calloc(&r->arena, 1, sizeof(*l));
	if (!l) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	const char *h = req_header(r, "Authorization");
	const char *token = h && strlen(h) > 7 ? h + 7 : req_cookie(r, SESSION_COOKIE);
	token_hash(token ? token : "", token ? strlen(token) : 0, l->hash);
	api_write(r, logout_write, l, logout_finish);
}

void api_auth_me(struct req *r)
{
	const struct principal *who = api_principal(r);
	json_t *roles = json_array();
	for (int i = 0; i < who->ngrants; i++) {
		const struct grant *g = &who->grants[i];
		json_array_append_new(roles, json_pack("{s:s, s:s?}", "role", role_name(g->role),
						       "org", g->org_code));
	}
	res_json(r, 200, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)who->user_id, "username",
				   who->username, "roles", roles));
}
