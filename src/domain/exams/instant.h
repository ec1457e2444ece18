/*
 * instant.h: the instants of exam sessions, exact to the millisecond, in
 * the session's time zone (docs/exams.md, "Instants and time zones").
 *
 * Stored as Unix milliseconds; shown as RFC 3339 with milliseconds and the
 * zone's offset ("2026-05-13T17:00:00.000+07:00"); read with an offset or
 * as local time without one, in the session's zone. The zones are a table
 * here, not the system's tz database: each with the one offset it has kept
 * since 2022 (Vietnam +07:00 since 1975, Iran +03:30 since it gave up
 * daylight saving time in 2022). A zone that changes its offset again is a
 * new row with the instant of the change. Nothing here reads the clock.
 */
#ifndef TABULA_DOMAIN_EXAMS_INSTANT_H
#define TABULA_DOMAIN_EXAMS_INSTANT_H

#include "core/arena.h"
#include "core/err.h"

/* The offset from UTC, in seconds, of an IANA zone Tabula knows, into
 * *offset; false for any other name. */
bool exam_zone_offset(const char *zone, int *offset);

/*
 * Parse "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+hh:mm", "-hh:mm"
 * or nothing (local time in the zone of offset zone_offset seconds) into
 * Unix milliseconds. Fractions of 1 to 3 digits. false if it is not that.
 */
bool exam_instant_parse(const char *s, int zone_offset, int64_t *ms);

/* ms as "2026-05-13T17:00:00.000+07:00" at offset seconds (at least 30
 * bytes). */
void exam_instant_format(int64_t ms, int offset, char *out, size_t outlen);

/* The civil date ("YYYY-MM-DD") of ms at offset. */
void exam_instant_date(int64_t ms, int offset, char out[11]);

/* The language of Accept-Language header h among fa, vi and en (the
 * first of them it names, by weight then order); "en" by default. */
const char *exam_language(const char *h);

/*
 * The instant ms at offset as people read it in lang, to the minute:
 *   en "17:00 on 13 May 2026"; vi "17:00 ngày 13/05/2026";
 *   fa the Solar Hijri date with Persian digits, "۱۷:۰۰ ۲۳ اردیبهشت ۱۴۰۵".
 * In a; NULL if memory ran out.
 */
const char *exam_instant_words(struct arena *a, const char *lang, int64_t ms, int offset);

/* The window's refusals in lang, with the instant and the zone's name:
 * when registration opens (not yet open) or when it closed. In a. */
const char *exam_window_detail(struct arena *a, const char *lang, bool closed, int64_t ms,
			       int offset, const char *zone);

/* Where now (Unix ms) falls in [opens, closes): -1 before, 0 in, 1 from
 * closes on. The window is exact: closes - 1 is in, closes is not. */
int exam_window_at(int64_t opens, int64_t closes, int64_t now);

#endif
