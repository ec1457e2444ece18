/*
 * clock.c: working time over a calendar (clock.h).
 */
#include "domain/support/clock.h"

#include "domain/common/instant.h"

#define MIN_MS 60000LL
#define DAY_MS 86400000LL

/* The weekday of local day number day: 0 = Sunday (1970-01-01 was a
 * Thursday). */
static int wday_of(int64_t day)
{
	int64_t w = (day + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* Working ms of a weekday. */
static int64_t day_work(const struct support_calendar *c, int wday)
{
	int64_t w = 0;
	for (int i = 0; i < c->nintervals[wday]; i++)
		w += (c->intervals[wday][i][1] - c->intervals[wday][i][0]) * MIN_MS;
	return w;
}

static int64_t week_work(const struct support_calendar *c)
{
	int64_t w = 0;
	for (int d = 0; d < 7; d++)
		w += day_work(c, d);
	return w;
}

/* The index of the first holiday >= day. */
static int holiday_lower(const struct support_calendar *c, int64_t day)
{
	int lo = 0, hi = c->nholidays;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (c->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool support_clock_holiday(const struct support_calendar *c, int64_t day)
{
	int i = holiday_lower(c, day);
	return i < c->nholidays && c->holidays[i] == day;
}

/* Working ms of the days [d1, d2) (d1 <= d2), holidays left out. */
static int64_t days_work(const struct support_calendar *c, int64_t d1, int64_t d2)
{
	int64_t weeks = (d2 - d1) / 7, w = weeks * week_work(c);
	for (int64_t d = d1 + weeks * 7; d < d2; d++)
		w += day_work(c, wday_of(d));
	for (int i = holiday_lower(c, d1); i < c->nholidays && c->holidays[i] < d2; i++)
		w -= day_work(c, wday_of(c->holidays[i]));
	return w;
}

/* Working ms of local day `day` before ms_in_day (0 on a holiday). */
static int64_t work_before(const struct support_calendar *c, int64_t day, int64_t ms_in_day)
{
	if (support_clock_holiday(c, day))
		return 0;
	int wd = wday_of(day);
	int64_t w = 0;
	for (int i = 0; i < c->nintervals[wd]; i++) {
		int64_t s = c->intervals[wd][i][0] * MIN_MS, e = c->intervals[wd][i][1] * MIN_MS;
		if (ms_in_day > s)
			w += (ms_in_day < e ? ms_in_day : e) - s;
	}
	return w;
}

int64_t support_clock_between(const struct support_calendar *c, int64_t a_ms, int64_t b_ms)
{
	if (b_ms <= a_ms)
		return 0;
	int64_t off = (int64_t)c->offset * 1000;
	int64_t ta = a_ms + off, tb = b_ms + off;
	int64_t da = instant_day(a_ms, c->offset, NULL, NULL);
	int64_t db = instant_day(b_ms, c->offset, NULL, NULL);
	return days_work(c, da, db) - work_before(c, da, ta - da * DAY_MS) +
	       work_before(c, db, tb - db * DAY_MS);
}

int64_t support_clock_add(const struct support_calendar *c, int64_t from_ms, int64_t work_ms)
{
	int64_t ww = week_work(c);
	if (ww <= 0)
		return INT64_MAX;
	if (work_ms < 0)
		work_ms = 0;
	int64_t off = (int64_t)c->offset * 1000;
	int64_t day = instant_day(from_ms, c->offset, NULL, NULL);
	int64_t at = from_ms + off - day * DAY_MS; /* ms into the local day */
	int64_t left = work_ms;
	for (;;) {
		/* Whole weeks at once: from the start of a day, while more
		 * than a week's work is left, skip the whole weeks it
		 * certainly spans (their holidays given back). */
		if (at == 0 && left > ww) {
			int64_t n = (left - 1) / ww;
			left -= days_work(c, day, day + n * 7);
			day += n * 7;
			continue;
		}
		if (!support_clock_holiday(c, day)) {
			int wd = wday_of(day);
			for (int i = 0; i < c->nintervals[wd]; i++) {
				int64_t s = c->intervals[wd][i][0] * MIN_MS;
				int64_t e = c->intervals[wd][i][1] * MIN_MS;
				if (at >= e)
					continue;
				int64_t start = at > s ? at : s;
				if (left <= e - start)
					return day * DAY_MS + start + left - off;
				left -= e - start;
				at = e;
			}
		}
		day++;
		at = 0;
	}
}
