/* Unit tests of src/db/db.c on a temporary SQLite file: opening and its
 * options, the reader pool, the writer queue with group commit (one
 * transaction per batch, a savepoint per job), draining on close, and the
 * metrics. Jobs write rows of the jobs table straight through the query
 * interface, so nothing here depends on a domain. */
#include "unit.h"
#include "store.h"

#include <pthread.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/driver.h"
#include "db/migrate.h"

static int setup(void **state)
{
	return unit_store_setup(state, "db.db", 2);
}

static void reopen(struct unit_store *f, const struct db_options *opt)
{
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(unit_store_reopen(f, opt), ERR_OK);
}

/* A value from db_metrics(): the number after "name " at a line start, or
 * -1. Asserts nothing, so it is safe while the writer is held. */
static double metric_real(struct db *db, const char *name)
{
	struct buf b = BUF_INIT(0);
	db_metrics(db, &b);
	char key[160];
	snprintf(key, sizeof(key), "\n%s ", name);
	const char *at = b.p ? strstr(b.p, key) : NULL;
	double v = at ? strtod(at + strlen(key), NULL) : -1;
	buf_release(&b);
	return v;
}

static long long metric(struct db *db, const char *name)
{
	return (long long)metric_real(db, name);
}

/* ---- rows ---- */

