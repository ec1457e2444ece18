/*
 * job_scope.h: who may follow a background job (an import, an export).
 *
 * A job is visible to the user who started it and to national
 * administrators; to anyone else it is absent, as if it did not exist, so
 * that job ids tell nothing. Jobs started from the command line belong to
 * no user.
 */
#ifndef TABULA_DOMAIN_JOB_SCOPE_H
#define TABULA_DOMAIN_JOB_SCOPE_H

#include "core/buf.h"
#include "domain/access/actor.h"
#include "domain/common/job.h"

struct db;

/* May p follow job j? */
bool access_job(const struct principal *p, const struct job *j);

/* Read job id for actor `by` (strings in by->arena) and, if csv is not NULL,
 * append its error report (job_errors_csv). ERR_NOTFOUND if absent or not
 * visible to by; ERR_TOOLARGE if the report is over csv's maximum. */
int job_read_as(struct db *db, const struct actor *by, int64_t id, struct job *out, struct buf *csv)
	__attribute__((warn_unused_result));

#endif
