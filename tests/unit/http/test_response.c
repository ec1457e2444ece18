/* Unit tests of src/http/response.c on requests built by hand: reason
 * phrases, headers, raw and JSON bodies, RFC 9457 problems from the one
 * list (core/problems.h), and the fixed body when memory runs out. */
#include "unit.h"

#include "http/request.h"

struct fixture {
	struct req r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	arena_init(&f->r.arena, 1024, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->r.arena);
	free(f);
	return 0;
}

/* The body parsed back (it is not NUL-terminated). */
static json_t *body(const struct req *r)
{
	json_error_t e;
	json_t *j = json_loadb(r->out, r->outlen, 0, &e);
	if (!j)
		fail_msg("body %.*s: %s", (int)r->outlen, r->out, e.text);
	return j;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

UNIT_TEST(test_reason)
{
	UNUSED(state);
	assert_string_equal(http_reason(200), "OK");
	assert_string_equal(http_reason(201), "Created");
	assert_string_equal(http_reason(204), "No Content");
	assert_string_equal(http_reason(304), "Not Modified");
	assert_string_equal(http_reason(404), "Not Found");
	assert_string_equal(http_reason(409), "Conflict");
	assert_string_equal(http_reason(413), "Content Too Large");
	assert_string_equal(http_reason(422), "Unprocessable Content");
	assert_string_equal(http_reason(429), "Too Many Requests");
	assert_string_equal(http_reason(503), "Service Unavailable");
	/* Anything else is "Error". */
	static const int other[] = {0, -1, 100, 203, 302, 418, 451, 502, 599, 1000};
	for (size_t i = 0; i < ARRAY_SIZE(other); i++)
		assert_string_equal(http_reason(other[i]), "Error");
}

UNIT_TEST_WITH(test_headers_and_body, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	enum { N = 40 };
	char names[N][16];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "X-H%d", i);
		res_header(r, names[i], "v");
	}
	/* Every header is kept, in order: the list grows in the arena. */
	assert_int_equal(r->nhdrs, N);
	assert_false(r->res_failed);
	for (int i = 0; i < N; i++) {
		assert_ptr_equal(r->hdr_name[i], names[i]);
		assert_string_equal(r->hdr_value[i], "v");
	}

	assert_false(r->answered);
	static const char text[] = "hello";
	res_body(r, 201, "text/plain", text, 5);
	assert_true(r->answered);
	assert_int_equal(r->status, 201);
	assert_string_equal(r->ctype, "text/plain");
	assert_ptr_equal(r->out, text);
	assert_int_equal(r->outlen, 5);
}

UNIT_TEST_WITH(test_json, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	json_t *j = json_pack("{s:s, s:i, s:[f, f], s:n}", "name",
			      "Tehran \xd8\xaa\xd9\x87\xd8\xb1\xd8\xa7\xd9\x86", "count", 3,
			      "grades", 8.3, 830 / 100.0, "none");
	assert_non_null(j);
	res_json(r, 200, j);
	assert_true(r->answered);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->ctype, "application/json");
	/* Compact, in the arena, and decimals as written (ten digits). */
	static const char want[] = "{\"name\":\"Tehran \xd8\xaa\xd9\x87\xd8\xb1\xd8\xa7\xd9\x86\","
				   "\"count\":3,\"grades\":[8.3,8.3],\"none\":null}";
	assert_int_equal(r->outlen, sizeof(want) - 1);
	assert_memory_equal(r->out, want, sizeof(want) - 1);

	/* Other statuses pass through. */
	res_json(r, 201, json_object());
	assert_int_equal(r->status, 201);
	assert_int_equal(r->outlen, 2);
	assert_memory_equal(r->out, "{}", 2);
}

/* The out-of-memory answer: 503, problem+json, a body of its own. */
static void assert_oom(const struct req *r)
{
	assert_true(r->answered);
	assert_int_equal(r->status, 503);
	assert_string_equal(r->ctype, "application/problem+json");
	json_t *b = body(r);
	assert_string_equal(str(b, "type"), "about:blank");
	assert_string_equal(str(b, "title"), "Service Unavailable");
	assert_int_equal(json_integer_value(json_object_get(b, "status")), 503);
	assert_string_equal(str(b, "code"), "out_of_memory");
	assert_non_null(str(b, "detail"));
	json_decref(b);
}

UNIT_TEST_WITH(test_json_out_of_memory, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	/* No value (a failed json_pack): the fixed answer. */
	res_json(r, 200, NULL);
	assert_oom(r);

	/* An arena too small for the body. */
	struct req small = {0};
	arena_init(&small.arena, 64, 64);
	json_t *big = json_object();
	for (int i = 0; i < 20; i++) {
		char k[16];
		snprintf(k, sizeof(k), "key%d", i);
		json_object_set_new(big, k, json_string("a value of some length"));
	}
	res_json(&small, 200, big);
	assert_oom(&small);
	/* The same for a problem. */
	small.answered = false;
	res_error(&small, P_DUPLICATE_CODE, "code",
		  "A detail long enough to overflow 64 bytes of arena.");
	assert_oom(&small);
	arena_release(&small.arena);
}