static int insert_job(struct db_conn *c, const char *kind, int64_t *id)
{
	struct db_val v[] = {DBV_TEXT(kind), DBV_NULL, DBV_INT(0), DBV_INT(1)};
	struct db_res res;
	int rc = db_row(c, Q_JOB_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_JOB_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

struct probe {
	int64_t id;
	const char *kind;
};

static int probe_fn(struct db_conn *c, void *ctx)
{
	struct probe *p = ctx;
	struct db_res res;
	struct db_val v = DBV_INT(p->id);
	int rc = db_row(c, Q_JOB_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	/* An id may be used again after a rollback: the kind tells rows apart. */
	rc = strcmp(db_text(&res, C_JOB_BY_ID__KIND, NULL), p->kind) ? ERR_NOTFOUND : ERR_OK;
	db_done(&res);
	return rc;
}

/* ERR_OK if row id is there with this kind, ERR_NOTFOUND if not. */
static int row_is(struct db *db, int64_t id, const char *kind)
{
	struct probe p = {id, kind};
	return db_read(db, probe_fn, &p);
}

/* ---- a hook deferred to the commit (db_tx_hook) ---- */

/* Counts the jobs that added to it; at the commit it writes a row of kind
 * "hooked-N" (N the count), which commits with the batch. */
struct counting_hook {
	int n, flushes, clears;
	bool freed;
};

static struct counting_hook hooked;

static int counting_flush(struct db_conn *c, void *state)
{
	struct counting_hook *h = state;
	h->flushes++;
	char kind[32];
	snprintf(kind, sizeof(kind), "hooked-%d", h->n);
	int64_t id;
	return h->n ? insert_job(c, kind, &id) : ERR_OK;
}

static size_t counting_mark(void *state)
{
	return (size_t)((struct counting_hook *)state)->n;
}

static void counting_rewind(void *state, size_t mark)
{
	((struct counting_hook *)state)->n = (int)mark;
}

static void counting_clear(void *state)
{
	struct counting_hook *h = state;
	h->n = 0;
	h->clears++;
}

static void counting_free(void *state)
{
	((struct counting_hook *)state)->freed = true;
}

static int hook_count(struct db_conn *c)
{
	struct db_tx_hook *h = db_tx_hook(c);
	if (!h)
		return ERR_INTERNAL;
	if (!h->state)
		*h = (struct db_tx_hook){.before_commit = counting_flush,
					 .mark = counting_mark,
					 .rewind = counting_rewind,
					 .clear = counting_clear,
					 .free = counting_free,
					 .state = &hooked};
	hooked.n++;
	return ERR_OK;
}

/* ---- write jobs ---- */

struct tracker {
	struct db *db;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done;	/* done() calls so far */
	bool held;	/* the blocker is inside its job */
	bool release;	/* let the blocker finish */
	pthread_t main; /* the test's thread */
};

struct wjob {
	struct db_job job; /* first: done() gets this pointer */
	struct tracker *t;
	char kind[32];
	bool block; /* wait inside the job until released */
	bool hook;  /* count itself in the connection's hook (test_tx_hook) */
	int fail;   /* return this after the insert */
	bool dup;   /* after the insert, break a unique key */
	int64_t id;
	int rc_at_done;
	int visible_at_done; /* row_is() from done(): after the commit */
	int order;	     /* 1 for the first done() call ... */
	bool on_main;	     /* fn ran on the test's thread */
};

static int wjob_fn(struct db_conn *c, void *ctx)
{
	struct wjob *w = ctx;
	w->on_main = pthread_equal(pthread_self(), w->t->main);
	int rc = insert_job(c, w->kind, &w->id);
	if (!rc && w->hook)
		rc = hook_count(c);
	if (w->block) {
		pthread_mutex_lock(&w->t->lock);
		w->t->held = true;
		pthread_cond_broadcast(&w->t->cond);
		while (!w->t->release)
			pthread_cond_wait(&w->t->cond, &w->t->lock);
		pthread_mutex_unlock(&w->t->lock);
	}
	if (rc)
		return rc;
	if (w->dup) {
		/* Version 1 is recorded already. */
		struct db_val v[] = {DBV_INT(migrations[0].version), DBV_TEXT("x"), DBV_INT(1)};
		return db_exec(c, Q_MIGRATION_RECORD, v, 3, NULL);
	}
	return w->fail;
}

static void wjob_done(struct db_job *job)
{
	struct wjob *w = (struct wjob *)job;
	w->rc_at_done = job->rc;
	w->visible_at_done = row_is(w->t->db, w->id, w->kind);
	pthread_mutex_lock(&w->t->lock);
	w->order = ++w->t->done;
	pthread_cond_broadcast(&w->t->cond);
	pthread_mutex_unlock(&w->t->lock);
}

static void tracker_init(struct tracker *t, struct db *db)
{
	memset(t, 0, sizeof(*t));
	t->db = db;
	t->main = pthread_self();
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
}

static void tracker_release(struct tracker *t)
{
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
}

static void wjob_init(struct wjob *w, struct tracker *t, const char *kind)
{
	memset(w, 0, sizeof(*w));
	w->t = t;
	snprintf(w->kind, sizeof(w->kind), "%s", kind);
	w->job.fn = wjob_fn;
	w->job.ctx = w;
	w->job.done = wjob_done;
	w->rc_at_done = 12345;
	w->visible_at_done = 12345;
}

/* Submit the blocker and wait until the writer is inside it. */
static void hold_writer(struct tracker *t, struct wjob *blocker)
{
	wjob_init(blocker, t, "blocker");
	blocker->block = true;
	db_submit(t->db, &blocker->job);
	pthread_mutex_lock(&t->lock);
	while (!t->held)
		pthread_cond_wait(&t->cond, &t->lock);
	pthread_mutex_unlock(&t->lock);
}

static void release_writer(struct tracker *t)
{
	pthread_mutex_lock(&t->lock);
	t->release = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static void wait_done(struct tracker *t, int n)
{
	pthread_mutex_lock(&t->lock);
	while (t->done < n)
		pthread_cond_wait(&t->cond, &t->lock);
	pthread_mutex_unlock(&t->lock);
}

/* ---- open ---- */

UNIT_TEST_WITH(test_open_options, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	assert_int_equal(db_kind(f->db), DB_SQLITE);
	assert_int_equal(metric(f->db, "tabula_db_pool_size{backend=\"sqlite\"}"), 2);
	assert_int_equal(metric(f->db, "tabula_db_writers"), 1);
	assert_int_equal(metric(f->db, "tabula_db_pool_in_use"), 0);

	/* SQLite has one writer whatever is asked; readers default to 4. */
	struct db_options opt = {.writers = 4};
	reopen(f, &opt);
	assert_int_equal(metric(f->db, "tabula_db_writers"), 1);
	assert_int_equal(metric(f->db, "tabula_db_pool_size{backend=\"sqlite\"}"), 4);
	reopen(f, NULL);
	assert_int_equal(metric(f->db, "tabula_db_pool_size{backend=\"sqlite\"}"), 4);
	assert_int_equal(db_migrations_applied(f->db), 0);

	/* "sqlite://" and an absolute path name the same kind of file. */
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(f->dir[0], '/');
	snprintf(f->url, sizeof(f->url), "sqlite://%s/other.db", f->dir);
	struct db_options mig = {.migrate = true, .readers = 1};
	assert_int_equal(unit_store_reopen(f, &mig), ERR_OK);
	assert_int_equal(db_migrations_applied(f->db), (int)migrations_count);
	char path[300];
	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);

	db_close(NULL);
}

UNIT_TEST(test_open_errors)
{
	UNUSED(state);
	static const char *const bad_scheme[] = {"",	       "mysql://localhost/x", "SQLITE:x.db",
						 "postgres:x", "file:x.db",	      "sqlite"};
	for (size_t i = 0; i < ARRAY_SIZE(bad_scheme); i++) {
		struct db *db = (struct db *)&db;
		char err[256] = "";
		assert_int_equal(db_open(bad_scheme[i], NULL, &db, err, sizeof(err)), ERR_INVALID);
		assert_null(db);
		assert_non_null(strstr(err, "sqlite: or postgres://"));
	}
	struct db *db = (struct db *)&db;
	char err[256] = "";
	assert_int_equal(db_open("sqlite:", NULL, &db, err, sizeof(err)), ERR_INVALID);
	assert_null(db);
	assert_non_null(strstr(err, "no file"));
	assert_int_equal(db_open("sqlite://", NULL, &db, err, sizeof(err)), ERR_INVALID);

	err[0] = '\0';
	assert_int_equal(
		db_open("sqlite:/nonexistent-tabula-dir/x.db", NULL, &db, err, sizeof(err)),
		ERR_IO);
	assert_null(db);
	assert_non_null(strstr(err, "/nonexistent-tabula-dir/x.db"));
}

/* ---- reads ---- */

struct read_ctx {
	pthread_t caller;
	bool same_thread;
	long long in_use;
	int rc;
	struct db *db;
};

static int read_fn(struct db_conn *c, void *ctx)
{
	UNUSED(c);
	struct read_ctx *x = ctx;
	x->same_thread = pthread_equal(pthread_self(), x->caller);
	x->in_use = metric(x->db, "tabula_db_pool_in_use");
	return x->rc;
}

static int write_in_reader(struct db_conn *c, void *ctx)
{
	int64_t *id = ctx;
	return insert_job(c, "from-reader", id);
}

/* db_read runs fn in the calling thread on a lent connection and returns
 * fn's result as it is. */
UNIT_TEST_WITH(test_read, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	static const int rcs[] = {ERR_OK, ERR_FORBIDDEN, ERR_NOTFOUND, ERR_INTERNAL};
	for (size_t i = 0; i < ARRAY_SIZE(rcs); i++) {
		struct read_ctx x = {.caller = pthread_self(), .rc = rcs[i], .db = f->db};
		assert_int_equal(db_read(f->db, read_fn, &x), rcs[i]);
		assert_true(x.same_thread);
		assert_int_equal(x.in_use, 1);
	}
	assert_int_equal(metric(f->db, "tabula_db_pool_in_use"), 0);
	assert_int_equal(metric(f->db, "tabula_db_pool_waits_total"), 0);

	/* A reader cannot write. */
	int64_t id = 0;
	assert_int_not_equal(db_read(f->db, write_in_reader, &id), ERR_OK);
	assert_int_equal(row_is(f->db, 1, "from-reader"), ERR_NOTFOUND);
}

struct hold_ctx {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool inside, release;
	struct db *db;
	int rc;
};

static int hold_fn(struct db_conn *c, void *ctx)
{
	UNUSED(c);
	struct hold_ctx *h = ctx;
	pthread_mutex_lock(&h->lock);
	h->inside = true;
	pthread_cond_broadcast(&h->cond);
	while (!h->release)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
	return ERR_OK;
}

static void *hold_thread(void *arg)
{
	struct hold_ctx *h = arg;
	h->rc = db_read(h->db, hold_fn, h);
	return NULL;
}

static int nothing_fn(struct db_conn *c, void *ctx)
{
	UNUSED(c);
	UNUSED(ctx);
	return ERR_OK;
}

static void *read_thread(void *arg)
{
	struct hold_ctx *h = arg;
	h->rc = db_read(h->db, nothing_fn, NULL);
	return NULL;
}

/* With every connection lent out, a reader waits (and is counted) until
 * one comes back. */
UNIT_TEST_WITH(test_pool_wait, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct db_options opt = {.readers = 1};
	reopen(f, &opt);
	struct hold_ctx a = {.db = f->db, .rc = 12345}, b = {.db = f->db, .rc = 12345};
	pthread_mutex_init(&a.lock, NULL);
	pthread_cond_init(&a.cond, NULL);
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, hold_thread, &a), 0);
	pthread_mutex_lock(&a.lock);
	while (!a.inside)
		pthread_cond_wait(&a.cond, &a.lock);
	pthread_mutex_unlock(&a.lock);
	long long in_use = metric(f->db, "tabula_db_pool_in_use");
	int started = pthread_create(&tb, NULL, read_thread, &b) == 0;
	/* The second reader counts its wait before it sleeps. */
	long long waits = 0;
	for (int i = 0; started && i < 10000 && waits < 1; i++) {
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
		waits = metric(f->db, "tabula_db_pool_waits_total");
	}
	int b_rc_while_held = b.rc;
	pthread_mutex_lock(&a.lock);
	a.release = true;
	pthread_cond_broadcast(&a.cond);
	pthread_mutex_unlock(&a.lock);
	pthread_join(ta, NULL);
	if (started)
		pthread_join(tb, NULL);

	assert_true(started);
	assert_int_equal(in_use, 1);
	assert_int_equal(waits, 1);
	assert_int_equal(b_rc_while_held, 12345);
	assert_int_equal(a.rc, ERR_OK);
	assert_int_equal(b.rc, ERR_OK);
	assert_int_equal(metric(f->db, "tabula_db_pool_in_use"), 0);
	pthread_mutex_destroy(&a.lock);
	pthread_cond_destroy(&a.cond);
}

/* ---- writes ---- */

struct fn_ctx {
	pthread_t caller;
	bool other_thread;
	const char *kind;
	int64_t id;
	int fail;
};

static int write_fn(struct db_conn *c, void *ctx)
{
	struct fn_ctx *x = ctx;
	x->other_thread = !pthread_equal(pthread_self(), x->caller);
	int rc = insert_job(c, x->kind, &x->id);
	return rc ? rc : x->fail;
}

/* db_write runs a job on the writer and returns its result; a job alone
 * that fails is rolled back whole. */
UNIT_TEST_WITH(test_write, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	long long commits0 = metric(f->db, "tabula_db_commits_total");
	long long ok0 = metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}");
	long long bad0 = metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}");

	struct fn_ctx x = {.caller = pthread_self(), .kind = "written"};
	assert_int_equal(db_write(f->db, write_fn, &x), ERR_OK);
	assert_true(x.other_thread);
	assert_true(x.id > 0);
	assert_int_equal(row_is(f->db, x.id, "written"), ERR_OK);
	assert_int_equal(metric(f->db, "tabula_db_commits_total") - commits0, 1);

	struct fn_ctx y = {.caller = pthread_self(), .kind = "undone", .fail = ERR_FORBIDDEN};
	assert_int_equal(db_write(f->db, write_fn, &y), ERR_FORBIDDEN);
	assert_true(y.id > 0);
	assert_int_equal(row_is(f->db, y.id, "undone"), ERR_NOTFOUND);
	/* Rolled back, not committed; the job counts as an error. */
	assert_int_equal(metric(f->db, "tabula_db_commits_total") - commits0, 1);
	assert_int_equal(metric(f->db, "tabula_db_commit_failures_total"), 0);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}") - ok0, 1);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}") - bad0, 1);

	/* A unique violation is CONFLICT. */
	struct wjob w;
	struct tracker t;
	tracker_init(&t, f->db);
	wjob_init(&w, &t, "dup");
	w.dup = true;
	assert_int_equal(db_write(f->db, wjob_fn, &w), ERR_CONFLICT);
	assert_int_equal(row_is(f->db, w.id, "dup"), ERR_NOTFOUND);
	tracker_release(&t);

	/* The first row is still there. */
	assert_int_equal(row_is(f->db, x.id, "written"), ERR_OK);
}

