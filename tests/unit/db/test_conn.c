/* Unit tests of src/db/conn.c on one SQLite writer connection opened through
 * the driver (no pool, no writer thread): running statements, stepping rows,
 * reading columns, copying them, and how failures are answered. */
#include "unit.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/driver.h"
#include "db/migrate.h"

struct fixture {
	char dir[256];
	char url[320];
	struct db_conn *c;
	struct arena arena;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	unit_tmpdir(f->dir, sizeof(f->dir));
	snprintf(f->url, sizeof(f->url), "sqlite:%s/conn.db", f->dir);
	char err[256] = "";
	int applied = 0;
	if (db_sqlite_driver.connect(f->url, true, &f->c, err, sizeof(err)) ||
	    db_migrate_conn(f->c, &applied, err, sizeof(err))) {
		print_error("%s: %s\n", f->url, err);
		return -1;
	}
	arena_init(&f->arena, 0, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->arena);
	db_sqlite_driver.disconnect(f->c);
	unit_rmdir(f->dir);
	free(f);
	return 0;
}

/* Insert a job row; its id. */
static int64_t insert_job(struct db_conn *c, struct db_val kind, struct db_val user, int64_t total)
{
	struct db_val v[] = {kind, user, DBV_INT(total), DBV_INT(1700000000)};
	struct db_res res;
	assert_int_equal(db_row(c, Q_JOB_INSERT, v, ARRAY_SIZE(v), &res), ERR_OK);
	int64_t id = db_int(&res, C_JOB_INSERT__ID);
	db_done(&res);
	assert_true(id > 0);
	return id;
}

UNIT_TEST_WITH(test_kind, setup, teardown)
{
	struct fixture *f = *state;
	assert_int_equal(db_conn_kind(f->c), DB_SQLITE);
	struct db_val v = dbv_text_or_null(NULL);
	assert_int_equal(v.type, DB_NULL);
	v = dbv_text_or_null("abc");
	assert_int_equal(v.type, DB_TEXT);
	assert_int_equal(v.len, 3);
}

/* db_row leaves the cursor on the row; every column reads back as stored,
 * NULL columns included. */
UNIT_TEST_WITH(test_row_columns, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = insert_job(f->c, DBV_TEXT("import_students"), DBV_NULL, 250);
	struct db_res res;
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__ID), id);
	size_t len = 99;
	const char *kind = db_text(&res, C_JOB_BY_ID__KIND, &len);
	assert_int_equal(len, strlen("import_students"));
	assert_memory_equal(kind, "import_students", len);
	assert_string_equal(db_text(&res, C_JOB_BY_ID__STATUS, NULL), "running");
	assert_false(db_null(&res, C_JOB_BY_ID__KIND));
	assert_int_equal(db_int0(&res, C_JOB_BY_ID__TOTAL), 250);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__PROCESSED), 0);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__CREATED_AT), 1700000000);

	/* NULL: db_null says so, text reads "" (never NULL), db_int0 0. */
	assert_true(db_null(&res, C_JOB_BY_ID__USER_ID));
	assert_true(db_null(&res, C_JOB_BY_ID__MESSAGE));
	assert_true(db_null(&res, C_JOB_BY_ID__FINISHED_AT));
	assert_int_equal(db_int0(&res, C_JOB_BY_ID__USER_ID), 0);
	assert_int_equal(db_int0(&res, C_JOB_BY_ID__FINISHED_AT), 0);
	len = 99;
	const char *msg = db_text(&res, C_JOB_BY_ID__MESSAGE, &len);
	assert_non_null(msg);
	assert_string_equal(msg, "");
	assert_int_equal(len, 0);

	/* Copies outlive the cursor. */
	const char *kcopy = db_dup(&res, C_JOB_BY_ID__KIND, &f->arena);
	const char *mcopy = db_dup(&res, C_JOB_BY_ID__MESSAGE, &f->arena);
	assert_non_null(kcopy);
	assert_non_null(mcopy);
	assert_ptr_not_equal(kcopy, kind);
	db_done(&res);
	assert_string_equal(kcopy, "import_students");
	assert_string_equal(mcopy, "");

	/* After db_done the statement runs again. */
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	db_done(&res);
}

