/*
 * before.c: the gate in front of every handler: who is calling (a session
 * token from "Authorization: Bearer" or the session cookie), the CSRF
 * token for cookie-borne changes, a pending password change, and the
 * route's roles.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "crypto/bytes.h"
#include "crypto/token.h"
#include "domain/access/actor.h"
#include "domain/access/session.h"

#include <strings.h>

/* The token from "Authorization: Bearer X" or the session cookie; *cookie
 * says which (cookies need the CSRF header on unsafe methods). */
static const char *presented_token(struct req *r, bool *cookie)
{
	*cookie = false;
	const char *h = req_header(r, "Authorization");
	if (h && !strncasecmp(h, "Bearer ", 7)) {
		h += 7;
		while (*h == ' ')
			h++;
		return *h ? h : NULL;
	}
	*cookie = true;
	return req_cookie(r, SESSION_COOKIE);
}

const struct session *api_session(struct req *r)
{
	/* r->user points at the session's first member. */
	return (const struct session *)r->user;
}

static bool safe_method(enum http_method m)
{
	return m == HTTP_GET || m == HTTP_HEAD || m == HTTP_OPTIONS;
}

/* A cookie-borne request that changes state must echo the session's CSRF
 * token in X-CSRF-Token (the web app reads it from the tabula_csrf cookie or
 * the login answer). Another site can make the browser send the cookie, but
 * cannot read the token. Bearer requests carry no ambient credential. */
static bool csrf_ok(struct req *r, const char *token)
{
	const char *h = req_header(r, CSRF_HEADER);
	char want[TOKEN_TEXT_MAX];
	token_csrf(token, want);
	size_t n = strlen(want);
	return h && strlen(h) == n && bytes_equal(h, want, n);
}

bool api_before(struct req *r)
{
	unsigned flags = r->route->flags;
	json_alloc_reset(); /* api_json: this request's documents from here on */
	if (flags & API_PUBLIC)
		return true;
	bool by_cookie;
	const char *token = presented_token(r, &by_cookie);
	if (!token) {
		res_header(r, "WWW-Authenticate", "Bearer");
		res_error(r, P_UNAUTHORIZED, NULL, "Log in first.");
		return false;
	}
	struct session *s = arena_calloc(&r->arena, 1, sizeof(*s));
	if (!s) {
		res_error(r, P_OUT_OF_MEMORY, NULL, "The server is out of memory.");
		return false;
	}
	char hash[TOKEN_HASH_HEX];
	token_hash(token, strlen(token), hash);
	int rc = session_find(api_app(r)->db, &r->arena, hash, time_now_unix(), s);
	if (rc == ERR_UNAUTHORIZED) {
		res_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		res_error(r, P_UNAUTHORIZED, NULL,
			  "The session has ended or is not valid. Log in again.");
		return false;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return false;
	}
	if (by_cookie && !safe_method(r->method) && !csrf_ok(r, token)) {
		res_error(r, P_CSRF, NULL,
			  "Send the X-CSRF-Token header with the value of the tabula_csrf cookie.");
		return false;
	}
	r->user = &s->who;
	if (s->must_change_password && !(flags & API_PENDING_OK)) {
		res_error(r, P_PASSWORD_CHANGE_REQUIRED, NULL,
			  "Change your password first (POST /api/v1/auth/password).");
		return false;
	}
	unsigned roles = flags & API_ROLE_MASK;
	if (roles && !principal_has(&s->who, roles)) {
		res_error(r, P_FORBIDDEN, NULL, "Your role does not allow this.");
		return false;
	}
	return true;
}

/* The client's address, formatted only when the domain asks for it. */
static const char *client_address(void *r)
{
	return req_client(r);
}

struct actor *api_actor(struct req *r)
{
	if (r->actor)
		return r->actor;
	struct actor *a = arena_calloc(&r->arena, 1, sizeof(*a));
	if (a) {
		a->who = api_principal(r);
		a->address = client_address;
		a->address_src = r;
		a->arena = &r->arena;
		r->actor = a;
	}
	return a;
}
