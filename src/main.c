/*
 * main.c: the tabula command.
 *
 *   tabula serve   [--db URL] [--listen HOST:PORT] [settings...]
 *   tabula migrate --db URL
 *   tabula user add --db URL --username U --role ROLE [--org CODE] --password-stdin
 *   tabula demo    --db URL
 *   tabula routes
 *   tabula version
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "api/api.h"
#include "crypto/password.h"
#include "db/db.h"
#include "domain/demo.h"
#include "domain/user.h"
#include "http/server.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TABULA_VERSION
#define TABULA_VERSION "0.1.0"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tabula <command> [flags]\n\n"
		"commands:\n"
		"  serve      run the HTTP server\n"
		"  migrate    apply pending database migrations\n"
		"  user add   create an account (--username U --role ROLE [--org CODE] "
		"--password-stdin)\n"
		"  demo       fill the database with a demo data set and print the logins\n"
		"  routes     list the HTTP routes\n"
		"  version    print the version\n\n"
		"settings (flags override TABULA_* variables, which override --config FILE):\n");
	config_usage(out);
}

/* Fill cfg for a command; on failure it prints why and leaves cfg released. */
static int load_config(struct config *cfg, int argc, char **argv, bool allow_unknown)
{
	char err[512];
	config_init(cfg);
	if (config_load(cfg, argc, argv, allow_unknown, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		config_release(cfg);
		return -1;
	}
	int level = log_level_parse(cfg->log_level);
	if (level < 0) {
		fprintf(stderr, "tabula: log_level must be debug, info, warn or error\n");
		config_release(cfg);
		return -1;
	}
	log_set_level((enum log_level)level);
	return 0;
}

static struct db *open_db(const struct config *cfg, int readers, bool migrate)
{
	struct db_options opt = { .readers = readers, .writers = (int)cfg->writer_threads,
				  .migrate = migrate };
	struct db *db = NULL;
	char err[512];
	if (db_open(cfg->db, &opt, &db, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		return NULL;
	}
	return db;
}

static int cmd_migrate(int argc, char **argv)
{
	struct config cfg;
	if (load_config(&cfg, argc, argv, false))
		return 2;
	struct db *db = open_db(&cfg, 1, true);
	int rc = 1;
	if (db) {
		printf("migrations applied: %d\n", db_migrations_applied(db));
		db_close(db);
		rc = 0;
	}
	config_release(&cfg);
	return rc;
}

/* Read one line of password from stdin, without its line ending. */
static int read_password(char *out, size_t outlen)
{
	if (!fgets(out, (int)outlen, stdin))
		return -1;
	size_t n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

struct user_add {
	struct user_input in;
	int64_t id;
	struct problem p;
};

static int user_add_write(struct db_conn *c, void *arg)
{
	struct user_add *u = arg;
	return user_create(c, &u->in, &u->id, &u->p);
}

static const char *flag_value(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name) && i + 1 < argc)
			return argv[i + 1];
	return NULL;
}

static bool flag_present(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static int cmd_user_add(int argc, char **argv)
{
	const char *username = flag_value(argc, argv, "--username");
	const char *role = flag_value(argc, argv, "--role");
	const char *org = flag_value(argc, argv, "--org");
	if (!username || !role || !flag_present(argc, argv, "--password-stdin")) {
		fprintf(stderr, "usage: tabula user add --db URL --username U --role ROLE "
				"[--org CODE] --password-stdin\n");
		return 2;
	}
	int r = role_parse(role);
	if (r < 0) {
		fprintf(stderr, "tabula: unknown role '%s'\n", role);
		return 2;
	}
	char password[PASSWORD_MAX_BYTES + 2];
	if (read_password(password, sizeof(password)) ||
	    strlen(password) < PASSWORD_MIN_CHARS || strlen(password) > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "tabula: give a password of %d to %d bytes on standard input\n",
			PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES);
		return 2;
	}
	struct config cfg;
	if (load_config(&cfg, argc, argv, true))
		return 2;
	char hash[PASSWORD_HASH_MAX];
	if (crypto_init(1) || password_hash(password, strlen(password), hash)) {
		fprintf(stderr, "tabula: cannot hash the password\n");
		config_release(&cfg);
		return 1;
	}
	memset(password, 0, sizeof(password));
	struct db *db = open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	struct user_add u = { .in = { .username = username, .password_hash = hash,
				      .role = (enum role)r, .org = org } };
	int rc = db_write(db, user_add_write, &u);
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

static int cmd_demo(int argc, char **argv)
{
	struct config cfg;
	if (load_config(&cfg, argc, argv, false))
		return 2;
	if (crypto_init(0)) {
		config_release(&cfg);
		return 1;
	}
	struct db *db = open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	int rc = demo_fill(db, stderr);
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
		printf("  %-20s %-17s %-14s %s\n", l[i].username, l[i].role, l[i].org ? l[i].org : "-",
		       l[i].what);
	return 0;
}

static const char *default_web_root(const struct config *cfg)
{
	if (cfg->web_root && *cfg->web_root)
		return cfg->web_root;
	struct stat st;
	if (!stat("web/index.html", &st))
		return "web";
	return NULL;
}

static int cmd_serve(int argc, char **argv)
{
	struct config cfg;
	if (load_config(&cfg, argc, argv, false))
		return 2;
	if (log_access_open(cfg.access_log)) {
		fprintf(stderr, "tabula: cannot open access log %s\n", cfg.access_log);
		config_release(&cfg);
		return 1;
	}
	/* Block the signals we wait for before any thread starts, so every
	 * thread inherits the mask and only the main thread receives them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cfg.threads > 0 ? (int)cfg.threads : (cores > 0 ? (int)cores : 2);
	int readers = cfg.db_pool > 0 ? (int)cfg.db_pool : threads + 2;
	int rc = 1;
	struct db *db = NULL;
	struct http_server *srv = NULL;
	if (crypto_init(0)) {
		log_error("cannot initialise libsodium");
		goto out;
	}
	db = open_db(&cfg, readers, true);
	if (!db)
		goto out;
	struct app app = { .db = db, .cfg = &cfg };
	struct http_config hc = {
		.listen = cfg.listen,
		.threads = threads,
		.body_max = (size_t)cfg.body_max,
		.max_headers = (int)cfg.max_headers,
		.timeout = (int)cfg.timeout,
		.conn_limit = (int)cfg.conn_limit,
		.json = { .max_depth = (int)cfg.json_depth, .max_string = (size_t)cfg.string_max },
		.web_root = default_web_root(&cfg),
	};
	char err[512];
	srv = http_server_start(&hc, api_routes, api_routes_count, api_before, &app, err,
				sizeof(err));
	if (!srv) {
		log_error("%s", err);
		goto out;
	}
	app.srv = srv;
	log_info("tabula %s serving on port %d (%d threads, %s)", TABULA_VERSION,
		 http_server_port(srv), http_server_threads(srv),
		 db_kind(db) == DB_SQLITE ? "sqlite" : "postgresql");
	for (;;) {
		struct timespec tick = { 0, 500 * 1000 * 1000 };
		int sig = sigtimedwait(&sigs, NULL, &tick);
		log_flush();
		if (sig == SIGTERM || sig == SIGINT) {
			log_info("signal %d: finishing in-flight requests", sig);
			break;
		}
	}
	http_server_stop(srv, (int)cfg.shutdown_grace);
	srv = NULL;
	log_info("stopped");
	rc = 0;
out:
	db_close(db);
	log_access_close();
	config_release(&cfg);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc - 2, argv + 2);
	if (!strcmp(cmd, "migrate"))
		return cmd_migrate(argc - 2, argv + 2);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(argc - 2, argv + 2);
	if (!strcmp(cmd, "user") && argc >= 3 && !strcmp(argv[2], "add"))
		return cmd_user_add(argc - 3, argv + 3);
	if (!strcmp(cmd, "routes")) {
		for (size_t i = 0; i < api_routes_count; i++)
			printf("%s %s\n", http_method_name(api_routes[i].method), api_routes[i].pattern);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("tabula %s\n", TABULA_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "tabula: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return 2;
}
