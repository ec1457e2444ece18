/*
 * main.c: the tabula command.
 *
 *   tabula serve   [--db URL] [--listen HOST:PORT] [settings...]
 *   tabula migrate --db URL
 *   tabula user add --db URL --username U --role ROLE [--org CODE] [--student ID] --password-stdin
 *                   [--must-change-password]
 *   tabula audit verify --db URL [--expect SEQ:HASH]
 *   tabula demo    --db URL
 *   tabula import students --db URL [--as USERNAME] FILE.csv
 *   tabula export students --db URL --org CODE [--as USERNAME] > FILE.csv
 *   tabula report-cards compute --db URL --year 2025-2026
 *   tabula verify [--key MULTIBASE | --trust-list LIST] FILE
 *   tabula trust-list --db URL [--school CODE] > FILE
 *   tabula routes
 *   tabula version
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "api/common/api.h"
#include "cli/cli.h"
#include "crypto/password.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "demo/demo.h"
#include "domain/teaching/gradebook.h"
#include "domain/registry/import.h"
#include "domain/common/job.h"
#include "domain/access/throttle.h"
#include "domain/access/user.h"
#include "http/server.h"

#include <pthread.h>
#include <signal.h>
#include <strings.h>
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
		"[--student ID] --password-stdin\n"
		"             [--must-change-password])\n"
		"  audit verify [--expect SEQ:HASH]\n"
		"             check the audit log's hash chain; exits 1 naming the first broken "
		"entry\n"
		"  demo       fill the database with a demo data set and print the logins\n"
		"  import students FILE.csv [--as USERNAME]\n"
		"             import students from CSV; row errors go to FILE.errors.csv\n"
		"  export students --org CODE [--as USERNAME]\n"
		"             write the students of a school or subtree as CSV to stdout\n"
		"  verify [--key MULTIBASE] FILE | --trust-list LIST [--ministry-key K] RECORD\n"
		"             check a signed record's proofs offline (eddsa-jcs-2022)\n"
		"  trust-list [--school CODE] > FILE\n"
		"             the signed list of record-signing keys (needs --secret-file)\n"
		"  records submit --to URL --token TOKEN [--batch N] [--max-batches N] [--restart]\n"
		"             send sealed records to the ministry's repository, resumably\n"
		"  report-cards compute --year 2025-2026\n"
		"             compute and store every student's year result from the gradebooks\n"
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
	/* Bounds that keep every numeric setting meaningful once narrowed. */
	static const struct {
		const char *name;
		long long min, max;
	} ranges[] = {
		{ "threads", 0, 1024 },	       { "writer_threads", 0, 64 },
		{ "db_pool", 0, 4096 },	       { "body_max", 1024, 1LL << 30 },
		{ "max_headers", 1, 1000 },      { "json_depth", 1, 1000 },
		{ "string_max", 16, 1LL << 30 }, { "timeout", 1, 86400 },
		{ "conn_limit", 1, 1000000 },    { "shutdown_grace", 0, 3600 },
		{ "session_ttl", 60, 31536000 }, { "code_ttl", 300, 31536000 },
		{ "hash_threads", 0, 64 },	 { "hash_queue", 1, 1000000 },
	};
	long long *values[] = { &cfg->threads,	   &cfg->writer_threads, &cfg->db_pool,
				&cfg->body_max,	   &cfg->max_headers,	 &cfg->json_depth,
				&cfg->string_max,  &cfg->timeout,	 &cfg->conn_limit,
				&cfg->shutdown_grace, &cfg->session_ttl, &cfg->code_ttl,
				&cfg->hash_threads,   &cfg->hash_queue };
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		long long v = *values[i];
		if (v < ranges[i].min || v > ranges[i].max) {
			fprintf(stderr, "tabula: %s must be between %lld and %lld\n", ranges[i].name,
				ranges[i].min, ranges[i].max);
			config_release(cfg);
			return -1;
		}
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
	int64_t student; /* --student: the person a student account is */
	int64_t id;
	struct problem p;
};

