/*
 * failalloc.c: the allocation counter of the test build (failalloc.h).
 *
 * The linker's --wrap sends every malloc, calloc, realloc, strdup and strndup
 * call of Tabula's objects to __wrap_NAME here; __real_NAME is the C
 * library's (or AddressSanitizer's) own. In any other build this file is
 * empty.
 */
#include "core/base.h"
#include "core/failalloc.h"

#ifdef TABULA_FAILALLOC

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

struct failalloc_state {
	long target; /* fail the target-th allocation; 0: none */
	long count;
	bool all; /* and every one after it */
	bool fired;
};

static _Thread_local struct failalloc_state fa, fa_last;
static _Thread_local char fa_end_text[24], fa_resume_text[24];

/* Count one allocation; true if it must fail. */
static bool failalloc_tick(void)
{
	fa.count++;
	if (!fa.target || fa.count < fa.target || (fa.count > fa.target && !fa.all))
		return false;
	fa.fired = true;
	return true;
}

void failalloc_arm(long n)
{
	fa.target = n > 0 ? n : 0;
	fa.count = 0;
	fa.all = false;
	fa.fired = false;
}

void failalloc_arm_all(long n)
{
	failalloc_arm(n);
	fa.all = fa.target > 0;
}

long failalloc_count(void)
{
	return fa.count;
}

bool failalloc_fired(void)
{
	return fa.fired;
}

void *__wrap_malloc(size_t n)
{
	return failalloc_tick() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return failalloc_tick() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return failalloc_tick() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return failalloc_tick() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return failalloc_tick() ? NULL : __real_strndup(s, n);
}

void *failalloc_malloc(size_t n)
{
	return __wrap_malloc(n);
}

void *failalloc_realloc(void *p, size_t n)
{
	return __wrap_realloc(p, n);
}

void failalloc_request_begin(const char *value)
{
	char *end = NULL;
	long n = value ? strtol(value, &end, 10) : 0;
	if (!value || end == value || n <= 0)
		failalloc_arm(0);
	else if (!strcmp(end, "+"))
		failalloc_arm_all(n);
	else
		failalloc_arm(*end ? 0 : n);
}

const char *failalloc_request_end(void)
{
	fa_last = fa;
	snprintf(fa_end_text, sizeof(fa_end_text), "%ld", fa.count);
	failalloc_arm(0);
	return fa_end_text;
}

const char *failalloc_request_resume(void)
{
	fa = fa_last;
	snprintf(fa_resume_text, sizeof(fa_resume_text), "%ld", fa.count);
	return fa_resume_text;
}

#else

/* ISO C wants a translation unit to declare something. */
typedef int failalloc_unused;

#endif