enum { GROUP = 12 };

/* Jobs queued together commit together; a job that fails after writing
 * rolls back alone and the others in the batch stay. done() runs in
 * submission order, after the commit. */
UNIT_TEST_WITH(test_group_commit, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	long long commits0 = metric(f->db, "tabula_db_commits_total");
	long long ok0 = metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}");
	long long bad0 = metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}");
	struct tracker t;
	tracker_init(&t, f->db);
	struct wjob blocker, jobs[GROUP];
	for (int i = 0; i < GROUP; i++) {
		char kind[32];
		snprintf(kind, sizeof(kind), "group-%d", i);
		wjob_init(&jobs[i], &t, kind);
		/* Two kinds of failure: an error of the job's own, and a
		 * unique violation from the database. */
		if (i % 4 == 1)
			jobs[i].fail = ERR_INVALID;
		if (i % 4 == 3)
			jobs[i].dup = true;
	}

	/* While the writer is held nothing may assert. */
	hold_writer(&t, &blocker);
	for (int i = 0; i < GROUP; i++)
		db_submit(f->db, &jobs[i].job);
	long long depth = metric(f->db, "tabula_db_write_queue_depth");
	release_writer(&t);
	wait_done(&t, 1 + GROUP);

	assert_int_equal(depth, GROUP);
	assert_int_equal(blocker.rc_at_done, ERR_OK);
	assert_int_equal(blocker.order, 1);
	int ok = 0;
	for (int i = 0; i < GROUP; i++) {
		struct wjob *w = &jobs[i];
		assert_false(w->on_main);
		assert_int_equal(w->order, 2 + i);
		assert_int_equal(w->rc_at_done, w->job.rc);
		if (w->fail || w->dup) {
			assert_int_equal(w->job.rc, w->fail ? ERR_INVALID : ERR_CONFLICT);
			assert_int_equal(w->visible_at_done, ERR_NOTFOUND);
			assert_int_equal(row_is(f->db, w->id, w->kind), ERR_NOTFOUND);
		} else {
			ok++;
			assert_int_equal(w->job.rc, ERR_OK);
			assert_int_equal(w->visible_at_done, ERR_OK);
			assert_int_equal(row_is(f->db, w->id, w->kind), ERR_OK);
		}
	}
	assert_int_equal(ok, GROUP / 2);
	/* One commit for the blocker, one for the whole group. */
	assert_int_equal(metric(f->db, "tabula_db_commits_total") - commits0, 2);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}") - ok0, ok + 1);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}") - bad0,
			 GROUP - ok);
	assert_int_equal(metric(f->db, "tabula_db_write_queue_depth"), 0);
	assert_int_equal(metric(f->db, "tabula_db_commit_failures_total"), 0);
	tracker_release(&t);
}

