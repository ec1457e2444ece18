/*
 * review_json.h: the evidence and the reviews of a registration as JSON
 * (review_json.c), for the answers of evidence.c, reviews.c and the
 * registration's own.
 */
#ifndef TABULA_API_EXAMS_REVIEW_JSON_H
#define TABULA_API_EXAMS_REVIEW_JSON_H

#include <jansson.h>

#include "http/request.h"

struct exam_evidence_item;
struct exam_review_view;

/* When the request arrived, Unix milliseconds (taken on the first call). */
int64_t exams_request_ms(struct req *r);

/* {"id","kind","code","media_type","size","sha256","uploaded_at","uploaded_by"} */
json_t *exams_evidence_item_json(const struct exam_evidence_item *it);

/* Set "evidence", "missing_evidence" and "reviews" of registration j. */
void exams_review_members_json(json_t *j, const struct exam_review_view *v);

#endif
