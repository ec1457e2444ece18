/*
 * session.h: exam sessions, their councils and sites, and the priority
 * regions of schools (docs/exams.md, "Sessions").
 *
 * Rules:
 *  - a session runs one pack (pack.h) for an office, a ministry or a
 *    province; only managers reaching that office (ministry_admin,
 *    province_officer) create and change it (403 out_of_scope on "org",
 *    403 forbidden on a change);
 *  - its zone is the body's time_zone or the pack's (instant.h: 422
 *    unknown_time_zone); its window [opens_at, closes_at) is in
 *    milliseconds; instants come with an offset or as local time in the
 *    zone; opens before closes, results_at and remarks_close_at (if given)
 *    after closes_at and in that order (422 invalid on the field). A window
 *    already past is accepted (a session entered late, and the tests of
 *    the closing millisecond);
 *  - councils: 1 to 100, each a code of the pack's council_digits digits,
 *    unique, a name, and a province under the office; sites: each a code
 *    unique in the session, a council of the session, a school under that
 *    council's province, 1 to 10000 rooms, free_candidates true or false;
 *  - who sees a session: staff whose grant reaches its office or is held
 *    under it; a candidate whose school is under its office.
 * Regions: province officers and ministry admins set the priority region
 * of the upper-secondary schools they reach (PUT /exams/regions), one of
 * the regions of every pack (422 unknown_region); a school without one
 * counts as its pack's default region (KV3).
 */
#ifndef TABULA_DOMAIN_EXAMS_SESSION_H
#define TABULA_DOMAIN_EXAMS_SESSION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/exams/pack.h"

struct db;
struct db_conn;

#define EXAM_NO_INSTANT	      INT64_MIN
#define EXAM_COUNCILS_MAX     100
#define EXAM_SITES_MAX	      5000
#define EXAM_SESSION_MANAGERS (ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER))

struct exam_council {
	const char *code, *name, *org, *org_path;
	int64_t org_id;
};

struct exam_site {
	int64_t id, school_id;
	const char *code, *council, *school, *school_path, *name;
	int64_t rooms;
	bool free_candidates;
};

struct exam_session {
	int64_t id, org_id;
	const char *org, *org_path, *pack, *name, *time_zone;
	int offset;			      /* the zone's, in seconds */
	int64_t opens_at, closes_at;	      /* Unix ms */
	int64_t results_at, remarks_close_at; /* or EXAM_NO_INSTANT */
	int64_t created_at, assigned_at;      /* Unix ms; assigned_at 0: not yet */
	struct exam_council *councils;	      /* NULL in lists */
	int ncouncils;
	struct exam_site *sites; /* NULL in lists */
	int nsites;
};

/* "upcoming", "open" or "closed" at now (Unix ms). */
const char *exam_session_status(const struct exam_session *s, int64_t now);

/* A session to create, or a change (ids and instants as the body gave
 * them: the zone reads them). */
struct exam_council_in {
	const char *code, *name, *org;
};
struct exam_site_in {
	const char *code, *council, *school, *name;
	int64_t rooms;
	bool free_candidates;
};
struct exam_session_create {
	struct actor *by;
	int64_t id; /* out for a create; the session for a change */
	const char *org, *pack, *name, *time_zone;
	const char *opens_at, *closes_at, *results_at, *remarks_close_at; /* NULL: absent */
	bool results_at_given, remarks_close_at_given; /* a change: null clears */
	struct exam_council_in *councils;
	int ncouncils;
	struct exam_site_in *sites;
	int nsites;
	/* out: the session as a read shows it */
	struct exam_session s;
	struct problem p;
};
int exam_session_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
int exam_session_edit_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A session with its councils and sites, by id, in a. ERR_NOTFOUND. */
int exam_session_get(struct db_conn *c, struct arena *a, int64_t id, struct exam_session *out)
	__attribute__((warn_unused_result));
/* The same without councils and sites (councils NULL): what the hot paths
 * (a registration, a list) need. */
int exam_session_get_row(struct db_conn *c, struct arena *a, int64_t id, struct exam_session *out)
	__attribute__((warn_unused_result));

/* May p see session s (session.h's rule)? candidate_path: the path of the
 * school of the caller's own person record, or NULL. */
bool exam_session_visible(const struct principal *p, const struct exam_session *s,
			  const char *candidate_path);

/* The school path of the caller's own person record (a candidate), or
 * NULL when the account has none. */
int exam_candidate_school_path(struct db_conn *c, const struct actor *by, const char **path)
	__attribute__((warn_unused_result));

/* One session as by may see it (else 404 not_found). */
struct exam_session_view {
	int64_t id;
	struct exam_session s;
	struct problem p;
};
int exam_session_view_read(struct db *db, const struct actor *by, struct exam_session_view *x)
	__attribute__((warn_unused_result));

/* The sessions by sees, newest window first; a candidate sees those of
 * their school's offices that have not closed. */
struct exam_session_list {
	struct exam_session *items;
	int n;
	struct problem p;
};
int exam_session_list_read(struct db *db, const struct actor *by, struct exam_session_list *x)
	__attribute__((warn_unused_result));

/* Set the priority regions of schools (work function). */
struct exam_region_in {
	const char *org, *region;
};
struct exam_regions_set {
	struct actor *by;
	struct exam_region_in *items;
	int n;
	struct problem p;
};
int exam_regions_set_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
