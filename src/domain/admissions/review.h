/*
 * review.h: schools verify what a family sends with an application: each
 * document it uploads (document.h) and each claim that gives a priority
 * (priority.h); the family is told where it stands (docs/admissions.md,
 * "Documents and verification").
 *
 * Items and targets: a current document ("document:<id>"), the claimed
 * area ("claim:area"), each claimed sibling's school
 * ("claim:sibling:<school code>"), each claimed category
 * ("claim:category:<name>").
 *
 * Rules:
 *  - reviewers: the school administrators of a school the application
 *    ranks, and the officers reaching the round's office (REVIEWERS);
 *    teachers never. Others who read the application get 403 forbidden,
 *    anyone else 404 not_found;
 *  - a review is "verified" or "returned" (a reason of 1..500 characters
 *    required when returned); each is kept (who, when, decision, reason)
 *    and the latest per target counts;
 *  - a family that changes a claim resets its item to pending (a
 *    "pending" row in the trail); a new upload of a kind is a new
 *    document, pending until reviewed;
 *  - until the seal (409 round_sealed after);
 *  - the application's status: "returned" when a current item's latest
 *    review returned it; else "verified" when every current item is
 *    verified, none is missing and there is at least one; else
 *    "submitted".
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_REVIEW_H
#define TABULA_DOMAIN_ADMISSIONS_REVIEW_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/access/role.h"

struct db;
struct db_conn;
struct priority_claims;

#define REVIEW_TARGET_MAX 128 /* bytes of a target */
#define REVIEW_REASON_MAX 500 /* characters of a reason */

/* Who reviews (reaching a ranked school, or the round's office). */
#define REVIEWERS                                                          \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN))

enum review_target_kind {
	REVIEW_DOCUMENT, /* document:<id> */
	REVIEW_AREA,	 /* claim:area */
	REVIEW_SIBLING,	 /* claim:sibling:<school code> */
	REVIEW_CATEGORY, /* claim:category:<name> */
};

struct review_target {
	enum review_target_kind kind;
	int64_t document; /* REVIEW_DOCUMENT: the id, > 0 */
	const char *name; /* REVIEW_SIBLING, REVIEW_CATEGORY: points into the text */
	size_t name_len;
};

/*
 * Parse target text s (untrusted, NUL-terminated): one of the four forms,
 * a document id a decimal number 1 .. 2^63 - 1 without sign or leading
 * zero, a name of 1..64 bytes of [A-Za-z0-9_.-]. false if it is none.
 */
bool review_target_parse(const char *s, struct review_target *out);

enum review_state { REVIEW_PENDING, REVIEW_VERIFIED, REVIEW_RETURNED };
/* "pending", "verified", "returned". */
const char *review_state_name(enum review_state s);
/* The state named s, false if none (a decision is verified or returned). */
bool review_state_parse(const char *s, enum review_state *out);

/* The state of target of application app now: its latest review's
 * decision, REVIEW_PENDING when never reviewed. */
int review_latest(struct db_conn *c, int64_t app, const char *target, enum review_state *out)
	__attribute__((warn_unused_result));

/* One item of an application and its latest review. */
struct review_item {
	const char *target;
	enum review_state state;
	const char *reason; /* the latest review's, or NULL */
	int64_t at;	    /* its time, 0: never reviewed */
	const char *by;	    /* its author's username, or NULL */
};

enum application_status {
	APPLICATION_SUBMITTED,
	APPLICATION_RETURNED,
	APPLICATION_VERIFIED,
};
/* "submitted", "returned", "verified". */
const char *application_status_name(enum application_status s);
/* The status named s, false if none. */
bool application_status_parse(const char *s, enum application_status *out);
/* The status of n current items with nmissing required documents not
 * uploaded (the rules above). No I/O. */
enum application_status review_status(const struct review_item *items, int n, int nmissing);

/* Item target of application app as its latest review left it, into
 * *out (strings in a). */
int review_item_read(struct db_conn *c, struct arena *a, int64_t app, const char *target,
		     struct review_item *out) __attribute__((warn_unused_result));

/* A document as the family and the schools see it. */
struct review_document {
	int64_t id;
	const char *kind, *media_type, *sha256;
	int64_t size, uploaded_at;
	struct review_item item; /* its review */
};

/* Where an application stands (read with it). */
struct verification {
	enum application_status status;
	struct review_document *documents; /* current, one per kind, by kind */
	int ndocuments;
	struct review_item *claims; /* the claims' items */
	int nclaims;
	const char **missing; /* required kinds not uploaded */
	int nmissing;
};

/*
 * The verification of application id in round round_id with claims
 * (stored text or NULL), read through c into *out (in a).
 */
int verification_read(struct db_conn *c, struct arena *a, int64_t id, int64_t round_id,
		      const char *claims, struct verification **out)
	__attribute__((warn_unused_result));

/* Review an item (work function). */
struct review_create {
	struct actor *by;
	int64_t application_id;
	const char *target, *decision, *reason;
	struct problem p;
};
int review_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * After a family's edit of application id (org org_id) from claims `old`
 * to `now` (stored texts or NULL): the items that are new or changed go
 * back to pending (a row by user at t).
 */
int review_claims_reset(struct db_conn *c, struct arena *a, int64_t id, int64_t org_id,
			const char *old, const char *now, int64_t t, int64_t user)
	__attribute__((warn_unused_result));

/* Keep of claims only those whose item's latest review is verified (the
 * seal of a round with verify_claims). */
int review_claims_verified(struct db_conn *c, struct arena *a, int64_t id,
			   struct priority_claims *claims) __attribute__((warn_unused_result));

/* The trail of application id: every review, oldest first, as `by` may
 * read it (the application's readers and its reviewers; 404 not_found
 * otherwise). */
struct review_trail_entry {
	int64_t id;
	const char *target, *decision, *reason, *by;
	int64_t at;
};
struct review_trail {
	int64_t application_id;
	/* out */
	int64_t person_id;
	struct review_trail_entry *items;
	int n;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int review_trail_read(struct db *db, const struct actor *by, struct review_trail *x)
	__attribute__((warn_unused_result));

#endif
