/*
 * auth.c: signing in and the caller's own credentials (auth.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"
#include "domain/access/actor.h"
#include "domain/access/auth.h"
#include "domain/access/session.h"
#include "domain/access/throttle.h"
#include "domain/common/work.h"

#define TOTP_CONTEXT "totp____"

/* ---- throttling ---- */

/* The attempt's keys; too_many_attempts (and *retry_after) if any of them
 * must still wait. */
static int attempt_begin(struct actor *by, struct throttle *t, const char *username,
			 struct auth_attempt *k, int64_t *retry_after, struct problem *p)
{
	const char *ip = actor_ip(by);
	k->account = arena_printf(by->arena, "a:%s", username);
	k->pair = arena_printf(by->arena, "p:%s|%s", username, ip);
	k->address = arena_printf(by->arena, "i:%s", ip);
	if (!k->account || !k->pair || !k->address)
		return problem_err(p, ERR_NOMEM);
	int64_t now = time_now_unix();
	int64_t wait = throttle_wait(t, k->account, now);
	int64_t w2 = throttle_wait(t, k->pair, now), w3 = throttle_wait(t, k->address, now);
	wait = w2 > wait ? w2 : wait;
	wait = w3 > wait ? w3 : wait;
	*retry_after = wait;
	if (!wait)
		return ERR_OK;
	return problem_set(p, P_TOO_MANY_ATTEMPTS, NULL,
			   "Too many failed attempts. Wait a moment before trying again.");
}

static void attempt_failed(struct throttle *t, const struct auth_attempt *k)
{
	int64_t now = time_now_unix();
	throttle_fail(t, k->account, &throttle_account, now);
	throttle_fail(t, k->pair, &throttle_pair, now);
	throttle_fail(t, k->address, &throttle_address, now);
}

/* A success clears the account's failures, not the address's: an address
 * that guesses many accounts and owns one stays throttled. */
static void attempt_succeeded(struct throttle *t, const struct auth_attempt *k)
{
	throttle_clear(t, k->account);
	throttle_clear(t, k->pair);
}

/* ---- secrets ---- */

/* A copy of secret s in the arena, for a hash that runs later. */
static int secret_keep(struct arena *a, const char *s, char **out, size_t *len)
{
	*len = strlen(s);
	*out = arena_strdup(a, s);
	return *out ? ERR_OK : ERR_NOMEM;
}

static void secret_wipe(char *s, size_t len)
{
	if (s)
		bytes_wipe(s, len);
}

/* Open an account's sealed TOTP secret into key. */
static int totp_key(const char *sealed, unsigned char key[64], size_t *len, struct problem *p)
{
	if (!secret_available())
		return problem_set(p, P_TOTP_UNAVAILABLE, NULL,
				   "Second factors need a server secret (secret_file); ask the "
				   "operator.");
	if (secret_open(TOTP_CONTEXT, sealed, key, 64, len)) {
		log_error("user's TOTP secret cannot be opened with this server secret");
		return problem_err(p, ERR_INTERNAL);
	}
	return ERR_OK;
}

/* The time step of `code` under the account's sealed secret, or 0 if the
 * code is wrong (ERR_OK either way). */
static int totp_step_of(const char *sealed, const char *code, int64_t *step, struct problem *p)
{
	unsigned char key[64];
	size_t klen = 0;
	int rc = totp_key(sealed, key, &klen, p);
	*step = rc ? 0 : totp_check(key, klen, time_now_unix(), code);
	bytes_wipe(key, sizeof(key));
	return rc;
}

/* ---- login and redeem ---- */

/* The account (l->found says whether it exists) and, for a redemption,
 * whether the code is live for it (ERR_UNAUTHORIZED if not, or if there is
 * no such account). */
static int login_read(struct db_conn *c, void *ctx)
{
	struct auth_login *l = ctx;
	int rc = user_login_get(c, l->by->arena, l->username, &l->user);
	l->found = rc == ERR_OK;
	if (rc == ERR_NOTFOUND)
		rc = l->redeem ? ERR_UNAUTHORIZED : ERR_OK;
	if (!rc && l->redeem)
		rc = l->canonical[0] ? account_code_check(c, l->user.id, l->username, l->canonical,
							  time_now_unix())
				     : ERR_UNAUTHORIZED;
	return rc;
}

