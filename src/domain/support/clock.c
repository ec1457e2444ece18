/*
 * clock.c: the placeholder working-time clock (clock.h): the IR and VN
 * weeks of the contract, no holidays, walked day by day.
 */
#include "core/base.h"
#include "domain/support/clock.h"

#define DAY_MS	  86400000LL
#define MINUTE_MS 60000LL

static bool holiday(const struct support_calendar *c, int64_t day)
{
	for (int i = 0; i < c->nholidays; i++)
		if (c->holidays[i] == day)
			return true;
	return false;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t support_clock_add(const struct support_calendar *c, int64_t from_ms, int64_t work_ms)
{
	int64_t off = (int64_t)c->offset * 1000, local = from_ms + off;
	int64_t day = floor_div(local, DAY_MS);
	for (int guard = 0; guard < 3660; guard++, day++) {
		int wday = (int)(((day + 4) % 7 + 7) % 7);
		if (holiday(c, day))
			continue;
		for (int i = 0; i < c->nintervals[wday]; i++) {
			int64_t s = day * DAY_MS + c->intervals[wday][i][0] * MINUTE_MS;
			int64_t e = day * DAY_MS + c->intervals[wday][i][1] * MINUTE_MS;
			if (e <= local)
				continue;
			int64_t st = s > local ? s : local;
			if (work_ms <= e - st)
				return st + work_ms - off;
			work_ms -= e - st;
		}
	}
	return from_ms + work_ms;
}

int64_t support_clock_between(const struct support_calendar *c, int64_t a_ms, int64_t b_ms)
{
	if (b_ms <= a_ms)
		return 0;
	int64_t off = (int64_t)c->offset * 1000, a = a_ms + off, b = b_ms + off, sum = 0;
	for (int64_t day = floor_div(a, DAY_MS); day * DAY_MS < b; day++) {
		int wday = (int)(((day + 4) % 7 + 7) % 7);
		if (holiday(c, day))
			continue;
		for (int i = 0; i < c->nintervals[wday]; i++) {
			int64_t s = day * DAY_MS + c->intervals[wday][i][0] * MINUTE_MS;
			int64_t e = day * DAY_MS + c->intervals[wday][i][1] * MINUTE_MS;
			if (s < a)
				s = a;
			if (e > b)
				e = b;
			if (e > s)
				sum += e - s;
		}
	}
	return sum;
}

static void span(struct support_calendar *c, int wday, int from_h, int to_h)
{
	int i = c->nintervals[wday]++;
	c->intervals[wday][i][0] = from_h * 60;
	c->intervals[wday][i][1] = to_h * 60;
}

bool support_calendar_load(struct db_conn *conn, struct arena *a, const char *country,
			   struct support_calendar *out, struct problem *pb)
{
	(void)conn;
	(void)a;
	memset(out, 0, sizeof(*out));
	if (country && !strcmp(country, "IR")) {
		out->country = "IR";
		out->offset = 12600;
		for (int d = 0; d <= 6; d++)
			if (d != 4 && d != 5)
				span(out, d, 8, 16);
		span(out, 4, 8, 12);
		return true;
	}
	if (country && !strcmp(country, "VN")) {
		out->country = "VN";
		out->offset = 25200;
		for (int d = 1; d <= 5; d++) {
			span(out, d, 8, 12);
			span(out, d, 13, 17);
		}
		return true;
	}
	problem_set(pb, P_UNKNOWN_COUNTRY, NULL, NULL);
	return false;
}
