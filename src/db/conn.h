/*
 * conn.h: statements on one connection (conn.c). Every statement lives in
 * sql/queries/ under a name and is referred to by its enum query_id
 * (Q_ORG_INSERT ...); parameters are written '?' and rewritten to $n for
 * PostgreSQL by the driver. Columns are read by the names generated from
 * the queries (COL_*), never by a bare number.
 */
#ifndef TABULA_DB_CONN_H
#define TABULA_DB_CONN_H

#include "queries.h"

struct db_conn;

enum db_kind { DB_SQLITE, DB_PGSQL };

enum db_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB };

struct db_val {
	enum db_type type;
	int64_t i;
	const char *s; /* DB_TEXT: need not be NUL-terminated; DB_BLOB: bytes */
	size_t len;
};

#define DBV_NULL	((struct db_val){.type = DB_NULL})
#define DBV_INT(x)	((struct db_val){.type = DB_INT, .i = (int64_t)(x)})
#define DBV_TEXT(x)	((struct db_val){.type = DB_TEXT, .s = (x), .len = strlen(x)})
#define DBV_TEXTN(x, n) ((struct db_val){.type = DB_TEXT, .s = (x), .len = (n)})
/* Bytes for a BLOB (SQLite) or bytea (PostgreSQL, sent in binary format). */
#define DBV_BLOB(x, n) ((struct db_val){.type = DB_BLOB, .s = (const char *)(x), .len = (n)})
/* A text value that may be NULL. */
static inline struct db_val dbv_text_or_null(const char *s)
{
	return s ? DBV_TEXT(s) : DBV_NULL;
}

/* A result cursor; lives on the caller's stack. */
struct db_res {
	struct db_conn *conn;
	void *impl;  /* sqlite3_stmt* or PGresult* */
	int row;     /* PostgreSQL: current row */
	int nrows;   /* PostgreSQL: rows in the result */
	int changes; /* rows changed by the statement, once finished */
};

/* Run a statement; then step rows with db_next and end with db_done. */
int db_query(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
	     struct db_res *res);
/* 1: a row is ready; 0: no more rows; negative: an error. */
int db_next(struct db_res *res);
int64_t db_int(struct db_res *res, int col);
/* Text valid until the next db_next/db_done; never NULL (NULL reads as ""). */
const char *db_text(struct db_res *res, int col, size_t *len);
bool db_null(struct db_res *res, int col);
/* The column's text copied into arena a (NULL only if a is exhausted; a
 * NULL column reads as ""). */
struct arena;
const char *db_dup(struct db_res *res, int col, struct arena *a);
/* The column's text copied into arena a, or NULL for a NULL column;
 * *nomem is set (and NULL returned) when a is exhausted. */
const char *db_dup_or_null(struct db_res *res, int col, struct arena *a, bool *nomem);
/* The bytes of a BLOB / bytea column copied into arena a, their number
 * in *len; NULL only if a is exhausted (a NULL column reads as no bytes). */
const void *db_blob(struct db_res *res, int col, struct arena *a, size_t *len);
/* The column's integer, or 0 when it is NULL. */
int64_t db_int0(struct db_res *res, int col);
void db_done(struct db_res *res);

/* Run a statement that returns no rows; *changes (may be NULL) gets the
 * number of rows it changed. */
int db_exec(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
	    int *changes);
/* Run a statement expected to return one row and leave the cursor on it:
 * ERR_OK (call db_done after reading), ERR_NOTFOUND (already done), or an
 * error (already done). */
int db_row(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
	   struct db_res *res);

/* The last error message on this connection (for logs, never for clients). */
const char *db_errmsg(struct db_conn *c);
enum db_kind db_conn_kind(const struct db_conn *c);

#endif
