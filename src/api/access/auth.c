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
 * Argon2id never runs on an HTTP worker: the request is suspended while a
 * hashing thread works (api_hash). Failures of passwords, codes and TOTP are
 * throttled per account, per address and per pair (domain/throttle.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "crypto/code.h"
#include "crypto/password.h"
#include "crypto/secret.h"
#include "crypto/token.h"
#include "crypto/totp.h"
#include "domain/access/account.h"
#include "domain/access/throttle.h"
#include "domain/access/user.h"

#include <sodium.h>
#include <strings.h>

#define TOTP_CONTEXT "totp____"

/* ---- throttling ---- */

struct attempt_keys {
	const char *account, *pair, *address;
};

static void attempt_keys(struct req *r, const char *username, struct attempt_keys *k)
{
	const char *client = req_client(r);
	k->account = arena_printf(&r->arena, "a:%s", username);
	k->pair = arena_printf(&r->arena, "p:%s|%s", username, client);
	k->address = arena_printf(&r->arena, "i:%s", client);
}

/* Answer 429 with Retry-After if any key must still wait. */
static bool throttled_or_reply(struct req *r, const struct attempt_keys *k)
{
	struct throttle *t = api_app(r)->throttle;
	if (!k->account || !k->pair || !k->address) {
		api_problem(r, ERR_NOMEM, NULL);
		return true;
	}
	int64_t now = time_now_unix();
	int64_t wait = throttle_wait(t, k->account, now);
	int64_t w2 = throttle_wait(t, k->pair, now), w3 = throttle_wait(t, k->address, now);
	wait = w2 > wait ? w2 : wait;
	wait = w3 > wait ? w3 : wait;
	if (!wait)
		return false;
	res_header(r, "Retry-After", arena_printf(&r->arena, "%" PRId64, wait));
	res_error(r, P_TOO_MANY_ATTEMPTS, NULL, "Too many failed attempts. Wait a moment before trying again.");
	return true;
}

static void attempt_failed(struct req *r, const struct attempt_keys *k)
{
	struct throttle *t = api_app(r)->throttle;
	int64_t now = time_now_unix();
	throttle_fail(t, k->account, &throttle_account, now);
	throttle_fail(t, k->pair, &throttle_pair, now);
	throttle_fail(t, k->address, &throttle_address, now);
}

/* A success clears the account's failures, not the address's: an address
 * that guesses many accounts and owns one stays throttled. */
static void attempt_succeeded(struct req *r, const struct attempt_keys *k)
{
	throttle_clear(api_app(r)->throttle, k->account);
	throttle_clear(api_app(r)->throttle, k->pair);
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

/* ---- issuing a session (login and redeem) ---- */

struct login {
	struct req *r;
	const char *username;
	char *password; /* arena copies, wiped once hashed */
	size_t plen;
	const char *totp;
	char canonical[CODE_CHARS + 1]; /* redeem: the code */
	bool redeem;
	bool found;
	struct user_login user;
	struct attempt_keys keys;
	struct password_job job;
	int64_t totp_step;
	char token[TOKEN_TEXT_MAX];
	char hash[TOKEN_HASH_HEX];
	int64_t now, ttl;
	struct problem p;
};

static void refuse(struct req *r)
{
	res_error(r, P_INVALID_CREDENTIALS, NULL, "The user name or password is not right.");
}

static void refuse_code(struct req *r)
{
	res_error(r, P_INVALID_CODE, "code", "The code is not right, was used already or has expired.");
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

static void session_finish(struct req *r, int rc, void *arg)
{
	struct login *l = arg;
	if (rc) {
		if (rc == ERR_UNAUTHORIZED)
			attempt_failed(r, &l->keys);
		api_problem(r, rc, &l->p);
		return;
	}
	attempt_succeeded(r, &l->keys);
	char expires[32], csrf[TOKEN_TEXT_MAX];
	time_iso8601(l->now + l->ttl, expires, sizeof(expires));
	token_csrf(l->token, csrf);
	session_cookies(r, l->token, l->ttl);
	bool must_change = !l->redeem && l->user.must_change_password;
	res_json(r, 200,
		 json_pack("{s:s, s:s, s:s, s:s, s:b}", "token", l->token, "token_type", "Bearer",
			   "expires_at", expires, "csrf_token", csrf, "must_change_password",
			   must_change));
}

static int login_write(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	if (l->totp_step) {
		int rc = account_totp_use_step(c, l->user.id, l->totp_step);
		if (rc == ERR_UNAUTHORIZED)
			return problem_set(&l->p, P_INVALID_TOTP, "totp", "This code was used already. Wait for the next one.");
		if (rc)
			return rc;
	}
	return session_create(c, l->user.id, l->hash, l->now, l->ttl);
}

static int redeem_write(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	int rc = account_code_redeem(c, l->user.id, l->username, l->canonical, l->now);
	if (rc == ERR_UNAUTHORIZED)
		return problem_set(&l->p, P_INVALID_CODE, "code", "The code is not right, was used already or has expired.");
	/* The code is the recovery path staff vouch for: it also turns off a
	 * second factor whose phone was lost, and ends every old session. */
	if (!rc)
		rc = account_password_set(c, l->user.id, l->job.out);
	if (!rc)
		rc = account_totp_enable(c, l->user.id, false);
	if (!rc)
		rc = session_revoke_user(c, l->user.id, 0);
	if (!rc)
		rc = session_create(c, l->user.id, l->hash, l->now, l->ttl);
	return rc;
}

static void issue_session(struct req *r, struct login *l)
{
	token_new(l->token);
	token_hash(l->token, strlen(l->token), l->hash);
	l->now = time_now_unix();
	l->ttl = api_app(r)->cfg->session_ttl;
	api_write(r, l->redeem ? redeem_write : login_write, l, session_finish);
}

/* Open the account's TOTP secret; ERR_OK or an answered failure. */
static int totp_key(struct req *r, const char *sealed, unsigned char key[64], size_t *len)
{
	if (!secret_available()) {
		res_error(r, P_TOTP_UNAVAILABLE, NULL, "Second factors need a server secret (secret_file); ask the operator.");
		return ERR_INVALID;
	}
	int rc = secret_open(TOTP_CONTEXT, sealed, key, 64, len);
	if (rc) {
		log_error("user's TOTP secret cannot be opened with this server secret");
		api_problem(r, ERR_INTERNAL, NULL);
	}
	return rc;
}

static void wipe(char *s, size_t n)
{
	if (s)
		sodium_memzero(s, n);
}

static void login_verified(struct req *r, struct password_job *job)
{
	struct login *l = (struct login *)((char *)job - offsetof(struct login, job));
	wipe(l->password, l->plen);
	if (job->rc == ERR_RETRY || job->rc == ERR_NOMEM) {
		api_problem(r, job->rc, NULL);
		return;
	}
	if (job->rc || !l->found || l->user.disabled) {
		attempt_failed(r, &l->keys);
		refuse(r);
		return;
	}
	if (l->user.totp_enabled) {
		if (!l->totp || !*l->totp) {
			res_error(r, P_TOTP_REQUIRED, "totp", "Enter the code from your authenticator app.");
			return;
		}
		unsigned char key[64];
		size_t klen = 0;
		if (totp_key(r, l->user.totp_secret, key, &klen))
			return;
		l->totp_step = totp_check(key, klen, time_now_unix(), l->totp);
		sodium_memzero(key, sizeof(key));
		if (!l->totp_step) {
			attempt_failed(r, &l->keys);
			res_error(r, P_INVALID_TOTP, "totp", "The code is not right.");
			return;
		}
	}
	issue_session(r, l);
}

static int login_read(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	return user_login_get(c, &l->r->arena, l->username, &l->user);
}

/* Read the account of l->username; ERR_OK (l->found says whether it exists)
 * or an answered failure. */
static int load_user_or_reply(struct req *r, struct login *l)
{
	int rc = db_read(api_app(r)->db, login_read, l);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc) {
		api_problem(r, rc, NULL);
		return rc;
	}
	l->found = true;
	return ERR_OK;
}

/* A stored hash to verify against; NULL (the dummy) when there is none. */
static const char *stored_hash(const struct login *l)
{
	if (!l->found || !strcmp(l->user.password_hash, ACCOUNT_NO_PASSWORD))
		return NULL;
	return l->user.password_hash;
}

static struct login *login_new(struct req *r)
{
	struct login *l = arena_calloc(&r->arena, 1, sizeof(*l));
	if (!l)
		api_problem(r, ERR_NOMEM, NULL);
	else
		l->r = r;
	return l;
}

void api_auth_login(struct req *r)
{
	if (!origin_ok_or_reply(r))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct login *l = login_new(r);
	if (!l) {
		json_decref(body);
		return;
	}
	const char *username = NULL, *password = NULL, *totp = NULL;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &l->p);
	if (!rc)
		rc = json_get_string(body, "password", true, PASSWORD_MAX_BYTES, &password, &l->p);
	if (!rc)
		rc = json_get_string(body, "totp", false, 16, &totp, &l->p);
	if (rc) {
		json_decref(body);
		api_problem(r, rc, &l->p);
		return;
	}
	l->username = arena_strdup(&r->arena, username);
	l->plen = strlen(password);
	l->password = arena_strdup(&r->arena, password);
	l->totp = totp ? arena_strdup(&r->arena, totp) : NULL;
	json_decref(body);
	if (!l->username || !l->password) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	attempt_keys(r, l->username, &l->keys);
	if (throttled_or_reply(r, &l->keys) || load_user_or_reply(r, l))
		return;
	l->job.op = PASSWORD_VERIFY;
	l->job.hash = stored_hash(l);
	l->job.password = l->password;
	l->job.len = l->plen;
	api_hash(r, &l->job, login_verified);
}

/* ---- redeem a one-time code ---- */

static void redeem_hashed(struct req *r, struct password_job *job)
{
	struct login *l = (struct login *)((char *)job - offsetof(struct login, job));
	wipe(l->password, l->plen);
	if (job->rc) {
		api_problem(r, job->rc, NULL);
		return;
	}
	issue_session(r, l);
}

static int redeem_check_read(struct db_conn *c, void *arg)
{
	struct login *l = arg;
	return account_code_check(c, l->user.id, l->username, l->canonical, time_now_unix());
}

void api_auth_redeem(struct req *r)
{
	if (!origin_ok_or_reply(r))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct login *l = login_new(r);
	if (!l) {
		json_decref(body);
		return;
	}
	l->redeem = true;
	const char *username = NULL, *code = NULL, *password = NULL;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &l->p);
	if (!rc)
		rc = json_get_string(body, "code", true, 32, &code, &l->p);
	if (!rc)
		rc = json_get_string(body, "new_password", true, PASSWORD_MAX_BYTES, &password,
				     &l->p);
	if (!rc)
		rc = account_password_validate(password, username, "new_password", &l->p);
	bool well_formed = !rc && code_normalise(code, l->canonical);
	if (!rc) {
		l->username = arena_strdup(&r->arena, username);
		l->plen = strlen(password);
		l->password = arena_strdup(&r->arena, password);
		if (!l->username || !l->password)
			rc = problem_err(&l->p, ERR_NOMEM);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &l->p);
		return;
	}
	attempt_keys(r, l->username, &l->keys);
	if (throttled_or_reply(r, &l->keys) || load_user_or_reply(r, l))
		return;
	/* Check the code before paying for a hash of the new password. */
	rc = well_formed && l->found ? db_read(api_app(r)->db, redeem_check_read, l)
				     : ERR_UNAUTHORIZED;
	if (rc == ERR_UNAUTHORIZED) {
		attempt_failed(r, &l->keys);
		refuse_code(r);
		return;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	l->job.op = PASSWORD_HASH;
	l->job.password = l->password;
	l->job.len = l->plen;
	api_hash(r, &l->job, redeem_hashed);
}

