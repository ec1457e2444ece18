#include "core/base.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/driver.h"
#include "db/migrate.h"

#include <pthread.h>

/* Latency buckets of the commit histogram, in seconds. */
static const double commit_buckets[] = {0.0005, 0.001, 0.002, 0.005, 0.01,
					0.02,	0.05,  0.1,   0.25,  1.0};
#define NCOMMIT_BUCKETS (sizeof(commit_buckets) / sizeof(commit_buckets[0]))

struct db {
	const struct db_driver *drv;
	char *url;
	int migrated; /* migrations applied at open */

	/* Reader pool: a free list guarded by pool_lock. */
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cond;
	struct db_conn *pool_free;
	struct db_conn **pool_all;
	int pool_size;
	_Atomic int pool_in_use;
	_Atomic long long pool_waits;

	/* Writer queue. */
	pthread_mutex_t q_lock;
	pthread_cond_t q_cond;
	struct db_job *q_head, *q_tail;
	_Atomic int q_depth;
	bool stopping;
	int batch_max;
	int nwriters;
	pthread_t *writers;
	struct db_conn **writer_conns;

	/* The last write failed because the store could not take it (disk
	 * full, read-only, unreachable), and no write has committed since:
	 * /readyz then tries a probe write (db_ready). */
	_Atomic bool unwritable;

	/* Counters for /metrics. */
	_Atomic long long unavailable;
	_Atomic long long reruns;
	_Atomic long long commits;
	_Atomic long long commit_failures;
	_Atomic long long jobs_done;
	_Atomic long long jobs_failed;
	_Atomic long long commit_hist[NCOMMIT_BUCKETS + 1];
	_Atomic long long commit_ns_sum;
};

enum db_kind db_kind(const struct db *db)
{
	return db->drv->kind;
}

static const struct db_driver *db_driver_for(const char *url)
{
	if (!strncmp(url, "sqlite:", 7))
		return &db_sqlite_driver;
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return &db_pgsql_driver;
	return NULL;
}

/* ---- reader pool ---- */

static struct db_conn *pool_acquire(struct db *db)
{
	pthread_mutex_lock(&db->pool_lock);
	if (!db->pool_free)
		atomic_fetch_add(&db->pool_waits, 1);
	while (!db->pool_free)
		pthread_cond_wait(&db->pool_cond, &db->pool_lock);
	struct db_conn *c = db->pool_free;
	db->pool_free = c->next_free;
	pthread_mutex_unlock(&db->pool_lock);
	atomic_fetch_add(&db->pool_in_use, 1);
	return c;
}

static void pool_release(struct db *db, struct db_conn *c)
{
	atomic_fetch_sub(&db->pool_in_use, 1);
	pthread_mutex_lock(&db->pool_lock);
	c->next_free = db->pool_free;
	db->pool_free = c;
	pthread_cond_signal(&db->pool_cond);
	pthread_mutex_unlock(&db->pool_lock);
}

/* Between transactions: let the driver replace a broken connection. */
static int conn_heal(struct db_conn *c)
{
	return c->drv->heal ? c->drv->heal(c) : ERR_OK;
}

/* A read on a connection that broke or a store that failed under it fails
 * as a whole with ERR_UNAVAILABLE, whatever fn made of the error (it may
 * have taken a failed statement for an absent row). */
int db_read(struct db *db, db_work_fn fn, void *ctx)
{
	struct db_conn *c = pool_acquire(db);
	int rc = conn_heal(c);
	if (rc == ERR_OK) {
		c->fault = ERR_OK;
		rc = fn(c, ctx);
		if (c->fault)
			rc = ERR_UNAVAILABLE;
	}
	if (rc == ERR_UNAVAILABLE) {
		atomic_fetch_add(&db->unavailable, 1);
		log_warn("db: a read failed, the store is unavailable: %s", db_errmsg(c));
	}
	pool_release(db, c);
	return rc;
}

