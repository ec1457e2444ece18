/*
 * rules_round.c: rounds made with a rule set (rules.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"

int rules_round_defaults(struct round_create *x, struct problem *p)
{
	const struct rule_set *rs = rules_find(x->rules);
	if (!rs)
		return problem_set(p, P_UNKNOWN_RULE_SET, "rules",
				   "GET /api/v1/admissions/rules lists the rule sets.");
	if (!x->name)
		return problem_set(p, P_REQUIRED, "name", NULL);
	if (!x->opens_at)
		return problem_set(p, P_REQUIRED, "opens_at", NULL);
	if (!x->closes_at)
		return problem_set(p, P_REQUIRED, "closes_at", NULL);
	if (x->seed < 0)
		return problem_set(p, P_REQUIRED, "seed", NULL);
	if (!x->grade)
		x->grade = rs->grade;
	if (!x->max_choices)
		x->max_choices = rs->max_choices;
	if (!x->priorities_given)
		x->priorities = rs->priorities;
	return ERR_OK;
}

int rules_round_attach(struct db_conn *c, struct round_create *x, int64_t org_id)
{
	const struct rule_set *rs = rules_find(x->rules);
	if (!x->rules)
		return ERR_OK;
	if (!rs)
		return problem_set(&x->p, P_UNKNOWN_RULE_SET, "rules", NULL);
	struct db_res res;
	struct db_val v = DBV_INT(org_id);
	int rc = db_row(c, Q_ROUND_ORG_COUNTRY, &v, 1, &res);
	if (rc)
		return problem_err(&x->p, rc);
	const char *country = db_text(&res, C_ROUND_ORG_COUNTRY__COUNTRY, NULL);
	bool same = !country || !*country || !strcmp(country, rs->country); /* unknown: any */
	db_done(&res);
	if (!same)
		return problem_set(&x->p, P_INVALID, "rules",
				   arena_printf(x->by->arena,
						"The rule set %s is for %s; this office is not.",
						rs->name, rs->country));
	struct db_val u[] = {DBV_TEXT(rs->name), DBV_INT(x->id)};
	return problem_err(&x->p, db_exec(c, Q_ROUND_SET_RULES, u, 2, NULL));
}
