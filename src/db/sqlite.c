/*
 * sqlite.c: the SQLite backend.
 *
 * One writer connection (WAL, synchronous=FULL) and reader connections with
 * query_only set. Statements are prepared on first use with
 * SQLITE_PREPARE_PERSISTENT and kept for the life of the connection.
 * Connections are opened NOMUTEX: db.c hands each to one thread at a time.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/failalloc.h"
#include "core/log.h"
#include "db/driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#define SQLITE_CONTROL_CACHE 8

struct sqlite_conn {
	struct db_conn base;
	sqlite3 *db;
	bool writer;
	sqlite3_stmt *stmts[Q__COUNT];
	/* Transaction control (BEGIN, SAVEPOINT ...) prepared once: db.c passes
	 * the same literal each time, so the pointer is the key. */
	const char *control_sql[SQLITE_CONTROL_CACHE];
	sqlite3_stmt *control[SQLITE_CONTROL_CACHE];
};

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Before any other SQLite call: SQLite's memory statistics take a global
 * lock on every allocation, which the writer and the readers then fight
 * over (a third of the writer's time in the benchmarks). */
#ifdef TABULA_FAILALLOC
/* The test build counts SQLite's allocations too (core/failalloc.h). Each
 * block carries its size in front, as SQLite's own allocator does where
 * malloc_usable_size is missing; 8 bytes keep the 8-byte alignment. */
static void *fa_sqlite_malloc(int n)
{
	int64_t *p = failalloc_malloc((size_t)n + 8);
	if (!p)
		return NULL;
	p[0] = n;
	return p + 1;
}

static void fa_sqlite_free(void *p)
{
	if (p)
		free((int64_t *)p - 1);
}

static void *fa_sqlite_realloc(void *p, int n)
{
	int64_t *q = failalloc_realloc((int64_t *)p - 1, (size_t)n + 8);
	if (!q)
		return NULL;
	q[0] = n;
	return q + 1;
}

static int fa_sqlite_size(void *p)
{
	return p ? (int)((int64_t *)p)[-1] : 0;
}

static int fa_sqlite_roundup(int n)
{
	return (n + 7) & ~7;
}

static int fa_sqlite_init(void *arg)
{
	UNUSED(arg);
	return SQLITE_OK;
}

static void fa_sqlite_shutdown(void *arg)
{
	UNUSED(arg);
}

static const sqlite3_mem_methods fa_sqlite_mem = {
	fa_sqlite_malloc,  fa_sqlite_free, fa_sqlite_realloc,  fa_sqlite_size,
	fa_sqlite_roundup, fa_sqlite_init, fa_sqlite_shutdown, NULL,
};
#endif

static void sqlite_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifdef TABULA_FAILALLOC
	sqlite3_config(SQLITE_CONFIG_MALLOC, &fa_sqlite_mem);
#endif
}

int db_sqlite_classify(int rc, int extended)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		if (extended == SQLITE_CONSTRAINT_UNIQUE ||
		    extended == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ERR_CONFLICT;
		return ERR_INVALID;
	case SQLITE_NOMEM:
		return ERR_NOMEM;
	case SQLITE_IOERR:
		return extended == SQLITE_IOERR_NOMEM ? ERR_NOMEM : ERR_UNAVAILABLE;
	case SQLITE_FULL:     /* the disk (or max_page_count) */
	case SQLITE_READONLY: /* file, directory or file system */
	case SQLITE_CANTOPEN: /* a journal, WAL or -shm cannot be made */
	case SQLITE_PERM:     /* the file system refused access */
	case SQLITE_BUSY:     /* locked by another process past the busy timeout */
	case SQLITE_LOCKED:   /* locked by another connection */
	case SQLITE_PROTOCOL: /* the WAL locks kept failing */
		return ERR_UNAVAILABLE;
	default:
		return ERR_DB;
	}
}

static int sqlite_err(struct sqlite_conn *c, int rc)
{
	db_conn_error(&c->base, "sqlite: %s", sqlite3_errmsg(c->db));
	int e = db_sqlite_classify(rc, sqlite3_extended_errcode(c->db));
	/* A reader is query_only: a write there is a bug, not the store. */
	if (!c->writer && (rc & 0xff) == SQLITE_READONLY)
		e = ERR_DB;
	if (e == ERR_UNAVAILABLE)
		c->base.fault = ERR_UNAVAILABLE;
	return e;
}