/* Work deferred to the commit (db_tx_hook) sees the jobs of the batch that
 * were not undone, runs once before COMMIT and commits with them; a reader
 * has no hook; the hook is freed with the connection. */
static int no_hook_on_readers(struct db_conn *c, void *ctx)
{
	(void)ctx;
	return db_tx_hook(c) ? ERR_INTERNAL : ERR_OK;
}

UNIT_TEST_WITH(test_tx_hook, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	hooked = (struct counting_hook){0};
	struct tracker t;
	tracker_init(&t, f->db);
	struct wjob blocker, jobs[4];
	for (int i = 0; i < 4; i++) {
		char kind[32];
		snprintf(kind, sizeof(kind), "hook-%d", i);
		wjob_init(&jobs[i], &t, kind);
		jobs[i].hook = true;
		jobs[i].fail = i == 2 ? ERR_INVALID : ERR_OK; /* undone: not counted */
	}
	hold_writer(&t, &blocker);
	for (int i = 0; i < 4; i++)
		db_submit(f->db, &jobs[i].job);
	release_writer(&t);
	wait_done(&t, 5);
	assert_int_equal(jobs[2].job.rc, ERR_INVALID);
	assert_int_equal(hooked.flushes, 1);
	assert_int_equal(hooked.n, 0); /* cleared after the commit */
	assert_true(hooked.clears >= 1);
	/* Three jobs stayed, so the row the hook wrote at the commit says 3. */
	struct probe p = {0, "hooked-3"};
	for (p.id = 1; p.id < 100 && db_read(f->db, probe_fn, &p) != ERR_OK; p.id++)
		;
	assert_true(p.id < 100);
	assert_int_equal(db_read(f->db, no_hook_on_readers, NULL), ERR_OK);
	db_close(f->db);
	f->db = NULL;
	assert_true(hooked.freed);
	struct db_options opt = {.readers = 1};
	assert_int_equal(unit_store_reopen(f, &opt), ERR_OK);
	tracker_release(&t);
}

