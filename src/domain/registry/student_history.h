/*
 * student_history.h: a student's lifelong history: every enrolment and
 * transfer, its own and those of the records merged into it, and the
 * merges.
 */
#ifndef TABULA_DOMAIN_STUDENT_HISTORY_H
#define TABULA_DOMAIN_STUDENT_HISTORY_H

#include "domain/registry/enrolment.h"
#include "domain/registry/student.h"
#include "domain/registry/transfer.h"

struct student_history {
	struct student s; /* the record */
	struct enrolment_entry *enrolments;
	size_t nenrolments;
	struct transfer *transfers;
	size_t ntransfers;
	struct student_merge_entry *merges;
	size_t nmerges;
	struct audit_entry *audit; /* the read's entry, in by's arena; NULL if none */
	struct problem p;
};

/*
 * GET /students/{id}/history, for `by`: ERR_OK with the history when by
 * may read the student; ERR_NOTFOUND (p: not_found) when it is absent or
 * out of reach. Either way out->audit is the entry ("student.history") to
 * make durable before answering; another error (the store) leaves none.
 * Everything is in by's arena.
 */
int student_history_read(struct db *db, struct actor *by, int64_t id, struct student_history *out)
	__attribute__((warn_unused_result));

#endif
