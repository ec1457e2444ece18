/* Unit tests of src/core/err.c. */
#include "unit.h"

#include "core/err.h"

struct err_case {
	int err;
	const char *word;
	int status;
};

/* Written out by hand, not from ERR_LIST: the words and statuses are a
 * public contract (problem+json codes), so a change must show up here. */
static const struct err_case cases[] = {
	{ ERR_OK, "ok", 200 },
	{ ERR_NOMEM, "out_of_memory", 503 },
	{ ERR_INVALID, "invalid", 422 },
	{ ERR_NOTFOUND, "not_found", 404 },
	{ ERR_CONFLICT, "conflict", 409 },
	{ ERR_FORBIDDEN, "forbidden", 403 },
	{ ERR_UNAUTHORIZED, "unauthorized", 401 },
	{ ERR_RETRY, "retry", 503 },
	{ ERR_DB, "database_error", 500 },
	{ ERR_IO, "io_error", 500 },
	{ ERR_TOOLARGE, "too_large", 413 },
	{ ERR_BADREQUEST, "bad_request", 400 },
	{ ERR_UNSUPPORTED, "unsupported_media", 415 },
	{ ERR_INTERNAL, "internal", 500 },
};

static void test_every_code(void **state)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_string_equal(err_str(cases[i].err), cases[i].word);
		assert_int_equal(err_status(cases[i].err), cases[i].status);
	}
}

/* The table above covers the whole X-macro list, and values are distinct. */
static void test_list_complete(void **state)
{
	UNUSED(state);
#define ERR_COUNT(name, value, status, word) +1
	size_t n = 0 ERR_LIST(ERR_COUNT);
#undef ERR_COUNT
	assert_int_equal(n, ARRAY_SIZE(cases));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_true(cases[i].err <= 0);
		for (size_t k = i + 1; k < ARRAY_SIZE(cases); k++)
			assert_int_not_equal(cases[i].err, cases[k].err);
	}
}

static void test_unknown_code(void **state)
{
	UNUSED(state);
	assert_string_equal(err_str(-999), "internal");
	assert_string_equal(err_str(1), "internal");
	assert_int_equal(err_status(-999), 500);
	assert_int_equal(err_status(42), 500);
}

static void test_problem_set(void **state)
{
	UNUSED(state);
	struct problem p = { .status = 418 };
	assert_int_equal(problem_set(&p, ERR_CONFLICT, "duplicate_code", "code", "Taken."),
			 ERR_CONFLICT);
	assert_int_equal(p.err, ERR_CONFLICT);
	assert_int_equal(p.status, 0); /* reset: derived from err */
	assert_string_equal(p.code, "duplicate_code");
	assert_string_equal(p.field, "code");
	assert_string_equal(p.detail, "Taken.");
	/* A NULL problem is allowed and the code still comes back. */
	assert_int_equal(problem_set(NULL, ERR_NOMEM, NULL, NULL, NULL), ERR_NOMEM);
}

int main(void)
{
	/* Line-buffered, so results and failure messages (stderr) stay in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code),
		cmocka_unit_test(test_list_complete),
		cmocka_unit_test(test_unknown_code),
		cmocka_unit_test(test_problem_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
