/*
 * gen_gradebooks.c: fill a migrated Tabula SQLite database with a year of
 * gradebooks for the year-end benchmark (bench/teaching), fast: straight
 * into the tables with prepared statements, foreign keys off, 100k rows per
 * transaction.
 *
 *   gen_gradebooks [-n STUDENTS] [-y START_YEAR] [-c] DBPATH
 *
 * -c also makes what signed records need (bench/records_store): every
 * student enrolled in a class of 40 with a national id, each class with a
 * homeroom teacher (account t-SCHOOL-K) teaching its 12 subjects, a
 * principal per school (p-SCHOOL, school_admin) and both terms locked.
 *
 * Makes STUDENTS / 400 schools, alternately Vietnamese lower secondary
 * (vn-tt22: 8 scored subjects with four regular assessments, a mid-term and
 * a final per term, 4 assessed by comment) and Iranian upper secondary
 * (ir-20: a 0-20 score per term), the persons, and 12 gradebook rows per
 * student in the encoding of src/domain/gradebook.h. Deterministic.
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o gen_gradebooks gen_gradebooks.c \
 *        $(pkg-config --cflags --libs sqlite3)
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define PER_SCHOOL 400
#define SUBJECTS   12
#define CLASS_SIZE 40

static uint64_t rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "gen_gradebooks: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	return st;
}

static void step(sqlite3 *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die(db, "insert");
	sqlite3_reset(st);
}

/* The first 12 subjects of a country and level, scored flags beside. */
static void subjects(sqlite3 *db, const char *country, const char *level, int64_t *ids, int *scored)
{
	sqlite3_stmt *st = prep(db, "SELECT id, scored FROM subjects WHERE country = ? AND "
				    "level = ? ORDER BY position LIMIT 12");
	sqlite3_bind_text(st, 1, country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < SUBJECTS) {
		ids[n] = sqlite3_column_int64(st, 0);
		scored[n++] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (n != SUBJECTS) {
		fprintf(stderr, "gen_gradebooks: %s %s has %d subjects; migrate first\n", country,
			level, n);
		exit(1);
	}
}

/* A tenth-step score 0-10 in hundredths, skewed to the upper half. */
static int score10(void)
{
	return (int)(40 + next(61)) * 10;
}

static int encode(char *out, size_t cap, bool vn, int scored)
{
	int n = 0;
	for (int k = 0; k < 2; k++) {
		if (k)
			n += snprintf(out + n, cap - (size_t)n, "|");
		if (!vn)
			n += snprintf(out + n, cap - (size_t)n, "s=%u", 800 + next(1201));
		else if (!scored)
			n += snprintf(out + n, cap - (size_t)n, "p=%d", next(20) != 0);
		else
			n += snprintf(out + n, cap - (size_t)n, "1=%d,2=%d,3=%d,4=%d,m=%d,f=%d",
				      score10(), score10(), score10(), score10(), score10(),
				      score10());
	}
	return n;
}

int main(int argc, char **argv)
{
	long students = 1000000;
	int year = 2025;
	bool classes = false;
	int opt;
	while ((opt = getopt(argc, argv, "n:y:c")) != -1) {
		if (opt == 'n')
			students = strtol(optarg, NULL, 10);
		else if (opt == 'y')
			year = (int)strtol(optarg, NULL, 10);
		else if (opt == 'c')
			classes = true;
		else
			return 2;
	}
	if (optind != argc - 1 || students < PER_SCHOOL) {
		fprintf(stderr,
			"usage: gen_gradebooks [-n STUDENTS] [-y START_YEAR] [-c] DBPATH\n");
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open(argv[optind], &db) != SQLITE_OK)
		die(db, "open");
	exec(db, "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; "
		 "PRAGMA cache_size = -200000; PRAGMA journal_mode = WAL");
	int64_t vn_ids[SUBJECTS], ir_ids[SUBJECTS];
	int vn_scored[SUBJECTS], ir_scored[SUBJECTS];
	subjects(db, "VN", "lower_secondary", vn_ids, vn_scored);
	subjects(db, "IR", "upper_secondary", ir_ids, ir_scored);

	sqlite3_stmt *org =
		prep(db, "INSERT INTO orgs (code, name, kind, path, country, level, "
			 "created_at, updated_at) VALUES (?, ?, 'school', '/', ?, ?, 0, 0)");
	sqlite3_stmt *person = prep(
		db, "INSERT INTO persons (country, given_name, family_name, birth_date, sex, "
		    "key_fg, key_gf, org_id, status, created_at, updated_at) "
		    "VALUES (?, 'An', 'Nguyen', '2011-01-01', 'F', '', '', ?, 'enrolled', 0, 0)");
	sqlite3_stmt *gb = prep(db, "INSERT INTO gradebooks (school_year, person_id, subject_id, "
				    "org_id, scores, updated_at) VALUES (?, ?, ?, ?, ?, 0)");
	sqlite3_stmt *path = prep(db, "UPDATE orgs SET path = '/' || id || '/' WHERE id = ?");
	sqlite3_stmt *nid = prep(db, "UPDATE persons SET national_id = ? WHERE id = ?");
	sqlite3_stmt *enrol = prep(db, "INSERT INTO enrolments (person_id, org_id, school_year, "
				       "grade, class, start_date, current, created_at) "
				       "VALUES (?, ?, ?, ?, ?, '2025-09-05', 1, 0)");
	sqlite3_stmt *user = prep(db, "INSERT INTO users (username, password_hash, created_at) "
				      "VALUES (?, 'x', 0)");
	sqlite3_stmt *role = prep(db, "INSERT INTO user_roles (user_id, role, org_id, created_at) "
				      "VALUES (?, ?, ?, 0)");
	sqlite3_stmt *cls = prep(db, "INSERT INTO classes (org_id, school_year, grade, name, "
				     "homeroom_id, created_at) VALUES (?, ?, ?, ?, ?, 0)");
	sqlite3_stmt *csub = prep(db, "INSERT INTO class_subjects (class_id, subject_id, org_id, "
				      "teacher_id) VALUES (?, ?, ?, ?)");
	sqlite3_stmt *lock = prep(db, "INSERT INTO term_locks (org_id, school_year, term, locked, "
				      "changed_at) VALUES (?, ?, ?, 1, 0)");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	exec(db, "BEGIN");
	long nschools = students / PER_SCHOOL, rows = 0;
	for (long s = 0; s < nschools; s++) {
		bool vn = s % 2 == 0;
		char code[32];
		snprintf(code, sizeof(code), "GB-%ld", s);
		sqlite3_bind_text(org, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(org, 2, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(org, 3, vn ? "VN" : "IR", -1, SQLITE_STATIC);
		sqlite3_bind_text(org, 4, vn ? "lower_secondary" : "upper_secondary", -1,
				  SQLITE_STATIC);
		step(db, org);
		int64_t org_id = sqlite3_last_insert_rowid(db);
		int grade = vn ? 7 : 10;
		int64_t teacher = 0;
		char name[64];
		if (classes) {
			sqlite3_bind_int64(path, 1, org_id);
			step(db, path);
			snprintf(name, sizeof(name), "p-%" PRId64, org_id);
			sqlite3_bind_text(user, 1, name, -1, SQLITE_TRANSIENT);
			step(db, user);
			sqlite3_bind_int64(role, 1, sqlite3_last_insert_rowid(db));
			sqlite3_bind_text(role, 2, "school_admin", -1, SQLITE_STATIC);
			sqlite3_bind_int64(role, 3, org_id);
			step(db, role);
			for (int term = 1; term <= 2; term++) {
				sqlite3_bind_int64(lock, 1, org_id);
				sqlite3_bind_int(lock, 2, year);
				sqlite3_bind_int(lock, 3, term);
				step(db, lock);
			}
		}
		for (int i = 0; i < PER_SCHOOL; i++) {
			if (classes && i % CLASS_SIZE == 0) {
				/* A class of 40, its homeroom teacher teaching all 12 subjects. */
				snprintf(name, sizeof(name), "t-%" PRId64 "-%d", org_id,
					 i / CLASS_SIZE);
				sqlite3_bind_text(user, 1, name, -1, SQLITE_TRANSIENT);
				step(db, user);
				teacher = sqlite3_last_insert_rowid(db);
				sqlite3_bind_int64(role, 1, teacher);
				sqlite3_bind_text(role, 2, "teacher", -1, SQLITE_STATIC);
				sqlite3_bind_int64(role, 3, org_id);
				step(db, role);
				snprintf(name, sizeof(name), "%dA%d", grade, i / CLASS_SIZE + 1);
				sqlite3_bind_int64(cls, 1, org_id);
				sqlite3_bind_int(cls, 2, year);
				sqlite3_bind_int(cls, 3, grade);
				sqlite3_bind_text(cls, 4, name, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(cls, 5, teacher);
				step(db, cls);
				int64_t class_id = sqlite3_last_insert_rowid(db);
				for (int j = 0; j < SUBJECTS; j++) {
					sqlite3_bind_int64(csub, 1, class_id);
					sqlite3_bind_int64(csub, 2, vn ? vn_ids[j] : ir_ids[j]);
					sqlite3_bind_int64(csub, 3, org_id);
					sqlite3_bind_int64(csub, 4, teacher);
					step(db, csub);
				}
			}
			sqlite3_bind_text(person, 1, vn ? "VN" : "IR", -1, SQLITE_STATIC);
			sqlite3_bind_int64(person, 2, org_id);
			step(db, person);
			int64_t pid = sqlite3_last_insert_rowid(db);
			if (classes) {
				char id[16];
				/* Unique, and of each country's length (not checked here). */
				if (vn)
					snprintf(id, sizeof(id), "0013%08" PRId64, pid);
				else
					snprintf(id, sizeof(id), "%010" PRId64, pid);
				sqlite3_bind_text(nid, 1, id, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(nid, 2, pid);
				step(db, nid);
				snprintf(name, sizeof(name), "%dA%d", grade, i / CLASS_SIZE + 1);
				sqlite3_bind_int64(enrol, 1, pid);
				sqlite3_bind_int64(enrol, 2, org_id);
				sqlite3_bind_int(enrol, 3, year);
				sqlite3_bind_int(enrol, 4, grade);
				sqlite3_bind_text(enrol, 5, name, -1, SQLITE_TRANSIENT);
				step(db, enrol);
			}
			for (int j = 0; j < SUBJECTS; j++) {
				char text[256];
				int n = encode(text, sizeof(text), vn,
					       vn ? vn_scored[j] : ir_scored[j]);
				sqlite3_bind_int(gb, 1, year);
				sqlite3_bind_int64(gb, 2, pid);
				sqlite3_bind_int64(gb, 3, vn ? vn_ids[j] : ir_ids[j]);
				sqlite3_bind_int64(gb, 4, org_id);
				sqlite3_bind_text(gb, 5, text, n, SQLITE_TRANSIENT);
				step(db, gb);
				if (++rows % 100000 == 0)
					exec(db, "COMMIT; BEGIN");
			}
		}
	}
	exec(db, "COMMIT");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("GEN_GRADEBOOKS schools=%ld students=%ld rows=%ld seconds=%.1f\n", nschools,
	       nschools * PER_SCHOOL, rows, secs);
	sqlite3_stmt *all[] = {path, nid, enrol, user, role, cls, csub, lock};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		sqlite3_finalize(all[i]);
	sqlite3_finalize(org);
	sqlite3_finalize(person);
	sqlite3_finalize(gb);
	sqlite3_close(db);
	return 0;
}
