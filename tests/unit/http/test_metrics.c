/* Unit tests of src/http/metrics.c: counters by route and status class, the
 * latency histogram's buckets, the static and unmatched slots, and counts
 * that stay exact under threads. No server is needed. */
#include "unit.h"

#include <pthread.h>

#include "core/buf.h"
#include "http/metrics.h"

static const char *const methods[] = {"GET", "POST"};
static const char *const patterns[] = {"/api/v1/orgs", "/api/v1/orgs/{code}"};

static char *write_text(struct http_metrics *m)
{
	struct buf b = BUF_INIT(0);
	http_metrics_write(m, methods, patterns, &b);
	assert_non_null(b.p);
	return b.p;
}

/* Is line (without its newline) one whole line of text? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

#define assert_line(text, line)                                         \
	do {                                                            \
		if (!has_line(text, line))                              \
			fail_msg("no line \"%s\" in:\n%s", line, text); \
	} while (0)

static int count_lines(const char *text, const char *prefix)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, prefix)); p++)
		n += p == text || p[-1] == '\n';
	return n;
}

#define MS 1000000ull

UNIT_TEST(test_empty)
{
	UNUSED(state);
	struct http_metrics *m = http_metrics_new(2);
	assert_non_null(m);
	char *t = write_text(m);
	/* Only the HELP and TYPE lines: no series without observations. */
	assert_line(t, "# TYPE tabula_http_requests_total counter");
	assert_line(t, "# TYPE tabula_http_request_duration_seconds histogram");
	assert_int_equal(count_lines(t, "tabula_"), 0);
	assert_int_equal(count_lines(t, "# HELP "), 2);
	free(t);
	http_metrics_free(m);
	http_metrics_free(NULL);
}