static int user_add_write(struct db_conn *c, void *arg)
{
	struct user_add *u = arg;
	int rc = user_create(c, &u->in, &u->id, &u->p);
	if (rc || !u->student)
		return rc;
	struct db_res res;
	struct db_val pv = DBV_INT(u->student);
	rc = db_row(c, Q_PERSON_EXISTS, &pv, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&u->p, ERR_INVALID, "unknown_student", "student",
				   "No student has this id.");
	if (rc)
		return rc;
	db_done(&res);
	struct db_val v[] = { DBV_INT(u->student), DBV_INT(u->id) };
	return db_exec(c, Q_USER_PERSON_SET, v, 2, NULL);
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
	const char *student = flag_value(argc, argv, "--student");
	if (!username || !role || !flag_present(argc, argv, "--password-stdin")) {
		fprintf(stderr, "usage: tabula user add --db URL --username U --role ROLE "
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
		if (errno || *end || end == student || v <= 0 || r != ROLE_STUDENT) {
			fprintf(stderr, "tabula: --student takes a student id, with --role student\n");
			return 2;
		}
		student_id = v;
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
				      .role = (enum role)r, .org = org,
				      .must_change_password =
					      flag_present(argc, argv, "--must-change-password") },
			   .student = student_id };
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
	/* With a server secret the demo also signs some school records. */
	char err[512];
	if (*cfg.secret_file && secret_load(cfg.secret_file, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		config_release(&cfg);
		return 1;
	}
	struct db *db = open_db(&cfg, 1, true);
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

/* A whole small file (a PEM) as a NUL-terminated malloc'd string. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b;
	buf_init(&b, 1 << 20);
	char chunk[4096];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(&b, chunk, n);
	fclose(f);
	char *s = rc ? NULL : malloc(b.len + 1);
	if (s) {
		memcpy(s, b.p, b.len);
		s[b.len] = '\0';
	}
	buf_release(&b);
	return s;
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
	struct throttle *throttle = NULL;
	char *tls_cert = NULL, *tls_key = NULL;
	bool pool = false;
	char err[512];
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
	if (*cfg.tls_cert && (!(tls_cert = read_file(cfg.tls_cert)) ||
			      !(tls_key = read_file(cfg.tls_key)))) {
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
	db = open_db(&cfg, readers, true);
	if (!db)
		goto out;
	struct app app = { .db = db, .cfg = &cfg, .throttle = throttle, .tls = tls_cert != NULL };
	struct http_config hc = {
		.listen = cfg.listen,
		.threads = threads,
		.body_max = (size_t)cfg.body_max,
		.max_headers = (int)cfg.max_headers,
		.timeout = (int)cfg.timeout,
		.conn_limit = (int)cfg.conn_limit,
		.json = { .max_depth = (int)cfg.json_depth, .max_string = (size_t)cfg.string_max },
		.web_root = default_web_root(&cfg),
		.tls_cert = tls_cert,
		.tls_key = tls_key,
	};
	srv = http_server_start(&hc, api_routes, api_routes_count, api_before, &app, err,
				sizeof(err));
	if (!srv) {
		log_error("%s", err);
		goto out;
	}
	app.srv = srv;
	log_info("tabula %s serving %s on port %d (%d threads, %s)", TABULA_VERSION,
		 tls_cert ? "HTTPS" : "HTTP", http_server_port(srv), http_server_threads(srv),
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
	/* Background imports stop at their next batch; the database stays
	 * open until they have. */
	jobs_wait_idle();
	log_info("stopped");
	rc = 0;
out:
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

/* ---- audit ---- */

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
static int cmd_audit(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "verify")) {
		fprintf(stderr, "usage: tabula audit verify --db URL [--expect SEQ:HASH]\n");
		return 2;
	}
	struct audit_check a = { 0 };
	const char *expect = flag_value(argc, argv, "--expect");
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
	if (load_config(&cfg, argc - 1, argv + 1, true))
		return 2;
	struct db *db = open_db(&cfg, 1, false);
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

/* ---- import and export ---- */

/* The positional arguments of a command whose flags all take a value. */
static int positionals(int argc, char **argv, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "--", 2)) {
			if (!strchr(argv[i], '='))
				i++;
			continue;
		}
		if (n < max)
			out[n] = argv[i];
		n++;
	}
	return n;
}

/* The caller of a command-line import or export: --as USERNAME, or the
 * national administrator. */
