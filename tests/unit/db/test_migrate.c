/* Unit tests of src/db/migrate.c on SQLite: the built list matches
 * sql/migrations/, each migration is applied once and recorded, a failing
 * one is rolled back and reported, and db_open applies them when asked. */
#include "unit.h"

#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/driver.h"
#include "db/migrate.h"

struct fixture {
	char dir[256];
	char url[320];
	struct db_conn *c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	unit_tmpdir(f->dir, sizeof(f->dir));
	snprintf(f->url, sizeof(f->url), "sqlite:%s/migrate.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f->c)
		db_sqlite_driver.disconnect(f->c);
	unit_rmdir(f->dir);
	free(f);
	return 0;
}

static struct db_conn *open_conn(struct fixture *f, bool writer)
{
	struct db_conn *c = NULL;
	char err[256] = "";
	if (db_sqlite_driver.connect(f->url, writer, &c, err, sizeof(err)))
		fail_msg("connect %s: %s", f->url, err);
	return c;
}

/* Is this version recorded in schema_migrations? */
static bool recorded(struct db_conn *c, int version)
{
	struct db_res res;
	struct db_val v = DBV_INT(version);
	int rc = db_row(c, Q_MIGRATION_APPLIED, &v, 1, &res);
	if (rc == ERR_OK) {
		assert_int_equal(db_int(&res, C_MIGRATION_APPLIED__VERSION), version);
		db_done(&res);
	}
	assert_true(rc == ERR_OK || rc == ERR_NOTFOUND);
	return rc == ERR_OK;
}

/* Can the jobs table (migration 0002) be read? */
static int jobs_readable(struct db_conn *c)
{
	struct db_res res;
	struct db_val v = DBV_INT(1);
	return db_row(c, Q_JOB_BY_ID, &v, 1, &res);
}

/* The list is in version order, numbered from 1 without a gap, and is the
 * files of sql/migrations/ (tests run from the repository root). */
UNIT_TEST(test_list)
{
	UNUSED(state);
	assert_true(migrations_count > 0);
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		assert_int_equal(m->version, (int)i + 1);
		assert_non_null(m->title);
		assert_true(m->title[0] != '\0');
		assert_non_null(m->lines);
		assert_non_null(m->lines[0]);
		char path[512];
		snprintf(path, sizeof(path), "sql/migrations/%04d_%s.sql", m->version, m->title);
		if (access("sql/migrations", F_OK) == 0 && access(path, R_OK) != 0)
			fail_msg("%s is in the list but not in sql/migrations", path);
	}
	DIR *d = opendir("sql/migrations");
	if (!d) {
		print_message("sql/migrations not found from here; checked the list only\n");
		return;
	}
	size_t files = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		files +=
			strlen(e->d_name) > 9 && !strcmp(e->d_name + strlen(e->d_name) - 4, ".sql");
	closedir(d);
	assert_int_equal(files, migrations_count);
}

/* A fresh database gets every migration, each recorded; a second run
 * applies none and changes nothing. */
UNIT_TEST_WITH(test_apply_once, setup, teardown)
{
	struct fixture *f = *state;
	f->c = open_conn(f, true);
	char err[256] = "";
	int applied = -1;
	assert_int_equal(db_migrate_conn(f->c, &applied, err, sizeof(err)), ERR_OK);
	assert_int_equal(applied, (int)migrations_count);
	for (size_t i = 0; i < migrations_count; i++)
		assert_true(recorded(f->c, migrations[i].version));
	assert_false(recorded(f->c, migrations[migrations_count - 1].version + 1));
	assert_false(recorded(f->c, 0));
	assert_int_equal(jobs_readable(f->c), ERR_NOTFOUND);

	applied = -1;
	assert_int_equal(db_migrate_conn(f->c, &applied, err, sizeof(err)), ERR_OK);
	assert_int_equal(applied, 0);
	/* applied may be NULL. */
	assert_int_equal(db_migrate_conn(f->c, NULL, err, sizeof(err)), ERR_OK);
	for (size_t i = 0; i < migrations_count; i++)
		assert_true(recorded(f->c, migrations[i].version));
}

/* What counts is the record: versions recorded as applied are skipped,
 * even if their tables are not there. */
