/*
 * reregistration.h: the yearly re-registration of continuing students
 * (docs/admissions.md, "Re-registration"): no new application, the family
 * confirms the registry's details for the coming school year.
 *
 * A campaign belongs to a school or an office (org) and covers every child
 * enrolled now at a school on or under it, during [opens_at, closes_at).
 *  - open one: a school_admin of the school, or the officers of the org or
 *    above (403 out_of_scope on org otherwise);
 *  - a guardian sees, for each open campaign, each linked child enrolled
 *    under its org, with the details to confirm;
 *  - a guardian linked to the child confirms, with free-text corrections
 *    or none, while the campaign is open (409 campaign_not_open,
 *    campaign_closed); the child must be enrolled under the org (422
 *    not_in_campaign); confirming again makes a new version and every
 *    version is kept; an Idempotency-Key the account used before answers
 *    that confirmation again. Corrections are not written into the
 *    registry: the school acts on them;
 *  - staff reaching the org read the counts (enrolled, confirmed, with
 *    corrections) and the children not yet confirmed, keyset paged; each
 *    child listed is audited.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_REREGISTRATION_H
#define TABULA_DOMAIN_ADMISSIONS_REREGISTRATION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

#define REREG_KEY_MAX	      200
#define REREG_CORRECTIONS_MAX 2000 /* characters */

struct rereg {
	int64_t id;
	const char *org, *org_name, *org_path;
	int school_year; /* start year */
	int64_t opens_at, closes_at, created_at;
};

/* "upcoming", "open" or "closed" at now. */
const char *rereg_phase(const struct rereg *x, int64_t now);

struct rereg_create {
	struct actor *by;
	const char *org, *school_year; /* "2026-2027" */
	int64_t opens_at, closes_at;
	/* out */
	int64_t id;
	struct problem p;
};
int rereg_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One version of a child's confirmation. */
struct rereg_confirmation {
	int version;
	const char *corrections; /* or NULL */
	int64_t created_at;
	const char *created_by; /* username */
};

struct rereg_confirm {
	struct actor *by;
	int64_t campaign_id, student;
	const char *corrections; /* or NULL: none */
	const char *key;	 /* Idempotency-Key, or NULL */
	/* out */
	int64_t id; /* the confirmation (its row) */
	bool replayed;
	struct problem p;
};
int rereg_confirm_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A confirmation as stored, with every version of the child's in that
 * campaign, oldest first (the answer to a confirm; no access decision). */
struct rereg_confirmation_view {
	int64_t id, campaign_id, student;
	int version;
	struct rereg_confirmation *versions;
	int nversions;
	struct problem p;
};
int rereg_confirmation_read(struct db *db, struct arena *a, struct rereg_confirmation_view *x)
	__attribute__((warn_unused_result));

/* A child to confirm, as a guardian sees it. */
struct rereg_item {
	struct rereg campaign;
	int64_t student;
	const char *given_name, *family_name, *birth_date, *sex;
	const char *school, *school_name, *class_name;
	int grade, next_grade; /* next_grade 0: the last grade */
	struct guardian_ref {
		const char *username, *relation;
	} * guardians;
	int nguardians;
	struct rereg_confirmation confirmed; /* version 0: not yet */
};

struct rereg_mine {
	struct rereg_item *items;
	int n;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int rereg_mine_read(struct db *db, const struct actor *by, struct rereg_mine *x)
	__attribute__((warn_unused_result));

/* A campaign as its staff see it: counts and a page of the children not yet
 * confirmed, in id order after `after`. 404 not_found out of reach. */
struct rereg_child {
	int64_t id;
	const char *given_name, *family_name, *school, *class_name;
	int grade;
};
struct rereg_view {
	int64_t id, after;
	int limit;
	struct rereg r;
	int64_t enrolled, confirmed, corrected;
	struct rereg_child *items;
	int n;
	bool more;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int rereg_view_read(struct db *db, const struct actor *by, struct rereg_view *x)
	__attribute__((warn_unused_result));

/* The first campaign of org (a code) for the school year starting in
 * school_year, into *id (0: none). No access decision: the demo's. */
int rereg_find_read(struct db *db, const char *org, int school_year, int64_t *id)
	__attribute__((warn_unused_result));

#endif
