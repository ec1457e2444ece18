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

/* Read the current row (subject.sql's column order from col0); strings in a. */
int subject_read_row(struct db_res *res, int col0, struct arena *a, struct subject *s);

/* The subject with this code for a country and level. ERR_INVALID
 * "unknown_subject" on `field` if none. */
int subject_get(struct db_conn *c, struct arena *a, const char *country, const char *level,
		const char *code, const char *field, struct subject *out, struct problem *p);

#endif
