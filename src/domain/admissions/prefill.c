/*
 * prefill.c: the application form prefilled from the registry (prefill.h).
 */
#include "core/base.h"
#include "core/log.h"
#include <jansson.h>

#include "db/db.h"
#include "domain/admissions/prefill.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"

static int siblings_read(struct db_conn *c, const struct actor *by, struct prefill_view *x)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(x->round_id), DBV_INT(by->who->user_id), DBV_INT(x->student)};
	x->nsiblings = 0;
	x->siblings = arena_calloc(by->arena, 101, sizeof(*x->siblings));
	if (!x->siblings)
		return ERR_NOMEM;
	int rc = db_query(c, Q_PREFILL_SIBLING_SCHOOLS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && x->nsiblings < 100 && (step = db_next(&res)) == 1)
		if (!(x->siblings[x->nsiblings++] =
			      db_dup(&res, C_PREFILL_SIBLING_SCHOOLS__SCHOOL, by->arena)))
			rc = ERR_NOMEM;
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int area_read(struct db_conn *c, const struct actor *by, struct prefill_view *x)
{
	struct db_res res;
	struct db_val v = DBV_INT(by->who->user_id);
	x->area = NULL;
	int rc = db_row(c, Q_PREFILL_LAST_CLAIMS, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	json_t *claims = json_loads(db_text(&res, C_PREFILL_LAST_CLAIMS__CLAIMS, NULL), 0, NULL);
	db_done(&res);
	const char *area = json_string_value(json_object_get(claims, "area"));
	if (area && !(x->area = arena_strdup(by->arena, area)))
		rc = ERR_NOMEM;
	json_decref(claims);
	return rc;
}

static int prefill_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct prefill_view *x = ctx;
	struct round r;
	int rc = round_load(c, by, x->round_id, time_now_unix(), &r, &x->p);
	if (rc)
		return rc;
	x->rules = r.rules;
	rc = student_read_as(c, by, x->student, &x->s, &x->d);
	if (rc)
		return problem_err(&x->p, rc);
	if (x->d.allowed && (!x->d.grant || x->d.grant->role != ROLE_GUARDIAN)) {
		x->d.allowed = false; /* staff see the child; the form is the family's */
		x->d.visible = true;
	}
	if (!x->d.allowed)
		return ERR_OK;
	const struct rule_set *rs = rules_find(r.rules);
	if (rs) {
		x->entry_year = rules_entry_year(rs->country, r.closes_at);
		x->age_known = !rule_age_window(&rs->age, rs->country, x->entry_year, x->earliest,
						x->latest);
		x->eligible =
			x->age_known && rule_age_admits(x->earliest, x->latest, x->s.birth_date);
	}
	rc = siblings_read(c, by, x);
	if (!rc)
		rc = area_read(c, by, x);
	return problem_err(&x->p, rc);
}

int prefill_read(struct db *db, const struct actor *by, struct prefill_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, prefill_work, x);
	if (rc)
		return rc;
	bool staff = x->d.visible && !x->d.allowed;
	rc = actor_audit_student_read(by, &x->d, "admissions.prefill", x->student, &x->audit,
				      &x->p);
	if (rc || x->d.allowed)
		return rc;
	memset(&x->p, 0, sizeof(x->p));
	if (staff)
		problem_set(&x->p, P_FORBIDDEN, NULL,
			    "Only a guardian linked to the child fills its form.");
	else
		problem_set(&x->p, P_NOT_FOUND, "student", "No such student.");
	return ERR_OK;
}
