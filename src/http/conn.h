/*
 * conn.h: what the server (server.c) and a connection's life (conn.c)
 * share inside src/http: the server's state, a worker's, a connection's.
 * Nothing outside src/http includes it.
 */
#ifndef TABULA_HTTP_CONN_H
#define TABULA_HTTP_CONN_H

#include "core/buf.h"
#include "http/parse.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>

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
	_Atomic int admission;		 /* requests holding a place (cfg.admission_queue) */
	_Atomic long long refused_queue; /* refused: admission_queue was full */
	pthread_mutex_t addr_mu;
	struct addr_slot *addr[ADDR_BUCKETS];
};

static const uint64_t NS = 1000000000u;

/* Take fd, accepted from ss: a new connection of w, or refused at once
 * (its address holds conn_per_address already). */
void conn_accepted(struct worker *w, int fd, const struct sockaddr_storage *ss);
/* epoll said something about c (it may have been closed this turn). */
void conn_event(struct conn *c, uint32_t events);
/* Requests req_resume() handed back to w: their continuations, then their
 * answers. */
void conn_resume_all(struct worker *w);
/* The clocks of w's connections (head, body, idle, writing), at now. */
void conn_sweep(struct worker *w, uint64_t now);
void conn_close(struct conn *c);
/* Free w's connections closed this turn. */
void conn_bury(struct worker *w);
void conn_close_all(struct worker *w);
void conn_addresses_free(struct http_server *s);

#endif
