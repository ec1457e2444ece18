/*
 * review.c: the schools' reviews of registrations (review.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/exams/evidence.h"
#include "domain/exams/review.h"

/* Decide the reviewer. Refused: noted; p says 404 (out of sight) or 403. */
static int reviewer_decide(struct actor *by, const struct exam_reg_ref *r, const char *subject,
			   struct access_decision *d, struct problem *p)
{
	bool reviewer;
	exam_reg_access(by, r, d, &reviewer);
	if (reviewer)
		return ERR_OK;
	return exam_reg_refuse(by, r, d, "exams.review", subject,
			       "Only the staff of the candidate's school review a registration.",
			       p);
}

/* The decision and reason of x, checked. */
static int decision_check(struct exam_review_create *x, bool *confirm)
{
	if (!x->decision)
		return problem_set(&x->p, P_REQUIRED, "decision", NULL);
	*confirm = !strcmp(x->decision, "confirmed");
	if (!*confirm && strcmp(x->decision, "returned"))
		return problem_set(&x->p, P_INVALID, "decision",
				   "A decision is confirmed or returned.");
	if (!*confirm && (!x->reason || !*x->reason))
		return problem_set(&x->p, P_REQUIRED, "reason",
				   "Say what the candidate must do when returning a registration.");
	return ERR_OK;
}

/* 409 missing_evidence naming the claims of r without evidence, if any:
 * in the detail, and as the member "missing" ("category:UT1,exemption:x"). */
static int evidence_complete(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			     struct problem *p)
{
	struct exam_evidence_state st;
	int rc = exam_evidence_state_read(c, a, r, &st);
	if (rc)
		return problem_err(p, rc);
	if (!st.nmissing)
		return ERR_OK;
	const char *list = st.missing[0];
	for (int i = 1; list && i < st.nmissing; i++)
		list = arena_printf(a, "%s,%s", list, st.missing[i]);
	const char *detail =
		list ? arena_printf(a, "These claims have no evidence yet: %s.", list) : NULL;
	problem_set(p, P_MISSING_EVIDENCE, NULL, detail);
	p->ext_str_name = "missing";
	p->ext_str_value = list;
	return ERR_CONFLICT;
}

int exam_review_create_tx(struct db_conn *c, void *ctx)
{
	struct exam_review_create *x = ctx;
	struct arena *a = x->by->arena;
	struct exam_reg_ref r;
	const char *subject;
	int rc = exam_reg_ref_load(c, a, x->registration_id, &r, &subject, &x->p);
	if (rc)
		return rc;
	struct access_decision d;
	rc = reviewer_decide(x->by, &r, subject, &d, &x->p);
	if (rc)
		return rc;
	bool confirm = false;
	rc = decision_check(x, &confirm);
	if (rc)
		return rc;
	if (r.assigned)
		return problem_set(&x->p, P_ROOMS_ASSIGNED, NULL, NULL);
	if (confirm) {
		rc = evidence_complete(c, a, &r, &x->p);
		if (rc)
			return rc;
	}
	/* The reason goes with a return; a confirmation keeps none. */
	const char *reason = confirm ? NULL : x->reason;
	int64_t user = x->by->who->user_id;
	struct db_val ins[] = {DBV_INT(r.id),	      DBV_INT(r.org_id),
			       DBV_TEXT(x->decision), dbv_text_or_null(reason),
			       DBV_INT(x->now_ms),    DBV_INT(user)};
	rc = db_exec(c, Q_EXAM_REVIEW_INSERT, ins, ARRAY_SIZE(ins), NULL);
	if (!rc) {
		struct db_val set[] = {DBV_TEXT(x->decision), dbv_text_or_null(reason),
				       DBV_INT(x->now_ms),    DBV_INT(user),
				       DBV_INT(x->now_ms),    DBV_INT(r.id)};
		rc = db_exec(c, Q_EXAM_REVIEW_STATUS_SET, set, ARRAY_SIZE(set), NULL);
	}
	if (!rc)
		rc = actor_audit(c, x->by, &d, "exams.review", r.person_id, subject);
	return problem_err(&x->p, rc);
}

int exam_review_trail(struct db_conn *c, struct arena *a, int64_t id,
		      struct exam_review_entry **out, int *n)
{
	*out = NULL;
	*n = 0;
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_query(c, Q_EXAM_REVIEW_TRAIL, &v, 1, &res);
	int cap = 0, step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (*n == cap) {
			int ncap = cap ? 2 * cap : 4;
			struct exam_review_entry *grown =
				arena_calloc(a, (size_t)ncap, sizeof(*grown));
			if (!grown) {
				rc = ERR_NOMEM;
				break;
			}
			if (*n)
				memcpy(grown, *out, (size_t)*n * sizeof(*grown));
			*out = grown;
			cap = ncap;
		}
		struct exam_review_entry *e = &(*out)[(*n)++];
		e->id = db_int(&res, C_EXAM_REVIEW_TRAIL__ID);
		e->decision = db_dup(&res, C_EXAM_REVIEW_TRAIL__DECISION, a);
		e->at_ms = db_int(&res, C_EXAM_REVIEW_TRAIL__CREATED_AT_MS);
		if (!db_null(&res, C_EXAM_REVIEW_TRAIL__REASON))
			e->reason = db_dup(&res, C_EXAM_REVIEW_TRAIL__REASON, a);
		if (!db_null(&res, C_EXAM_REVIEW_TRAIL__CREATED_BY))
			e->by = db_dup(&res, C_EXAM_REVIEW_TRAIL__CREATED_BY, a);
		if (!e->decision)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc;
}

int exam_review_view_get(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			 struct exam_review_view *out)
{
	memset(out, 0, sizeof(*out));
	int rc = exam_evidence_state_read(c, a, r, &out->evidence);
	return rc ? rc : exam_review_trail(c, a, r->id, &out->reviews, &out->nreviews);
}

int exam_review_view_of(struct db_conn *c, struct arena *a, int64_t id,
			struct exam_review_view **out)
{
	struct exam_reg_ref r;
	int rc = exam_reg_ref_get(c, a, id, &r);
	if (rc)
		return rc;
	*out = arena_calloc(a, 1, sizeof(**out));
	return *out ? exam_review_view_get(c, a, &r, *out) : ERR_NOMEM;
}