/* ---- writers and group commit ---- */

static int script(struct db_conn *c, const char *sql)
{
	return c->drv->exec_script(c, sql);
}

static void commit_observe(struct db *db, uint64_t ns)
{
	double s = (double)ns / 1e9;
	size_t i = 0;
	while (i < NCOMMIT_BUCKETS && s > commit_buckets[i])
		i++;
	atomic_fetch_add(&db->commit_hist[i], 1);
	atomic_fetch_add(&db->commit_ns_sum, (long long)ns);
}

/* After COMMIT failed: whether the connection broke and, once healed,
 * the server says the transaction committed all the same. */
static bool commit_landed(struct db_conn *c)
{
	if (!c->drv->committed || !c->drv->broken || !c->drv->broken(c))
		return false;
	char why[sizeof(c->errmsg)];
	memcpy(why, c->errmsg, sizeof(why));
	bool yes = conn_heal(c) == ERR_OK && c->drv->committed(c);
	if (!yes)
		memcpy(c->errmsg, why, sizeof(why));
	return yes;
}

struct db_tx_hook *db_tx_hook(struct db_conn *c)
{
	return c->in_batch ? &c->hook : NULL;
}

static size_t hook_mark(struct db_conn *c)
{
	return c->hook.state ? c->hook.mark(c->hook.state) : 0;
}

static void hook_rewind(struct db_conn *c, size_t mark)
{
	if (c->hook.state)
		c->hook.rewind(c->hook.state, mark);
}

static void hook_clear(struct db_conn *c)
{
	if (c->hook.state)
		c->hook.clear(c->hook.state);
}

static int hook_before_commit(struct db_conn *c)
{
	return c->hook.state ? c->hook.before_commit(c, c->hook.state) : ERR_OK;
}

/* What one attempt at a batch found out. */
struct attempt {
	bool began;	  /* the connection was usable and BEGIN was sent */
	bool ran;	  /* a job that may not run twice (db_job.rerun) has run */
	bool commit_sent; /* COMMIT was sent: if it failed, its outcome is unknown */
	bool undo;	  /* roll back though nothing is broken */
};

/*
 * Run a batch of jobs in one transaction. Each job runs inside a savepoint so
 * its failure undoes only its own writes; if the commit itself fails every
 * job that had succeeded is told so (ERR_DB, ERR_RETRY when the engine says
 * the transaction may simply be retried, ERR_UNAVAILABLE when the store
 * cannot take it). A batch of one job needs no savepoint: if it fails, the
 * transaction is rolled back instead. When the store fails under a job
 * (the driver sets c->fault: disk full, read-only, the connection lost) the
 * transaction cannot be trusted: it is rolled back whole and every job not
 * already failed on its own answers ERR_UNAVAILABLE.
 */
