/*
 * appeal.h: appeals against a placement, and their decisions
 * (docs/admissions.md, "Appeals").
 *
 *  - file: after the round has run (409 round_not_run), the child's
 *    guardian (application_guardian_decide: 404 / 403 otherwise) with a
 *    reason of 1 to APPEAL_REASON_MAX characters (422 required / too_long
 *    on "reason"); one open appeal per application (409 appeal_open);
 *  - list: the officers of the round's office (404 out of sight, 403
 *    seen), all or of one status (422 invalid on "status");
 *  - decide: the same officers, once (409 appeal_decided): "upheld" or
 *    "dismissed" (422 invalid on "decision") with a reason; upheld with a
 *    "school" (a school of the round, 422 school_not_in_round, that the
 *    application ranked above its offer, 422 invalid, while the offers are
 *    open, 409 offers_closed, and not declined, 409 offer_declined) places
 *    the child there on a seat added above capacity; its old seat goes
 *    down the waitlists (offer_resume).
 * Every step is audited; nothing is edited or deleted afterwards.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_APPEAL_H
#define TABULA_DOMAIN_ADMISSIONS_APPEAL_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;
struct application;

#define APPEAL_REASON_MAX 2000

struct appeal {
	int64_t id, round_id, application_id, person_id;
	const char *status; /* "open", "upheld", "dismissed" */
	const char *reason;
	int64_t filed_at;
	/* the decision: decided_at 0 while open */
	int64_t decided_at;
	const char *decided_by, *decision_reason, *school; /* school NULL: none */
};

/* The appeals of app, oldest first, into app->appeals / nappeals (in a). */
int appeal_list_of(struct db_conn *c, struct arena *a, struct application *app)
	__attribute__((warn_unused_result));

/* File an appeal (work function); out gets it as stored. */
struct appeal_file {
	struct actor *by;
	int64_t application_id;
	const char *reason;
	/* out */
	struct appeal out;
	struct problem p;
};
int appeal_file_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Decide appeal id (work function); out gets it as stored, moved the
 * applications a seat added moved. */
struct appeal_decision {
	struct actor *by;
	int64_t id;
	const char *decision, *reason, *school; /* school NULL: none */
	/* out */
	struct appeal out;
	int moved;
	struct problem p;
};
int appeal_decide_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A round's appeals for its officers, in id order after `after`, at most
 * limit, of status (NULL: all); audit[0..n) one entry per child shown. */
struct appeal_list {
	int64_t round_id, after;
	int limit;
	const char *status;
	struct appeal *items;
	int n;
	bool more;
	struct audit_entry *audit;
	struct problem p;
};
int appeal_list_read(struct db *db, const struct actor *by, struct appeal_list *x)
	__attribute__((warn_unused_result));

#endif
