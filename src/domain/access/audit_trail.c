/*
 * audit_trail.c: a student's audit trail (audit_trail.h).
 */
#include "core/base.h"
#include "domain/access/audit_trail.h"
#include "domain/common/work.h"

static int audit_trail_rows(struct db_conn *c, struct audit_trail *x)
{
	struct arena *a = x->by->arena;
	x->items = arena_calloc(a, (size_t)x->limit, sizeof(*x->items));
	if (!x->items)
		return ERR_NOMEM;
	struct db_val v[] = {DBV_INT(x->student), DBV_INT(x->after), DBV_INT(x->limit + 1)};
	struct db_res res;
	int rc = db_query(c, Q_AUDIT_OF_PERSON, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == x->limit) {
			x->next = x->items[x->n - 1].id;
			break;
		}
		struct audit_item *it = &x->items[x->n++];
		it->id = db_int(&res, C_AUDIT_OF_PERSON__ID);
		audit_entry_read_row(&res, &it->e);
		rc = audit_entry_keep(a, &it->e);
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int audit_trail_read(struct db_conn *c, void *ctx)
{
	struct audit_trail *x = ctx;
	int rc = actor_may_read_student(c, x->by, ACCESS_AUDIT, x->student, &x->d);
	if (rc)
		return rc;
	actor_audit_fill(x->by, &x->d, "audit.read", x->student, &x->audit);
	if (x->d.allowed)
		return audit_trail_rows(c, x);
	if (x->d.visible)
		problem_set(&x->p, P_FORBIDDEN, NULL,
			    "Your role may not read this student's audit trail.");
	else
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	return ERR_OK;
}

int audit_trail(struct db *db, struct audit_trail *x)
{
	return work_read(db, audit_trail_read, x);
}