static int batch_attempt(struct db_conn *c, struct db_job *batch, struct attempt *at)
{
	*at = (struct attempt){0};
	for (struct db_job *j = batch; j; j = j->next)
		j->rc = ERR_OK;
	hook_clear(c);
	int rc = conn_heal(c);
	c->fault = ERR_OK;
	if (rc == ERR_OK) {
		at->began = true;
		rc = script(c, c->drv->begin_write);
	}
	bool single = batch->next == NULL;
	if (single && rc == ERR_OK) {
		at->ran = !batch->rerun;
		batch->rc = batch->fn(c, batch->ctx);
		if (c->fault)
			rc = batch->rc = ERR_UNAVAILABLE;
		at->undo = batch->rc != ERR_OK;
	}
	/* A job that succeeded keeps its savepoint until the next job starts
	 * (one round trip releases it and opens the next) or the COMMIT
	 * releases it. */
	bool held = false;
	for (struct db_job *j = single ? NULL : batch; j; j = j->next) {
		if (rc) {
			j->rc = rc;
			continue;
		}
		int sp = script(c, held ? "RELEASE SAVEPOINT job; SAVEPOINT job" : "SAVEPOINT job");
		held = false;
		size_t mark = hook_mark(c);
		if (!sp) {
			at->ran = at->ran || !j->rerun;
			j->rc = j->fn(c, j->ctx);
		} else {
			j->rc = sp;
		}
		if (c->fault) {
			rc = j->rc = ERR_UNAVAILABLE;
			continue;
		}
		if (j->rc == ERR_OK) {
			held = !sp;
		} else if (!sp) {
			hook_rewind(c, mark);
			sp = script(c, "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job");
		}
		if (sp) {
			/* The transaction is unusable: fail everything in it. */
			log_error("db: savepoint failed: %s", db_errmsg(c));
			rc = sp;
			j->rc = sp;
		}
	}
	if (rc == ERR_OK && at->undo) {
		script(c, "ROLLBACK");
	} else if (rc == ERR_OK && (rc = hook_before_commit(c)) != ERR_OK) {
		if (c->fault)
			rc = ERR_UNAVAILABLE;
		log_error("db: the work deferred to the commit failed: %s", db_errmsg(c));
	} else if (rc == ERR_OK) {
		at->commit_sent = true;
		rc = script(c, "COMMIT");
		if (rc && commit_landed(c)) {
			log_warn("db: the connection broke as the transaction committed; it did");
			rc = ERR_OK;
		} else if (rc) {
			log_error("db: commit failed: %s", db_errmsg(c));
		}
	}
	if (rc) {
		int fault = c->fault;
		char why[sizeof(c->errmsg)];
		memcpy(why, c->errmsg, sizeof(why)); /* not ROLLBACK's complaint */
		script(c, "ROLLBACK");
		memcpy(c->errmsg, why, sizeof(why));
		if (fault || rc == ERR_UNAVAILABLE)
			rc = ERR_UNAVAILABLE;
		else if (rc != ERR_RETRY)
			rc = ERR_DB;
		for (struct db_job *j = batch; j; j = j->next)
			if (j->rc == ERR_OK)
				j->rc = rc;
	}
	hook_clear(c);
	return rc;
}

/*
 * Run a batch, and run it once more on a fresh connection when the
 * connection broke before COMMIT was sent and running it again is safe:
 * the transaction died whole with the connection, and no job has run yet
 * that cannot run twice (a job says it can with db_job.rerun, resetting
 * its outputs as it starts). A commit that broke is never run again: it
 * may have landed. Then call each job's done().
 */
static void run_batch(struct db *db, struct db_conn *c, struct db_job *batch)
{
	uint64_t t0 = time_mono_ns();
	struct attempt at;
	c->in_batch = true;
	int rc = batch_attempt(c, batch, &at);
	if (rc == ERR_UNAVAILABLE && at.began && !at.ran && !at.commit_sent && c->drv->broken &&
	    c->drv->broken(c)) {
		log_warn("db: the connection broke (%s); running the transaction again on a new "
			 "one",
			 db_errmsg(c));
		atomic_fetch_add(&db->reruns, 1);
		rc = batch_attempt(c, batch, &at);
	}
	c->in_batch = false;
	if (rc) {
		atomic_fetch_add(&db->commit_failures, 1);
		if (rc == ERR_UNAVAILABLE) {
			atomic_fetch_add(&db->unavailable, 1);
			atomic_store(&db->unwritable, true);
			log_warn("db: a write failed, the store cannot take it now: %s",
				 db_errmsg(c));
		}
	} else if (!at.undo) {
		atomic_fetch_add(&db->commits, 1);
		atomic_store(&db->unwritable, false);
	}
	commit_observe(db, time_mono_ns() - t0);
	struct db_job *j = batch;
	while (j) {
		/* done() may free the job, so read next first. */
		struct db_job *next = j->next;
		atomic_fetch_add(j->rc ? &db->jobs_failed : &db->jobs_done, 1);
		j->done(j);
		j = next;
	}
}

