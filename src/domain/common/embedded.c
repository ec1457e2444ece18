/*
 * embedded.c: the JSON files embedded at build, loaded once (embedded.h).
 */
#include "core/base.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/common/embedded.h"

#include <pthread.h>

static const char *name_at(const struct embedded_set *s, size_t i)
{
	const char *name;
	memcpy(&name, (const char *)s->items + i * s->size + s->name_offset, sizeof(name));
	return name;
}

static int name_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Sort the items by name: an insertion sort (a set is a handful of files),
 * through the spare item past the last. */
static void sort_by_name(struct embedded_set *s)
{
	char *items = s->items, *spare = items + s->n * s->size;
	for (size_t i = 1; i < s->n; i++) {
		size_t j = i;
		memcpy(spare, items + i * s->size, s->size);
		const char *name;
		memcpy(&name, spare + s->name_offset, sizeof(name));
		while (j > 0 && name_cmp(name_at(s, j - 1), name) > 0) {
			memcpy(items + j * s->size, items + (j - 1) * s->size, s->size);
			j--;
		}
		memcpy(items + j * s->size, spare, s->size);
	}
	memset(spare, 0, s->size);
}

void embedded_set_load(struct embedded_set *s)
{
	size_t nfiles = *s->nfiles;
	s->n = 0;
	s->items = calloc(nfiles + 1, s->size);
	if (!s->items) {
		s->rc = ERR_NOMEM;
		return;
	}
	for (size_t i = 0; i < nfiles; i++) {
		char err[400];
		s->rc = s->parse(s->files[i].name, (const char *)s->files[i].text,
				 (char *)s->items + s->n * s->size, err, sizeof(err));
		if (s->rc) {
			log_error("%s", err);
			return;
		}
		s->n++;
	}
	sort_by_name(s);
	for (size_t i = 0; i < s->n; i++) {
		const char *name = name_at(s, i);
		if (!name) {
			log_error("%s: a file gives no name", s->what);
			s->rc = ERR_INVALID;
		} else if (i && name_at(s, i - 1) && !strcmp(name, name_at(s, i - 1))) {
			log_error("%s: two are named %s", s->what, name);
			s->rc = ERR_INVALID;
		}
	}
}

/* One lock for every set: a set loads once, at startup. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

int embedded_set_ready(struct embedded_set *s)
{
	if (!atomic_load_explicit(&s->loaded, memory_order_acquire)) {
		pthread_mutex_lock(&load_lock);
		if (!atomic_load_explicit(&s->loaded, memory_order_relaxed)) {
			embedded_set_load(s);
			atomic_store_explicit(&s->loaded, true, memory_order_release);
		}
		pthread_mutex_unlock(&load_lock);
	}
	return s->rc;
}

size_t embedded_set_count(struct embedded_set *s)
{
	return embedded_set_ready(s) ? 0 : s->n;
}

const void *embedded_set_at(struct embedded_set *s, size_t i)
{
	return i < embedded_set_count(s) ? (const char *)s->items + i * s->size : NULL;
}

const void *embedded_set_find(struct embedded_set *s, const char *name)
{
	size_t n = embedded_set_count(s);
	for (size_t i = 0; name && i < n; i++) {
		const char *k = name_at(s, i);
		if (k && !strcmp(k, name))
			return (const char *)s->items + i * s->size;
	}
	return NULL;
}
