/*
 * router.h: the route table.
 *
 * A pattern is a path (starting with /) whose segments are literals or {names}:
 * "/api/v1/orgs/{code}". Matching is by whole segments, trying routes in
 * table order (so list a literal before a {param} in the same place). A path that matches some
 * route but not its method answers 405 with an Allow header. GET routes answer HEAD too; router_new
 * refuses a HEAD row or a pattern that does not start with /.
 */
#ifndef TABULA_HTTP_ROUTER_H
#define TABULA_HTTP_ROUTER_H

#include "http/request.h"

typedef void (*route_fn)(struct req *r);

struct route {
	enum http_method method;
	const char *pattern;
	route_fn fn;
	unsigned flags;	 /* the application's, e.g. which roles may call it */
	size_t body_max; /* bytes; 0: the server's body_max. Refused before parsing */
};

struct router;

struct router *router_new(const struct route *routes, size_t n);
void router_free(struct router *rt);

enum { ROUTE_NONE = -1, ROUTE_BAD_METHOD = -2, ROUTE_NOMEM = -4 };

/*
 * Match method and path. Returns the route index with r's params set (values
 * in r's arena), ROUTE_NONE, ROUTE_NOMEM (the arena is out of memory) or ROUTE_BAD_METHOD with
 * *allow set to a comma-separated list of the methods the path accepts (in r's arena).
 */
int router_match(const struct router *rt, struct req *r, const char **allow);
size_t router_count(const struct router *rt);
const struct route *router_route(const struct router *rt, size_t i);
const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *s);

#endif