/* Values at the edges of their types go in and come out unchanged. */
UNIT_TEST_WITH(test_values, setup, teardown)
{
	struct fixture *f = *state;
	/* Only len bytes of a text are taken, NULs inside included. */
	static const char raw[] = "kind\0with\0nul-and-more";
	int64_t id = insert_job(f->c, DBV_TEXTN(raw, 14), DBV_NULL, INT64_MAX);
	struct db_val fin[] = {DBV_TEXT("done"),
			       DBV_INT(INT64_MIN),
			       DBV_INT(-1),
			       DBV_INT(0),
			       DBV_TEXTN("\xd8\xaa\xd9\x85\xd8\xa7\xd9\x85", 8),
			       DBV_INT(1),
			       DBV_INT(id)};
	int changes = -1;
	assert_int_equal(db_exec(f->c, Q_JOB_FINISH, fin, ARRAY_SIZE(fin), &changes), ERR_OK);
	assert_int_equal(changes, 1);

	struct db_res res;
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	size_t len = 0;
	const char *kind = db_text(&res, C_JOB_BY_ID__KIND, &len);
	assert_int_equal(len, 14);
	assert_memory_equal(kind, raw, 14);
	const char *copy = db_dup(&res, C_JOB_BY_ID__KIND, &f->arena);
	assert_memory_equal(copy, raw, 14);
	assert_int_equal(copy[14], '\0');
	assert_true(db_int(&res, C_JOB_BY_ID__TOTAL) == INT64_MAX);
	assert_true(db_int(&res, C_JOB_BY_ID__PROCESSED) == INT64_MIN);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__SUCCEEDED), -1);
	/* A stored 0 is not NULL. */
	assert_false(db_null(&res, C_JOB_BY_ID__FAILED));
	assert_string_equal(db_text(&res, C_JOB_BY_ID__MESSAGE, NULL),
			    "\xd8\xaa\xd9\x85\xd8\xa7\xd9\x85");
	assert_int_equal(db_int0(&res, C_JOB_BY_ID__FINISHED_AT), 1);
	db_done(&res);
}

UNIT_TEST_WITH(test_row_notfound, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = insert_job(f->c, DBV_TEXT("k"), DBV_NULL, 1);
	struct db_res res;
	struct db_val absent = DBV_INT(id + 1000);
	/* NOTFOUND, and the cursor is done already: the next call works. */
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &absent, 1, &res), ERR_NOTFOUND);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &absent, 1, &res), ERR_NOTFOUND);
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__ID), id);
	db_done(&res);
	/* A NULL parameter matches nothing. */
	struct db_val null = DBV_NULL;
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &null, 1, &res), ERR_NOTFOUND);
}

/* db_query and db_next over several rows, in the statement's order. */
UNIT_TEST_WITH(test_query_steps, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = insert_job(f->c, DBV_TEXT("k"), DBV_NULL, 3);
	static const int lines[] = {30, 10, 20};
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		struct db_val v[] = {DBV_INT(id), DBV_INT(lines[i]),
				     i == 1 ? DBV_NULL : DBV_TEXT("name"), DBV_TEXT("required"),
				     DBV_TEXT("A name is required.")};
		assert_int_equal(db_exec(f->c, Q_JOB_ERROR_INSERT, v, ARRAY_SIZE(v), NULL), ERR_OK);
	}
	struct db_res res;
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_query(f->c, Q_JOB_ERRORS_OF, &key, 1, &res), ERR_OK);
	static const int want[] = {10, 20, 30};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(db_next(&res), 1);
		assert_int_equal(db_int(&res, C_JOB_ERRORS_OF__LINE), want[i]);
		assert_int_equal(db_null(&res, C_JOB_ERRORS_OF__FIELD), want[i] == 10);
		assert_string_equal(db_text(&res, C_JOB_ERRORS_OF__CODE, NULL), "required");
	}
	assert_int_equal(db_next(&res), 0);
	db_done(&res);

	/* No rows: 0 straight away. */
	struct db_val other = DBV_INT(id + 1);
	assert_int_equal(db_query(f->c, Q_JOB_ERRORS_OF, &other, 1, &res), ERR_OK);
	assert_int_equal(db_next(&res), 0);
	db_done(&res);
	/* Left early, the statement still runs again from the start. */
	assert_int_equal(db_query(f->c, Q_JOB_ERRORS_OF, &key, 1, &res), ERR_OK);
	assert_int_equal(db_next(&res), 1);
	db_done(&res);
	assert_int_equal(db_query(f->c, Q_JOB_ERRORS_OF, &key, 1, &res), ERR_OK);
	assert_int_equal(db_next(&res), 1);
	assert_int_equal(db_int(&res, C_JOB_ERRORS_OF__LINE), 10);
	db_done(&res);
}

