/*
 * user.c: accounts (user.h): creating them, the login's view of one, a
 * user's grants, and staff managing the accounts of their subtree.
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/access/actor.h"
#include "domain/access/session.h"
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
			return problem_set(p, P_INVALID, "username",
					   "A user name uses only a-z, 0-9 and . _ - @.");
	}
	return ERR_OK;
}

/* The id of the org in->org names (0 for none); a staff role needs one. */
static int user_org_id(struct db_conn *c, const struct user_input *in, int64_t *org_id,
		       struct problem *p)
{
	*org_id = 0;
	if (role_needs_org(in->role) && !in->org)
		return problem_set(p, P_REQUIRED, "org", "This role is held at an organisation.");
	if (!in->org)
		return ERR_OK;
	struct access_org_ref org;
	int rc = access_org_lookup(c, NULL, in->org, &org);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_ORG, "org", "No organisation has this code.");
	if (rc)
		return problem_err(p, rc);
	*org_id = org.id;
	return ERR_OK;
}

/* The users row and its first role: an account made by no one, tied to
 * no student yet. */
static int user_insert(struct db_conn *c, const struct user_input *in, int64_t org_id, int64_t *id,
		       struct problem *p)
{
	struct account_input a = {.username = in->username,
				  .role = in->role,
				  .org_id = org_id,
				  .password_hash = in->password_hash,
				  .must_change_password = in->must_change_password};
	return account_insert(c, &a, time_now_unix(), id, p);
}

/* Make account id the student account of person_id, who must exist. */
static int user_person_link(struct db_conn *c, int64_t id, int64_t person_id, struct problem *p)
{
	struct db_res res;
	struct db_val pv = DBV_INT(person_id);
	int rc = db_row(c, Q_PERSON_EXISTS, &pv, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_STUDENT, "student", "No student has this id.");
	if (rc)
		return problem_err(p, rc);
	db_done(&res);
	struct db_val lv[] = {DBV_INT(person_id), DBV_INT(id)};
	return problem_err(p, db_exec(c, Q_USER_PERSON_SET, lv, ARRAY_SIZE(lv), NULL));
}

int user_create(struct db_conn *c, const struct user_input *in, int64_t *id, struct problem *p)
{
	int64_t org_id = 0;
	int rc = user_name_validate(in->username, p);
	if (!rc)
		rc = user_org_id(c, in, &org_id, p);
	if (!rc)
		rc = user_insert(c, in, org_id, id, p);
	if (!rc && in->person_id)
		rc = user_person_link(c, *id, in->person_id, p);
	return rc;
}

int user_add_tx(struct db_conn *c, void *ctx)
{
	struct user_add *u = ctx;
	return user_create(c, &u->in, &u->id, &u->p);
}

int user_login_get(struct db_conn *c, struct arena *a, const char *username, struct user_login *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_USER_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	out->id = db_int(&res, C_USER_BY_USERNAME__ID);
	out->password_hash = db_dup(&res, C_USER_BY_USERNAME__PASSWORD_HASH, a);
	out->disabled = db_int(&res, C_USER_BY_USERNAME__DISABLED) != 0;
	out->must_change_password = db_int(&res, C_USER_BY_USERNAME__MUST_CHANGE_PASSWORD) != 0;
	out->totp_enabled = db_int(&res, C_USER_BY_USERNAME__TOTP_ENABLED) != 0;
	bool sealed = !db_null(&res, C_USER_BY_USERNAME__TOTP_SECRET);
	out->totp_secret = sealed ? db_dup(&res, C_USER_BY_USERNAME__TOTP_SECRET, a) : NULL;
	db_done(&res);
	return out->password_hash && (out->totp_secret || !sealed) ? ERR_OK : ERR_NOMEM;
}

/* ---- staff managing accounts ---- */

/* What user_new_tx checks before it reads anything: the name, the role,
 * an org for any role but ministry_admin. */
static int user_new_check(struct user_new *u)
{
	int rc = user_name_validate(u->username, &u->p);
	if (rc)
		return rc;
	int role = role_parse(u->role);
	if (role < 0)
		return problem_set(&u->p, P_INVALID, "role", "This is not a role.");
	if (!u->org && role != ROLE_MINISTRY_ADMIN)
		return problem_set(&u->p, P_REQUIRED, "org",
				   "An account is held at an organisation.");
	u->parsed = (enum role)role;
	return ERR_OK;
}

/* The org the account is to be held at (none when u->org is NULL). */
static int user_new_org(struct db_conn *c, struct user_new *u, struct access_org_ref *org)
{
	memset(org, 0, sizeof(*org));
	if (!u->org)
		return ERR_OK;
	int rc = access_org_lookup(c, u->by->arena, u->org, org);
	if (rc == ERR_NOTFOUND)
		return problem_set(&u->p, P_UNKNOWN_ORG, "org", "No organisation has this code.");
	return problem_err(&u->p, rc);
}

