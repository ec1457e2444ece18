/*
 * subject.h: the reference subjects of each country and school level
 * (seeded by sql/migrations/0007_teaching.sql), with their Persian or
 * Vietnamese names and English beside.
 */
#ifndef TABULA_DOMAIN_SUBJECT_H
#define TABULA_DOMAIN_SUBJECT_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

struct subject {
	int64_t id;
	const char *country, *level, *code, *name, *name_en;
	bool scored; /* vn-tt22: scored (else by comment); vn-tt27: has a periodic test */
	int units;   /* ir-20 weight; 0 when none */
};

/* Read the current row of a query that starts with the `subject` columns
 * (subject.sql), by name; strings in a. ERR_NOMEM if a is exhausted. */
int subject_read(struct db_res *res, struct arena *a, struct subject *s)
	__attribute__((warn_unused_result));

/* The subject with this code for a country and level. ERR_INVALID
 * "unknown_subject" on `field` if none. */
int subject_get(struct db_conn *c, struct arena *a, const char *country, const char *level,
		const char *code, const char *field, struct subject *out, struct problem *p)
	__attribute__((warn_unused_result));

/* The reference subjects of a country and a level ("" or NULL: any), in
 * the order of their lists; *items in a. */
int subject_list_read(struct db *db, struct arena *a, const char *country, const char *level,
		      struct subject **items, int *n) __attribute__((warn_unused_result));

#endif
