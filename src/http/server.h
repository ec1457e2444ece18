/*
 * server.h: the HTTP/1.1 server: worker threads, each with its own epoll set
 * and its own connections; requests read by llhttp in its strict mode
 * (http/parse.h), TLS by OpenSSL (http/tls.h).
 *
 * Each request is matched against the route table, passes the application's
 * `before` hook (authentication, role checks) and reaches its handler on the
 * worker thread that owns the connection. Every answer that is not a
 * handler's own, down to a malformed request line or a request that came too
 * slowly, is RFC 9457 problem+json. Responses carry the security headers.
 * Static files, if a web root is given, are read into memory at start and
 * served for paths outside /api/.
 *
 * Clocks (docs/reliability.md): a request's header fields must all arrive
 * within header_timeout of its first byte (of the connection, for the first
 * request); its body must average body_min_rate bytes per second after a
 * grace of header_timeout; an idle keep-alive connection or a stalled
 * response is closed after `timeout`. At conn_limit open connections no more
 * are accepted (they wait in the kernel's backlog); past conn_per_address
 * from one address a connection gets 503 too_many_connections. Past
 * admission_queue requests in flight on the routes it covers, the next one
 * gets 503 queue_full when its head is read, before its body.
 */
#ifndef TABULA_HTTP_SERVER_H
#define TABULA_HTTP_SERVER_H

#include "core/json.h"
#include "http/router.h"

struct http_config {
	const char *listen; /* "HOST:PORT" as given, for messages */
	int listen_fd;	    /* from http_listen(); http_server_start takes it */
	int threads;	    /* worker threads; 0: one per core */
	size_t body_max;    /* bytes; past it 413 */
	int max_headers;    /* past it 431 */
	int timeout;	    /* idle seconds before a connection is closed */
	int header_timeout; /* seconds for a request's head, from its first byte */
	int body_min_rate;  /* bytes per second a body must average */
	int conn_limit;
	int conn_per_address;
	/* Admission control: requests of routes whose flags hold admission_flag
	 * that may be in flight at once (read, waiting or running, not yet
	 * answered); one more is answered 503 queue_full with Retry-After as soon
	 * as its head is read. 0 (either): no bound. */
	unsigned admission_flag;
	int admission_queue;
	struct json_limits json;
	const char *web_root; /* NULL or "": no static files */
	const char *tls_cert; /* PEM text, or NULL: plain HTTP */
	const char *tls_key;  /* PEM text of the key; kept by the caller while serving */
};

/* Returns false if it answered the request itself (e.g. 401). */
typedef bool (*http_before_fn)(struct req *r);

/* A listening TCP socket on "HOST:PORT", "[::1]:PORT" or "*:PORT" (port 0
 * picks a free one), or -1 with the reason in err. A port another socket
 * listens on is refused (EADDRINUSE, said as such): two servers never share
 * one. A restart binds at once over the last run's TIME_WAIT connections. */
int http_listen(const char *addr, char *err, size_t errlen);
/* Serve on cfg->listen_fd, which it owns from here on, even when it fails. */
struct http_server *http_server_start(const struct http_config *cfg, const struct route *routes,
				      size_t nroutes, http_before_fn before, void *app, char *err,
				      size_t errlen);
int http_server_port(const struct http_server *s);
int http_server_threads(const struct http_server *s);
/* True if TLS can be served (always: OpenSSL). */
bool http_tls_supported(void);
/* Stop accepting, let in-flight requests finish for up to grace seconds,
 * then close every connection and free the server. */
void http_server_stop(struct http_server *s, int grace_seconds);
const struct json_limits *http_server_json_limits(const struct http_server *s);
/* Prometheus text for the HTTP counters and gauges; 0, or -1 out of memory. */
int http_server_metrics(struct http_server *s, struct buf *out);

#endif
