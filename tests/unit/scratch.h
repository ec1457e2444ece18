/* scratch.h: a scratch arena `a`, fresh for each test of a file that uses
 * UNIT_TEST_WITH(fn, scratch_setup, scratch_teardown); 1 MiB at most. */
#ifndef TABULA_TEST_SCRATCH_H
#define TABULA_TEST_SCRATCH_H

#include "core/arena.h"

static struct arena a;

static int scratch_setup(void **state)
{
	(void)state;
	arena_init(&a, 4096, 1 << 20);
	return 0;
}

static int scratch_teardown(void **state)
{
	(void)state;
	arena_release(&a);
	return 0;
}

#endif
