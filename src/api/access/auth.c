/*
 * auth.c: sessions and the caller's own account.
 *
 *   POST /api/v1/auth/login          user name, password [, totp] -> session
 *   POST /api/v1/auth/redeem         user name, one-time code, new password -> session
 *   POST /api/v1/auth/logout         end this session
 *   POST /api/v1/auth/logout-all     end every session of the caller
 *   GET  /api/v1/auth/me             who is calling
 *   POST /api/v1/auth/password       change the password (ends other sessions)
 *   POST /api/v1/auth/totp/setup     a new TOTP secret (not yet on)
 *   POST /api/v1/auth/totp/confirm   turn TOTP on with a code from the app
 *   POST /api/v1/auth/totp/disable   turn it off with a code
 *
 * The rules and the throttle are domain/access/auth.h's. A sign-in waits
 * twice without holding a thread: for Argon2id on the hashing pool
 * (api_hash), then for its write (api_write).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/auth.h"
#include "domain/access/session.h"

#include <strings.h>

/* Answer a failed step; a throttled one says when to try again. */
static void auth_problem(struct req *r, int rc, const struct problem *p, int64_t retry_after)
{
	if (p->id == P_TOO_MANY_ATTEMPTS && retry_after > 0)
		res_header(r, "Retry-After", arena_printf(&r->arena, "%" PRId64, retry_after));
	api_problem(r, rc, p);
}

/* A browser's login or redeem must come from our own pages: if Origin is
 * sent it must name this host (login CSRF). Clients without it pass. */
static bool origin_ok_or_reply(struct req *r)
{
	const char *origin = req_header(r, "Origin");
	if (!origin)
		return true;
	const char *host = req_header(r, "Host");
	const char *scheme = api_app(r)->tls ? "https://" : "http://";
	size_t sl = strlen(scheme);
	if (host && !strncasecmp(origin, scheme, sl) && !strcasecmp(origin + sl, host))
		return true;
	res_error(r, P_BAD_ORIGIN, NULL, "This request comes from another site.");
	return false;
}

/* Set-Cookie for the session and its CSRF token (max_age 0 clears them). */
static void session_cookies(struct req *r, const char *token, int64_t max_age)
{
	const char *secure = api_app(r)->tls ? "; Secure" : "";
	char csrf[TOKEN_TEXT_MAX] = "";
	if (max_age)
		token_csrf(token, csrf);
	const char *s = arena_printf(&r->arena,
				     SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
						    "Max-Age=%" PRId64 "%s",
				     max_age ? token : "", max_age, secure);
	const char *c = arena_printf(
		&r->arena, CSRF_COOKIE "=%s; Path=/; SameSite=Strict; Max-Age=%" PRId64 "%s", csrf,
		max_age, secure);
	if (s)
		res_header(r, "Set-Cookie", s);
	if (c)
		res_header(r, "Set-Cookie", c);
}

/* ---- login and redeem: a session ---- */

static void login_finish(struct req *r, int rc, void *arg)
{
	struct auth_login *l = arg;
	auth_login_done(l, rc);
	if (rc) {
		api_problem(r, rc, &l->p);
		return;
	}
	char expires[32], csrf[TOKEN_TEXT_MAX];
	time_iso8601(l->now + l->ttl, expires, sizeof(expires));
	token_csrf(l->token, csrf);
	session_cookies(r, l->token, l->ttl);
	api_json(r, 200,
		 json_pack("{s:s, s:s, s:s, s:s, s:b}", "token", l->token, "token_type", "Bearer",
			   "expires_at", expires, "csrf_token", csrf, "must_change_password",
			   l->must_change_password));
}

static void login_hashed(struct req *r, struct password_job *job)
{
	struct auth_login *l =
		(struct auth_login *)((char *)job - offsetof(struct auth_login, job));
	int rc = auth_login_hashed(l);
	if (rc) {
		api_problem(r, rc, &l->p);
		return;
	}
	api_write(r, auth_login_tx, l, login_finish);
}

/* The body of a login or a redemption into l; false once answered. */
static bool login_decode_or_reply(struct req *r, struct auth_login *l)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return false;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &l->username, &l->p);
	if (!rc && l->redeem)
		rc = json_get_string(body, "code", true, 32, &l->code, &l->p);
	if (!rc)
		rc = json_get_string(body, l->redeem ? "new_password" : "password", true,
				     PASSWORD_MAX_BYTES, &l->password, &l->p);
	if (!rc && !l->redeem)
		rc = json_get_string(body, "totp", false, 16, &l->totp, &l->p);
	if (!rc)
		rc = l->redeem ? auth_redeem_start(api_app(r)->db, l)
			       : auth_login_start(api_app(r)->db, l);
	json_decref(body);
	if (rc)
		auth_problem(r, rc, &l->p, l->retry_after);
	return rc == ERR_OK;
}

static void sign_in(struct req *r, bool redeem)
{
	if (!origin_ok_or_reply(r))
		return;
	struct auth_login *l = api_context_or_reply(r, sizeof(*l));
	if (!l)
		return;
	l->by = api_actor(r);
	l->throttle = api_app(r)->throttle;
	l->redeem = redeem;
	l->ttl = api_app(r)->cfg->session_ttl;
	if (login_decode_or_reply(r, l))
		api_hash(r, &l->job, login_hashed);
}

