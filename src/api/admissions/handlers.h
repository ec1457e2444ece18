/*
 * handlers.h: the HTTP handlers of admission rounds and applications (one
 * file per resource here).
 */
#ifndef TABULA_API_ADMISSIONS_HANDLERS_H
#define TABULA_API_ADMISSIONS_HANDLERS_H

struct req;

void api_rounds_create(struct req *r);
void api_rounds_list(struct req *r);
void api_rounds_get(struct req *r);
void api_rounds_update(struct req *r);
void api_rounds_seal(struct req *r);
void api_rounds_run(struct req *r);
void api_rounds_inputs(struct req *r);
void api_applications_create(struct req *r);
void api_applications_list(struct req *r);
void api_applications_get(struct req *r);
void api_applications_mine(struct req *r);
void api_applications_update(struct req *r);
/* Documents and verification (documents.c, reviews.c). */
void api_documents_upload(struct req *r);
void api_documents_get(struct req *r);
void api_reviews_create(struct req *r);
void api_reviews_list(struct req *r);
/* offers, second rounds, appeals (offers.c, second_rounds.c, appeals.c) */
void api_offers_accept(struct req *r);
void api_offers_decline(struct req *r);
void api_second_rounds_create(struct req *r);
void api_appeals_create(struct req *r);
void api_appeals_list(struct req *r);
void api_appeals_decide(struct req *r);
/* Rule sets, new children, the prefilled form, re-registration. */
void api_rules_list(struct req *r);
void api_rules_get(struct req *r);
void api_children_create(struct req *r);
void api_rounds_prefill(struct req *r);
void api_reregistrations_create(struct req *r);
void api_reregistrations_mine(struct req *r);
void api_reregistrations_get(struct req *r);
void api_reregistrations_confirm(struct req *r);

#endif