static int cli_principal(struct db *db, struct arena *a, const char *as, struct principal *who)
{
	if (!as) {
		import_principal_national(who);
		return 0;
	}
	int rc = import_principal_load(db, a, as, who);
	if (rc)
		fprintf(stderr, "tabula: %s '%s'\n",
			rc == ERR_NOTFOUND    ? "no such user"
			: rc == ERR_FORBIDDEN ? "this account is disabled:"
					      : "cannot read the user",
			as);
	return rc;
}

static long file_read(void *ctx, char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, ctx);
	if (got == 0 && ferror((FILE *)ctx))
		return ERR_IO;
	return (long)got;
}

struct cli_job {
	int64_t total, id;
	const char *kind;
	int64_t user_id;
	uint64_t last_ns;
};

static int cli_job_create(struct db_conn *c, void *arg)
{
	struct cli_job *j = arg;
	return job_create(c, j->kind, j->user_id, j->total, &j->id);
}

static void cli_progress(void *ctx, int64_t processed, int64_t succeeded, int64_t failed)
{
	struct cli_job *j = ctx;
	uint64_t now = time_mono_ns();
	if (now - j->last_ns < 1000000000ull && processed < j->total)
		return;
	j->last_ns = now;
	fprintf(stderr, "import: %" PRId64 " of %" PRId64 " rows (%" PRId64 " imported, %" PRId64
			" with errors)\n",
		processed, j->total, succeeded, failed);
}

struct cli_errors {
	int64_t id;
	struct buf *out;
};

static int cli_errors_read(struct db_conn *c, void *arg)
{
	struct cli_errors *e = arg;
	return job_errors_csv(c, e->id, e->out);
}

/* Write the job's error report next to the input. */
static int write_error_report(struct db *db, int64_t job, const char *path)
{
	struct buf out;
	buf_init(&out, 0);
	struct cli_errors e = { .id = job, .out = &out };
	int rc = db_read(db, cli_errors_read, &e);
	FILE *f = rc ? NULL : fopen(path, "wb");
	if (!rc && (!f || fwrite(out.p, 1, out.len, f) != out.len))
		rc = ERR_IO;
	if (f && fclose(f))
		rc = ERR_IO;
	buf_release(&out);
	return rc;
}

static int cmd_import(int argc, char **argv)
{
	const char *pos[3];
	const char *as = flag_value(argc, argv, "--as");
	if (positionals(argc, argv, pos, 3) != 2 || strcmp(pos[0], "students")) {
		fprintf(stderr, "usage: tabula import students --db URL [--as USERNAME] FILE.csv\n");
		return 2;
	}
	const char *path = pos[1];
	struct config cfg;
	if (load_config(&cfg, argc, argv, true))
		return 2;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "tabula: cannot open %s: %s\n", path, strerror(errno));
		config_release(&cfg);
		return 1;
	}
	struct db *db = open_db(&cfg, 2, true);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct principal who;
	int rc = db ? cli_principal(db, &a, as, &who) : ERR_DB;
	/* Count the rows first, for progress; a bad header fails the job below
	 * with the same message. */
	struct cli_job j = { .kind = IMPORT_KIND_STUDENTS };
	struct problem p = { 0 };
	char msg[512];
	struct import_source src = { .read = file_read, .ctx = f };
	if (!rc) {
		j.user_id = who.user_id;
		if (import_scan(&src, &j.total, &p, msg, sizeof(msg)) == ERR_OK || p.err == ERR_INVALID)
			rc = fseek(f, 0, SEEK_SET) ? ERR_IO : ERR_OK;
		else
			rc = p.err;
		if (rc)
			fprintf(stderr, "tabula: cannot read %s: %s\n", path, err_str(rc));
	}
	if (!rc) {
		rc = db_write(db, cli_job_create, &j);
		if (rc)
			fprintf(stderr, "tabula: cannot create the job: %s\n", err_str(rc));
	}
	int exit_code = 1;
	if (!rc) {
		/* Tuning, for benchmarks: rows per write job, jobs queued at once. */
		const char *batch = flag_value(argc, argv, "--batch-rows");
		const char *inflight = flag_value(argc, argv, "--inflight");
		struct import_options o = { .db = db,
					    .job_id = j.id,
					    .who = &who,
					    .roles = API_REGISTRARS,
					    .batch_rows = batch ? (int)strtol(batch, NULL, 10)
							  : IMPORT_CLI_BATCH_ROWS,
					    .inflight = inflight ? (int)strtol(inflight, NULL, 10) : 0,
					    .progress = cli_progress,
					    .progress_ctx = &j };
		struct import_result res;
		rc = import_students(&o, &src, &res);
		/* students.csv -> students.errors.csv */
		char report[4096];
		size_t n = strlen(path);
		int stem = n > 4 && !strcasecmp(path + n - 4, ".csv") ? (int)n - 4 : (int)n;
		snprintf(report, sizeof(report), "%.*s.errors.csv", stem, path);
		if (res.failed) {
			if (write_error_report(db, j.id, report))
				fprintf(stderr, "tabula: cannot write %s\n", report);
			else
				fprintf(stderr, "import: errors in %s\n", report);
		} else {
			remove(report); /* a stale report of an earlier run */
		}
		printf("imported %" PRId64 ", failed %" PRId64 "\n", res.succeeded, res.failed);
		if (rc)
			fprintf(stderr, "tabula: import failed (job %" PRId64 "): %s\n", j.id,
				res.message);
		exit_code = rc ? 1 : 0;
	}
	fclose(f);
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return exit_code;
}

