/*
 * driver.h: what a storage backend implements (curl's backend-table habit).
 * db.c owns pooling, writers and group commit; a driver only talks to its
 * engine. Internal to src/db/.
 */
#ifndef TABULA_DB_DRIVER_H
#define TABULA_DB_DRIVER_H

#include "db/conn.h"

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
	void (*done)(struct db_res *res);
	/* Text for a migration macro such as {{pk}}; NULL if unknown. */
	const char *(*macro)(const char *name);
	/* Begin a write transaction (SQLite: BEGIN IMMEDIATE). */
	const char *begin_write;
};

/* Every driver's connection starts with this. */
struct db_conn {
	const struct db_driver *drv;
	struct db_conn *next_free; /* pool link, owned by db.c */
	char errmsg[256];
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pgsql_driver;

/* The statement with each '?' outside quotes ('...' strings, "..."
 * identifiers) rewritten to $1, $2 ... in order, as PostgreSQL wants them;
 * a new malloc'd string, or NULL when memory runs out. */
char *db_pg_placeholders(const char *sql);

/* Store a message in c->errmsg. */
void db_conn_error(struct db_conn *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
