/*
 * fuzz_router.c: router_match() over hostile paths.
 *
 * Input: one method byte (its low three bits pick an enum http_method,
 * HTTP_OTHER included), then the path; the path is copied into its own
 * NUL-terminated buffer so ASan catches any read past it.
 *
 * The path is matched against the application's real table (api_routes)
 * and against a larger table shaped like the one Tabula grows into (nested
 * {params}, several methods per path, a 12-segment route with more params
 * than a request can hold). Checked besides memory safety:
 * - a match has the method asked for (HEAD served by GET), at most
 *   REQ_MAX_PARAMS params, each non-empty and without '/';
 * - ROUTE_BAD_METHOD comes with a non-empty Allow list;
 * - the path used as a pattern, if router_new accepts it and it starts with
 *   '/', matches itself.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "api/common/api.h"
#include "http/router.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void handler(struct req *r)
{
	UNUSED(r);
}

static const struct route table[] = {
	{HTTP_GET, "/healthz", handler, 0, 0},
	{HTTP_GET, "/metrics", handler, 0, 0},
	{HTTP_POST, "/api/v1/auth/login", handler, 0, 0},
	{HTTP_POST, "/api/v1/auth/logout", handler, 0, 0},
	{HTTP_GET, "/api/v1/auth/me", handler, 0, 0},
	{HTTP_GET, "/api/v1/orgs", handler, 0, 0},
	{HTTP_POST, "/api/v1/orgs", handler, 0, 0},
	{HTTP_GET, "/api/v1/orgs/{code}", handler, 0, 0},
	{HTTP_PATCH, "/api/v1/orgs/{code}", handler, 0, 0},
	{HTTP_DELETE, "/api/v1/orgs/{code}", handler, 0, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/students", handler, 0, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/classes", handler, 0, 0},
	{HTTP_POST, "/api/v1/students", handler, 0, 0},
	{HTTP_GET, "/api/v1/students/{id}", handler, 0, 0},
	{HTTP_PUT, "/api/v1/students/{id}", handler, 0, 0},
	{HTTP_GET, "/api/v1/students/{id}/transfers", handler, 0, 0},
	{HTTP_POST, "/api/v1/students/{id}/transfers", handler, 0, 0},
	{HTTP_GET, "/api/v1/students/{id}/transfers/{transfer}", handler, 0, 0},
	{HTTP_POST, "/api/v1/students/{id}/transfers/{transfer}/approve", handler, 0, 0},
	{HTTP_GET, "/api/v1/students/{id}/enrolments", handler, 0, 0},
	{HTTP_GET, "/api/v1/classes/{class}/gradebook/{term}/{subject}", handler, 0, 0},
	{HTTP_PUT, "/api/v1/classes/{class}/gradebook/{term}/{subject}", handler, 0, 0},
	{HTTP_OPTIONS, "/api/v1/orgs", handler, 0, 0},
	{HTTP_GET, "/api/v1/events", handler, 0, 0},
	{HTTP_GET, "/", handler, 0, 0},
	{HTTP_GET, "/p/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/x", handler, 0, 0},
};

static struct router *real, *big;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	UNUSED(argc);
	UNUSED(argv);
	real = router_new(api_routes, api_routes_count);
	big = router_new(table, ARRAY_SIZE(table));
	if (!real || !big)
		abort();
	return 0;
}

static void check(const struct router *rt, enum http_method m, const char *path)
{
	struct req r = {.method = m, .path = path, .route_idx = -1};
	arena_init(&r.arena, 8192, 0);
	const char *allow = NULL;
	int idx = router_match(rt, &r, &allow);
	if (idx >= 0) {
		enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;
		if ((size_t)idx >= router_count(rt) ||
		    router_route(rt, (size_t)idx)->method != want)
			abort();
		if (r.nparams < 0 || r.nparams > REQ_MAX_PARAMS)
			abort();
		for (int i = 0; i < r.nparams; i++) {
			const char *v = r.param_value[i];
			if (!r.param_name[i] || !v || !*v || strchr(v, '/') || !strstr(path, v))
				abort();
		}
	} else if (idx == ROUTE_BAD_METHOD) {
		if (!allow || !*allow)
			abort();
	} else if (idx != ROUTE_NONE) {
		abort();
	}
	arena_release(&r.arena);
}

/* The path as a one-route table: if it compiles, it must match itself. */
static void check_self(enum http_method m, const char *path)
{
	const struct route one[] = {{m, path, handler, 0}};
	struct router *rt = router_new(one, 1);
	if (!rt)
		return;
	struct req r = {.method = m, .path = path, .route_idx = -1};
	arena_init(&r.arena, 8192, 0);
	const char *allow = NULL;
	int idx = router_match(rt, &r, &allow);
	if (path[0] == '/' && m != HTTP_HEAD && idx != 0)
		abort();
	arena_release(&r.arena);
	router_free(rt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum http_method m = (enum http_method)(data[0] & 7);
	size_t len = size - 1;
	char *path = malloc(len + 1);
	if (!path)
		return 0;
	memcpy(path, data + 1, len);
	path[len] = '\0';

	check(real, m, path);
	check(big, m, path);
	check_self(m, path);
	free(path);
	return 0;
}
