/* Unit tests of src/http/parse.c: requests read off bytes, whole and in
 * pieces; the framing refused (RFC 9112 §6); the limits; the target, query
 * and cookies decoded. */
#include "unit.h"

#include "http/parse.h"
#include "http/request.h"

static const struct http_limits limits = {
	.head_max = 1024, .target_max = 256, .max_headers = 8, .body_max = 64};

static struct req *new_req(void *ctx)
{
	UNUSED(ctx);
	return req_new(limits.body_max);
}

struct outcome {
	enum http_parse_result res;
	enum problem_id fail;
	struct req *r;
	bool keep;
	size_t used;
};

/* Feed text in pieces of `piece` bytes (0: whole) up to the first request or
 * error. */
static struct outcome read_one(struct http_parse *hp, const char *text, size_t len, size_t piece)
{
	struct outcome o = {.res = HTTP_PARSE_MORE};
	size_t off = 0;
	while (off < len) {
		size_t n = piece && len - off > piece ? piece : len - off;
		size_t used = 0;
		o.res = http_parse_feed(hp, text + off, n, &used);
		off += used;
		if (o.res == HTTP_PARSE_MESSAGE) {
			o.r = http_parse_take(hp, &o.keep);
			break;
		}
		if (o.res != HTTP_PARSE_MORE) {
			o.fail = hp->fail;
			break;
		}
	}
	o.used = off;
	return o;
}

static struct outcome parse(const char *text, size_t piece)
{
	struct http_parse hp;
	assert_int_equal(http_parse_init(&hp, &limits, new_req, NULL, NULL), 0);
	struct outcome o = read_one(&hp, text, strlen(text), piece);
	http_parse_free(&hp);
	return o;
}

/* The same outcome whole and in every piece size from 1 to 9. */
static void expect_refused(const char *text, enum problem_id id)
{
	for (size_t piece = 0; piece < 10; piece++) {
		struct outcome o = parse(text, piece);
		assert_int_equal(o.res, HTTP_PARSE_ERROR);
		assert_int_equal(o.fail, id);
		assert_null(o.r);
	}
}

UNIT_TEST(test_request_read)
{
	UNUSED(state);
	static const char text[] =
		"POST /api/v1/a%20b/c?q=x+y&z=%41&empty=&flag HTTP/1.1\r\nHost: h\r\n"
		"Cookie: a=1; tabula_session=\"s3\"\r\nContent-Length: 5\r\nX-Pad: v  "
		"\r\n\r\nhello";
	for (size_t piece = 0; piece < 10; piece++) {
		struct outcome o = parse(text, piece);
		assert_int_equal(o.res, HTTP_PARSE_MESSAGE);
		struct req *r = o.r;
		assert_int_equal(r->method, HTTP_POST);
		assert_string_equal(r->path, "/api/v1/a b/c");
		assert_string_equal(req_query(r, "q"), "x y");
		assert_string_equal(req_query(r, "z"), "A");
		assert_string_equal(req_query(r, "empty"), "");
		assert_string_equal(req_query(r, "flag"), "");
		assert_null(req_query(r, "missing"));
		assert_string_equal(req_header(r, "host"), "h");
		assert_string_equal(req_header(r, "X-PAD"), "v");
		assert_string_equal(req_cookie(r, "tabula_session"), "s3");
		assert_string_equal(req_cookie(r, "a"), "1");
		assert_null(req_cookie(r, "tabula"));
		assert_int_equal(r->body.len, 5);
		assert_memory_equal(r->body.p, "hello", 5);
		assert_true(o.keep);
		req_free(r);
	}
}

UNIT_TEST(test_pipelined_requests)
{
	UNUSED(state);
	static const char text[] =
		"GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n";
	struct http_parse hp;
	assert_int_equal(http_parse_init(&hp, &limits, new_req, NULL, NULL), 0);
	struct outcome a = read_one(&hp, text, strlen(text), 0);
	assert_int_equal(a.res, HTTP_PARSE_MESSAGE);
	assert_string_equal(a.r->path, "/a");
	assert_true(a.keep);
	struct outcome b = read_one(&hp, text + a.used, strlen(text) - a.used, 0);
	assert_int_equal(b.res, HTTP_PARSE_MESSAGE);
	assert_string_equal(b.r->path, "/b");
	assert_false(b.keep);
	req_free(a.r);
	req_free(b.r);
	http_parse_free(&hp);
}

UNIT_TEST(test_ambiguous_length_refused)
{
	UNUSED(state);
	expect_refused("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
		       P_BAD_FRAMING);
	expect_refused("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
		       "0\r\n\r\n",
		       P_BAD_FRAMING);
	expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabc", P_BAD_FRAMING);
	expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
		       P_BAD_FRAMING);
	expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
		       "chunked\r\n\r\n0\r\n\r\n",
		       P_BAD_FRAMING);
	expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		       P_BAD_FRAMING);
}

UNIT_TEST(test_bad_bytes_refused)
{
	UNUSED(state);
	expect_refused("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET /a%00b HTTP/1.1\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET /a\rb HTTP/1.1\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET a HTTP/1.1\r\n\r\n", P_BAD_REQUEST);
	expect_refused("GET /a#b HTTP/1.1\r\n\r\n", P_BAD_REQUEST);
	/* NUL cannot go through strlen: fed by length. */
	static const char nul[] = "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n";
	struct http_parse hp;
	assert_int_equal(http_parse_init(&hp, &limits, new_req, NULL, NULL), 0);
	struct outcome o = read_one(&hp, nul, sizeof(nul) - 1, 0);
	assert_int_equal(o.res, HTTP_PARSE_ERROR);
	assert_int_equal(o.fail, P_BAD_REQUEST);
	http_parse_free(&hp);
}

UNIT_TEST(test_limits)
{
	UNUSED(state);
	char text[2048];
	snprintf(text, sizeof(text), "GET /%0300d HTTP/1.1\r\n\r\n", 0);
	expect_refused(text, P_URI_TOO_LONG);
	snprintf(text, sizeof(text), "GET / HTTP/1.1\r\nX-Big: %01100d\r\n\r\n", 0);
	expect_refused(text, P_HEADERS_TOO_LARGE);
	int n = snprintf(text, sizeof(text), "GET / HTTP/1.1\r\n");
	for (int i = 0; i < 9; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "X-%d: v\r\n", i);
	snprintf(text + n, sizeof(text) - (size_t)n, "\r\n");
	expect_refused(text, P_TOO_MANY_HEADERS);
	expect_refused("POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n", P_BODY_TOO_LARGE);
	snprintf(text, sizeof(text),
		 "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n%065d\r\n0\r\n\r\n",
		 0);
	expect_refused(text, P_BODY_TOO_LARGE);
}

UNIT_TEST(test_not_http1_closed)
{
	UNUSED(state);
	struct outcome o = parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0);
	assert_int_equal(o.res, HTTP_PARSE_CLOSE);
}

UNIT_TEST(test_unescape)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256, 0);
	assert_string_equal(http_unescape(&a, "a%2Fb%zz%4", 10, false), "a/b%zz%4");
	assert_string_equal(http_unescape(&a, "a+b", 3, true), "a b");
	assert_string_equal(http_unescape(&a, "a+b", 3, false), "a+b");
	assert_null(http_unescape(&a, "a%00", 4, false));
	arena_release(&a);
}

UNIT_MAIN()