/* ---- logout ---- */

struct logout {
	int64_t session_id, user_id;
	bool all;
};

static int logout_write(struct db_conn *c, void *arg)
{
	struct logout *l = arg;
	if (l->all)
		return session_revoke_user(c, l->user_id, 0);
	return session_revoke_id(c, l->session_id);
}

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
	struct logout *l = arena_calloc(&r->arena, 1, sizeof(*l));
	if (!l) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	l->session_id = api_session(r)->id;
	l->user_id = api_principal(r)->user_id;
	l->all = all;
	api_write(r, logout_write, l, logout_finish);
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
	res_json(r, 200, j);
}

/* ---- change the password ---- */

struct pwchange {
	struct req *r;
	char *current, *next;
	size_t clen, nlen;
	struct user_login user;
	struct attempt_keys keys;
	struct password_job job;
	int64_t session_id;
};

static int pwchange_read(struct db_conn *c, void *arg)
{
	struct pwchange *w = arg;
	return user_login_get(c, &w->r->arena, api_principal(w->r)->username, &w->user);
}

static int pwchange_write(struct db_conn *c, void *arg)
{
	struct pwchange *w = arg;
	int rc = account_password_set(c, w->user.id, w->job.out);
	return rc ? rc : session_revoke_user(c, w->user.id, w->session_id);
}

