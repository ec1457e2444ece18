/*
 * admissions_ceiling.c: how fast can SQLite alone store applications here?
 *
 * The ceiling beside bench/admissions_http (issue 16: applications accepted
 * durably through HTTP). Opens a copy of the benchmark's own database (the
 * real schema, its indexes and rows), with the server's writer settings
 * (WAL, synchronous=FULL), adds a round, and stores applications for the
 * database's enrolled students, BATCH per transaction, with the rows the
 * server's writer makes for one (src/domain/admissions/application.c):
 * the application, its first version, an audit entry and the audit head.
 * Nothing else: no session, no access check, no reads, no JSON, no hash of
 * the audit chain (a constant stands in), no HTTP. With -b 64 that is the
 * group the server's writer commits at once under 64 clients.
 *
 *   admissions_ceiling [-b BATCH] [-t SECONDS] DBPATH
 *
 * Prints one line:
 *   ADMISSIONS_CEILING batch=B rows=N seconds=F rows_per_s=F
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o admissions_ceiling \
 *        admissions_ceiling.c $(pkg-config --cflags --libs sqlite3)
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

#define BENCH_NAME "admissions_ceiling"
#include "sqlite_bench.h"

static long parse_long(const char *s, const char *flag)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "admissions_ceiling: %s wants a positive number, not '%s'\n", flag,
			s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long batch = 64, limit_s = 10;
	int opt;
	while ((opt = getopt(argc, argv, "b:t:")) != -1) {
		if (opt == 'b')
			batch = parse_long(optarg, "-b");
		else if (opt == 't')
			limit_s = parse_long(optarg, "-t");
		else {
			fprintf(stderr,
				"usage: admissions_ceiling [-b BATCH] [-t SECONDS] DBPATH\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: admissions_ceiling [-b BATCH] [-t SECONDS] DBPATH\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[optind], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("open");
	/* The server's writer settings (src/db/sqlite.c). */
	exec("PRAGMA journal_mode=WAL;"
	     "PRAGMA synchronous=FULL;"
	     "PRAGMA foreign_keys=ON;"
	     "PRAGMA cache_size=-65536;"
	     "PRAGMA temp_store=MEMORY;"
	     "PRAGMA wal_autocheckpoint=10000;");

	/* A fresh round of the province, open now. */
	int64_t t = (int64_t)time(NULL);
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO admission_rounds (org_id, name, grade, opens_at, closes_at, "
		 "max_choices, seed, created_at) SELECT id, 'ceiling %" PRId64 "', 1, %" PRId64
		 ", %" PRId64 ", 3, 1, %" PRId64 " FROM orgs WHERE code = 'IR-THR'",
		 t, t - 60, t + 3600, t);
	exec(sql);
	int64_t round = sqlite3_last_insert_rowid(db);
	int64_t org = 0;
	sqlite3_stmt *q = prepare("SELECT org_id FROM admission_rounds WHERE id = ?");
	sqlite3_bind_int64(q, 1, round);
	if (sqlite3_step(q) != SQLITE_ROW)
		die("round");
	org = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);

	/* The enrolled students, read before the clock starts. */
	sqlite3_stmt *ps = prepare("SELECT id FROM persons WHERE status = 'enrolled' ORDER BY id");
	size_t n = 0, cap = 1 << 16;
	int64_t *people = malloc(cap * sizeof(*people));
	if (!people)
		return 1;
	while (sqlite3_step(ps) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			int64_t *p = realloc(people, cap * sizeof(*people));
			if (!p)
				return 1;
			people = p;
		}
		people[n++] = sqlite3_column_int64(ps, 0);
	}
	sqlite3_finalize(ps);

	sqlite3_stmt *ins = prepare(
		"INSERT INTO admission_applications (round_id, person_id, org_id, version, "
		"choices, created_at, created_by, updated_at, idem_key, claims) "
		"VALUES (?, ?, ?, 1, ?, ?, NULL, ?, ?, NULL) ON CONFLICT DO NOTHING RETURNING id");
	sqlite3_stmt *ver =
		prepare("INSERT INTO admission_application_versions (application_id, version, "
			"org_id, choices, created_at, created_by) VALUES (?, 1, ?, ?, ?, NULL)");
	sqlite3_stmt *head = prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
	sqlite3_stmt *aud = prepare(
		"INSERT INTO audit_log (seq, at, user_id, username, role, org_code, action, "
		"person_id, subject, allowed, ip, prev_hash, hash) VALUES (?, ?, NULL, "
		"'bench.guardian', 'guardian', NULL, 'admissions.apply', ?, ?, 1, '127.0.0.1', "
		"?, ?)");
	sqlite3_stmt *set_head = prepare("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1");
	sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE");
	sqlite3_stmt *commit = prepare("COMMIT");
	const char *hash = "5f2b9c0e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
	const char *choices = "IR-THR-S0101,IR-THR-S0204,IR-THR-S0402";
	char key[64], subject[64];
	snprintf(subject, sizeof(subject), "admission_round:%" PRId64, round);

	long done = 0;
	double t0 = now_s(), elapsed = 0;
	while ((size_t)done < n) {
		step_done(begin, "BEGIN");
		if (sqlite3_step(head) != SQLITE_ROW)
			die("audit head");
		int64_t seq = sqlite3_column_int64(head, 0);
		sqlite3_reset(head);
		for (long i = 0; i < batch && (size_t)done < n; i++, done++) {
			int64_t now = (int64_t)time(NULL);
			int kn = snprintf(key, sizeof(key), "ceiling-%" PRId64 "-%ld", round, done);
			sqlite3_bind_int64(ins, 1, round);
			sqlite3_bind_int64(ins, 2, people[done]);
			sqlite3_bind_int64(ins, 3, org);
			sqlite3_bind_text(ins, 4, choices, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 5, now);
			sqlite3_bind_int64(ins, 6, now);
			sqlite3_bind_text(ins, 7, key, kn, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_ROW)
				die("INSERT application");
			int64_t id = sqlite3_column_int64(ins, 0);
			step_done(ins, "INSERT application");
			sqlite3_bind_int64(ver, 1, id);
			sqlite3_bind_int64(ver, 2, org);
			sqlite3_bind_text(ver, 3, choices, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ver, 4, now);
			step_done(ver, "INSERT version");
			seq++;
			sqlite3_bind_int64(aud, 1, seq);
			sqlite3_bind_int64(aud, 2, now);
			sqlite3_bind_int64(aud, 3, people[done]);
			sqlite3_bind_text(aud, 4, subject, -1, SQLITE_STATIC);
			sqlite3_bind_text(aud, 5, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(aud, 6, hash, -1, SQLITE_STATIC);
			step_done(aud, "INSERT audit");
		}
		sqlite3_bind_int64(set_head, 1, seq);
		sqlite3_bind_text(set_head, 2, hash, -1, SQLITE_STATIC);
		step_done(set_head, "UPDATE audit head");
		step_done(commit, "COMMIT");
		elapsed = now_s() - t0;
		if (elapsed >= (double)limit_s)
			break;
	}
	printf("ADMISSIONS_CEILING batch=%ld rows=%ld seconds=%.3f rows_per_s=%.0f\n", batch, done,
	       elapsed, (double)done / elapsed);
	free(people);
	sqlite3_close(db);
	return 0;
}
