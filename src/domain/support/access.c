/*
 * access.c: who may see a support ticket, and where a new one lands
 * (access.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/support/access.h"

enum support_role support_role_of(const struct principal *p, const struct support_ticket_ref *t,
				  const struct grant **g)
{
	*g = NULL;
	if (!p)
		return SUPPORT_ROLE_NONE;
	const struct grant *acting = principal_reach(p, SUPPORT_STAFF, t->org_path);
	if (acting) {
		*g = acting;
		return SUPPORT_ACTING;
	}
	if (p->user_id && p->user_id == t->requester_id) {
		*g = p->ngrants ? &p->grants[0] : NULL;
		return SUPPORT_REQUESTER;
	}
	const struct grant *origin = principal_reach(p, SUPPORT_STAFF, t->origin_path);
	if (origin) {
		*g = origin;
		return SUPPORT_ORIGIN;
	}
	return SUPPORT_ROLE_NONE;
}

void support_decision(const struct principal *p, enum support_role role, const struct grant *g,
		      struct access_decision *d)
{
	d->allowed = d->visible = role != SUPPORT_ROLE_NONE;
	d->grant = g ? g : (p && p->ngrants ? &p->grants[0] : NULL);
}

static int org_row(struct db_res *res, struct arena *a, struct support_org *out)
{
	out->id = db_int(res, C_SUPPORT_ORG_BY_ID__ID);
	out->parent_id = db_int0(res, C_SUPPORT_ORG_BY_ID__PARENT_ID);
	out->code = db_dup(res, C_SUPPORT_ORG_BY_ID__CODE, a);
	out->name = db_dup(res, C_SUPPORT_ORG_BY_ID__NAME, a);
	out->kind = db_dup(res, C_SUPPORT_ORG_BY_ID__KIND, a);
	out->path = db_dup(res, C_SUPPORT_ORG_BY_ID__PATH, a);
	out->country = db_null(res, C_SUPPORT_ORG_BY_ID__COUNTRY)
			       ? ""
			       : db_dup(res, C_SUPPORT_ORG_BY_ID__COUNTRY, a);
	db_done(res);
	return out->code && out->name && out->kind && out->path && out->country ? ERR_OK
										: ERR_NOMEM;
}

int support_org_get(struct db_conn *c, struct arena *a, int64_t id, struct support_org *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_SUPPORT_ORG_BY_ID, &v, 1, &res);
	return rc ? rc : org_row(&res, a, out);
}

int support_org_by_code(struct db_conn *c, struct arena *a, const char *code,
			struct support_org *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_SUPPORT_ORG_BY_CODE, &v, 1, &res);
	_Static_assert((int)C_SUPPORT_ORG_BY_CODE__COUNTRY == (int)C_SUPPORT_ORG_BY_ID__COUNTRY,
		       "one row shape");
	return rc ? rc : org_row(&res, a, out);
}

/* Staff filing: the org of their grant (or the one they name), one level
 * up when they are its support staff. */
static int staff_landing(struct db_conn *c, struct arena *a, const struct principal *p,
			 const char *org, struct support_org *out, struct problem *pb)
{
	int64_t only = 0;
	int distinct = 0;
	bool national = false;
	const struct grant *named = NULL;
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!g->org_id) {
			national = national || g->role == ROLE_MINISTRY_ADMIN;
			continue;
		}
		if (g->org_id != only) {
			bool seen = false;
			for (int j = 0; j < i; j++)
				seen = seen || p->grants[j].org_id == g->org_id;
			if (!seen) {
				distinct++;
				only = g->org_id;
			}
		}
		if (org && g->org_code && !strcmp(g->org_code, org))
			named = g;
	}
	int rc;
	if (named)
		rc = support_org_get(c, a, named->org_id, out);
	else if (org && national)
		rc = support_org_by_code(c, a, org, out);
	else if (org)
		return problem_set(pb, P_UNKNOWN_ORG, "org",
				   "Name an organisation one of your roles is held at.");
	else if (distinct == 1)
		rc = support_org_get(c, a, only, out);
	else
		return problem_set(pb, P_REQUIRED, "org",
				   "You hold roles at several organisations: say which one "
				   "the question comes from (org).");
	if (rc == ERR_NOTFOUND)
		return problem_set(pb, P_UNKNOWN_ORG, "org", NULL);
	if (rc)
		return problem_err(pb, rc);
	if (out->parent_id && principal_reaches(p, SUPPORT_STAFF, out->path)) {
		rc = support_org_get(c, a, out->parent_id, out);
		if (rc)
			return problem_err(pb, rc);
	}
	return ERR_OK;
}

static bool has_staff_grant(const struct principal *p)
{
	for (int i = 0; i < p->ngrants; i++)
		if (p->grants[i].org_id || p->grants[i].role == ROLE_MINISTRY_ADMIN)
			return true;
	return false;
}

int support_landing(struct db_conn *c, struct arena *a, const struct principal *p, int64_t student,
		    const char *org, struct support_org *out, struct problem *pb)
{
	if (!p)
		return problem_err(pb, ERR_INTERNAL);
	struct db_res res;
	int rc;
	if (student) {
		struct db_val v = DBV_INT(student);
		rc = db_row(c, Q_SUPPORT_STUDENT_SCHOOL, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(pb, P_UNKNOWN_STUDENT, "student", NULL);
		if (rc)
			return problem_err(pb, rc);
		int64_t school = db_int(&res, C_SUPPORT_STUDENT_SCHOOL__ORG_ID);
		const char *path = db_dup(&res, C_SUPPORT_STUDENT_SCHOOL__PATH, a);
		db_done(&res);
		if (!path)
			return problem_err(pb, ERR_NOMEM);
		bool mine = p->person_id == student;
		if (!mine) {
			struct db_val lv[] = {DBV_INT(student), DBV_INT(p->user_id)};
			rc = db_row(c, Q_SUPPORT_GUARDIAN_LINK, lv, 2, &res);
			if (!rc)
				db_done(&res);
			else if (rc != ERR_NOTFOUND)
				return problem_err(pb, rc);
			mine = !rc;
		}
		if (mine) {
			rc = support_org_get(c, a, school, out);
			return rc ? problem_err(pb, rc) : ERR_OK;
		}
		/* Staff may name a student of their subtree; the ticket lands
		 * as their own. */
		if (!principal_reaches(p, ACCESS_STAFF | ROLE_BIT(ROLE_SUPPORT_AGENT), path))
			return problem_set(pb, P_UNKNOWN_STUDENT, "student",
					   "Name a child linked to your account.");
		return staff_landing(c, a, p, org, out, pb);
	}
	if (has_staff_grant(p))
		return staff_landing(c, a, p, org, out, pb);
	if (p->person_id) {
		struct db_val v = DBV_INT(p->person_id);
		rc = db_row(c, Q_SUPPORT_STUDENT_SCHOOL, &v, 1, &res);
		if (rc)
			return problem_err(pb, rc);
		int64_t school = db_int(&res, C_SUPPORT_STUDENT_SCHOOL__ORG_ID);
		db_done(&res);
		rc = support_org_get(c, a, school, out);
		return rc ? problem_err(pb, rc) : ERR_OK;
	}
	return problem_set(pb, P_REQUIRED, "student",
			   "Say which of your children the question is about (student).");
}
