/*
 * access.c: the access rules of access.h. Registrar grants are decided from
 * the org path alone; a teacher's classes and a guardian's links cost one
 * indexed look-up each, made only when nothing cheaper has decided.
 */
#include "core/base.h"
#include "domain/access/access.h"

const char *access_action_name(enum access_action act)
{
	switch (act) {
	case ACCESS_READ:
		return "read";
	case ACCESS_LIST:
		return "list";
	case ACCESS_WRITE:
		return "write";
	case ACCESS_AUDIT:
		return "audit";
	}
	return "unknown";
}

static const struct grant *grant_of(const struct principal *p, enum role role)
{
	for (int i = 0; i < p->ngrants; i++)
		if (p->grants[i].role == role)
			return &p->grants[i];
	return NULL;
}

/* Does the row `q` with (a, b, b) or (a, b) exist? */
static int exists(struct db_conn *c, enum query_id q, int64_t a, int64_t b, int nargs, bool *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(a), DBV_INT(b), DBV_INT(b)};
	int rc = db_row(c, q, v, nargs, &res);
	*out = rc == ERR_OK;
	if (rc == ERR_OK)
		db_done(&res);
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

int access_student(struct db_conn *c, const struct principal *p, enum access_action act,
		   int64_t person_id, const char *school_path, struct access_decision *out)
{
	memset(out, 0, sizeof(*out));
	bool read = act == ACCESS_READ || act == ACCESS_LIST;
	/* Registrars: by the school's place in the tree. */
	const struct grant *g = principal_reach(p, ACCESS_REGISTRARS, school_path);
	/* A student: their own record, never to change it or read its trail. */
	if (!g && read && p->person_id && p->person_id == person_id)
		g = grant_of(p, ROLE_STUDENT);
	/* A teacher of the school: the students of the classes they teach. */
	if (!g && read) {
		const struct grant *tg = principal_reach(p, ROLE_BIT(ROLE_TEACHER), school_path);
		bool teaches = false;
		if (tg && person_id > 0) {
			int rc = exists(c, Q_ACCESS_TEACHES_STUDENT, person_id, p->user_id, 3,
					&teaches);
			if (rc)
				return rc;
		}
		if (teaches)
			g = tg;
	}
	/* A guardian: the linked children, to read (and read who read them). */
	if (!g && act != ACCESS_WRITE) {
		const struct grant *gg = grant_of(p, ROLE_GUARDIAN);
		bool linked = false;
		if (gg && person_id > 0) {
			int rc = exists(c, Q_GUARDIAN_LINK_EXISTS, person_id, p->user_id, 2,
					&linked);
			if (rc)
				return rc;
		}
		if (linked)
			g = gg;
	}
	if (g) {
		out->allowed = true;
		out->visible = true;
		out->grant = g;
		return ERR_OK;
	}
	out->grant = p->ngrants ? &p->grants[0] : NULL;
	if (act == ACCESS_WRITE || act == ACCESS_AUDIT) {
		/* Refused: may the caller at least read it? Then 403, not 404. */
		struct access_decision r;
		int rc = access_student(c, p, ACCESS_READ, person_id, school_path, &r);
		if (rc)
			return rc;
		out->visible = r.allowed;
		if (r.allowed)
			out->grant = r.grant;
	}
	return ERR_OK;
}

int access_class(struct db_conn *c, const struct principal *p, enum access_class_act act,
		 const struct access_class *k, struct access_decision *out)
{
	memset(out, 0, sizeof(*out));
	const struct grant *g = principal_reach(p, ACCESS_REGISTRARS, k->school_path);
	const struct grant *tg =
		g ? NULL : principal_reach(p, ROLE_BIT(ROLE_TEACHER), k->school_path);
	if (tg) {
		bool ok = false;
		int64_t me = p->user_id;
		switch (act) {
		case ACCESS_CLASS_READ:
		case ACCESS_CLASS_ATTEND:
			ok = k->homeroom_id && k->homeroom_id == me;
			if (!ok && k->id > 0) {
				int rc = exists(c, Q_ACCESS_TEACHES_CLASS, k->id, me, 2, &ok);
				if (rc)
					return rc;
			}
			break;
		case ACCESS_CLASS_GRADE:
			ok = k->subject_teacher_id && k->subject_teacher_id == me;
			break;
		case ACCESS_CLASS_MANAGE:
			break;
		}
		if (ok)
			g = tg;
	}
	out->allowed = g != NULL;
	out->visible = g != NULL || tg != NULL;
	out->grant = g ? g : tg ? tg : p->ngrants ? &p->grants[0] : NULL;
	return ERR_OK;
}

void access_absent(const struct principal *p, struct access_decision *out)
{
	memset(out, 0, sizeof(*out));
	out->grant = p->ngrants ? &p->grants[0] : NULL;
}

void access_org(const struct principal *p, enum access_action act, const char *org_path,
		struct access_decision *out)
{
	memset(out, 0, sizeof(*out));
	unsigned mask = act == ACCESS_READ || act == ACCESS_LIST ? ACCESS_STAFF : ACCESS_REGISTRARS;
	out->grant = principal_reach(p, mask, org_path);
	out->allowed = out->grant != NULL;
	out->visible = out->allowed || principal_reach(p, ACCESS_STAFF, org_path) != NULL;
	if (!out->grant)
		out->grant = p->ngrants ? &p->grants[0] : NULL;
}

enum access_list_kind access_list_plan(const struct principal *p, bool linked, const char **scope)
{
	*scope = NULL;
	const char *s = principal_scope(p, ACCESS_STAFF);
	if (s && !linked) {
		*scope = s;
		return ACCESS_LIST_SUBTREE;
	}
	if (grant_of(p, ROLE_GUARDIAN) || (grant_of(p, ROLE_STUDENT) && p->person_id))
		return ACCESS_LIST_LINKED;
	return ACCESS_LIST_NONE;
}

int access_org_lookup(struct db_conn *c, struct arena *a, const char *code,
		      struct access_org_ref *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	memset(out, 0, sizeof(*out));
	int rc = db_row(c, Q_ACCESS_ORG_BY_CODE, &v, 1, &res);
	if (rc)
		return rc;
	out->id = db_int(&res, C_ACCESS_ORG_BY_CODE__ID);
	out->school = !strcmp(db_text(&res, C_ACCESS_ORG_BY_CODE__KIND, NULL), "school");
	out->path = a ? db_dup(&res, C_ACCESS_ORG_BY_CODE__PATH, a) : NULL;
	db_done(&res);
	return a && !out->path ? ERR_NOMEM : ERR_OK;
}

int access_student_school(struct db_conn *c, struct arena *a, int64_t person_id,
			  const char **school_path)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ACCESS_STUDENT_SCHOOL, &v, 1, &res);
	if (rc)
		return rc;
	*school_path = db_dup(&res, C_ACCESS_STUDENT_SCHOOL__SCHOOL_PATH, a);
	db_done(&res);
	return *school_path ? ERR_OK : ERR_NOMEM;
}
