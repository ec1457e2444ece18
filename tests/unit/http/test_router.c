/* Unit tests of src/http/router.c. */
#include "unit.h"

#include "http/router.h"

/* Handlers are never called by the router; one will do. */
static void handler(struct req *r)
{
	UNUSED(r);
}

enum {
	R_ROOT,
	R_LIST,
	R_CREATE,
	R_NEW,
	R_GET,
	R_PUT,
	R_DEL,
	R_MEMBER,
	R_POST_ONLY,
};

static const struct route routes[] = {
	[R_ROOT] = {HTTP_GET, "/", handler, 0, 0},
	[R_LIST] = {HTTP_GET, "/api/v1/orgs", handler, 1, 0},
	[R_CREATE] = {HTTP_POST, "/api/v1/orgs", handler, 2, 0},
	[R_NEW] = {HTTP_GET, "/api/v1/orgs/new", handler, 3, 0},
	[R_GET] = {HTTP_GET, "/api/v1/orgs/{code}", handler, 4, 0},
	[R_PUT] = {HTTP_PUT, "/api/v1/orgs/{code}", handler, 5, 0},
	[R_DEL] = {HTTP_DELETE, "/api/v1/orgs/{code}", handler, 6, 0},
	[R_MEMBER] = {HTTP_GET, "/api/v1/orgs/{org}/members/{id}", handler, 7, 0},
	[R_POST_ONLY] = {HTTP_POST, "/api/v1/auth/login", handler, 8, 0},
};

struct fixture {
	struct router *rt;
	struct req r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->rt = router_new(routes, ARRAY_SIZE(routes));
	if (!f->rt) {
		free(f);
		return -1;
	}
	arena_init(&f->r.arena, 1024, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->r.arena);
	router_free(f->rt);
	free(f);
	return 0;
}

/* Match method and path on the fixture's request. */
static int match(struct fixture *f, enum http_method m, const char *path, const char **allow)
{
	f->r.method = m;
	f->r.path = path;
	f->r.nparams = -1; /* must be set by a match */
	if (allow)
		*allow = NULL;
	return router_match(f->rt, &f->r, allow);
}

UNIT_TEST_WITH(test_table, setup, teardown)
{
	struct fixture *f = *state;
	assert_int_equal(router_count(f->rt), ARRAY_SIZE(routes));
	assert_ptr_equal(router_route(f->rt, R_GET), &routes[R_GET]);
	assert_ptr_equal(router_route(f->rt, R_GET)->fn, handler);
	assert_int_equal(router_route(f->rt, R_MEMBER)->flags, 7);
}

