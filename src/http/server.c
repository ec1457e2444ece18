/*
 * server.c: libmicrohttpd glue.
 *
 * The access handler is called several times per request:
 *   1st call  - allocate the request, check header count and declared size;
 *   upload    - append body bytes (past body_max they are dropped and 413
 *               is answered at the end);
 *   last call - route, run the `before` hook and the handler, queue the
 *               response. Queuing on this call, never the first, keeps the
 *               connection alive (the first-call path costs ~6x).
 *   resumed   - after req_resume(), run the continuation and queue.
 * The completion callback records metrics, writes the access-log line and
 * frees the request with its arena.
 */
#include "core/base.h"
#include "core/failalloc.h"
#include "core/log.h"
#include "http/metrics.h"
#include "http/request.h"
#include "http/server.h"
#include "http/static.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <strings.h>
#include <unistd.h>

struct http_server {
	struct MHD_Daemon *d;
	struct http_config cfg;
	struct router *rt;
	http_before_fn before;
	void *app;
	struct http_metrics *metrics;
	const char **route_method;
	const char **route_pattern;
	struct static_files *files;
	int port;
	int threads;
	_Atomic int inflight;
	_Atomic long long connections;
	_Atomic int open_connections;
	_Atomic int suspended;
};

const struct json_limits *http_server_json_limits(const struct http_server *s)
{
	return &s->cfg.json;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

int http_server_threads(const struct http_server *s)
{
	return s->threads;
}

bool http_tls_supported(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
}

/* ---- sending ---- */

static const char csp_api[] = "default-src 'none'; frame-ancestors 'none'";
static const char csp_web[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			      "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			      "object-src 'none'; base-uri 'none'; form-action 'self'; "
			      "frame-ancestors 'none'";

static enum MHD_Result send_response(struct req *r)
{
	if (!r->answered)
		res_error(r, P_INTERNAL, NULL, "The server did not produce an answer.");
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->outlen, (void *)(uintptr_t)r->out, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (r->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	bool html = r->ctype && !strncmp(r->ctype, "text/html", 9);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy", html ? csp_web : csp_api);
	if (html)
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	/* Only over TLS: a browser ignores HSTS on plain HTTP anyway, and a
	 * server on a LAN without TLS must stay reachable. */
	if (r->srv->cfg.tls_cert)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=63072000");
	bool cache_set = false;
	for (int i = 0; i < r->nhdrs; i++) {
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
		if (!strcasecmp(r->hdr_name[i], "Cache-Control"))
			cache_set = true;
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- the access handler ---- */

static void dispatch(struct http_server *s, struct req *r)
{
	const char *allow = NULL;
	int idx = router_match(s->rt, r, &allow);
	if (idx >= 0) {
		r->route_idx = idx;
		r->route = router_route(s->rt, (size_t)idx);
		if (!s->before || s->before(r))
			r->route->fn(r);
		return;
	}
	if (idx == ROUTE_BAD_METHOD) {
		res_error(r, P_METHOD_NOT_ALLOWED, NULL,
			  "This address does not accept that method.");
		res_header(r, "Allow", allow ? allow : "");
		return;
	}
	if (strncmp(r->path, "/api/", 5) != 0 && static_serve(s->files, r)) {
		r->route_idx = -3;
		return;
	}
	res_error(r, P_NOT_FOUND, NULL, "There is nothing at this address.");
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	UNUSED(kind);
	UNUSED(key);
	UNUSED(value);
	(*(int *)cls)++;
	return MHD_YES;
}

static struct req *req_new(struct http_server *s, struct MHD_Connection *conn, const char *url,
			   const char *method)
{
	struct req *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->start_ns = time_mono_ns();
	r->srv = s;
	r->json_limits = &s->cfg.json;
	r->suspended_count = &s->suspended;
	r->conn = conn;
	r->app = s->app;
	r->route_idx = -1;
	arena_init(&r->arena, 8192, 0);
	buf_init(&r->body, s->cfg.body_max);
	r->method = http_method_parse(method);
	r->method_str = r->method == HTTP_OTHER ? "OTHER" : http_method_name(r->method);
	r->path = url;
	atomic_fetch_add(&s->inflight, 1);
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	UNUSED(version);
	struct http_server *s = cls;
	struct req *r = *con_cls;
	if (!r) {
		r = req_new(s, conn, url, method);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		int nh = 0;
		MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &nh);
		if (nh > s->cfg.max_headers) {
			res_error(r, P_TOO_MANY_HEADERS, NULL,
				  "The request has too many header fields.");
			return send_response(r);
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > s->cfg.body_max) {
			/* Refuse before reading a byte of it; MHD closes the
			 * connection afterwards since the body was not read. */
			r->body_too_large = true;
			res_error(r, P_BODY_TOO_LARGE, NULL, "The request body is too large.");
			return send_response(r);
		}
		return MHD_YES;
	}
	if (r->answered && !r->suspended) {
		/* Answered on the first call (413, 431): discard the rest. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large && buf_append(&r->body, upload_data, *upload_data_size))
			r->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->suspended) {
		r->suspended = false;
		atomic_fetch_sub(&s->suspended, 1);
		void (*fn)(struct req *) = r->resume_fn;
		r->resume_fn = NULL;
		fn(r);
		if (r->suspended)
			return MHD_YES;
		return send_response(r);
	}
#ifdef TABULA_FAILALLOC
	failalloc_request_begin(
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, FAILALLOC_HEADER));
#endif
	if (r->body_too_large)
		res_error(r, P_BODY_TOO_LARGE, NULL, "The request body is too large.");
	else
		dispatch(s, r);
#ifdef TABULA_FAILALLOC
	res_header(r, "X-Tabula-Alloc-Count", failalloc_request_end());
#endif
	if (r->suspended)
		return MHD_YES;
	return send_response(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	UNUSED(conn);
	struct http_server *s = cls;
	struct req *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	uint64_t ns = time_mono_ns() - r->start_ns;
	int status = r->answered ? r->status : 0;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !status)
		status = 499; /* client went away, nginx's convention */
	http_metrics_observe(s->metrics, r->route_idx, status, ns);
	if (log_access_enabled())
		log_access(req_client(r), r->method_str, r->path, status, r->outlen,
			   (double)ns / 1e6);
	buf_release(&r->body);
	arena_release(&r->arena);
	free(r);
	atomic_fetch_sub(&s->inflight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	UNUSED(conn);
	UNUSED(socket_context);
	struct http_server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		atomic_fetch_add(&s->connections, 1);
		atomic_fetch_add(&s->open_connections, 1);
	} else {
		atomic_fetch_sub(&s->open_connections, 1);
	}
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	UNUSED(cls);
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_debug("http: %s", msg);
}

/* Parse "host:port" or "[v6]:port" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, char *err, size_t errlen)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errlen, "listen address '%s' must be HOST:PORT", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || end == colon + 1) {
		snprintf(err, errlen, "listen address '%s' has a bad port", listen);
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) {
			snprintf(err, errlen, "listen address '%s' has a bad IPv6 host", listen);
			return -1;
		}
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		memcpy(host, "127.0.0.1", 10);
	if (!*host || !strcmp(host, "*"))
		a->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (inet_pton(AF_INET, host, &a->sin_addr) != 1) {
		snprintf(err, errlen, "listen address '%s' needs a numeric IP host", listen);
		return -1;
	}
	return 0;
}

int http_listen(const char *addr, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	if (parse_listen(addr, &ss, err, errlen))
		return -1;
	socklen_t len =
		ss.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", addr, strerror(errno));
		return -1;
	}
	/* SO_REUSEADDR only lets a restart bind over connections of the last
	 * run in TIME_WAIT; Linux still refuses a port another socket listens
	 * on. SO_REUSEPORT would not, and two servers would split the
	 * traffic: never set it. */
	int on = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on))) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, SOMAXCONN)) {
		int e = errno;
		close(fd);
		if (e == EADDRINUSE)
			snprintf(err, errlen,
				 "cannot listen on %s: the address is in use (another tabula "
				 "serve?)",
				 addr);
		else
			snprintf(err, errlen, "cannot listen on %s: %s", addr, strerror(e));
		return -1;
	}
	return fd;
}