/* Copy the name and the secret; with them the attempt is throttled and the
 * account read. */
static int login_begin(struct db *db, struct auth_login *l)
{
	l->username = arena_strdup(l->by->arena, l->username);
	int rc = l->username ? secret_keep(l->by->arena, l->password, &l->secret, &l->len)
			     : ERR_NOMEM;
	if (rc)
		return problem_err(&l->p, rc);
	l->password = NULL;
	rc = attempt_begin(l->by, l->throttle, l->username, &l->keys, &l->retry_after, &l->p);
	if (!rc)
		rc = problem_err(&l->p, work_read(db, login_read, l));
	if (rc)
		secret_wipe(l->secret, l->len);
	return rc;
}

int auth_login_start(struct db *db, struct auth_login *l)
{
	if (l->totp && !(l->totp = arena_strdup(l->by->arena, l->totp)))
		return problem_err(&l->p, ERR_NOMEM);
	int rc = login_begin(db, l);
	if (rc)
		return rc;
	bool none = !l->found || !strcmp(l->user.password_hash, ACCOUNT_NO_PASSWORD);
	l->job.op = PASSWORD_VERIFY;
	l->job.hash = none ? NULL : l->user.password_hash;
	l->job.password = l->secret;
	l->job.len = l->len;
	return ERR_OK;
}

int auth_redeem_start(struct db *db, struct auth_login *l)
{
	int rc = account_password_validate(l->password, l->username, "new_password", &l->p);
	if (rc)
		return rc;
	bool well_formed = code_normalise(l->code, l->canonical);
	l->code = NULL;
	if (!well_formed)
		l->canonical[0] = '\0'; /* nothing to check: refused like a wrong code */
	rc = login_begin(db, l);
	if (rc == ERR_UNAUTHORIZED) {
		attempt_failed(l->throttle, &l->keys);
		return problem_set(&l->p, P_INVALID_CODE, "code",
				   "The code is not right, was used already or has expired.");
	}
	if (rc)
		return rc;
	l->job.op = PASSWORD_HASH;
	l->job.password = l->secret;
	l->job.len = l->len;
	return ERR_OK;
}

/* A login's second factor, when the account has it on. */
static int login_second_factor(struct auth_login *l)
{
	if (!l->user.totp_enabled)
		return ERR_OK;
	if (!l->totp || !*l->totp)
		return problem_set(&l->p, P_TOTP_REQUIRED, "totp",
				   "Enter the code from your authenticator app.");
	int rc = totp_step_of(l->user.totp_secret, l->totp, &l->totp_step, &l->p);
	if (rc)
		return rc;
	if (l->totp_step)
		return ERR_OK;
	attempt_failed(l->throttle, &l->keys);
	return problem_set(&l->p, P_INVALID_TOTP, "totp", "The code is not right.");
}

/* A login's verdict: the password matched an enabled account. */
static int login_verdict(struct auth_login *l)
{
	int rc = l->job.rc;
	if (rc == ERR_RETRY || rc == ERR_NOMEM)
		return problem_err(&l->p, rc);
	if (rc || !l->found || l->user.disabled) {
		attempt_failed(l->throttle, &l->keys);
		return problem_set(&l->p, P_INVALID_CREDENTIALS, NULL,
				   "The user name or password is not right.");
	}
	return login_second_factor(l);
}

int auth_login_hashed(struct auth_login *l)
{
	secret_wipe(l->secret, l->len);
	int rc = l->redeem ? problem_err(&l->p, l->job.rc) : login_verdict(l);
	if (rc)
		return rc;
	token_new(l->token);
	token_hash(l->token, strlen(l->token), l->hash);
	l->now = time_now_unix();
	l->must_change_password = !l->redeem && l->user.must_change_password;
	return ERR_OK;
}

static int login_write(struct db_conn *c, struct auth_login *l)
{
	if (l->totp_step) {
		int rc = account_totp_use_step(c, l->user.id, l->totp_step);
		if (rc == ERR_UNAUTHORIZED)
			return problem_set(&l->p, P_INVALID_TOTP, "totp",
					   "This code was used already. Wait for the next one.");
		if (rc)
			return problem_err(&l->p, rc);
	}
	return problem_err(&l->p, session_create(c, l->user.id, l->hash, l->now, l->ttl));
}

