/*
 * guardian.h: the accounts linked to a student as guardians (the guardians
 * table; access_student reads it to let a guardian see a child).
 *
 * Reading the links is a read of the student (whoever may read it, audited
 * as guardian.list). Linking and unlinking are writes on the student:
 * registrars reaching its school, audited as guardian.add / guardian.remove
 * (refused: recorded after the write is undone, actor.h). Linking gives the
 * account the guardian role if it lacks it; unlinking leaves the role (the
 * account may be linked to other children; without links it reaches
 * nothing).
 */
#ifndef TABULA_DOMAIN_GUARDIAN_H
#define TABULA_DOMAIN_GUARDIAN_H

#include "core/err.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"

struct actor;
struct db;
struct db_conn;

/* The stable name of a relation ("mother", "father", "guardian", "other"),
 * as a static string, or NULL if s names none. */
const char *guardian_relation(const char *s);

/* One link; strings in the actor's arena, or static. */
struct guardian_link {
	const char *username;
	const char *relation;
	int64_t since; /* Unix seconds */
};

/* In a write: link account user_id to student person_id (both exist) as
 * `relation` (static), by account `by` (0: the command line), at `now`.
 * ERR_CONFLICT if they are linked already. */
int guardian_link_insert(struct db_conn *c, int64_t person_id, int64_t user_id,
			 const char *relation, int64_t now, int64_t by)
	__attribute__((warn_unused_result));

/*
 * The links of a student, as a read by `by`. *d says whether it was
 * allowed: if not (an absent student too), p says 404 not_found and no
 * link is read. Either way `audit` is the entry to make durable before
 * answering. ERR_OK once decided; an error if the store failed.
 */
struct guardian_list {
	struct actor *by;
	int64_t student;
	/* out */
	struct access_decision d;
	struct audit_entry audit;
	struct guardian_link *items; /* the actor's arena */
	int n;
	struct problem p;
};
int guardian_list(struct db *db, struct guardian_list *x) __attribute__((warn_unused_result));

/* Link or unlink the account `username` and the student. Link: 422
 * invalid (relation), unknown_user; 409 duplicate_guardian. Unlink: 404
 * not_linked (an unknown account too). */
struct guardian_change {
	struct actor *by;
	int64_t student;
	const char *username;
	const char *relation; /* link: the name given (422 invalid if it names no
			       * relation), replaced by its static name */
	/* out */
	int64_t since;
	struct problem p;
};
int guardian_link_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
int guardian_unlink_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
