/*
 * sqlite_bench.h: what the SQLite ceiling programs share
 * (bench/sqlite_ceiling.c, bench/import_ceiling.c). Each is one file built
 * on its own; it defines BENCH_NAME, the name its messages start with,
 * and includes this after <sqlite3.h>. Any failure of SQLite ends the
 * program (die).
 */
#ifndef TABULA_BENCH_SQLITE_BENCH_H
#define TABULA_BENCH_SQLITE_BENCH_H

/* The one connection of the program. */
static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", BENCH_NAME, what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static sqlite3_stmt *prepare(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		die(sql);
	return st;
}

static void step_done(sqlite3_stmt *st, const char *what)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		die(what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
