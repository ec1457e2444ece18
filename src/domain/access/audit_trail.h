/*
 * audit_trail.h: a student's audit trail, read as an audited, scoped read.
 */
#ifndef TABULA_DOMAIN_AUDIT_TRAIL_H
#define TABULA_DOMAIN_AUDIT_TRAIL_H

#include "domain/access/actor.h"
#include "domain/access/audit.h"

struct db;

/* One entry of a student's trail. */
struct audit_item {
	int64_t id; /* the row's id: the trail's cursor */
	struct audit_entry e;
};

/*
 * A page of a student's trail, newest first, as a read by `by`: the
 * registrars reaching the student and its guardians (access_student,
 * ACCESS_AUDIT). *d says whether it was allowed: if not (an absent student
 * too), p says 404 not_found or 403 forbidden (the caller may read the
 * student) and nothing is read. Either way `audit` is the entry to make
 * durable before answering. ERR_OK once decided; an error if the store
 * failed.
 */
struct audit_trail {
	struct actor *by;
	int64_t student;
	int64_t after; /* ids below it (INT64_MAX: from the newest) */
	int limit;
	/* out */
	struct access_decision d;
	struct audit_entry audit;
	struct audit_item *items; /* the actor's arena */
	int n;
	int64_t next; /* the cursor of the next page; 0: none */
	struct problem p;
};
int audit_trail(struct db *db, struct audit_trail *x) __attribute__((warn_unused_result));

#endif