int user_new_tx(struct db_conn *c, void *ctx)
{
	struct user_new *u = ctx;
	struct access_org_ref org;
	int rc = user_new_check(u);
	if (!rc)
		rc = user_new_org(c, u, &org);
	if (rc)
		return rc;
	if (!account_may_grant(u->by->who, u->parsed, org.path))
		return problem_set(&u->p, P_OUT_OF_SCOPE, org.path ? "org" : "role",
				   "You may only create accounts in your part of the tree, with "
				   "a role at or below your own.");
	struct account_input in = {.username = u->username,
				   .role = u->parsed,
				   .org_id = org.id,
				   .created_by = u->by->who->user_id};
	u->now = time_now_unix();
	rc = account_insert(c, &in, u->now, &u->id, &u->p);
	if (!rc)
		rc = problem_err(&u->p, account_code_issue(c, u->id, u->username, in.created_by,
							   u->now, u->ttl, u->code));
	return rc;
}

/* The subtree a list covers: x->org's, which the caller must reach, or the
 * one the caller's managing grants share. */
static int user_list_scope(struct db_conn *c, struct user_list *x, const char **path)
{
	const struct principal *who = x->by->who;
	if (!x->org) {
		*path = principal_scope(who, ACCOUNT_MANAGERS);
		if (!*path)
			return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
					   "Name an organisation you reach.");
		return ERR_OK;
	}
	struct access_org_ref org;
	int rc = access_org_lookup(c, x->by->arena, x->org, &org);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_UNKNOWN_ORG, "org", "No organisation has this code.");
	if (rc)
		return problem_err(&x->p, rc);
	if (!principal_reaches(who, ACCOUNT_MANAGERS, org.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "This organisation is outside your scope.");
	*path = org.path;
	return ERR_OK;
}

/* Does one of acc's grants sit where the caller manages accounts? Several
 * grants list the subtree they share, which may hold more than they reach. */
static bool user_list_reached(const struct principal *who, const struct account *acc)
{
	for (int g = 0; g < acc->ngrants; g++)
		if (acc->grants[g].org_path &&
		    principal_reaches(who, ACCOUNT_MANAGERS, acc->grants[g].org_path))
			return true;
	return false;
}

static int user_list_read(struct db_conn *c, void *ctx)
{
	struct user_list *x = ctx;
	const char *path = NULL;
	int rc = user_list_scope(c, x, &path);
	if (rc)
		return rc;
	x->items = arena_calloc(x->by->arena, (size_t)x->limit, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	int n = 0;
	rc = account_list(c, x->by->arena, path, x->after, x->limit, x->items, &n);
	if (rc)
		return problem_err(&x->p, rc);
	x->next = n == x->limit ? x->items[n - 1].id : 0;
	x->n = 0;
	for (int i = 0; i < n; i++)
		if (user_list_reached(x->by->who, &x->items[i]))
			x->items[x->n++] = x->items[i];
	return ERR_OK;
}

int user_list(struct db *db, struct user_list *x)
{
	return work_read(db, user_list_read, x);
}

/* The account named, if the caller manages it; absent otherwise. */
static int user_managed(struct db_conn *c, struct actor *by, const char *username,
			struct account *acc, struct problem *p)
{
	int rc = account_get(c, by->arena, username, acc);
	if (!rc && !account_may_manage(by->who, acc))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "There is no such account in your scope.");
	return problem_err(p, rc);
}

struct user_get {
	struct actor *by;
	const char *username;
	struct account *out;
	struct problem *p;
};

static int user_get_read(struct db_conn *c, void *ctx)
{
	struct user_get *x = ctx;
	return user_managed(c, x->by, x->username, x->out, x->p);
}

int user_get(struct db *db, struct actor *by, const char *username, struct account *out,
	     struct problem *p)
{
	struct user_get x = {.by = by, .username = username, .out = out, .p = p};
	return work_read(db, user_get_read, &x);
}

/* Runs on the writer, so the scope check sees the account as committed. */
int user_change_tx(struct db_conn *c, void *ctx)
{
	struct user_change *u = ctx;
	int rc = user_managed(c, u->by, u->username, &u->acc, &u->p);
	if (rc)
		return rc;
	if (u->acc.id == u->by->who->user_id)
		return problem_set(&u->p, P_SELF, "username",
				   "Ask another member of staff to change your own account.");
	u->now = time_now_unix();
	switch (u->op) {
	case USER_DISABLE:
		rc = account_set_disabled(c, u->acc.id, true);
		if (!rc)
			rc = session_revoke_user(c, u->acc.id, 0);
		break;
	case USER_ENABLE:
		rc = account_set_disabled(c, u->acc.id, false);
		break;
	case USER_RESET_CODE:
		rc = account_code_issue(c, u->acc.id, u->acc.username, u->by->who->user_id, u->now,
					u->ttl, u->code);
		break;
	}
	return problem_err(&u->p, rc);
}
