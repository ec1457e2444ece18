/*
 * pgsql.c: the PostgreSQL backend, through libpq.
 *
 * Each connection prepares a statement the first time it is used, under the
 * name "q<index>", from a copy of the query text with '?' rewritten to $n
 * (made once per process). Parameters and results travel in text format.
 * A connection that breaks is never reset where it broke: its statements
 * fail with ERR_UNAVAILABLE (so a transaction fails as a whole), and db.c
 * asks the driver to heal it between transactions (pg_heal), which
 * reconnects, sets the session up again and forgets the prepared
 * statements.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/driver.h"

#include <libpq-fe.h>
#include <pthread.h>

struct pg_conn {
	struct db_conn base;
	PGconn *pg;
	/* The write transaction's id, from BEGIN (pg_begin_write), so that a
	 * COMMIT whose answer was lost can be looked up (pg_committed). */
	char xid[24];
	unsigned char prepared[Q__COUNT];
};

static char *pg_sql[Q__COUNT];
static pthread_once_t pg_sql_once = PTHREAD_ONCE_INIT;

static void pg_sql_init(void)
{
	for (int i = 0; i < Q__COUNT; i++)
		pg_sql[i] = db_pg_placeholders(query_sql[i]);
}

static void pg_notice(void *arg, const char *message)
{
	UNUSED(arg);
	log_debug("pgsql: %s", message);
}

int db_pg_classify(const char *sqlstate, bool conn_bad)
{
	if (conn_bad)
		return ERR_UNAVAILABLE; /* whatever the statement said, its session is gone */
	if (!sqlstate)
		return ERR_DB;
	if (!strcmp(sqlstate, "23505"))
		return ERR_CONFLICT;
	if (!strncmp(sqlstate, "23", 2))
		return ERR_INVALID;
	if (!strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01"))
		return ERR_RETRY; /* serialization failure, deadlock: run it again */
	if (!strcmp(sqlstate, "40003"))
		return ERR_UNAVAILABLE; /* statement completion unknown */
	if (!strncmp(sqlstate, "08", 2))
		return ERR_UNAVAILABLE; /* connection exception */
	if (!strncmp(sqlstate, "57P", 3))
		return ERR_UNAVAILABLE; /* admin or crash shutdown, starting up, ... */
	if (!strcmp(sqlstate, "53100") || !strcmp(sqlstate, "53300"))
		return ERR_UNAVAILABLE; /* disk full, too many connections */
	if (!strcmp(sqlstate, "25006"))
		return ERR_UNAVAILABLE; /* read-only transaction: a standby */
	if (!strcmp(sqlstate, "58030"))
		return ERR_UNAVAILABLE; /* I/O error on the server */
	if (!strncmp(sqlstate, "53", 2))
		return ERR_NOMEM;
	return ERR_DB;
}

/* Map a failed result to an err, keeping the message on the connection. */
static int pg_err(struct pg_conn *c, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg);
	if (!msg || !*msg)
		msg = PQerrorMessage(c->pg);
	db_conn_error(&c->base, "pgsql: %s%s%s", state ? state : "", state ? " " : "",
		      msg ? msg : "");
	size_t len = strlen(c->base.errmsg);
	while (len && (c->base.errmsg[len - 1] == '\n'))
		c->base.errmsg[--len] = '\0';
	int e = db_pg_classify(state, PQstatus(c->pg) != CONNECTION_OK);
	if (e == ERR_UNAVAILABLE)
		c->base.fault = ERR_UNAVAILABLE;
	return e;
}

/* A statement on a broken connection fails at once: resetting here could
 * be in the middle of a transaction, whose earlier statements died with the
 * old session; the next statements would then run outside it. */
static int pg_usable(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return ERR_OK;
	db_conn_error(&c->base, "pgsql: the connection is broken: %s", PQerrorMessage(c->pg));
	c->base.fault = ERR_UNAVAILABLE;
	return ERR_UNAVAILABLE;
}

/* What every session needs, on connect and after a reset. Plan every
 * execution with its parameters: a generic plan cached while a table was
 * small (a new database, before autovacuum analyses it) would otherwise
 * scan that table whole for the connection's life. */
static const char pg_session_setup[] =
	"SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan";

/* BEGIN, and the transaction's id in the same round trip. */
static const char pg_begin_write[] = "BEGIN; SELECT txid_current()";

static int pg_exec_script(struct db_conn *base, const char *sql)
{
	struct pg_conn *c = (struct pg_conn *)base;
	int rc = pg_usable(c);
	if (rc)
		return rc;
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType st = PQresultStatus(r);
	rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? ERR_OK : pg_err(c, r);
	if (sql == pg_begin_write) {
		c->xid[0] = '\0';
		if (rc == ERR_OK && PQntuples(r) == 1)
			snprintf(c->xid, sizeof(c->xid), "%s", PQgetvalue(r, 0, 0));
	}
	PQclear(r);
	return rc;
}

