/*
 * response.c: building responses; no libmicrohttpd here (server.c sends).
 */
#include "core/base.h"

#include <strings.h>

#include "core/json.h"
#include "http/request.h"
#include "http/server.h"

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

void res_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdrs < RES_MAX_HEADERS) {
		r->hdr_name[r->nhdrs] = name;
		r->hdr_value[r->nhdrs] = value;
		r->nhdrs++;
	}
}

void res_body(struct req *r, int status, const char *ctype, const char *body, size_t len)
{
	r->status = status;
	r->ctype = ctype;
	r->out = body;
	r->outlen = len;
	r->answered = true;
}

static const char oom_problem[] =
	"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
	"\"detail\":\"The server is out of memory.\",\"code\":\"out_of_memory\"}";

void res_json(struct req *r, int status, json_t *j)
{
	/* Ten significant digits: exact decimals (a grade of 8.3 held as 830
	 * hundredths) print as written, not as 8.3000000000000007. */
	const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(10);
	size_t len = j ? json_dumpb(j, NULL, 0, flags) : 0;
	char *out = len ? arena_alloc(&r->arena, len) : NULL;
	if (!out) {
		json_decref(j);
		res_body(r, 503, "application/problem+json", oom_problem, sizeof(oom_problem) - 1);
		return;
	}
	json_dumpb(j, out, len, flags);
	json_decref(j);
	res_body(r, status, "application/json", out, len);
}

void res_problem(struct req *r, const struct problem *p)
{
	int status = p->status ? p->status : err_status(p->err);
	const char *code = p->code ? p->code : err_str(p->err);
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
			      http_reason(status), "status", status, "code", code);
	if (j && p->detail)
		json_object_set_new(j, "detail", json_string(p->detail));
	if (j && p->field)
		json_object_set_new(j, "field", json_string(p->field));
	if (j && p->ext_name)
		json_object_set_new(j, p->ext_name, json_integer(p->ext_value));
	if (!j) {
		res_body(r, 503, "application/problem+json", oom_problem, sizeof(oom_problem) - 1);
		return;
	}
	res_json(r, status, j);
	if (r->status == status)
		r->ctype = "application/problem+json";
}

void res_error(struct req *r, int status, const char *code, const char *field,
	       const char *detail)
{
	struct problem p = { .err = ERR_INTERNAL, .status = status, .code = code,
			     .field = field, .detail = detail };
	res_problem(r, &p);
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
		res_error(r, 413, "body_too_large", NULL, "The request body is too large.");
		return NULL;
	}
	if (!req_is_json(r)) {
		res_error(r, 415, "unsupported_media_type", NULL,
			  "Send the body as application/json.");
		return NULL;
	}
	json_t *j = NULL;
	struct problem p;
	if (json_decode(r->body.p ? r->body.p : "", r->body.len, http_server_json_limits(r->srv),
			&j, &p)) {
		res_problem(r, &p);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		res_error(r, 400, "not_an_object", NULL, "The JSON body must be an object.");
		return NULL;
	}
	return j;
}