UNIT_TEST_WITH(test_record_decides, setup, teardown)
{
	struct fixture *f = *state;
	f->c = open_conn(f, true);
	assert_int_equal(db_sqlite_driver.exec_script(f->c, "CREATE TABLE schema_migrations ("
							    " version INTEGER PRIMARY KEY,"
							    " title TEXT NOT NULL,"
							    " applied_at BIGINT NOT NULL)"),
			 ERR_OK);
	for (size_t i = 0; i < migrations_count; i++) {
		struct db_val v[] = {DBV_INT(migrations[i].version), DBV_TEXT(migrations[i].title),
				     DBV_INT(1)};
		assert_int_equal(db_exec(f->c, Q_MIGRATION_RECORD, v, 3, NULL), ERR_OK);
	}
	char err[256] = "";
	int applied = -1;
	assert_int_equal(db_migrate_conn(f->c, &applied, err, sizeof(err)), ERR_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(jobs_readable(f->c), ERR_DB);
}

/* A migration that fails is rolled back and named in the message; the
 * ones before it stay applied. */
UNIT_TEST_WITH(test_failure, setup, teardown)
{
	struct fixture *f = *state;
	f->c = open_conn(f, true);
	char err[256] = "";
	int applied = -1;
	assert_int_equal(db_migrate_conn(f->c, &applied, err, sizeof(err)), ERR_OK);

	/* Forget that the last one ran: running it again fails on its first
	 * CREATE TABLE (the table is there) or ALTER TABLE ... ADD COLUMN
	 * (the column is). */
	const struct migration *last = &migrations[migrations_count - 1];
	char sql[128];
	snprintf(sql, sizeof(sql), "DELETE FROM schema_migrations WHERE version = %d",
		 last->version);
	assert_int_equal(db_sqlite_driver.exec_script(f->c, sql), ERR_OK);
	applied = -1;
	err[0] = '\0';
	int rc = db_migrate_conn(f->c, &applied, err, sizeof(err));
	assert_true(rc < 0);
	assert_int_equal(applied, 0);
	char want[160];
	snprintf(want, sizeof(want), "migration %04d_%s failed: ", last->version, last->title);
	assert_non_null(strstr(err, want));
	assert_true(strstr(err, "already exists") || strstr(err, "duplicate column"));
	assert_false(recorded(f->c, last->version));
	assert_true(recorded(f->c, migrations[0].version));
	/* Rolled back: the connection is not left inside a transaction. */
	assert_int_equal(db_sqlite_driver.exec_script(f->c, "BEGIN IMMEDIATE"), ERR_OK);
	assert_int_equal(db_sqlite_driver.exec_script(f->c, "ROLLBACK"), ERR_OK);

	/* Recorded again, nothing is pending. */
	struct db_val v[] = {DBV_INT(last->version), DBV_TEXT(last->title), DBV_INT(1)};
	assert_int_equal(db_exec(f->c, Q_MIGRATION_RECORD, v, 3, NULL), ERR_OK);
	applied = -1;
	assert_int_equal(db_migrate_conn(f->c, &applied, err, sizeof(err)), ERR_OK);
	assert_int_equal(applied, 0);
}

/* A read-only connection cannot even make the bookkeeping table. */
UNIT_TEST_WITH(test_read_only, setup, teardown)
{
	struct fixture *f = *state;
	/* The writer creates the (empty) file, the reader opens it. */
	struct db_conn *w = open_conn(f, true);
	f->c = open_conn(f, false);
	char err[256] = "";
	int applied = -1;
	int rc = db_migrate_conn(f->c, &applied, err, sizeof(err));
	assert_true(rc < 0);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err, "cannot prepare migrations"));
	/* Nothing was made. */
	char werr[256] = "";
	assert_int_equal(db_migrate_conn(w, &applied, werr, sizeof(werr)), ERR_OK);
	assert_int_equal(applied, (int)migrations_count);
	db_sqlite_driver.disconnect(w);
}

/* db_open applies them with opt->migrate, once; without it, not at all. */
UNIT_TEST_WITH(test_db_open, setup, teardown)
{
	struct fixture *f = *state;
	char err[256] = "";
	struct db *db = NULL;
	struct db_options plain = {.readers = 1};
	assert_int_equal(db_open(f->url, &plain, &db, err, sizeof(err)), ERR_OK);
	assert_int_equal(db_migrations_applied(db), 0);
	db_close(db);

	struct db_options opt = {.readers = 1, .migrate = true};
	assert_int_equal(db_open(f->url, &opt, &db, err, sizeof(err)), ERR_OK);
	assert_int_equal(db_migrations_applied(db), (int)migrations_count);
	db_close(db);
	assert_int_equal(db_open(f->url, &opt, &db, err, sizeof(err)), ERR_OK);
	assert_int_equal(db_migrations_applied(db), 0);
	db_close(db);

	f->c = open_conn(f, false);
	for (size_t i = 0; i < migrations_count; i++)
		assert_true(recorded(f->c, migrations[i].version));
}

UNIT_MAIN()
