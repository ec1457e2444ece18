/*
 * second_round.c: second rounds (second_round.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/admissions/offer.h"
#include "domain/admissions/round.h"
#include "domain/admissions/second_round.h"
#include "domain/common/work.h"

int second_round_create_tx(struct db_conn *c, void *ctx)
{
	struct second_round_create *x = ctx;
	struct arena *a = x->by->arena;
	struct round parent;
	int rc = offer_lock(c, 'r', x->parent_id);
	if (rc)
		return problem_err(&x->p, rc);
	rc = round_load(c, x->by, x->parent_id, time_now_unix(), &parent, &x->p);
	if (rc)
		return rc;
	if (!principal_reaches(x->by->who, ROUND_OFFICERS, parent.org_path))
		return problem_set(
			&x->p, P_FORBIDDEN, NULL,
			"Only the officers of the round's office make its second round.");
	if (!parent.run_at)
		return problem_set(&x->p, P_ROUND_NOT_RUN, NULL,
				   "Run the round before making its second round.");
	if (parent.second_round_id)
		return problem_set(&x->p, P_SECOND_ROUND_EXISTS, NULL, NULL);
	struct round_create rc2 = {.by = x->by,
				   .org = parent.org,
				   .name = x->name,
				   .grade = parent.grade,
				   .opens_at = x->opens_at,
				   .closes_at = x->closes_at,
				   .max_choices =
					   x->max_choices ? x->max_choices : parent.max_choices,
				   .seed = x->seed < 0 ? parent.seed : x->seed,
				   .priorities = parent.priorities,
				   .priorities_given = true};
	rc2.schools = arena_calloc(a, (size_t)parent.nschools + 1, sizeof(*rc2.schools));
	if (!rc2.schools)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_res res;
	struct db_val v = DBV_INT(parent.id);
	int step = 0;
	rc = db_query(c, Q_SECOND_ROUND_FREE, &v, 1, &res);
	while (!rc && rc2.nschools < parent.nschools && (step = db_next(&res)) == 1) {
		struct round_school_in *s = &rc2.schools[rc2.nschools++];
		int64_t free = db_int(&res, C_SECOND_ROUND_FREE__FREE);
		s->capacity = free > 0 ? free : 0;
		if (!(s->code = db_dup(&res, C_SECOND_ROUND_FREE__SCHOOL, a)))
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return problem_err(&x->p, rc);
	rc = round_create_tx(c, &rc2);
	if (rc) {
		x->p = rc2.p;
		return rc;
	}
	x->id = rc2.id;
	int64_t now = time_now_unix();
	struct db_val link[] = {DBV_INT(parent.id), DBV_INT(x->id)};
	rc = db_exec(c, Q_SECOND_ROUND_LINK, link, ARRAY_SIZE(link), NULL);
	if (rc == ERR_CONFLICT)
		return problem_set(&x->p, P_SECOND_ROUND_EXISTS, NULL, NULL);
	struct db_val close[] = {DBV_INT(now), DBV_INT(parent.id)};
	if (!rc)
		rc = db_exec(c, Q_SECOND_ROUND_CLOSE_OFFERS, close, ARRAY_SIZE(close), NULL);
	struct access_decision d = {.allowed = true, .visible = true};
	d.grant = principal_reach(x->by->who, ROUND_OFFICERS, parent.org_path);
	const char *subject = arena_printf(a, "admission_round:%" PRId64, parent.id);
	if (!rc && !subject)
		rc = ERR_NOMEM;
	if (!rc)
		rc = actor_audit(c, x->by, &d, "admissions.second_round", 0, subject);
	return problem_err(&x->p, rc);
}

int second_round_eligible(struct db_conn *c, int64_t round_id, int64_t person_id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(round_id);
	int rc = db_row(c, Q_SECOND_ROUND_PARENT, &v, 1, &res);
	if (rc)
		return problem_err(p, rc);
	int64_t parent = db_int0(&res, C_SECOND_ROUND_PARENT__PARENT_ROUND_ID);
	db_done(&res);
	if (!parent)
		return ERR_OK;
	struct db_val w[] = {DBV_INT(parent), DBV_INT(person_id)};
	rc = db_row(c, Q_SECOND_ROUND_CHILD, w, ARRAY_SIZE(w), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK; /* no application there: it holds no seat */
	if (rc)
		return problem_err(p, rc);
	bool placed = !db_null(&res, C_SECOND_ROUND_CHILD__PLACED_SCHOOL_ID);
	size_t k;
	const char *st = db_null(&res, C_SECOND_ROUND_CHILD__OFFER_STATUS)
				 ? NULL
				 : db_text(&res, C_SECOND_ROUND_CHILD__OFFER_STATUS, &k);
	bool declined = st && !strcmp(st, "declined");
	db_done(&res);
	if (placed && !declined)
		return problem_set(p, P_NOT_ELIGIBLE, "student",
				   "The child holds a seat from the first round.");
	return ERR_OK;
}
