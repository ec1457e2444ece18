/*
 * request.h: one HTTP request and its response, as handlers see them.
 *
 * A request owns an arena that is released after its response is sent; every
 * string a handler gets from here, or puts into the response, may live in it.
 * Handlers never see the connection.
 *
 * A handler answers by calling one res_* function. A handler that must wait
 * (for a group commit) calls req_suspend() with a continuation and returns;
 * whoever finishes the work calls req_resume() from any thread, and the
 * continuation then answers on a server thread.
 */
#ifndef TABULA_HTTP_REQUEST_H
#define TABULA_HTTP_REQUEST_H

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER
};

#define REQ_MAX_PARAMS 8

struct route;
struct json_limits;
struct http_server;

struct req {
	struct http_server *srv;
	void *conn; /* the server's connection */
	void *app;  /* the application's context, from http_server_start */
	struct arena arena;

	enum http_method method;
	const char *method_str;
	const char *path; /* decoded, without the query string */
	const struct route *route;
	int route_idx; /* into the route table; -1 unmatched */
	const char *param_name[REQ_MAX_PARAMS];
	const char *param_value[REQ_MAX_PARAMS];
	int nparams;
	const char *query;    /* raw, after '?'; NULL without one */
	const char **in_name; /* header fields as received, in the arena */
	const char **in_value;
	int nin, in_cap;
	bool upgrade; /* asked for a protocol upgrade (refused: answered, then closed) */

	struct buf body;
	bool body_too_large;
	const struct json_limits *json_limits; /* the server's, for req_json_or_reply */

	void *user;    /* the application's: the caller's identity */
	void *pending; /* the application's: work the request waits for */
	void *actor;   /* the application's: the caller as its rules see it */

	/* Response */
	int status;
	const char *ctype;
	const char *out; /* arena or static */
	size_t outlen;
	const char **hdr_name; /* in the arena, grown as needed */
	const char **hdr_value;
	int nhdrs, hdr_cap;
	bool answered;
	bool res_failed; /* a header could not be kept: the server answers 503 */

	/* Suspension */
	void (*resume_fn)(struct req *r);
	bool suspended;
	/* Admission control: the server's count this request holds a place in,
	 * given back when it is answered (or freed unanswered). */
	_Atomic int *admitted;
	_Atomic int *suspended_count; /* the server's gauge */

	uint64_t start_ns;
};

/* A request with its arena and body buffer (body_max bytes at most), or NULL;
 * req_free releases both. The server fills in the rest. */
struct req *req_new(size_t body_max);
void req_free(struct req *r);

/* Percent-decode [s, s+n) into the arena; '+' as a space when plus is set.
 * NULL if it holds an encoded NUL byte (or the arena is out of memory). */
char *http_unescape(struct arena *a, const char *s, size_t n, bool plus);

/* Request accessors; NULL when absent. */
const char *req_query(struct req *r, const char *key);
const char *req_header(struct req *r, const char *name);
const char *req_param(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* The client's address as text, in the arena. */
const char *req_client(struct req *r);
/* True if the body's Content-Type is application/json (any parameters). */
bool req_is_json(struct req *r);
/* Decode the body as JSON within the server's limits, or answer the problem
 * (415 wrong type, 400 malformed, 413 too large) and return NULL. The caller
 * owns the returned reference. */
json_t *req_json_or_reply(struct req *r);

/* Responses. Bodies must outlive the request: arena or static memory. */
/* Add a header (name and value must outlive the request). Past the arena's
 * memory the response becomes a 503 out_of_memory: never a missing header. */
void res_header(struct req *r, const char *name, const char *value);
void res_body(struct req *r, int status, const char *ctype, const char *body, size_t len);
/* Encode j (the reference is taken) as the JSON body. */
void res_json(struct req *r, int status, json_t *j);
/* The 503 out_of_memory problem as fixed text: what is answered when the
 * answer itself cannot be built (by res_json, res_problem and the server). */
extern const char res_oom_body[];
extern const size_t res_oom_body_len;
/* RFC 9457 problem+json of p (a problem of the list, core/problems.h; a
 * detail of NULL is the list's sentence). */
void res_problem(struct req *r, const struct problem *p);
/* The same for problem `id`, the field at fault (or NULL) and a sentence
 * (NULL: the list's). */
void res_error(struct req *r, enum problem_id id, const char *field, const char *detail);

/* Suspend: fn runs on a server thread once req_resume(r) is called. */
void req_suspend(struct req *r, void (*fn)(struct req *r));
void req_resume(struct req *r);

/* The reason phrase of a status code ("Not Found"). */
const char *http_reason(int status);

#endif
