/*
 * reads.h: what the registry's readers share (internal to
 * src/domain/registry/): rows read by name into arena memory, and the
 * audit entries of reads.
 *
 * Columns are named by the generated C_<QUERY>__<COLUMN> (or
 * C_<SHAPE>__<COLUMN>) of build/gen/queries.h. A read of a student's data
 * is answered only once its audit entries are durable; the domain fills
 * them (in the actor's arena) and the API appends them before answering.
 */
#ifndef TABULA_DOMAIN_REGISTRY_READS_H
#define TABULA_DOMAIN_REGISTRY_READS_H

#include "core/arena.h"
#include "db/db.h"
#include "domain/access/actor.h"

/* The text of column `col` copied into a, or NULL when the column is NULL
 * (db_dup reads NULL as ""). For a column that cannot be NULL, NULL means
 * a is exhausted. */
static inline const char *reads_dup_or_null(struct db_res *res, int col, struct arena *a)
{
	return db_null(res, col) ? NULL : db_dup(res, col, a);
}

/*
 * Room for one more item in `items`, an array of *cap items of `size` bytes
 * in arena a of which n are used: items itself when there is room, else a
 * copy twice as large (the old array stays in the arena until it is
 * released). NULL when a is exhausted.
 */
static inline void *reads_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t more = *cap ? 2 * *cap : 16;
	void *bigger = arena_calloc(a, more, size);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, items, n * size);
	*cap = more;
	return bigger;
}

/* The audit entry of by's decision d on `action` (person_id 0: none;
 * subject may be NULL and is borrowed), in by's arena; NULL if the arena
 * is exhausted. */
static inline struct audit_entry *reads_audit_entry(struct actor *by,
						    const struct access_decision *d,
						    const char *action, int64_t person_id,
						    const char *subject)
{
	struct audit_entry *e = arena_calloc(by->arena, 1, sizeof(*e));
	if (e) {
		actor_audit_fill(by, d, action, person_id, e);
		e->subject = subject;
	}
	return e;
}

#endif
