/* Unit tests of src/core/log.c: level names and filtering, the shape of a
 * diagnostic line (stderr caught in a file), the access log's buffering,
 * flushing and targets, and the time helpers. */
#include "unit.h"

#include <fcntl.h>
#include <pthread.h>

#include "core/log.h"

static char dir[256];

static int setup(void **state)
{
	UNUSED(state);
	unit_tmpdir(dir, sizeof(dir));
	return 0;
}

static int teardown(void **state)
{
	UNUSED(state);
	log_access_close();
	unit_rmdir(dir);
	return 0;
}

/* The whole of a file as a malloc'd string; *len its length. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *p = malloc(1 << 20);
	assert_non_null(p);
	size_t n = fread(p, 1, (1 << 20) - 1, f);
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

/* Send stderr to a file until uncapture(); nothing may assert meanwhile
 * (cmocka's messages would land in the file). */
static int saved_stderr = -1;
static char capture_path[300];

static void capture(void)
{
	snprintf(capture_path, sizeof(capture_path), "%s/stderr", dir);
	int fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

static char *uncapture(size_t *len)
{
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	return slurp(capture_path, len);
}

/* "YYYY-MM-DDTHH:MM:SSZ" at s. */
static bool is_timestamp(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	}
	return true;
}

/* The line at s is a timestamp and then rest (which ends in its newline);
 * the next line. */
static const char *assert_line(const char *s, const char *rest)
{
	assert_true(is_timestamp(s));
	size_t n = strlen(rest);
	if (strncmp(s + 20, rest, n))
		fail_msg("line \"%.*s\", want \"%s\"", (int)strcspn(s, "\n"), s, rest);
	return s + 20 + n;
}

UNIT_TEST(test_level_parse)
{
	UNUSED(state);
	assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
	assert_int_equal(log_level_parse("info"), LOG_INFO);
	assert_int_equal(log_level_parse("warn"), LOG_WARN);
	assert_int_equal(log_level_parse("error"), LOG_ERROR);
	static const char *const bad[] = {"",	    "DEBUG", "Info",  "warning", "err",
					  "error ", " info", "fatal", "0",	 "trace"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(log_level_parse(bad[i]), -1);
}

/* Runs first: the level before any log_set_level is info. */
UNIT_TEST(test_levels_filter)
{
	UNUSED(state);
	capture();
	log_debug("d0");
	log_info("i0");
	log_set_level(LOG_WARN);
	log_debug("d1");
	log_info("i1");
	log_warn("w1");
	log_error("e1");
	log_set_level(LOG_ERROR);
	log_warn("w2");
	log_error("e2");
	log_set_level(LOG_DEBUG);
	log_debug("d3");
	log_set_level(LOG_INFO);
	log_debug("d4");
	char *out = uncapture(NULL);

	/* Each kept line is "timestamp level message". */
	static const char *const want[] = {"info i0", "warn w1", "error e1", "error e2",
					   "debug d3"};
	const char *p = out;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(is_timestamp(p));
		assert_int_equal(p[20], ' ');
		assert_int_equal((size_t)(nl - (p + 21)), strlen(want[i]));
		assert_memory_equal(p + 21, want[i], strlen(want[i]));
		p = nl + 1;
	}
	assert_string_equal(p, "");
	free(out);
}

/* A message longer than a line is cut to 1023 bytes that still end in a
 * newline; printf formats work. */
UNIT_TEST(test_long_message)
{
	UNUSED(state);
	char *msg = malloc(3001);
	assert_non_null(msg);
	memset(msg, 'm', 3000);
	msg[3000] = '\0';
	capture();
	log_error("%s", msg);
	log_error("n=%d s=%s x=%04x", 42, "str", 0xab);
	size_t len = 0;
	char *out = uncapture(&len);
	free(msg);

	const char *nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_int_equal(nl - out + 1, 1023);
	assert_true(is_timestamp(out));
	assert_memory_equal(out + 20, " error ", 7);
	assert_int_equal(strspn(out + 27, "m"), 1023 - 27 - 1);
	const char *second = nl + 1;
	assert_true(is_timestamp(second));
	assert_string_equal(second + 20, " error n=42 s=str x=00ab\n");
	assert_int_equal(len, 1023 + 20 + strlen(" error n=42 s=str x=00ab\n"));
	free(out);
}

