/*
 * request.c: a request's life in memory (new, free) and what a handler
 * reads of it: query, headers, cookies, path parameters, percent-decoding.
 * The connection's side (client address, suspension) is in server.c; the
 * JSON body, decoded or answered, in response.c.
 */
#include "core/base.h"
#include "http/request.h"

#include <strings.h>

struct req *req_new(size_t body_max)
{
	struct req *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	arena_init(&r->arena, 8192, 0);
	buf_init(&r->body, body_max);
	r->route_idx = -1;
	return r;
}

void req_free(struct req *r)
{
	if (!r)
		return;
	if (r->admitted)
		atomic_fetch_sub(r->admitted, 1);
	buf_release(&r->body);
	arena_release(&r->arena);
	free(r);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *http_unescape(struct arena *a, const char *s, size_t n, bool plus)
{
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%' && n - i >= 3) {
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi >= 0 && lo >= 0) {
				c = (char)(hi * 16 + lo);
				if (!c)
					return NULL;
				i += 2;
			}
		} else if (c == '+' && plus) {
			c = ' ';
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

/* The first pair of "k=v&k2=v2" whose decoded key is key, decoded. */
const char *req_query(struct req *r, const char *key)
{
	const char *q = r->query;
	size_t klen = strlen(key);
	while (q && *q) {
		const char *amp = strchr(q, '&');
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		const char *eq = memchr(q, '=', len);
		size_t nlen = eq ? (size_t)(eq - q) : len;
		/* A key needs no decoding to be compared when it has no escape. */
		bool plain = !memchr(q, '%', nlen) && !memchr(q, '+', nlen);
		bool match = plain ? nlen == klen && !memcmp(q, key, klen) : false;
		if (!plain) {
			const char *k = http_unescape(&r->arena, q, nlen, true);
			match = k && !strcmp(k, key);
		}
		if (match)
			return eq ? http_unescape(&r->arena, eq + 1, len - nlen - 1, true) : "";
		q = amp ? amp + 1 : NULL;
	}
	return NULL;
}

const char *req_header(struct req *r, const char *name)
{
	for (int i = 0; i < r->nin; i++)
		if (!strcasecmp(r->in_name[i], name))
			return r->in_value[i];
	return NULL;
}

/* Cookie: a=b; c=d (RFC 6265 §5.4), in every Cookie field. */
const char *req_cookie(struct req *r, const char *name)
{
	size_t nlen = strlen(name);
	for (int i = 0; i < r->nin; i++) {
		if (strcasecmp(r->in_name[i], "Cookie") != 0)
			continue;
		const char *p = r->in_value[i];
		while (*p) {
			while (*p == ' ' || *p == ';')
				p++;
			const char *end = strchr(p, ';');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			const char *eq = memchr(p, '=', len);
			if (eq && (size_t)(eq - p) == nlen && !memcmp(p, name, nlen)) {
				const char *v = eq + 1;
				size_t vlen = len - nlen - 1;
				if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
					v++;
					vlen -= 2;
				}
				return arena_strndup(&r->arena, v, vlen);
			}
			p += len;
		}
	}
	return NULL;
}

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_name[i], name))
			return r->param_value[i];
	return NULL;
}

bool req_is_json(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	if (!ct)
		return false;
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}
