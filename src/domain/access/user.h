/*
 * user.h: accounts and sessions (the minimal model issue 4 builds on).
 */
#ifndef TABULA_DOMAIN_USER_H
#define TABULA_DOMAIN_USER_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

#define USERNAME_MAX 64

struct user_input {
	const char *username;
	const char *password_hash; /* already hashed */
	enum role role;
	const char *org; /* org code, required for staff roles */
	bool must_change_password; /* a first login must set a new password */
	int64_t person_id; /* a student account: the student it is (0: none) */
};

/* Check a user name: 3-64 of a-z 0-9 . _ - @ (stored lower-case). */
int user_name_validate(const char *username, struct problem *p);

/* Create the account with its first role, inside a write job; with
 * in->person_id, the student must exist (unknown_student on "student"). */
int user_create(struct db_conn *c, const struct user_input *in, int64_t *id, struct problem *p);

struct user_login {
	int64_t id;
	const char *password_hash; /* in the arena */
	bool disabled;
	bool must_change_password;
	bool totp_enabled;
	const char *totp_secret; /* sealed (crypto/secret.h), in the arena; NULL if none */
};

/* Fetch what a login needs. ERR_NOTFOUND if no such user. */
int user_login_get(struct db_conn *c, struct arena *a, const char *username,
		   struct user_login *out);

/* Record a session by its token hash, inside a write job. */
int session_create(struct db_conn *c, int64_t user_id, const char *token_hash, int64_t now,
		   int64_t ttl);
int session_revoke(struct db_conn *c, const char *token_hash);
/* End a session by its id; end every session of a user except `keep` (0:
 * all of them). */
int session_revoke_id(struct db_conn *c, int64_t id);
int session_revoke_user(struct db_conn *c, int64_t user_id, int64_t keep);

/* A live session: the caller's identity and the session's state. `who`
 * comes first, so a pointer to it is a pointer to the session. */
struct session {
	struct principal who;
	int64_t id;
	bool must_change_password;
	bool totp_enabled;
};

/* Resolve a token hash into a session; ERR_UNAUTHORIZED as below. */
int session_lookup(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		   struct session *out);

/* session_lookup on a reader connection of db (the API's every request). */
struct db;
int session_find(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		 struct session *out) __attribute__((warn_unused_result));

/* Resolve a live session into the caller's identity; ERR_UNAUTHORIZED if the
 * token is unknown, revoked or expired. */
int session_principal(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		      struct principal *out);

#endif
