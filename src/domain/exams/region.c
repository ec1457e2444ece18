/*
 * region.c: the priority region rule (region.h).
 */
#include "core/base.h"

#include "domain/common/calendar.h"
#include "domain/exams/region.h"

/* Days from 1970-01-01 to an ISO date, or INT64_MIN if it is not one. */
static int64_t day_of(const char *iso)
{
	int y, m, d;
	if (!iso || !date_parse_iso(iso, &y, &m, &d))
		return INT64_MIN;
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* One school's total. */
struct school_days {
	int64_t school_id, days, last, first;
	int stay;
};

/* Whether a beats b: more days, then the most recent. */
static bool beats(const struct school_days *a, const struct school_days *b)
{
	if (a->days != b->days)
		return a->days > b->days;
	if (a->last != b->last)
		return a->last > b->last;
	if (a->first != b->first)
		return a->first > b->first;
	return a->school_id > b->school_id;
}

void exam_region_decide(const struct exam_pack *pk, const struct exam_stay *stays, int n,
			const char *today, struct exam_region_result *out)
{
	struct school_days totals[64] = {{0}};
	int ntotals = 0;
	int64_t now = day_of(today);
	for (int i = 0; i < n; i++) {
		const struct exam_stay *s = &stays[i];
		if (s->grade < pk->grade_min || s->grade > pk->grade_max)
			continue;
		int64_t start = day_of(s->start_date);
		int64_t end = s->end_date ? day_of(s->end_date) : now;
		if (start == INT64_MIN || end == INT64_MIN)
			continue;
		if (end > now)
			end = now;
		int64_t days = end > start ? end - start : 0;
		int k = 0;
		while (k < ntotals && totals[k].school_id != s->school_id)
			k++;
		if (k == ntotals) {
			if (ntotals == (int)ARRAY_SIZE(totals))
				continue;
			totals[ntotals++] = (struct school_days){.school_id = s->school_id,
								 .last = INT64_MIN,
								 .first = INT64_MIN,
								 .stay = i};
		}
		totals[k].days += days;
		if (end > totals[k].last)
			totals[k].last = end;
		if (start > totals[k].first)
			totals[k].first = start;
	}
	int best = -1;
	for (int k = 0; k < ntotals; k++)
		if (best < 0 || beats(&totals[k], &totals[best]))
			best = k;
	out->stay = -1;
	out->days = 0;
	const char *region = NULL;
	if (best >= 0) {
		out->stay = totals[best].stay;
		out->days = totals[best].days;
		region = stays[out->stay].region;
	}
	if (!region || exam_pack_region_points(pk, region) < 0)
		region = pk->default_region;
	out->region = region;
	out->points = exam_pack_region_points(pk, region);
}
