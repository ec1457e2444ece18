/* Unit tests of src/core/arena.c. */
#include "unit.h"

#include "core/arena.h"

static bool aligned16(const void *p)
{
	return ((uintptr_t)p & 15u) == 0;
}

/* Every block is 16-byte aligned, blocks never overlap, used counts the
 * rounded sizes. */
UNIT_TEST(test_alignment)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 512, 0);
	unsigned char *blocks[100];
	size_t sum = 0;
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++) {
		size_t n = i + 1;
		blocks[i] = arena_alloc(&a, n);
		assert_non_null(blocks[i]);
		assert_true(aligned16(blocks[i]));
		memset(blocks[i], (int)i, n);
		sum += (n + 15) & ~(size_t)15;
	}
	assert_int_equal(a.used, sum);
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++)
		for (size_t k = 0; k <= i; k++)
			assert_int_equal(blocks[i][k], (unsigned char)i);
	arena_release(&a);
}

/* Thousands of small blocks over many chunks all keep their contents. */
UNIT_TEST(test_many_allocations_cross_chunks)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256, 0);
	enum { N = 2000, SIZE = 40 };
	unsigned char **p = calloc(N, sizeof(*p));
	assert_non_null(p);
	for (int i = 0; i < N; i++) {
		p[i] = arena_alloc(&a, SIZE);
		assert_non_null(p[i]);
		assert_true(aligned16(p[i]));
		memset(p[i], i & 0xff, SIZE);
	}
	assert_int_equal(a.used, (size_t)N * 48);
	for (int i = 0; i < N; i++)
		for (int k = 0; k < SIZE; k++)
			assert_int_equal(p[i][k], (unsigned char)(i & 0xff));
	free(p);

	/* Released, the arena is empty and usable again. */
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	char *s = arena_strdup(&a, "again");
	assert_non_null(s);
	assert_string_equal(s, "again");
	arena_release(&a);
}

/* A block larger than a chunk gets its own chunk, and the current chunk's
 * free tail is still used afterwards. */
UNIT_TEST(test_large_allocation)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256, 0);

	/* As the very first allocation. */
	unsigned char *big0 = arena_alloc(&a, 5000);
	assert_non_null(big0);
	assert_true(aligned16(big0));
	memset(big0, 0x11, 5000);
	arena_release(&a);

	unsigned char *p1 = arena_alloc(&a, 16);
	assert_non_null(p1);
	unsigned char *big = arena_alloc(&a, 100000);
	assert_non_null(big);
	assert_true(aligned16(big));
	memset(big, 0x5a, 100000);
	unsigned char *p2 = arena_alloc(&a, 16);
	assert_non_null(p2);
	assert_ptr_equal(p2, p1 + 16);
	memset(p1, 1, 16);
	memset(p2, 2, 16);
	assert_int_equal(big[0], 0x5a);
	assert_int_equal(big[99999], 0x5a);
	assert_int_equal(a.used, 16 + 100000 + 16);
	arena_release(&a);
}

/* The max is a hard ceiling; failures leave used unchanged. */
UNIT_TEST(test_max_limit)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256, 1024);
	assert_null(arena_alloc(&a, 1025));
	assert_null(arena_alloc(&a, 2000));
	assert_int_equal(a.used, 0);

	assert_non_null(arena_alloc(&a, 1000)); /* 1008 after rounding */
	assert_non_null(arena_alloc(&a, 16));	/* exactly 1024 */
	assert_int_equal(a.used, 1024);
	assert_null(arena_alloc(&a, 1));
	assert_null(arena_strdup(&a, ""));
	assert_null(arena_printf(&a, "%d", 7));
	assert_int_equal(a.used, 1024);
	arena_release(&a);

	/* Rounding up must not wrap around. */
	arena_init(&a, 0, 0);
	assert_int_equal(a.chunk_size, 8192);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 7));
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	assert_int_equal(a.used, 0);
	arena_release(&a);
}

UNIT_TEST(test_calloc_zeroes)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256, 0);
	unsigned char *p = arena_calloc(&a, 30, 10);
	assert_non_null(p);
	for (int i = 0; i < 300; i++)
		assert_int_equal(p[i], 0);
	assert_non_null(arena_calloc(&a, 0, 8));
	arena_release(&a);
}

UNIT_TEST(test_strndup_printf)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 64, 0);

	assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
	/* The source need not be NUL-terminated at n. */
	static const char raw[5] = {'a', 'b', 'c', 'd', 'e'};
	char *s = arena_strndup(&a, raw, sizeof(raw));
	assert_string_equal(s, "abcde");
	assert_true(aligned16(s));
	assert_string_equal(arena_strndup(&a, "", 0), "");
	assert_string_equal(arena_strdup(&a, "tabula"), "tabula");

	assert_string_equal(arena_printf(&a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	assert_string_equal(arena_printf(&a, "%s", ""), "");

	/* Longer than a chunk. */
	char *long_s = arena_printf(&a, "%0*d|", 500, 7);
	assert_non_null(long_s);
	assert_int_equal(strlen(long_s), 501);
	assert_int_equal(long_s[0], '0');
	assert_int_equal(long_s[499], '7');
	assert_int_equal(long_s[500], '|');
	arena_release(&a);
}

/* arena_reserve grows by doubling from `first`, keeps the items, leaves
 * the array alone while there is room, and fails cleanly: in an arena and
 * on the heap alike. */
UNIT_TEST(test_reserve)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 128, 0);
	for (int heap = 0; heap < 2; heap++) {
		struct arena *in = heap ? NULL : &a;
		int64_t *v = NULL;
		size_t cap = 0, n = 0;
		size_t caps[] = {4, 8, 16, 32, 64, 128, 256, 512, 1024};
		int k = 0;
		for (; n < 1000; n++) {
			size_t before = cap;
			int64_t *more = arena_reserve(in, v, n, &cap, sizeof(*v), 4);
			assert_non_null(more);
			if (n < before) {
				assert_ptr_equal(more, v); /* room left: nothing moves */
				assert_int_equal(cap, before);
			} else {
				assert_int_equal(cap, caps[k++]);
			}
			v = more;
			v[n] = (int64_t)n * 7;
		}
		assert_int_equal(k, 9);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(v[i], (int64_t)i * 7);
		/* Overflowing sizes fail and change nothing. */
		size_t big = SIZE_MAX / 2 + 1, was = big;
		assert_null(arena_reserve(in, v, big, &big, 1, 4));
		assert_int_equal(big, was);
		size_t c1 = 1024;
		assert_null(arena_reserve(in, v, 1024, &c1, SIZE_MAX / 1024, 4));
		assert_int_equal(c1, 1024);
		if (heap)
			free(v);
	}
	/* The default first capacity is 8. */
	size_t cap = 0;
	char *c = arena_reserve(&a, NULL, 0, &cap, 1, 0);
	assert_non_null(c);
	assert_int_equal(cap, 8);
	arena_release(&a);

	/* Out of memory: NULL, the array and cap as they were. */
	arena_init(&a, 64, 256);
	int32_t *w = NULL;
	cap = 0;
	size_t n = 0;
	for (; n < 64; n++) {
		int32_t *more = arena_reserve(&a, w, n, &cap, sizeof(*w), 2);
		if (!more)
			break;
		w = more;
		w[n] = (int32_t)n;
	}
	assert_true(n < 64);
	size_t held = cap;
	assert_null(arena_reserve(&a, w, n, &cap, sizeof(*w), 2));
	assert_int_equal(cap, held);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(w[i], (int32_t)i);
	arena_release(&a);
}

UNIT_MAIN()
