/* Unit tests of src/core/config.c. */
#include "unit.h"

#include "core/config.h"

#include <ctype.h>

/* Environment name of a key, as the server reads it: TABULA_BODY_MAX. */
static void env_name(const char *key, char *out, size_t len)
{
	int n = snprintf(out, len, "TABULA_%s", key);
	assert_true(n > 0 && (size_t)n < len);
	for (char *p = out; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

/* Each test starts from an environment without TABULA_* settings, so that
 * the caller's own environment cannot change the results. */
static int clean_env(void **state)
{
	UNUSED(state);
	char name[64];
#define UNSET(k, type, def, help)         \
	env_name(#k, name, sizeof(name)); \
	unsetenv(name);
	CONFIG_LIST(UNSET)
#undef UNSET
	unsetenv("TABULA_CONFIG");
	return 0;
}

/* A config file in a private temporary directory. */
struct tmpfile {
	char dir[256];
	char path[300];
};

static void write_file(struct tmpfile *t, const char *text)
{
	unit_tmpdir(t->dir, sizeof(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/tabula.conf", t->dir);
	FILE *f = fopen(t->path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(struct tmpfile *t)
{
	unit_rmdir(t->dir);
}

/* config_load over a NULL-terminated argument list. */
static int load(struct config *c, bool allow_unknown, char *err, size_t errlen, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, errlen);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL) {
		assert_true(argc < (int)ARRAY_SIZE(argv));
		argv[argc++] = (char *)(uintptr_t)a; /* config_load does not write */
	}
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return config_load(c, argc, argv, allow_unknown, err, errlen);
}

UNIT_TEST_WITH(test_defaults, clean_env, NULL)
{
	UNUSED(state);
	struct config c;
	config_init(&c);
	char err[256];
	assert_int_equal(load(&c, false, err, sizeof(err), NULL), 0);
	assert_string_equal(c.db, "sqlite:tabula.db");
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.threads, 0);
	assert_int_equal(c.writer_threads, 0);
	assert_int_equal(c.db_pool, 0);
	assert_int_equal(c.body_max, 8388608);
	assert_int_equal(c.max_headers, 64);
	assert_int_equal(c.json_depth, 32);
	assert_int_equal(c.string_max, 65536);
	assert_int_equal(c.timeout, 30);
	assert_int_equal(c.conn_limit, 10000);
	assert_int_equal(c.shutdown_grace, 10);
	assert_int_equal(c.session_ttl, 43200);
	assert_string_equal(c.access_log, "-");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.web_root, "");
	assert_int_equal(c.nowned, 0);
	config_release(&c);
}

/* flags > environment > file > defaults, key by key. */
UNIT_TEST_WITH(test_precedence, clean_env, NULL)
{
	UNUSED(state);
	struct tmpfile t;
	write_file(&t, "# a comment\n"
		       "\n"
		       "body_max = 100\n"
		       "  json_depth=5  \n"
		       "timeout = 7\n"
		       "listen = \"10.0.0.1:9000\"\n"
		       "log_level = warn\n");
	setenv("TABULA_BODY_MAX", "200", 1);
	setenv("TABULA_JSON_DEPTH", "6", 1);
	setenv("TABULA_LOG_LEVEL", "error", 1);

	struct config c;
	config_init(&c);
	char err[512];
	int rc = load(&c, false, err, sizeof(err), "--config", t.path, "--body-max", "300",
		      "--log-level=debug", NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	assert_int_equal(c.body_max, 300);		/* flag over env over file */
	assert_string_equal(c.log_level, "debug");	/* flag over env over file */
	assert_int_equal(c.json_depth, 6);		/* env over file */
	assert_int_equal(c.timeout, 7);			/* file over default */
	assert_string_equal(c.listen, "10.0.0.1:9000"); /* quotes stripped */
	assert_int_equal(c.string_max, 65536);		/* default */
	config_release(&c);

	/* The same file named by TABULA_CONFIG instead of --config. */
	setenv("TABULA_CONFIG", t.path, 1);
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), NULL), 0);
	assert_int_equal(c.body_max, 200);
	assert_int_equal(c.timeout, 7);
	assert_string_equal(c.log_level, "error");
	config_release(&c);

	/* --config wins over TABULA_CONFIG. */
	setenv("TABULA_CONFIG", "/nonexistent/tabula.conf", 1);
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--config=", NULL), 0);
	config_release(&c);
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), NULL), -1);
	assert_non_null(strstr(err, "/nonexistent/tabula.conf"));
	config_release(&c);
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--config", t.path, NULL), 0);
	assert_int_equal(c.timeout, 7);
	config_release(&c);

	remove_file(&t);
}

