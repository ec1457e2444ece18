#include "core/base.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/driver.h"
#include "db/migrate.h"

/* Expand {{name}} macros through the driver. */
static int expand(const struct db_driver *drv, const char *sql, struct buf *out, char *err,
		  size_t errlen)
{
	const char *p = sql;
	for (;;) {
		const char *open = strstr(p, "{{");
		if (!open)
			return buf_puts(out, p);
		const char *close = strstr(open, "}}");
		if (!close) {
			snprintf(err, errlen, "unclosed {{ in migration");
			return ERR_INVALID;
		}
		char name[32];
		size_t n = (size_t)(close - open - 2);
		if (n >= sizeof(name)) {
			snprintf(err, errlen, "macro name too long in migration");
			return ERR_INVALID;
		}
		memcpy(name, open + 2, n);
		name[n] = '\0';
		const char *text = drv->macro(name);
		if (!text) {
			snprintf(err, errlen, "unknown macro {{%s}} in migration", name);
			return ERR_INVALID;
		}
		int rc = buf_append(out, p, (size_t)(open - p));
		if (!rc)
			rc = buf_puts(out, text);
		if (rc)
			return rc;
		p = close + 2;
	}
}

static int applied_version(struct db_conn *c, int version, bool *applied)
{
	struct db_res res;
	struct db_val v = DBV_INT(version);
	int rc = db_row(c, Q_MIGRATION_APPLIED, &v, 1, &res);
	*applied = rc == ERR_OK;
	if (rc == ERR_OK)
		db_done(&res);
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

static int apply_one(struct db_conn *c, const struct migration *m, bool *did, char *err,
		     size_t errlen)
{
	const struct db_driver *drv = c->drv;
	struct buf text = BUF_INIT(0), sql = BUF_INIT(0);
	int rc = ERR_OK;
	for (const char *const *line = m->lines; *line && !rc; line++)
		rc = buf_puts(&text, *line);
	if (!rc)
		rc = expand(drv, text.p ? text.p : "", &sql, err, errlen);
	buf_release(&text);
	if (rc) {
		buf_release(&sql);
		return rc;
	}
	*did = false;
	/* Looked up first outside a write transaction, so that a database
	 * that is up to date opens on a read-only file, then again inside it
	 * in case another server applied it meanwhile. */
	bool applied = false;
	rc = applied_version(c, m->version, &applied);
	if (!rc && applied) {
		buf_release(&sql);
		return ERR_OK;
	}
	if (!rc)
		rc = drv->exec_script(c, drv->begin_write);
	if (!rc)
		rc = applied_version(c, m->version, &applied);
	if (!rc && !applied) {
		rc = drv->exec_script(c, sql.p);
		if (!rc) {
			struct db_val v[] = {DBV_INT(m->version), DBV_TEXT(m->title),
					     DBV_INT(time_now_unix())};
			rc = db_exec(c, Q_MIGRATION_RECORD, v, 3, NULL);
		}
		*did = rc == ERR_OK;
	}
	if (!rc)
		rc = drv->exec_script(c, "COMMIT");
	if (rc) {
		snprintf(err, errlen, "migration %04d_%s failed: %s", m->version, m->title,
			 db_errmsg(c));
		drv->exec_script(c, "ROLLBACK");
		*did = false;
	}
	buf_release(&sql);
	return rc;
}

int db_migrate_conn(struct db_conn *c, int *applied, char *err, size_t errlen)
{
	const struct db_driver *drv = c->drv;
	int count = 0;
	int rc = drv->exec_script(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				     " version INTEGER PRIMARY KEY,"
				     " title TEXT NOT NULL,"
				     " applied_at BIGINT NOT NULL)");
	/* Several servers may start at once against one PostgreSQL. */
	bool locked = false;
	if (!rc && drv->kind == DB_PGSQL) {
		rc = drv->exec_script(c, "SELECT pg_advisory_lock(7210001)");
		locked = rc == ERR_OK;
	}
	if (rc)
		snprintf(err, errlen, "cannot prepare migrations: %s", db_errmsg(c));
	for (size_t i = 0; !rc && i < migrations_count; i++) {
		bool did = false;
		rc = apply_one(c, &migrations[i], &did, err, errlen);
		if (did) {
			count++;
			log_info("migrated %04d_%s", migrations[i].version, migrations[i].title);
		}
	}
	if (locked)
		drv->exec_script(c, "SELECT pg_advisory_unlock(7210001)");
	if (applied)
		*applied = count;
	return rc;
}
