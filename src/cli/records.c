/*
 * records.c: `tabula trust-list --db URL [--school CODE] > FILE`.
 *
 * Writes the trust list (which keys sign records for which school and role,
 * and since / until when), signed with the instance's ministry key, as
 * GET /api/v1/trust-list serves it. The ministry key is made on first use,
 * so the server secret must be given (--secret-file, as for serve). Exits 0,
 * 1 on failure, 2 on bad usage.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "cli/cli.h"
#include "crypto/ed25519.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/common/work.h"
#include "domain/records/signing_key.h"
#include "domain/records/trust.h"

/* The signed list, the instance's ministry key made first when missing. */
static int trust_list_make(struct db *db, struct trust_list_request *t)
{
	int rc = trust_list_get(db, t);
	if (!rc && t->need_key) {
		rc = work_write(db, trust_list_key_tx, t);
		if (!rc)
			rc = trust_list_get(db, t);
	}
	return rc;
}

int cli_trust_list(int argc, char **argv)
{
	const char *school = NULL;
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--school"))
			school = argv[i + 1];
	struct config cfg;
	if (cli_read_config(&cfg, argc, argv, true))
		return 2;
	char err[512];
	if (ed25519_init()) {
		config_release(&cfg);
		return 1;
	}
	if (!*cfg.secret_file || secret_load(cfg.secret_file, err, sizeof(err))) {
		fprintf(stderr,
			"tabula: trust-list signs with the ministry key, sealed with the server "
			"secret: %s\n",
			*cfg.secret_file ? err : "give --secret-file");
		config_release(&cfg);
		return 2;
	}
	struct db_options opt = {.readers = 1, .migrate = true};
	struct db *db = NULL;
	if (db_open(cfg.db, &opt, &db, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		secret_unload();
		config_release(&cfg);
		return 1;
	}
	struct arena a;
	arena_init(&a, 1024, 0);
	struct trust_list_request t = {.school = school, .now = time_now_unix(), .a = &a};
	int rc = trust_list_make(db, &t);
	if (!rc) {
		char *text = json_dumps(t.list, JSON_INDENT(2));
		if (!text || fputs(text, stdout) < 0 || fputs("\n", stdout) < 0 || fflush(stdout))
			rc = ERR_IO;
		free(text);
	}
	if (rc)
		fprintf(stderr, "tabula: trust-list failed: %s\n",
			rc == ERR_NOTFOUND ? "no such school"
			: t.p.detail	   ? t.p.detail
					   : err_str(rc));
	else
		fprintf(stderr, "trust list: %zu keys, signed by did:key:%s\n",
			json_array_size(json_object_get(
				json_object_get(t.list, "credentialSubject"), "keys")),
			t.ministry.multikey);
	json_decref(t.list);
	arena_release(&a);
	db_close(db);
	secret_unload();
	config_release(&cfg);
	return rc ? 1 : 0;
}
