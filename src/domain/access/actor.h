/*
 * actor.h: who acts in a domain operation, as the access rules and the
 * audit log see them.
 *
 * The API fills one per request (the caller, the client's address, the
 * request's arena); the command line fills one for its --as user. Domain
 * operations take it instead of anything of HTTP, decide through
 * access.h and record through audit.h:
 *  - an allowed action is appended to the audit log in the operation's own
 *    transaction (actor_audit);
 *  - a refusal inside a write is noted on the actor (actor_refuse): the
 *    write's transaction is undone, so whoever ran it appends the note in a
 *    transaction of its own before answering (the API's api_write does).
 */
#ifndef TABULA_DOMAIN_ACTOR_H
#define TABULA_DOMAIN_ACTOR_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"

struct db;
struct db_conn;

struct actor {
	const struct principal *who; /* NULL: no one signed in */
	const char *ip;		     /* the client's address, or NULL: ask `address` */
	/* Where the address comes from when it is needed (an audit entry, a
	 * throttle key), so that operations that record nothing never format
	 * it; NULL: the address is ip, or "-". */
	const char *(*address)(void *src);
	void *address_src;
	struct arena *arena;	     /* lives as long as the request or command */
	struct audit_entry *refused; /* a refusal noted by a write, or NULL */
};

/* A read made by an actor: fn(c, by, ctx) on a reader connection. */
typedef int (*actor_read_fn)(struct db_conn *c, const struct actor *by, void *ctx);

/* Run fn as work_read does, handing it by; fn's result. */
int actor_work_read(struct db *db, const struct actor *by, actor_read_fn fn, void *ctx)
	__attribute__((warn_unused_result));

/* The actor's address: ip, else what `address` says, else "-". */
const char *actor_ip(const struct actor *a);

/* Fill e for actor a: who, the decision's grant and outcome, the action and
 * the student (0: none). Strings are borrowed. */
void actor_audit_fill(const struct actor *a, const struct access_decision *d, const char *action,
		      int64_t person_id, struct audit_entry *e);

/* After a read of student person_id by a, decided by d: *out is one
 * `action` entry in a's arena, to be durable before the answer; a refusal
 * is answered as absent (p: "No such student."). ERR_OK, or ERR_NOMEM
 * with p. */
int actor_audit_student_read(const struct actor *a, const struct access_decision *d,
			     const char *action, int64_t person_id, struct audit_entry **out,
			     struct problem *p) __attribute__((warn_unused_result));

/* In a write: append the allowed action to the audit log, in this
 * transaction. subject (may be NULL) names other data (an org code). */
int actor_audit(struct db_conn *c, const struct actor *a, const struct access_decision *d,
		const char *action, int64_t person_id, const char *subject)
	__attribute__((warn_unused_result));

/* In a write: note that the write refused a. The entry lives in a's arena;
 * subject may be NULL. ERR_OK or ERR_NOMEM. */
int actor_refuse(struct actor *a, const struct access_decision *d, const char *action,
		 int64_t person_id, const char *subject) __attribute__((warn_unused_result));

/*
 * In a read (or a write): may a `act` on student person_id? The student's
 * school is read through c; an absent student is decided as refused, like
 * one out of scope (the same answer and the same audit entry), and is not
 * an error: ERR_OK with d->allowed false. A store failure is returned.
 */
int actor_may_read_student(struct db_conn *c, const struct actor *a, enum access_action act,
			   int64_t person_id, struct access_decision *d)
	__attribute__((warn_unused_result));

/*
 * In a write: may a `action` on the student (person_id, at school_path)?
 * Allowed: the action is audited in this transaction and ERR_OK returned.
 * Refused: the refusal is noted (actor_refuse) and p says 404 not_found
 * (a may not see the student) or 403 forbidden.
 */
int actor_may_write_student(struct db_conn *c, struct actor *a, int64_t person_id,
			    const char *school_path, const char *action, struct problem *p)
	__attribute__((warn_unused_result));

/* In a write: may a change the data of the organisation at org_path (a
 * school's students, classes, transfers)? Refused: the refusal is noted
 * with `subject` (the org's code) and p says 403 out_of_scope on `field`
 * with `detail`. d (may be NULL) gets the decision. */
int actor_may_write_org(struct actor *a, const char *org_path, const char *action,
			int64_t person_id, const char *subject, const char *field,
			const char *detail, struct access_decision *d, struct problem *p)
	__attribute__((warn_unused_result));

#endif