/* A single statement of transaction control, from the per-connection cache;
 * NULL if it is not cacheable (several statements) or the cache is full. */
static sqlite3_stmt *control_stmt(struct sqlite_conn *c, const char *sql)
{
	if (strchr(sql, ';'))
		return NULL;
	for (int i = 0; i < SQLITE_CONTROL_CACHE; i++) {
		if (c->control_sql[i] == sql)
			return c->control[i];
		if (!c->control_sql[i]) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
					       NULL) != SQLITE_OK)
				return NULL;
			c->control_sql[i] = sql;
			c->control[i] = st;
			return st;
		}
	}
	return NULL;
}

static int sqlite_exec_script(struct db_conn *base, const char *sql)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	sqlite3_stmt *st = control_stmt(c, sql);
	int rc;
	if (st) {
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE || rc == SQLITE_ROW)
			return ERR_OK;
		return sqlite_err(c, rc);
	}
	rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? ERR_OK : sqlite_err(c, rc);
}

static void sqlite_disconnect(struct db_conn *base)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	if (!c)
		return;
	for (int i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
	for (int i = 0; i < SQLITE_CONTROL_CACHE; i++)
		sqlite3_finalize(c->control[i]);
	sqlite3_close_v2(c->db);
	free(c);
}

/* Whether the database file (once open on db) and its directory, where the
 * WAL, -shm and journals go, can be written. */
static bool writable(const char *path, sqlite3 *db)
{
	if (sqlite3_db_readonly(db, "main") == 1 || access(path, W_OK))
		return false;
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		return !access(".", W_OK);
	size_t len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= sizeof(dir))
		return true; /* cannot tell; the first write will */
	memcpy(dir, path, len);
	dir[len] = '\0';
	return !access(dir, W_OK);
}

static int sqlite_connect(const char *url, bool writer, struct db_conn **out, char *err,
			  size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_global_init);
	const char *path = url + strlen("sqlite:");
	if (!strncmp(path, "//", 2))
		path += 2;
	if (!*path) {
		snprintf(err, errlen, "sqlite: URL names no file");
		return ERR_INVALID;
	}
	struct sqlite_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return ERR_NOMEM;
	c->base.drv = &db_sqlite_driver;
	c->writer = writer;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot open %s: %s", path,
			 c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite_disconnect(&c->base);
		return ERR_IO;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, 5000);
	if (writer && !writable(path, c->db)) {
		log_warn("sqlite: %s or its directory is read-only: reads are served, every write "
			 "will answer 503 store_unavailable until it is writable",
			 path);
		c->base.readonly = true;
	}
	/* The writer keeps statement journals in (OS-cached) files: in memory,
	 * every statement inside a savepoint walks the whole in-memory journal,
	 * which made large batches quadratic. */
	/* A read-only file keeps its journal mode: changing it is a write. */
	const char *setup = writer && !c->base.readonly ? "PRAGMA journal_mode=WAL;"
							  "PRAGMA synchronous=FULL;"
							  "PRAGMA foreign_keys=ON;"
							  "PRAGMA cache_size=-65536;"
							  "PRAGMA temp_store=FILE;"
							  "PRAGMA wal_autocheckpoint=10000;"
							: "PRAGMA foreign_keys=ON;"
							  "PRAGMA cache_size=-32768;"
							  "PRAGMA temp_store=MEMORY;"
							  "PRAGMA query_only=1;";
	rc = sqlite3_exec(c->db, setup, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot set up %s: %s", path, sqlite3_errmsg(c->db));
		sqlite_disconnect(&c->base);
		return ERR_IO;
	}
	*out = &c->base;
	return ERR_OK;
}

