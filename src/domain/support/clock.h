/*
 * clock.h: working time (docs/support.md, "The clock").
 *
 * Pure functions over a support_calendar (calendar.h): nothing here reads
 * the clock or the store. Instants are Unix milliseconds; working time is
 * counted in milliseconds inside the week's intervals, in the calendar's
 * zone, on days that are not holidays. Whole weeks are counted at once, so
 * a deadline of weeks costs about as much as one of hours.
 */
#ifndef TABULA_DOMAIN_SUPPORT_CLOCK_H
#define TABULA_DOMAIN_SUPPORT_CLOCK_H

#include "core/base.h"
#include "domain/support/calendar.h"

/*
 * The instant at which work_ms of working time has passed from from_ms.
 * Counting starts at the next working instant if from_ms is outside
 * working time; work_ms 0 gives from_ms moved to the next working instant
 * (from_ms itself when it is working time). Work that ends exactly at the
 * end of an interval ends there (12:00, not the 13:00 after lunch).
 * INT64_MAX if the calendar has no working time.
 */
int64_t support_clock_add(const struct support_calendar *c, int64_t from_ms, int64_t work_ms);

/* Working time in [a_ms, b_ms), in ms; 0 if b_ms <= a_ms. */
int64_t support_clock_between(const struct support_calendar *c, int64_t a_ms, int64_t b_ms);

/* Whether local day number day is a holiday of c. */
bool support_clock_holiday(const struct support_calendar *c, int64_t day);

#endif
