/*
 * server.c: the server: worker threads, accepting, the listening socket,
 * starting and stopping, and its metrics. A connection's life is conn.c's.
 *
 * Every worker thread has an epoll set with the listening socket (shared,
 * EPOLLEXCLUSIVE), its own connections (edge-triggered) and an eventfd on
 * which other threads hand back suspended requests. A connection belongs to
 * the worker that accepted it; only that thread touches it. Several times a
 * second each worker sweeps its connections for passed deadlines. The
 * listening socket leaves a worker's set at conn_limit and comes back below
 * it, so excess clients wait in the kernel's backlog.
 */
#include "core/base.h"
#include "core/log.h"
#include "http/conn.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"
#include "http/tls.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* ---- small things ---- */

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
	return true;
}

static void worker_listen(struct worker *w, bool on)
{
	struct http_server *s = w->s;
	if (on == w->listening || s->listen_fd < 0)
		return;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL};
	if (on ? epoll_ctl(w->ep, EPOLL_CTL_ADD, s->listen_fd, &ev) == 0
	       : epoll_ctl(w->ep, EPOLL_CTL_DEL, s->listen_fd, NULL) == 0 || errno == EBADF)
		w->listening = on;
}

/* ---- accepting ---- */

static void accept_some(struct worker *w)
{
	struct http_server *s = w->s;
	for (int i = 0; i < 64; i++) {
		if (atomic_load(&s->open_connections) >= s->cfg.conn_limit) {
			worker_listen(w, false);
			return;
		}
		struct sockaddr_storage ss = {0};
		socklen_t len = sizeof(ss);
		int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* Out of descriptors: stop accepting until the next
				 * sweep rather than spin. */
				log_warn("http: cannot accept: %s", strerror(errno));
				worker_listen(w, false);
			}
			return;
		}
		conn_accepted(w, fd, &ss);
	}
}

/* ---- the worker ---- */

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct http_server *s = w->s;
	struct epoll_event evs[128];
	while (!atomic_load(&s->stopping)) {
		int n = epoll_wait(w->ep, evs, 128, SWEEP_NS / 1000000);
		for (int i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;
			if (!p) {
				accept_some(w);
			} else if (p == (void *)w) {
				uint64_t v;
				if (read(w->wake, &v, sizeof(v)) < 0 && errno != EAGAIN)
					log_warn("http: wake: %s", strerror(errno));
				conn_resume_all(w);
			} else {
				conn_event(p, evs[i].events);
			}
		}
		uint64_t now = time_mono_ns();
		if (now >= w->next_sweep) {
			conn_sweep(w, now);
			w->next_sweep = now + SWEEP_NS;
		}
		/* Below conn_limit again (closed here or by another worker):
		 * take new connections. */
		if (!w->listening && !atomic_load(&s->draining) &&
		    atomic_load(&s->open_connections) < s->cfg.conn_limit)
			worker_listen(w, true);
		conn_bury(w);
	}
	return NULL;
}

static void wake(struct worker *w)
{
	uint64_t one = 1;
	if (write(w->wake, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("http: cannot wake a worker: %s", strerror(errno));
}

static void server_free(struct http_server *s)
{
	if (s->workers) {
		for (int i = 0; i < s->threads; i++) {
			struct worker *w = &s->workers[i];
			/* A connection whose request is still with a handler is
			 * left to the exit; others are closed. */
			conn_close_all(w);
			if (w->ep >= 0)
				close(w->ep);
			if (w->wake >= 0)
				close(w->wake);
			pthread_mutex_destroy(&w->mu);
		}
		free(s->workers);
	}
	conn_addresses_free(s);
	tls_ctx_free(s->tls);
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
		close(cfg->listen_fd);
		return NULL;
	}
	pthread_mutex_init(&s->addr_mu, NULL);
	s->cfg = *cfg;
	s->listen_fd = cfg->listen_fd;
	if (s->cfg.header_timeout <= 0)
		s->cfg.header_timeout = 10;
	if (s->cfg.timeout <= 0)
		s->cfg.timeout = 30;
	if (s->cfg.conn_per_address <= 0)
		s->cfg.conn_per_address = s->cfg.conn_limit;
	s->limits = (struct http_limits){.head_max = 32768,
					 .target_max = 8192,
					 .max_headers = cfg->max_headers,
					 .body_max = cfg->body_max};
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
	if (cfg->tls_cert) {
		s->tls = tls_ctx_new(cfg->tls_cert, cfg->tls_key ? cfg->tls_key : "", err, errlen);
		if (!s->tls)
			goto fail;
	}
	if (getsockname(cfg->listen_fd, (struct sockaddr *)&ss, &sslen)) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen, strerror(errno));
		goto fail;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 a6;
		memcpy(&a6, &ss, sizeof(a6));
		s->port = ntohs(a6.sin6_port);
	} else {
		struct sockaddr_in a4;
		memcpy(&a4, &ss, sizeof(a4));
		s->port = ntohs(a4.sin_port);
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	s->threads = cfg->threads > 0 ? cfg->threads : (cores > 0 ? (int)cores : 2);
	s->workers = calloc((size_t)s->threads, sizeof(*s->workers));
	if (!s->workers) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (int i = 0; i < s->threads; i++) {
		struct worker *w = &s->workers[i];
		w->s = s;
		pthread_mutex_init(&w->mu, NULL);
		w->ep = epoll_create1(EPOLL_CLOEXEC);
		w->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = w};
		if (w->ep < 0 || w->wake < 0 || epoll_ctl(w->ep, EPOLL_CTL_ADD, w->wake, &ev)) {
			snprintf(err, errlen, "cannot start the HTTP workers: %s", strerror(errno));
			goto fail;
		}
		worker_listen(w, true);
		if (!w->listening) {
			snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
				 strerror(errno));
			goto fail;
		}
	}
	for (int i = 0; i < s->threads; i++) {
		if (pthread_create(&s->workers[i].thread, NULL, worker_main, &s->workers[i])) {
			snprintf(err, errlen, "cannot start the HTTP workers");
			atomic_store(&s->stopping, true);
			for (int j = 0; j < i; j++) {
				wake(&s->workers[j]);
				pthread_join(s->workers[j].thread, NULL);
			}
			goto fail;
		}
	}
	return s;
