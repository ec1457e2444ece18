/*
 * import_ceiling.c: how fast can SQLite alone store the students of an
 * import file here? The ceiling beside `tabula import students`.
 *
 * Takes a database that `tabula demo` has filled (so the schema is the
 * server's own, from sql/migrations, and the demo schools exist) and a CSV
 * from bench/gen_students.mjs (plain cells: no quotes, no commas inside).
 * The rows are read and split into memory first, so only storing is timed.
 * Per student it runs the statements student_insert() runs, prepared once:
 *
 *   plain   INSERT persons, INSERT person_names twice, INSERT enrolments
 *   lookup  the same plus the two lookups before them (national id, likely
 *           duplicates by name, birth date and sex): what the server's writer
 *           does with an import batch it finds alone
 *   server  lookup, and each batch inside a SAVEPOINT as the server's writer
 *           does when other jobs share the transaction
 *
 * Names are lower-cased bytes, not ICU-folded keys: the index sizes and the
 * randomness of the keys are those of the server, the folding cost is not
 * counted (it is not SQLite's).
 *
 *   import_ceiling [-b BATCH] [-s plain|lookup|server] [-m memory|file] [-c MIB] [-k PARTS]
 *                  [-d index|names] [-o] [-S] [-N] [-P PAGE] [-M MIB] DBPATH CSV
 *
 *   -b BATCH  students per transaction (default 2000)
 *   -m        temp_store of the connection: memory (the server's writer,
 *             default) or file
 *   -c MIB    page cache of the connection (default 64, the server's)
 *   -k PARTS  which inserts to run, for a breakdown: p (persons, always), n
 *             (the two person_names rows), e (the enrolment); default pne
 *   -d        how likely duplicates are found: index (a persons.dup_key
 *             column with its own index, schema 0002) or names (no dup_key:
 *             the "family given" search key ends with " BIRTHSEX" and the
 *             look-up is an exact match on person_names, schema 0006;
 *             default). The database is altered to match before timing.
 *   -o        one search key per person ("family given") instead of two
 *   -S        each batch's person_names rows inserted after its persons,
 *             sorted by key
 *   -N        each batch's rows inserted in national id order
 *   -P PAGE   VACUUM the database to this page size first (not timed)
 *   -M MIB    mmap_size of the connection (default 0, the server's)
 *
 * Prints one line:
 *   IMPORT_CEILING shape=S parts=K dup=D keys=1|2 sort=.. batch=B temp=T cache=C page=P
 *                  mmap=M rows=N seconds=F rows_per_s=F cpu_s=F
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o import_ceiling import_ceiling.c \
 *        $(pkg-config --cflags --libs sqlite3)
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define BENCH_NAME "import_ceiling"
#include "sqlite_bench.h"

/* CPU seconds of this process (user + system): less disturbed than the
 * wall clock by whatever else the machine runs. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: import_ceiling [-b BATCH] [-s plain|lookup|server] [-m memory|file] "
		"[-c MIB] [-k PARTS] [-d index|names] [-o] [-S] [-N] [-P PAGE] [-M MIB] "
		"DBPATH CSV\n");
	exit(2);
}

/* One student: pointers into the file's bytes, split in place. */
struct row {
	char *nid, *country, *given, *family, *birth, *sex, *school, *grade, *year, *cls;
	int64_t org_id;
	char key_fg[256], key_gf[256], dup[300];
};

/* A search key of a batch, for -S. */
struct name_row {
	const char *key;
	int64_t id;
};

static int by_key(const void *a, const void *b)
{
	const struct name_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int rows_by_nid(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->country, y->country);
	return c ? c : strcmp(x->nid, y->nid);
}

static bool has_column(const char *table, const char *column)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT 1 FROM pragma_table_info('%s') WHERE name = '%s'", table,
		 column);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql);
	bool has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return has;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

