/*
 * server.c: connections, worker threads and the request's life.
 *
 * Every worker thread has an epoll set with the listening socket (shared,
 * EPOLLEXCLUSIVE), its own connections (edge-triggered) and an eventfd on
 * which other threads hand back suspended requests. A connection belongs to
 * the worker that accepted it; only that thread touches it. A connection is
 *   READ    reading a request (http/parse.h), under the head or body clock;
 *   RUN     its request in the handler, or suspended until req_resume();
 *   WRITE   sending the response (writev; or TLS records);
 *   LINGER  closing after an error: our side shut, the client's bytes read
 *           and dropped for a moment, so that the answer is not lost to a
 *           reset (RFC 9112 §9.6).
 * Several times a second each worker sweeps its connections for passed
 * deadlines. The listening socket leaves a worker's set at conn_limit and
 * comes back below it, so excess clients wait in the kernel's backlog.
 */
#include "core/base.h"
#include "core/failalloc.h"
#include "core/log.h"
#include "http/metrics.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/server.h"
#include "http/static.h"
#include "http/tls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { READ_CHUNK = 16384, SWEEP_NS = 200 * 1000 * 1000, LINGER_NS = 1000000000 };
enum conn_state { C_READ, C_RUN, C_WRITE, C_LINGER };

struct worker;

struct conn {
	struct conn *prev, *next; /* the worker's list */
	struct conn *resumed;	  /* the worker's hand-back list */
	struct worker *w;
	int fd;
	struct tls_conn *tls;
	bool tls_wants_write;
	unsigned char key[16]; /* the client's address, for the per-address count */
	char addr[INET6_ADDRSTRLEN];
	enum conn_state state;
	uint64_t deadline;   /* ns, monotonic; 0: none */
	uint64_t body_start; /* when the current request's body began */
	int requests;	     /* answered on this connection */
	struct http_parse hp;
	char *rbuf;
	size_t rpos, rlen; /* bytes read, not yet parsed: [rpos, rlen) */
	struct req *r;	   /* the request being run or answered */
	const char *allow; /* 405's Allow, from the head */
	int route;	   /* router_match's answer at the head */
	bool keep_alive;
	bool peer_gone;
	bool send_continue;
	bool no_linger;	 /* close at once after the answer (a client too slow to wait for) */
	bool dead;	 /* closed: freed at the end of the worker's turn */
	struct buf head; /* the response's status line and header fields */
	const char *body;
	size_t body_len;
	size_t sent; /* of head then body */
};

struct worker {
	struct http_server *s;
	pthread_t thread;
	int ep;
	int wake; /* eventfd */
	bool listening;
	struct conn *conns;
	struct conn *dead;  /* closed in this turn; an event of the same turn may name them */
	pthread_mutex_t mu; /* guards resumed */
	struct conn *resumed;
	char date[64];
	time_t date_sec;
	uint64_t next_sweep;
};

struct addr_slot {
	struct addr_slot *next;
	unsigned char key[16];
	int count;
};

enum { ADDR_BUCKETS = 4096 };

struct http_server {
	struct http_config cfg;
	struct router *rt;
	http_before_fn before;
	void *app;
	struct http_metrics *metrics;
	const char **route_method;
	const char **route_pattern;
	struct static_files *files;
	struct tls_ctx *tls;
	struct http_limits limits;
	struct worker *workers;
	int port;
	int threads;
	int listen_fd;
	_Atomic bool draining;
	_Atomic bool stopping;
	_Atomic int inflight;
	_Atomic long long connections;
	_Atomic int open_connections;
	_Atomic int suspended;
	_Atomic long long timeouts;
	_Atomic long long framing_errors;
	_Atomic long long refused_address;
	pthread_mutex_t addr_mu;
	struct addr_slot *addr[ADDR_BUCKETS];
};

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

static const uint64_t NS = 1000000000u;

/* ---- connections per address ---- */

static unsigned addr_hash(const unsigned char *key)
{
	unsigned h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % ADDR_BUCKETS;
}

/* Count one more connection from key, unless it has its share already. */
static bool addr_take(struct http_server *s, const unsigned char *key)
{
	unsigned h = addr_hash(key);
	bool ok = false;
	pthread_mutex_lock(&s->addr_mu);
	struct addr_slot *a = s->addr[h];
	while (a && memcmp(a->key, key, 16) != 0)
		a = a->next;
	if (!a) {
		a = calloc(1, sizeof(*a));
		if (a) {
			memcpy(a->key, key, 16);
			a->next = s->addr[h];
			s->addr[h] = a;
		}
	}
	if (a && a->count < s->cfg.conn_per_address) {
		a->count++;
		ok = true;
	}
	pthread_mutex_unlock(&s->addr_mu);
	return ok;
}

