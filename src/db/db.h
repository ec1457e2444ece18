/*
 * db.h: the one database interface, over SQLite and PostgreSQL.
 *
 * Statements are never built from strings: every statement lives in
 * sql/queries/ (one file per noun) under a name and is referred to here by its enum
 * query_id (Q_ORG_INSERT ...). Parameters are written '?' and rewritten to
 * $n for PostgreSQL by the driver. Statements are prepared once per
 * connection and cached.
 *
 * Work is done in units: a db_work_fn gets a connection and runs queries.
 *  - db_read() runs it on a pooled reader connection, in the calling thread.
 *  - db_submit() queues it for a writer thread. The writer takes every job
 *    waiting, opens one transaction, runs each job inside its own savepoint
 *    (a failing job rolls back alone), commits once, and only then calls each
 *    job's done(). That is group commit: one fsync for many requests.
 *  A store that cannot take the work (disk full, read-only, locked past
 *  the busy timeout, PostgreSQL gone) fails it with ERR_UNAVAILABLE, the
 *  transaction rolled back whole; a broken PostgreSQL connection is
 *  replaced between transactions, never inside one.
 *  - db_write() is db_submit() plus waiting, for the CLI and tests.
 * A job's fn must return ERR_OK or a negative enum err; it may only touch
 * its ctx and the connection.
 */
#ifndef TABULA_DB_H
#define TABULA_DB_H

#include "db/conn.h"

struct db;
struct db_conn;
struct buf;

struct db_options {
	int readers;   /* reader connections; 0: 4 */
	int writers;   /* writer threads; 0: 1 on SQLite, 4 on PostgreSQL */
	bool migrate;  /* apply pending migrations on open */
	int batch_max; /* most jobs in one transaction; 0: 256 */
};

/* Open url ("sqlite:PATH" or "postgres://..."). On failure returns a
 * negative err and writes a message (without the password) to err. */
int db_open(const char *url, const struct db_options *opt, struct db **out, char *err,
	    size_t errlen);
/* How many migrations db_open applied (with opt->migrate). */
int db_migrations_applied(const struct db *db);
/* Stop the writers after the queue is drained, close every connection. */
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);

typedef int (*db_work_fn)(struct db_conn *c, void *ctx);

int db_read(struct db *db, db_work_fn fn, void *ctx);

struct db_job {
	db_work_fn fn;
	void *ctx;
	void (*done)(struct db_job *job); /* called on a writer thread */
	int rc;				  /* fn's result, or the commit's failure */
	/* fn may run again from its start, on a fresh connection, after the
	 * connection broke mid-transaction (it resets whatever it sets). */
	bool rerun;
	struct db_job *next; /* private to db.c */
	uint64_t queued_ns;  /* private to db.c */
};

void db_submit(struct db *db, struct db_job *job);

/*
 * Work deferred to the end of a writer's transaction, for what must take a
 * contended lock as late as possible (the audit chain's head): the writer
 * calls before_commit() once, after every job of the batch has run and just
 * before COMMIT (its failure fails the batch as a commit failure would),
 * and keeps the hook's state in step with the jobs' savepoints: mark() as
 * a job starts, rewind(state, mark) when the job is undone, clear() after
 * every commit or rollback. free() when the connection closes. One hook
 * per connection, set by its first user (state NULL until then).
 */
struct db_tx_hook {
	int (*before_commit)(struct db_conn *c, void *state);
	size_t (*mark)(void *state);
	void (*rewind)(void *state, size_t mark);
	void (*clear)(void *state);
	void (*free)(void *state);
	void *state;
};
/* The hook of c while c runs a writer's batch; NULL on a reader, or
 * outside a batch (the work must then be done at once). */
struct db_tx_hook *db_tx_hook(struct db_conn *c);
int db_write(struct db *db, db_work_fn fn, void *ctx);

/* Refresh the planner's statistics (ANALYZE) after a bulk load, so
 * PostgreSQL does not keep plans made for empty tables. Runs as a write
 * job; cheap on PostgreSQL (it samples), a full index scan on SQLite. */
int db_analyze(struct db *db);

/* Whether the store can take work now, for /readyz: ERR_OK or
 * ERR_UNAVAILABLE (PostgreSQL: a reader connection, healed if need be,
 * cannot run SELECT 1). *probe is true when the last write failed for want
 * of the store (or the SQLite file opened read-only) and no write committed
 * since: then only a write (db_probe_write in a write job) can tell. */
int db_ready(struct db *db, bool *probe) __attribute__((warn_unused_result));
/* The driver's probe: a small write that needs new space, undone by the
 * same statements; run it in a write job. */
int db_probe_write(struct db_conn *c) __attribute__((warn_unused_result));

/* Prometheus text for the pool and writer gauges and counters, appended to
 * out; ERR_OK or the first buf_* failure (out is then incomplete). */
int db_metrics(struct db *db, struct buf *out);

#endif
