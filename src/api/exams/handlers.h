/*
 * handlers.h: the exams capability's HTTP handlers (issue 13).
 */
#ifndef TABULA_API_EXAMS_HANDLERS_H
#define TABULA_API_EXAMS_HANDLERS_H

#include "http/request.h"

/* Evidence, review and free candidates (ex-review): evidence.c, reviews.c,
 * free_candidates.c. */
void api_exam_evidence_upload(struct req *r);
void api_exam_evidence_get(struct req *r);
void api_exam_review_create(struct req *r);
void api_exam_free_candidates_create(struct req *r);

#endif
