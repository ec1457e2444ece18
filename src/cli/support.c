/*
 * support.c: the support commands (docs/support.md).
 *
 *   tabula support holidays --db URL --file F.json
 *       replace the holidays of the file's country and year; prints what it
 *       loaded
 *   tabula support sweep --db URL [--at INSTANT]
 *       escalate every ticket overdue as of INSTANT (RFC 3339; default now)
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/common/instant.h"
#include "domain/support/calendar.h"
#include "domain/support/escalation.h"
#include "cli/cli.h"

static const char usage[] = "usage: tabula support holidays --db URL --file F.json\n"
			    "       tabula support sweep --db URL [--at INSTANT]\n";

/* The whole file at path as a malloc'd buffer and its length, or NULL. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			if (cap >= (8u << 20)) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			cap = cap ? cap * 2 : 65536;
			char *more = realloc(buf, cap + 1);
			if (!more) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = more;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int holidays(int argc, char **argv)
{
	const char *path = cli_flag(argc, argv, "--file");
	if (!path) {
		fputs(usage, stderr);
		return 2;
	}
	size_t len = 0;
	char *text = read_all(path, &len);
	if (!text) {
		fprintf(stderr, "tabula: cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true)) {
		free(text);
		return 2;
	}
	struct db *db = cli_open_db(&cfg, 1, true);
	int rc = 1;
	if (db) {
		struct arena a;
		arena_init(&a, 65536, 0);
		struct support_holiday_file f;
		struct problem p = {0};
		if (support_holidays_load(db, &a, text, len, &f, &p)) {
			fprintf(stderr, "tabula: %s: %s%s%s: %s\n", path, p.code ? p.code : "error",
				p.field ? " at " : "", p.field ? p.field : "",
				p.detail ? p.detail : problem_def(p.id)->sentence);
		} else {
			printf("holidays %s %d: %d days loaded (%s .. %s)\n", f.country, f.year,
			       f.n, f.days[0].date, f.days[f.n - 1].date);
			for (int i = 0; i < f.n; i++)
				printf("  %s %s %s\n", f.days[i].date, f.days[i].calendar,
				       f.days[i].names);
			rc = 0;
		}
		arena_release(&a);
		db_close(db);
	}
	config_release(&cfg);
	free(text);
	return rc;
}

static void print_line(void *arg, const char *text)
{
	fputs(text, arg);
	fputc('\n', arg);
}

static int sweep(int argc, char **argv)
{
	const char *at = cli_flag(argc, argv, "--at");
	struct support_sweep s = {.line = print_line, .line_arg = stdout};
	if (at && !instant_parse(at, 0, &s.at_ms)) {
		fprintf(stderr,
			"tabula: --at is an RFC 3339 instant, e.g. "
			"2026-03-25T09:00:00+03:30\n%s",
			usage);
		return 2;
	}
	if (!at)
		s.at_ms = time_now_ms();
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, true);
	int rc = 1;
	if (db) {
		if (support_sweep_run(db, &s))
			fprintf(stderr, "tabula: support sweep: %s%s%s\n",
				s.p.code ? s.p.code : "error", s.p.detail ? ": " : "",
				s.p.detail ? s.p.detail : "");
		else
			rc = 0;
		/* What was committed is told even when a later batch failed. */
		printf("escalated %" PRId64 ", breached %" PRId64 "\n", s.escalated, s.breached);
		db_close(db);
	}
	config_release(&cfg);
	return rc;
}

int cli_support(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "sweep"))
		return sweep(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "holidays"))
		return holidays(argc - 1, argv + 1);
	fputs(usage, stderr);
	return 2;
}
