/*
 * parse.c: llhttp's callbacks filling a struct req, within the limits.
 */
#include "core/base.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/router.h"

#include <strings.h>

/* llhttp names its methods HTTP_GET, HTTP_POST ... as we do ours
 * (http/request.h): its copies are renamed while its header is read. */
#define HTTP_DELETE  LLHTTP_DELETE
#define HTTP_GET     LLHTTP_GET
#define HTTP_HEAD    LLHTTP_HEAD
#define HTTP_POST    LLHTTP_POST
#define HTTP_PUT     LLHTTP_PUT
#define HTTP_OPTIONS LLHTTP_OPTIONS
#define HTTP_PATCH   LLHTTP_PATCH
#include <llhttp.h>
#undef HTTP_DELETE
#undef HTTP_GET
#undef HTTP_HEAD
#undef HTTP_POST
#undef HTTP_PUT
#undef HTTP_OPTIONS
#undef HTTP_PATCH

struct http_ll {
	llhttp_t ll;
	llhttp_settings_t settings;
};

static struct http_parse *of(llhttp_t *ll)
{
	return ll->data;
}

static int fail(struct http_parse *hp, enum problem_id id, const char *detail)
{
	hp->fail = id;
	hp->fail_detail = detail;
	return HPE_USER;
}

/* The head's size counts what is kept of it, plus what is skipped. */
static int head_grow(struct http_parse *hp, size_t n)
{
	hp->head_seen += n;
	if (hp->head_seen > hp->lim->head_max)
		return fail(hp, P_HEADERS_TOO_LARGE, NULL);
	return 0;
}

static int on_message_begin(llhttp_t *ll)
{
	struct http_parse *hp = of(ll);
	if (!hp->r)
		hp->r = hp->new_req(hp->ctx);
	if (!hp->r)
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	return 0;
}

static int on_url(llhttp_t *ll, const char *at, size_t n)
{
	struct http_parse *hp = of(ll);
	if (hp->target.len + n > hp->lim->target_max)
		return fail(hp, P_URI_TOO_LONG, NULL);
	if (buf_append(&hp->target, at, n))
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	return 0;
}

static int on_header_field(llhttp_t *ll, const char *at, size_t n)
{
	struct http_parse *hp = of(ll);
	if (head_grow(hp, n))
		return HPE_USER;
	if (buf_append(&hp->field, at, n))
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	return 0;
}

static int on_header_value(llhttp_t *ll, const char *at, size_t n)
{
	struct http_parse *hp = of(ll);
	/* llhttp accepts obsolete line folding (a line that starts with a
	 * space or tab continues the last value); RFC 9112 §5.2 lets a server
	 * refuse it, and a proxy in front may read it differently, so refuse.
	 * A value's bytes only ever start right after a line feed when the
	 * line is such a continuation. */
	const char *before = at == hp->feed ? &hp->last : at - 1;
	if (*before == '\n')
		return fail(hp, P_BAD_REQUEST, "Obsolete line folding is not accepted.");
	if (head_grow(hp, n))
		return HPE_USER;
	if (buf_append(&hp->value, at, n))
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	return 0;
}

static int on_header_value_complete(llhttp_t *ll)
{
	struct http_parse *hp = of(ll);
	struct req *r = hp->r;
	if (r->nin >= hp->lim->max_headers)
		return fail(hp, P_TOO_MANY_HEADERS, NULL);
	if (head_grow(hp, 4))
		return HPE_USER;
	if (arena_pairs_reserve(&r->arena, &r->in_name, &r->in_value, r->nin, &r->in_cap))
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	/* Trailing spaces are not part of the value (RFC 9110 §5.5). */
	size_t vlen = hp->value.len;
	while (vlen && (hp->value.p[vlen - 1] == ' ' || hp->value.p[vlen - 1] == '\t'))
		vlen--;
	const char *name = arena_strndup(&r->arena, hp->field.p ? hp->field.p : "", hp->field.len);
	const char *value = arena_strndup(&r->arena, hp->value.p ? hp->value.p : "", vlen);
	if (!name || !value)
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	r->in_name[r->nin] = name;
	r->in_value[r->nin] = value;
	r->nin++;
	buf_reset(&hp->field);
	buf_reset(&hp->value);
	return 0;
}

static int on_headers_complete(llhttp_t *ll)
{
	struct http_parse *hp = of(ll);
	struct req *r = hp->r;
	hp->head_done = true;
	const char *method = llhttp_method_name((llhttp_method_t)ll->method);
	r->method = http_method_parse(method);
	r->method_str = r->method == HTTP_OTHER ? "OTHER" : http_method_name(r->method);
	const char *t = hp->target.p ? hp->target.p : "";
	size_t tlen = hp->target.len;
	/* Origin form only: "/path?query". An absolute URI or "*" has no
	 * business with this server. */
	if (!tlen || t[0] != '/')
		return fail(hp, P_BAD_REQUEST, "The request target must start with /.");
	const char *q = memchr(t, '?', tlen);
	size_t plen = q ? (size_t)(q - t) : tlen;
	const char *frag = memchr(t, '#', tlen);
	if (frag)
		return fail(hp, P_BAD_REQUEST, "The request target holds a fragment.");
	char *path = http_unescape(&r->arena, t, plen, false);
	if (!path)
		return fail(hp, P_BAD_REQUEST, "The address holds an encoded NUL byte.");
	r->path = path;
	if (q) {
		r->query = arena_strndup(&r->arena, q + 1, tlen - plen - 1);
		if (!r->query)
			return fail(hp, P_OUT_OF_MEMORY, NULL);
	}
	/* The only transfer coding Tabula reads is chunked, alone: with
	 * another before it the body would be read as what it is not. */
	int codings = 0;
	for (int i = 0; i < r->nin; i++)
		if (!strcasecmp(r->in_name[i], "Transfer-Encoding") &&
		    (codings++ || strcasecmp(r->in_value[i], "chunked") != 0))
			return fail(hp, P_BAD_FRAMING,
				    "Only the chunked transfer coding is accepted.");
	hp->body_max = hp->lim->body_max;
	if (hp->on_head) {
		enum problem_id id = hp->on_head(hp->ctx, r, &hp->body_max);
		if (id)
			return fail(hp, id, NULL);
	}
	/* A declared length past the limit is refused before a byte of the
	 * body is read. */
	if ((ll->flags & F_CONTENT_LENGTH) && ll->content_length > hp->body_max)
		return fail(hp, P_BODY_TOO_LARGE, NULL);
	return 0;
}

