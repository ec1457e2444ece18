/*
 * conn.c: one connection's life, on the worker that accepted it.
 *
 * A connection is
 *   READ    reading a request (http/parse.h), under the head or body clock;
 *   RUN     its request in the handler, or suspended until req_resume();
 *   WRITE   sending the response (writev; or TLS records);
 *   LINGER  closing after an error: our side shut, the client's bytes read
 *           and dropped for a moment, so that the answer is not lost to a
 *           reset (RFC 9112 §9.6).
 * A closed connection is freed at the end of its worker's turn
 * (conn_bury): an event that epoll_wait returned in the same turn may still
 * name it. The count of connections per address lives here too.
 */
#include "core/base.h"
#include "core/failalloc.h"
#include "core/log.h"
#include "http/conn.h"
#include "http/metrics.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/router.h"
#include "http/static.h"
#include "http/tls.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>

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

void conn_close(struct conn *c)
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
}

static const char csp_api[] = "default-src 'none'; frame-ancestors 'none'";
static const char csp_web[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			      "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			      "object-src 'none'; base-uri 'none'; form-action 'self'; "
			      "frame-ancestors 'none'";

#define OOM_HEAD                                                                           \
	"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"   \
	"Retry-After: 1\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" \
	"Connection: close\r\nContent-Length: "
static const char oom_head[] = OOM_HEAD;

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
	/* A handler may set a stricter policy of its own (a download served
	 * sandboxed); otherwise the API's or the web app's. */
	bool csp_set = false;
	for (int i = 0; i < r->nhdrs; i++)
		csp_set = csp_set || !strcasecmp(r->hdr_name[i], "Content-Security-Policy");
	rc = rc || put_header(b, "X-Content-Type-Options", "nosniff") ||
	     put_header(b, "Referrer-Policy", "no-referrer");
	if (!csp_set)
		rc = rc || put_header(b, "Content-Security-Policy", html ? csp_web : csp_api);
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
	if (r->admitted) {
		/* Answered: its place goes to the next one. */
		atomic_fetch_sub(r->admitted, 1);
		r->admitted = NULL;
	}
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
		r->outlen = res_oom_body_len;
		buf_reset(&c->head);
		if (buf_puts(&c->head, oom_head) ||
		    buf_printf(&c->head, "%zu\r\n\r\n", res_oom_body_len)) {
			conn_close(c);
			return;
		}
		c->body = res_oom_body;
		c->body_len = res_oom_body_len;
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

/* A place for r among the admission_queue requests its route's flag bounds;
 * false when they are all taken (counted as a refusal). Checked as soon as
 * the head is read, so a refused request costs no body and no store. */
static bool admit(struct http_server *s, struct req *r)
{
	if (!s->cfg.admission_flag || s->cfg.admission_queue <= 0 ||
	    !(r->route->flags & s->cfg.admission_flag))
		return true;
	if (atomic_fetch_add(&s->admission, 1) >= s->cfg.admission_queue) {
		atomic_fetch_sub(&s->admission, 1);
		atomic_fetch_add(&s->refused_queue, 1);
		return false;
	}
	r->admitted = &s->admission;
	return true;
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
		if (!admit(s, r))
			return P_QUEUE_FULL;
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

void conn_resume_all(struct worker *w)
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

/* ---- a new connection ---- */

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

void conn_accepted(struct worker *w, int fd, const struct sockaddr_storage *ss)
{
	struct http_server *s = w->s;
	struct conn *c = calloc(1, sizeof(*c));
	char *rbuf = c ? malloc(READ_CHUNK) : NULL;
	if (!c || !rbuf) {
		free(c);
		close(fd);
		return;
	}
	addr_of(ss, c->key, c->addr, sizeof(c->addr));
	if (!addr_take(s, c->key)) {
		free(rbuf);
		free(c);
		atomic_fetch_add(&s->refused_address, 1);
		refuse_address(fd);
		return;
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
		return;
	}
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
				 .data.ptr = c};
	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev)) {
		conn_close(c);
		return;
	}
}

/* ---- clocks ---- */

void conn_sweep(struct worker *w, uint64_t now)
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
}

void conn_event(struct conn *c, uint32_t events)
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

void conn_bury(struct worker *w)
{
	while (w->dead) {
		struct conn *c = w->dead;
		w->dead = c->next;
		free(c);
	}
}

/* At the end: every connection closed but those whose request is still
 * with a handler (left to the process's exit: a writer may resume them). */
void conn_close_all(struct worker *w)
{
	struct conn *next;
	for (struct conn *c = w->conns; c; c = next) {
		next = c->next;
		if (c->state != C_RUN)
			conn_close(c);
	}
	conn_bury(w);
}

void conn_addresses_free(struct http_server *s)
{
	for (int i = 0; i < ADDR_BUCKETS; i++)
		while (s->addr[i]) {
			struct addr_slot *a = s->addr[i];
			s->addr[i] = a->next;
			free(a);
		}
	pthread_mutex_destroy(&s->addr_mu);
}
