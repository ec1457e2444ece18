/*
 * driver.h: what a storage backend implements (curl's backend-table habit).
 * db.c owns pooling, writers and group commit; a driver only talks to its
 * engine. Internal to src/db/.
 */
#ifndef TABULA_DB_DRIVER_H
#define TABULA_DB_DRIVER_H

#include "db/conn.h"
#include "db/db.h"

struct arena;

struct db_driver {
	const char *name;
	enum db_kind kind;
	/* url is the full "sqlite:..." or "postgres://..." string. */
	int (*connect)(const char *url, bool writer, struct db_conn **out, char *err,
		       size_t errlen);
	void (*disconnect)(struct db_conn *c);
	/* Run SQL text without parameters: transaction control, migrations. */
	int (*exec_script)(struct db_conn *c, const char *sql);
	int (*query)(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
		     struct db_res *res);
	int (*next)(struct db_res *res);
	int64_t (*col_int)(struct db_res *res, int col);
	const char *(*col_text)(struct db_res *res, int col, size_t *len);
	bool (*col_null)(struct db_res *res, int col);
	/* A BLOB / bytea column's bytes copied into a (NULL: a is exhausted). */
	const void *(*col_blob)(struct db_res *res, int col, struct arena *a, size_t *len);
	void (*done)(struct db_res *res);
	/* Text for a migration macro such as {{pk}}; NULL if unknown. */
	const char *(*macro)(const char *name);
	/* Begin a write transaction (SQLite: BEGIN IMMEDIATE). */
	const char *begin_write;
	/* Called by db.c only between transactions: find out whether the
	 * connection still works and replace it if not (PostgreSQL: a server
	 * that restarted). ERR_OK, or ERR_UNAVAILABLE when the store cannot be
	 * reached now. NULL: nothing to do (SQLite). */
	int (*heal)(struct db_conn *c);
	/* Whether the connection is broken (its transaction is lost with it),
	 * so that a fresh one could run the work again. NULL: never. */
	bool (*broken)(struct db_conn *c);
	/* After COMMIT failed because the connection broke, and the connection
	 * was healed: whether that transaction committed after all (the server
	 * may end a session between its commit and the answer). NULL: never
	 * known. */
	bool (*committed)(struct db_conn *c);
	/* A small write that needs new space and is undone in the same
	 * statement list: the probe of /readyz once a write failed. */
	const char *probe_write;
};

/* Every driver's connection starts with this. */
struct db_conn {
	const struct db_driver *drv;
	struct db_conn *next_free; /* pool link, owned by db.c */
	/* ERR_UNAVAILABLE once the driver met a failure of the store itself
	 * (disk full, read-only, locked, the server gone) rather than of the
	 * statement: db.c clears it before each unit of work and fails the
	 * whole unit when it is set, whatever the work made of the error. */
	int fault;
	/* The file or its directory cannot be written (SQLite, at connect). */
	bool readonly;
	char errmsg[256];
	/* A writer's connection inside a batch (db.c), and the one hook of
	 * work deferred to its commit (db_tx_hook). */
	bool in_batch;
	struct db_tx_hook hook;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pgsql_driver;

/* The statement with each '?' outside quotes ('...' strings, "..."
 * identifiers) rewritten to $1, $2 ... in order, as PostgreSQL wants them;
 * a new malloc'd string, or NULL when memory runs out. */
char *db_pg_placeholders(const char *sql);

/* The err of an SQLite result code (primary and extended): ERR_UNAVAILABLE
 * for a store that cannot write or be read now (SQLITE_FULL, READONLY,
 * CANTOPEN, IOERR, BUSY and LOCKED past the busy timeout, PROTOCOL),
 * ERR_CONFLICT for a unique key, ERR_INVALID for another constraint,
 * ERR_NOMEM, else ERR_DB. */
int db_sqlite_classify(int rc, int extended);
/* The err of a PostgreSQL SQLSTATE (NULL: none) on a connection that is
 * (conn_bad) or is not broken: ERR_UNAVAILABLE for a server that is gone,
 * shutting down, starting, out of disk, read-only or out of connection
 * slots (classes 08 and 57P, 53100, 53300, 25006, 58030, or any error on a
 * broken connection); ERR_RETRY for a serialization failure or deadlock;
 * ERR_CONFLICT, ERR_INVALID for constraints; ERR_NOMEM for 53200 and the
 * rest of class 53; else ERR_DB. */
int db_pg_classify(const char *sqlstate, bool conn_bad);

/* Store a message in c->errmsg. */
void db_conn_error(struct db_conn *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
