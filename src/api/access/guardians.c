/*
 * guardians.c: the accounts linked to a student as guardians.
 *
 *   GET    /api/v1/students/{id}/guardians               who is linked (a read)
 *   POST   /api/v1/students/{id}/guardians               link {"username","relation"}
 *   DELETE /api/v1/students/{id}/guardians/{username}    unlink
 *
 * Linking and unlinking are writes on the student (registrars reaching its
 * school, src/domain/access.h). Linking gives the account the guardian role
 * if it lacks it; unlinking leaves the role (the account may be linked to
 * other children; without links the role reaches nothing).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/registry/student.h"
#include "domain/access/user.h"

static const char *const relations[] = { "mother", "father", "guardian", "other" };

static json_t *link_json(const char *username, const char *relation, int64_t since)
{
	char at[32];
	time_iso8601(since, at, sizeof(at));
	return json_pack("{s:s, s:s, s:s}", "username", username, "relation", relation, "since",
			 at);
}

/* ---- list ---- */

struct glist {
	struct req *r;
	int64_t id;
	struct access_decision d;
	json_t *items;
};

static int glist_read(struct db_conn *c, void *arg)
{
	struct glist *x = arg;
	struct student s;
	int rc = api_student_read(c, x->r, x->id, &s, &x->d);
	if (rc || !x->d.allowed)
		return rc;
	struct db_val v = DBV_INT(x->id);
	struct db_res res;
	rc = db_query(c, Q_GUARDIAN_LIST, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1)
		json_array_append_new(x->items, link_json(db_text(&res, 0, NULL),
							  db_text(&res, 1, NULL), db_int(&res, 2)));
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

void api_guardians_list(struct req *r)
{
	struct glist x = { .r = r };
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	x.items = json_array();
	int rc = db_read(api_app(r)->db, glist_read, &x);
	struct audit_entry *e = rc ? NULL : arena_calloc(&r->arena, 1, sizeof(*e));
	if (!rc && !e)
		rc = ERR_NOMEM;
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, NULL);
		return;
	}
	api_audit_fill(r, &x.d, "guardian.list", x.id, e);
	if (!x.d.allowed) {
		json_decref(x.items);
		struct problem p;
		problem_set(&p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	api_audit_reply(r, e, 1, 200, json_pack("{s:o}", "items", x.items), NULL);
}

/* ---- link and unlink ---- */

struct glink {
	struct req *r;
	int64_t id;
	char username[USERNAME_MAX + 1];
	const char *relation; /* static; NULL to unlink */
	int64_t since;
	struct problem p;
};

/* The student must exist and the caller may change it; the entry `action`
 * is recorded (allowed: in this transaction; refused: after it). */
static int glink_reach(struct db_conn *c, struct glink *x, const char *action)
{
	struct student s;
	int rc = student_get(c, &x->r->arena, x->id, &s);
	if (rc == ERR_NOTFOUND) {
		struct access_decision d;
		struct audit_entry *e = arena_calloc(&x->r->arena, 1, sizeof(*e));
		if (!e)
			return problem_err(&x->p, ERR_NOMEM);
		access_absent(api_principal(x->r), &d);
		api_audit_fill(x->r, &d, action, x->id, e);
		api_write_refused(x->r, e);
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	}
	if (rc)
		return problem_err(&x->p, rc);
	return api_access_write(c, x->r, x->id, s.school_path, action, &x->p);
}

static int user_id_of(struct db_conn *c, const char *username, int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_GUARDIAN_USER_BY_NAME, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_USER, "username", "No account has this user name.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

static int glink_write(struct db_conn *c, void *arg)
{
	struct glink *x = arg;
	int rc = glink_reach(c, x, "guardian.add");
	int64_t uid = 0;
	if (!rc)
		rc = user_id_of(c, x->username, &uid, &x->p);
	if (rc)
		return rc;
	int64_t now = time_now_unix();
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->id), DBV_INT(uid), DBV_TEXT(x->relation), DBV_INT(now),
			      DBV_INT(api_principal(x->r)->user_id) };
	rc = db_row(c, Q_GUARDIAN_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(&x->p, P_DUPLICATE_GUARDIAN, "username", "This account is already linked to the student.");
	if (rc)
		return problem_err(&x->p, rc);
	x->since = db_int(&res, 0);
	db_done(&res);
	struct db_val uv = DBV_INT(uid);
	rc = db_row(c, Q_GUARDIAN_ROLE_OF, &uv, 1, &res);
	if (rc == ERR_OK) {
		db_done(&res);
		return ERR_OK;
	}
	if (rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	struct db_val gv[] = { DBV_INT(uid), DBV_INT(now) };
	rc = db_exec(c, Q_GUARDIAN_ROLE_GRANT, gv, 2, NULL);
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

static void glink_finish(struct req *r, int rc, void *arg)
{
	struct glink *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location",
		   arena_printf(&r->arena, "/api/v1/students/%" PRId64 "/guardians/%s", x->id,
				x->username));
	res_json(r, 201, link_json(x->username, x->relation, x->since));
}

void api_guardians_add(struct req *r)
{
	struct glink *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *username = NULL, *relation = NULL;
	int rc = json_get_string(body, "username", true, USERNAME_MAX, &username, &x->p);
	if (!rc)
		rc = json_get_string(body, "relation", true, 16, &relation, &x->p);
	if (!rc) {
		for (size_t i = 0; i < ARRAY_SIZE(relations); i++)
			if (!strcmp(relation, relations[i]))
				x->relation = relations[i];
		if (!x->relation)
			rc = problem_set(&x->p, P_INVALID, "relation", "The relation is mother, father, guardian or other.");
	}
	if (!rc)
		snprintf(x->username, sizeof(x->username), "%s", username);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, glink_write, x, glink_finish);
}

static int gunlink_write(struct db_conn *c, void *arg)
{
	struct glink *x = arg;
	int rc = glink_reach(c, x, "guardian.remove");
	int64_t uid = 0;
	if (!rc)
		rc = user_id_of(c, x->username, &uid, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_LINKED, NULL, "This account is not linked to the student.");
	if (rc)
		return rc;
	struct db_val v[] = { DBV_INT(x->id), DBV_INT(uid) };
	int changes = 0;
	rc = db_exec(c, Q_GUARDIAN_DELETE, v, 2, &changes);
	if (rc)
		return problem_err(&x->p, rc);
	if (!changes)
		return problem_set(&x->p, P_NOT_LINKED, NULL, "This account is not linked to the student.");
	return ERR_OK;
}

static void gunlink_finish(struct req *r, int rc, void *arg)
{
	struct glink *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_body(r, 204, NULL, "", 0);
}

void api_guardians_remove(struct req *r)
{
	struct glink *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	const char *username = req_param(r, "username");
	if (!username || strlen(username) > USERNAME_MAX) {
		res_error(r, P_NOT_LINKED, NULL, "This account is not linked to the student.");
		return;
	}
	snprintf(x->username, sizeof(x->username), "%s", username);
	api_write(r, gunlink_write, x, gunlink_finish);
}
