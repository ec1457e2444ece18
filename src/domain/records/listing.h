/*
 * listing.h: lists of records (GET /api/v1/records): a student's, or a
 * school's, as an actor may see them, each record decided on its own (a
 * teacher sees their classes' records of a school they cannot list
 * otherwise), every record shown on the audit log (record.list).
 */
#ifndef TABULA_DOMAIN_RECORDS_LISTING_H
#define TABULA_DOMAIN_RECORDS_LISTING_H

#include "domain/records/record.h"

struct actor;
struct db;

#define RECORD_LIST_MAX 500

/*
 * The records of `student`, or else of `school`, in id order after
 * `after`, at most `limit` (1..RECORD_LIST_MAX), of one school year (0:
 * any). Out, in by's arena: the rows the actor may list and one audit
 * entry each, to be made durable before the answer; `next` is where the
 * following page starts (0: none). A student or school the actor may not
 * read, of which they may list nothing, is answered as absent: found is
 * false, p says 404 and entries[0] records the refusal. Neither student
 * nor school: 422 required.
 */
struct record_listing {
	/* in */
	int64_t student;
	const char *school;
	int year;
	int64_t after;
	int limit;
	/* out */
	int n;
	struct record_row *rows;
	struct audit_entry *entries;
	bool found;
	int64_t next;
	struct problem p;
};
int record_list_as(struct db *db, struct actor *by, struct record_listing *x)
	__attribute__((warn_unused_result));

#endif
