#include "core/base.h"
#include "http/router.h"

#define ROUTE_MAX_SEGS 12

struct compiled {
	int nsegs;
	const char *seg[ROUTE_MAX_SEGS]; /* literal or name (for a param) */
	unsigned char seglen[ROUTE_MAX_SEGS];
	bool is_param[ROUTE_MAX_SEGS];
};

struct router {
	const struct route *routes;
	size_t n;
	struct compiled *c;
};

const char *http_method_name(enum http_method m)
{
	static const char *const names[] = {"GET",   "HEAD",   "POST",	  "PUT",
					    "PATCH", "DELETE", "OPTIONS", "OTHER"};
	return names[m];
}

enum http_method http_method_parse(const char *s)
{
	for (int m = HTTP_GET; m < HTTP_OTHER; m++)
		if (!strcmp(s, http_method_name((enum http_method)m)))
			return (enum http_method)m;
	return HTTP_OTHER;
}

static int compile(const char *pattern, struct compiled *c)
{
	c->nsegs = 0;
	const char *p = pattern;
	while (*p == '/') {
		p++;
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (c->nsegs == ROUTE_MAX_SEGS || len > 200)
			return -1;
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			c->is_param[c->nsegs] = true;
			c->seg[c->nsegs] = p + 1;
			c->seglen[c->nsegs] = (unsigned char)(len - 2);
		} else {
			c->is_param[c->nsegs] = false;
			c->seg[c->nsegs] = p;
			c->seglen[c->nsegs] = (unsigned char)len;
		}
		c->nsegs++;
		p += len;
	}
	return *p ? -1 : 0;
}

struct router *router_new(const struct route *routes, size_t n)
{
	struct router *rt = calloc(1, sizeof(*rt));
	if (!rt)
		return NULL;
	rt->c = calloc(n ? n : 1, sizeof(*rt->c));
	if (!rt->c) {
		free(rt);
		return NULL;
	}
	rt->routes = routes;
	rt->n = n;
	for (size_t i = 0; i < n; i++) {
		/* HEAD is answered by GET routes; a HEAD row could never match. */
		if (routes[i].method == HTTP_HEAD || routes[i].pattern[0] != '/' ||
		    compile(routes[i].pattern, &rt->c[i])) {
			router_free(rt);
			return NULL;
		}
	}
	return rt;
}

void router_free(struct router *rt)
{
	if (!rt)
		return;
	free(rt->c);
	free(rt);
}

size_t router_count(const struct router *rt)
{
	return rt->n;
}

const struct route *router_route(const struct router *rt, size_t i)
{
	return &rt->routes[i];
}

struct slice {
	const char *p;
	size_t len;
};

static int split(const char *path, struct slice *segs, int max)
{
	int n = 0;
	const char *p = path;
	if (*p != '/')
		return -1;
	while (*p == '/') {
		p++;
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (n == max)
			return -1;
		segs[n].p = p;
		segs[n].len = len;
		n++;
		p += len;
	}
	/* "/" alone is one empty segment; a trailing slash adds an empty one. */
	return n;
}

static bool seg_match(const struct compiled *c, const struct slice *segs, int n)
{
	if (c->nsegs != n)
		return false;
	for (int i = 0; i < n; i++) {
		if (c->is_param[i]) {
			if (segs[i].len == 0)
				return false;
		} else if (c->seglen[i] != segs[i].len ||
			   memcmp(c->seg[i], segs[i].p, segs[i].len) != 0) {
			return false;
		}
	}
	return true;
}

int router_match(const struct router *rt, struct req *r, const char **allow)
{
	struct slice segs[ROUTE_MAX_SEGS];
	int n = split(r->path, segs, ROUTE_MAX_SEGS);
	if (n < 0)
		return ROUTE_NONE;
	enum http_method want = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	bool path_seen = false;
	unsigned methods = 0;
	for (size_t i = 0; i < rt->n; i++) {
		const struct compiled *c = &rt->c[i];
		if (!seg_match(c, segs, n))
			continue;
		path_seen = true;
		methods |= 1u << rt->routes[i].method;
		if (rt->routes[i].method != want)
			continue;
		r->nparams = 0;
		for (int k = 0; k < n && r->nparams < REQ_MAX_PARAMS; k++) {
			if (!c->is_param[k])
				continue;
			r->param_name[r->nparams] =
				arena_strndup(&r->arena, c->seg[k], c->seglen[k]);
			r->param_value[r->nparams] =
				arena_strndup(&r->arena, segs[k].p, segs[k].len);
			if (!r->param_name[r->nparams] || !r->param_value[r->nparams])
				return ROUTE_NOMEM;
			r->nparams++;
		}
		return (int)i;
	}
	if (!path_seen)
		return ROUTE_NONE;
	if (allow) {
		char list[64] = "";
		size_t len = 0;
		if (methods & (1u << HTTP_GET))
			methods |= 1u << HTTP_HEAD;
		for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
			if (!(methods & (1u << m)))
				continue;
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						len ? ", " : "",
						http_method_name((enum http_method)m));
		}
		*allow = arena_strdup(&r->arena, list);
	}
	return ROUTE_BAD_METHOD;
}
