/*
 * session.c: the sessions of session.h.
 */
#include "core/base.h"
#include "domain/access/grant.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/session.h"
#include "domain/access/user.h"
#include "domain/common/work.h"

int session_create(struct db_conn *c, int64_t user_id, const char *token_hash, int64_t now,
		   int64_t ttl)
{
	struct db_val v[] = {DBV_TEXT(token_hash), DBV_INT(user_id), DBV_INT(now),
			     DBV_INT(now + ttl)};
	return db_exec(c, Q_SESSION_INSERT, v, ARRAY_SIZE(v), NULL);
}

int session_revoke(struct db_conn *c, const char *token_hash)
{
	struct db_val v = DBV_TEXT(token_hash);
	return db_exec(c, Q_SESSION_REVOKE, &v, 1, NULL);
}

int session_revoke_id(struct db_conn *c, int64_t id)
{
	struct db_val v = DBV_INT(id);
	return db_exec(c, Q_SESSION_REVOKE_ID, &v, 1, NULL);
}

int session_revoke_user(struct db_conn *c, int64_t user_id, int64_t keep)
{
	struct db_val v[] = {DBV_INT(user_id), DBV_INT(keep)};
	return db_exec(c, Q_SESSION_REVOKE_USER, v, ARRAY_SIZE(v), NULL);
}

int session_lookup(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		   struct session *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(token_hash), DBV_INT(now)};
	int rc = db_row(c, Q_SESSION_LOOKUP, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_UNAUTHORIZED;
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->who.user_id = db_int(&res, C_SESSION_LOOKUP__USER_ID);
	out->who.username = db_dup(&res, C_SESSION_LOOKUP__USERNAME, a);
	out->who.person_id = db_int0(&res, C_SESSION_LOOKUP__PERSON_ID);
	out->id = db_int(&res, C_SESSION_LOOKUP__ID);
	out->must_change_password = db_int(&res, C_SESSION_LOOKUP__MUST_CHANGE_PASSWORD) != 0;
	out->totp_enabled = db_int(&res, C_SESSION_LOOKUP__TOTP_ENABLED) != 0;
	db_done(&res);
	if (!out->who.username)
		return ERR_NOMEM;
	return user_grants_read(c, a, out->who.user_id, out->who.grants, &out->who.ngrants);
}

struct session_find {
	struct arena *a;
	const char *hash;
	int64_t now;
	struct session *out;
};

static int session_find_read(struct db_conn *c, void *arg)
{
	struct session_find *f = arg;
	return session_lookup(c, f->a, f->hash, f->now, f->out);
}

int session_find(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		 struct session *out)
{
	struct session_find f = {.a = a, .hash = token_hash, .now = now, .out = out};
	return work_read(db, session_find_read, &f);
}
