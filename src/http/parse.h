/*
 * parse.h: reading HTTP/1.1 requests off a byte stream.
 *
 * The parsing itself is llhttp's (Node.js's parser, built in its strict
 * mode); this file holds what Tabula adds around it: the limits, the strict
 * framing rules of RFC 9112 that llhttp leaves to its user (obsolete line
 * folding), the decoding of the request target into a path and a query, and
 * the filling of a struct req. It knows nothing of sockets, so the fuzz
 * target feeds it bytes directly.
 *
 * Feed bytes as they arrive. A whole request ends the call with
 * HTTP_PARSE_MESSAGE; take it with http_parse_take() and feed the rest of
 * the bytes after it once that request has been answered (pipelining). Any
 * framing error is final: answer the problem and close the connection.
 */
#ifndef TABULA_HTTP_PARSE_H
#define TABULA_HTTP_PARSE_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

struct req;
struct http_ll; /* llhttp's state, kept out of sight: its names clash with ours */

struct http_limits {
	size_t head_max;   /* request line and header fields; past it 431 */
	size_t target_max; /* the request target; past it 414 */
	int max_headers;   /* header fields; past it 431 */
	size_t body_max;   /* the body, unless the head hook lowers it; past it 413 */
};

enum http_parse_result {
	HTTP_PARSE_MORE,    /* every byte used; give more */
	HTTP_PARSE_MESSAGE, /* a whole request; *used says how far it reached */
	HTTP_PARSE_ERROR,   /* answer http_parse_problem() and close */
	HTTP_PARSE_CLOSE,   /* not HTTP/1.x at all: close without a word */
};

/* Called once the head of a request is read, before its body: it may match
 * the route, lower *body_max for it, or fail the request (return a problem,
 * which is answered before the body is read). */
typedef enum problem_id (*http_head_fn)(void *ctx, struct req *r, size_t *body_max);
/* Makes the request the parser fills (NULL: out of memory). */
typedef struct req *(*http_new_req_fn)(void *ctx);

struct http_parse {
	struct http_ll *ll;
	const struct http_limits *lim;
	http_head_fn on_head;
	http_new_req_fn new_req;
	void *ctx;

	struct req *r;	   /* the request being read, or a whole one not yet taken */
	struct buf target; /* the request target as it arrives */
	struct buf field;  /* the header field being read */
	struct buf value;
	bool in_value;
	size_t head_seen; /* bytes of this request's head fed so far */
	size_t body_max;
	bool head_done;
	char last; /* the last byte of the previous feed */
	const char *feed;

	/* after HTTP_PARSE_ERROR */
	enum problem_id fail;
	const char *fail_detail; /* static */
};

/* 0, or -1 out of memory. */
int http_parse_init(struct http_parse *hp, const struct http_limits *lim, http_new_req_fn new_req,
		    http_head_fn on_head, void *ctx);
/* Frees the request being read, if any. */
void http_parse_free(struct http_parse *hp);
enum http_parse_result http_parse_feed(struct http_parse *hp, const char *data, size_t n,
				       size_t *used);
/* After HTTP_PARSE_MESSAGE: the request (the caller owns it) and whether the
 * connection may carry another one. */
struct req *http_parse_take(struct http_parse *hp, bool *keep_alive);
/* True once the head of the current request is read (for the body's clock). */
bool http_parse_in_body(const struct http_parse *hp);
/* True if any byte of a next request has arrived. */
bool http_parse_started(const struct http_parse *hp);

#endif
