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
	{ERR_OK, "ok", 200},
	{ERR_NOMEM, "out_of_memory", 503},
	{ERR_INVALID, "invalid", 422},
	{ERR_NOTFOUND, "not_found", 404},
	{ERR_CONFLICT, "conflict", 409},
	{ERR_FORBIDDEN, "forbidden", 403},
	{ERR_UNAUTHORIZED, "unauthorized", 401},
	{ERR_RETRY, "retry", 503},
	{ERR_DB, "database_error", 500},
	{ERR_IO, "io_error", 500},
	{ERR_TOOLARGE, "too_large", 413},
	{ERR_BADREQUEST, "bad_request", 400},
	{ERR_UNSUPPORTED, "unsupported_media", 415},
	{ERR_INTERNAL, "internal", 500},
	{ERR_UNAVAILABLE, "store_unavailable", 503},
};

UNIT_TEST(test_every_code)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_string_equal(err_str(cases[i].err), cases[i].word);
		assert_int_equal(err_status(cases[i].err), cases[i].status);
	}
}

/* The table above covers the whole X-macro list, and values are distinct. */
UNIT_TEST(test_list_complete)
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

UNIT_TEST(test_unknown_code)
{
	UNUSED(state);
	assert_string_equal(err_str(-999), "internal");
	assert_string_equal(err_str(1), "internal");
	assert_int_equal(err_status(-999), 500);
	assert_int_equal(err_status(42), 500);
}

UNIT_TEST(test_problem_set)
{
	UNUSED(state);
	struct problem p = {.status = 418, .ext_name = "stale"};
	assert_int_equal(problem_set(&p, P_DUPLICATE_CODE, "code", "Taken."), ERR_CONFLICT);
	assert_int_equal(p.id, P_DUPLICATE_CODE);
	assert_int_equal(p.err, ERR_CONFLICT);
	assert_int_equal(p.status, 409); /* from the list */
	assert_problem(p, "duplicate_code", "code");
	assert_string_equal(p.detail, "Taken.");
	assert_null(p.ext_name); /* reset */
	/* A NULL problem is allowed and the code still comes back. */
	assert_int_equal(problem_err(NULL, ERR_NOMEM), ERR_NOMEM);
	assert_int_equal(problem_set(NULL, P_REQUIRED, "x", NULL), ERR_INVALID);
}

/* A bare failure becomes the list's generic problem; its err stays. */
UNIT_TEST(test_problem_err)
{
	UNUSED(state);
	struct problem p;
	assert_int_equal(problem_err(&p, ERR_DB), ERR_DB);
	assert_int_equal(p.id, P_INTERNAL);
	assert_int_equal(p.status, 500);
	assert_int_equal(p.err, ERR_DB);
	assert_int_equal(problem_err(&p, ERR_RETRY), ERR_RETRY);
	assert_int_equal(p.status, 503);
	assert_int_equal(problem_err(&p, ERR_NOTFOUND), ERR_NOTFOUND);
	assert_string_equal(p.code, "not_found");
	assert_int_equal(problem_err(&p, ERR_UNAVAILABLE), ERR_UNAVAILABLE);
	assert_int_equal(p.id, P_STORE_UNAVAILABLE);
	assert_int_equal(p.status, 503);
	assert_string_equal(p.code, "store_unavailable");
	p.id = P_REQUIRED;
	assert_int_equal(problem_err(&p, ERR_OK), ERR_OK);
	assert_int_equal(p.id, P_REQUIRED); /* untouched */
}

/* Every entry is whole: a code word, a status that fits its err, an i18n
 * key made of the code, a sentence; a code repeated only with another
 * status. problem_by_code finds the first of a code. */
UNIT_TEST(test_problem_list)
{
	UNUSED(state);
	for (int i = P_NONE + 1; i < P__COUNT; i++) {
		const struct problem_def *d = problem_def((enum problem_id)i);
		assert_non_null(d->code);
		assert_true(strlen(d->code) > 1);
		for (const char *c = d->code; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
				    *c == '_');
		assert_true(d->status >= 400 && d->status < 600);
		assert_true(d->err < 0);
		assert_true(d->sentence && *d->sentence);
		assert_string_equal(d->i18n_key + 6, d->code);
		assert_true(!strncmp(d->i18n_key, "error.", 6));
		for (int j = P_NONE + 1; j < i; j++) {
			const struct problem_def *e = problem_def((enum problem_id)j);
			if (!strcmp(e->code, d->code))
				assert_int_not_equal(e->status, d->status);
		}
		enum problem_id first = problem_by_code(d->code);
		assert_int_not_equal(first, P_NONE);
		assert_string_equal(problem_def(first)->code, d->code);
	}
	assert_int_equal(problem_by_code("no_such_code"), P_NONE);
	assert_int_equal(problem_by_code(NULL), P_NONE);
	assert_int_equal(problem_def(P__COUNT)->status, 500);
	struct problem p;
	assert_int_equal(problem_code(&p, "check_digit", "national_id", NULL), ERR_INVALID);
	assert_int_equal(p.id, P_CHECK_DIGIT);
}

UNIT_MAIN()
