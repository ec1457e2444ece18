/*
 * common.c: what every command shares: the usage text, settings, opening
 * the database, flags and positional arguments, small files.
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "cli/cli.h"

#include <sys/stat.h>
#include "db/db.h"

void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: tabula <command> [flags]\n\n"
		"commands:\n"
		"  serve      run the HTTP server\n"
		"  migrate    apply pending database migrations\n"
		"  user add   create an account (--username U --role ROLE [--org CODE] "
		"[--student ID] --password-stdin\n"
		"             [--must-change-password])\n"
		"  audit verify [--expect SEQ:HASH] [--checkpoints FILE [--key MULTIKEY]]\n"
		"             check the audit log's hash chain (and that it passes through each "
		"signed\n"
		"             checkpoint); exits 1 naming the first broken entry\n"
		"  audit checkpoint [--out FILE]\n"
		"             sign the audit chain's head (needs --secret-file); print it as "
		"JSON,\n"
		"             and append it to FILE\n"
		"  demo       fill the database with a demo data set and print the logins\n"
		"  import students FILE.csv [--as USERNAME]\n"
		"             import students from CSV; row errors go to FILE.errors.csv\n"
		"  export students --org CODE [--as USERNAME]\n"
		"             write the students of a school or subtree as CSV to stdout\n"
		"  verify [--key MULTIBASE] FILE | --trust-list LIST [--ministry-key K] RECORD\n"
		"             check a signed record's proofs offline (eddsa-jcs-2022)\n"
		"  trust-list [--school CODE] > FILE\n"
		"             the signed list of record-signing keys (needs --secret-file)\n"
		"  records submit --to URL --token TOKEN [--batch N] [--max-batches N] "
		"[--restart]\n"
		"             send sealed records to the ministry's repository, resumably\n"
		"  report-cards compute --year 2025-2026\n"
		"             compute and store every student's year result from the gradebooks\n"
		"  admissions match --input FILE.json\n"
		"             place applicants in schools (deferred acceptance); JSON on stdout\n"
		"  support holidays --file F.json\n"
		"             replace a country's holidays of one year with a holiday file\n"
		"  support sweep [--at INSTANT]\n"
		"             escalate every support ticket overdue as of INSTANT (default now)\n"
		"  routes     list the HTTP routes\n"
		"  version    print the version\n\n"
		"settings (flags override TABULA_* variables, which override --config FILE):\n");
	config_usage(out);
}

/* Fill cfg for a command; on failure it prints why and leaves cfg released. */
int cli_read_config(struct config *cfg, int argc, char **argv, bool allow_unknown)
{
	char err[512];
	config_init(cfg);
	if (config_load(cfg, argc, argv, allow_unknown, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		config_release(cfg);
		return -1;
	}
	return 0;
}

int cli_load_config(struct config *cfg, int argc, char **argv, bool allow_unknown)
{
	if (cli_read_config(cfg, argc, argv, allow_unknown))
		return -1;
	/* Bounds that keep every numeric setting meaningful once narrowed. */
	static const struct {
		const char *name;
		long long min, max;
	} ranges[] = {
		{"threads", 0, 1024},
		{"writer_threads", 0, 64},
		{"db_pool", 0, 4096},
		{"body_max", 1024, 1LL << 30},
		{"max_headers", 1, 1000},
		{"json_depth", 1, 1000},
		{"string_max", 16, 1LL << 30},
		{"timeout", 1, 86400},
		{"conn_limit", 1, 1000000},
		{"shutdown_grace", 0, 3600},
		{"session_ttl", 60, 31536000},
		{"code_ttl", 300, 31536000},
		{"hash_threads", 0, 64},
		{"hash_queue", 1, 1000000},
		{"support_sweep_seconds", 0, 86400},
	};
	long long *values[] = {
		&cfg->threads,	      &cfg->writer_threads, &cfg->db_pool,
		&cfg->body_max,	      &cfg->max_headers,    &cfg->json_depth,
		&cfg->string_max,     &cfg->timeout,	    &cfg->conn_limit,
		&cfg->shutdown_grace, &cfg->session_ttl,    &cfg->code_ttl,
		&cfg->hash_threads,   &cfg->hash_queue,	    &cfg->support_sweep_seconds};
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		long long v = *values[i];
		if (v < ranges[i].min || v > ranges[i].max) {
			fprintf(stderr, "tabula: %s must be between %lld and %lld\n",
				ranges[i].name, ranges[i].min, ranges[i].max);
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

struct db *cli_open_db(const struct config *cfg, int readers, bool migrate)
{
	struct db_options opt = {
		.readers = readers, .writers = (int)cfg->writer_threads, .migrate = migrate};
	struct db *db = NULL;
	char err[512];
	if (db_open(cfg->db, &opt, &db, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		return NULL;
	}
	return db;
}

const char *cli_flag(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name) && i + 1 < argc)
			return argv[i + 1];
	return NULL;
}

bool cli_flag_present(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

/* The positional arguments of a command whose flags all take a value. */
int cli_positionals(int argc, char **argv, const char **out, int max)
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

/* A whole small file (a PEM) as a NUL-terminated malloc'd string. */
char *cli_read_file(const char *path)
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

/* Read one line of password from stdin, without its line ending. */
int cli_read_password(char *out, size_t outlen)
{
	if (!fgets(out, (int)outlen, stdin))
		return -1;
	size_t n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}
