/*
 * review_json.h: the evidence and the reviews of a registration as JSON
 * (review_json.c), for the answers of evidence.c, reviews.c,
 * free_candidates.c and the registration's own (exams.c).
 */
#ifndef TABULA_API_EXAMS_REVIEW_JSON_H
#define TABULA_API_EXAMS_REVIEW_JSON_H

#include <jansson.h>

struct req;
struct exam_evidence_item;
struct exam_review_view;

/* {"id","kind","code","media_type","size","sha256","uploaded_at","uploaded_by"},
 * the instant at the session's offset (seconds). */
json_t *exams_evidence_item_json(const struct exam_evidence_item *it, int offset);

/* Set "evidence", "missing_evidence" and "reviews" of registration j. */
void exams_review_members_json(json_t *j, const struct exam_review_view *v, int offset);

/* Answer `status` with registration id as the caller reads it (audited),
 * its evidence and reviews included; with extra (the reference is taken,
 * may be NULL) the answer is extra with the registration as its member
 * "registration". */
void exams_registration_reply(struct req *r, int status, int64_t id, json_t *extra);

#endif
