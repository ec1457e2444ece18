/*
 * migrate.c: `tabula migrate --db URL`: apply pending migrations.
 */
#include "core/base.h"
#include "core/config.h"
#include "db/db.h"
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
		db_close(db);
		rc = 0;
	}
	config_release(&cfg);
	return rc;
}
