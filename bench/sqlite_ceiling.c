/*
 * sqlite_ceiling.c: how fast can SQLite alone make durable org inserts here?
 *
 * The ceiling beside the group-commit benchmark (bench/run, 1c). Opens a
 * fresh database with the server's writer settings (WAL, synchronous=FULL),
 * creates a table shaped like orgs (sql/migrations/0001_init.sql: the same
 * columns, the unique code index and the parent/path indexes, the foreign
 * key; the detail columns of 0002_registry.sql) and inserts rows with
 * prepared statements, BATCH rows per transaction. With -b 64 that is the
 * group size the writer sees with 64 clients; with -b 1 it is what each
 * request would pay without group commit.
 *
 *   sqlite_ceiling [-n ROWS] [-b BATCH] [-t SECONDS] [-s plain|server] DBPATH
 *
 *   -n ROWS     rows to insert (default 200000)
 *   -b BATCH    rows per transaction (default 64)
 *   -t SECONDS  stop after this many seconds, at a transaction boundary
 *               (default 10), so slow disks still finish
 *   -s SHAPE    plain: one INSERT per row (default);
 *               server: per row what the server's writer runs for
 *               POST /api/v1/orgs - SAVEPOINT, the parent lookup twice
 *               (scope check and org_create), INSERT ... RETURNING id,
 *               UPDATE path, UPDATE details, RELEASE (src/api/orgs.c,
 *               src/domain/org.c); the server's reads before and after the
 *               write run elsewhere and are not counted
 *
 * Prints one line:
 *   SQLITE_CEILING shape=S batch=B rows=N seconds=F rows_per_s=F commits_per_s=F sqlite=V
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o sqlite_ceiling sqlite_ceiling.c \
 *        $(pkg-config --cflags --libs sqlite3)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

static const char schema[] =
	"CREATE TABLE orgs ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('ministry', 'province', 'district', 'school')),"
	" parent_id INTEGER REFERENCES orgs (id),"
	" path TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" country TEXT, address TEXT, level TEXT, sector TEXT);"
	"CREATE UNIQUE INDEX orgs_code ON orgs (code);"
	"CREATE INDEX orgs_parent ON orgs (parent_id);"
	"CREATE INDEX orgs_path ON orgs (path);"
	"INSERT INTO orgs (code, name, kind, parent_id, path, created_at, updated_at)"
	" VALUES ('IR-THR-D01', 'Parent district', 'district', NULL, '/1/', 0, 0);";

static const char sql_insert_plain[] =
	"INSERT INTO orgs (code, name, kind, parent_id, path, created_at, updated_at) "
	"VALUES (?, ?, 'school', ?, ?, ?, ?)";
static const char sql_insert_server[] =
	"INSERT INTO orgs (code, name, kind, parent_id, path, created_at, updated_at) "
	"VALUES (?, ?, 'school', ?, '', ?, ?) RETURNING id";
static const char sql_set_path[] = "UPDATE orgs SET path = ? WHERE id = ?";
static const char sql_set_details[] = "UPDATE orgs SET country = ?, address = ?, level = ?, "
				      "sector = ?, updated_at = ? WHERE id = ?";
static const char sql_by_code[] =
	"SELECT o.id, o.code, o.name, o.kind, p.code, o.path, o.created_at, o.updated_at, "
	"o.country, o.address, o.level, o.sector, o.parent_id "
	"FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.code = ?";

#define BENCH_NAME "sqlite_ceiling"
#include "sqlite_bench.h"

static long parse_long(const char *s, const char *flag)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "sqlite_ceiling: %s wants a positive number, not '%s'\n", flag, s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: sqlite_ceiling [-n ROWS] [-b BATCH] [-t SECONDS] "
			"[-s plain|server] DBPATH\n");
	exit(2);
}

/* The parent lookup the server runs; returns the parent's id. */
static int64_t lookup_parent(sqlite3_stmt *by_code)
{
	sqlite3_bind_text(by_code, 1, "IR-THR-D01", -1, SQLITE_STATIC);
	if (sqlite3_step(by_code) != SQLITE_ROW)
		die("parent lookup");
	int64_t id = sqlite3_column_int64(by_code, 0);
	(void)sqlite3_column_text(by_code, 5);
	sqlite3_reset(by_code);
	sqlite3_clear_bindings(by_code);
	return id;
}

