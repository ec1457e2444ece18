/*
 * failalloc.h: failing the Nth allocation, for tests (SQLite's harness).
 *
 * Only the test build (make failalloc: -DTABULA_FAILALLOC, linked with
 * --wrap=malloc,calloc,realloc,strdup,strndup) counts allocations; in every
 * other build these are empty inline functions and cost nothing.
 *
 * What is counted: every malloc, calloc, realloc, strdup and strndup called
 * from Tabula's own objects, jansson's (through core/json.c's allocator)
 * and SQLite's (SQLITE_CONFIG_MALLOC). Not counted: libraries that allocate
 * on their own (libpq, ICU, libsodium, libcurl, OpenSSL).
 *
 * The counter is per thread: arming fails allocations made by the calling
 * thread only, so a server arms one request on its worker thread; work a
 * writer thread does for it (the group commit) is neither counted nor failed.
 */
#ifndef TABULA_FAILALLOC_H
#define TABULA_FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* The request header that arms a request in the test build: "N" fails the
 * Nth allocation, "N+" the Nth and every one after it. */
#define FAILALLOC_HEADER "X-Tabula-Fail-Alloc"

#ifdef TABULA_FAILALLOC

/* Restart this thread's count; fail its nth allocation from now on (n > 0),
 * or none (n <= 0). */
void failalloc_arm(long n);
/* As failalloc_arm, then also fail every allocation after the nth. */
void failalloc_arm_all(long n);
/* Allocations counted on this thread since it was last armed. */
long failalloc_count(void);
/* True once an allocation was failed since this thread was last armed. */
bool failalloc_fired(void);

/* The counted allocator, for libraries that take one (SQLite). */
void *failalloc_malloc(size_t n);
void *failalloc_realloc(void *p, size_t n);

/*
 * One request on a server thread. failalloc_request_begin(value) arms from
 * a FAILALLOC_HEADER value (NULL or malformed: count only). failalloc_request_end()
 * disarms, keeps the state as this thread's last request and returns its count
 * as text in a buffer of this thread, rewritten by each later end.
 * failalloc_request_resume() carries on the last request of this thread where
 * it stopped (a continuation after a wait), and returns the count so far as
 * text, in another such buffer. Both assume the thread serves one request at
 * a time between a wait and its continuation, as a sequential test does.
 */
void failalloc_request_begin(const char *value);
const char *failalloc_request_end(void);
const char *failalloc_request_resume(void);

#else

static inline void failalloc_arm(long n)
{
	(void)n;
}
static inline void failalloc_arm_all(long n)
{
	(void)n;
}
static inline long failalloc_count(void)
{
	return 0;
}
static inline bool failalloc_fired(void)
{
	return false;
}

#endif

#endif
