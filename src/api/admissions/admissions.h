/*
 * admissions.h: what the admissions resources share.
 */
#ifndef TABULA_API_ADMISSIONS_H
#define TABULA_API_ADMISSIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct req;

/* Answer with round id as `r`'s caller reads it now, with `status` (201:
 * and its Location); the members of extra (may be NULL; the reference is
 * taken) are added to it. */
void admissions_reply_round(struct req *r, int status, int64_t id, json_t *extra);

/* Answer with application id as `r`'s caller reads it now (audited). */
void admissions_reply_application(struct req *r, int status, int64_t id);

/* Add where application stands (review.h: status, documents, reviews,
 * missing_documents) to its JSON j; nothing when v is NULL. */
struct verification;
void admissions_verification_json(json_t *j, const struct verification *v);

/* The ?review=pending|returned|verified filter of a round's list into
 * *out (0: none; else the application_status + 1), or answer 422
 * invalid and return false. */
bool admissions_review_filter_or_reply(struct req *r, int *out);

struct application;
/* Add "offer", and when read alone "waitlists" and "appeals", to j, the
 * JSON of application a (offers.c). */
void admissions_offer_members(json_t *j, const struct application *a);

struct appeal;
/* An appeal as the API shows it (offers.c). */
json_t *admissions_appeal_json(const struct appeal *ap);

#endif
