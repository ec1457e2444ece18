/*
 * response.c: building answers (server.c sends them), and the JSON body
 * decoded or answered with its problem.
 */
#include "core/base.h"

#include <strings.h>

#include "core/json.h"
#include "http/request.h"

const char *http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 408:
		return "Request Timeout";
	case 409:
		return "Conflict";
	case 411:
		return "Length Required";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

void res_header(struct req *r, const char *name, const char *value)
{
	if (arena_pairs_reserve(&r->arena, &r->hdr_name, &r->hdr_value, r->nhdrs, &r->hdr_cap)) {
		r->res_failed = true;
		return;
	}
	r->hdr_name[r->nhdrs] = name;
	r->hdr_value[r->nhdrs] = value;
	r->nhdrs++;
}

void res_body(struct req *r, int status, const char *ctype, const char *body, size_t len)
{
	r->status = status;
	r->ctype = ctype;
	r->out = body;
	r->outlen = len;
	r->answered = true;
}

const char res_oom_body[] =
	"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
	"\"code\":\"out_of_memory\",\"detail\":\"The server is out of memory. Try again in a "
	"moment.\"}";
const size_t res_oom_body_len = sizeof(res_oom_body) - 1;

void res_json(struct req *r, int status, json_t *j)
{
	/* Ten significant digits: exact decimals (a grade of 8.3 held as 830
	 * hundredths) print as written, not as 8.3000000000000007. */
	const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(10);
	size_t len = j ? json_dumpb(j, NULL, 0, flags) : 0;
	char *out = len ? arena_alloc(&r->arena, len) : NULL;
	if (!out) {
		json_decref(j);
		res_body(r, 503, "application/problem+json", res_oom_body, res_oom_body_len);
		return;
	}
	/* jansson allocates while it dumps: the second pass can fail where
	 * the first did not. */
	size_t put = json_dumpb(j, out, len, flags);
	json_decref(j);
	if (put != len) {
		res_body(r, 503, "application/problem+json", res_oom_body, res_oom_body_len);
		return;
	}
	res_body(r, status, "application/json", out, len);
}

void res_problem(struct req *r, const struct problem *p)
{
	const struct problem_def *d = problem_def(p->id);
	int status = p->id ? p->status : d->status;
	const char *code = p->id ? p->code : d->code;
	const char *detail = p->detail ? p->detail : d->sentence;
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
			      http_reason(status), "status", status, "code", code);
	/* A member that cannot be added is an answer not to send. */
	bool whole = j != NULL;
	if (whole && detail && *detail)
		whole = !json_object_set_new(j, "detail", json_string(detail));
	if (whole && p->field)
		whole = !json_object_set_new(j, "field", json_string(p->field));
	if (whole && p->ext_name)
		whole = !json_object_set_new(j, p->ext_name, json_integer(p->ext_value));
	if (whole && p->ext_str_name && p->ext_str_value)
		whole = !json_object_set_new(j, p->ext_str_name, json_string(p->ext_str_value));
	if (!whole) {
		json_decref(j);
		res_body(r, 503, "application/problem+json", res_oom_body, res_oom_body_len);
		return;
	}
	res_json(r, status, j);
	if (r->status == status)
		r->ctype = "application/problem+json";
}

void res_error(struct req *r, enum problem_id id, const char *field, const char *detail)
{
	struct problem p;
	problem_set(&p, id, field, detail);
	res_problem(r, &p);
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