static void server_free(struct http_server *s)
{
	router_free(s->rt);
	http_metrics_free(s->metrics);
	free(s->route_method);
	free(s->route_pattern);
	static_free(s->files);
	free(s);
}

struct http_server *http_server_start(const struct http_config *cfg, const struct route *routes,
				      size_t nroutes, http_before_fn before, void *app, char *err,
				      size_t errlen)
{
	struct sockaddr_storage ss = {0};
	socklen_t sslen = sizeof(ss);
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	s->cfg = *cfg;
	s->before = before;
	s->app = app;
	s->rt = router_new(routes, nroutes);
	s->metrics = http_metrics_new(nroutes);
	s->route_method = calloc(nroutes + 1, sizeof(char *));
	s->route_pattern = calloc(nroutes + 1, sizeof(char *));
	if (!s->rt || !s->metrics || !s->route_method || !s->route_pattern) {
		snprintf(err, errlen, "bad route table or out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nroutes; i++) {
		s->route_method[i] = http_method_name(routes[i].method);
		s->route_pattern[i] = routes[i].pattern;
	}
	if (cfg->web_root && *cfg->web_root) {
		s->files = static_load(cfg->web_root, err, errlen);
		if (!s->files)
			goto fail;
	}
	if (getsockname(cfg->listen_fd, (struct sockaddr *)&ss, &sslen)) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen, strerror(errno));
		goto fail;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	s->threads = cfg->threads > 0 ? cfg->threads : (cores > 0 ? (int)cores : 2);
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO |
			 MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cfg->tls_cert && !http_tls_supported()) {
		snprintf(err, errlen, "this libmicrohttpd was built without TLS");
		goto fail;
	}
	/* With TLS the certificate and key lead the option list; without, the
	 * list starts at the listening socket (MHD_OPTION_ARRAY of nothing). */
	struct MHD_OptionItem tls_opts[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)(uintptr_t)cfg->tls_cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)(uintptr_t)cfg->tls_key},
		{MHD_OPTION_END, 0, NULL},
	};
	if (cfg->tls_cert)
		flags |= MHD_USE_TLS;
	else
		tls_opts[0].option = MHD_OPTION_END;
	s->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s, MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)cfg->listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)s->threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->conn_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, MHD_OPTION_END);
	if (!s->d) {
		/* The socket was libmicrohttpd's from the call on: it closes it
		 * when it fails. */
		snprintf(err, errlen, "cannot start the HTTP server on %s", cfg->listen);
		server_free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	return s;
fail:
	if (s)
		server_free(s);
	close(cfg->listen_fd);
	return NULL;
}

