/*
 * request.c: reading a request (its query, headers, cookies, path
 * parameters and JSON body). The connection's side (client address,
 * suspension) is in server.c.
 */
#include "core/base.h"
#include "core/json.h"
#include "http/parse.h"
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
	buf_release(&r->body);
	arena_release(&r->arena);
	free(r);
}

int req_pairs_reserve(struct arena *a, const char ***names, const char ***values, int n, int *cap)
{
	if (n < *cap)
		return 0;
	int grown = *cap ? *cap * 2 : 8;
	const char **nn = arena_alloc(a, (size_t)grown * sizeof(char *));
	const char **vv = arena_alloc(a, (size_t)grown * sizeof(char *));
	if (!nn || !vv)
		return -1;
	if (n) {
		memcpy(nn, *names, (size_t)n * sizeof(char *));
		memcpy(vv, *values, (size_t)n * sizeof(char *));
	}
	*names = nn;
	*values = vv;
	*cap = grown;
	return 0;
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

json_t *req_json_or_reply(struct req *r)
{
	if (r->body_too_large) {
		res_error(r, P_BODY_TOO_LARGE, NULL, "The request body is too large.");
		return NULL;
	}
	if (!req_is_json(r)) {
		res_error(r, P_UNSUPPORTED_MEDIA_TYPE, NULL, "Send the body as application/json.");
		return NULL;
	}
	json_t *j = NULL;
	struct problem p;
	/* Not an object at the first byte: refused before it is parsed. */
	if (json_decode_object(r->body.p ? r->body.p : "", r->body.len, r->json_limits, &j, &p)) {
		res_problem(r, &p);
		return NULL;
	}
	return j;
}