void api_auth_login(struct req *r)
{
	sign_in(r, false);
}

void api_auth_redeem(struct req *r)
{
	sign_in(r, true);
}

/* ---- logout ---- */

static void logout_finish(struct req *r, int rc, void *arg)
{
	UNUSED(arg);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	session_cookies(r, "", 0);
	res_body(r, 204, NULL, "", 0);
}

static void logout(struct req *r, bool all)
{
	struct auth_logout *l = api_context_or_reply(r, sizeof(*l));
	if (!l)
		return;
	l->session_id = api_session(r)->id;
	l->user_id = api_principal(r)->user_id;
	l->all = all;
	api_write(r, auth_logout_tx, l, logout_finish);
}

void api_auth_logout(struct req *r)
{
	logout(r, false);
}

void api_auth_logout_all(struct req *r)
{
	logout(r, true);
}

void api_auth_me(struct req *r)
{
	const struct session *s = api_session(r);
	const struct principal *who = &s->who;
	json_t *roles = json_array();
	for (int i = 0; i < who->ngrants; i++) {
		const struct grant *g = &who->grants[i];
		json_array_append_new(roles, json_pack("{s:s, s:s?}", "role", role_name(g->role),
						       "org", g->org_code));
	}
	json_t *j = json_pack("{s:I, s:s, s:o, s:b, s:b}", "id", (json_int_t)who->user_id,
			      "username", who->username, "roles", roles, "must_change_password",
			      s->must_change_password, "totp_enabled", s->totp_enabled);
	json_object_set_new(j, "person_id",
			    who->person_id ? json_integer(who->person_id) : json_null());
	api_json(r, 200, j);
}

/* ---- change the password ---- */

static void password_finish(struct req *r, int rc, void *arg)
{
	struct auth_password *w = arg;
	if (rc) {
		api_problem(r, rc, &w->p);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

static void password_hashed(struct req *r, struct password_job *job)
{
	struct auth_password *w =
		(struct auth_password *)((char *)job - offsetof(struct auth_password, job));
	int rc = auth_password_hashed(w);
	if (rc) {
		api_problem(r, rc, &w->p);
		return;
	}
	api_write(r, auth_password_tx, w, password_finish);
}

void api_auth_password(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	struct auth_password *w = body ? api_context_or_reply(r, sizeof(*w)) : NULL;
	if (!w) {
		json_decref(body);
		return;
	}
	w->by = api_actor(r);
	w->throttle = api_app(r)->throttle;
	w->session_id = api_session(r)->id;
	int rc = json_get_string(body, "current_password", true, PASSWORD_MAX_BYTES, &w->current,
				 &w->p);
	if (!rc)
		rc = json_get_string(body, "new_password", true, PASSWORD_MAX_BYTES, &w->next,
				     &w->p);
	if (!rc)
		rc = auth_password_start(api_app(r)->db, w);
	json_decref(body);
	if (rc) {
		auth_problem(r, rc, &w->p, w->retry_after);
		return;
	}
	api_hash(r, &w->job, password_hashed);
}

/* ---- TOTP ---- */

static void totp_setup_finish(struct req *r, int rc, void *arg)
{
	struct auth_totp *t = arg;
	json_t *answer = rc ? NULL : json_pack("{s:s, s:s}", "secret", t->secret, "uri", t->uri);
	auth_totp_release(t);
	if (rc || !answer) {
		api_problem(r, rc ? rc : ERR_NOMEM, &t->p);
		return;
	}
	api_json(r, 200, answer);
}

void api_auth_totp_setup(struct req *r)
{
	struct auth_totp *t = api_context_or_reply(r, sizeof(*t));
	if (!t)
		return;
	t->by = api_actor(r);
	int rc = auth_totp_setup(api_app(r)->db, t);
	if (rc) {
		api_problem(r, rc, &t->p);
		return;
	}
	api_write(r, auth_totp_setup_tx, t, totp_setup_finish);
}

static void totp_switch_finish(struct req *r, int rc, void *arg)
{
	struct auth_totp *t = arg;
	if (rc) {
		api_problem(r, rc, &t->p);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

/* Confirm (on) or disable (off) with a current code from the app. */
static void totp_switch(struct req *r, bool on)
{
	json_t *body = req_json_or_reply(r);
	struct auth_totp *t = body ? api_context_or_reply(r, sizeof(*t)) : NULL;
	if (!t) {
		json_decref(body);
		return;
	}
	t->by = api_actor(r);
	t->throttle = api_app(r)->throttle;
	t->on = on;
	int rc = json_get_string(body, "code", true, 16, &t->code, &t->p);
	if (!rc)
		rc = auth_totp_switch(api_app(r)->db, t);
	json_decref(body);
	if (rc) {
		auth_problem(r, rc, &t->p, t->retry_after);
		return;
	}
	api_write(r, auth_totp_switch_tx, t, totp_switch_finish);
}

void api_auth_totp_confirm(struct req *r)
{
	totp_switch(r, true);
}

void api_auth_totp_disable(struct req *r)
{
	totp_switch(r, false);
}
