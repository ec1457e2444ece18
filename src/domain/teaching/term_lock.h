/*
 * term_lock.h: a school's term locks. Once the principal locks a term (1
 * or 2) of a school year, its report cards are final: grade, comment and
 * rating saves for it are refused (409 term_locked) until it is unlocked,
 * with a reason. Every lock and unlock is kept (term_lock_events).
 * Registrars reaching the school lock and unlock; staff reaching it read
 * the locks (class_school_load).
 */
#ifndef TABULA_DOMAIN_TERM_LOCK_H
#define TABULA_DOMAIN_TERM_LOCK_H

#include "domain/access/actor.h"
#include "domain/teaching/class.h"
#include "domain/teaching/gradebook.h"

struct db;

/* Is the term (1, 2) of a school year locked at the school? */
int gb_term_locked(struct db_conn *c, int64_t org_id, int school_year, int term, bool *locked)
	__attribute__((warn_unused_result));
/* Lock or unlock a term inside a write job, with the event recorded (an
 * unlock needs its reason). ERR_CONFLICT "already_locked" / "not_locked". */
int gb_term_set(struct db_conn *c, int64_t org_id, int school_year, int term, bool lock,
		const char *reason, int64_t by_user, struct problem *p)
	__attribute__((warn_unused_result));
/* Refuse a save for a locked term of the class's school and year:
 * ERR_CONFLICT "term_locked" on "term". */
int gb_term_open(struct db_conn *c, const struct class_ref *cls, int term, struct problem *p)
	__attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/* A lock or unlock, as the history shows it. */
struct term_lock_event {
	int term;
	const char *action; /* "lock" or "unlock" */
	const char *reason; /* NULL: none */
	const char *by;	    /* username, or NULL */
	int64_t at;	    /* Unix seconds */
};

/* The term locks of a school (org code) for a school year and their
 * history (at most 200 events, oldest first), read by staff reaching the
 * school; 404 not_found for anyone else. Strings in by's arena. */
struct term_locks {
	const char *school;
	int year;
	bool locked[GB_TERMS];
	struct term_lock_event *events;
	int nevents;
	struct problem p;
};
int term_locks_read(struct db *db, const struct actor *by, struct term_locks *x)
	__attribute__((warn_unused_result));

/* Lock (or unlock, with its reason) a term of a school's year, as a work
 * function for the group commit: registrars reaching the school (404 / 403
 * otherwise); 409 already_locked / not_locked. */
struct term_lock_change {
	struct actor *by;
	const char *school;
	int year, term;
	bool lock;
	const char *reason;
	struct problem p;
};
int term_lock_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
