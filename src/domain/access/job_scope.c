/*
 * job_scope.c: following a background job, within the rule of job_scope.h.
 */
#include "core/base.h"
#include "domain/access/job_scope.h"
#include "domain/common/work.h"

bool access_job(const struct principal *p, const struct job *j)
{
	return p && ((j->user_id && j->user_id == p->user_id) ||
		     principal_has(p, ROLE_BIT(ROLE_MINISTRY_ADMIN)));
}

struct job_read {
	const struct actor *by;
	int64_t id;
	struct job *out;
	struct buf *csv;
};

static int job_read_run(struct db_conn *c, void *arg)
{
	struct job_read *x = arg;
	int rc = job_get(c, x->by->arena, x->id, x->out);
	if (!rc && !access_job(x->by->who, x->out))
		rc = ERR_NOTFOUND;
	if (!rc && x->csv)
		rc = job_errors_csv(c, x->id, x->csv);
	return rc;
}

int job_read_as(struct db *db, const struct actor *by, int64_t id, struct job *out, struct buf *csv)
{
	struct job_read x = {.by = by, .id = id, .out = out, .csv = csv};
	return work_read(db, job_read_run, &x);
}
