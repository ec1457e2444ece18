/*
 * application.h: applications to an admission round, made from home by a
 * guardian for a linked child (round.h, docs/admissions.md).
 *
 * Rules:
 *  - only an account linked to the child as its guardian (the registry's
 *    guardians table, access_student) applies and edits; anyone else gets
 *    404 not_found when the child is out of their sight, 403 forbidden
 *    when it is not (staff);
 *  - the child attends a school under the round's office (422
 *    outside_round_area on "student");
 *  - only while the round is open: before, 409 round_not_open; from
 *    closes_at on, 409 round_closed;
 *  - 1 to max_choices distinct schools of the round, most wanted first
 *    (422 required / too_many on "choices", school_not_in_round or
 *    duplicate on "choices[i]");
 *  - one application per child and round (409 duplicate_application);
 *  - a create with an Idempotency-Key the same account used before returns
 *    that application and changes nothing (a retried POST makes one);
 *  - every edit is a new version; each version is kept with its author.
 * Reads: the child's guardians and staff reaching the child's school, and
 * staff reaching the round's office; a round's list: staff reaching the
 * office see every application, staff of one of its schools those that
 * rank their school. Every read of a child's application is audited.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_APPLICATION_H
#define TABULA_DOMAIN_ADMISSIONS_APPLICATION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/admissions/round.h"

struct db;
struct db_conn;

#define APPLICATION_KEY_MAX 200

/* One version of an application. */
struct application_version {
	int version;
	const char **choices;
	int nchoices;
	int64_t created_at;
	const char *created_by; /* username, or NULL */
};

struct application {
	int64_t id, round_id, person_id;
	const char *given_name, *family_name;
	int version;
	const char **choices; /* school codes, most wanted first */
	int nchoices;
	int64_t created_at, updated_at;
	bool placed_known;	   /* the round has run */
	const char *placed_school; /* its result: the school's code, or NULL: unplaced */
	int64_t lottery;
	const char *claims; /* priority claims (priority.h) as JSON, or NULL */
	/* As the last run stored them (placement.h), or NULL: the groups
	 * sealed for this application, and the round's cutoffs. */
	const char *priority, *cutoffs;
	struct application_version *versions; /* oldest first; NULL in lists */
	int nversions;
	/* Its documents, reviews and status (review.h); NULL if not read. */
	struct verification *verification;
	/* Its offer (offer.h): "offered", "accepted", "declined", or NULL:
	 * none; when it last changed; the school a waitlist move came from. */
	const char *offer_status;
	int64_t offer_at;
	const char *moved_from;
	/* Read with one application (NULL in lists): its places on the
	 * waitlists of the schools ranked above its offer, and its appeals. */
	struct offer_waitlist *waitlists;
	int nwaitlists;
	struct appeal *appeals;
	int nappeals;
};

/*
 * Check a ranked list against round r: 1..r->max_choices distinct schools
 * of the round. p names the field at fault ("choices" or "choices[i]",
 * the latter in a). No I/O.
 */
int application_choices_check(const struct round *r, const char *const *choices, int n,
			      struct arena *a, struct problem *p)
	__attribute__((warn_unused_result));

/* The choices as stored ("S1,S2"), in a; NULL if memory ran out. */
const char *application_choices_join(struct arena *a, const char *const *choices, int n);
/* The stored text split into codes, in a. ERR_OK or ERR_NOMEM. */
int application_choices_split(struct arena *a, const char *text, const char ***out, int *n)
	__attribute__((warn_unused_result));

/* Apply (work function for the group commit). x->id gets the application;
 * x->replayed says it was made by an earlier request with the same key. */
struct application_create {
	struct actor *by;
	int64_t round_id, student;
	const char **choices;
	int nchoices;
	const char *key;    /* Idempotency-Key, or NULL */
	const char *claims; /* compact JSON (priority.h), or NULL: none */
	/* out */
	int64_t id;
	bool replayed;
	struct problem p;
};
/*
 * Check claims (compact JSON or NULL) against round r's priorities
 * (priority_claims_check): siblings at schools of the round, categories
 * the round defines.
 */
int application_claims_check(const struct round *r, const char *claims, struct arena *a,
			     struct problem *p) __attribute__((warn_unused_result));

int application_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * May `by` act for child person_id as its guardian (action and subject for
 * the audit)? Only an account linked to the child as a guardian. Refused:
 * noted on the actor, p says 404 not_found on "student" (the child is out
 * of sight) or 403 forbidden. *school_path gets the child's school's path.
 */
int application_guardian_decide(struct db_conn *c, struct actor *by, int64_t person_id,
				const char *action, const char *subject, const char **school_path,
				struct access_decision *d, struct problem *p)
	__attribute__((warn_unused_result));

/* Replace the ranked list of application id (work function): a new
 * version. */
struct application_edit {
	struct actor *by;
	int64_t id;
	const char **choices;
	int nchoices;
	const char *claims; /* replace the claims when claims_given */
	bool claims_given;
	struct problem p;
};
int application_edit_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* An application with its versions, as `by` may read it (else 404
 * not_found); audit is the entry to make durable before answering. */
struct application_view {
	int64_t id;
	struct application a;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int application_view_read(struct db *db, const struct actor *by, struct application_view *x)
	__attribute__((warn_unused_result));

/* A page of a round's applications, in id order after `after` (0: from
 * the start), at most `limit`; audit[0..naudit) are the entries (one per
 * child shown) to make durable before answering. 404 not_found for a
 * round by may not read, 403 forbidden for one they read but whose
 * applications are not theirs to list. */
struct application_list {
	int64_t round_id, after;
	int limit;
	/* A round's list: only the applications of this status + 1
	 * (review.h's enum application_status), 0: all. */
	int review;
	struct application *items;
	int n;
	bool more;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int application_list_read(struct db *db, const struct actor *by, struct application_list *x)
	__attribute__((warn_unused_result));

/* The applications of the children linked to by's account (a guardian),
 * newest first, at most x->limit, of round x->round_id (0: every round);
 * audit[0..naudit) as for application_list_read. Nobody else has any. */
int application_mine_read(struct db *db, const struct actor *by, struct application_list *x)
	__attribute__((warn_unused_result));

#endif
