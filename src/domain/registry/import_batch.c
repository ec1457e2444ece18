/*
 * import_batch.c: the importer's pipeline of write jobs and its cache of
 * schools (import_batch.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/access.h"
#include "domain/common/job.h"
#include "domain/common/work.h"
#include "domain/registry/import_batch.h"

/* ---- schools, cached for the length of an import ---- */

static uint64_t hash_code(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void schools_release(struct school_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].e);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

static int cache_grow(struct school_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 64;
	struct school_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return ERR_NOMEM;
	for (size_t i = 0; i < c->cap; i++) {
		struct school_entry *e = c->slots[i].e;
		if (!e)
			continue;
		size_t k = hash_code(e->code) & (cap - 1);
		while (slots[k].e)
			k = (k + 1) & (cap - 1);
		slots[k].e = e;
	}
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
	return ERR_OK;
}

struct school_lookup {
	struct school_entry *e;
	struct problem p;
};

static int school_lookup_read(struct db_conn *c, void *arg)
{
	struct school_lookup *l = arg;
	return school_ref(c, l->e->code, &l->e->ref, &l->p);
}

int import_school_get(struct school_cache *c, struct db *db, const struct principal *who,
		      unsigned roles, const char *code, struct school_entry **out)
{
	if ((c->n + 1) * 2 > c->cap && cache_grow(c))
		return ERR_NOMEM;
	size_t k = hash_code(code) & (c->cap - 1);
	while (c->slots[k].e) {
		if (!strcmp(c->slots[k].e->code, code)) {
			*out = c->slots[k].e;
			return ERR_OK;
		}
		k = (k + 1) & (c->cap - 1);
	}
	struct school_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	snprintf(e->code, sizeof(e->code), "%s", code);
	struct school_lookup l = {.e = e};
	int rc = work_read(db, school_lookup_read, &l);
	if (rc == ERR_INVALID) {
		e->rc = rc;
		e->pid = l.p.id;
		e->detail = l.p.detail;
	} else if (rc) {
		free(e);
		return rc;
	} else if (!principal_reaches(who, roles, e->ref.path)) {
		e->rc = ERR_INVALID;
		e->pid = P_OUT_OF_SCOPE;
		e->detail = "You may only register students at schools you manage.";
	}
	c->slots[k].e = e;
	c->n++;
	*out = e;
	return ERR_OK;
}

/* ---- batches ---- */

void import_error_add(struct batch *b, int64_t line, const char *field, enum problem_id id,
		      const char *message)
{
	struct ierr *e = &b->errs[b->nerrs++];
	e->line = line;
	e->field = field;
	e->id = id;
	snprintf(e->message, sizeof(e->message), "%s", message ? message : "");
}

static int batch_alloc(struct batch *b, int rows)
{
	b->rows = malloc((size_t)rows * sizeof(*b->rows));
	b->errs = malloc(2 * (size_t)rows * sizeof(*b->errs));
	if (!b->rows || !b->errs)
		return ERR_NOMEM;
	return student_batch_init(&b->names, (size_t)rows);
}

static void batch_clear(struct batch *b)
{
	b->nrows = b->npre = b->nerrs = 0;
	b->processed = b->succeeded = 0;
	b->last_line = 0;
	b->queued = b->finished = false;
	b->bad_line = 0;
	b->dberr[0] = '\0';
	b->next = NULL;
}

