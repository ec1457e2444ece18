/*
 * transfer.h: moving a student between schools. The receiving school asks,
 * the sending school approves (or either refuses, with a reason); on approval
 * the move takes effect on the transfer's date: the old enrolment ends that
 * day and a new one at the receiving school starts.
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
		     const char *date, int64_t by_user, int64_t *id, struct problem *p);

/* Approve (apply) or refuse an open transfer, inside a write job. */
int transfer_approve(struct db_conn *c, int64_t id, int64_t by_user, struct problem *p);
int transfer_refuse(struct db_conn *c, int64_t id, const char *reason, int64_t by_user,
		    struct problem *p);

int transfer_get(struct db_conn *c, struct arena *a, int64_t id, struct transfer *out);
int transfer_read_row(struct db_res *res, struct arena *a, struct transfer *out);

#endif
