/*
 * instant.h: the registration window of exam sessions and its words
 * (docs/exams.md, "Instants and time zones"). The instants, zones and
 * languages themselves are domain/common/instant.h.
 */
#ifndef TABULA_DOMAIN_EXAMS_INSTANT_H
#define TABULA_DOMAIN_EXAMS_INSTANT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/common/instant.h"

/* The window's refusals in lang, with the instant and the zone's name:
 * when registration opens (not yet open) or when it closed. In a. */
const char *exam_window_detail(struct arena *a, const char *lang, bool closed, int64_t ms,
			       int offset, const char *zone);

/* Where now (Unix ms) falls in [opens, closes): -1 before, 0 in, 1 from
 * closes on. The window is exact: closes - 1 is in, closes is not. */
int exam_window_at(int64_t opens, int64_t closes, int64_t now);

#endif
