/*
 * request.c: reading a request (its query, headers, cookies, path
 * parameters, client address and JSON body) and suspending it; the
 * libmicrohttpd look-ups live here, the connection handling in server.c.
 */
#include "core/base.h"
#include "core/json.h"
#include "http/request.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

const char *req_query(struct req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_name[i], name))
			return r->param_value[i];
	return NULL;
}

const char *req_client(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
				  sizeof(text));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
				  sizeof(text));
	}
	const char *s = arena_strdup(&r->arena, text);
	return s ? s : "-";
}

void req_suspend(struct req *r, void (*fn)(struct req *r))
{
	r->resume_fn = fn;
	r->suspended = true;
	atomic_fetch_add(r->suspended_count, 1);
	MHD_suspend_connection(r->conn);
}

void req_resume(struct req *r)
{
	MHD_resume_connection(r->conn);
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
	if (json_decode(r->body.p ? r->body.p : "", r->body.len, r->json_limits, &j, &p)) {
		res_problem(r, &p);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		res_error(r, P_NOT_AN_OBJECT, NULL, "The JSON body must be an object.");
		return NULL;
	}
	return j;
}