/* batch_max caps a transaction: 7 waiting jobs in batches of 3 are three
 * commits. */
UNIT_TEST_WITH(test_batch_max, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct db_options opt = {.batch_max = 3};
	reopen(f, &opt);
	long long commits0 = metric(f->db, "tabula_db_commits_total");
	struct tracker t;
	tracker_init(&t, f->db);
	struct wjob blocker, jobs[7];
	for (int i = 0; i < 7; i++) {
		char kind[32];
		snprintf(kind, sizeof(kind), "batch-%d", i);
		wjob_init(&jobs[i], &t, kind);
	}
	hold_writer(&t, &blocker);
	for (int i = 0; i < 7; i++)
		db_submit(f->db, &jobs[i].job);
	release_writer(&t);
	wait_done(&t, 8);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(jobs[i].job.rc, ERR_OK);
		assert_int_equal(jobs[i].visible_at_done, ERR_OK);
		assert_int_equal(jobs[i].order, 2 + i);
	}
	assert_int_equal(metric(f->db, "tabula_db_commits_total") - commits0, 1 + 3);
	tracker_release(&t);
}

/* db_close lets the writer finish every queued job first. */
UNIT_TEST_WITH(test_close_drains, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct tracker t;
	tracker_init(&t, f->db);
	struct wjob blocker, jobs[5];
	for (int i = 0; i < 5; i++) {
		char kind[32];
		snprintf(kind, sizeof(kind), "drain-%d", i);
		wjob_init(&jobs[i], &t, kind);
	}
	hold_writer(&t, &blocker);
	for (int i = 0; i < 5; i++)
		db_submit(f->db, &jobs[i].job);
	release_writer(&t);
	db_close(f->db);
	f->db = NULL;
	/* Every done() has run by the time db_close returns. */
	assert_int_equal(t.done, 6);
	struct db_options opt = {.readers = 1};
	assert_int_equal(unit_store_reopen(f, &opt), ERR_OK);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(jobs[i].job.rc, ERR_OK);
		assert_int_equal(row_is(f->db, jobs[i].id, jobs[i].kind), ERR_OK);
	}
	tracker_release(&t);
}

