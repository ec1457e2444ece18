/*
 * year_result.h: the year-end computation over every gradebook of a
 * school year (`tabula report-cards compute`): each student's overall
 * result by their school's policy, stored in year_results (which a report
 * card shows, report_card.h).
 */
#ifndef TABULA_DOMAIN_YEAR_RESULT_H
#define TABULA_DOMAIN_YEAR_RESULT_H

#include "domain/teaching/gradebook.h"

struct db;

/* The year-end computation over every gradebook of a school year, in
 * pages: call gb_year_page() in write jobs until ctx->done. Each page reads
 * up to `page` rows in key order, computes each complete student's year
 * result by their school's policy (under vn-tt27 with the term II
 * qualities, read for the page's students in the same key order) and
 * stores it in year_results. The ctx owns malloc'ed tables:
 * gb_year_release() frees them. */
struct gb_year {
	int school_year;
	int page;      /* rows per page; 0: 20000 */
	int64_t after; /* last person done */
	bool done;
	int64_t students, rows, incomplete, skipped;
	/* private */
	int64_t *school_ids;
	signed char *school_policy;
	int nschools;
	struct gb_year_subject *subjects;
	int64_t nsubjects;
	void *buf, *qbuf;
};
int gb_year_page(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
void gb_year_release(struct gb_year *y);

/* Compute and store the year results of y->school_year, a page per write
 * transaction, until done (for the command line: it waits for each
 * commit). The first failure, or ERR_OK; y's counters say what was done.
 * Release y with gb_year_release. */
int gb_year_compute(struct db *db, struct gb_year *y) __attribute__((warn_unused_result));

#endif
