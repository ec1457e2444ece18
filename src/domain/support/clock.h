/*
 * clock.h: working time of a country (docs/support.md, "The clock").
 *
 * The contract's signatures (owned by the clock's part, branch su-clock);
 * this file is the tickets' placeholder until that part lands: the weeks
 * of IR and VN without holidays.
 */
#ifndef TABULA_DOMAIN_SUPPORT_CLOCK_H
#define TABULA_DOMAIN_SUPPORT_CLOCK_H

#include "core/arena.h"
#include "core/err.h"

struct db_conn;

struct support_calendar {    /* one country's working time */
	const char *country; /* IR | VN */
	int offset;	     /* seconds east of UTC of time_zone */
	/* week[wday][i] = [start_min, end_min) local minutes since midnight;
	 * wday 0 = Sunday .. 6 = Saturday */
	int nintervals[7];
	int intervals[7][4][2];
	int nholidays;
	int32_t *holidays; /* sorted day numbers (days since 1970-01-01, local date) */
};

/* The instant at which work_ms of working time has passed from from_ms. */
int64_t support_clock_add(const struct support_calendar *c, int64_t from_ms, int64_t work_ms);
/* Working time in [a_ms, b_ms) in ms (0 if b <= a). */
int64_t support_clock_between(const struct support_calendar *c, int64_t a_ms, int64_t b_ms);
/* Load a country's calendar in a; false + problem when the country has none. */
bool support_calendar_load(struct db_conn *c, struct arena *a, const char *country,
			   struct support_calendar *out, struct problem *pb);

#endif