struct writer_arg {
	struct db *db;
	struct db_conn *conn;
};

static void *writer_main(void *arg)
{
	struct db *db = ((struct writer_arg *)arg)->db;
	struct db_conn *c = ((struct writer_arg *)arg)->conn;
	free(arg);
	for (;;) {
		pthread_mutex_lock(&db->q_lock);
		while (!db->q_head && !db->stopping)
			pthread_cond_wait(&db->q_cond, &db->q_lock);
		if (!db->q_head) {
			pthread_mutex_unlock(&db->q_lock);
			break;
		}
		/* Take up to batch_max jobs. */
		struct db_job *batch = db->q_head, *last = batch;
		int n = 1;
		while (last->next && n < db->batch_max) {
			last = last->next;
			n++;
		}
		db->q_head = last->next;
		if (!db->q_head)
			db->q_tail = NULL;
		last->next = NULL;
		atomic_fetch_sub(&db->q_depth, n);
		pthread_mutex_unlock(&db->q_lock);
		run_batch(db, c, batch);
	}
	return NULL;
}

void db_submit(struct db *db, struct db_job *job)
{
	job->next = NULL;
	job->rc = ERR_OK;
	job->queued_ns = time_mono_ns();
	pthread_mutex_lock(&db->q_lock);
	if (db->q_tail)
		db->q_tail->next = job;
	else
		db->q_head = job;
	db->q_tail = job;
	atomic_fetch_add(&db->q_depth, 1);
	pthread_cond_signal(&db->q_cond);
	pthread_mutex_unlock(&db->q_lock);
}

struct sync_job {
	struct db_job job;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool finished;
};

static void sync_done(struct db_job *job)
{
	struct sync_job *s = (struct sync_job *)job;
	pthread_mutex_lock(&s->lock);
	s->finished = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

int db_write(struct db *db, db_work_fn fn, void *ctx)
{
	struct sync_job s = {.job = {.fn = fn, .ctx = ctx, .done = sync_done}};
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.cond, NULL);
	db_submit(db, &s.job);
	pthread_mutex_lock(&s.lock);
	while (!s.finished)
		pthread_cond_wait(&s.cond, &s.lock);
	pthread_mutex_unlock(&s.lock);
	pthread_mutex_destroy(&s.lock);
	pthread_cond_destroy(&s.cond);
	return s.job.rc;
}

/* ---- open and close ---- */

static void db_free(struct db *db)
{
	for (int i = 0; i < db->pool_size; i++)
		if (db->pool_all[i])
			db->drv->disconnect(db->pool_all[i]);
	for (int i = 0; i < db->nwriters; i++) {
		struct db_conn *c = db->writer_conns[i];
		if (c && c->hook.state && c->hook.free)
			c->hook.free(c->hook.state);
		if (c)
			db->drv->disconnect(c);
	}
	free(db->pool_all);
	free(db->writer_conns);
	free(db->writers);
	free(db->url);
	pthread_mutex_destroy(&db->pool_lock);
	pthread_cond_destroy(&db->pool_cond);
	pthread_mutex_destroy(&db->q_lock);
	pthread_cond_destroy(&db->q_cond);
	free(db);
}

