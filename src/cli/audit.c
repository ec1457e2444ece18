/*
 * audit.c: `tabula audit verify --db URL [--expect SEQ:HASH]`.
 */
#include "core/base.h"
#include "core/config.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "cli/cli.h"

struct audit_check {
	int64_t expect_seq;
	const char *expect_hash;
	struct audit_report rep;
};

static int audit_check_read(struct db_conn *c, void *arg)
{
	struct audit_check *a = arg;
	return audit_verify(c, a->expect_seq, a->expect_hash, &a->rep);
}

/* tabula audit verify: 0 whole, 1 broken (or the database failed), 2 usage. */
int cli_audit(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "verify")) {
		fprintf(stderr, "usage: tabula audit verify --db URL [--expect SEQ:HASH]\n");
		return 2;
	}
	struct audit_check a = { 0 };
	const char *expect = cli_flag(argc, argv, "--expect");
	if (expect) {
		char *end;
		errno = 0;
		long long v = strtoll(expect, &end, 10);
		if (errno || v <= 0 || *end != ':' || strlen(end + 1) != 64) {
			fprintf(stderr, "tabula: --expect takes SEQ:HASH as printed by audit verify\n");
			return 2;
		}
		a.expect_seq = v;
		a.expect_hash = end + 1;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc - 1, argv + 1, true))
		return 2;
	struct db *db = cli_open_db(&cfg, 1, false);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	int rc = db_read(db, audit_check_read, &a);
	db_close(db);
	config_release(&cfg);
	if (rc == ERR_INVALID) {
		if (a.rep.bad_id)
			printf("audit: BROKEN at entry %" PRId64 " (row id %" PRId64 "): %s\n",
			       a.rep.bad_seq, a.rep.bad_id, a.rep.why);
		else
			printf("audit: BROKEN at entry %" PRId64 ": %s\n", a.rep.bad_seq, a.rep.why);
		printf("audit: %" PRId64 " entries before it are intact\n", a.rep.entries);
		return 1;
	}
	if (rc) {
		fprintf(stderr, "tabula: cannot read the audit log: %s\n", err_str(rc));
		return 1;
	}
	printf("audit: %" PRId64 " entries, chain intact\n", a.rep.entries);
	printf("head: %" PRId64 ":%s\n", a.rep.head_seq, a.rep.head_hash);
	return 0;
}
