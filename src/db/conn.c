/*
 * conn.c: statements on one connection, over its driver (driver.h): run,
 * step, read columns, finish. db.c (pool, writers) and migrate.c build on
 * it; neither is needed here.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/driver.h"

void db_conn_error(struct db_conn *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
}

const char *db_errmsg(struct db_conn *c)
{
	return c->errmsg;
}

enum db_kind db_conn_kind(const struct db_conn *c)
{
	return c->drv->kind;
}

int db_query(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
	     struct db_res *res)
{
	memset(res, 0, sizeof(*res));
	res->conn = c;
	return c->drv->query(c, q, params, n, res);
}

int db_next(struct db_res *res)
{
	return res->conn->drv->next(res);
}

int64_t db_int(struct db_res *res, int col)
{
	return res->conn->drv->col_int(res, col);
}

const char *db_text(struct db_res *res, int col, size_t *len)
{
	return res->conn->drv->col_text(res, col, len);
}

bool db_null(struct db_res *res, int col)
{
	return res->conn->drv->col_null(res, col);
}

void db_done(struct db_res *res)
{
	if (res->conn)
		res->conn->drv->done(res);
}

int db_exec(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n, int *changes)
{
	struct db_res res;
	int rc = db_query(c, q, params, n, &res);
	if (rc == ERR_OK) {
		int step;
		while ((step = db_next(&res)) == 1)
			;
		if (step < 0)
			rc = step;
	}
	if (changes)
		*changes = res.changes;
	db_done(&res);
	return rc;
}

int db_row(struct db_conn *c, enum query_id q, const struct db_val *params, size_t n,
	   struct db_res *res)
{
	int rc = db_query(c, q, params, n, res);
	if (rc == ERR_OK) {
		int step = db_next(res);
		if (step == 1)
			return ERR_OK;
		rc = step == 0 ? ERR_NOTFOUND : step;
	}
	db_done(res);
	return rc;
}

const char *db_dup(struct db_res *res, int col, struct arena *a)
{
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

const char *db_dup_or_null(struct db_res *res, int col, struct arena *a, bool *nomem)
{
	if (db_null(res, col))
		return NULL;
	const char *s = db_dup(res, col, a);
	if (!s)
		*nomem = true;
	return s;
}

const void *db_blob(struct db_res *res, int col, struct arena *a, size_t *len)
{
	return res->conn->drv->col_blob(res, col, a, len);
}

int64_t db_int0(struct db_res *res, int col)
{
	return db_null(res, col) ? 0 : db_int(res, col);
}