static int stdout_flush(struct buf *out, void *ctx)
{
	UNUSED(ctx);
	if (fwrite(out->p, 1, out->len, stdout) != out->len)
		return ERR_IO;
	buf_reset(out);
	return ERR_OK;
}

static int cmd_export(int argc, char **argv)
{
	const char *pos[2];
	const char *org = flag_value(argc, argv, "--org");
	const char *as = flag_value(argc, argv, "--as");
	if (positionals(argc, argv, pos, 2) != 1 || strcmp(pos[0], "students") || !org) {
		fprintf(stderr, "usage: tabula export students --db URL --org CODE [--as USERNAME]\n");
		return 2;
	}
	struct config cfg;
	if (load_config(&cfg, argc, argv, true))
		return 2;
	struct db *db = open_db(&cfg, 1, true);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct principal who;
	int rc = db ? cli_principal(db, &a, as, &who) : ERR_DB;
	if (!rc) {
		struct buf out;
		buf_init(&out, 0);
		struct export_options eo = { .code = org, .roles = API_REGISTRARS,
					     .flush = stdout_flush };
		struct problem p = { 0 };
		int64_t rows = 0;
		rc = export_students(db, &who, &eo, &out, &rows, &p);
		if (!rc && fflush(stdout))
			rc = ERR_IO;
		buf_release(&out);
		if (rc)
			fprintf(stderr, "tabula: export failed: %s\n", p.detail ? p.detail : err_str(rc));
		else
			fprintf(stderr, "export: %" PRId64 " students\n", rows);
	}
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return rc ? 1 : 0;
}

/* ---- report cards ---- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* tabula report-cards compute: the year-end results of every student with a
 * gradebook in the school year, a page of gradebook rows per transaction. */
static int cmd_report_cards(int argc, char **argv)
{
	const char *year = flag_value(argc, argv, "--year");
	struct problem p = { 0 };
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
	if (load_config(&cfg, argc - 1, argv + 1, true))
		return 2;
	struct db *db = open_db(&cfg, 1, true);
	if (!db) {
		config_release(&cfg);
		return 1;
	}
	struct gb_year y = { .school_year = start };
	double t0 = now_seconds();
	int rc = ERR_OK;
	while (!rc && !y.done)
		rc = db_write(db, gb_year_page, &y);
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
	if (!strcmp(cmd, "import"))
		return cmd_import(argc - 2, argv + 2);
	if (!strcmp(cmd, "export"))
		return cmd_export(argc - 2, argv + 2);
	if (!strcmp(cmd, "audit"))
		return cmd_audit(argc - 2, argv + 2);
	if (!strcmp(cmd, "user") && argc >= 3 && !strcmp(argv[2], "add"))
		return cmd_user_add(argc - 3, argv + 3);
	if (!strcmp(cmd, "verify"))
		return cli_verify(argc - 2, argv + 2);
	if (!strcmp(cmd, "report-cards"))
		return cmd_report_cards(argc - 2, argv + 2);
	if (!strcmp(cmd, "records") && argc >= 3 && !strcmp(argv[2], "submit"))
		return cli_records_submit(argc - 3, argv + 3);
	if (!strcmp(cmd, "trust-list"))
		return cli_trust_list(argc - 2, argv + 2);
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
