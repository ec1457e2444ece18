#include "core/base.h"
#include "core/arena.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* usable bytes in data */
	size_t off;  /* next free byte */
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t chunk_size, size_t max)
{
	a->head = NULL;
	a->chunk_size = chunk_size ? chunk_size : 8192;
	a->used = 0;
	a->max = max;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	if (need < n)
		return NULL;
	if (a->max && (need > a->max || a->used > a->max - need))
		return NULL;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->off < need) {
		size_t size = need > a->chunk_size ? need : a->chunk_size;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->off = 0;
		/* A large one-off block goes behind the current chunk so the
		 * current chunk's free tail stays usable. */
		if (a->head && need > a->chunk_size) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->off;
	c->off += need;
	a->used += need;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int arena_pairs_reserve(struct arena *a, const char ***names, const char ***values, int n, int *cap)
{
	if (n < *cap)
		return 0;
	int grown = *cap ? *cap * 2 : 8;
	const char **nn = arena_alloc(a, (size_t)grown * sizeof(char *));
	const char **vv = arena_alloc(a, (size_t)grown * sizeof(char *));
	if (!nn || !vv)
		return -1;
	if (n) {
		memcpy(nn, *names, (size_t)n * sizeof(char *));
		memcpy(vv, *values, (size_t)n * sizeof(char *));
	}
	*names = nn;
	*values = vv;
	*cap = grown;
	return 0;
}

void *arena_reserve(struct arena *a, void *items, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return items;
	size_t grown = *cap ? *cap : first ? first : 8;
	if (*cap && grown > SIZE_MAX / 2)
		return NULL;
	if (*cap)
		grown *= 2;
	if (!size || grown > SIZE_MAX / size)
		return NULL;
	void *more;
	if (!a) {
		more = realloc(items, grown * size);
	} else {
		more = arena_alloc(a, grown * size);
		if (more && n)
			memcpy(more, items, n * size);
	}
	if (more)
		*cap = grown;
	return more;
}