void http_server_stop(struct http_server *s, int grace_seconds)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	uint64_t deadline = time_mono_ns() + (uint64_t)grace_seconds * 1000000000u;
	while (atomic_load(&s->inflight) > 0 && time_mono_ns() < deadline) {
		struct timespec ts = {.tv_sec = 0, .tv_nsec = 10L * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	int left = atomic_load(&s->inflight);
	if (left)
		log_warn("http: %d requests still in flight after %ds; closing", left,
			 grace_seconds);
	MHD_stop_daemon(s->d);
	server_free(s);
}

void http_server_metrics(struct http_server *s, struct buf *out)
{
	http_metrics_write(s->metrics, s->route_method, s->route_pattern, out);
	buf_printf(out,
		   "# HELP tabula_http_inflight Requests being handled now.\n"
		   "# TYPE tabula_http_inflight gauge\n"
		   "tabula_http_inflight %d\n"
		   "# HELP tabula_http_suspended Requests waiting for a database commit.\n"
		   "# TYPE tabula_http_suspended gauge\n"
		   "tabula_http_suspended %d\n"
		   "# HELP tabula_http_connections_open Open client connections.\n"
		   "# TYPE tabula_http_connections_open gauge\n"
		   "tabula_http_connections_open %d\n"
		   "# HELP tabula_http_connections_total Client connections accepted.\n"
		   "# TYPE tabula_http_connections_total counter\n"
		   "tabula_http_connections_total %lld\n"
		   "# HELP tabula_http_threads Worker threads.\n"
		   "# TYPE tabula_http_threads gauge\n"
		   "tabula_http_threads %d\n",
		   atomic_load(&s->inflight), atomic_load(&s->suspended),
		   atomic_load(&s->open_connections), (long long)atomic_load(&s->connections),
		   s->threads);
}
