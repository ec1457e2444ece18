/*
 * report_cards.c: `tabula report-cards compute --db URL --year 2025-2026`.
 */
#include "core/base.h"
#include "core/config.h"
#include "db/db.h"
#include "domain/common/calendar.h"
#include "domain/teaching/year_result.h"
#include "cli/cli.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* tabula report-cards compute: the year-end results of every student with a
 * gradebook in the school year, a page of gradebook rows per transaction. */
int cli_report_cards(int argc, char **argv)
{
	const char *year = cli_flag(argc, argv, "--year");
	struct problem p = {0};
	int start = 0;
	/* "2025-2026", or its start year alone. */
	char full[48];
	if (year && !strchr(year, '-'))
		snprintf(full, sizeof(full), "%ld-%ld", strtol(year, NULL, 10),
			 strtol(year, NULL, 10) + 1);
	else
		snprintf(full, sizeof(full), "%s", year ? year : "");
	if (argc < 1 || strcmp(argv[0], "compute") || school_year_parse(full, &start, &p)) {
		fprintf(stderr, "usage: tabula report-cards compute --db URL --year 2025-2026\n");
		return 2;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc - 1, argv + 1, true))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	struct gb_year y = {.school_year = start};
	double t0 = now_seconds();
	int rc = gb_year_compute(db, &y);
	double secs = now_seconds() - t0;
	gb_year_release(&y);
	db_close(db);
	config_release(&cfg);
	if (rc) {
		fprintf(stderr, "tabula: report-cards compute failed: %s\n", err_str(rc));
		return 1;
	}
	printf("year results %d-%d: %" PRId64 " students (%" PRId64 " incomplete, %" PRId64
	       " at schools without a policy) from %" PRId64 " gradebook rows in %.2f s\n",
	       start, start + 1, y.students, y.incomplete, y.skipped, y.rows, secs);
	return 0;
}