/* ANALYZE runs as a write job; the commit histogram counts every batch,
 * committed or not, and its buckets add up. */
UNIT_TEST_WITH(test_analyze_and_histogram, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	long long batches0 = metric(f->db, "tabula_db_commit_seconds_count");
	assert_int_equal(db_analyze(f->db), ERR_OK);
	struct fn_ctx x = {.caller = pthread_self(), .kind = "h"};
	assert_int_equal(db_write(f->db, write_fn, &x), ERR_OK);
	x.fail = ERR_INVALID;
	assert_int_equal(db_write(f->db, write_fn, &x), ERR_INVALID);
	assert_int_equal(metric(f->db, "tabula_db_commit_seconds_count") - batches0, 3);

	struct buf b = BUF_INIT(0);
	db_metrics(f->db, &b);
	long long last = 0;
	int buckets = 0;
	for (const char *p = strstr(b.p, "tabula_db_commit_seconds_bucket{"); p;
	     p = strstr(p + 1, "tabula_db_commit_seconds_bucket{")) {
		long long v = strtoll(strchr(p, '}') + 1, NULL, 10);
		assert_true(v >= last);
		last = v;
		buckets++;
	}
	assert_int_equal(buckets, 11);
	assert_int_equal(last, metric(f->db, "tabula_db_commit_seconds_count"));
	assert_int_equal(metric(f->db, "tabula_db_commit_seconds_bucket{le=\"+Inf\"}"), last);
	assert_true(metric_real(f->db, "tabula_db_commit_seconds_sum") > 0);
	/* Every HELP has its TYPE. */
	int help = 0, type = 0;
	for (const char *p = b.p; (p = strstr(p, "# HELP ")); p++)
		help++;
	for (const char *p = b.p; (p = strstr(p, "# TYPE ")); p++)
		type++;
	assert_int_equal(help, type);
	assert_int_equal(help, 12);
	buf_release(&b);
}

