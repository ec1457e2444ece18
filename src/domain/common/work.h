/*
 * work.h: how a domain operation meets the store.
 *
 * Every operation that reads or writes is a work function: it gets a
 * connection and its context, runs its queries and rules, and returns ERR_OK
 * or a negative enum err (with the problem in its context). The store runs
 * it
 *  - in a read snapshot on a pooled connection, in the calling thread
 *    (work_read), or
 *  - in the group-committed write transaction of a writer thread
 *    (work_submit: done() is called on that thread once the transaction is
 *    durable, or failed; work_write waits for it).
 * A store that cannot take the work (disk full, read-only, locked, the
 * PostgreSQL server gone) fails it with ERR_UNAVAILABLE, whatever fn made of
 * the error, and nothing of it is kept.
 * The layers above the domain (src/api/, src/cli/) hold the store only as an
 * opaque `struct db *` and reach it through these calls: they never see a
 * connection, a query or a database header.
 */
#ifndef TABULA_DOMAIN_WORK_H
#define TABULA_DOMAIN_WORK_H

#include "core/arena.h"

struct db;
struct db_conn;
struct buf;

typedef int (*work_fn)(struct db_conn *c, void *ctx);
/* Called once the write is durable (rc ERR_OK) or failed. */
typedef void (*work_done_fn)(void *arg, int rc);

/* Run fn on a reader connection now; fn's result. */
int work_read(struct db *db, work_fn fn, void *ctx) __attribute__((warn_unused_result));

/* Queue fn for the group commit; done(arg, rc) follows on a writer thread.
 * The job's bookkeeping lives in arena a (it must outlive done), or, when a
 * is NULL, in the heap (freed after done). ERR_NOMEM if it cannot be
 * queued: then done is never called. */
int work_submit(struct db *db, struct arena *a, work_fn fn, void *ctx, work_done_fn done, void *arg)
	__attribute__((warn_unused_result));

/* work_submit for a fn that may run again from its start: when the
 * connection breaks mid-transaction (PostgreSQL restarted), the store runs
 * it once more on a fresh connection instead of failing it. Only for work
 * that resets every output it sets as it starts. */
int work_submit_rerunnable(struct db *db, struct arena *a, work_fn fn, void *ctx, work_done_fn done,
			   void *arg) __attribute__((warn_unused_result));

/* Whether the store can take work now (GET /readyz): ERR_OK or
 * ERR_UNAVAILABLE (PostgreSQL cannot be reached). *probe is true when the
 * last write failed for want of the store (disk full, read-only) and none
 * has committed since: then a write of work_probe_tx must decide. */
int work_ready(struct db *db, bool *probe) __attribute__((warn_unused_result));

/* A small write that needs new space and leaves nothing behind: the probe
 * of /readyz. ctx is unused. When it commits, the store is writable again. */
int work_probe_tx(struct db_conn *c, void *ctx);

/* work_submit and wait for the commit: fn's result or the commit's failure.
 * For the command line and tests; never on a server thread. */
int work_write(struct db *db, work_fn fn, void *ctx) __attribute__((warn_unused_result));

/* The store's gauges and counters, as Prometheus text (db_metrics). */
int work_metrics(struct db *db, struct buf *out);

#endif