static int redeem_write(struct db_conn *c, struct auth_login *l)
{
	int rc = account_code_redeem(c, l->user.id, l->username, l->canonical, l->now);
	if (rc == ERR_UNAUTHORIZED)
		return problem_set(&l->p, P_INVALID_CODE, "code",
				   "The code is not right, was used already or has expired.");
	if (!rc)
		rc = account_password_set(c, l->user.id, l->job.out);
	if (!rc)
		rc = account_totp_enable(c, l->user.id, false);
	if (!rc)
		rc = session_revoke_user(c, l->user.id, 0);
	if (!rc)
		rc = session_create(c, l->user.id, l->hash, l->now, l->ttl);
	return problem_err(&l->p, rc);
}

int auth_login_tx(struct db_conn *c, void *ctx)
{
	struct auth_login *l = ctx;
	return l->redeem ? redeem_write(c, l) : login_write(c, l);
}

void auth_login_done(struct auth_login *l, int rc)
{
	if (rc == ERR_UNAUTHORIZED)
		attempt_failed(l->throttle, &l->keys);
	else if (rc == ERR_OK)
		attempt_succeeded(l->throttle, &l->keys);
}

/* ---- the password ---- */

static int password_read(struct db_conn *c, void *ctx)
{
	struct auth_password *w = ctx;
	return user_login_get(c, w->by->arena, w->by->who->username, &w->user);
}

static void password_wipe(struct auth_password *w)
{
	secret_wipe(w->secret[0], w->len[0]);
	secret_wipe(w->secret[1], w->len[1]);
}

/* The new password is acceptable and differs from the current one. */
static int password_check(struct auth_password *w)
{
	int rc = account_password_validate(w->next, w->by->who->username, "new_password", &w->p);
	if (!rc && !strcmp(w->current, w->next))
		rc = problem_set(&w->p, P_SAME_AS_CURRENT, "new_password",
				 "The new password must differ from the current one.");
	if (rc)
		return rc;
	rc = secret_keep(w->by->arena, w->current, &w->secret[0], &w->len[0]);
	if (!rc)
		rc = secret_keep(w->by->arena, w->next, &w->secret[1], &w->len[1]);
	w->current = w->next = NULL;
	return problem_err(&w->p, rc);
}

int auth_password_start(struct db *db, struct auth_password *w)
{
	int rc = password_check(w);
	if (!rc)
		rc = attempt_begin(w->by, w->throttle, w->by->who->username, &w->keys,
				   &w->retry_after, &w->p);
	if (!rc)
		rc = problem_err(&w->p, work_read(db, password_read, w));
	if (rc) {
		password_wipe(w);
		return rc;
	}
	w->job.op = PASSWORD_VERIFY_THEN_HASH;
	bool none = !strcmp(w->user.password_hash, ACCOUNT_NO_PASSWORD);
	w->job.hash = none ? NULL : w->user.password_hash;
	w->job.password = w->secret[0];
	w->job.len = w->len[0];
	w->job.password2 = w->secret[1];
	w->job.len2 = w->len[1];
	return ERR_OK;
}

int auth_password_hashed(struct auth_password *w)
{
	password_wipe(w);
	if (w->job.rc == ERR_UNAUTHORIZED) {
		attempt_failed(w->throttle, &w->keys);
		return problem_set(&w->p, P_WRONG_PASSWORD, "current_password",
				   "The current password is not right.");
	}
	if (w->job.rc)
		return problem_err(&w->p, w->job.rc);
	attempt_succeeded(w->throttle, &w->keys);
	return ERR_OK;
}

int auth_password_tx(struct db_conn *c, void *ctx)
{
	struct auth_password *w = ctx;
	int rc = account_password_set(c, w->user.id, w->job.out);
	if (!rc)
		rc = session_revoke_user(c, w->user.id, w->session_id);
	return problem_err(&w->p, rc);
}

/* ---- the second factor ---- */

