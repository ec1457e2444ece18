/*
 * eligibility.c: who registers as a school's candidate (eligibility.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/exams/eligibility.h"
#include "domain/exams/pack.h"

int exam_eligibility_check(struct db_conn *c, const struct exam_pack *pk, int64_t person_id,
			   struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ELIGIBILITY_CURRENT_GRADE, &v, 1, &res);
	int64_t grade = 0;
	if (!rc) {
		grade = db_int(&res, C_ELIGIBILITY_CURRENT_GRADE__GRADE);
		db_done(&res);
	} else if (rc != ERR_NOTFOUND) {
		return problem_err(p, rc);
	}
	if (grade == pk->grade_max)
		return ERR_OK;
	return problem_set(p, P_NOT_ELIGIBLE, NULL,
			   "Only final-year students register through their school; others "
			   "register as free candidates at a designated site.");
}