UNIT_TEST_WITH(test_flag_forms, clean_env, NULL)
{
	UNUSED(state);
	struct config c;
	config_init(&c);
	char err[256];
	int rc = load(&c, false, err, sizeof(err), "--body-max=123", "--timeout", "45", "--db",
		      "sqlite:/tmp/x.db", "--web-root=", "--access-log=off", NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(c.body_max, 123);
	assert_int_equal(c.timeout, 45);
	assert_string_equal(c.db, "sqlite:/tmp/x.db");
	assert_string_equal(c.web_root, ""); /* "--key=" sets an empty value */
	assert_string_equal(c.access_log, "off");
	config_release(&c);

	/* A value may contain '=' and begin with '-'. */
	config_init(&c);
	rc = load(&c, false, err, sizeof(err), "--db=postgres://u@h/d?sslmode=require",
		  "--access-log", "-", NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(c.db, "postgres://u@h/d?sslmode=require");
	assert_string_equal(c.access_log, "-");
	config_release(&c);

	/* The last of a repeated flag wins. */
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--threads=2", "--threads", "5", NULL),
			 0);
	assert_int_equal(c.threads, 5);
	config_release(&c);

	/* A flag at the end without its value. */
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--listen", NULL), -1);
	assert_non_null(strstr(err, "--listen"));
	config_release(&c);
}

UNIT_TEST_WITH(test_dash_to_underscore, clean_env, NULL)
{
	UNUSED(state);
	struct config c;
	config_init(&c);
	char err[256];
	int rc = load(&c, false, err, sizeof(err), "--writer-threads", "3", "--db-pool=5",
		      "--shutdown_grace=4", "--session-ttl", "60", "--max-headers=10",
		      "--conn-limit", "2", NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(c.writer_threads, 3);
	assert_int_equal(c.db_pool, 5);
	assert_int_equal(c.shutdown_grace, 4);
	assert_int_equal(c.session_ttl, 60);
	assert_int_equal(c.max_headers, 10);
	assert_int_equal(c.conn_limit, 2);
	config_release(&c);

	/* Only the key is translated, never the value. */
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--web-root=my-web-dir", NULL), 0);
	assert_string_equal(c.web_root, "my-web-dir");
	config_release(&c);
}

UNIT_TEST_WITH(test_bad_int_rejected, clean_env, NULL)
{
	UNUSED(state);
	static const char *const bad[] = {"--threads=abc",
					  "--threads=-1",
					  "--threads=12x",
					  "--threads=",
					  "--threads=1.5",
					  "--threads= 7x",
					  "--threads=99999999999999999999"};
	char err[256];
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct config c;
		config_init(&c);
		assert_int_equal(load(&c, false, err, sizeof(err), bad[i], NULL), -1);
		assert_non_null(strstr(err, "threads"));
		assert_int_equal(c.threads, 0);
		config_release(&c);
	}

	struct config c;
	config_init(&c);
	setenv("TABULA_TIMEOUT", "soon", 1);
	assert_int_equal(load(&c, false, err, sizeof(err), NULL), -1);
	assert_non_null(strstr(err, "timeout"));
	unsetenv("TABULA_TIMEOUT");
	config_release(&c);

	struct tmpfile t;
	write_file(&t, "threads = 2\n\ntimeout = 1e3\n");
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--config", t.path, NULL), -1);
	/* The message names the file and line. */
	assert_non_null(strstr(err, t.path));
	assert_non_null(strstr(err, ":3:"));
	config_release(&c);
	remove_file(&t);

	/* config_set: the file and environment form. */
	config_init(&c);
	assert_int_equal(config_set(&c, "json_depth", "12", err, sizeof(err)), 0);
	assert_int_equal(c.json_depth, 12);
	assert_int_equal(config_set(&c, "json_depth", "twelve", err, sizeof(err)), -1);
	assert_int_equal(c.json_depth, 12);
	assert_int_equal(config_set(&c, "json-depth", "1", err, sizeof(err)), -1);
	assert_int_equal(config_set(&c, "nosuchkey", "1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nosuchkey"));
	assert_int_equal(config_set(&c, "log_level", "warn", err, sizeof(err)), 0);
	assert_string_equal(c.log_level, "warn");
	config_release(&c);
}

UNIT_TEST_WITH(test_unknown_rejected, clean_env, NULL)
{
	UNUSED(state);
	struct config c;
	char err[256];

	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--timeout=5", "--bogus=1", NULL), -1);
	assert_non_null(strstr(err, "--bogus"));
	config_release(&c);

	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "stray", NULL), -1);
	assert_non_null(strstr(err, "stray"));
	config_release(&c);

	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "-t", "4", NULL), -1);
	config_release(&c);

	/* With allow_unknown they are skipped and the rest still applies. */
	config_init(&c);
	assert_int_equal(
		load(&c, true, err, sizeof(err), "--bogus=1", "stray", "--timeout=5", NULL), 0);
	assert_int_equal(c.timeout, 5);
	config_release(&c);

	/* Unknown keys and lines without '=' in the file. */
	struct tmpfile t;
	write_file(&t, "timeout = 5\nbogus = 1\n");
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--config", t.path, NULL), -1);
	assert_non_null(strstr(err, ":2:"));
	assert_non_null(strstr(err, "bogus"));
	config_release(&c);
	remove_file(&t);

	write_file(&t, "timeout 5\n");
	config_init(&c);
	assert_int_equal(load(&c, false, err, sizeof(err), "--config", t.path, NULL), -1);
	assert_non_null(strstr(err, ":1:"));
	config_release(&c);
	remove_file(&t);
}

UNIT_TEST_WITH(test_usage, clean_env, NULL)
{
	UNUSED(state);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	config_usage(f);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(text, "--body-max"));
	assert_non_null(strstr(text, "(default 8388608)"));
	assert_non_null(strstr(text, "--writer-threads"));
	assert_non_null(strstr(text, "(default 'sqlite:tabula.db')"));
	assert_null(strstr(text, "--body_max"));
	free(text);
}

UNIT_MAIN()
