/*
 * remark.h: requests for re-marking and the staff's decisions
 * (docs/exams.md, "Results and re-marking").
 *
 * Rules:
 *  - the candidate themself asks (403 not_a_candidate for anyone else who
 *    may read the registration, 404 for the rest), for subjects they have
 *    a score in (422 unknown_subject on "subjects[i]"), between the
 *    session's results_at and remarks_close_at, exact to the millisecond
 *    (409 remarks_closed outside, or when either is unset);
 *  - one request per subject: asking again for a subject already asked is
 *    no new request (the answer lists it as it stands);
 *  - the managers of the session's office decide: the new score (0..10,
 *    two decimals) replaces the score; the request keeps the old and the
 *    new score, who decided and when (409 already_decided for a second
 *    decision);
 *  - every request and decision is audited.
 */
#ifndef TABULA_DOMAIN_EXAMS_REMARK_H
#define TABULA_DOMAIN_EXAMS_REMARK_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db_conn;

#define EXAM_REMARK_SUBJECTS_MAX 16

struct exam_remark_request {
	struct actor *by;
	int64_t registration_id;
	int64_t now_ms;
	const char *subjects[EXAM_REMARK_SUBJECTS_MAX];
	int nsubjects;
	/* out */
	int created;
	struct problem p;
};
int exam_remark_request_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

struct exam_remark_decision {
	struct actor *by;
	int64_t remark_id;
	int64_t now_ms;
	const char *score; /* text, as exam_score_parse reads it */
	/* out */
	int64_t registration_id;
	const char *subject;
	int old_score, new_score;
	struct problem p;
};
int exam_remark_decide_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