static void addr_put(struct http_server *s, const unsigned char *key)
{
	unsigned h = addr_hash(key);
	pthread_mutex_lock(&s->addr_mu);
	for (struct addr_slot **pp = &s->addr[h]; *pp; pp = &(*pp)->next) {
		struct addr_slot *a = *pp;
		if (memcmp(a->key, key, 16) != 0)
			continue;
		if (--a->count <= 0) {
			*pp = a->next;
			free(a);
		}
		break;
	}
	pthread_mutex_unlock(&s->addr_mu);
}

/* The address as 16 bytes (IPv4 mapped into IPv6) and as text. */
static void addr_of(const struct sockaddr_storage *ss, unsigned char key[16], char *text,
		    size_t len)
{
	memset(key, 0, 16);
	snprintf(text, len, "-");
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)ss;
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &a->sin_addr, 4);
		inet_ntop(AF_INET, &a->sin_addr, text, (socklen_t)len);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)ss;
		memcpy(key, &a->sin6_addr, 16);
		inet_ntop(AF_INET6, &a->sin6_addr, text, (socklen_t)len);
	}
}

/* ---- reading and writing bytes ---- */

static ssize_t conn_recv(struct conn *c, char *p, size_t n)
{
	if (c->tls)
		return tls_read(c->tls, p, n, &c->tls_wants_write);
	return recv(c->fd, p, n, 0);
}

static ssize_t conn_send(struct conn *c, const char *p, size_t n)
{
	if (c->tls)
		return tls_write(c->tls, p, n, &c->tls_wants_write);
	return send(c->fd, p, n, MSG_NOSIGNAL);
}

/* ---- the request's life ---- */

static void conn_read(struct conn *c);
static void conn_write(struct conn *c);

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

/* Metrics, the access-log line, and the request freed. */
static void complete(struct conn *c, bool delivered)
{
	struct req *r = c->r;
	struct http_server *s = c->w->s;
	c->r = NULL;
	if (!r)
		return;
	uint64_t ns = time_mono_ns() - r->start_ns;
	int status = r->answered ? r->status : 0;
	if (!delivered && !status)
		status = 499; /* the client went away, nginx's convention */
	http_metrics_observe(s->metrics, r->route_idx, status, ns);
	if (log_access_enabled())
		log_access(c->addr, r->method_str ? r->method_str : "-", r->path ? r->path : "-",
			   status, r->outlen, (double)ns / 1e6);
	req_free(r);
	atomic_fetch_sub(&s->inflight, 1);
}

