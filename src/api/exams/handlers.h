/*
 * handlers.h: the HTTP handlers of exams (one file per resource here).
 * Each part of the capability declares its handlers in a block of its own.
 */
#ifndef TABULA_API_EXAMS_HANDLERS_H
#define TABULA_API_EXAMS_HANDLERS_H

struct req;

/* Packs, sessions and registration (packs.c, sessions.c, regions.c,
 * prefill.c, registrations.c). */
void api_exam_packs_list(struct req *r);
void api_exam_packs_get(struct req *r);
void api_exam_sessions_create(struct req *r);
void api_exam_sessions_list(struct req *r);
void api_exam_sessions_get(struct req *r);
void api_exam_sessions_update(struct req *r);
void api_exam_regions_put(struct req *r);
void api_exam_prefill_get(struct req *r);
void api_exam_registrations_create(struct req *r);
void api_exam_registrations_mine(struct req *r);
void api_exam_registrations_get(struct req *r);
void api_exam_registrations_update(struct req *r);
void api_exam_registrations_list(struct req *r);

/* Evidence, review and free candidates (ex-review): evidence.c, reviews.c,
 * free_candidates.c. */
void api_exam_evidence_upload(struct req *r);
void api_exam_evidence_get(struct req *r);
void api_exam_review_create(struct req *r);
void api_exam_free_candidates_create(struct req *r);
/* Rooms, numbers, cards, results and re-marking (rooms.c, cards.c,
 * scores.c, results.c, remarks.c). */
void api_exam_assign(struct req *r);
void api_exam_rooms(struct req *r);
void api_exam_card_get(struct req *r);
void api_exam_scores_import(struct req *r);
void api_exam_results_get(struct req *r);
void api_exam_remarks_create(struct req *r);
void api_exam_remarks_decide(struct req *r);
/* The pending re-marking list (ex-mend): remarks.c. */
void api_exam_remarks_list(struct req *r);

#endif
