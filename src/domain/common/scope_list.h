/*
 * scope_list.h: the list of rows (admission rounds, exam sessions) that one
 * reader sees through several scopes, merged.
 *
 * For each staff grant (a ministry admin's without an org reaches "/"),
 * the rows of a query for the org and those under it, then of a query for
 * the orgs above it; the caller adds the rows other readers see (a
 * guardian's children's schools, a candidate's school) with
 * scope_list_add. A row already in the list (by id) is skipped, so grants
 * that overlap list it once; a reader who is not staff gets only the rows
 * `open` keeps. At most `max` rows; the caller sorts them.
 */
#ifndef TABULA_DOMAIN_COMMON_SCOPE_LIST_H
#define TABULA_DOMAIN_COMMON_SCOPE_LIST_H

#include "core/arena.h"
#include "db/db.h"

struct principal;

struct scope_list {
	/* set by the caller */
	size_t size;	  /* bytes of one item */
	size_t id_offset; /* offsetof(item, id): an int64_t */
	int max;	  /* at most this many items */
	/* Read one row into item (strings in a): ERR_OK or an error. */
	int (*read)(struct db_res *res, struct arena *a, void *item);
	/* Whether a reader who is not staff sees item at now (NULL: all). */
	bool (*open)(const void *item, int64_t now);
	int64_t now;
	/* out */
	void *items; /* max + 1 items in the arena (the last one is scratch) */
	int n;
};

/* Room for l->max + 1 items in a: ERR_OK or ERR_NOMEM. */
int scope_list_init(struct scope_list *l, struct arena *a) __attribute__((warn_unused_result));

/* Append the rows of query q (parameters v) not yet in l, those a reader
 * who is not staff may see when !staff. */
int scope_list_add(struct db_conn *c, struct arena *a, struct scope_list *l, enum query_id q,
		   const struct db_val *v, size_t nv, bool staff)
	__attribute__((warn_unused_result));

/* For each staff grant of p, the rows of under (its path twice: the org
 * and those under it) and of over (its path: the orgs above it). */
int scope_list_staff(struct db_conn *c, struct arena *a, const struct principal *p,
		     struct scope_list *l, enum query_id under, enum query_id over)
	__attribute__((warn_unused_result));

#endif
