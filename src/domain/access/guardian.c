/*
 * guardian.c: the guardian links of guardian.h.
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/access/guardian.h"
#include "domain/access/user.h"
#include "domain/common/work.h"

static const char *const relations[] = {"mother", "father", "guardian", "other"};

const char *guardian_relation(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(relations); i++)
		if (!strcmp(s, relations[i]))
			return relations[i];
	return NULL;
}

int guardian_link_insert(struct db_conn *c, int64_t person_id, int64_t user_id,
			 const char *relation, int64_t now, int64_t by)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person_id), DBV_INT(user_id), DBV_TEXT(relation), DBV_INT(now),
			     by ? DBV_INT(by) : DBV_NULL};
	int rc = db_row(c, Q_GUARDIAN_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_OK)
		db_done(&res);
	return rc;
}

/* ---- the list ---- */

static int guardian_list_rows(struct db_conn *c, struct guardian_list *x)
{
	struct arena *a = x->by->arena;
	struct db_val v = DBV_INT(x->student);
	struct db_res res;
	int rc = db_query(c, Q_GUARDIAN_LIST, &v, 1, &res);
	int step = 0, cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			int more = cap ? 2 * cap : 4;
			struct guardian_link *grown = arena_calloc(a, (size_t)more, sizeof(*grown));
			if (!grown) {
				rc = ERR_NOMEM;
				break;
			}
			if (x->n)
				memcpy(grown, x->items, (size_t)x->n * sizeof(*grown));
			x->items = grown;
			cap = more;
		}
		struct guardian_link *l = &x->items[x->n++];
		l->username = db_dup(&res, C_GUARDIAN_LIST__USERNAME, a);
		l->relation = db_dup(&res, C_GUARDIAN_LIST__RELATION, a);
		l->since = db_int(&res, C_GUARDIAN_LIST__CREATED_AT);
		if (!l->username || !l->relation)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int guardian_list_read(struct db_conn *c, void *ctx)
{
	struct guardian_list *x = ctx;
	int rc = actor_may_read_student(c, x->by, ACCESS_READ, x->student, &x->d);
	if (rc)
		return rc;
	actor_audit_fill(x->by, &x->d, "guardian.list", x->student, &x->audit);
	if (x->d.allowed)
		return guardian_list_rows(c, x);
	problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	return ERR_OK;
}

int guardian_list(struct db *db, struct guardian_list *x)
{
	return work_read(db, guardian_list_read, x);
}

/* ---- link and unlink ---- */

/* The student must exist and the caller may change it: the entry `action`
 * is recorded (allowed: in this transaction; refused: after it). */
static int guardian_reach(struct db_conn *c, struct guardian_change *x, const char *action)
{
	const char *school_path = NULL;
	int rc = access_student_school(c, x->by->arena, x->student, &school_path);
	if (rc == ERR_NOTFOUND) {
		struct access_decision d;
		access_absent(x->by->who, &d);
		if (actor_refuse(x->by, &d, action, x->student, NULL))
			return problem_err(&x->p, ERR_NOMEM);
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	}
	if (rc)
		return problem_err(&x->p, rc);
	return actor_may_write_student(c, x->by, x->student, school_path, action, &x->p);
}

static int guardian_user_id(struct db_conn *c, const char *username, int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_GUARDIAN_USER_BY_NAME, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_USER, "username", "No account has this user name.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_GUARDIAN_USER_BY_NAME__ID);
	db_done(&res);
	return ERR_OK;
}

/* Give the account the guardian role, unless it holds it. */
static int guardian_role_ensure(struct db_conn *c, int64_t user_id, int64_t now)
{
	struct db_res res;
	struct db_val uv = DBV_INT(user_id);
	int rc = db_row(c, Q_GUARDIAN_ROLE_OF, &uv, 1, &res);
	if (rc == ERR_OK) {
		db_done(&res);
		return ERR_OK;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	struct db_val gv[] = {DBV_INT(user_id), DBV_INT(now)};
	return db_exec(c, Q_GUARDIAN_ROLE_GRANT, gv, ARRAY_SIZE(gv), NULL);
}

int guardian_link_tx(struct db_conn *c, void *ctx)
{
	struct guardian_change *x = ctx;
	x->relation = guardian_relation(x->relation);
	if (!x->relation)
		return problem_set(&x->p, P_INVALID, "relation",
				   "The relation is mother, father, guardian or other.");
	int64_t uid = 0;
	int rc = guardian_reach(c, x, "guardian.add");
	if (!rc)
		rc = guardian_user_id(c, x->username, &uid, &x->p);
	if (rc)
		return rc;
	x->since = time_now_unix();
	rc = guardian_link_insert(c, x->student, uid, x->relation, x->since, x->by->who->user_id);
	if (rc == ERR_CONFLICT)
		return problem_set(&x->p, P_DUPLICATE_GUARDIAN, "username",
				   "This account is already linked to the student.");
	if (!rc)
		rc = guardian_role_ensure(c, uid, x->since);
	return problem_err(&x->p, rc);
}

int guardian_unlink_tx(struct db_conn *c, void *ctx)
{
	struct guardian_change *x = ctx;
	if (!x->username || strlen(x->username) > USERNAME_MAX)
		return problem_set(&x->p, P_NOT_LINKED, NULL,
				   "This account is not linked to the student.");
	int64_t uid = 0;
	int rc = guardian_reach(c, x, "guardian.remove");
	if (!rc)
		rc = guardian_user_id(c, x->username, &uid, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_LINKED, NULL,
				   "This account is not linked to the student.");
	if (rc)
		return rc;
	struct db_val v[] = {DBV_INT(x->student), DBV_INT(uid)};
	int changes = 0;
	rc = db_exec(c, Q_GUARDIAN_DELETE, v, ARRAY_SIZE(v), &changes);
	if (!rc && !changes)
		return problem_set(&x->p, P_NOT_LINKED, NULL,
				   "This account is not linked to the student.");
	return problem_err(&x->p, rc);
}
