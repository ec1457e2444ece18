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

#endif
