/*
 * satisfaction.c: the requester's rating of a ticket (satisfaction.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/support/satisfaction.h"

int support_rate_tx(struct db_conn *c, void *ctx)
{
	struct support_rate *x = ctx;
	struct access_decision d;
	struct support_ticket *t = &x->t;
	int rc = support_ticket_for_write(c, x->by, x->id, x->now, "support.rate", t, &d, &x->p);
	if (rc)
		return rc;
	if (t->requester_id != x->by->who->user_id)
		return problem_set(&x->p, P_FORBIDDEN, NULL, "Only the requester rates a ticket.");
	if (strcmp(t->status, "resolved") && strcmp(t->status, "closed"))
		return problem_set(&x->p, P_SATISFACTION_NOT_YET, NULL, NULL);
	if (t->satisfaction)
		return problem_set(&x->p, P_ALREADY_RATED, NULL, NULL);
	if (x->score < 1 || x->score > 5)
		return problem_set(&x->p, P_OUT_OF_RANGE, "score", "A score is 1 to 5.");
	struct db_val v[] = {DBV_INT(x->score), dbv_text_or_null(x->comment), DBV_INT(x->now),
			     DBV_INT(x->id)};
	int changed = 0;
	rc = db_exec(c, Q_SATISFACTION_SET, v, ARRAY_SIZE(v), &changed);
	if (rc)
		return problem_err(&x->p, rc);
	if (!changed)
		return problem_set(&x->p, P_ALREADY_RATED, NULL, NULL);
	rc = support_ticket_audit(c, x->by, &d, t, "support.rate");
	if (!rc)
		rc = support_ticket_load(c, x->by->arena, x->by->who, x->id, x->now, t);
	return problem_err(&x->p, rc);
}
