/*
 * audit.c: `tabula audit verify --db URL [--expect SEQ:HASH]`.
 */
#include "core/base.h"
#include "core/config.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "cli/cli.h"

/* tabula audit verify: 0 whole, 1 broken (or the database failed), 2 usage. */
int cli_audit(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "verify")) {
		fprintf(stderr, "usage: tabula audit verify --db URL [--expect SEQ:HASH]\n");
		return 2;
	}
	int64_t expect_seq = 0;
	const char *expect_hash = NULL;
	struct audit_report rep;
	const char *expect = cli_flag(argc, argv, "--expect");
	if (expect) {
		char *end;
		errno = 0;
		long long v = strtoll(expect, &end, 10);
		if (errno || v <= 0 || *end != ':' || strlen(end + 1) != 64) {
			fprintf(stderr,
				"tabula: --expect takes SEQ:HASH as printed by audit verify\n");
			return 2;
		}
		expect_seq = v;
		expect_hash = end + 1;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc - 1, argv + 1, true))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, false);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	int rc = audit_check(db, expect_seq, expect_hash, &rep);
	db_close(db);
	config_release(&cfg);
	if (rc == ERR_INVALID) {
		if (rep.bad_id)
			printf("audit: BROKEN at entry %" PRId64 " (row id %" PRId64 "): %s\n",
			       rep.bad_seq, rep.bad_id, rep.why);
		else
			printf("audit: BROKEN at entry %" PRId64 ": %s\n", rep.bad_seq, rep.why);
		printf("audit: %" PRId64 " entries before it are intact\n", rep.entries);
		return 1;
	}
	if (rc) {
		fprintf(stderr, "tabula: cannot read the audit log: %s\n", err_str(rc));
		return 1;
	}
	printf("audit: %" PRId64 " entries, chain intact\n", rep.entries);
	printf("head: %" PRId64 ":%s\n", rep.head_seq, rep.head_hash);
	return 0;
}
