#include "core/base.h"
#include "core/buf.h"
#include "http/metrics.h"

static const double buckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	  0.25,	  0.5,	 1,	 2.5,	5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct route_stats {
	_Atomic long long by_class[6]; /* 1xx..5xx; [0] other */
	_Atomic long long hist[NBUCKETS + 1];
	_Atomic long long ns_sum;
};

struct http_metrics {
	size_t n; /* real routes; slot n: static, n+1: unmatched */
	struct route_stats s[];
};

struct http_metrics *http_metrics_new(size_t nroutes)
{
	struct http_metrics *m = calloc(1, sizeof(*m) + (nroutes + 2) * sizeof(m->s[0]));
	if (m)
		m->n = nroutes;
	return m;
}

void http_metrics_free(struct http_metrics *m)
{
	free(m);
}

void http_metrics_observe(struct http_metrics *m, int route, int status, uint64_t ns)
{
	size_t slot = route >= 0 ? (size_t)route : (route == -3 ? m->n : m->n + 1);
	if (slot > m->n + 1)
		return;
	struct route_stats *s = &m->s[slot];
	int cls = status / 100;
	atomic_fetch_add_explicit(&s->by_class[cls >= 1 && cls <= 5 ? cls : 0], 1,
				  memory_order_relaxed);
	double secs = (double)ns / 1e9;
	size_t b = 0;
	while (b < NBUCKETS && secs > buckets[b])
		b++;
	atomic_fetch_add_explicit(&s->hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->ns_sum, (long long)ns, memory_order_relaxed);
}

int http_metrics_write(struct http_metrics *m, const char *const *method,
		       const char *const *pattern, struct buf *out)
{
	int rc = 0;
	static const char *const classes[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	rc |= buf_puts(out,
		       "# HELP tabula_http_requests_total HTTP requests answered, by route and "
		       "status class.\n# TYPE tabula_http_requests_total counter\n");
	for (size_t i = 0; i < m->n + 2; i++) {
		const char *meth = i < m->n ? method[i] : "ANY";
		const char *pat = i < m->n ? pattern[i] : (i == m->n ? "static" : "unmatched");
		for (int c = 0; c < 6; c++) {
			long long v = atomic_load(&m->s[i].by_class[c]);
			if (v)
				rc |= buf_printf(
					out,
					"tabula_http_requests_total{method=\"%s\",route=\"%s\","
					"status=\"%s\"} %lld\n",
					meth, pat, classes[c], v);
		}
	}
	rc |= buf_puts(out, "# HELP tabula_http_request_duration_seconds Time from the first byte "
			    "of a request to its response being queued.\n"
			    "# TYPE tabula_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < m->n + 2; i++) {
		const char *meth = i < m->n ? method[i] : "ANY";
		const char *pat = i < m->n ? pattern[i] : (i == m->n ? "static" : "unmatched");
		long long cum = 0;
		for (size_t b = 0; b <= NBUCKETS; b++)
			cum += atomic_load(&m->s[i].hist[b]);
		if (!cum)
			continue;
		long long run = 0;
		for (size_t b = 0; b < NBUCKETS; b++) {
			run += atomic_load(&m->s[i].hist[b]);
			rc |= buf_printf(
				out,
				"tabula_http_request_duration_seconds_bucket{method=\"%s\","
				"route=\"%s\",le=\"%g\"} %lld\n",
				meth, pat, buckets[b], run);
		}
		rc |= buf_printf(
			out,
			"tabula_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\","
			"le=\"+Inf\"} %lld\n"
			"tabula_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} "
			"%.6f\n"
			"tabula_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} "
			"%lld\n",
			meth, pat, cum, meth, pat, (double)atomic_load(&m->s[i].ns_sum) / 1e9, meth,
			pat, cum);
	}
	return rc ? -1 : 0;
}