static int sqlite_bind(struct sqlite_conn *c, sqlite3_stmt *st, const struct db_val *params,
		       size_t n)
{
	if ((int)n != sqlite3_bind_parameter_count(st)) {
		db_conn_error(&c->base, "sqlite: statement wants %d parameters, got %zu",
			      sqlite3_bind_parameter_count(st), n);
		return ERR_INTERNAL;
	}
	for (size_t i = 0; i < n; i++) {
		int idx = (int)i + 1, rc;
		switch (params[i].type) {
		case DB_INT:
			rc = sqlite3_bind_int64(st, idx, params[i].i);
			break;
		case DB_TEXT:
			rc = sqlite3_bind_text(st, idx, params[i].s, (int)params[i].len,
					       SQLITE_STATIC);
			break;
		case DB_BLOB:
			/* A NULL pointer would bind NULL: an empty blob is "". */
			rc = sqlite3_bind_blob64(st, idx, params[i].s ? params[i].s : "",
						 params[i].len, SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(st, idx);
			break;
		}
		if (rc != SQLITE_OK)
			return sqlite_err(c, rc);
	}
	return ERR_OK;
}

static int sqlite_query(struct db_conn *base, enum query_id q, const struct db_val *params,
			size_t n, struct db_res *res)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	sqlite3_stmt *st = c->stmts[q];
	if (!st) {
		int rc = sqlite3_prepare_v3(c->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &st,
					    NULL);
		if (rc != SQLITE_OK) {
			int e = sqlite_err(c, rc);
			db_conn_error(base, "sqlite: prepare %s: %s", query_name[q],
				      sqlite3_errmsg(c->db));
			return e == ERR_CONFLICT ? ERR_DB : e;
		}
		c->stmts[q] = st;
	}
	int rc = sqlite_bind(c, st, params, n);
	if (rc) {
		sqlite3_clear_bindings(st);
		return rc;
	}
	res->impl = st;
	return ERR_OK;
}

static int sqlite_next(struct db_res *res)
{
	sqlite3_stmt *st = res->impl;
	if (!st)
		return 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	struct sqlite_conn *c = (struct sqlite_conn *)res->conn;
	if (rc == SQLITE_DONE) {
		res->changes = sqlite3_changes(c->db);
		return 0;
	}
	rc = sqlite_err(c, rc);
	sqlite3_reset(st);
	return rc;
}

static int64_t sqlite_col_int(struct db_res *res, int col)
{
	return sqlite3_column_int64(res->impl, col);
}

static const char *sqlite_col_text(struct db_res *res, int col, size_t *len)
{
	const unsigned char *s = sqlite3_column_text(res->impl, col);
	if (len)
		*len = s ? (size_t)sqlite3_column_bytes(res->impl, col) : 0;
	return s ? (const char *)s : "";
}

static const void *sqlite_col_blob(struct db_res *res, int col, struct arena *a, size_t *len)
{
	const void *p = sqlite3_column_blob(res->impl, col);
	*len = p ? (size_t)sqlite3_column_bytes(res->impl, col) : 0;
	void *copy = arena_alloc(a, *len ? *len : 1);
	if (copy && *len)
		memcpy(copy, p, *len);
	return copy;
}

static bool sqlite_col_null(struct db_res *res, int col)
{
	return sqlite3_column_type(res->impl, col) == SQLITE_NULL;
}

static void sqlite_done(struct db_res *res)
{
	if (res->impl) {
		sqlite3_reset(res->impl);
		sqlite3_clear_bindings(res->impl);
		res->impl = NULL;
	}
}

static const char *sqlite_macro(const char *name)
{
	if (!strcmp(name, "pk"))
		return "INTEGER PRIMARY KEY";
	if (!strcmp(name, "bigint"))
		return "INTEGER";
	if (!strcmp(name, "blob"))
		return "BLOB";
	if (!strcmp(name, "without_rowid"))
		return "WITHOUT ROWID";
	if (!strcmp(name, "collate_c"))
		return "";
	return NULL;
}

const struct db_driver db_sqlite_driver = {
	.name = "sqlite",
	.kind = DB_SQLITE,
	.connect = sqlite_connect,
	.disconnect = sqlite_disconnect,
	.exec_script = sqlite_exec_script,
	.query = sqlite_query,
	.next = sqlite_next,
	.col_int = sqlite_col_int,
	.col_text = sqlite_col_text,
	.col_null = sqlite_col_null,
	.col_blob = sqlite_col_blob,
	.done = sqlite_done,
	.macro = sqlite_macro,
	.begin_write = "BEGIN IMMEDIATE",
	/* 16 KiB: several pages, so a full disk or file refuses it. */
	.probe_write = "INSERT INTO store_probe (filler) VALUES (zeroblob(16384));"
		       "DELETE FROM store_probe",
};