UNIT_TEST(test_counters)
{
	UNUSED(state);
	struct http_metrics *m = http_metrics_new(2);
	assert_non_null(m);
	http_metrics_observe(m, 0, 200, 1 * MS);
	http_metrics_observe(m, 0, 201, 1 * MS);
	http_metrics_observe(m, 0, 204, 1 * MS);
	http_metrics_observe(m, 0, 404, 1 * MS);
	http_metrics_observe(m, 1, 100, 1 * MS);
	http_metrics_observe(m, 1, 302, 1 * MS);
	http_metrics_observe(m, 1, 503, 1 * MS);
	http_metrics_observe(m, 1, 599, 1 * MS);
	/* Outside 100-599: "other". */
	http_metrics_observe(m, 1, 0, 1 * MS);
	http_metrics_observe(m, 1, 99, 1 * MS);
	http_metrics_observe(m, 1, 600, 1 * MS);
	http_metrics_observe(m, 1, -200, 1 * MS);
	/* Static files and unmatched paths have their own slots. */
	http_metrics_observe(m, -3, 200, 1 * MS);
	http_metrics_observe(m, -3, 304, 1 * MS);
	http_metrics_observe(m, -1, 404, 1 * MS);
	/* A route far past the table is not written anywhere. */
	http_metrics_observe(m, 4, 200, 1 * MS);
	http_metrics_observe(m, 1000, 200, 1 * MS);

	char *t = write_text(m);
	static const char *const want[] = {
		"tabula_http_requests_total{method=\"GET\",route=\"/api/v1/orgs\",status=\"2xx\"} "
		"3",
		"tabula_http_requests_total{method=\"GET\",route=\"/api/v1/orgs\",status=\"4xx\"} "
		"1",
		"tabula_http_requests_total{method=\"POST\",route=\"/api/v1/orgs/{code}\","
		"status=\"1xx\"} 1",
		"tabula_http_requests_total{method=\"POST\",route=\"/api/v1/orgs/{code}\","
		"status=\"3xx\"} 1",
		"tabula_http_requests_total{method=\"POST\",route=\"/api/v1/orgs/{code}\","
		"status=\"5xx\"} 2",
		"tabula_http_requests_total{method=\"POST\",route=\"/api/v1/orgs/{code}\","
		"status=\"other\"} 4",
		"tabula_http_requests_total{method=\"ANY\",route=\"static\",status=\"2xx\"} 1",
		"tabula_http_requests_total{method=\"ANY\",route=\"static\",status=\"3xx\"} 1",
		"tabula_http_requests_total{method=\"ANY\",route=\"unmatched\",status=\"4xx\"} 1",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_line(t, want[i]);
	/* Nothing else: classes without requests are left out. */
	assert_int_equal(count_lines(t, "tabula_http_requests_total{"), ARRAY_SIZE(want));
	/* Each series' count is the number of its requests. */
	assert_line(t, "tabula_http_request_duration_seconds_count{method=\"GET\","
		       "route=\"/api/v1/orgs\"} 4");
	assert_line(t, "tabula_http_request_duration_seconds_count{method=\"POST\","
		       "route=\"/api/v1/orgs/{code}\"} 8");
	assert_line(t, "tabula_http_request_duration_seconds_count{method=\"ANY\","
		       "route=\"static\"} 2");
	assert_line(t, "tabula_http_request_duration_seconds_count{method=\"ANY\","
		       "route=\"unmatched\"} 1");
	assert_int_equal(count_lines(t, "tabula_http_request_duration_seconds_count{"), 4);
	free(t);
	http_metrics_free(m);
}

#define BUCKET(le, n)                                                                        \
	"tabula_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orgs\"," \
	"le=\"" le "\"} " #n

/* Each duration lands in the first bucket it does not exceed (le: less or
 * equal); buckets are cumulative; past the last, only +Inf. */
UNIT_TEST(test_histogram)
{
	UNUSED(state);
	struct http_metrics *m = http_metrics_new(2);
	assert_non_null(m);
	http_metrics_observe(m, 0, 200, 0);	     /* 0 */
	http_metrics_observe(m, 0, 200, 100000);     /* 0.0001 exactly */
	http_metrics_observe(m, 0, 200, 100001);     /* just over 0.0001 */
	http_metrics_observe(m, 0, 200, 3 * MS);     /* 0.003 */
	http_metrics_observe(m, 0, 200, 1000 * MS);  /* 1 */
	http_metrics_observe(m, 0, 200, 5000 * MS);  /* 5, the last bucket */
	http_metrics_observe(m, 0, 200, 60000 * MS); /* a minute */
	char *t = write_text(m);
	static const char *const want[] = {
		BUCKET("0.0001", 2), BUCKET("0.00025", 3), BUCKET("0.0005", 3), BUCKET("0.001", 3),
		BUCKET("0.0025", 3), BUCKET("0.005", 4),   BUCKET("0.01", 4),	BUCKET("0.025", 4),
		BUCKET("0.05", 4),   BUCKET("0.1", 4),	   BUCKET("0.25", 4),	BUCKET("0.5", 4),
		BUCKET("1", 5),	     BUCKET("2.5", 5),	   BUCKET("5", 6),	BUCKET("+Inf", 7),
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_line(t, want[i]);
	assert_int_equal(count_lines(t, "tabula_http_request_duration_seconds_bucket{"),
			 ARRAY_SIZE(want));
	/* The sum in seconds, to the microsecond. */
	assert_line(t, "tabula_http_request_duration_seconds_sum{method=\"GET\","
		       "route=\"/api/v1/orgs\"} 66.003200");
	assert_line(t, "tabula_http_request_duration_seconds_count{method=\"GET\","
		       "route=\"/api/v1/orgs\"} 7");
	/* The other route had nothing: no histogram for it. */
	assert_null(strstr(t, "route=\"/api/v1/orgs/{code}\""));
	free(t);
	http_metrics_free(m);
}

/* No routes at all: static and unmatched still count. */
UNIT_TEST(test_no_routes)
{
	UNUSED(state);
	struct http_metrics *m = http_metrics_new(0);
	assert_non_null(m);
	http_metrics_observe(m, -3, 200, 1 * MS);
	http_metrics_observe(m, -1, 404, 1 * MS);
	struct buf b = BUF_INIT(0);
	http_metrics_write(m, NULL, NULL, &b);
	assert_line(b.p, "tabula_http_requests_total{method=\"ANY\",route=\"static\","
			 "status=\"2xx\"} 1");
	assert_line(b.p, "tabula_http_requests_total{method=\"ANY\",route=\"unmatched\","
			 "status=\"4xx\"} 1");
	assert_int_equal(count_lines(b.p, "tabula_http_requests_total{"), 2);
	buf_release(&b);
	http_metrics_free(m);
}

enum { THREADS = 4, PER_THREAD = 20000 };

static void *observer(void *arg)
{
	struct http_metrics *m = arg;
	for (int i = 0; i < PER_THREAD; i++)
		http_metrics_observe(m, i % 2, i % 3 ? 200 : 500, (uint64_t)(i % 7) * MS);
	return NULL;
}

/* Lock-free, and still not one observation lost. */
UNIT_TEST(test_threads)
{
	UNUSED(state);
	struct http_metrics *m = http_metrics_new(2);
	assert_non_null(m);
	pthread_t th[THREADS];
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, observer, m), 0);
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	/* Per thread: i even -> route 0, i % 3 == 0 -> 500. Of 0..19999,
	 * 10000 are even, 3334 of them multiples of 6. */
	char *t = write_text(m);
	char line[256];
	snprintf(line, sizeof(line),
		 "tabula_http_requests_total{method=\"GET\",route=\"/api/v1/orgs\",status=\"5xx\"} "
		 "%d",
		 THREADS * 3334);
	assert_line(t, line);
	snprintf(line, sizeof(line),
		 "tabula_http_requests_total{method=\"GET\",route=\"/api/v1/orgs\",status=\"2xx\"} "
		 "%d",
		 THREADS * (10000 - 3334));
	assert_line(t, line);
	snprintf(line, sizeof(line),
		 "tabula_http_request_duration_seconds_count{method=\"POST\","
		 "route=\"/api/v1/orgs/{code}\"} %d",
		 THREADS * 10000);
	assert_line(t, line);
	free(t);
	http_metrics_free(m);
}

UNIT_MAIN()
