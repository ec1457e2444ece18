/*
 * fuzz_http.c: the request reader (http/parse.h) over hostile bytes.
 *
 * Input: one byte that picks how the rest is cut into pieces, then the bytes
 * a client sends on one connection (requests, pipelined or not). The bytes
 * are read twice, once whole and once in pieces, as a socket would deliver
 * them; checked besides memory safety:
 * - both readings agree, request by request (path, header count, body,
 *   the error that ended them): where the bytes are cut never matters, so
 *   no check depends on a piece boundary (obsolete line folding across two
 *   reads, a head's size counted twice);
 * - a request read whole has a path starting with '/' and without a NUL,
 *   at most max_headers header fields and a body within body_max;
 * - looking up its query, cookies and headers reads nothing past its
 *   strings.
 */
#include "core/base.h"
#include "fuzz.h"
#include "http/parse.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_MESSAGES = 16, DIGEST = 64 };

static const struct http_limits limits = {
	.head_max = 2048, .target_max = 512, .max_headers = 16, .body_max = 4096};

struct reading {
	int n;
	char digest[MAX_MESSAGES + 1][DIGEST];
};

static struct req *new_req(void *ctx)
{
	UNUSED(ctx);
	return req_new(limits.body_max);
}

static void look(struct req *r)
{
	(void)req_query(r, "q");
	(void)req_query(r, "a b");
	(void)req_cookie(r, "tabula_session");
	(void)req_header(r, "Host");
	(void)req_header(r, "content-type");
	(void)req_is_json(r);
}

static void check(struct req *r)
{
	if (!r->path || r->path[0] != '/')
		abort();
	if (r->nin > limits.max_headers || r->body.len > limits.body_max)
		abort();
	for (int i = 0; i < r->nin; i++)
		if (!r->in_name[i] || !r->in_value[i] || !*r->in_name[i])
			abort();
}

/* Read [data, data+size) in pieces of the sizes cut gives (0: whole). */
static void read_all(const char *data, size_t size, uint8_t cut, struct reading *out)
{
	struct http_parse hp;
	out->n = 0;
	if (http_parse_init(&hp, &limits, new_req, NULL, NULL))
		return;
	size_t off = 0, piece_off = 0;
	size_t piece = cut ? (size_t)(cut % 7) + 1 : size;
	while (off < size && out->n < MAX_MESSAGES) {
		size_t end = piece_off + piece < size ? piece_off + piece : size;
		if (end <= off) {
			piece_off = end;
			piece = cut ? (size_t)((cut + piece_off) % 7) + 1 : size;
			continue;
		}
		size_t used = 0;
		enum http_parse_result res = http_parse_feed(&hp, data + off, end - off, &used);
		off += used;
		if (res == HTTP_PARSE_MORE)
			continue;
		if (res == HTTP_PARSE_MESSAGE) {
			bool keep = false;
			struct req *r = http_parse_take(&hp, &keep);
			check(r);
			look(r);
			snprintf(out->digest[out->n++], DIGEST, "msg %zu %d %zu %d %d",
				 strlen(r->path), r->nin, r->body.len, (int)r->method, keep);
			req_free(r);
			if (!keep)
				break;
			continue;
		}
		snprintf(out->digest[out->n++], DIGEST, "end %d %d", (int)res,
			 res == HTTP_PARSE_ERROR ? (int)hp.fail : 0);
		break;
	}
	http_parse_free(&hp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = fuzz_copy(data + 1, size - 1);
	if (!text)
		return 0;
	struct reading whole, pieces;
	read_all(text, size - 1, 0, &whole);
	read_all(text, size - 1, data[0] ? data[0] : 1, &pieces);
	/* Out of memory is the one answer that may differ with the cut. */
	int n = whole.n < pieces.n ? whole.n : pieces.n;
	for (int i = 0; i < n; i++)
		if (strcmp(whole.digest[i], pieces.digest[i]) != 0)
			abort();
	if (whole.n != pieces.n)
		abort();
	free(text);
	return 0;
}