/* ---- a store that cannot write ---- */

/* Cap (pages = 1: at its size now) or lift the writer's database size. */
static int cap_fn(struct db_conn *c, void *ctx)
{
	const char *sql = ctx;
	return c->drv->exec_script(c, sql);
}

/* A row too large for the capped file, whose failure is taken for any
 * failure (ERR_DB), as careless work might. */
static int big_fn(struct db_conn *c, void *ctx)
{
	static char big[64 * 1024];
	memset(big, 'x', sizeof(big) - 1);
	int64_t *id = ctx;
	return insert_job(c, big, id) ? ERR_DB : ERR_OK;
}

struct bigjob {
	struct db_job job; /* first: done() gets this pointer */
	struct tracker *t;
	int64_t id;
	int rc;
};

static void big_done(struct db_job *job)
{
	struct bigjob *b = (struct bigjob *)job;
	b->rc = job->rc;
	pthread_mutex_lock(&b->t->lock);
	b->t->done++;
	pthread_cond_broadcast(&b->t->cond);
	pthread_mutex_unlock(&b->t->lock);
}

static int probe_write_fn(struct db_conn *c, void *ctx)
{
	UNUSED(ctx);
	return db_probe_write(c);
}

UNIT_TEST_WITH(test_store_full, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	bool probe = true;
	assert_int_equal(db_ready(f->db, &probe), ERR_OK);
	assert_false(probe);
	assert_int_equal(db_write(f->db, cap_fn, "PRAGMA max_page_count = 1"), ERR_OK);

	/* One batch: a small row that fits, the big one, another small one.
	 * The store failed under the big one: the whole batch fails
	 * ERR_UNAVAILABLE (not the work's ERR_DB) and nothing of it stays. */
	struct tracker t;
	tracker_init(&t, f->db);
	struct wjob blocker, a, c;
	hold_writer(&t, &blocker);
	wjob_init(&a, &t, "fits-a");
	wjob_init(&c, &t, "fits-c");
	struct bigjob big = {.job = {.fn = big_fn, .done = big_done}, .t = &t, .rc = 12345};
	big.job.ctx = &big.id;
	db_submit(f->db, &a.job);
	db_submit(f->db, &big.job);
	db_submit(f->db, &c.job);
	release_writer(&t);
	wait_done(&t, 4);
	assert_int_equal(big.rc, ERR_UNAVAILABLE);
	assert_int_equal(a.rc_at_done, ERR_UNAVAILABLE);
	assert_int_equal(c.rc_at_done, ERR_UNAVAILABLE);
	assert_int_equal(row_is(f->db, a.id, "fits-a"), ERR_NOTFOUND);
	assert_int_equal(row_is(f->db, c.id, "fits-c"), ERR_NOTFOUND);
	tracker_release(&t);
	assert_int_equal(metric(f->db, "tabula_db_writable"), 0);
	assert_true(metric(f->db, "tabula_db_unavailable_total") >= 1);

	/* Ready only once a write tells: the probe fails while full. */
	assert_int_equal(db_ready(f->db, &probe), ERR_OK);
	assert_true(probe);
	assert_int_equal(db_write(f->db, probe_write_fn, NULL), ERR_UNAVAILABLE);
	assert_int_equal(db_write(f->db, cap_fn, "PRAGMA max_page_count = 1073741823"), ERR_OK);
	assert_int_equal(db_write(f->db, probe_write_fn, NULL), ERR_OK);
	assert_int_equal(db_ready(f->db, &probe), ERR_OK);
	assert_false(probe);
	assert_int_equal(metric(f->db, "tabula_db_writable"), 1);
	int64_t id = 0;
	assert_int_equal(db_write(f->db, big_fn, &id), ERR_OK);
}

UNIT_MAIN()