static int totp_read(struct db_conn *c, void *ctx)
{
	struct auth_totp *t = ctx;
	return account_totp_get(c, t->by->arena, t->by->who->user_id, &t->sealed, &t->enabled);
}

/* A fresh secret: sealed for the store, in base32 and as a URI for the
 * caller's app. */
static int totp_fresh(struct auth_totp *t)
{
	unsigned char key[TOTP_SECRET_BYTES];
	bytes_random(key, sizeof(key));
	totp_base32(key, sizeof(key), t->secret);
	int rc = secret_seal(TOTP_CONTEXT, key, sizeof(key), &t->fresh);
	bytes_wipe(key, sizeof(key));
	if (rc)
		return problem_err(&t->p, rc);
	t->uri = arena_printf(t->by->arena,
			      "otpauth://totp/Tabula:%s?secret=%s&issuer=Tabula"
			      "&algorithm=SHA1&digits=6&period=30",
			      t->by->who->username, t->secret);
	return t->uri ? ERR_OK : problem_err(&t->p, ERR_NOMEM);
}

int auth_totp_setup(struct db *db, struct auth_totp *t)
{
	if (!secret_available())
		return problem_set(&t->p, P_TOTP_UNAVAILABLE, NULL,
				   "Second factors need a server secret (secret_file); ask the "
				   "operator.");
	int rc = work_read(db, totp_read, t);
	if (rc)
		return problem_err(&t->p, rc);
	if (t->enabled)
		return problem_set(&t->p, P_TOTP_ENABLED, NULL,
				   "The second factor is on already; turn it off first.");
	rc = totp_fresh(t);
	if (rc)
		auth_totp_release(t);
	return rc;
}

int auth_totp_setup_tx(struct db_conn *c, void *ctx)
{
	struct auth_totp *t = ctx;
	return problem_err(&t->p, account_totp_store(c, t->by->who->user_id, t->fresh));
}

void auth_totp_release(struct auth_totp *t)
{
	free(t->fresh);
	t->fresh = NULL;
	bytes_wipe(t->secret, sizeof(t->secret));
}

/* The factor is in the state a switch expects: set up and off (to turn it
 * on), or on (to turn it off). */
static int totp_switchable(struct auth_totp *t)
{
	if (t->sealed && t->enabled != t->on)
		return ERR_OK;
	if (t->on)
		return problem_set(
			&t->p, P_TOTP_NOT_SET_UP, NULL,
			"Set up the second factor first (POST /api/v1/auth/totp/setup).");
	return problem_set(&t->p, P_TOTP_NOT_ENABLED, NULL, "The second factor is not on.");
}

int auth_totp_switch(struct db *db, struct auth_totp *t)
{
	struct auth_attempt keys;
	int rc = attempt_begin(t->by, t->throttle, t->by->who->username, &keys, &t->retry_after,
			       &t->p);
	if (!rc)
		rc = problem_err(&t->p, work_read(db, totp_read, t));
	if (!rc)
		rc = totp_switchable(t);
	if (!rc)
		rc = totp_step_of(t->sealed, t->code, &t->step, &t->p);
	t->code = NULL;
	if (rc)
		return rc;
	if (!t->step) {
		attempt_failed(t->throttle, &keys);
		return problem_set(&t->p, P_INVALID_TOTP_SETUP, "code", "The code is not right.");
	}
	attempt_succeeded(t->throttle, &keys);
	return ERR_OK;
}

int auth_totp_switch_tx(struct db_conn *c, void *ctx)
{
	struct auth_totp *t = ctx;
	int64_t user_id = t->by->who->user_id;
	int rc = account_totp_use_step(c, user_id, t->step);
	if (rc == ERR_UNAUTHORIZED)
		return problem_set(&t->p, P_INVALID_TOTP_SETUP, "code",
				   "This code was used already. Wait for the next one.");
	if (!rc)
		rc = account_totp_enable(c, user_id, t->on);
	return problem_err(&t->p, rc);
}

/* ---- logout ---- */

int auth_logout_tx(struct db_conn *c, void *ctx)
{
	struct auth_logout *l = ctx;
	if (l->all)
		return session_revoke_user(c, l->user_id, 0);
	return session_revoke_id(c, l->session_id);
}