int db_open(const char *url, const struct db_options *opt, struct db **out, char *err,
	    size_t errlen)
{
	*out = NULL;
	const struct db_driver *drv = db_driver_for(url);
	if (!drv) {
		snprintf(err, errlen, "database URL must start with sqlite: or postgres://");
		return ERR_INVALID;
	}
	struct db *db = calloc(1, sizeof(*db));
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return ERR_NOMEM;
	}
	db->drv = drv;
	db->url = strdup(url);
	pthread_mutex_init(&db->pool_lock, NULL);
	pthread_cond_init(&db->pool_cond, NULL);
	pthread_mutex_init(&db->q_lock, NULL);
	pthread_cond_init(&db->q_cond, NULL);
	db->batch_max = opt && opt->batch_max > 0 ? opt->batch_max : 256;
	db->pool_size = opt && opt->readers > 0 ? opt->readers : 4;
	int writers = opt && opt->writers > 0 ? opt->writers : (drv->kind == DB_SQLITE ? 1 : 4);
	if (drv->kind == DB_SQLITE)
		writers = 1; /* SQLite has one writer at a time; more would only wait */
	db->pool_all = calloc((size_t)db->pool_size, sizeof(struct db_conn *));
	db->writer_conns = calloc((size_t)writers, sizeof(struct db_conn *));
	db->writers = calloc((size_t)writers, sizeof(*db->writers));
	if (!db->url || !db->pool_all || !db->writer_conns || !db->writers) {
		db_free(db);
		snprintf(err, errlen, "out of memory");
		return ERR_NOMEM;
	}

	/* The writer connection comes first: on SQLite it creates the file and
	 * turns on WAL before the readers open it. */
	int rc = drv->connect(url, true, &db->writer_conns[0], err, errlen);
	if (rc == ERR_OK && opt && opt->migrate)
		rc = db_migrate_conn(db->writer_conns[0], &db->migrated, err, errlen);
	for (int i = 1; rc == ERR_OK && i < writers; i++)
		rc = drv->connect(url, true, &db->writer_conns[i], err, errlen);
	for (int i = 0; rc == ERR_OK && i < db->pool_size; i++) {
		rc = drv->connect(url, false, &db->pool_all[i], err, errlen);
		if (rc == ERR_OK) {
			db->pool_all[i]->next_free = db->pool_free;
			db->pool_free = db->pool_all[i];
		}
	}
	if (rc) {
		db->nwriters = writers;
		db_free(db);
		return rc;
	}
	for (int i = 0; i < writers; i++) {
		struct writer_arg *a = malloc(sizeof(*a));
		if (a) {
			a->db = db;
			a->conn = db->writer_conns[i];
		}
		if (!a || pthread_create(&db->writers[i], NULL, writer_main, a)) {
			free(a);
			snprintf(err, errlen, "cannot start writer thread");
			db->stopping = true;
			pthread_cond_broadcast(&db->q_cond);
			for (int k = 0; k < i; k++)
				pthread_join(db->writers[k], NULL);
			db->nwriters = writers;
			db_free(db);
			return ERR_INTERNAL;
		}
		db->nwriters = i + 1;
	}
	db->nwriters = writers;
	/* The driver warned at connect; /readyz probes before saying ready. */
	atomic_store(&db->unwritable, db->writer_conns[0]->readonly);
	*out = db;
	return ERR_OK;
}

int db_migrations_applied(const struct db *db)
{
	return db->migrated;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	pthread_mutex_lock(&db->q_lock);
	db->stopping = true;
	pthread_cond_broadcast(&db->q_cond);
	pthread_mutex_unlock(&db->q_lock);
	for (int i = 0; i < db->nwriters; i++)
		pthread_join(db->writers[i], NULL);
	db_free(db);
}

static int analyze_job(struct db_conn *c, void *ctx)
{
	UNUSED(ctx);
	return c->drv->exec_script(c, "ANALYZE");
}

int db_analyze(struct db *db)
{
	return db_write(db, analyze_job, NULL);
}

int db_ready(struct db *db, bool *probe)
{
	*probe = atomic_load(&db->unwritable);
	if (!db->drv->heal)
		return ERR_OK; /* a local file: only a write tells */
	struct db_conn *c = pool_acquire(db);
	int rc = conn_heal(c);
	if (rc == ERR_OK)
		rc = script(c, "SELECT 1");
	pool_release(db, c);
	return rc ? ERR_UNAVAILABLE : ERR_OK;
}

int db_probe_write(struct db_conn *c)
{
	return c->drv->exec_script(c, c->drv->probe_write);
}

