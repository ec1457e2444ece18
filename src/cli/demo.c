/*
 * demo.c: `tabula demo --db URL`: fill a demo data set and print the logins.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/err.h"
#include "crypto/password.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "demo/demo.h"
#include "cli/cli.h"

int cli_demo(int argc, char **argv)
{
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, false))
		return 2;
	if (crypto_init(0)) {
		config_release(&cfg);
		return 1;
	}
	/* With a server secret the demo also signs some school records. */
	char err[512];
	if (*cfg.secret_file && secret_load(cfg.secret_file, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		config_release(&cfg);
		return 1;
	}
	struct db *db = cli_open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	int rc = demo_fill(db, stderr);
	if (!rc)
		rc = db_analyze(db);
	db_close(db);
	config_release(&cfg);
	if (rc) {
		fprintf(stderr, "tabula: demo failed: %s\n", err_str(rc));
		return 1;
	}
	size_t n;
	const struct demo_login *l = demo_logins(&n);
	printf("\nDemo logins (password for all: %s)\n", DEMO_PASSWORD);
	for (size_t i = 0; i < n; i++)
		printf("  %-20s %-17s %-14s %s\n", l[i].username, l[i].role,
		       l[i].org ? l[i].org : "-", l[i].what);
	/* The exam session's (src/demo/exams.c). */
	l = demo_exam_logins(&n);
	for (size_t i = 0; i < n; i++)
		printf("  %-20s %-17s %-14s %s\n", l[i].username, l[i].role,
		       l[i].org ? l[i].org : "-", l[i].what);
	/* The help desk's (src/demo/support.c). */
	l = demo_support_logins(&n);
	for (size_t i = 0; i < n; i++)
		printf("  %-20s %-17s %-14s %s\n", l[i].username, l[i].role,
		       l[i].org ? l[i].org : "-", l[i].what);
	return 0;
}