/* The connection's last message, on one line, for the log. */
static void keep_dberr(struct batch *b, struct db_conn *c)
{
	snprintf(b->dberr, sizeof(b->dberr), "%s", db_errmsg(c));
	for (char *p = b->dberr; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/*
 * The write job: store each row, record the errors and add the progress, as
 * one unit of the writer's group commit (a savepoint, or a transaction of
 * its own when the writer finds it alone). The rows' search keys are stored
 * last, sorted (student_batch_flush), in the same unit. A duplicate national id found by
 * student_insert's own check (it looks before it writes, so the row left
 * nothing) is an error row and the rest go on. Anything else returns the
 * error, the writer undoes the whole batch, and the importer retries it row
 * by row.
 */
static int batch_write(struct db_conn *c, void *arg)
{
	struct batch *b = arg;
	b->nerrs = b->npre;
	b->succeeded = 0;
	b->bad_line = 0;
	student_batch_reset(&b->names);
	int rc = ERR_OK;
	for (int i = 0; i < b->nrows && !rc; i++) {
		struct irow *r = &b->rows[i];
		struct problem p = {0};
		int64_t id;
		rc = student_insert_batched(c, &b->names, &r->s, &r->school->ref, &id, NULL, &p);
		if (rc == ERR_OK) {
			b->succeeded++;
		} else if (rc == ERR_CONFLICT && p.ext_name) {
			import_error_add(b, r->line, p.field, p.id ? p.id : P_CONFLICT, p.detail);
			rc = ERR_OK;
		} else {
			b->bad_line = r->line;
			keep_dberr(b, c);
		}
	}
	if (!rc)
		rc = student_batch_flush(c, &b->names);
	int64_t job = b->im->o->job_id;
	for (int i = 0; i < b->nerrs && !rc; i++) {
		const struct ierr *e = &b->errs[i];
		rc = job_error_add(c, job, e->line, e->field, problem_def(e->id)->code, e->message);
	}
	if (!rc)
		rc = job_add_progress(c, job, b->processed, b->succeeded, b->nerrs);
	if (rc && !b->dberr[0])
		keep_dberr(b, c);
	return rc;
}

static void batch_done(struct db_job *job)
{
	struct batch *b = (struct batch *)job;
	struct importer *im = b->im;
	pthread_mutex_lock(&im->lock);
	b->finished = true;
	pthread_cond_broadcast(&im->cond);
	pthread_mutex_unlock(&im->lock);
}

static void batch_submit(struct importer *im, struct batch *b)
{
	b->job.fn = batch_write;
	b->job.ctx = b;
	b->job.done = batch_done;
	b->im = im;
	b->queued = true;
	b->finished = false;
	db_submit(im->o->db, &b->job);
}

static void batch_wait(struct importer *im, struct batch *b)
{
	pthread_mutex_lock(&im->lock);
	while (!b->finished)
		pthread_cond_wait(&im->cond, &im->lock);
	pthread_mutex_unlock(&im->lock);
}

/* Run b now and wait for its commit. */
static int batch_run(struct importer *im, struct batch *b)
{
	batch_submit(im, b);
	batch_wait(im, b);
	return b->job.rc;
}

static void count(struct importer *im, const struct batch *b)
{
	im->processed += b->processed;
	im->succeeded += b->succeeded;
	im->failed += b->nerrs;
}

/*
 * A batch failed as a whole (nothing of it is stored): store its rows one
 * per transaction, so that good rows land and the bad one is reported, then
 * its errors. Uses the spare batch of the pool, which is free whenever a
 * batch is being settled.
 */
static int batch_retry_rows(struct importer *im, struct batch *b, struct batch *one)
{
	log_info("import job %" PRId64 ": a batch failed (%s; %s at line %" PRId64
		 "); retrying it row by row",
		 im->o->job_id, err_str(b->job.rc), b->dberr[0] ? b->dberr : "-", b->bad_line);
	/* The conflicts the failed attempt found did not last. */
	b->nerrs = b->npre;
	for (int i = 0; i < b->nrows; i++) {
		batch_clear(one);
		one->rows[0] = b->rows[i];
		one->nrows = 1;
		one->processed = 1;
		int rc = batch_run(im, one);
		if (rc == ERR_OK) {
			count(im, one);
			continue;
		}
		log_error("import job %" PRId64 ": line %" PRId64 " not stored: %s (%s)",
			  im->o->job_id, b->rows[i].line, err_str(rc),
			  one->dberr[0] ? one->dberr : "-");
		/* Kept among b's errors: b->errs has room for every row twice. */
		bool busy = rc == ERR_RETRY || rc == ERR_UNAVAILABLE;
		import_error_add(b, b->rows[i].line, NULL, busy ? P_BUSY : P_INTERNAL,
				 busy ? "The database was busy or could not take writes; import "
					"this row again."
				      : "This row could not be stored because of a server error; "
					"it has been logged.");
	}
	/* The errors found before the write, and these: one last transaction. */
	batch_clear(one);
	memcpy(one->errs, b->errs, (size_t)b->nerrs * sizeof(*one->errs));
	one->npre = one->nerrs = b->nerrs;
	one->processed = b->nerrs;
	int rc = batch_run(im, one);
	if (rc) {
		log_error("import job %" PRId64 ": cannot record errors: %s (%s)", im->o->job_id,
			  err_str(rc), one->dberr[0] ? one->dberr : "-");
		return rc;
	}
	count(im, one);
	return ERR_OK;
}

/* Wait for the oldest queued batch and account for it. */
static int settle_oldest(struct importer *im)
{
	struct batch *b = im->qhead;
	im->qhead = b->next;
	if (!im->qhead)
		im->qtail = NULL;
	im->nqueued--;
	batch_wait(im, b);
	b->queued = false;
	int rc = b->job.rc;
	if (rc == ERR_OK) {
		count(im, b);
	} else {
		/* The pool holds one batch more than may be queued besides the
		 * one being filled, so a spare is always there. */
		struct batch *one = NULL;
		for (int i = 0; i < im->inflight + 1 && !one; i++) {
			struct batch *x = &im->pool[i];
			if (x != b && x != im->cur && !x->queued)
				one = x;
		}
		rc = one ? batch_retry_rows(im, b, one) : ERR_INTERNAL;
	}
	im->done_line = b->last_line;
	if (im->o->progress)
		im->o->progress(im->o->progress_ctx, im->processed, im->succeeded, im->failed);
	return rc;
}

/* A batch that is neither queued nor being filled. */
static struct batch *batch_free(struct importer *im)
{
	for (int i = 0; i < im->inflight + 1; i++) {
		struct batch *x = &im->pool[i];
		if (x != im->cur && !x->queued)
			return x;
	}
	return NULL;
}

int importer_flush(struct importer *im)
{
	struct batch *b = im->cur;
	if (b->nrows == 0 && b->npre == 0)
		return ERR_OK;
	b->nerrs = b->npre;
	b->processed = b->nrows + b->npre;
	b->next = NULL;
	if (im->qtail)
		im->qtail->next = b;
	else
		im->qhead = b;
	im->qtail = b;
	im->nqueued++;
	batch_submit(im, b);
	im->cur = NULL;
	int rc = ERR_OK;
	while (!rc && im->nqueued >= im->inflight)
		rc = settle_oldest(im);
	if (rc)
		return rc;
	im->cur = batch_free(im);
	if (!im->cur)
		return ERR_INTERNAL;
	batch_clear(im->cur);
	return ERR_OK;
}

int importer_drain(struct importer *im)
{
	int rc = ERR_OK;
	while (im->nqueued) {
		int one = settle_oldest(im);
		if (!rc)
			rc = one;
	}
	return rc;
}

int importer_open(struct importer *im, const struct import_options *o, char *message, size_t len)
{
	*im = (struct importer){
		.o = o,
		.batch_rows = o->batch_rows > 0 ? o->batch_rows : IMPORT_BATCH_ROWS,
		.inflight = o->inflight > 0 ? o->inflight : IMPORT_INFLIGHT,
		.message = message,
		.message_len = len,
	};
	pthread_mutex_init(&im->lock, NULL);
	pthread_cond_init(&im->cond, NULL);
	im->pool = calloc((size_t)im->inflight + 1, sizeof(*im->pool));
	int rc = im->pool ? ERR_OK : ERR_NOMEM;
	for (int i = 0; i < im->inflight + 1 && !rc; i++) {
		rc = batch_alloc(&im->pool[i], im->batch_rows);
		batch_clear(&im->pool[i]);
	}
	im->cur = im->pool;
	return rc;
}

void importer_close(struct importer *im)
{
	for (int i = 0; im->pool && i < im->inflight + 1; i++) {
		free(im->pool[i].rows);
		free(im->pool[i].errs);
		student_batch_release(&im->pool[i].names);
	}
	free(im->pool);
	schools_release(&im->schools);
	pthread_mutex_destroy(&im->lock);
	pthread_cond_destroy(&im->cond);
}
