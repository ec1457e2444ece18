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

/* work_submit and wait for the commit: fn's result or the commit's failure.
 * For the command line and tests; never on a server thread. */
int work_write(struct db *db, work_fn fn, void *ctx) __attribute__((warn_unused_result));

/* The store's gauges and counters, as Prometheus text (db_metrics). */
int work_metrics(struct db *db, struct buf *out);

#endif
