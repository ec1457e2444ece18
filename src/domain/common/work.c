/*
 * work.c: work.h over the database layer's pool and writers (db/db.h).
 */
#include "core/base.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/common/work.h"

/* A queued write: the db job first, so a job pointer is a pointer to it. */
struct work_job {
	struct db_job job;
	work_done_fn done;
	void *arg;
	bool heap;
};

int work_read(struct db *db, work_fn fn, void *ctx)
{
	return db_read(db, fn, ctx);
}

static void work_job_done(struct db_job *job)
{
	struct work_job *w = (struct work_job *)job;
	work_done_fn done = w->done;
	void *arg = w->arg;
	int rc = job->rc;
	if (w->heap)
		free(w);
	done(arg, rc);
}

static int submit(struct db *db, struct arena *a, work_fn fn, void *ctx, work_done_fn done,
		  void *arg, bool rerun)
{
	struct work_job *w = a ? arena_calloc(a, 1, sizeof(*w)) : calloc(1, sizeof(*w));
	if (!w)
		return ERR_NOMEM;
	w->job.fn = fn;
	w->job.ctx = ctx;
	w->job.done = work_job_done;
	w->done = done;
	w->arg = arg;
	w->heap = a == NULL;
	w->job.rerun = rerun;
	db_submit(db, &w->job);
	return ERR_OK;
}

int work_submit(struct db *db, struct arena *a, work_fn fn, void *ctx, work_done_fn done, void *arg)
{
	return submit(db, a, fn, ctx, done, arg, false);
}

int work_submit_rerunnable(struct db *db, struct arena *a, work_fn fn, void *ctx, work_done_fn done,
			   void *arg)
{
	return submit(db, a, fn, ctx, done, arg, true);
}

int work_ready(struct db *db, bool *probe)
{
	return db_ready(db, probe);
}

int work_probe_tx(struct db_conn *c, void *ctx)
{
	UNUSED(ctx);
	return db_probe_write(c);
}

int work_write(struct db *db, work_fn fn, void *ctx)
{
	return db_write(db, fn, ctx);
}

int work_metrics(struct db *db, struct buf *out)
{
	return db_metrics(db, out);
}
