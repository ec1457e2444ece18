#include "core/base.h"
#include "core/log.h"
#include "domain/registry/org.h"
#include "domain/access/user.h"
#include "domain/common/work.h"

int user_name_validate(const char *u, struct problem *p)
{
	size_t n = u ? strlen(u) : 0;
	if (n < 3 || n > USERNAME_MAX)
		return problem_set(p, P_INVALID, "username", "A user name has 3 to 64 characters.");
	for (size_t i = 0; i < n; i++) {
		char ch = u[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
			  ch == '_' || ch == '-' || ch == '@';
		if (!ok)
			return problem_set(p, P_INVALID, "username", "A user name uses only a-z, 0-9 and . _ - @.");
	}
	return ERR_OK;
}

int user_create(struct db_conn *c, const struct user_input *in, int64_t *id, struct problem *p)
{
	int rc = user_name_validate(in->username, p);
	if (rc)
		return rc;
	int64_t org_id = 0;
	if (role_needs_org(in->role) && !in->org)
		return problem_set(p, P_REQUIRED, "org", "This role is held at an organisation.");
	if (in->org) {
		struct db_res res;
		struct db_val v = DBV_TEXT(in->org);
		rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(p, P_UNKNOWN_ORG, "org", "No organisation has this code.");
		if (rc)
			return problem_err(p, rc);
		org_id = db_int(&res, 0);
		db_done(&res);
	}
	int64_t now = time_now_unix();
	struct db_val v[] = { DBV_TEXT(in->username), DBV_TEXT(in->password_hash), DBV_INT(now) };
	struct db_res res;
	rc = db_row(c, Q_USER_INSERT, v, 3, &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_USERNAME, "username", "This user name is taken.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	struct db_val rv[] = { DBV_INT(*id), DBV_TEXT(role_name(in->role)),
			       org_id ? DBV_INT(org_id) : DBV_NULL, DBV_INT(now) };
	rc = db_exec(c, Q_USER_ROLE_INSERT, rv, 4, NULL);
	if (!rc && in->must_change_password) {
		struct db_val mv[] = { DBV_INT(1), DBV_INT(*id) };
		rc = db_exec(c, Q_ACCOUNT_SET_MUST_CHANGE, mv, 2, NULL);
	}
	if (!rc && in->person_id) {
		struct db_val pv = DBV_INT(in->person_id);
		rc = db_row(c, Q_PERSON_EXISTS, &pv, 1, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(p, P_UNKNOWN_STUDENT, "student", "No student has this id.");
		if (!rc) {
			db_done(&res);
			struct db_val lv[] = { DBV_INT(in->person_id), DBV_INT(*id) };
			rc = db_exec(c, Q_USER_PERSON_SET, lv, 2, NULL);
		}
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

int user_login_get(struct db_conn *c, struct arena *a, const char *username,
		   struct user_login *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_USER_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	out->id = db_int(&res, 0);
	out->password_hash = arena_strdup(a, db_text(&res, 1, NULL));
	out->disabled = db_int(&res, 2) != 0;
	out->must_change_password = db_int(&res, 3) != 0;
	out->totp_enabled = db_int(&res, 4) != 0;
	out->totp_secret = db_null(&res, 5) ? NULL : arena_strdup(a, db_text(&res, 5, NULL));
	db_done(&res);
	return out->password_hash ? ERR_OK : ERR_NOMEM;
}

int session_create(struct db_conn *c, int64_t user_id, const char *token_hash, int64_t now,
		   int64_t ttl)
{
	struct db_val v[] = { DBV_TEXT(token_hash), DBV_INT(user_id), DBV_INT(now),
			      DBV_INT(now + ttl) };
	return db_exec(c, Q_SESSION_INSERT, v, 4, NULL);
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
	struct db_val v[] = { DBV_INT(user_id), DBV_INT(keep) };
	return db_exec(c, Q_SESSION_REVOKE_USER, v, 2, NULL);
}

static int principal_grants(struct db_conn *c, struct arena *a, struct principal *out);

int session_lookup(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		   struct session *out)
{
	struct db_res res;
	struct db_val v[] = { DBV_TEXT(token_hash), DBV_INT(now) };
	int rc = db_row(c, Q_SESSION_LOOKUP, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_UNAUTHORIZED;
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->who.user_id = db_int(&res, 0);
	out->who.username = arena_strdup(a, db_text(&res, 1, NULL));
	out->who.person_id = db_null(&res, 3) ? 0 : db_int(&res, 3);
	out->id = db_int(&res, 4);
	out->must_change_password = db_int(&res, 5) != 0;
	out->totp_enabled = db_int(&res, 6) != 0;
	db_done(&res);
	return principal_grants(c, a, &out->who);
}

int session_principal(struct db_conn *c, struct arena *a, const char *token_hash, int64_t now,
		      struct principal *out)
{
	struct session s;
	int rc = session_lookup(c, a, token_hash, now, &s);
	if (rc == ERR_OK)
		*out = s.who;
	return rc;
}

/* Load the roles of out->user_id into out->grants. */
static int principal_grants(struct db_conn *c, struct arena *a, struct principal *out)
{
	struct db_res res;
	int rc;
	struct db_val uv = DBV_INT(out->user_id);
	rc = db_query(c, Q_USER_ROLES_OF, &uv, 1, &res);
	int step = 0;
	while (rc == ERR_OK && (step = db_next(&res)) == 1 && out->ngrants < PRINCIPAL_MAX_GRANTS) {
		int role = role_parse(db_text(&res, 0, NULL));
		if (role < 0)
			continue;
		struct grant *g = &out->grants[out->ngrants++];
		g->role = (enum role)role;
		g->org_id = db_null(&res, 1) ? 0 : db_int(&res, 1);
		g->org_code = db_null(&res, 2) ? NULL : arena_strdup(a, db_text(&res, 2, NULL));
		g->org_path = db_null(&res, 3) ? NULL : arena_strdup(a, db_text(&res, 3, NULL));
	}
	db_done(&res);
	if (rc == ERR_OK && step < 0)
		rc = step;
	return rc;
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
	struct session_find f = { .a = a, .hash = token_hash, .now = now, .out = out };
	return work_read(db, session_find_read, &f);
}