UNIT_TEST_WITH(test_literal_routes, setup, teardown)
{
	struct fixture *f = *state;
	const char *allow;
	assert_int_equal(match(f, HTTP_GET, "/", &allow), R_ROOT);
	assert_int_equal(f->r.nparams, 0);
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs", &allow), R_LIST);
	assert_int_equal(f->r.nparams, 0);
	assert_int_equal(match(f, HTTP_POST, "/api/v1/orgs", &allow), R_CREATE);
	assert_int_equal(match(f, HTTP_POST, "/api/v1/auth/login", &allow), R_POST_ONLY);
	/* Segments compare whole and case-sensitively. */
	assert_int_equal(match(f, HTTP_GET, "/api/v1/org", &allow), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgsx", &allow), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_GET, "/API/v1/orgs", &allow), ROUTE_NONE);
}

/* A literal listed before a parameter route wins for its own segment only. */
UNIT_TEST_WITH(test_literal_before_param, setup, teardown)
{
	struct fixture *f = *state;
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/new", NULL), R_NEW);
	assert_int_equal(f->r.nparams, 0);
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/news", NULL), R_GET);
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(f->r.param_value[0], "news");
	/* Other methods on the literal path fall through to the param route. */
	assert_int_equal(match(f, HTTP_PUT, "/api/v1/orgs/new", NULL), R_PUT);
	assert_string_equal(f->r.param_value[0], "new");
}

UNIT_TEST_WITH(test_params_extracted, setup, teardown)
{
	struct fixture *f = *state;
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/MOE-01", NULL), R_GET);
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(f->r.param_name[0], "code");
	assert_string_equal(f->r.param_value[0], "MOE-01");

	assert_int_equal(match(f, HTTP_DELETE, "/api/v1/orgs/x", NULL), R_DEL);
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(f->r.param_value[0], "x");

	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/HN.12/members/42", NULL), R_MEMBER);
	assert_int_equal(f->r.nparams, 2);
	assert_string_equal(f->r.param_name[0], "org");
	assert_string_equal(f->r.param_value[0], "HN.12");
	assert_string_equal(f->r.param_name[1], "id");
	assert_string_equal(f->r.param_value[1], "42");

	/* The values are copies in the request arena, not pointers into path. */
	char path[] = "/api/v1/orgs/abc";
	assert_int_equal(match(f, HTTP_GET, path, NULL), R_GET);
	path[13] = 'z';
	assert_string_equal(f->r.param_value[0], "abc");

	/* A parameter never matches an empty segment. */
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs//members/42", NULL), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/a/members/", NULL), ROUTE_NONE);
	/* Nor more than one segment. */
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/a/b", NULL), ROUTE_NONE);
}

UNIT_TEST_WITH(test_bad_method_allow, setup, teardown)
{
	struct fixture *f = *state;
	const char *allow;

	assert_int_equal(match(f, HTTP_DELETE, "/api/v1/orgs", &allow), ROUTE_BAD_METHOD);
	assert_non_null(allow);
	/* GET implies HEAD; methods in a fixed order. */
	assert_string_equal(allow, "GET, HEAD, POST");

	assert_int_equal(match(f, HTTP_POST, "/api/v1/orgs/abc", &allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD, PUT, DELETE");

	/* No GET route: no HEAD either. */
	assert_int_equal(match(f, HTTP_GET, "/api/v1/auth/login", &allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "POST");
	assert_int_equal(match(f, HTTP_HEAD, "/api/v1/auth/login", &allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "POST");

	assert_int_equal(match(f, HTTP_OPTIONS, "/", &allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(match(f, HTTP_OTHER, "/api/v1/orgs", &allow), ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD, POST");

	/* allow may be NULL. */
	assert_int_equal(match(f, HTTP_PATCH, "/api/v1/orgs", NULL), ROUTE_BAD_METHOD);
}

UNIT_TEST_WITH(test_head_matches_get, setup, teardown)
{
	struct fixture *f = *state;
	assert_int_equal(match(f, HTTP_HEAD, "/api/v1/orgs", NULL), R_LIST);
	assert_int_equal(match(f, HTTP_HEAD, "/api/v1/orgs/abc", NULL), R_GET);
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(f->r.param_value[0], "abc");
	assert_int_equal(match(f, HTTP_HEAD, "/", NULL), R_ROOT);
}

UNIT_TEST_WITH(test_unknown_paths, setup, teardown)
{
	struct fixture *f = *state;
	const char *allow;
	static const char *const paths[] = {
		"/nope",
		"/api",
		"/api/v1",
		"/api/v1/orgs/abc/members",
		"/api/v1/orgs/abc/members/1/extra",
		"",
		"api/v1/orgs",
		"//",
		"/api/v1/auth/login/x",
	};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		assert_int_equal(match(f, HTTP_GET, paths[i], &allow), ROUTE_NONE);
		assert_null(allow);
	}
}

/* "/a/" is not "/a": a trailing slash is an extra, empty segment. */
UNIT_TEST_WITH(test_trailing_slash, setup, teardown)
{
	struct fixture *f = *state;
	const char *allow;
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/", &allow), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_POST, "/api/v1/orgs/", &allow), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_GET, "/api/v1/orgs/abc/", &allow), ROUTE_NONE);
	assert_int_equal(match(f, HTTP_POST, "/api/v1/auth/login/", &allow), ROUTE_NONE);
	assert_null(allow);
}

/* Deeper than the router's segment limit is simply no match. */
UNIT_TEST_WITH(test_too_many_segments, setup, teardown)
{
	struct fixture *f = *state;
	char path[256] = "";
	size_t len = 0;
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(path + len, sizeof(path) - len, "/s");
	assert_int_equal(match(f, HTTP_GET, path, NULL), ROUTE_NONE);
}

UNIT_TEST(test_bad_patterns_refused)
{
	UNUSED(state);
	static const struct route no_slash[] = {{HTTP_GET, "api", handler, 0, 0}};
	assert_null(router_new(no_slash, 1));
	static const struct route deep[] = {
		{HTTP_GET, "/1/2/3/4/5/6/7/8/9/10/11/12/13", handler, 0, 0}};
	assert_null(router_new(deep, 1));

	struct router *rt = router_new(NULL, 0);
	assert_non_null(rt);
	assert_int_equal(router_count(rt), 0);
	struct req r = {.method = HTTP_GET, .path = "/"};
	arena_init(&r.arena, 0, 0);
	const char *allow = NULL;
	assert_int_equal(router_match(rt, &r, &allow), ROUTE_NONE);
	arena_release(&r.arena);
	router_free(rt);
	router_free(NULL);
}

UNIT_TEST(test_method_names)
{
	UNUSED(state);
	static const char *const names[] = {"GET",   "HEAD",   "POST",	 "PUT",
					    "PATCH", "DELETE", "OPTIONS"};
	for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
		assert_string_equal(http_method_name((enum http_method)m), names[m]);
		assert_int_equal(http_method_parse(names[m]), m);
	}
	assert_int_equal(http_method_parse("get"), HTTP_OTHER);
	assert_int_equal(http_method_parse("TRACE"), HTTP_OTHER);
	assert_int_equal(http_method_parse(""), HTTP_OTHER);
}

UNIT_MAIN()
