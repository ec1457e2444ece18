/*
 * session.h: sessions, by the hash of their token (crypto/token.h). The
 * token itself is never stored: the client holds it, the table holds its
 * hash, an expiry and whether it was revoked.
 */
#ifndef TABULA_DOMAIN_SESSION_H
#define TABULA_DOMAIN_SESSION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/role.h"

struct db;
struct db_conn;

/* A live session: the caller's identity and the session's state. `who`
 * comes first, so a pointer to it is a pointer to the session. Strings live
 * in the arena given to session_lookup. */
struct session {
	struct principal who;
	int64_t id;
	bool must_change_password;
	bool totp_enabled;
};

/* In a write: record a session of user_id by its token hash, live from now
 * for ttl seconds. */
int session_create(struct db_conn *c, int64_t user_id, const char *token_hash, int64_t now,
		   int64_t ttl) __attribute__((warn_unused_result));
/* In a write: end the session with this token hash, or with this id. */
int session_revoke(struct db_conn *c, const char *token_hash) __attribute__((warn_unused_result));
int session_revoke_id(struct db_conn *c, int64_t id) __attribute__((warn_unused_result));
/* In a write: end every session of a user except `keep` (0: all of them). */
int session_revoke_user(struct db_conn *c, int64_t user_id, int64_t keep)
	__attribute__((warn_unused_result));

/* Resolve a token hash into the live session with its grants; strings in
 * a. ERR_UNAUTHORIZED if the token is unknown, revoked or expired, or its
 * account disabled. */
int session_lookup(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		   struct session *out) __attribute__((warn_unused_result));

/* session_lookup on a reader connection of db (the API's every request). */
int session_find(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		 struct session *out) __attribute__((warn_unused_result));

#endif