int main(int argc, char **argv)
{
	long rows = 200000, batch = 64, limit_s = 10;
	bool server_shape = false;
	int opt;
	while ((opt = getopt(argc, argv, "n:b:t:s:")) != -1) {
		switch (opt) {
		case 'n':
			rows = parse_long(optarg, "-n");
			break;
		case 'b':
			batch = parse_long(optarg, "-b");
			break;
		case 't':
			limit_s = parse_long(optarg, "-t");
			break;
		case 's':
			if (!strcmp(optarg, "server"))
				server_shape = true;
			else if (strcmp(optarg, "plain"))
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	const char *path = argv[optind];

	/* A fresh database: remove any earlier one and its WAL files. */
	char side[4096];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, suffix[i]);
		if (unlink(side) && errno != ENOENT) {
			perror(side);
			return 1;
		}
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		die("open");
	/* The server's writer settings (src/db/sqlite.c). */
	exec("PRAGMA journal_mode=WAL;"
	     "PRAGMA synchronous=FULL;"
	     "PRAGMA foreign_keys=ON;"
	     "PRAGMA cache_size=-65536;"
	     "PRAGMA temp_store=MEMORY;"
	     "PRAGMA wal_autocheckpoint=10000;");
	exec(schema);

	sqlite3_stmt *ins = prepare(server_shape ? sql_insert_server : sql_insert_plain);
	sqlite3_stmt *set_path = server_shape ? prepare(sql_set_path) : NULL;
	sqlite3_stmt *set_details = server_shape ? prepare(sql_set_details) : NULL;
	sqlite3_stmt *by_code = server_shape ? prepare(sql_by_code) : NULL;
	sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE");
	sqlite3_stmt *commit = prepare("COMMIT");
	sqlite3_stmt *sp = server_shape ? prepare("SAVEPOINT job") : NULL;
	sqlite3_stmt *release = server_shape ? prepare("RELEASE SAVEPOINT job") : NULL;

	unsigned salt = (unsigned)time(NULL) ^ (unsigned)getpid();
	char code[64], name[96], rpath[64];
	long done = 0, commits = 0;
	double t0 = now_s(), elapsed = 0;
	while (done < rows) {
		step_done(begin, "BEGIN");
		for (long i = 0; i < batch && done < rows; i++, done++) {
			int64_t now = (int64_t)time(NULL);
			int n = snprintf(code, sizeof(code), "c%x.%ld", salt & 0xffffu, done);
			snprintf(name, sizeof(name), "Bench school %s", code);
			if (server_shape) {
				step_done(sp, "SAVEPOINT");
				lookup_parent(by_code);			 /* scope check */
				int64_t parent = lookup_parent(by_code); /* org_create */
				sqlite3_bind_text(ins, 1, code, n, SQLITE_STATIC);
				sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins, 3, parent);
				sqlite3_bind_int64(ins, 4, now);
				sqlite3_bind_int64(ins, 5, now);
				if (sqlite3_step(ins) != SQLITE_ROW)
					die("INSERT");
				int64_t id = sqlite3_column_int64(ins, 0);
				step_done(ins, "INSERT");
				int pn = snprintf(rpath, sizeof(rpath), "/1/%" PRId64 "/", id);
				sqlite3_bind_text(set_path, 1, rpath, pn, SQLITE_STATIC);
				sqlite3_bind_int64(set_path, 2, id);
				step_done(set_path, "UPDATE");
				sqlite3_bind_text(set_details, 1, "IR", 2, SQLITE_STATIC);
				sqlite3_bind_int64(set_details, 5, now);
				sqlite3_bind_int64(set_details, 6, id);
				step_done(set_details, "UPDATE");
				step_done(release, "RELEASE");
			} else {
				int pn = snprintf(rpath, sizeof(rpath), "/1/%ld/", done + 2);
				sqlite3_bind_text(ins, 1, code, n, SQLITE_STATIC);
				sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
				sqlite3_bind_int64(ins, 3, 1);
				sqlite3_bind_text(ins, 4, rpath, pn, SQLITE_STATIC);
				sqlite3_bind_int64(ins, 5, now);
				sqlite3_bind_int64(ins, 6, now);
				step_done(ins, "INSERT");
			}
		}
		step_done(commit, "COMMIT");
		commits++;
		elapsed = now_s() - t0;
		if (elapsed >= (double)limit_s)
			break;
	}
	elapsed = now_s() - t0;
	printf("SQLITE_CEILING shape=%s batch=%ld rows=%ld seconds=%.3f rows_per_s=%.1f "
	       "commits_per_s=%.1f sqlite=%s\n",
	       server_shape ? "server" : "plain", batch, done, elapsed, (double)done / elapsed,
	       (double)commits / elapsed, sqlite3_libversion());

	sqlite3_stmt *all[] = {ins, set_path, set_details, by_code, begin, commit, sp, release};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sqlite3_finalize(all[i]);
	if (sqlite3_close(db) != SQLITE_OK)
		die("close");
	return 0;
}
