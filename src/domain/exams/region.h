/*
 * region.h: the priority region rule (docs/exams.md, "The region rule").
 *
 * A candidate's priority region is the region of the upper-secondary
 * school they attended longest, read from the registry's enrolments: for
 * each school, the days of its enrolments in the pack's grades (10 to 12),
 * each from start_date to end_date (or today, if still open; a stay that
 * starts after today counts nothing), summed. The school with the most
 * days decides; a tie goes to the school attended most recently (the
 * latest last day, then the latest first day, then the higher id, so the
 * answer never depends on the order of the rows). That school's region is
 * exam_regions' row, or the pack's default region (KV3) when it has none;
 * a person with no upper-secondary enrolment has the default region and
 * no deciding school. Points are the pack's, in hundredths.
 */
#ifndef TABULA_DOMAIN_EXAMS_REGION_H
#define TABULA_DOMAIN_EXAMS_REGION_H

#include "domain/exams/pack.h"

/* One enrolment of the person. */
struct exam_stay {
	int64_t school_id;
	const char *school, *school_name;
	const char *region; /* the school's region, or NULL: none set */
	int grade, school_year;
	const char *start_date, *end_date; /* ISO; end NULL: still open */
};

struct exam_region_result {
	int stay;	    /* a stay at the deciding school, or -1: none */
	int64_t days;	    /* its days */
	const char *region; /* the region (borrowed from the stay or the pack) */
	int points;	    /* hundredths */
};

/* Decide the region of stays[0..n) as of today (ISO) under pk's rule.
 * Stays outside the pack's grades or with unreadable dates count nothing.
 * No I/O. */
void exam_region_decide(const struct exam_pack *pk, const struct exam_stay *stays, int n,
			const char *today, struct exam_region_result *out);

#endif
