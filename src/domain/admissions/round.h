/*
 * round.h: admission rounds: an office (a district or a province) admits
 * children to an entry grade of some of its schools, each with a number of
 * seats, through a window of time; families rank up to max_choices of the
 * schools (application.h); a published seed draws the lottery
 * (docs/admissions.md).
 *
 * Who may do what:
 *  - create: the officers of the office or of an office above it
 *    (ministry_admin, province_officer, district_officer reaching the
 *    owner); every school of the round lies under the owner;
 *  - read: staff whose grant reaches the owner (the office and those
 *    above), and staff inside the round's area (a school administrator or
 *    teacher of a district whose round it is); a guardian once the round has
 *    opened, when one of the linked children attends a school in its area.
 *    Anyone else is answered as if the round did not exist (404).
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_ROUND_H
#define TABULA_DOMAIN_ADMISSIONS_ROUND_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/access/role.h"

struct db;
struct db_conn;
struct db_res;

#define ROUND_NAME_MAX	  200
#define ROUND_SCHOOLS_MAX 1000
#define ROUND_CHOICES_MAX 20
#define ROUND_SEED_MAX	  INT64_C(9007199254740991) /* 2^53 - 1, like the engine's */

/* The roles that create rounds (the offices above schools). */
#define ROUND_OFFICERS                                                     \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER))

/* One school of a round. */
struct round_school {
	const char *code, *name, *path;
	int64_t id;
	int64_t capacity;
};

struct round {
	int64_t id, org_id;
	const char *org, *org_path; /* the owner's code and path */
	const char *name;
	int grade;
	int64_t opens_at, closes_at; /* Unix seconds; open on [opens_at, closes_at) */
	int max_choices;
	int64_t seed;
	int64_t created_at;
	int64_t sealed_at, run_at;		    /* 0: not yet */
	const char *inputs_sha256, *results_sha256; /* hex, or NULL */
	const char *priorities; /* the groups and zones (priority.h) as JSON, or NULL */
	/* The documents asked for (document.h) as JSON, or NULL; whether only
	 * verified claims give a group at the seal (review.h). */
	const char *documents;
	bool verify_claims;
	/* second rounds (second_round.h): the round this one is the second
	 * round of, and the one made from it (0: none); when a second round
	 * closed this round's offers (0: open). */
	int64_t parent_round_id, second_round_id, offers_closed_at;
	const char *rules; /* the rule set's name (rules.h), or NULL */
	struct round_school *schools;
	int nschools;
};

/* Where a round's window stands at `now`. */
enum round_phase {
	ROUND_UPCOMING, /* now < opens_at */
	ROUND_OPEN,	/* opens_at <= now < closes_at */
	ROUND_CLOSED,	/* closes_at <= now */
};
enum round_phase round_phase_at(const struct round *r, int64_t now);
/* "upcoming", "open", "closed". */
const char *round_phase_name(enum round_phase ph);

/*
 * Parse an instant of RFC 3339: "YYYY-MM-DDTHH:MM:SS" then "Z" or an
 * offset "+HH:MM" / "-HH:MM" (a fraction of a second is refused: windows
 * are whole seconds). *out gets Unix seconds. false if s is not one.
 */
bool round_instant_parse(const char *s, int64_t *out);

/* Whether a principal may read a round, with no I/O for staff; a guardian
 * needs the store (c) to see where their children are. ERR_OK with
 * *visible set, or a store failure. */
int round_visible(struct db_conn *c, const struct principal *p, const struct round *r, int64_t now,
		  bool *visible) __attribute__((warn_unused_result));

/* Read round id with its schools, strings in a. ERR_NOTFOUND if absent. */
int round_get(struct db_conn *c, struct arena *a, int64_t id, struct round *out)
	__attribute__((warn_unused_result));

/* Read round id as `by` (round_visible): ERR_NOTFOUND with p (404
 * not_found) when it is absent or out of by's sight. */
int round_load(struct db_conn *c, const struct actor *by, int64_t id, int64_t now,
	       struct round *out, struct problem *p) __attribute__((warn_unused_result));

/* The index of school `code` in r's schools, or -1. */
int round_school_index(const struct round *r, const char *code);

/* ---- operations (the API's) ---- */

/* The input of a create, decoded by the API. */
struct round_school_in {
	const char *code;
	int64_t capacity;
};

/*
 * Create a round (work function for the group commit). Checks, in order:
 * name, grade 1..12, opens_at < closes_at, max_choices 1..ROUND_CHOICES_MAX,
 * seed 0..ROUND_SEED_MAX, 1..ROUND_SCHOOLS_MAX distinct schools with
 * capacities >= 0 (422 with the field: invalid, out_of_range, duplicate);
 * the owner a province or district (422 unknown_org, invalid on "org") the
 * actor's officer roles reach (403 out_of_scope); each school a school
 * (422 unknown_school, not_a_school) under the owner (422
 * outside_round_area on "schools[i].code"); the priorities as
 * priority_rules_check says, each zone's school one of the round's (422
 * school_not_in_round on "priorities.zones.<code>"). x->id gets the new id.
 */
struct round_create {
	struct actor *by;
	const char *org, *name;
	int grade;
	int64_t opens_at, closes_at;
	int max_choices;
	int64_t seed;
	struct round_school_in *schools;
	int nschools;
	/* The priority groups and zones as compact JSON (priority.h), or NULL:
	 * none. On an edit, priorities_given false keeps them as they are. */
	const char *priorities;
	bool priorities_given;
	/* The documents (document.h) as compact JSON, or NULL: none; and
	 * verify_claims. On an edit, *_given false keeps them. */
	const char *documents;
	bool documents_given, verify_claims, verify_claims_given;
	const char *rules; /* a rule set's name (rules.h), or NULL */
	/* out */
	int64_t id;
	struct problem p;
};
int round_create_check(const struct round_create *x, struct problem *p)
	__attribute__((warn_unused_result));
int round_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * Change round x->id before it opens (work function), by the officers who
 * may run it (404 not_found out of sight, 403 forbidden otherwise; 409
 * round_started once it has opened). x holds what the body gives: name
 * NULL, grade 0, an instant INT64_MIN, max_choices 0, seed < 0 and
 * nschools < 0 leave the field as it is; schools given replace them all.
 * The result is checked as a create is.
 */
int round_edit_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A round as `by` sees it (404 not_found otherwise), and its phase now. */
struct round_view {
	int64_t id;
	struct round r;
	enum round_phase phase;
	struct problem p;
};
int round_view_read(struct db *db, const struct actor *by, struct round_view *x)
	__attribute__((warn_unused_result));

/*
 * The rounds `by` may read, newest window first, at most 1000 (without
 * their schools): for staff, those of the offices their grants are bound
 * to and above, and of the offices under them; for a guardian, the rounds
 * that have opened over the schools of the linked children.
 */
struct round_list {
	struct round *items;
	int n;
	struct problem p;
};
int round_list_read(struct db *db, const struct actor *by, struct round_list *x)
	__attribute__((warn_unused_result));

#endif
