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
 *  - every request and decision is audited;
 *  - the staff of the session's office list the requests of the session
 *    (exam_remark_list_read), pending or decided, page by page: each row
 *    read is audited (exam_remark_list); staff who see the session but do
 *    not reach its office get 403, others 404.
 */
#ifndef TABULA_DOMAIN_EXAMS_REMARK_H
#define TABULA_DOMAIN_EXAMS_REMARK_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;
struct audit_entry;

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

/* One request in a session's list. Scores in hundredths; new_score -1 and
 * decided_at 0 while pending. */
struct exam_remark_item {
	int64_t id, registration_id, person_id;
	const char *subject, *status; /* "requested", "decided" */
	const char *candidate_number; /* NULL: none */
	const char *given_name, *family_name, *school;
	int old_score, new_score;
	int64_t requested_at, decided_at; /* Unix ms */
};

/* The requests of session_id with status (NULL: all; "requested" or
 * "decided") and an id above after, at most limit, oldest first; more
 * when there are others. Strings and arrays in by->arena. */
struct exam_remark_list {
	int64_t session_id;
	const char *status;
	int64_t after;
	int limit;
	/* out */
	struct exam_remark_item *items;
	int n;
	bool more;
	int offset;		   /* the session's zone's, seconds: for the instants */
	struct audit_entry *audit; /* one per item, durable before the answer */
	size_t naudit;
	struct problem p;
};
int exam_remark_list_read(struct db *db, const struct actor *by, struct exam_remark_list *x)
	__attribute__((warn_unused_result));

#endif