static void pwchange_finish(struct req *r, int rc, void *arg)
{
	UNUSED(arg);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

static void pwchange_hashed(struct req *r, struct password_job *job)
{
	struct pwchange *w = (struct pwchange *)((char *)job - offsetof(struct pwchange, job));
	wipe(w->current, w->clen);
	wipe(w->next, w->nlen);
	if (job->rc == ERR_UNAUTHORIZED) {
		attempt_failed(r, &w->keys);
		res_error(r, P_WRONG_PASSWORD, "current_password", "The current password is not right.");
		return;
	}
	if (job->rc) {
		api_problem(r, job->rc, NULL);
		return;
	}
	attempt_succeeded(r, &w->keys);
	api_write(r, pwchange_write, w, pwchange_finish);
}

void api_auth_password(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct pwchange *w = arena_calloc(&r->arena, 1, sizeof(*w));
	if (!w) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	struct problem p;
	const char *current = NULL, *next = NULL;
	const char *username = api_principal(r)->username;
	int rc = json_get_string(body, "current_password", true, PASSWORD_MAX_BYTES, &current, &p);
	if (!rc)
		rc = json_get_string(body, "new_password", true, PASSWORD_MAX_BYTES, &next, &p);
	if (!rc)
		rc = account_password_validate(next, username, "new_password", &p);
	if (!rc && !strcmp(current, next))
		rc = problem_set(&p, P_SAME_AS_CURRENT, "new_password", "The new password must differ from the current one.");
	if (!rc) {
		w->r = r;
		w->clen = strlen(current);
		w->nlen = strlen(next);
		w->current = arena_strdup(&r->arena, current);
		w->next = arena_strdup(&r->arena, next);
		if (!w->current || !w->next)
			rc = problem_err(&p, ERR_NOMEM);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	w->session_id = api_session(r)->id;
	attempt_keys(r, username, &w->keys);
	if (throttled_or_reply(r, &w->keys))
		return;
	rc = db_read(api_app(r)->db, pwchange_read, w);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	w->job.op = PASSWORD_VERIFY_THEN_HASH;
	w->job.hash =
		strcmp(w->user.password_hash, ACCOUNT_NO_PASSWORD) ? w->user.password_hash : NULL;
	w->job.password = w->current;
	w->job.len = w->clen;
	w->job.password2 = w->next;
	w->job.len2 = w->nlen;
	api_hash(r, &w->job, pwchange_hashed);
}

/* ---- TOTP ---- */

struct totp_op {
	struct req *r;
	int64_t user_id;
	const char *sealed;
	bool enabled;
	int64_t step;
	bool on;
	char *fresh;	/* setup: the new sealed secret (malloc'd) */
	json_t *answer; /* setup: the answer, sent once the secret is stored */
	struct problem p;
};

static int totp_read(struct db_conn *c, void *arg)
{
	struct totp_op *t = arg;
	return account_totp_get(c, &t->r->arena, t->user_id, &t->sealed, &t->enabled);
}

static int totp_setup_write(struct db_conn *c, void *arg)
{
	struct totp_op *t = arg;
	return account_totp_store(c, t->user_id, t->fresh);
}

static int totp_switch_write(struct db_conn *c, void *arg)
{
	struct totp_op *t = arg;
	int rc = account_totp_use_step(c, t->user_id, t->step);
	if (rc == ERR_UNAUTHORIZED)
		return problem_set(&t->p, P_INVALID_TOTP_SETUP, "code", "This code was used already. Wait for the next one.");
	return rc ? rc : account_totp_enable(c, t->user_id, t->on);
}

static void totp_done(struct req *r, int rc, void *arg)
{
	struct totp_op *t = arg;
	if (rc) {
		api_problem(r, rc, &t->p);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

static struct totp_op *totp_op_or_reply(struct req *r)
{
	struct totp_op *t = arena_calloc(&r->arena, 1, sizeof(*t));
	if (!t) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	t->r = r;
	t->user_id = api_principal(r)->user_id;
	int rc = db_read(api_app(r)->db, totp_read, t);
	if (rc) {
		api_problem(r, rc, NULL);
		return NULL;
	}
	return t;
}

static void totp_setup_finish(struct req *r, int rc, void *arg)
{
	struct totp_op *t = arg;
	free(t->fresh);
	t->fresh = NULL;
	if (rc) {
		json_decref(t->answer);
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, 200, t->answer);
}

void api_auth_totp_setup(struct req *r)
{
	if (!secret_available()) {
		res_error(r, P_TOTP_UNAVAILABLE, NULL, "Second factors need a server secret (secret_file); ask the operator.");
		return;
	}
	struct totp_op *t = totp_op_or_reply(r);
	if (!t)
		return;
	if (t->enabled) {
		res_error(r, P_TOTP_ENABLED, NULL, "The second factor is on already; turn it off first.");
		return;
	}
	unsigned char key[TOTP_SECRET_BYTES];
	char b32[TOTP_BASE32_MAX];
	randombytes_buf(key, sizeof(key));
	totp_base32(key, sizeof(key), b32);
	int rc = secret_seal(TOTP_CONTEXT, key, sizeof(key), &t->fresh);
	sodium_memzero(key, sizeof(key));
	const char *uri = arena_printf(&r->arena,
				       "otpauth://totp/Tabula:%s?secret=%s&issuer=Tabula"
				       "&algorithm=SHA1&digits=6&period=30",
				       api_principal(r)->username, b32);
	if (!rc)
		t->answer = json_pack("{s:s, s:s?}", "secret", b32, "uri", uri);
	sodium_memzero(b32, sizeof(b32));
	if (rc || !t->answer || !uri) {
		free(t->fresh);
		json_decref(t->answer);
		api_problem(r, rc ? rc : ERR_NOMEM, NULL);
		return;
	}
	api_write(r, totp_setup_write, t, totp_setup_finish);
}

/* Confirm (on) or disable (off) with a current code from the app. */
static void totp_switch(struct req *r, bool on)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct problem p;
	const char *code = NULL;
	int rc = json_get_string(body, "code", true, 16, &code, &p);
	char typed[16] = "";
	if (!rc)
		snprintf(typed, sizeof(typed), "%s", code);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	struct attempt_keys keys;
	attempt_keys(r, api_principal(r)->username, &keys);
	if (throttled_or_reply(r, &keys))
		return;
	struct totp_op *t = totp_op_or_reply(r);
	if (!t)
		return;
	if (!t->sealed || t->enabled == on) {
		res_error(r, on ? P_TOTP_NOT_SET_UP : P_TOTP_NOT_ENABLED, NULL, on ? "Set up the second factor first (POST /api/v1/auth/totp/setup)."
			     : "The second factor is not on.");
		return;
	}
	unsigned char key[64];
	size_t klen = 0;
	if (totp_key(r, t->sealed, key, &klen))
		return;
	t->step = totp_check(key, klen, time_now_unix(), typed);
	sodium_memzero(key, sizeof(key));
	if (!t->step) {
		attempt_failed(r, &keys);
		res_error(r, P_INVALID_TOTP_SETUP, "code", "The code is not right.");
		return;
	}
	attempt_succeeded(r, &keys);
	t->on = on;
	api_write(r, totp_switch_write, t, totp_done);
}

void api_auth_totp_confirm(struct req *r)
{
	totp_switch(r, true);
}

void api_auth_totp_disable(struct req *r)
{
	totp_switch(r, false);
}