/* On a fresh session: did the transaction of the lost COMMIT commit? */
static bool pg_committed(struct db_conn *base)
{
	struct pg_conn *c = (struct pg_conn *)base;
	if (!c->xid[0] || PQstatus(c->pg) != CONNECTION_OK)
		return false;
	const char *values[] = {c->xid};
	PGresult *r = PQexecParams(c->pg, "SELECT txid_status($1::bigint)", 1, NULL, values, NULL,
				   NULL, 0);
	bool yes = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		   !strcmp(PQgetvalue(r, 0, 0), "committed");
	PQclear(r);
	return yes;
}

/* Between transactions only (db.c): read what the server sent while the
 * connection was idle, so that a session the server ended (a restart, an
 * administrator) shows as broken, then replace a broken one. */
static int pg_heal(struct db_conn *base)
{
	struct pg_conn *c = (struct pg_conn *)base;
	if (PQstatus(c->pg) == CONNECTION_OK && PQconsumeInput(c->pg) &&
	    PQstatus(c->pg) == CONNECTION_OK) {
		/* Nothing is pending between transactions: a result now is the
		 * server's farewell (57P01 ...) before it closes the session. */
		bool farewell = false;
		PGresult *r;
		while (!PQisBusy(c->pg) && (r = PQgetResult(c->pg))) {
			farewell = true;
			PQclear(r);
		}
		if (!farewell && PQtransactionStatus(c->pg) == PQTRANS_IDLE)
			return ERR_OK;
		/* A transaction left open would swallow the next one: end it. */
		if (!farewell) {
			PGresult *end = PQexec(c->pg, "ROLLBACK");
			PQclear(end);
			if (PQstatus(c->pg) == CONNECTION_OK &&
			    PQtransactionStatus(c->pg) == PQTRANS_IDLE)
				return ERR_OK;
		}
	}
	PQreset(c->pg);
	memset(c->prepared, 0, sizeof(c->prepared));
	if (PQstatus(c->pg) != CONNECTION_OK) {
		db_conn_error(&c->base, "pgsql: cannot reconnect: %s", PQerrorMessage(c->pg));
		size_t len = strlen(c->base.errmsg);
		while (len && c->base.errmsg[len - 1] == '\n')
			c->base.errmsg[--len] = '\0';
		return ERR_UNAVAILABLE;
	}
	log_info("pgsql: reconnected after the connection broke");
	int rc = pg_exec_script(base, pg_session_setup);
	return rc ? ERR_UNAVAILABLE : ERR_OK;
}

static bool pg_broken(struct db_conn *base)
{
	return PQstatus(((struct pg_conn *)base)->pg) != CONNECTION_OK;
}

static void pg_disconnect(struct db_conn *base)
{
	struct pg_conn *c = (struct pg_conn *)base;
	if (!c)
		return;
	PQfinish(c->pg);
	free(c);
}

static int pg_connect(const char *url, bool writer, struct db_conn **out, char *err, size_t errlen)
{
	UNUSED(writer);
	pthread_once(&pg_sql_once, pg_sql_init);
	for (int i = 0; i < Q__COUNT; i++)
		if (!pg_sql[i])
			return ERR_NOMEM;
	struct pg_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return ERR_NOMEM;
	c->base.drv = &db_pgsql_driver;
	c->pg = PQconnectdb(url);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		/* libpq's message names host and port, never the password. */
		snprintf(err, errlen, "pgsql: cannot connect: %s",
			 c->pg ? PQerrorMessage(c->pg) : "out of memory");
		size_t len = strlen(err);
		while (len && err[len - 1] == '\n')
			err[--len] = '\0';
		pg_disconnect(&c->base);
		return ERR_IO;
	}
	PQsetNoticeProcessor(c->pg, pg_notice, NULL);
	PQsetClientEncoding(c->pg, "UTF8");
	int rc = pg_exec_script(&c->base, pg_session_setup);
	if (rc) {
		snprintf(err, errlen, "%s", c->base.errmsg);
		pg_disconnect(&c->base);
		return rc;
	}
	*out = &c->base;
	return ERR_OK;
}

