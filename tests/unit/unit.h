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

#include <dirent.h>
#include <unistd.h>

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
