/*
 * user.c: `tabula user add`: create an account from the command line (the
 * first national administrator, a scripted set-up).
 */
#include "core/base.h"
#include "core/config.h"
#include "crypto/bytes.h"
#include "crypto/password.h"
#include "db/db.h"
#include "domain/access/user.h"
#include "domain/common/work.h"
#include "cli/cli.h"

int cli_user_add(int argc, char **argv)
{
	const char *username = cli_flag(argc, argv, "--username");
	const char *role = cli_flag(argc, argv, "--role");
	const char *org = cli_flag(argc, argv, "--org");
	const char *student = cli_flag(argc, argv, "--student");
	if (!username || !role || !cli_flag_present(argc, argv, "--password-stdin")) {
		fprintf(stderr,
			"usage: tabula user add --db URL --username U --role ROLE "
			"[--org CODE] [--student ID] --password-stdin [--must-change-password]\n");
		return 2;
	}
	int r = role_parse(role);
	if (r < 0) {
		fprintf(stderr, "tabula: unknown role '%s'\n", role);
		return 2;
	}
	int64_t student_id = 0;
	if (student) {
		char *end;
		errno = 0;
		long long v = strtoll(student, &end, 10);
		if (errno || *end || end == student || v <= 0 ||
		    (r != ROLE_STUDENT && r != ROLE_CANDIDATE)) {
			fprintf(stderr, "tabula: --student takes a student id, with --role "
					"student or candidate\n");
			return 2;
		}
		student_id = v;
	}
	char password[PASSWORD_MAX_BYTES + 2];
	if (cli_read_password(password, sizeof(password)) ||
	    strlen(password) < PASSWORD_MIN_CHARS || strlen(password) > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "tabula: give a password of %d to %d bytes on standard input\n",
			PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES);
		return 2;
	}
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	char hash[PASSWORD_HASH_MAX];
	if (crypto_init(1) || password_hash(password, strlen(password), hash)) {
		fprintf(stderr, "tabula: cannot hash the password\n");
		config_release(&cfg);
		return 1;
	}
	bytes_wipe(password, sizeof(password));
	struct db *db = cli_open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	struct user_add u = {.in = {.username = username,
				    .password_hash = hash,
				    .role = (enum role)r,
				    .org = org,
				    .must_change_password =
					    cli_flag_present(argc, argv, "--must-change-password"),
				    .person_id = student_id}};
	int rc = work_write(db, user_add_tx, &u);
	if (rc)
		fprintf(stderr, "tabula: cannot add user: %s%s%s\n",
			u.p.detail ? u.p.detail : err_str(rc), u.p.field ? " field: " : "",
			u.p.field ? u.p.field : "");
	else
		printf("user %s added (id %" PRId64 ", role %s%s%s)\n", username, u.id, role,
		       org ? " at " : "", org ? org : "");
	db_close(db);
	config_release(&cfg);
	return rc ? 1 : 0;
}
