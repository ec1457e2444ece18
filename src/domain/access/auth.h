/*
 * auth.h: signing in, and the caller's own credentials: login with a
 * password (and a TOTP code when the second factor is on), redeeming a
 * one-time code (a new password and a session), logging out, changing the
 * password, turning the second factor on and off.
 *
 * Argon2id never runs on a server thread, so a sign-in is a short sequence
 * the caller runs with its own waits between the steps:
 *   *_start    checks the input and the throttle, reads the account and
 *              leaves a password job (crypto/password.h) for the hashing
 *              pool;
 *   *_hashed   decides once the job has run;
 *   *_tx       the write (a work function, domain/common/work.h);
 *   *_done     tells the throttle how the write ended.
 * Failed passwords, codes and TOTP checks are throttled per account, per
 * client address and per pair (throttle.h): a throttled attempt is refused
 * with too_many_attempts (429) and retry_after says how long to wait.
 * Secrets given are copied into the actor's arena by *_start and wiped
 * once hashed (or at once, when the attempt goes no further).
 */
#ifndef TABULA_DOMAIN_AUTH_H
#define TABULA_DOMAIN_AUTH_H

#include "core/err.h"
#include "crypto/code.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "crypto/totp.h"
#include "domain/access/user.h"

struct actor;
struct db;
struct db_conn;
struct throttle;

/* The throttle's keys of one attempt: the account, the pair, the address. */
struct auth_attempt {
	const char *account, *pair, *address;
};

/* A login (redeem false) or the redemption of a one-time code (redeem
 * true); either issues a session. */
struct auth_login {
	struct actor *by; /* the client's address and the arena; no one signed in */
	struct throttle *throttle;
	bool redeem;
	const char *username;
	const char *password; /* login: the password; redeem: the new one */
	const char *totp;     /* login: the authenticator's code, or NULL */
	const char *code;     /* redeem: the one-time code */
	int64_t ttl;	      /* the session's lifetime */
	/* out */
	struct password_job job;    /* to run between _start and _hashed */
	char token[TOKEN_TEXT_MAX]; /* the session's token, once issued */
	int64_t now;		    /* when it was issued */
	bool must_change_password;  /* the session may only change the password */
	int64_t retry_after;	    /* too_many_attempts: seconds to wait */
	struct problem p;
	/* private */
	char *secret;
	size_t len;
	char canonical[CODE_CHARS + 1];
	bool found;
	struct user_login user;
	struct auth_attempt keys;
	int64_t totp_step;
	char hash[TOKEN_HASH_HEX];
};
/* Login: throttle, read the account; the job verifies the password (the
 * dummy for an unknown account, so it answers as slowly). */
int auth_login_start(struct db *db, struct auth_login *l) __attribute__((warn_unused_result));
/* Redeem: a valid new password, throttle, a live code (401 invalid_code,
 * checked before the hash is paid for); the job hashes the new password. */
int auth_redeem_start(struct db *db, struct auth_login *l) __attribute__((warn_unused_result));
/* The job has run: a login checks the verdict, the account and its second
 * factor (401 invalid_credentials, totp_required, invalid_totp); either
 * then draws the session's token. */
int auth_login_hashed(struct auth_login *l) __attribute__((warn_unused_result));
/* Store the session (a login uses up its TOTP step; a redemption uses up
 * its code, sets the password, turns the second factor off and ends every
 * other session: the code is the recovery path staff vouch for). */
int auth_login_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
void auth_login_done(struct auth_login *l, int rc);

/* Change the caller's password, ending their other sessions. */
struct auth_password {
	struct actor *by;
	struct throttle *throttle;
	int64_t session_id; /* the session that stays */
	const char *current, *next;
	/* out */
	struct password_job job; /* verifies current, then hashes next */
	int64_t retry_after;
	struct problem p;
	/* private */
	char *secret[2];
	size_t len[2];
	struct user_login user;
	struct auth_attempt keys;
};
/* 422 for a new password that is weak or the current one; throttle. */
int auth_password_start(struct db *db, struct auth_password *w) __attribute__((warn_unused_result));
/* 403 wrong_password unless the current password matched. */
int auth_password_hashed(struct auth_password *w) __attribute__((warn_unused_result));
int auth_password_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* The caller's second factor (TOTP). */
struct auth_totp {
	struct actor *by;
	struct throttle *throttle;
	bool on;	  /* switch: confirm (true) or disable (false) */
	const char *code; /* switch: the code from the authenticator app */
	/* out */
	char secret[TOTP_BASE32_MAX]; /* setup: the new secret, in base32 */
	const char *uri;	      /* setup: its otpauth:// URI (the arena) */
	int64_t retry_after;
	struct problem p;
	/* private */
	const char *sealed;
	bool enabled;
	int64_t step;
	char *fresh;
};
/* A new secret, not on until confirmed (409 totp_enabled if it is on; 503
 * totp_unavailable without the server secret). auth_totp_setup_tx stores
 * it; auth_totp_release then wipes what setup holds. */
int auth_totp_setup(struct db *db, struct auth_totp *t) __attribute__((warn_unused_result));
int auth_totp_setup_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
void auth_totp_release(struct auth_totp *t);
/* Check a current code to turn the factor on or off (409 totp_not_set_up,
 * totp_not_enabled; 422 invalid_totp); auth_totp_switch_tx uses the code's
 * time step up and switches. */
int auth_totp_switch(struct db *db, struct auth_totp *t) __attribute__((warn_unused_result));
int auth_totp_switch_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* End the caller's session, or all of theirs. */
struct auth_logout {
	int64_t session_id, user_id;
	bool all;
};
int auth_logout_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
