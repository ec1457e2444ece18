/*
 * term_lock.c: a school's term locks (term_lock.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/common/work.h"
#include "domain/registry/student.h"
#include "domain/teaching/term_lock.h"

int gb_term_locked(struct db_conn *c, int64_t org_id, int school_year, int term, bool *locked)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year), DBV_INT(term)};
	int rc = db_row(c, Q_TERM_LOCK_GET, v, 3, &res);
	*locked = false;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	*locked = db_int(&res, C_TERM_LOCK_GET__LOCKED) != 0;
	db_done(&res);
	return ERR_OK;
}

int gb_term_set(struct db_conn *c, int64_t org_id, int school_year, int term, bool lock,
		const char *reason, int64_t by_user, struct problem *p)
{
	bool locked;
	int rc = gb_term_locked(c, org_id, school_year, term, &locked);
	if (rc)
		return problem_err(p, rc);
	if (locked == lock)
		return problem_set(p, lock ? P_ALREADY_LOCKED : P_NOT_LOCKED, "term",
				   lock ? "This term's report cards are locked already."
					: "This term's report cards are not locked.");
	int64_t now = time_now_unix();
	struct db_val by = by_user ? DBV_INT(by_user) : DBV_NULL;
	struct db_val v[] = {
		DBV_INT(org_id), DBV_INT(school_year), DBV_INT(term), DBV_INT(lock), by,
		DBV_INT(now)};
	rc = db_exec(c, Q_TERM_LOCK_SET, v, ARRAY_SIZE(v), NULL);
	if (!rc) {
		struct db_val e[] = {DBV_INT(org_id),
				     DBV_INT(school_year),
				     DBV_INT(term),
				     DBV_TEXT(lock ? "lock" : "unlock"),
				     dbv_text_or_null(reason),
				     by,
				     DBV_INT(now)};
		rc = db_exec(c, Q_TERM_LOCK_EVENT_INSERT, e, ARRAY_SIZE(e), NULL);
	}
	return problem_err(p, rc);
}

int gb_term_open(struct db_conn *c, const struct class_ref *cls, int term, struct problem *p)
{
	bool locked;
	int rc = gb_term_locked(c, cls->org_id, cls->school_year, term, &locked);
	if (rc)
		return problem_err(p, rc);
	if (locked)
		return problem_set(p, P_TERM_LOCKED, "term",
				   "The report cards of this term are locked; the principal "
				   "must unlock the term first.");
	return ERR_OK;
}

/* ---- the locks of a school's year ---- */

/* The next event of x, the array grown in a as needed; NULL if full. */
static struct term_lock_event *event_push(struct arena *a, struct term_locks *x, int *cap)
{
	if (x->nevents == *cap) {
		int n = *cap ? *cap * 2 : 8;
		struct term_lock_event *v = arena_calloc(a, (size_t)n, sizeof(*v));
		if (!v)
			return NULL;
		if (x->nevents)
			memcpy(v, x->events, (size_t)x->nevents * sizeof(*v));
		x->events = v;
		*cap = n;
	}
	return &x->events[x->nevents++];
}

/* The school's lock events of x->year, oldest first, into x (strings in a). */
static int events_read(struct db_conn *c, struct arena *a, int64_t org_id, struct term_locks *x)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(x->year)};
	int rc = db_query(c, Q_TERM_LOCK_EVENTS_OF, v, 2, &res);
	int step = 0, cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct term_lock_event *e = event_push(a, x, &cap);
		if (!e) {
			rc = ERR_NOMEM;
			break;
		}
		e->term = (int)db_int(&res, C_TERM_LOCK_EVENTS_OF__TERM);
		e->action = db_dup(&res, C_TERM_LOCK_EVENTS_OF__ACTION, a);
		e->reason = db_null(&res, C_TERM_LOCK_EVENTS_OF__REASON)
				    ? NULL
				    : db_dup(&res, C_TERM_LOCK_EVENTS_OF__REASON, a);
		e->by = db_null(&res, C_TERM_LOCK_EVENTS_OF__USERNAME)
				? NULL
				: db_dup(&res, C_TERM_LOCK_EVENTS_OF__USERNAME, a);
		e->at = db_int(&res, C_TERM_LOCK_EVENTS_OF__AT);
		if (!e->action)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* term_locks_read's snapshot: the school decided, then its locks. */
static int term_locks_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct term_locks *x = ctx;
	struct org_ref school;
	int rc = class_school_load(c, by, x->school, ACCESS_READ, &school, &x->p);
	for (int k = 0; !rc && k < GB_TERMS; k++)
		rc = gb_term_locked(c, school.id, x->year, k + 1, &x->locked[k]);
	return rc ? rc : events_read(c, by->arena, school.id, x);
}

int term_locks_read(struct db *db, const struct actor *by, struct term_locks *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, term_locks_work, x);
}

int term_lock_tx(struct db_conn *c, void *ctx)
{
	struct term_lock_change *x = ctx;
	struct org_ref school;
	int rc = class_school_load(c, x->by, x->school, ACCESS_WRITE, &school, &x->p);
	if (rc)
		return rc;
	return gb_term_set(c, school.id, x->year, x->term, x->lock, x->reason,
			   x->by->who ? x->by->who->user_id : 0, &x->p);
}
