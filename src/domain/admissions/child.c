/*
 * child.c: a new child registered from home (child.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/guardian.h"
#include "domain/admissions/child.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"
#include "domain/registry/student.h"

/* The child an account registered earlier with key, into *id. */
static int child_by_key(struct db_conn *c, int64_t user, const char *key, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user), DBV_TEXT(key)};
	int rc = db_row(c, Q_CHILD_BY_KEY, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_CHILD_BY_KEY__PERSON_ID);
	db_done(&res);
	return ERR_OK;
}

/* The caller's guardian grant (the route admits only guardians). */
static const struct grant *guardian_grant(const struct principal *p)
{
	for (int i = 0; p && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_GUARDIAN)
			return &p->grants[i];
	return NULL;
}

/* The age rule of rs for round r: ERR_OK, or 422 age_not_eligible with the
 * birth dates it admits. */
static int age_check(const struct rule_set *rs, const struct round *r, const char *birth,
		     struct arena *a, struct problem *p)
{
	char earliest[11], latest[11];
	int year = rules_entry_year(rs->country, r->closes_at);
	if (rule_age_window(&rs->age, rs->country, year, earliest, latest))
		return problem_err(p, ERR_INTERNAL);
	if (rule_age_admits(earliest, latest, birth))
		return ERR_OK;
	const char *detail =
		*earliest ? arena_printf(a,
					 "For the school year %d-%d a child in this round is born "
					 "from %s to %s.",
					 year, year + 1, earliest, latest)
			  : arena_printf(a,
					 "For the school year %d-%d a child in this round is born "
					 "on or before %s.",
					 year, year + 1, latest);
	return problem_set(p, P_AGE_NOT_ELIGIBLE, "birth_date", detail);
}

int child_create_tx(struct db_conn *c, void *ctx)
{
	struct child_create *x = ctx;
	struct arena *a = x->by->arena;
	int64_t user = x->by->who->user_id;
	x->replayed = x->flagged = false;
	if (x->key) {
		int rc = child_by_key(c, user, x->key, &x->id);
		if (!rc) {
			x->replayed = true;
			return ERR_OK;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(&x->p, rc);
	}
	struct round r;
	int rc = round_get(c, a, x->round_id, &r);
	if (!rc && round_phase_at(&r, time_now_unix()) == ROUND_UPCOMING)
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such admission round.");
	if (rc)
		return problem_err(&x->p, rc);
	if (round_phase_at(&r, time_now_unix()) == ROUND_CLOSED)
		return problem_set(&x->p, P_ROUND_CLOSED, NULL, NULL);
	const struct rule_set *rs = rules_find(r.rules);
	if (!rs)
		return problem_set(&x->p, P_NO_RULE_SET, NULL, NULL);
	const char *relation = guardian_relation(x->relation ? x->relation : "");
	if (!relation)
		return problem_set(&x->p, P_INVALID, "relation",
				   "The relation is mother, father, guardian or other.");
	if (rs->nid_required && (!x->national_id || !*x->national_id))
		return problem_set(&x->p, P_REQUIRED, "national_id",
				   "This round registers a child with its national id.");
	struct student_input in = {.country = rs->country,
				   .national_id = x->national_id,
				   .given_name = x->given_name,
				   .family_name = x->family_name,
				   .birth_date = x->birth_date,
				   .sex = x->sex};
	struct student_new *s = arena_calloc(a, 1, sizeof(*s));
	if (!s)
		return problem_err(&x->p, ERR_NOMEM);
	rc = student_prepare_applicant(&in, s, &x->p);
	if (!rc)
		rc = age_check(rs, &r, s->birth_date, a, &x->p);
	if (rc)
		return rc;
	/* Claim the key first: a retry running beside this one (PostgreSQL's
	 * writers) waits here for it, then answers what it made. */
	int64_t now = time_now_unix();
	struct db_res res;
	struct db_val v[] = {DBV_INT(r.id), DBV_INT(r.org_id), DBV_INT(user),
			     x->key ? DBV_TEXT(x->key) : DBV_NULL, DBV_INT(now)};
	rc = db_row(c, Q_CHILD_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND && x->key) {
		rc = child_by_key(c, user, x->key, &x->id);
		if (!rc) {
			x->replayed = true;
			return ERR_OK;
		}
	}
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_CONFLICT, NULL, "Try again.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t row = db_int(&res, C_CHILD_INSERT__ID);
	db_done(&res);
	rc = student_insert_applicant(c, s, r.org_id, &x->id, &x->flagged, &x->p);
	if (rc == ERR_CONFLICT) {
		/* Name nobody: the family is not the child's known guardian. */
		memset(&x->p, 0, sizeof(x->p));
		return problem_set(&x->p, P_ALREADY_REGISTERED, "national_id", NULL);
	}
	if (rc)
		return rc;
	struct db_val u[] = {DBV_INT(x->id), DBV_INT(row)};
	rc = db_exec(c, Q_CHILD_SET_PERSON, u, 2, NULL);
	if (!rc)
		rc = guardian_link_insert(c, x->id, user, relation, now, user);
	struct access_decision d = {
		.allowed = true, .visible = true, .grant = guardian_grant(x->by->who)};
	if (!rc)
		rc = actor_audit(c, x->by, &d, "admissions.child", x->id,
				 arena_printf(a, "admission_round:%" PRId64, r.id));
	return problem_err(&x->p, rc);
}