UNIT_TEST(test_time)
{
	UNUSED(state);
	static const struct {
		int64_t t;
		const char *want;
	} v[] = {
		{0, "1970-01-01T00:00:00Z"},	      {946684799, "1999-12-31T23:59:59Z"},
		{951782400, "2000-02-29T00:00:00Z"},  {1795344180, "2026-11-22T10:43:00Z"},
		{2147483648, "2038-01-19T03:14:08Z"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char out[32];
		memset(out, 'x', sizeof(out));
		time_iso8601(v[i].t, out, sizeof(out));
		assert_string_equal(out, v[i].want);
	}
	/* 21 bytes are enough. */
	char exact[21];
	time_iso8601(0, exact, sizeof(exact));
	assert_string_equal(exact, "1970-01-01T00:00:00Z");

	int64_t before = (int64_t)time(NULL);
	int64_t now = time_now_unix();
	assert_in_range(now, before, (int64_t)time(NULL));

	uint64_t a = time_mono_ns();
	for (int i = 0; i < 1000; i++) {
		uint64_t b = time_mono_ns();
		assert_true(b >= a);
		a = b;
	}
	struct timespec ms = {0, 2000000};
	nanosleep(&ms, NULL);
	assert_true(time_mono_ns() - a >= 2000000);
}

UNIT_TEST(test_access_off)
{
	UNUSED(state);
	assert_false(log_access_enabled());
	assert_int_equal(log_access_open(NULL), 0);
	assert_false(log_access_enabled());
	assert_int_equal(log_access_open(""), 0);
	assert_false(log_access_enabled());
	assert_int_equal(log_access_open("off"), 0);
	assert_false(log_access_enabled());
	/* Disabled, a line goes nowhere and nothing breaks. */
	log_access("1.2.3.4", "GET", "/", 200, 1, 0.1);
	log_flush();

	/* A file that cannot be opened. */
	char path[300];
	snprintf(path, sizeof(path), "%s/no/such/dir/access.log", dir);
	assert_int_equal(log_access_open(path), -1);
	assert_false(log_access_enabled());
}

UNIT_TEST(test_access_file)
{
	UNUSED(state);
	char path[300];
	snprintf(path, sizeof(path), "%s/access.log", dir);
	/* Appended to what is there. */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("earlier\n", f);
	fclose(f);

	assert_int_equal(log_access_open(path), 0);
	assert_true(log_access_enabled());
	log_access("10.0.0.1", "GET", "/api/v1/orgs", 200, 1234, 1.5);
	log_access(NULL, "POST", "/api/v1/auth/login", 401, 0, 0.25);
	/* Buffered until flushed. */
	char *out = slurp(path, NULL);
	assert_string_equal(out, "earlier\n");
	free(out);
	log_flush();
	out = slurp(path, NULL);
	assert_memory_equal(out, "earlier\n", 8);
	const char *next = assert_line(out + 8, " 10.0.0.1 GET /api/v1/orgs 200 1234 1.500ms\n");
	/* No client is "-". */
	next = assert_line(next, " - POST /api/v1/auth/login 401 0 0.250ms\n");
	assert_string_equal(next, "");
	free(out);

	/* A long path is cut at 300 bytes; the line still ends. */
	char *longpath = malloc(1001);
	assert_non_null(longpath);
	longpath[0] = '/';
	memset(longpath + 1, 'p', 999);
	longpath[1000] = '\0';
	log_access("::1", "GET", longpath, 404, 7, 0.0);
	free(longpath);
	log_access_close();
	assert_false(log_access_enabled());
	out = slurp(path, NULL);
	const char *last = strstr(out, " ::1 GET /");
	assert_non_null(last);
	last += strlen(" ::1 GET ");
	assert_int_equal(strspn(last + 1, "p"), 299);
	assert_string_equal(last + 300, " 404 7 0.000ms\n");

	/* Closed, nothing more is written. */
	size_t before = strlen(out);
	free(out);
	log_access("10.0.0.1", "GET", "/after", 200, 1, 1.0);
	log_flush();
	size_t after = 0;
	free(slurp(path, &after));
	assert_int_equal(after, before);
}

/* A thread's buffer is written out when it fills, without log_flush. */
UNIT_TEST(test_access_buffer_full)
{
	UNUSED(state);
	char path[300];
	snprintf(path, sizeof(path), "%s/full.log", dir);
	assert_int_equal(log_access_open(path), 0);
	/* Each line is well over 300 bytes; 100 of them pass 16 KiB. */
	char p[301];
	p[0] = '/';
	memset(p + 1, 'q', 299);
	p[300] = '\0';
	for (int i = 0; i < 100; i++)
		log_access("10.0.0.2", "GET", p, 200, (size_t)i, 0.5);
	size_t early = 0, len = 0;
	free(slurp(path, &early));
	log_flush();
	char *out = slurp(path, &len);
	/* Some was written before log_flush, and not all of it. */
	assert_true(early > 0);
	assert_true(early < len);
	/* Every line, whole and in order. */
	int lines = 0;
	for (const char *s = out; *s; lines++) {
		const char *nl = strchr(s, '\n');
		assert_non_null(nl);
		char want[32];
		snprintf(want, sizeof(want), " 200 %d 0.500ms\n", lines);
		assert_memory_equal(nl + 1 - strlen(want), want, strlen(want));
		s = nl + 1;
	}
	assert_int_equal(lines, 100);
	free(out);
	log_access_close();
}

enum { THREADS = 4, PER_THREAD = 500 };

static void *access_writer(void *arg)
{
	int t = (int)(intptr_t)arg;
	for (int i = 0; i < PER_THREAD; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/t%d/%d", t, i);
		log_access("127.0.0.1", "GET", path, 200, 0, 0.0);
	}
	return NULL;
}

/* Several threads write at once: after log_flush every line is there, and
 * no line is torn. */
UNIT_TEST(test_access_threads)
{
	UNUSED(state);
	char path[300];
	snprintf(path, sizeof(path), "%s/threads.log", dir);
	assert_int_equal(log_access_open(path), 0);
	pthread_t th[THREADS];
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, access_writer, (void *)(intptr_t)t),
				 0);
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	log_flush();
	char *out = slurp(path, NULL);
	int count[THREADS] = {0};
	int next[THREADS] = {0};
	for (const char *s = out; *s;) {
		const char *nl = strchr(s, '\n');
		assert_non_null(nl);
		assert_true(is_timestamp(s));
		int t = -1, i = -1;
		assert_int_equal(sscanf(s + 20, " 127.0.0.1 GET /t%d/%d 200 0 0.000ms", &t, &i), 2);
		assert_in_range(t, 0, THREADS - 1);
		/* One thread's lines stay in its order. */
		assert_int_equal(i, next[t]);
		next[t]++;
		count[t]++;
		s = nl + 1;
	}
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(count[t], PER_THREAD);
	free(out);
	log_access_close();
}

/* "-" and "stderr" write to stderr, and closing leaves stderr open. */
UNIT_TEST(test_access_stderr)
{
	UNUSED(state);
	static const char *const targets[] = {"-", "stderr"};
	for (size_t k = 0; k < ARRAY_SIZE(targets); k++) {
		capture();
		int rc = log_access_open(targets[k]);
		bool on = log_access_enabled();
		log_access("10.9.8.7", "DELETE", "/x", 204, 0, 3.25);
		log_access_close();
		int fdflags = fcntl(STDERR_FILENO, F_GETFD);
		char *out = uncapture(NULL);
		assert_int_equal(rc, 0);
		assert_true(on);
		assert_true(fdflags != -1);
		assert_true(is_timestamp(out));
		assert_string_equal(out + 20, " 10.9.8.7 DELETE /x 204 0 3.250ms\n");
		free(out);
	}
	assert_false(log_access_enabled());
}

int main(void)
{
	return unit_run(LOG_INFO, setup, teardown); /* the default level: what these tests check */
}
