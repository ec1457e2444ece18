/*
 * unit.h: what every unit test includes first.
 *
 * cmocka.h needs <stdarg.h>, <stddef.h>, <stdint.h> and <setjmp.h> before it,
 * and base.h (with banned.h) must come after the system headers, so the order
 * here is fixed. Helpers are static inline: each test file is its own program.
 */
#ifndef TABULA_TEST_UNIT_H
#define TABULA_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/base.h"
#include "core/log.h"

#include <dirent.h>
#include <unistd.h>

/* ---- tests register themselves ----
 * A test is written `UNIT_TEST(test_name) { ... }` (or UNIT_TEST_WITH with
 * its fixture's set-up and tear-down, each may be NULL); it registers itself
 * before main() runs, in the order the file defines it, and UNIT_MAIN()
 * runs them all. A test still gets cmocka's `void **state`. */
#define UNIT_MAX_TESTS 256
static struct CMUnitTest unit_tests_[UNIT_MAX_TESTS];
static size_t unit_ntests_;

static inline void unit_register(const char *name, CMUnitTestFunction fn, CMFixtureFunction setup,
				 CMFixtureFunction teardown)
{
	if (unit_ntests_ == UNIT_MAX_TESTS) {
		fprintf(stderr, "unit: more than %d tests in one program\n", UNIT_MAX_TESTS);
		abort();
	}
	unit_tests_[unit_ntests_++] = (struct CMUnitTest){name, fn, setup, teardown, NULL};
}

#define UNIT_TEST_WITH(fn, setup, teardown)                           \
	static void fn(void **state);                                 \
	__attribute__((constructor)) static void fn##_register_(void) \
	{                                                             \
		unit_register(#fn, fn, setup, teardown);              \
	}                                                             \
	static void fn(void **state)
#define UNIT_TEST(fn) UNIT_TEST_WITH(fn, NULL, NULL)

/* Run the registered tests: line-buffered output (so results and failure
 * messages stay in order), logs from `level` up, cmocka's group set-up and
 * tear-down (each may be NULL). Returns the number of failures. */
static inline int unit_run(enum log_level level, CMFixtureFunction group_setup,
			   CMFixtureFunction group_teardown)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_set_level(level);
	return _cmocka_run_group_tests("tests", unit_tests_, unit_ntests_, group_setup,
				       group_teardown);
}

/* main() of a test program whose tests need nothing more. */
#define UNIT_MAIN()                                    \
	int main(void)                                 \
	{                                              \
		return unit_run(LOG_WARN, NULL, NULL); \
	}

/* The problem p (a struct problem) has this code and this field. A macro,
 * so that a failure names the caller's line. */
#define assert_problem(p, code_, field_)                  \
	do {                                              \
		assert_string_equal((p).code, (code_));   \
		assert_string_equal((p).field, (field_)); \
	} while (0)

/* Make a fresh private directory under $TMPDIR (or /tmp) into dir. */
static inline void unit_tmpdir(char *dir, size_t len)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	int n = snprintf(dir, len, "%s/tabula-unit-XXXXXX", base);
	assert_true(n > 0 && (size_t)n < len);
	assert_non_null(mkdtemp(dir));
}

/* Remove dir and the plain files directly inside it. */
static inline void unit_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

#endif
