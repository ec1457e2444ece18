/*
 * transfer.h: moving a student between schools. The receiving school asks,
 * the sending school approves (or either refuses, with a reason); on approval
 * the move takes effect on the transfer's date: the old enrolment ends that
 * day and a new one at the receiving school starts.
 *
 * A transfer is the data of both schools: an actor reaching either reads
 * it; asking is the receiving school's, approving the sending school's,
 * refusing either's. Every read, list item and decision is an audit entry
 * on the student.
 */
#ifndef TABULA_DOMAIN_TRANSFER_H
#define TABULA_DOMAIN_TRANSFER_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/registry/student.h"

struct transfer {
	int64_t id, person_id;
	const char *from_school, *from_path, *to_school, *to_path;
	const char *date, *status, *reason;
	int64_t requested_at, decided_at; /* decided_at 0 while open */
	int64_t from_id, to_id;
};

/* Ask for a student to move to `to` on `date` (ISO), inside a write job.
 * The student must be enrolled elsewhere now, with no other open request. */
int transfer_request(struct db_conn *c, int64_t person_id, const struct org_ref *to,
		     const char *date, int64_t by_user, int64_t *id, struct problem *p)
	__attribute__((warn_unused_result));

/* Approve (apply) or refuse an open transfer, inside a write job. */
int transfer_approve(struct db_conn *c, int64_t id, int64_t by_user, struct problem *p)
	__attribute__((warn_unused_result));
int transfer_refuse(struct db_conn *c, int64_t id, const char *reason, int64_t by_user,
		    struct problem *p) __attribute__((warn_unused_result));

/* Read one transfer; strings in a. ERR_NOTFOUND if absent. */
int transfer_get(struct db_conn *c, struct arena *a, int64_t id, struct transfer *out)
	__attribute__((warn_unused_result));
/* Read the current row of a result that starts with the `transfer` columns
 * of transfer.sql (C_TRANSFER__*); strings go into a. */
int transfer_read_row(struct db_res *res, struct arena *a, struct transfer *out)
	__attribute__((warn_unused_result));

/* Transfer id as stored now, on a reader of db, strings in a; no access
 * decision: the answer to a write its actor was allowed to make. */
int transfer_load(struct db *db, struct arena *a, int64_t id, struct transfer *out)
	__attribute__((warn_unused_result));

/* Every transfer of person_id and of the records merged into it, oldest
 * first, into an array in a. */
int transfers_of_person(struct db_conn *c, struct arena *a, int64_t person_id,
			struct transfer **out, size_t *n) __attribute__((warn_unused_result));

/*
 * POST /students/{id}/transfers: the receiving school `to` asks for
 * student `student` on `date`. `by` must reach `to` as a registrar (else
 * 403 out_of_scope on "to_school", the refusal noted).
 */
struct transfer_request {
	int64_t student;
	char to[33];   /* the receiving school's code */
	char date[11]; /* YYYY-MM-DD (student_date_parse) */
	struct actor *by;
	int64_t id; /* the new transfer */
	struct problem p;
};
int transfer_request_tx(struct db_conn *c, void *ctx);

/* POST /transfers/{id}/approve and /refuse: decided against the transfer
 * as committed. A transfer `by` may not see is 404 not_found; one it sees
 * but may not decide 403 forbidden (the refusal noted either way). */
struct transfer_decision {
	int64_t id;
	const char *reason; /* NULL: approve; else refuse with it */
	struct actor *by;
	struct problem p;
};
int transfer_decide_tx(struct db_conn *c, void *ctx);

/* An audited read of one transfer. */
struct transfer_view {
	struct transfer t;	   /* ERR_OK: the transfer (strings in by's arena) */
	struct audit_entry *audit; /* the read's entry, in by's arena; NULL if none */
	struct problem p;
};

/* GET /transfers/{id}: ERR_OK with the transfer when `by` reaches either
 * school; ERR_NOTFOUND (p: not_found) when it is absent or out of reach.
 * Either way out->audit is the entry ("transfer.read") to make durable
 * before answering; another error (the store) leaves none. */
int transfer_read(struct db *db, struct actor *by, int64_t id, struct transfer_view *out)
	__attribute__((warn_unused_result));

/*
 * GET /transfers?school=&status=&after=: a school's transfers, newest
 * first, 100 a page. The query's strings are checked here (school
 * required; status "", requested, approved or refused; after a transfer
 * id), then `by` must reach the school (else 403 out_of_scope). Each item
 * has its audit entry ("transfer.list").
 */
struct transfer_list {
	const char *school, *status, *after; /* as given; NULL: absent */
	struct transfer *items;		     /* out: n of them, in by's arena */
	int n;
	const char *next;	   /* out: the cursor of the next page, or NULL */
	struct audit_entry *audit; /* out: n entries, in by's arena */
	struct problem p;
};
int transfer_list(struct db *db, struct actor *by, struct transfer_list *x)
	__attribute__((warn_unused_result));

#endif