static int on_body(llhttp_t *ll, const char *at, size_t n)
{
	struct http_parse *hp = of(ll);
	struct req *r = hp->r;
	if (r->body.len + n > hp->body_max)
		return fail(hp, P_BODY_TOO_LARGE, NULL);
	if (buf_append(&r->body, at, n))
		return fail(hp, P_OUT_OF_MEMORY, NULL);
	return 0;
}

static int on_message_complete(llhttp_t *ll)
{
	UNUSED(ll);
	return HPE_PAUSED;
}

int http_parse_init(struct http_parse *hp, const struct http_limits *lim, http_new_req_fn new_req,
		    http_head_fn on_head, void *ctx)
{
	memset(hp, 0, sizeof(*hp));
	hp->ll = calloc(1, sizeof(*hp->ll));
	if (!hp->ll)
		return -1;
	llhttp_settings_t *set = &hp->ll->settings;
	llhttp_settings_init(set);
	set->on_message_begin = on_message_begin;
	set->on_url = on_url;
	set->on_header_field = on_header_field;
	set->on_header_value = on_header_value;
	set->on_header_value_complete = on_header_value_complete;
	set->on_headers_complete = on_headers_complete;
	set->on_body = on_body;
	set->on_message_complete = on_message_complete;
	llhttp_init(&hp->ll->ll, HTTP_REQUEST, set);
	hp->ll->ll.data = hp;
	hp->lim = lim;
	hp->new_req = new_req;
	hp->on_head = on_head;
	hp->ctx = ctx;
	buf_init(&hp->target, 0);
	buf_init(&hp->field, 0);
	buf_init(&hp->value, 0);
	return 0;
}

void http_parse_free(struct http_parse *hp)
{
	if (hp->r)
		req_free(hp->r);
	hp->r = NULL;
	buf_release(&hp->target);
	buf_release(&hp->field);
	buf_release(&hp->value);
	free(hp->ll);
	hp->ll = NULL;
}

static enum problem_id problem_of(llhttp_errno_t e)
{
	switch (e) {
	case HPE_INVALID_CONTENT_LENGTH:
	case HPE_UNEXPECTED_CONTENT_LENGTH:
	case HPE_INVALID_TRANSFER_ENCODING:
	case HPE_INVALID_CHUNK_SIZE:
		return P_BAD_FRAMING;
	default:
		return P_BAD_REQUEST;
	}
}

enum http_parse_result http_parse_feed(struct http_parse *hp, const char *data, size_t n,
				       size_t *used)
{
	*used = 0;
	if (!n)
		return HTTP_PARSE_MORE;
	hp->feed = data;
	hp->fail = P_NONE;
	size_t before = hp->head_seen;
	llhttp_errno_t e = llhttp_execute(&hp->ll->ll, data, n);
	hp->last = data[n - 1];
	if (e == HPE_OK) {
		*used = n;
		/* Bytes of the head llhttp skipped without a callback (spaces,
		 * the request line's own) count too. */
		if (!hp->head_done && hp->head_seen == before && head_grow(hp, n))
			return HTTP_PARSE_ERROR;
		return HTTP_PARSE_MORE;
	}
	const char *pos = llhttp_get_error_pos(&hp->ll->ll);
	*used = pos && pos >= data && pos <= data + n ? (size_t)(pos - data) : n;
	if (e == HPE_PAUSED || e == HPE_PAUSED_UPGRADE) {
		if (e == HPE_PAUSED_UPGRADE)
			hp->r->upgrade = true;
		return HTTP_PARSE_MESSAGE;
	}
	if (hp->fail) /* one of ours, whatever code llhttp gave it */
		return HTTP_PARSE_ERROR;
	if (e == HPE_PAUSED_H2_UPGRADE || e == HPE_INVALID_VERSION)
		return HTTP_PARSE_CLOSE;
	hp->fail = problem_of(e);
	hp->fail_detail = llhttp_get_error_reason(&hp->ll->ll);
	return HTTP_PARSE_ERROR;
}

struct req *http_parse_take(struct http_parse *hp, bool *keep_alive)
{
	struct req *r = hp->r;
	*keep_alive = llhttp_should_keep_alive(&hp->ll->ll) && !(r && r->upgrade);
	hp->r = NULL;
	hp->head_done = false;
	hp->head_seen = 0;
	buf_reset(&hp->target);
	llhttp_resume(&hp->ll->ll);
	return r;
}

bool http_parse_in_body(const struct http_parse *hp)
{
	return hp->head_done;
}

bool http_parse_started(const struct http_parse *hp)
{
	return hp->r != NULL || hp->head_seen > 0 || hp->target.len > 0;
}
