/*
 * remark.c: requests for re-marking and their decisions (remark.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/exams/remark.h"
#include "domain/exams/score.h"
#include "domain/exams/session.h"

/* The score of subject in registration id, or -1 if it has none. */
static int score_of(struct db_conn *c, int64_t id, const char *subject, int *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_query(c, Q_SCORE_OF_REGISTRATION, &v, 1, &res), step = 0;
	*out = -1;
	while (!rc && (step = db_next(&res)) == 1) {
		size_t len;
		if (!strcmp(db_text(&res, C_SCORE_OF_REGISTRATION__SUBJECT, &len), subject))
			*out = (int)db_int(&res, C_SCORE_OF_REGISTRATION__SCORE);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int exam_remark_request_tx(struct db_conn *c, void *ctx)
{
	struct exam_remark_request *x = ctx;
	struct arena *a = x->by->arena;
	x->created = 0;
	struct db_res res;
	struct db_val v = DBV_INT(x->registration_id);
	int rc = db_row(c, Q_SCORE_REGISTRATION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t person = db_int(&res, C_SCORE_REGISTRATION__PERSON_ID);
	int64_t org = db_int(&res, C_SCORE_REGISTRATION__ORG_ID);
	int64_t opens = db_int0(&res, C_SCORE_REGISTRATION__RESULTS_AT_MS);
	int64_t closes = db_int0(&res, C_SCORE_REGISTRATION__REMARKS_CLOSE_AT_MS);
	const char *office = db_dup(&res, C_SCORE_REGISTRATION__OFFICE_PATH, a);
	const char *school = db_dup(&res, C_SCORE_REGISTRATION__SCHOOL_PATH, a);
	db_done(&res);
	const char *subject = arena_printf(a, "exam_registration:%" PRId64, x->registration_id);
	if (!office || !school || !subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	bool self, office_staff;
	rc = exam_results_decide(c, x->by, person, school, office, &d, &self, &office_staff);
	if (rc)
		return problem_err(&x->p, rc);
	if (!self) {
		if (actor_refuse(x->by, &d, "exam_remark_request", person, subject))
			return problem_err(&x->p, ERR_NOMEM);
		return d.allowed ? problem_set(&x->p, P_NOT_A_CANDIDATE, NULL,
					       "Only the candidate asks for re-marking.")
				 : problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	}
	if (!opens || !closes || x->now_ms < opens || x->now_ms >= closes)
		return problem_set(&x->p, P_REMARKS_CLOSED, NULL, NULL);
	int old[EXAM_REMARK_SUBJECTS_MAX];
	for (int i = 0; i < x->nsubjects; i++) {
		rc = score_of(c, x->registration_id, x->subjects[i], &old[i]);
		if (rc)
			return problem_err(&x->p, rc);
		if (old[i] < 0)
			return problem_set(&x->p, P_UNKNOWN_SUBJECT,
					   arena_printf(a, "subjects[%d]", i),
					   "There is no score in this subject to re-mark.");
	}
	for (int i = 0; i < x->nsubjects && !rc; i++) {
		struct db_val iv[] = {DBV_INT(x->registration_id), DBV_INT(org),
				      DBV_TEXT(x->subjects[i]),	   DBV_INT(old[i]),
				      DBV_INT(x->now_ms),	   DBV_INT(x->by->who->user_id)};
		int changes = 0;
		rc = db_exec(c, Q_REMARK_INSERT, iv, ARRAY_SIZE(iv), &changes);
		x->created += changes > 0;
	}
	if (!rc)
		rc = actor_audit(c, x->by, &d, "exam_remark_request", person, subject);
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

int exam_remark_decide_tx(struct db_conn *c, void *ctx)
{
	struct exam_remark_decision *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->remark_id);
	int rc = db_row(c, Q_REMARK_GET, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such request for re-marking.");
	if (rc)
		return problem_err(&x->p, rc);
	x->registration_id = db_int(&res, C_REMARK_GET__REGISTRATION_ID);
	x->subject = db_dup(&res, C_REMARK_GET__SUBJECT, a);
	x->old_score = (int)db_int(&res, C_REMARK_GET__OLD_SCORE);
	int64_t person = db_int(&res, C_REMARK_GET__PERSON_ID);
	const char *status = db_dup(&res, C_REMARK_GET__STATUS, a);
	const char *path = db_dup(&res, C_REMARK_GET__OFFICE_PATH, a);
	db_done(&res);
	if (!x->subject || !status || !path)
		return problem_err(&x->p, ERR_NOMEM);
	const char *subject =
		arena_printf(a, "exam_remark:%" PRId64 " %s", x->remark_id, x->subject);
	struct access_decision d;
	rc = actor_may_write_org(x->by, path, "exam_remark_decide", person, subject, NULL,
				 "Only the managers of the office running the session decide.", &d,
				 &x->p);
	if (rc)
		return rc;
	if (!x->score)
		return problem_set(&x->p, P_REQUIRED, "score", NULL);
	if (!exam_score_parse(x->score, &x->new_score))
		return problem_set(&x->p, P_INVALID, "score",
				   "A score is 0 to 10 with at most two decimals.");
	if (strcmp(status, "requested"))
		return problem_set(&x->p, P_ALREADY_DECIDED, NULL, NULL);
	struct db_val dv[] = {DBV_INT(x->new_score), DBV_INT(x->now_ms),
			      DBV_INT(x->by->who->user_id), DBV_INT(x->remark_id)};
	rc = db_exec(c, Q_REMARK_DECIDE, dv, ARRAY_SIZE(dv), NULL);
	struct db_val sv[] = {DBV_INT(x->new_score), DBV_INT(x->registration_id),
			      DBV_TEXT(x->subject)};
	if (!rc)
		rc = db_exec(c, Q_SCORE_SET, sv, ARRAY_SIZE(sv), NULL);
	const char *what = arena_printf(a, "%s old=%d new=%d", subject, x->old_score, x->new_score);
	if (!rc)
		rc = what ? actor_audit(c, x->by, &d, "exam_remark_decide", person, what)
			  : ERR_NOMEM;
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

/* ---- the list of a session ---- */

static int remark_read_row(struct db_res *res, struct arena *a, struct exam_remark_item *m)
{
	m->id = db_int(res, C_REMARK_LIST_SESSION__ID);
	m->registration_id = db_int(res, C_REMARK_LIST_SESSION__REGISTRATION_ID);
	m->person_id = db_int(res, C_REMARK_LIST_SESSION__PERSON_ID);
	m->subject = db_dup(res, C_REMARK_LIST_SESSION__SUBJECT, a);
	m->status = db_dup(res, C_REMARK_LIST_SESSION__STATUS, a);
	m->given_name = db_dup(res, C_REMARK_LIST_SESSION__GIVEN_NAME, a);
	m->family_name = db_dup(res, C_REMARK_LIST_SESSION__FAMILY_NAME, a);
	m->school = db_dup(res, C_REMARK_LIST_SESSION__SCHOOL, a);
	m->candidate_number = db_null(res, C_REMARK_LIST_SESSION__CANDIDATE_NUMBER)
				      ? NULL
				      : db_dup(res, C_REMARK_LIST_SESSION__CANDIDATE_NUMBER, a);
	m->old_score = (int)db_int(res, C_REMARK_LIST_SESSION__OLD_SCORE);
	m->new_score = db_null(res, C_REMARK_LIST_SESSION__NEW_SCORE)
			       ? -1
			       : (int)db_int(res, C_REMARK_LIST_SESSION__NEW_SCORE);
	m->requested_at = db_int(res, C_REMARK_LIST_SESSION__REQUESTED_AT);
	m->decided_at = db_int0(res, C_REMARK_LIST_SESSION__DECIDED_AT);
	bool nomem = !m->subject || !m->status || !m->given_name || !m->family_name || !m->school;
	return nomem ? ERR_NOMEM : ERR_OK;
}

static int remark_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_remark_list *x = ctx;
	struct arena *a = by->arena;
	struct exam_session s;
	int rc = exam_session_get_row(c, a, x->session_id, &s);
	if (rc == ERR_NOTFOUND || (!rc && !exam_session_visible(by->who, &s, NULL)))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	struct access_decision d = {.allowed = true, .visible = true};
	d.grant = principal_reach(by->who, ACCESS_STAFF, s.org_path);
	if (!d.grant)
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only the staff of the session's office list its requests for "
				   "re-marking.");
	x->offset = s.offset;
	x->items = arena_calloc(a, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(a, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	const char *status = x->status ? x->status : "";
	struct db_val v[] = {DBV_INT(s.id), DBV_TEXT(status), DBV_TEXT(status), DBV_INT(x->after),
			     DBV_INT(x->limit + 1)};
	struct db_res res;
	rc = db_query(c, Q_REMARK_LIST_SESSION, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == x->limit) {
			x->more = true;
			break;
		}
		struct exam_remark_item *m = &x->items[x->n];
		rc = remark_read_row(&res, a, m);
		if (rc)
			break;
		actor_audit_fill(by, &d, "exam_remark_list", m->person_id, &x->audit[x->n]);
		x->audit[x->n].subject =
			arena_printf(a, "exam_remark:%" PRId64 " %s", m->id, m->subject);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	x->naudit = (size_t)x->n;
	return problem_err(&x->p, rc);
}

int exam_remark_list_read(struct db *db, const struct actor *by, struct exam_remark_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, remark_list_work, x);
}