static void lower(const char *in, char *out, size_t outlen)
{
	size_t i = 0;
	for (; in[i] && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

int main(int argc, char **argv)
{
	long batch = 2000;
	bool server_shape = false, lookups = false;
	const char *temp = "memory";
	long cache_mib = 64;
	const char *parts = "pne";
	bool dup_index = false, one_key = false, sort_names = false, sort_nid = false;
	long page = 0, mmap_mib = 0;
	int opt;
	while ((opt = getopt(argc, argv, "b:s:m:c:k:d:oSNP:M:")) != -1) {
		switch (opt) {
		case 'd':
			if (!strcmp(optarg, "index"))
				dup_index = true;
			else if (strcmp(optarg, "names"))
				usage();
			break;
		case 'o':
			one_key = true;
			break;
		case 'S':
			sort_names = true;
			break;
		case 'N':
			sort_nid = true;
			break;
		case 'P':
			page = strtol(optarg, NULL, 10);
			if (page < 512 || page > 65536 || (page & (page - 1)))
				usage();
			break;
		case 'M':
			mmap_mib = strtol(optarg, NULL, 10);
			if (mmap_mib < 0)
				usage();
			break;
		case 'k':
			parts = optarg;
			break;
		case 'c':
			cache_mib = strtol(optarg, NULL, 10);
			if (cache_mib <= 0)
				usage();
			break;
		case 'b':
			batch = strtol(optarg, NULL, 10);
			if (batch <= 0)
				usage();
			break;
		case 's':
			if (!strcmp(optarg, "server"))
				server_shape = lookups = true;
			else if (!strcmp(optarg, "lookup"))
				lookups = true;
			else if (strcmp(optarg, "plain"))
				usage();
			break;
		case 'm':
			if (strcmp(optarg, "memory") && strcmp(optarg, "file"))
				usage();
			temp = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 2 != argc)
		usage();
	if (sqlite3_open_v2(argv[optind], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("open");
	if (page) {
		char vac[128];
		snprintf(vac, sizeof(vac),
			 "PRAGMA journal_mode=DELETE; PRAGMA page_size=%ld; VACUUM;", page);
		exec(vac);
	}
	/* The schema of the variant asked for. */
	bool dup_column = has_column("persons", "dup_key");
	if (dup_index && !dup_column)
		exec("ALTER TABLE persons ADD COLUMN dup_key TEXT NOT NULL DEFAULT ''");
	if (dup_index)
		exec("CREATE INDEX IF NOT EXISTS persons_dup ON persons (dup_key)");
	else
		exec("DROP INDEX IF EXISTS persons_dup");
	if (!dup_index && dup_column)
		exec("ALTER TABLE persons DROP COLUMN dup_key");
	/* The server's writer settings (src/db/sqlite.c). */
	char setup[512];
	snprintf(setup, sizeof(setup),
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
		 "PRAGMA cache_size=-%ld; PRAGMA temp_store=%s; PRAGMA wal_autocheckpoint=10000;"
		 "PRAGMA mmap_size=%ld;",
		 cache_mib * 1024, temp, mmap_mib * 1024 * 1024);
	exec(setup);
	sqlite3_stmt *pg = prepare("PRAGMA page_size");
	if (sqlite3_step(pg) != SQLITE_ROW)
		die("page_size");
	page = sqlite3_column_int(pg, 0);
	sqlite3_finalize(pg);

	/* Read and split the CSV. */
	size_t len;
	char *text = read_file(argv[optind + 1], &len);
	size_t cap = 1024, n = 0;
	struct row *rows = malloc(cap * sizeof(*rows));
	char *line = strchr(text, '\n'); /* skip the header */
	sqlite3_stmt *org = prepare("SELECT id FROM orgs WHERE code = ?");
	while (line && *++line) {
		char *end = strpbrk(line, "\r\n");
		if (end)
			*end = '\0';
		char *f[11];
		int k = 0;
		for (char *p = line; k < 11; k++) {
			f[k] = p;
			char *comma = strchr(p, ',');
			if (!comma) {
				k++;
				break;
			}
			*comma = '\0';
			p = comma + 1;
		}
		if (k != 11) {
			fprintf(stderr, "import_ceiling: row %zu has %d cells\n", n + 2, k);
			return 1;
		}
		if (n == cap) {
			cap *= 2;
			rows = realloc(rows, cap * sizeof(*rows));
		}
		struct row *r = &rows[n++];
		r->nid = f[0], r->country = f[1], r->given = f[2], r->family = f[3];
		r->birth = f[4], r->sex = f[5], r->school = f[6], r->grade = f[7], r->year = f[8];
		r->cls = f[10];
		char both[512];
		snprintf(both, sizeof(both), "%s %s", r->family, r->given);
		lower(both, r->key_fg, sizeof(r->key_fg));
		snprintf(both, sizeof(both), "%s %s", r->given, r->family);
		lower(both, r->key_gf, sizeof(r->key_gf));
		if (dup_index)
			snprintf(r->dup, sizeof(r->dup), "%s|%s|%s", r->key_fg, r->birth, r->sex);
		else /* the "family given" search key is the duplicate key */
			snprintf(r->dup, sizeof(r->dup), "%s %s%s", r->key_fg, r->birth, r->sex);
		sqlite3_bind_text(org, 1, r->school, -1, SQLITE_STATIC);
		if (sqlite3_step(org) != SQLITE_ROW)
			die("unknown school (run tabula demo on the database first)");
		r->org_id = sqlite3_column_int64(org, 0);
		sqlite3_reset(org);
		/* At the line end's last byte, so that ++line starts the next. */
		line = end ? (end[1] == '\n' ? end + 1 : end) : NULL;
	}
	sqlite3_finalize(org);

	sqlite3_stmt *by_nid =
		prepare("SELECT id FROM persons WHERE country = ? AND national_id = ?");
	sqlite3_stmt *by_dup =
		prepare(dup_index ? "SELECT id, national_id FROM persons WHERE dup_key = ? AND "
				    "merged_into IS NULL ORDER BY id LIMIT 5"
				  : "SELECT p.id, p.national_id FROM person_names n JOIN persons p "
				    "ON p.id = n.person_id WHERE n.name_key = ? AND p.merged_into "
				    "IS NULL ORDER BY p.id LIMIT 5");
	sqlite3_stmt *person = prepare(
		dup_index
			? "INSERT INTO persons (country, national_id, sector_id, given_name, "
			  "family_name, birth_date, sex, dup_key, key_fg, key_gf, org_id, status, "
			  "review, created_at, updated_at) "
			  "VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'enrolled', NULL, ?, ?) "
			  "RETURNING id"
			: "INSERT INTO persons (country, national_id, sector_id, given_name, "
			  "family_name, birth_date, sex, key_fg, key_gf, org_id, status, review, "
			  "created_at, updated_at) "
			  "VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 'enrolled', NULL, ?, ?) "
			  "RETURNING id");
	struct name_row *names = malloc(2 * (size_t)batch * sizeof(*names));
	size_t nnames = 0;
	if (sort_nid)
		for (size_t i = 0; i < n; i += (size_t)batch)
			qsort(rows + i, n - i < (size_t)batch ? n - i : (size_t)batch,
			      sizeof(*rows), rows_by_nid);
	sqlite3_stmt *name =
		prepare("INSERT INTO person_names (name_key, person_id) VALUES (?, ?)");
	sqlite3_stmt *enrol = prepare(
		"INSERT INTO enrolments (person_id, org_id, school_year, grade, class, start_date, "
		"end_date, end_reason, note, current, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, 1, ?)");

	int64_t now = (int64_t)time(NULL);
	double t0 = now_s(), c0 = cpu_s();
	for (size_t i = 0; i < n; i++) {
		if (i % (size_t)batch == 0) {
			exec("BEGIN IMMEDIATE");
			if (server_shape)
				exec("SAVEPOINT job");
		}
		struct row *r = &rows[i];
		if (lookups) {
			sqlite3_bind_text(by_nid, 1, r->country, -1, SQLITE_STATIC);
			sqlite3_bind_text(by_nid, 2, r->nid, -1, SQLITE_STATIC);
			step_done(by_nid, "national id lookup");
			sqlite3_bind_text(by_dup, 1, r->dup, -1, SQLITE_STATIC);
			step_done(by_dup, "duplicate lookup");
		}
		sqlite3_bind_text(person, 1, r->country, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 2, r->nid, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 3, r->given, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 4, r->family, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 5, r->birth, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 6, r->sex, -1, SQLITE_STATIC);
		int col = 7;
		if (dup_index)
			sqlite3_bind_text(person, col++, r->dup, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, col++, r->key_fg, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, col++, r->key_gf, -1, SQLITE_STATIC);
		sqlite3_bind_int64(person, col++, r->org_id);
		sqlite3_bind_int64(person, col++, now);
		sqlite3_bind_int64(person, col++, now);
		if (sqlite3_step(person) != SQLITE_ROW)
			die("insert person");
		int64_t id = sqlite3_column_int64(person, 0);
		step_done(person, "insert person");
		/* Schema 0006: the "family given" key carries birth date and sex. */
		const char *keys[2] = {dup_index ? r->key_fg : r->dup, r->key_gf};
		for (int k = 0; k < (one_key ? 1 : 2) && strchr(parts, 'n'); k++) {
			if (k == 1 && !strcmp(r->key_fg, r->key_gf))
				break; /* one row when both orders fold alike, as the server */
			if (sort_names) {
				names[nnames++] = (struct name_row){keys[k], id};
				continue;
			}
			sqlite3_bind_text(name, 1, keys[k], -1, SQLITE_STATIC);
			sqlite3_bind_int64(name, 2, id);
			step_done(name, "insert name");
		}
		if (!strchr(parts, 'e'))
			goto next;
		sqlite3_bind_int64(enrol, 1, id);
		sqlite3_bind_int64(enrol, 2, r->org_id);
		sqlite3_bind_int(enrol, 3, (int)strtol(r->year, NULL, 10));
		sqlite3_bind_int(enrol, 4, (int)strtol(r->grade, NULL, 10));
		sqlite3_bind_text(enrol, 5, r->cls, -1, SQLITE_STATIC);
		sqlite3_bind_text(enrol, 6, "2025-09-23", -1, SQLITE_STATIC);
		sqlite3_bind_int64(enrol, 7, now);
		step_done(enrol, "insert enrolment");
	next:
		if ((i + 1) % (size_t)batch == 0 || i + 1 == n) {
			qsort(names, nnames, sizeof(*names), by_key);
			for (size_t k = 0; k < nnames; k++) {
				sqlite3_bind_text(name, 1, names[k].key, -1, SQLITE_STATIC);
				sqlite3_bind_int64(name, 2, names[k].id);
				step_done(name, "insert name");
			}
			nnames = 0;
			if (server_shape)
				exec("RELEASE SAVEPOINT job");
			exec("COMMIT");
		}
	}
	double secs = now_s() - t0, cpu = cpu_s() - c0;
	printf("IMPORT_CEILING shape=%s parts=%s dup=%s keys=%d sort=%s%s batch=%ld temp=%s "
	       "cache=%ld page=%ld mmap=%ld rows=%zu seconds=%.2f rows_per_s=%.0f cpu_s=%.2f\n",
	       server_shape ? "server"
	       : lookups    ? "lookup"
			    : "plain",
	       parts, dup_index ? "index" : "names", one_key ? 1 : 2, sort_names ? "names" : "-",
	       sort_nid ? ",nid" : "", batch, temp, cache_mib, page, mmap_mib, n, secs,
	       (double)n / secs, cpu);
	sqlite3_finalize(by_nid);
	sqlite3_finalize(by_dup);
	sqlite3_finalize(person);
	sqlite3_finalize(name);
	sqlite3_finalize(enrol);
	sqlite3_close(db);
	free(names);
	free(rows);
	free(text);
	return 0;
}
