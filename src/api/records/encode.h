/*
 * encode.h: the JSON of records that the records resources share
 * (records.c, listing.c).
 */
#ifndef TABULA_API_RECORDS_ENCODE_H
#define TABULA_API_RECORDS_ENCODE_H

#include <jansson.h>

#include "core/arena.h"

struct record_row;

/* Unix seconds as an ISO 8601 string in a. */
const char *records_iso_time(struct arena *a, int64_t t);

/* A string, or null. */
json_t *records_opt_str(const char *s);

/* A record as lists show it (not the credential): a new reference. */
json_t *records_summary_json(struct arena *a, const struct record_row *r);

#endif