static int pg_query(struct db_conn *base, enum query_id q, const struct db_val *params, size_t n,
		    struct db_res *res)
{
	struct pg_conn *c = (struct pg_conn *)base;
	int rc = pg_usable(c);
	if (rc)
		return rc;
	char name[16];
	snprintf(name, sizeof(name), "q%d", (int)q);
	if (!c->prepared[q]) {
		PGresult *r = PQprepare(c->pg, name, pg_sql[q], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = pg_err(c, r);
			PQclear(r);
			log_error("pgsql: prepare %s failed: %s", query_name[q], c->base.errmsg);
			return rc == ERR_CONFLICT ? ERR_DB : rc;
		}
		PQclear(r);
		c->prepared[q] = 1;
	}
	/* Text-format parameters: NUL-terminated copies in one block; a blob
	 * is sent as it is, in binary format (bytea's own bytes, no escaping). */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += params[i].type == DB_TEXT ? params[i].len + 1 : 24;
	char *block = malloc(total + 1);
	const char **values = calloc(n ? n : 1, sizeof(*values));
	int *lengths = calloc(n ? n : 1, sizeof(*lengths));
	int *formats = calloc(n ? n : 1, sizeof(*formats));
	if (!block || !values || !lengths || !formats) {
		free(block);
		free(values);
		free(lengths);
		free(formats);
		return ERR_NOMEM;
	}
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		switch (params[i].type) {
		case DB_INT:
			values[i] = block + off;
			off += (size_t)snprintf(block + off, 24, "%" PRId64, params[i].i) + 1;
			break;
		case DB_TEXT:
			values[i] = block + off;
			memcpy(block + off, params[i].s, params[i].len);
			block[off + params[i].len] = '\0';
			off += params[i].len + 1;
			break;
		case DB_BLOB:
			values[i] = params[i].s ? params[i].s : "";
			lengths[i] = (int)params[i].len;
			formats[i] = 1;
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	PGresult *r = PQexecPrepared(c->pg, name, (int)n, values, lengths, formats, 0);
	free(lengths);
	free(formats);
	free(block);
	free(values);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		rc = pg_err(c, r);
		PQclear(r);
		return rc;
	}
	res->impl = r;
	res->nrows = PQntuples(r);
	res->row = -1;
	const char *tuples = PQcmdTuples(r);
	res->changes = tuples && *tuples ? (int)strtol(tuples, NULL, 10) : 0;
	return ERR_OK;
}

static int pg_next(struct db_res *res)
{
	if (!res->impl)
		return 0;
	if (res->row + 1 >= res->nrows) {
		res->row = res->nrows;
		return 0;
	}
	res->row++;
	return 1;
}

static int64_t pg_col_int(struct db_res *res, int col)
{
	const char *v = PQgetvalue(res->impl, res->row, col);
	if (v[0] == 't' && !v[1]) /* a boolean column */
		return 1;
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_res *res, int col, size_t *len)
{
	const char *v = PQgetvalue(res->impl, res->row, col);
	if (len)
		*len = (size_t)PQgetlength(res->impl, res->row, col);
	return v ? v : "";
}

static int hex_nibble(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Results come in text format: bytea reads as "\\x" and two hex digits a
 * byte (PostgreSQL's default bytea_output since 9.0), decoded here. */
static const void *pg_col_blob(struct db_res *res, int col, struct arena *a, size_t *len)
{
	const char *v = PQgetvalue(res->impl, res->row, col);
	size_t n = (size_t)PQgetlength(res->impl, res->row, col);
	*len = 0;
	if (n >= 2 && v[0] == '\\' && v[1] == 'x') {
		v += 2;
		n -= 2;
	} else {
		n = 0;
	}
	uint8_t *out = arena_alloc(a, n / 2 ? n / 2 : 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i + 1 < n; i += 2) {
		int hi = hex_nibble(v[i]), lo = hex_nibble(v[i + 1]);
		if (hi < 0 || lo < 0)
			break;
		out[(*len)++] = (uint8_t)(hi << 4 | lo);
	}
	return out;
}

static bool pg_col_null(struct db_res *res, int col)
{
	return PQgetisnull(res->impl, res->row, col);
}

static void pg_done(struct db_res *res)
{
	if (res->impl)
		PQclear(res->impl);
	res->impl = NULL;
}

static const char *pg_macro(const char *name)
{
	if (!strcmp(name, "pk"))
		return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	if (!strcmp(name, "bigint"))
		return "BIGINT";
	if (!strcmp(name, "blob"))
		return "BYTEA";
	if (!strcmp(name, "without_rowid"))
		return "";
	if (!strcmp(name, "collate_c"))
		return "COLLATE \"C\"";
	return NULL;
}

const struct db_driver db_pgsql_driver = {
	.name = "pgsql",
	.kind = DB_PGSQL,
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec_script = pg_exec_script,
	.query = pg_query,
	.next = pg_next,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.col_blob = pg_col_blob,
	.done = pg_done,
	.macro = pg_macro,
	.begin_write = pg_begin_write,
	.heal = pg_heal,
	.broken = pg_broken,
	.committed = pg_committed,
	/* 16 KiB of digits that compress poorly, so a full disk refuses it. */
	.probe_write = "INSERT INTO store_probe (filler) SELECT string_agg(md5(i::text), '') "
		       "FROM generate_series(1, 512) AS i;"
		       "DELETE FROM store_probe",
};
