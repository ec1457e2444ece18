#include "core/base.h"
#include "core/log.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/common/text.h"
#include "domain/registry/transfer.h"

int transfer_read_row(struct db_res *res, struct arena *a, struct transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_int(res, 0);
	t->person_id = db_int(res, 1);
	t->from_school = arena_strdup(a, db_text(res, 2, NULL));
	t->from_path = arena_strdup(a, db_text(res, 3, NULL));
	t->to_school = arena_strdup(a, db_text(res, 4, NULL));
	t->to_path = arena_strdup(a, db_text(res, 5, NULL));
	t->date = arena_strdup(a, db_text(res, 6, NULL));
	t->status = arena_strdup(a, db_text(res, 7, NULL));
	t->reason = db_null(res, 8) ? NULL : arena_strdup(a, db_text(res, 8, NULL));
	t->requested_at = db_int(res, 9);
	t->decided_at = db_null(res, 10) ? 0 : db_int(res, 10);
	t->from_id = db_int(res, 11);
	t->to_id = db_int(res, 12);
	if (!t->from_school || !t->from_path || !t->to_school || !t->to_path || !t->date ||
	    !t->status)
		return ERR_NOMEM;
	return ERR_OK;
}

int transfer_get(struct db_conn *c, struct arena *a, int64_t id, struct transfer *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_TRANSFER_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = transfer_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int transfer_request(struct db_conn *c, int64_t person_id, const struct org_ref *to,
		     const char *date, int64_t by_user, int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_ENROLLED, NULL, "This student is not enrolled at a school now; enrol them "
				   "instead.");
	if (rc)
		return problem_err(p, rc);
	int64_t from = db_int(&res, 1);
	db_done(&res);
	if (from == to->id)
		return problem_set(p, P_SAME_SCHOOL, "to_school", "The student is already at this school.");
	struct db_val iv[] = { DBV_INT(person_id), DBV_INT(from), DBV_INT(to->id), DBV_TEXT(date),
			       by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(time_now_unix()) };
	rc = db_row(c, Q_TRANSFER_INSERT, iv, ARRAY_SIZE(iv), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_TRANSFER_PENDING, NULL, "A transfer of this student is already waiting for a decision.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

static int decide(struct db_conn *c, int64_t id, const char *status, const char *reason,
		  int64_t by_user, struct problem *p)
{
	struct db_val v[] = { DBV_TEXT(status), dbv_text_or_null(reason),
			      by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(time_now_unix()),
			      DBV_INT(id) };
	int changes = 0;
	int rc = db_exec(c, Q_TRANSFER_DECIDE, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return problem_err(p, rc);
	if (changes != 1)
		return problem_set(p, P_ALREADY_DECIDED, NULL, "This transfer has already been decided.");
	return ERR_OK;
}

int transfer_approve(struct db_conn *c, int64_t id, int64_t by_user, struct problem *p)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct transfer t;
	int rc = transfer_get(c, &a, id, &t);
	if (rc) {
		arena_release(&a);
		return rc == ERR_NOTFOUND ? problem_set(p, P_NOT_FOUND, NULL, "No such transfer.") : problem_err(p, rc);
	}
	rc = decide(c, id, "approved", NULL, by_user, p);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	/* Carry the grade, year and class over from the current enrolment. */
	struct db_res res;
	struct db_val pv = DBV_INT(t.person_id);
	rc = db_row(c, Q_ENROLMENT_CURRENT, &pv, 1, &res);
	if (rc == ERR_NOTFOUND) {
		arena_release(&a);
		return problem_set(p, P_NOT_ENROLLED, NULL, "The student is no longer enrolled; refuse this transfer.");
	}
	if (rc) {
		arena_release(&a);
		return problem_err(p, rc);
	}
	int64_t eid = db_int(&res, 0);
	int year = (int)db_int(&res, 2);
	int grade = (int)db_int(&res, 3);
	db_done(&res);
	struct db_val cv[] = { DBV_TEXT(t.date), DBV_TEXT("transferred"), DBV_NULL, DBV_INT(eid) };
	rc = db_exec(c, Q_ENROLMENT_CLOSE, cv, 4, NULL);
	if (rc) {
		arena_release(&a);
		return problem_err(p, rc);
	}
	struct org_ref to = { .id = t.to_id };
	rc = enrolment_add(c, t.person_id, &to, year, grade, NULL, t.date, p);
	arena_release(&a);
	return rc;
}

int transfer_refuse(struct db_conn *c, int64_t id, const char *reason, int64_t by_user,
		    struct problem *p)
{
	return decide(c, id, "refused", reason, by_user, p);
}
