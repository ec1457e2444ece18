/*
 * arena.h: a bump allocator for memory that dies together.
 *
 * Every HTTP request owns one arena, released after its response is sent.
 * Allocation never fails silently: it returns NULL once the arena's limit
 * (max bytes, 0 = unlimited) or malloc is exhausted, and callers answer
 * ERR_NOMEM. Memory is 16-byte aligned.
 */
#ifndef TABULA_ARENA_H
#define TABULA_ARENA_H

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t chunk_size;	  /* size of ordinary chunks */
	size_t used;		  /* bytes handed out, for limits and metrics */
	size_t max;		  /* 0: no limit */
};

void arena_init(struct arena *a, size_t chunk_size, size_t max);
/* Free every chunk; the arena may be used again afterwards. */
void arena_release(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Room for one more pair in two parallel arena-backed lists (names and
 * values) holding n of *cap, grown to twice (from 8): 0, or -1 out of
 * memory with the lists unchanged. */
int arena_pairs_reserve(struct arena *a, const char ***names, const char ***values, int n,
			int *cap);
/* Room for one more item in a growable array of n items of size bytes with
 * room for *cap: items itself while n < *cap; else the n items copied into
 * room for twice *cap (first, or 8, when *cap is 0), *cap updated. The
 * array lives in arena a or, when a is NULL, on the heap (realloc: the
 * caller frees the array; the old pointer is then stale). NULL when memory
 * runs out or the size overflows, the array and *cap unchanged. */
void *arena_reserve(struct arena *a, void *items, size_t n, size_t *cap, size_t size, size_t first)
	__attribute__((warn_unused_result));
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
