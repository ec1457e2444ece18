/*
 * batch.h: the items of a record batch (record.h), as the workflow
 * (workflow.c) adds them: a draft assembled from the facts, the homeroom
 * teacher's signature over a fresh credential, the principal's beside it.
 * Internal to src/domain/records/.
 *
 * Each function that fails fills b->p and returns its err; items and
 * texts live in b->a.
 */
#ifndef TABULA_DOMAIN_RECORDS_BATCH_H
#define TABULA_DOMAIN_RECORDS_BATCH_H

#include "domain/records/record.h"

/* A new, zeroed item at the batch's end. */
int record_batch_push(struct record_batch *b, struct record_item **out)
	__attribute__((warn_unused_result));
/* Drop the last item pushed (a student left out after all). */
void record_batch_pop(struct record_batch *b);

/* Append id to one of the batch's lists of students left out. */
int record_batch_note(struct record_batch *b, int64_t **list, int *n, int64_t id)
	__attribute__((warn_unused_result));

/* An item for stored row r, as it stands. */
int record_batch_item_of_row(struct record_batch *b, const struct record_row *r,
			     struct record_item **out) __attribute__((warn_unused_result));

/* A new draft item for student s of class k (version, and for a
 * correction the id of the version it corrects, else 0). */
int record_batch_item_new(struct record_batch *b, const struct record_class *k,
			  const struct record_student *s, int version, int64_t previous_id,
			  struct record_item **out) __attribute__((warn_unused_result));

/* The id (urn:uuid:...) a stored correction draft names as its previous
 * version, or NULL. */
const char *record_batch_previous_of(struct record_batch *b, const struct record_row *r);

/* Item it becomes the draft credential of student s (previous: the uuid a
 * correction replaces). *complete: whether the year's results are in. */
int record_batch_draft(struct record_batch *b, const struct record_class *k,
		       const struct record_student *s, const char *previous, struct record_item *it,
		       bool *complete) __attribute__((warn_unused_result));

/* Item it becomes s's credential signed by the homeroom teacher (the
 * batch's signer), or, when the grades changed since its draft was made,
 * a refreshed draft (it->stale). Nothing is signed when the results are
 * not complete (*complete false). */
int record_batch_teacher_sign(struct db_conn *c, struct record_batch *b,
			      const struct record_class *k, const struct record_student *s,
			      const char *previous, struct record_item *it, bool *complete)
	__attribute__((warn_unused_result));

/* Item it (teacher-signed row r) gains the principal's proof, sealed; or,
 * when the grades changed since the teacher signed, becomes a refreshed
 * draft for them (it->stale). */
int record_batch_principal_sign(struct db_conn *c, struct record_batch *b,
				const struct record_class *k, const struct record_student *s,
				const struct record_row *r, const char *previous,
				struct record_item *it) __attribute__((warn_unused_result));

#endif