static void conn_close(struct conn *c)
{
	struct worker *w = c->w;
	struct http_server *s = w->s;
	if (c->r)
		complete(c, false);
	if (c->tls) {
		tls_close(c->tls);
		tls_conn_free(c->tls);
	}
	close(c->fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		w->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	addr_put(s, c->key);
	http_parse_free(&c->hp);
	buf_release(&c->head);
	free(c->rbuf);
	c->rbuf = NULL;
	/* Freed at the end of the turn: epoll_wait may have returned an event
	 * for it that this turn has not reached yet. */
	c->dead = true;
	c->next = w->dead;
	w->dead = c;
	atomic_fetch_sub(&s->open_connections, 1);
	if (!atomic_load(&s->draining) && atomic_load(&s->open_connections) < s->cfg.conn_limit)
		worker_listen(w, true);
}

static const char csp_api[] = "default-src 'none'; frame-ancestors 'none'";
static const char csp_web[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			      "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			      "object-src 'none'; base-uri 'none'; form-action 'self'; "
			      "frame-ancestors 'none'";

#define OOM_BODY                                                                               \
	"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"          \
	"\"code\":\"out_of_memory\",\"detail\":\"The server is out of memory. Try again in a " \
	"moment.\"}"
#define OOM_HEAD                                                                           \
	"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"   \
	"Retry-After: 1\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" \
	"Connection: close\r\nContent-Length: "
static const char oom_head[] = OOM_HEAD;
static const char oom_body[] = OOM_BODY;

static const char *http_date(struct worker *w)
{
	time_t now = time(NULL);
	if (now != w->date_sec) {
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(w->date, sizeof(w->date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		w->date_sec = now;
	}
	return w->date;
}

static int put_header(struct buf *b, const char *name, const char *value)
{
	return buf_puts(b, name) || buf_puts(b, ": ") || buf_puts(b, value) || buf_puts(b, "\r\n");
}

/* The status line and header fields of r's answer into c->head. */
static int build_head(struct conn *c, struct req *r, bool bodyless)
{
	struct http_server *s = c->w->s;
	struct buf *b = &c->head;
	buf_reset(b);
	bool html = r->ctype && !strncmp(r->ctype, "text/html", 9);
	bool cache_set = false, retry_set = false;
	int rc = buf_printf(b, "HTTP/1.1 %d %s\r\nDate: %s\r\n", r->status, http_reason(r->status),
			    http_date(c->w));
	if (r->ctype)
		rc = rc || put_header(b, "Content-Type", r->ctype);
	rc = rc || put_header(b, "X-Content-Type-Options", "nosniff") ||
	     put_header(b, "Referrer-Policy", "no-referrer") ||
	     put_header(b, "Content-Security-Policy", html ? csp_web : csp_api);
	if (html)
		rc = rc || put_header(b, "X-Frame-Options", "DENY");
	/* Only over TLS: a browser ignores HSTS on plain HTTP anyway, and a
	 * server on a LAN without TLS must stay reachable. */
	if (s->tls)
		rc = rc || put_header(b, "Strict-Transport-Security", "max-age=63072000");
	for (int i = 0; i < r->nhdrs; i++) {
		rc = rc || put_header(b, r->hdr_name[i], r->hdr_value[i]);
		if (!strcasecmp(r->hdr_name[i], "Cache-Control"))
			cache_set = true;
		else if (!strcasecmp(r->hdr_name[i], "Retry-After"))
			retry_set = true;
	}
	/* Every 503 says when to come back. */
	if (r->status == 503 && !retry_set)
		rc = rc || put_header(b, "Retry-After", "1");
	if (!cache_set)
		rc = rc || put_header(b, "Cache-Control", "no-store");
	if (!c->keep_alive)
		rc = rc || put_header(b, "Connection", "close");
	if (!bodyless)
		rc = rc || buf_printf(b, "Content-Length: %zu\r\n", r->outlen);
	return rc || buf_puts(b, "\r\n");
}

/* Send r's answer: from here the connection is writing. */
static void finish(struct conn *c)
{
	struct req *r = c->r;
	struct http_server *s = c->w->s;
	if (!r->answered)
		res_error(r, P_INTERNAL, NULL, "The server did not produce an answer.");
	if (c->peer_gone || r->upgrade || atomic_load(&s->draining))
		c->keep_alive = false;
	bool bodyless = r->status == 204 || r->status == 304 || r->status < 200;
	bool failed = r->res_failed || build_head(c, r, bodyless);
	c->body = r->out;
	c->body_len = bodyless || r->method == HTTP_HEAD ? 0 : r->outlen;
	if (failed) {
		/* Out of memory: the fixed answer, which needs none. */
		c->keep_alive = false;
		r->status = 503;
		r->outlen = sizeof(oom_body) - 1;
		buf_reset(&c->head);
		if (buf_puts(&c->head, oom_head) ||
		    buf_printf(&c->head, "%zu\r\n\r\n", sizeof(oom_body) - 1)) {
			conn_close(c);
			return;
		}
		c->body = oom_body;
		c->body_len = sizeof(oom_body) - 1;
	}
	c->sent = 0;
	c->state = C_WRITE;
	c->deadline = time_mono_ns() + (uint64_t)s->cfg.timeout * NS;
	conn_write(c);
}

static void dispatch(struct conn *c, struct req *r)
{
	struct http_server *s = c->w->s;
	int idx = c->route;
	if (idx >= 0) {
		if (!s->before || s->before(r))
			r->route->fn(r);
		return;
	}
	if (idx == ROUTE_BAD_METHOD) {
		res_error(r, P_METHOD_NOT_ALLOWED, NULL,
			  "This address does not accept that method.");
		res_header(r, "Allow", c->allow ? c->allow : "");
		return;
	}
	if (strncmp(r->path, "/api/", 5) != 0 && static_serve(s->files, r)) {
		r->route_idx = -3;
		return;
	}
	res_error(r, P_NOT_FOUND, NULL, "There is nothing at this address.");
}

static void run(struct conn *c, struct req *r)
{
	struct http_server *s = c->w->s;
	c->r = r;
	c->state = C_RUN;
	c->deadline = 0;
	atomic_fetch_add(&s->inflight, 1);
#ifdef TABULA_FAILALLOC
	failalloc_request_begin(req_header(r, FAILALLOC_HEADER));
#endif
	dispatch(c, r);
#ifdef TABULA_FAILALLOC
	res_header(r, "X-Tabula-Alloc-Count", failalloc_request_end());
#endif
	if (!r->suspended)
		finish(c);
}

/* Answer a request that could not be read (or came too slowly) and close. */
static void refuse(struct conn *c, enum problem_id id, const char *detail)
{
	struct http_server *s = c->w->s;
	struct req *r = c->hp.r;
	c->hp.r = NULL;
	if (!r)
		r = req_new(0);
	if (!r) {
		conn_close(c);
		return;
	}
	if (!r->start_ns)
		r->start_ns = time_mono_ns();
	r->conn = c;
	r->srv = s;
	c->r = r;
	c->keep_alive = false;
	c->state = C_RUN;
	atomic_fetch_add(&s->inflight, 1);
	if (id == P_REQUEST_TIMEOUT) {
		atomic_fetch_add(&s->timeouts, 1);
		c->no_linger = true;
	} else if (id == P_BAD_REQUEST || id == P_BAD_FRAMING)
		atomic_fetch_add(&s->framing_errors, 1);
	res_error(r, id, NULL, detail);
	if (problem_def(id)->status == 503)
		res_header(r, "Retry-After", "1");
	finish(c);
}

/* Drop what the client still sends until it closes or the moment passes. */
static void linger_read(struct conn *c)
{
	char sink[4096];
	for (;;) {
		ssize_t n = conn_recv(c, sink, sizeof(sink));
		if (n > 0)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		conn_close(c);
		return;
	}
}

static void linger(struct conn *c)
{
	if (c->tls)
		tls_close(c->tls);
	shutdown(c->fd, SHUT_WR);
	c->state = C_LINGER;
	c->deadline = time_mono_ns() + LINGER_NS;
	linger_read(c);
}

/* The response is out: next request, or close. */
static void written(struct conn *c)
{
	struct http_server *s = c->w->s;
	complete(c, true);
	c->requests++;
	if (!c->keep_alive) {
		if (c->no_linger)
			conn_close(c);
		else
			linger(c);
		return;
	}
	c->state = C_READ;
	c->body_start = 0;
	c->deadline = time_mono_ns() + (uint64_t)s->cfg.timeout * NS;
	conn_read(c);
}

static void conn_write(struct conn *c)
{
	for (;;) {
		size_t hl = c->head.len;
		size_t total = hl + c->body_len;
		if (c->sent >= total) {
			written(c);
			return;
		}
		ssize_t n;
		if (c->tls) {
			n = c->sent < hl ? conn_send(c, c->head.p + c->sent, hl - c->sent)
					 : conn_send(c, c->body + (c->sent - hl),
						     c->body_len - (c->sent - hl));
		} else {
			struct iovec iov[2];
			int k = 0;
			if (c->sent < hl)
				iov[k++] = (struct iovec){c->head.p + c->sent, hl - c->sent};
			size_t boff = c->sent > hl ? c->sent - hl : 0;
			if (c->body_len > boff)
				iov[k++] = (struct iovec){(void *)(uintptr_t)(c->body + boff),
							  c->body_len - boff};
			struct msghdr mh = {.msg_iov = iov, .msg_iovlen = (size_t)k};
			n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		}
		if (n > 0) {
			c->sent += (size_t)n;
			c->deadline = time_mono_ns() + (uint64_t)c->w->s->cfg.timeout * NS;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		conn_close(c);
		return;
	}
}

static void send_continue(struct conn *c)
{
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
	c->send_continue = false;
	/* A fresh socket's buffer takes these few bytes; if not, the client
	 * sends its body anyway after a second (RFC 9110 §10.1.1). */
	(void)conn_send(c, cont, sizeof(cont) - 1);
}

static void conn_read(struct conn *c)
{
	struct http_server *s = c->w->s;
	while (c->state == C_READ) {
		if (c->rpos < c->rlen) {
			size_t used = 0;
			bool started = http_parse_started(&c->hp);
			enum http_parse_result res = http_parse_feed(&c->hp, c->rbuf + c->rpos,
								     c->rlen - c->rpos, &used);
			c->rpos += used;
			if (!started && c->requests > 0)
				c->deadline = time_mono_ns() + (uint64_t)s->cfg.header_timeout * NS;
			if (!c->body_start && http_parse_in_body(&c->hp))
				c->body_start = time_mono_ns();
			if (c->send_continue)
				send_continue(c);
			switch (res) {
			case HTTP_PARSE_MORE:
				c->rpos = c->rlen = 0;
				break;
			case HTTP_PARSE_MESSAGE: {
				bool keep = false;
				struct req *r = http_parse_take(&c->hp, &keep);
				c->keep_alive = keep;
				run(c, r);
				return;
			}
			case HTTP_PARSE_ERROR:
				refuse(c, c->hp.fail, c->hp.fail_detail);
				return;
			case HTTP_PARSE_CLOSE:
				conn_close(c);
				return;
			}
			continue;
		}
		ssize_t n = conn_recv(c, c->rbuf, READ_CHUNK);
		if (n > 0) {
			c->rpos = 0;
			c->rlen = (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		/* The client closed (or broke) the connection. */
		conn_close(c);
		return;
	}
}

/* ---- hooks of the parser ---- */

static struct req *new_req(void *ctx)
{
	struct conn *c = ctx;
	struct http_server *s = c->w->s;
	struct req *r = req_new(s->cfg.body_max);
	if (!r)
		return NULL;
	r->start_ns = time_mono_ns();
	r->srv = s;
	r->app = s->app;
	r->conn = c;
	r->json_limits = &s->cfg.json;
	r->suspended_count = &s->suspended;
	return r;
}

static enum problem_id on_head(void *ctx, struct req *r, size_t *body_max)
{
	struct conn *c = ctx;
	struct http_server *s = c->w->s;
	c->allow = NULL;
	c->route = router_match(s->rt, r, &c->allow);
	if (c->route == ROUTE_NOMEM)
		return P_OUT_OF_MEMORY;
	if (c->route >= 0) {
		r->route_idx = c->route;
		r->route = router_route(s->rt, (size_t)c->route);
		if (r->route->body_max && r->route->body_max < *body_max)
			*body_max = r->route->body_max;
	}
	const char *expect = req_header(r, "Expect");
	if (expect && !strcasecmp(expect, "100-continue"))
		c->send_continue = true;
	return P_NONE;
}

/* ---- suspension ---- */

void req_suspend(struct req *r, void (*fn)(struct req *r))
{
	r->resume_fn = fn;
	r->suspended = true;
	atomic_fetch_add(r->suspended_count, 1);
}

void req_resume(struct req *r)
{
	struct conn *c = r->conn;
	struct worker *w = c->w;
	pthread_mutex_lock(&w->mu);
	c->resumed = w->resumed;
	w->resumed = c;
	pthread_mutex_unlock(&w->mu);
	uint64_t one = 1;
	if (write(w->wake, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("http: cannot wake a worker: %s", strerror(errno));
}

const char *req_client(struct req *r)
{
	const struct conn *c = r->conn;
	return c ? c->addr : "-";
}

static void resume_all(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	struct conn *c = w->resumed;
	w->resumed = NULL;
	pthread_mutex_unlock(&w->mu);
	while (c) {
		struct conn *next = c->resumed;
		struct req *r = c->r;
		r->suspended = false;
		atomic_fetch_sub(&w->s->suspended, 1);
		void (*fn)(struct req *) = r->resume_fn;
		r->resume_fn = NULL;
		fn(r);
		if (!r->suspended)
			finish(c);
		c = next;
	}
}

/* ---- accepting ---- */

static void refuse_address(int fd)
{
	static const char body[] =
		"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
		"\"code\":\"too_many_connections\",\"detail\":\"Too many connections from your "
		"address. Try again in a moment.\"}";
	char msg[512];
	int n = snprintf(msg, sizeof(msg),
			 "HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
			 "application/problem+json\r\nRetry-After: 5\r\nCache-Control: no-store\r\n"
			 "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
			 sizeof(body) - 1, body);
	(void)send(fd, msg, (size_t)n, MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	/* What the client sent already is dropped, so that the close is not a
	 * reset that could overtake the answer. */
	char sink[4096];
	while (recv(fd, sink, sizeof(sink), 0) > 0)
		;
	close(fd);
}

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
		struct conn *c = calloc(1, sizeof(*c));
		char *rbuf = c ? malloc(READ_CHUNK) : NULL;
		if (!c || !rbuf) {
			free(c);
			close(fd);
			return;
		}
		addr_of(&ss, c->key, c->addr, sizeof(c->addr));
		if (!addr_take(s, c->key)) {
			free(rbuf);
			free(c);
			atomic_fetch_add(&s->refused_address, 1);
			refuse_address(fd);
			continue;
		}
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		c->fd = fd;
		c->w = w;
		c->rbuf = rbuf;
		c->route = ROUTE_NONE;
		buf_init(&c->head, 0);
		if (http_parse_init(&c->hp, &s->limits, new_req, on_head, c)) {
			addr_put(s, c->key);
			free(rbuf);
			free(c);
			close(fd);
			return;
		}
		c->next = w->conns;
		if (w->conns)
			w->conns->prev = c;
		w->conns = c;
		atomic_fetch_add(&s->open_connections, 1);
		atomic_fetch_add(&s->connections, 1);
		c->state = C_READ;
		c->deadline = time_mono_ns() + (uint64_t)s->cfg.header_timeout * NS;
		if (s->tls && !(c->tls = tls_conn_new(s->tls, fd))) {
			conn_close(c);
			continue;
		}
		struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
					 .data.ptr = c};
		if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev)) {
			conn_close(c);
			continue;
		}
	}
}

/* ---- clocks ---- */

static void sweep(struct worker *w, uint64_t now)
{
	struct http_server *s = w->s;
	bool draining = atomic_load(&s->draining);
	struct conn *next;
	for (struct conn *c = w->conns; c; c = next) {
		next = c->next;
		if (c->state == C_READ) {
			bool started = http_parse_started(&c->hp) || c->rpos < c->rlen;
			if (draining && !started && c->requests > 0) {
				conn_close(c); /* idle keep-alive: let it go now */
				continue;
			}
			if (c->body_start && started) {
				/* The body must average body_min_rate after a grace
				 * as long as the head's. */
				uint64_t grace = (uint64_t)s->cfg.header_timeout * NS;
				uint64_t spent = now - c->body_start;
				size_t got = c->hp.r ? c->hp.r->body.len : 0;
				if (spent > grace && (double)got < (double)s->cfg.body_min_rate *
									   (double)(spent - grace) /
									   1e9) {
					refuse(c, P_REQUEST_TIMEOUT,
					       "The request body arrived too slowly.");
					continue;
				}
				continue;
			}
			if (c->deadline && now >= c->deadline) {
				if (started || c->requests == 0)
					refuse(c, P_REQUEST_TIMEOUT, NULL);
				else
					conn_close(c);
			}
			continue;
		}
		if (c->deadline && now >= c->deadline)
			conn_close(c);
	}
	if (!draining && !w->listening && atomic_load(&s->open_connections) < s->cfg.conn_limit)
		worker_listen(w, true);
}

/* ---- the worker ---- */

static void on_event(struct conn *c, uint32_t events)
{
	if (c->dead)
		return;
	if (events & (EPOLLHUP | EPOLLERR))
		c->peer_gone = true;
	switch (c->state) {
	case C_READ:
		conn_read(c);
		break;
	case C_WRITE:
		conn_write(c);
		break;
	case C_LINGER:
		linger_read(c);
		break;
	case C_RUN:
		break; /* the handler has it; a closed peer shows when writing */
	}
}

static void bury(struct worker *w)
{
	while (w->dead) {
		struct conn *c = w->dead;
		w->dead = c->next;
		free(c);
	}
}

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
				resume_all(w);
			} else {
				on_event(p, evs[i].events);
			}
		}
		uint64_t now = time_mono_ns();
		if (now >= w->next_sweep) {
			sweep(w, now);
			w->next_sweep = now + SWEEP_NS;
		}
		bury(w);
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
			struct conn *next;
			for (struct conn *c = w->conns; c; c = next) {
				next = c->next;
				if (c->state != C_RUN)
					conn_close(c);
			}
			bury(w);
			if (w->ep >= 0)
				close(w->ep);
			if (w->wake >= 0)
				close(w->wake);
			pthread_mutex_destroy(&w->mu);
		}
		free(s->workers);
	}
	for (int i = 0; i < ADDR_BUCKETS; i++)
		while (s->addr[i]) {
			struct addr_slot *a = s->addr[i];
			s->addr[i] = a->next;
			free(a);
		}
	pthread_mutex_destroy(&s->addr_mu);
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
		       "tabula_http_refused_total{reason=\"per_address\"} %lld\n",
		       atomic_load(&s->inflight), atomic_load(&s->suspended),
		       atomic_load(&s->open_connections), (long long)atomic_load(&s->connections),
		       s->threads, (long long)atomic_load(&s->timeouts),
		       (long long)atomic_load(&s->framing_errors),
		       (long long)atomic_load(&s->refused_address));
}
