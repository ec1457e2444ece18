/*
 * migrate.c: `tabula migrate --db URL`: apply pending migrations, then load
 * the embedded support holiday files of every (country, year) without rows.
 */
#include "core/base.h"
#include "core/config.h"
#include "db/db.h"
#include "domain/support/calendar.h"
#include "cli/cli.h"

int cli_migrate(int argc, char **argv)
{
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, false))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, true);
	int rc = 1;
	if (db) {
		printf("migrations applied: %d\n", db_migrations_applied(db));
		/* The support holidays of every (country, year) without rows yet. */
		int loaded = 0;
		rc = support_holidays_seed(db, &loaded);
		if (rc)
			fprintf(stderr, "tabula: loading the support holidays failed: %s\n",
				err_str(rc));
		else if (loaded)
			printf("support holiday files loaded: %d\n", loaded);
		db_close(db);
		rc = rc ? 1 : 0;
	}
	config_release(&cfg);
	return rc;
}
