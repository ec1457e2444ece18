/*
 * student_history.c: a student's lifelong history, read in one snapshot
 * (student_history.h).
 */
#include "core/base.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/registry/reads.h"
#include "domain/registry/student_history.h"

struct history_work {
	struct actor *by;
	int64_t id;
	struct student_history *h;
	struct access_decision d;
};

static int history_work(struct db_conn *c, void *ctx)
{
	struct history_work *w = ctx;
	struct student_history *h = w->h;
	struct arena *a = w->by->arena;
	int rc = student_read_as(c, w->by, w->id, &h->s, &w->d);
	if (rc || !w->d.allowed)
		return rc;
	rc = enrolment_history(c, a, w->id, &h->enrolments, &h->nenrolments);
	if (!rc)
		rc = transfers_of_person(c, a, w->id, &h->transfers, &h->ntransfers);
	if (!rc)
		rc = student_merges_of(c, a, w->id, &h->merges, &h->nmerges);
	return rc;
}

int student_history_read(struct db *db, struct actor *by, int64_t id, struct student_history *out)
{
	memset(out, 0, sizeof(*out));
	if (!by)
		return problem_err(&out->p, ERR_NOMEM);
	struct history_work w = {.by = by, .id = id, .h = out};
	int rc = work_read(db, history_work, &w);
	if (rc)
		return problem_err(&out->p, rc);
	out->audit = reads_audit_entry(by, &w.d, "student.history", id, NULL);
	if (!out->audit)
		return problem_err(&out->p, ERR_NOMEM);
	if (!w.d.allowed)
		return problem_set(&out->p, P_NOT_FOUND, NULL, "No such student.");
	return ERR_OK;
}
