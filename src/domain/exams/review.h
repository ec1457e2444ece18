/*
 * review.h: a school reviews the registrations of its candidates: it
 * confirms them, or returns them with a reason for the candidate to fix
 * (docs/exams.md, "Evidence, review and free candidates").
 *
 * Rules:
 *  - reviewers: the registrars reaching the registration's school (its
 *    school_admin, the school's exam officer, and the officers above it);
 *    others who read the registration (the candidate, the session's
 *    office) get 403 forbidden, anyone else 404 not_found;
 *  - a decision is "confirmed" or "returned" (422 invalid on "decision");
 *    a returned one needs a reason of 1..EXAM_REVIEW_REASON_MAX characters
 *    (422 required on "reason");
 *  - a registration is not confirmed while a claim lacks evidence (409
 *    missing_evidence, the claims in the detail): return it instead;
 *  - until rooms are assigned for the session (409 rooms_assigned);
 *  - each review is kept (who, when, decision, reason) and sets the
 *    registration's status and status_reason (the reason of a return;
 *    none for a confirmation); the candidate's edit of a returned
 *    registration, or new evidence for it, makes it submitted again.
 * Audited exams.review.
 */
#ifndef TABULA_DOMAIN_EXAMS_REVIEW_H
#define TABULA_DOMAIN_EXAMS_REVIEW_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/exams/evidence.h"

struct db_conn;

#define EXAM_REVIEW_REASON_MAX 500 /* characters of a reason */

/* A review (work function). */
struct exam_review_create {
	struct actor *by;
	int64_t registration_id;
	const char *decision, *reason;
	int64_t now_ms; /* when the request arrived */
	struct problem p;
};
int exam_review_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One review of the trail. */
struct exam_review_entry {
	int64_t id;
	const char *decision, *reason, *by;
	int64_t at_ms;
};
/* Every review of registration id, oldest first, into *out (an array in
 * a), *n of them. No access decision: for whoever reads the registration. */
int exam_review_trail(struct db_conn *c, struct arena *a, int64_t id,
		      struct exam_review_entry **out, int *n) __attribute__((warn_unused_result));

/* What the registration JSON shows of the evidence and the reviews. */
struct exam_review_view {
	struct exam_evidence_state evidence;
	struct exam_review_entry *reviews;
	int nreviews;
};
/* The view of registration r, read through c (strings in a). */
int exam_review_view_get(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			 struct exam_review_view *out) __attribute__((warn_unused_result));

/* The same, for registration id (ERR_NOTFOUND if absent): *out a new view
 * in a. For the registration's own read (registration.c). */
int exam_review_view_of(struct db_conn *c, struct arena *a, int64_t id,
			struct exam_review_view **out) __attribute__((warn_unused_result));

#endif
