/*
 * instant.h: instants exact to the millisecond in a fixed zone (docs/exams.md,
 * "Instants and time zones"; docs/support.md, "The clock").
 *
 * Stored as Unix milliseconds; shown as RFC 3339 with milliseconds and the
 * zone's offset ("2026-05-13T17:00:00.000+07:00"); read with an offset or
 * as local time without one, in the zone. The zones are a table here, not
 * the system's tz database: each with the one offset it has kept since 2022
 * (Vietnam +07:00 since 1975, Iran +03:30 since it gave up daylight saving
 * time in 2022). A zone that changes its offset again is a new row with the
 * instant of the change. Nothing here reads the clock.
 */
#ifndef TABULA_DOMAIN_COMMON_INSTANT_H
#define TABULA_DOMAIN_COMMON_INSTANT_H

#include "core/arena.h"
#include "core/err.h"

/* The offset from UTC, in seconds, of an IANA zone Tabula knows, into
 * *offset; false for any other name. */
bool zone_offset(const char *zone, int *offset);

/*
 * Parse "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", "+hh:mm", "-hh:mm"
 * or nothing (local time in the zone of offset zone_offset seconds) into
 * Unix milliseconds. Fractions of 1 to 3 digits. false if it is not that.
 */
bool instant_parse(const char *s, int zone_offset, int64_t *ms);

/* ms as "2026-05-13T17:00:00.000+07:00" at offset seconds (at least 30
 * bytes). */
void instant_format(int64_t ms, int offset, char *out, size_t outlen);

/* The civil date ("YYYY-MM-DD") of ms at offset. */
void instant_date(int64_t ms, int offset, char out[11]);

/* The local day number of ms at offset: days since 1970-01-01 (negative
 * before), and the local minute of that day (0..1439) into *minute and the
 * milliseconds into that minute into *rest when they are not NULL. */
int64_t instant_day(int64_t ms, int offset, int *minute, int *rest);

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d, and back. */
int64_t day_from_civil(int y, int m, int d);
void civil_from_day(int64_t day, int *y, int *m, int *d);

/* The language of Accept-Language header h among fa, vi and en (the
 * first of them it names, by weight then order); "en" by default. */
const char *language_pick(const char *h);

/*
 * The instant ms at offset as people read it in lang, to the minute:
 *   en "17:00 on 13 May 2026"; vi "17:00 ngày 13/05/2026";
 *   fa the Solar Hijri date with Persian digits, "۱۷:۰۰ ۲۳ اردیبهشت ۱۴۰۵".
 * In a; NULL if memory ran out.
 */
const char *instant_words(struct arena *a, const char *lang, int64_t ms, int offset);

#endif
