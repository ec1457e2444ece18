/*
 * report.h: the help desk's reports per level (docs/support.md, "Reports").
 *
 * A report covers the tickets FILED in an org's subtree (their origin org
 * is the org or below it) and CREATED in [from, to). For them, at the
 * instant `now` of the request:
 *   created     how many
 *   open        status open, answered or waiting
 *   overdue     open and next_due_ms <= now
 *   breached    breached (overdue at the ministry)
 *   resolved    resolved_at_ms set (resolved, and closed after it)
 *   escalated   escalated at least once; escalation_rate = escalated /
 *               created (3 decimals; null when none was created)
 *   median_first_answer_hours  the median over answered tickets of the
 *               working time from creation to the first staff answer
 *   median_resolution_hours    the median over resolved tickets of the
 *               working time from creation to resolution minus waited_ms
 *               (the working time spent waiting for the requester)
 *   (working time: support_clock_between in the org's country calendar;
 *   hours with one decimal; the median of an even count is the mean of
 *   the two middle values; null when there is none)
 *   satisfaction  count of rated tickets, mean score (2 decimals, null
 *               when none), distribution of the scores 1..5
 * The same figures for each child org (tickets filed in its subtree) and
 * for each category of the country.
 *
 * One path for both stores: the counts are added up per origin org and
 * category in SQL and summed per group here; the instants of the answered
 * and resolved tickets are streamed and their working time computed here.
 *
 * Who: support staff reaching the org (SUPPORT_STAFF held at it or an
 * ancestor). Another's subtree (a sibling district): 403 out_of_scope.
 */
#ifndef TABULA_DOMAIN_SUPPORT_REPORT_H
#define TABULA_DOMAIN_SUPPORT_REPORT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/role.h"

struct db;
struct db_conn;

/* The longest period a report covers. */
#define REPORT_SPAN_MAX_MS (10LL * 366 * 24 * 3600 * 1000)

/* The figures of one group of tickets. */
struct report_totals {
	int64_t created, open, overdue, breached, resolved, escalated;
	double escalation_rate;	      /* < 0: none created */
	double median_first_answer_h; /* < 0: none */
	double median_resolution_h;   /* < 0: none */
	int64_t rated;
	double mean_score; /* < 0: none rated */
	int64_t scores[5];
};

struct report_group {
	const char *code, *name, *kind; /* a child org; a category: code and names (JSON) */
	struct report_totals t;
};

struct report {
	/* in */
	const struct principal *who;
	const char *org_code;
	const char *from_text, *to_text; /* RFC 3339 or YYYY-MM-DD (local); NULL: defaults */
	int64_t now_ms;
	struct arena *arena;
	/* out */
	const char *org_name, *org_kind, *country;
	int offset; /* the country zone's, seconds east of UTC */
	int64_t from_ms, to_ms;
	struct report_totals totals;
	struct report_group *children;
	int nchildren;
	struct report_group *categories;
	int ncategories;
	struct problem p;
};

/*
 * Compute report x: from defaults to 30 days before to, to to now. 404
 * unknown_org, 403 out_of_scope, 422 invalid (from, to: not an instant)
 * or report_period (to not after from, or more than 10 years after).
 */
int report_compute(struct db *db, struct report *x) __attribute__((warn_unused_result));

/* The counting figures (created, open, overdue, breached, resolved,
 * escalated, rated, the sum of scores) of the same tickets in SQL alone,
 * for the benchmark that compares the two; no scope check. */
struct report_raw {
	const char *org_code;
	int64_t from_ms, to_ms, now_ms;
	int64_t created, open, overdue, breached, resolved, escalated, rated, score_sum;
};
int report_raw_totals(struct db *db, struct report_raw *x) __attribute__((warn_unused_result));

#endif
