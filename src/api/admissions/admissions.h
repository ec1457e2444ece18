/*
 * admissions.h: what the admissions resources share.
 */
#ifndef TABULA_API_ADMISSIONS_H
#define TABULA_API_ADMISSIONS_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Answer with round id as `r`'s caller reads it now, with `status` (201:
 * and its Location); the members of extra (may be NULL; the reference is
 * taken) are added to it. */
void admissions_reply_round(struct req *r, int status, int64_t id, json_t *extra);

/* Answer with application id as the caller reads it now (its audit entry
 * durable first), with `status` (201: and its Location). */
void admissions_reply_application(struct req *r, int status, int64_t id);

struct application;
/* Add "offer", and when read alone "waitlists" and "appeals", to j, the
 * JSON of application a (offers.c). */
void admissions_offer_members(json_t *j, const struct application *a);

struct appeal;
/* An appeal as the API shows it (offers.c). */
json_t *admissions_appeal_json(const struct appeal *ap);

#endif