int db_metrics(struct db *db, struct buf *out)
{
	int rc = buf_printf(
		out,
		"# HELP tabula_db_pool_size Reader connections in the pool.\n"
		"# TYPE tabula_db_pool_size gauge\n"
		"tabula_db_pool_size{backend=\"%s\"} %d\n"
		"# HELP tabula_db_pool_in_use Reader connections lent out now.\n"
		"# TYPE tabula_db_pool_in_use gauge\n"
		"tabula_db_pool_in_use %d\n"
		"# HELP tabula_db_pool_waits_total Times a reader had to wait for a connection.\n"
		"# TYPE tabula_db_pool_waits_total counter\n"
		"tabula_db_pool_waits_total %lld\n"
		"# HELP tabula_db_writers Writer threads.\n"
		"# TYPE tabula_db_writers gauge\n"
		"tabula_db_writers %d\n"
		"# HELP tabula_db_write_queue_depth Write jobs waiting for a writer.\n"
		"# TYPE tabula_db_write_queue_depth gauge\n"
		"tabula_db_write_queue_depth %d\n"
		"# HELP tabula_db_commits_total Group commits.\n"
		"# TYPE tabula_db_commits_total counter\n"
		"tabula_db_commits_total %lld\n"
		"# HELP tabula_db_commit_failures_total Transactions that failed to commit.\n"
		"# TYPE tabula_db_commit_failures_total counter\n"
		"tabula_db_commit_failures_total %lld\n"
		"# HELP tabula_db_unavailable_total Units of work failed because the store "
		"could not be reached or written.\n"
		"# TYPE tabula_db_unavailable_total counter\n"
		"tabula_db_unavailable_total %lld\n"
		"# HELP tabula_db_reruns_total Transactions run again on a fresh connection.\n"
		"# TYPE tabula_db_reruns_total counter\n"
		"tabula_db_reruns_total %lld\n"
		"# HELP tabula_db_writable 0 while the last write failed for want of the store.\n"
		"# TYPE tabula_db_writable gauge\n"
		"tabula_db_writable %d\n"
		"# HELP tabula_db_jobs_total Write jobs finished, by outcome.\n"
		"# TYPE tabula_db_jobs_total counter\n"
		"tabula_db_jobs_total{outcome=\"ok\"} %lld\n"
		"tabula_db_jobs_total{outcome=\"error\"} %lld\n",
		db->drv->name, db->pool_size, atomic_load(&db->pool_in_use),
		(long long)atomic_load(&db->pool_waits), db->nwriters, atomic_load(&db->q_depth),
		(long long)atomic_load(&db->commits), (long long)atomic_load(&db->commit_failures),
		(long long)atomic_load(&db->unavailable), (long long)atomic_load(&db->reruns),
		atomic_load(&db->unwritable) ? 0 : 1, (long long)atomic_load(&db->jobs_done),
		(long long)atomic_load(&db->jobs_failed));
	if (!rc)
		rc = buf_puts(
			out,
			"# HELP tabula_db_commit_seconds Time from BEGIN to COMMIT of a group.\n"
			"# TYPE tabula_db_commit_seconds histogram\n");
	long long cum = 0;
	for (size_t i = 0; !rc && i < NCOMMIT_BUCKETS; i++) {
		cum += atomic_load(&db->commit_hist[i]);
		rc = buf_printf(out, "tabula_db_commit_seconds_bucket{le=\"%g\"} %lld\n",
				commit_buckets[i], cum);
	}
	cum += atomic_load(&db->commit_hist[NCOMMIT_BUCKETS]);
	if (rc)
		return rc;
	return buf_printf(out,
			  "tabula_db_commit_seconds_bucket{le=\"+Inf\"} %lld\n"
			  "tabula_db_commit_seconds_sum %.6f\n"
			  "tabula_db_commit_seconds_count %lld\n",
			  cum, (double)atomic_load(&db->commit_ns_sum) / 1e9, cum);
}
