/*
 * serve.c: `tabula serve`: the HTTP server until SIGTERM or SIGINT.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "core/version.h"
#include "api/common/api.h"
#include "crypto/password.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/admissions/rules.h"
#include "domain/exams/pack.h"
#include "domain/common/job.h"
#include "domain/access/throttle.h"
#include "domain/support/escalation.h"
#include "http/server.h"
#include "cli/cli.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *default_web_root(const struct config *cfg)
{
	if (cfg->web_root && *cfg->web_root)
		return cfg->web_root;
	struct stat st;
	if (!stat("web/index.html", &st))
		return "web";
	return NULL;
}

int cli_serve(int argc, char **argv)
{
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, false))
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
	struct throttle *throttle = NULL;
	char *tls_cert = NULL, *tls_key = NULL;
	bool pool = false;
	char err[512];
	/* The address first: a second server on a busy port stops here,
	 * before it opens the database or starts a thread. */
	int listen_fd = http_listen(cfg.listen, err, sizeof(err));
	if (listen_fd < 0) {
		log_error("%s", err);
		goto out;
	}
	/* A bad admission rule set (logged with its file) stops the server. */
	if (rules_init())
		goto out;
	/* So does a bad exam pack (docs/exams.md). */
	if (exam_packs_init())
		goto out;
	if (crypto_init((int)cfg.hash_threads)) {
		log_error("cannot initialise libsodium");
		goto out;
	}
	if (*cfg.secret_file && secret_load(cfg.secret_file, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	if (!*cfg.tls_cert != !*cfg.tls_key) {
		log_error("tls_cert and tls_key go together");
		goto out;
	}
	if (*cfg.tls_cert && (!(tls_cert = cli_read_file(cfg.tls_cert)) ||
			      !(tls_key = cli_read_file(cfg.tls_key)))) {
		log_error("cannot read %s: %s", tls_cert ? cfg.tls_key : cfg.tls_cert,
			  strerror(errno));
		goto out;
	}
	/* Hashing threads at nice 10: reads preempt a login storm. */
	throttle = throttle_new(65536);
	if (!throttle || password_pool_start((int)cfg.hash_threads, 10, (int)cfg.hash_queue)) {
		log_error("cannot start the password hashing threads");
		goto out;
	}
	pool = true;
	db = cli_open_db(&cfg, readers, true);
	if (!db)
		goto out;
	struct app app = {.db = db,
			  .cfg = &cfg,
			  .throttle = throttle,
			  .tls = tls_cert != NULL,
			  .audit_queue = API_AUDIT_QUEUE_INIT};
	struct http_config hc = {
		.listen = cfg.listen,
		.listen_fd = listen_fd,
		.threads = threads,
		.body_max = (size_t)cfg.body_max,
		.max_headers = (int)cfg.max_headers,
		.timeout = (int)cfg.timeout,
		.header_timeout = (int)cfg.header_timeout,
		.body_min_rate = (int)cfg.body_min_rate,
		.conn_limit = (int)cfg.conn_limit,
		.conn_per_address = (int)cfg.conn_per_address,
		.admission_flag = API_QUEUED,
		.admission_queue = (int)cfg.admission_queue,
		.json = {.max_depth = (int)cfg.json_depth, .max_string = (size_t)cfg.string_max},
		.web_root = default_web_root(&cfg),
		.tls_cert = tls_cert,
		.tls_key = tls_key,
	};
	srv = http_server_start(&hc, api_routes, api_routes_count, api_before, &app, err,
				sizeof(err));
	listen_fd = -1;
	if (!srv) {
		log_error("%s", err);
		goto out;
	}
	app.srv = srv;
	/* The support sweep on its timer (docs/support.md). */
	if (support_sweeper_start(db, (int)cfg.support_sweep_seconds))
		log_error("cannot start the support sweep");
	log_info("tabula %s serving %s on port %d (%d threads, %s)", TABULA_VERSION,
		 tls_cert ? "HTTPS" : "HTTP", http_server_port(srv), http_server_threads(srv),
		 db_kind(db) == DB_SQLITE ? "sqlite" : "postgresql");
	for (;;) {
		struct timespec tick = {0, 500L * 1000 * 1000};
		int sig = sigtimedwait(&sigs, NULL, &tick);
		log_flush();
		if (sig == SIGTERM || sig == SIGINT) {
			log_info("signal %d: finishing in-flight requests", sig);
			break;
		}
	}
	http_server_stop(srv, (int)cfg.shutdown_grace);
	srv = NULL;
	support_sweeper_stop();
	/* Background imports stop at their next batch; the database stays
	 * open until they have. */
	jobs_wait_idle();
	log_info("stopped");
	rc = 0;
out:
	if (listen_fd >= 0)
		close(listen_fd);
	if (pool)
		password_pool_stop();
	throttle_free(throttle);
	if (tls_key)
		memset(tls_key, 0, strlen(tls_key));
	free(tls_cert);
	free(tls_key);
	secret_unload();
	db_close(db);
	log_access_close();
	config_release(&cfg);
	return rc;
}

int cli_routes(int argc, char **argv)
{
	UNUSED(argc);
	UNUSED(argv);
	for (size_t i = 0; i < api_routes_count; i++)
		printf("%s %s\n", http_method_name(api_routes[i].method), api_routes[i].pattern);
	return 0;
}
