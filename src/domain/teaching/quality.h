/*
 * quality.h: the qualities and competences of a class's students
 * (vn-tt27), per student and term (gradebook.h holds their stored text):
 * read for the whole class, and one term's saved for the whole class with
 * the refusals of a grade save (a locked term, a student not in the class);
 * a level that replaces another is kept in quality_changes.
 */
#ifndef TABULA_DOMAIN_QUALITY_H
#define TABULA_DOMAIN_QUALITY_H

#include "domain/teaching/class.h"
#include "domain/teaching/gradebook.h"

/* The qualities of a class's students (struct gb_class_qualities). */
int gb_class_qualities(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		       struct gb_class_qualities *out) __attribute__((warn_unused_result));

/* One term's qualities and competences for a whole class, as one write
 * (struct gb_quality_entry each). */
struct gb_quality_save {
	const struct class_ref *cls;
	int term;
	const struct gb_quality_entry *entries;
	int n;
	int64_t by_user;
	/* As in struct gb_save. */
	int (*before_write)(struct db_conn *c, void *ctx, const int64_t *students, int n);
	void *ctx;
};
/* Store them inside a write job, with the refusals of gb_save_class
 * ("term_locked", "grades[i].student"). A level that replaces a different
 * one is recorded in quality_changes. *changed gets the rows rewritten. */
int gb_save_qualities(struct db_conn *c, struct arena *a, const struct gb_quality_save *s,
		      int *changed, struct problem *p) __attribute__((warn_unused_result));

#endif