UNIT_TEST_WITH(test_exec_changes, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = insert_job(f->c, DBV_TEXT("k"), DBV_NULL, 3);
	struct db_val v[] = {DBV_INT(1), DBV_INT(1), DBV_INT(0), DBV_INT(id)};
	int changes = -1;
	assert_int_equal(db_exec(f->c, Q_JOB_PROGRESS, v, 4, &changes), ERR_OK);
	assert_int_equal(changes, 1);
	/* No such row: no change, no error. */
	v[3] = DBV_INT(id + 1000);
	changes = -1;
	assert_int_equal(db_exec(f->c, Q_JOB_PROGRESS, v, 4, &changes), ERR_OK);
	assert_int_equal(changes, 0);
	/* changes may be NULL. */
	v[3] = DBV_INT(id);
	assert_int_equal(db_exec(f->c, Q_JOB_ADD_PROGRESS, v, 4, NULL), ERR_OK);
	/* ON CONFLICT DO NOTHING: the second insert changes nothing. */
	struct db_val e[] = {DBV_INT(id), DBV_INT(1), DBV_NULL, DBV_TEXT("c"), DBV_TEXT("m")};
	changes = -1;
	assert_int_equal(db_exec(f->c, Q_JOB_ERROR_INSERT, e, 5, &changes), ERR_OK);
	assert_int_equal(changes, 1);
	changes = -1;
	assert_int_equal(db_exec(f->c, Q_JOB_ERROR_INSERT, e, 5, &changes), ERR_OK);
	assert_int_equal(changes, 0);

	struct db_res res;
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__PROCESSED), 2);
	assert_int_equal(db_int(&res, C_JOB_BY_ID__SUCCEEDED), 2);
	db_done(&res);
}

/* Failures come back as the error list's codes, the connection's message
 * says why, and the connection stays usable. */
UNIT_TEST_WITH(test_errors, setup, teardown)
{
	struct fixture *f = *state;
	struct db_res res;
	int64_t before = insert_job(f->c, DBV_TEXT("before"), DBV_NULL, 1);

	/* A unique (here primary key) violation is CONFLICT. */
	struct db_val rec[] = {DBV_INT(migrations[0].version), DBV_TEXT("again"), DBV_INT(1)};
	assert_int_equal(db_exec(f->c, Q_MIGRATION_RECORD, rec, 3, NULL), ERR_CONFLICT);
	assert_non_null(strstr(db_errmsg(f->c), "UNIQUE constraint failed"));
	assert_int_equal(db_row(f->c, Q_MIGRATION_RECORD, rec, 3, &res), ERR_CONFLICT);

	/* Other constraints are INVALID: NOT NULL, and a foreign key. */
	struct db_val bad[] = {DBV_NULL, DBV_NULL, DBV_INT(1), DBV_INT(1)};
	assert_int_equal(db_row(f->c, Q_JOB_INSERT, bad, 4, &res), ERR_INVALID);
	assert_non_null(strstr(db_errmsg(f->c), "NOT NULL"));
	struct db_val nouser[] = {DBV_TEXT("k"), DBV_INT(424242), DBV_INT(1), DBV_INT(1)};
	assert_int_equal(db_row(f->c, Q_JOB_INSERT, nouser, 4, &res), ERR_INVALID);
	assert_non_null(strstr(db_errmsg(f->c), "FOREIGN KEY"));
	struct db_val orphan[] = {DBV_INT(424242), DBV_INT(1), DBV_NULL, DBV_TEXT("c"),
				  DBV_TEXT("m")};
	assert_int_equal(db_exec(f->c, Q_JOB_ERROR_INSERT, orphan, 5, NULL), ERR_INVALID);

	/* The wrong number of parameters is a programming error. */
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, NULL, 0, &res), ERR_INTERNAL);
	assert_non_null(strstr(db_errmsg(f->c), "wants 1 parameters, got 0"));
	assert_int_equal(db_exec(f->c, Q_JOB_INSERT, rec, 3, NULL), ERR_INTERNAL);
	assert_int_equal(db_query(f->c, Q_JOB_ERRORS_OF, rec, 2, &res), ERR_INTERNAL);
	db_done(&res);

	/* Nothing of it was written, and the connection still works. */
	struct db_val next = DBV_INT(before + 1);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &next, 1, &res), ERR_NOTFOUND);
	int64_t id = insert_job(f->c, DBV_TEXT("after"), DBV_NULL, 1);
	assert_int_equal(id, before + 1);
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	assert_string_equal(db_text(&res, C_JOB_BY_ID__KIND, NULL), "after");
	db_done(&res);
}

/* db_dup answers NULL when the arena is exhausted, and takes nothing. */
UNIT_TEST_WITH(test_dup_arena_full, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = insert_job(f->c, DBV_TEXT("a-kind-of-job-with-a-long-name"), DBV_NULL, 1);
	struct arena small;
	arena_init(&small, 64, 64);
	assert_non_null(arena_alloc(&small, 48));
	struct db_res res;
	struct db_val key = DBV_INT(id);
	assert_int_equal(db_row(f->c, Q_JOB_BY_ID, &key, 1, &res), ERR_OK);
	size_t used = small.used;
	assert_null(db_dup(&res, C_JOB_BY_ID__KIND, &small));
	assert_int_equal(small.used, used);
	/* A short value still fits. */
	const char *status = db_dup(&res, C_JOB_BY_ID__STATUS, &small);
	assert_non_null(status);
	assert_string_equal(status, "running");
	db_done(&res);
	arena_release(&small);
}

UNIT_MAIN()
