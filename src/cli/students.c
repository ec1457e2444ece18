/*
 * students.c: `tabula import students` and `tabula export students`: the
 * registry's bulk CSV in and out, as the HTTP import and export do.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "domain/access/access.h"
#include "db/db.h"
#include "domain/common/job.h"
#include "domain/registry/import.h"
#include "cli/cli.h"

#include <strings.h>

/* The caller of a command-line import or export: --as USERNAME, or the
 * national administrator. */
static int cli_principal(struct db *db, struct arena *a, const char *as, struct principal *who)
{
	if (!as) {
		import_principal_national(who);
		return 0;
	}
	int rc = import_principal_load(db, a, as, who);
	if (rc)
		fprintf(stderr, "tabula: %s '%s'\n",
			rc == ERR_NOTFOUND    ? "no such user"
			: rc == ERR_FORBIDDEN ? "this account is disabled:"
					      : "cannot read the user",
			as);
	return rc;
}

static long file_read(void *ctx, char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, ctx);
	if (got == 0 && ferror((FILE *)ctx))
		return ERR_IO;
	return (long)got;
}

struct cli_job {
	int64_t total, id;
	const char *kind;
	int64_t user_id;
	uint64_t last_ns;
};

static int cli_job_create(struct db_conn *c, void *arg)
{
	struct cli_job *j = arg;
	return job_create(c, j->kind, j->user_id, j->total, &j->id);
}

static void cli_progress(void *ctx, int64_t processed, int64_t succeeded, int64_t failed)
{
	struct cli_job *j = ctx;
	uint64_t now = time_mono_ns();
	if (now - j->last_ns < 1000000000ull && processed < j->total)
		return;
	j->last_ns = now;
	fprintf(stderr, "import: %" PRId64 " of %" PRId64 " rows (%" PRId64 " imported, %" PRId64
			" with errors)\n",
		processed, j->total, succeeded, failed);
}

struct cli_errors {
	int64_t id;
	struct buf *out;
};

static int cli_errors_read(struct db_conn *c, void *arg)
{
	struct cli_errors *e = arg;
	return job_errors_csv(c, e->id, e->out);
}

/* Write the job's error report next to the input. */
static int write_error_report(struct db *db, int64_t job, const char *path)
{
	struct buf out;
	buf_init(&out, 0);
	struct cli_errors e = { .id = job, .out = &out };
	int rc = db_read(db, cli_errors_read, &e);
	FILE *f = rc ? NULL : fopen(path, "wb");
	if (!rc && (!f || fwrite(out.p, 1, out.len, f) != out.len))
		rc = ERR_IO;
	if (f && fclose(f))
		rc = ERR_IO;
	buf_release(&out);
	return rc;
}

int cli_import(int argc, char **argv)
{
	const char *pos[3];
	const char *as = cli_flag(argc, argv, "--as");
	if (cli_positionals(argc, argv, pos, 3) != 2 || strcmp(pos[0], "students")) {
		fprintf(stderr, "usage: tabula import students --db URL [--as USERNAME] FILE.csv\n");
		return 2;
	}
	const char *path = pos[1];
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "tabula: cannot open %s: %s\n", path, strerror(errno));
		config_release(&cfg);
		return 1;
	}
	struct db *db = cli_open_db(&cfg, 2, true);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct principal who;
	int rc = db ? cli_principal(db, &a, as, &who) : ERR_DB;
	/* Count the rows first, for progress; a bad header fails the job below
	 * with the same message. */
	struct cli_job j = { .kind = IMPORT_KIND_STUDENTS };
	struct problem p = { 0 };
	char msg[512];
	struct import_source src = { .read = file_read, .ctx = f };
	if (!rc) {
		j.user_id = who.user_id;
		if (import_scan(&src, &j.total, &p, msg, sizeof(msg)) == ERR_OK || p.err == ERR_INVALID)
			rc = fseek(f, 0, SEEK_SET) ? ERR_IO : ERR_OK;
		else
			rc = p.err;
		if (rc)
			fprintf(stderr, "tabula: cannot read %s: %s\n", path, err_str(rc));
	}
	if (!rc) {
		rc = db_write(db, cli_job_create, &j);
		if (rc)
			fprintf(stderr, "tabula: cannot create the job: %s\n", err_str(rc));
	}
	int exit_code = 1;
	if (!rc) {
		/* Tuning, for benchmarks: rows per write job, jobs queued at once. */
		const char *batch = cli_flag(argc, argv, "--batch-rows");
		const char *inflight = cli_flag(argc, argv, "--inflight");
		struct import_options o = { .db = db,
					    .job_id = j.id,
					    .who = &who,
					    .roles = ACCESS_REGISTRARS,
					    .batch_rows = batch ? (int)strtol(batch, NULL, 10)
							  : IMPORT_CLI_BATCH_ROWS,
					    .inflight = inflight ? (int)strtol(inflight, NULL, 10) : 0,
					    .progress = cli_progress,
					    .progress_ctx = &j };
		struct import_result res;
		rc = import_students(&o, &src, &res);
		/* students.csv -> students.errors.csv */
		char report[4096];
		size_t n = strlen(path);
		int stem = n > 4 && !strcasecmp(path + n - 4, ".csv") ? (int)n - 4 : (int)n;
		snprintf(report, sizeof(report), "%.*s.errors.csv", stem, path);
		if (res.failed) {
			if (write_error_report(db, j.id, report))
				fprintf(stderr, "tabula: cannot write %s\n", report);
			else
				fprintf(stderr, "import: errors in %s\n", report);
		} else {
			remove(report); /* a stale report of an earlier run */
		}
		printf("imported %" PRId64 ", failed %" PRId64 "\n", res.succeeded, res.failed);
		if (rc)
			fprintf(stderr, "tabula: import failed (job %" PRId64 "): %s\n", j.id,
				res.message);
		exit_code = rc ? 1 : 0;
	}
	fclose(f);
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return exit_code;
}

static int stdout_flush(struct buf *out, void *ctx)
{
	UNUSED(ctx);
	if (fwrite(out->p, 1, out->len, stdout) != out->len)
		return ERR_IO;
	buf_reset(out);
	return ERR_OK;
}

int cli_export(int argc, char **argv)
{
	const char *pos[2];
	const char *org = cli_flag(argc, argv, "--org");
	const char *as = cli_flag(argc, argv, "--as");
	if (cli_positionals(argc, argv, pos, 2) != 1 || strcmp(pos[0], "students") || !org) {
		fprintf(stderr, "usage: tabula export students --db URL --org CODE [--as USERNAME]\n");
		return 2;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, true);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct principal who;
	int rc = db ? cli_principal(db, &a, as, &who) : ERR_DB;
	if (!rc) {
		struct buf out;
		buf_init(&out, 0);
		struct export_options eo = { .code = org, .roles = ACCESS_REGISTRARS,
					     .flush = stdout_flush };
		struct problem p = { 0 };
		int64_t rows = 0;
		rc = export_students(db, &who, &eo, &out, &rows, &p);
		if (!rc && fflush(stdout))
			rc = ERR_IO;
		buf_release(&out);
		if (rc)
			fprintf(stderr, "tabula: export failed: %s\n", p.detail ? p.detail : err_str(rc));
		else
			fprintf(stderr, "export: %" PRId64 " students\n", rows);
	}
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return rc ? 1 : 0;
}
