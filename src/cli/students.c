/*
 * students.c: `tabula import students` and `tabula export students`: the
 * registry's bulk CSV in and out, as the HTTP import and export do.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "cli/cli.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/registry/export.h"
#include "domain/registry/import.h"

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

/* The job row of a command-line import, and its progress on stderr. */
struct cli_job {
	struct import_job job;
	uint64_t last_ns;
};

static void cli_progress(void *ctx, int64_t processed, int64_t succeeded, int64_t failed)
{
	struct cli_job *j = ctx;
	uint64_t now = time_mono_ns();
	if (now - j->last_ns < 1000000000ull && processed < j->job.total)
		return;
	j->last_ns = now;
	fprintf(stderr,
		"import: %" PRId64 " of %" PRId64 " rows (%" PRId64 " imported, %" PRId64
		" with errors)\n",
		processed, j->job.total, succeeded, failed);
}

/* Write the job's error report to path. */
static int write_error_report(struct db *db, int64_t job, const char *path)
{
	struct buf out;
	buf_init(&out, 0);
	int rc = import_errors_csv(db, job, &out);
	FILE *f = rc ? NULL : fopen(path, "wb");
	if (!rc && (!f || fwrite(out.p, 1, out.len, f) != out.len))
		rc = ERR_IO;
	if (f && fclose(f))
		rc = ERR_IO;
	buf_release(&out);
	return rc;
}

/* Count the rows of src first, for progress (then rewind f), and make the
 * job row. A bad header is not an error here: the import fails the job
 * with the same message. */
static int cli_job_start(struct db *db, const struct import_source *src, FILE *f, const char *path,
			 struct cli_job *j)
{
	struct problem p = {0};
	char msg[512];
	int rc = import_scan(src, &j->job.total, &p, msg, sizeof(msg));
	if (rc == ERR_OK || p.err == ERR_INVALID)
		rc = fseek(f, 0, SEEK_SET) ? ERR_IO : ERR_OK;
	if (rc) {
		fprintf(stderr, "tabula: cannot read %s: %s\n", path, err_str(rc));
		return rc;
	}
	rc = work_write(db, import_job_create_tx, &j->job);
	if (rc)
		fprintf(stderr, "tabula: cannot create the job: %s\n", err_str(rc));
	return rc;
}

/* After an import: the error report next to the input (students.csv ->
 * students.errors.csv), or no stale one of an earlier run. */
static void cli_error_report(struct db *db, int64_t job, const char *path, int64_t failed)
{
	char report[4096];
	size_t n = strlen(path);
	int stem = n > 4 && !strcasecmp(path + n - 4, ".csv") ? (int)n - 4 : (int)n;
	snprintf(report, sizeof(report), "%.*s.errors.csv", stem, path);
	if (!failed)
		remove(report);
	else if (write_error_report(db, job, report))
		fprintf(stderr, "tabula: cannot write %s\n", report);
	else
		fprintf(stderr, "import: errors in %s\n", report);
}

/* Run the import of src for who into job j; the process's exit code. */
static int cli_import_run(int argc, char **argv, struct db *db, const struct principal *who,
			  const struct import_source *src, const char *path, struct cli_job *j)
{
	/* Tuning, for benchmarks: rows per write job, jobs queued at once. */
	const char *batch = cli_flag(argc, argv, "--batch-rows");
	const char *inflight = cli_flag(argc, argv, "--inflight");
	struct import_options o = {.db = db,
				   .job_id = j->job.id,
				   .who = who,
				   .roles = ACCESS_REGISTRARS,
				   .batch_rows = batch ? (int)strtol(batch, NULL, 10)
						       : IMPORT_CLI_BATCH_ROWS,
				   .inflight = inflight ? (int)strtol(inflight, NULL, 10) : 0,
				   .progress = cli_progress,
				   .progress_ctx = j};
	struct import_result res;
	int rc = import_students(&o, src, &res);
	cli_error_report(db, j->job.id, path, res.failed);
	printf("imported %" PRId64 ", failed %" PRId64 "\n", res.succeeded, res.failed);
	if (rc)
		fprintf(stderr, "tabula: import failed (job %" PRId64 "): %s\n", j->job.id,
			res.message);
	return rc ? 1 : 0;
}

int cli_import(int argc, char **argv)
{
	const char *pos[3];
	const char *as = cli_flag(argc, argv, "--as");
	if (cli_positionals(argc, argv, pos, 3) != 2 || strcmp(pos[0], "students")) {
		fprintf(stderr,
			"usage: tabula import students --db URL [--as USERNAME] FILE.csv\n");
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
	struct import_source src = {.read = file_read, .ctx = f};
	struct cli_job j = {0};
	int rc = db ? cli_principal(db, &a, as, &who) : ERR_DB;
	if (!rc) {
		j.job.user_id = who.user_id;
		rc = cli_job_start(db, &src, f, path, &j);
	}
	int exit_code = rc ? 1 : cli_import_run(argc, argv, db, &who, &src, path, &j);
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
		fprintf(stderr,
			"usage: tabula export students --db URL --org CODE [--as USERNAME]\n");
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
		struct export_options eo = {
			.code = org, .roles = ACCESS_REGISTRARS, .flush = stdout_flush};
		struct problem p = {0};
		int64_t rows = 0;
		rc = export_students(db, &who, &eo, &out, &rows, &p);
		if (!rc && fflush(stdout))
			rc = ERR_IO;
		buf_release(&out);
		if (rc)
			fprintf(stderr, "tabula: export failed: %s\n",
				p.detail ? p.detail : err_str(rc));
		else
			fprintf(stderr, "export: %" PRId64 " students\n", rows);
	}
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return rc ? 1 : 0;
}