UNIT_TEST_WITH(test_problem, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	struct problem p;
	problem_set(&p, P_DUPLICATE_CODE, "code", NULL);
	res_problem(r, &p);
	assert_true(r->answered);
	assert_int_equal(r->status, 409);
	assert_string_equal(r->ctype, "application/problem+json");
	json_t *b = body(r);
	assert_string_equal(str(b, "type"), "about:blank");
	assert_string_equal(str(b, "title"), "Conflict");
	assert_int_equal(json_integer_value(json_object_get(b, "status")), 409);
	assert_string_equal(str(b, "code"), "duplicate_code");
	assert_string_equal(str(b, "field"), "code");
	/* No detail given: the list's sentence. */
	assert_string_equal(str(b, "detail"), "This code is taken.");
	assert_int_equal(json_object_size(b), 6);
	json_decref(b);

	/* A detail of the caller's, no field, an extension member. */
	problem_set(&p, P_CONFLICT, NULL, "Student 7 holds this national id.");
	p.ext_name = "existing_id";
	p.ext_value = 7;
	res_problem(r, &p);
	assert_int_equal(r->status, 409);
	b = body(r);
	assert_string_equal(str(b, "detail"), "Student 7 holds this national id.");
	assert_null(json_object_get(b, "field"));
	assert_int_equal(json_integer_value(json_object_get(b, "existing_id")), 7);
	assert_string_equal(str(b, "code"), "conflict");
	json_decref(b);

	/* An empty detail is left out. */
	problem_set(&p, P_NOT_FOUND, NULL, "");
	res_problem(r, &p);
	assert_int_equal(r->status, 404);
	b = body(r);
	assert_null(json_object_get(b, "detail"));
	assert_int_equal(json_object_size(b), 4);
	json_decref(b);
}

/* A 503 problem keeps its problem+json type; problem_err's generic
 * problems answer with their list entry. */
UNIT_TEST_WITH(test_problem_generic, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	struct problem p;
	problem_err(&p, ERR_RETRY);
	res_problem(r, &p);
	assert_int_equal(r->status, 503);
	assert_string_equal(r->ctype, "application/problem+json");
	json_t *b = body(r);
	assert_string_equal(str(b, "code"), "retry");
	assert_string_equal(str(b, "title"), "Service Unavailable");
	json_decref(b);

	/* ERR_DB stays ERR_DB for the log but answers as P_INTERNAL. */
	problem_err(&p, ERR_DB);
	res_problem(r, &p);
	assert_int_equal(r->status, 500);
	b = body(r);
	assert_string_equal(str(b, "code"), "internal");
	assert_string_equal(str(b, "title"), "Internal Server Error");
	assert_string_equal(str(b, "detail"), problem_def(P_INTERNAL)->sentence);
	json_decref(b);

	/* A problem never set (all zero) is the internal error. */
	struct problem none = {0};
	res_problem(r, &none);
	assert_int_equal(r->status, 500);
	b = body(r);
	assert_string_equal(str(b, "code"), "internal");
	assert_string_equal(str(b, "detail"), problem_def(P_INTERNAL)->sentence);
	json_decref(b);
}

/* Every problem of the list answers with its status, a reason phrase for
 * it (never the fallback "Error"), its code and its sentence. */
UNIT_TEST_WITH(test_every_problem, setup, teardown)
{
	struct fixture *f = *state;
	struct req *r = &f->r;
	for (int id = P_NONE + 1; id < P__COUNT; id++) {
		const struct problem_def *d = problem_def((enum problem_id)id);
		res_error(r, (enum problem_id)id, "f", NULL);
		assert_int_equal(r->status, d->status);
		assert_string_equal(r->ctype, "application/problem+json");
		json_t *b = body(r);
		if (strcmp(str(b, "title"), http_reason(d->status)) ||
		    !strcmp(str(b, "title"), "Error"))
			fail_msg("%s: title %s", d->code, str(b, "title"));
		assert_int_equal(json_integer_value(json_object_get(b, "status")), d->status);
		assert_string_equal(str(b, "code"), d->code);
		assert_string_equal(str(b, "detail"), d->sentence);
		assert_string_equal(str(b, "field"), "f");
		json_decref(b);
		arena_release(&r->arena);
	}
}

/* A header that cannot be kept fails the whole answer, never drops quietly. */
UNIT_TEST(test_header_out_of_memory)
{
	UNUSED(state);
	struct req r = {0};
	arena_init(&r.arena, 64, 64);
	bool failed = false;
	for (int i = 0; i < 64 && !failed; i++) {
		res_header(&r, "X-H", "v");
		failed = r.res_failed;
	}
	assert_true(failed);
	arena_release(&r.arena);
}

UNIT_MAIN()
