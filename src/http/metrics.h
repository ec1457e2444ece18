/*
 * metrics.h: request counters and latency histograms per route, lock-free.
 */
#ifndef TABULA_HTTP_METRICS_H
#define TABULA_HTTP_METRICS_H

struct buf;
struct http_metrics;

/* nroutes real routes; two more slots count static files and unmatched paths. */
struct http_metrics *http_metrics_new(size_t nroutes);
void http_metrics_free(struct http_metrics *m);
/* route: index, or -1 for unmatched, -3 for a static file. */
void http_metrics_observe(struct http_metrics *m, int route, int status, uint64_t ns);
/* labels[i] names route i ("GET /api/v1/orgs/{code}"). */
/* 0, or -1 when out may be cut short (out of memory). */
int http_metrics_write(struct http_metrics *m, const char *const *method,
		       const char *const *pattern, struct buf *out);

#endif