fail:
	close(s->listen_fd);
	s->listen_fd = -1;
	server_free(s);
	return NULL;
}

void http_server_stop(struct http_server *s, int grace_seconds)
{
	if (!s)
		return;
	/* No new connections (the socket leaves every epoll set as it
	 * closes); idle ones are closed at the next sweep, and answers say
	 * Connection: close. */
	atomic_store(&s->draining, true);
	close(s->listen_fd);
	for (int i = 0; i < s->threads; i++)
		wake(&s->workers[i]);
	uint64_t deadline = time_mono_ns() + (uint64_t)grace_seconds * NS;
	while (atomic_load(&s->inflight) > 0 && time_mono_ns() < deadline) {
		struct timespec ts = {.tv_sec = 0, .tv_nsec = 10L * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	int left = atomic_load(&s->inflight);
	if (left)
		log_warn("http: %d requests still in flight after %ds; closing", left,
			 grace_seconds);
	atomic_store(&s->stopping, true);
	for (int i = 0; i < s->threads; i++)
		wake(&s->workers[i]);
	for (int i = 0; i < s->threads; i++)
		pthread_join(s->workers[i].thread, NULL);
	s->listen_fd = -1;
	server_free(s);
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

int http_server_metrics(struct http_server *s, struct buf *out)
{
	int rc = http_metrics_write(s->metrics, s->route_method, s->route_pattern, out);
	return rc |
	       buf_printf(
		       out,
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
		       "tabula_http_threads %d\n"
		       "# HELP tabula_http_refused_total Requests or connections refused before a "
		       "handler, by reason.\n"
		       "# TYPE tabula_http_refused_total counter\n"
		       "tabula_http_refused_total{reason=\"timeout\"} %lld\n"
		       "tabula_http_refused_total{reason=\"malformed\"} %lld\n"
		       "tabula_http_refused_total{reason=\"per_address\"} %lld\n"
		       "tabula_http_refused_total{reason=\"queue_full\"} %lld\n"
		       "# HELP tabula_http_admission_inflight Requests of admission-controlled "
		       "routes in flight (read, waiting for the writer or running; not yet "
		       "answered).\n"
		       "# TYPE tabula_http_admission_inflight gauge\n"
		       "tabula_http_admission_inflight %d\n"
		       "# HELP tabula_http_admission_limit The bound on them (admission_queue; 0: "
		       "none).\n"
		       "# TYPE tabula_http_admission_limit gauge\n"
		       "tabula_http_admission_limit %d\n",
		       atomic_load(&s->inflight), atomic_load(&s->suspended),
		       atomic_load(&s->open_connections), (long long)atomic_load(&s->connections),
		       s->threads, (long long)atomic_load(&s->timeouts),
		       (long long)atomic_load(&s->framing_errors),
		       (long long)atomic_load(&s->refused_address),
		       (long long)atomic_load(&s->refused_queue), atomic_load(&s->admission),
		       s->cfg.admission_flag ? s->cfg.admission_queue : 0);
}
