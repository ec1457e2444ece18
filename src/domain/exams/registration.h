/*
 * registration.h: candidates' registrations for an exam session
 * (docs/exams.md, "Registration").
 *
 * Rules:
 *  - a candidate registers themself: an account with the candidate role
 *    whose own person record (users.person_id) is at a school under the
 *    session's office (else 403 not_a_candidate, 404 not_found);
 *  - only in the window, exact to the millisecond: `now` is the instant the
 *    request arrived; now < opens_at: 409 registration_not_open (member
 *    "opens_at"); now >= closes_at: 409 registration_closed (member
 *    "closes_at"); the detail gives the instant in the reader's language
 *    and calendar (instant.h);
 *  - subjects by the pack's combination rule on the chosen track, the
 *    exemptions for chosen subjects, a category of the pack or none
 *    (pack.h; 422 unknown_category on "category");
 *  - the region by the region rule (region.h) as of the day of now in the
 *    session's zone, recomputed at each version; bonus = the region's
 *    points + the category's (each kind counts once, so only its highest);
 *  - one registration per person and session (409 duplicate_registration);
 *    its receipt number is "<session>-<7-digit person id><check digit>"
 *    (exam_receipt_number: known before the row is written, unique in the
 *    session as the person is);
 *  - a create with an Idempotency-Key the account used before answers the
 *    first answer (the registration as its first version made it) and
 *    changes nothing;
 *  - every edit is a new version, kept with its author; a returned
 *    or confirmed registration, once edited, is submitted again.
 * Reads: the candidate; the guardians linked to them; staff reaching the
 * candidate's school or the session's office (the list: by school for the
 * first, all for the second). Every read and write is audited.
 */
#ifndef TABULA_DOMAIN_EXAMS_REGISTRATION_H
#define TABULA_DOMAIN_EXAMS_REGISTRATION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/exams/region.h"
#include "domain/exams/session.h"

struct db;
struct db_conn;
struct exam_review_view;

#define EXAM_KEY_MAX	  200
#define EXAM_SUBJECTS_MAX PACK_SUBJECTS_MAX

struct exam_registration_version {
	int version;
	const char *track;
	const char *subjects, *exemptions;  /* JSON arrays of codes */
	const char *category;		    /* or NULL */
	const char *region, *region_school; /* as this version computed them */
	int64_t bonus;
	int64_t created_at;
	const char *created_by; /* username, or NULL */
};

struct exam_registration {
	int64_t id, session_id, person_id, org_id;
	const char *kind, *number, *track;
	int version;
	const char *subjects, *exemptions;  /* JSON arrays of codes */
	const char *category;		    /* or NULL */
	const char *region, *region_school; /* region_school NULL: none decided */
	int region_points;
	int64_t bonus; /* hundredths */
	const char *status, *status_reason;
	int64_t created_at, updated_at; /* Unix ms */
	const char *given_name, *family_name, *birth_date, *national_id, *sex;
	const char *school, *school_name, *school_path;
	/* Set by the room assignment; NULL / 0 before. */
	const char *candidate_number, *site;
	int64_t room, seat;
	/* The session's zone, for the instants. */
	const char *time_zone;
	int offset;
	struct exam_registration_version *versions; /* oldest first; NULL in lists */
	int nversions;
	/* Its evidence and reviews (review.h), in the one registration's read;
	 * NULL elsewhere. */
	struct exam_review_view *review;
};

/* "<session>-<id, 7 digits or more><Luhn check digit>", in a; id is the
 * person's. */
const char *exam_receipt_number(struct arena *a, int64_t session_id, int64_t id);

/* The window's refusal at now (Unix ms) for session s in lang (instant.h),
 * or ERR_OK while it is open. */
int exam_window_check(const struct exam_session *s, int64_t now, const char *lang, struct arena *a,
		      struct problem *p) __attribute__((warn_unused_result));

/* What a candidate chooses (the body of a create or an edit). */
struct exam_choice {
	const char *track; /* NULL: the pack's default */
	const char **subjects;
	int nsubjects;
	const char **exemptions;
	int nexemptions;
	const char *category; /* NULL: none */
};

/*
 * What a candidate's own registration needs from the registry, read on a
 * reader before the write (exam_registration_prepare_read), so that the
 * writer's transaction holds only the writes: the session, the person and
 * the school they register through, whether they may register (a problem
 * kept for the write, which answers a retry's first answer before it), the
 * region by the rule as of the day of `now`. The registry as it stood when
 * the request arrived decides, as the window does.
 */
struct exam_registration_pre {
	bool ready;	  /* read; else the write reads for itself */
	int rc;		  /* ERR_OK, or the problem's err (in p) */
	struct problem p; /* no such session, not eligible */
	struct exam_session s;
	const char *given_name, *family_name, *birth_date, *national_id, *sex;
	int64_t school_id;
	const char *school, *school_name, *school_path;
	struct exam_region_result region;
	int64_t region_school_id;
	const char *region_school;
};

/* Register (work function for the group commit). */
struct exam_registration_create {
	struct actor *by;
	int64_t session_id;
	int64_t now;	  /* when the request arrived, Unix ms */
	const char *lang; /* the reader's language, for the window's detail */
	const char *key;  /* Idempotency-Key, or NULL */
	struct exam_choice in;
	/* A free candidate registered by a site's staff (free_candidate.h,
	 * which decided the caller): the person and the site's school; kind
	 * "free". 0: the candidate registers themself. */
	int64_t for_person, for_school;
	/* The registry's part, read before the write (a candidate's own). */
	struct exam_registration_pre pre;
	/* out: the registration as the answer shows it; replayed: made by an
	 * earlier request with the same key (r is then its first version) */
	bool replayed;
	struct exam_registration r;
	struct problem p;
};
int exam_registration_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
/* Fill x->pre on a reader for a candidate registering themself (x->by,
 * x->session_id, x->now set). ERR_OK when read (x->pre.rc may hold a
 * problem for the write to answer), or the store's error. */
int exam_registration_prepare_read(struct db *db, struct exam_registration_create *x)
	__attribute__((warn_unused_result));

/*
 * The shared part of every way a registration is made (a candidate's own,
 * ex-review's free candidates), inside a write: the window at n->now, the
 * choice under the pack's rules for n->kind ("student" or "free"), the
 * region by the rule, the row with its receipt number and version 1.
 * *id gets the registration; *raced says a concurrent request with the
 * same key (of by's account) made it first (*id is then that one, nothing
 * was written). The caller decides who may act and audits the write.
 */
struct exam_registration_new {
	int64_t person_id, org_id; /* org: the school it registers through */
	const char *kind;
	const struct exam_choice *in;
	const char *key; /* Idempotency-Key of by's account, or NULL */
	int64_t now;
	const char *lang;
	/* The region read before the write, or NULL: read it here. */
	const struct exam_region_result *region;
	int64_t region_school_id;
	/* If not NULL, the row as written (what the write knows of it: the
	 * caller adds the person and the school). */
	struct exam_registration *out;
};
int exam_registration_insert(struct db_conn *c, const struct actor *by,
			     const struct exam_session *s, const struct exam_registration_new *n,
			     int64_t *id, bool *raced, struct problem *p)
	__attribute__((warn_unused_result));
/* Registration id as a read shows it (without versions), in a write's
 * transaction: the answer to the write that made or changed it. */
int exam_registration_read_written(struct db_conn *c, struct arena *a, int64_t id,
				   const struct exam_session *s, struct exam_registration *out)
	__attribute__((warn_unused_result));

/* A new version (work function). */
struct exam_registration_edit {
	struct actor *by;
	int64_t id;
	int64_t now;
	const char *lang;
	struct exam_choice in;
	struct exam_registration r;
	struct problem p;
};
int exam_registration_edit_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One registration with its versions as by may read it (else 404); audit:
 * the entry to make durable before answering. */
struct exam_registration_view {
	int64_t id;
	struct exam_registration r;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int exam_registration_view_read(struct db *db, const struct actor *by,
				struct exam_registration_view *x)
	__attribute__((warn_unused_result));

/* A page of registrations: a session's (session_id set; school and status
 * filters), or the caller's own and their children's (session_id 0). */
struct exam_registration_list {
	int64_t session_id, after;
	const char *school; /* code, or NULL */
	const char *status; /* or NULL */
	int limit;
	struct exam_registration *items;
	int n;
	bool more;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int exam_registration_list_read(struct db *db, const struct actor *by,
				struct exam_registration_list *x)
	__attribute__((warn_unused_result));
int exam_registration_mine_read(struct db *db, const struct actor *by,
				struct exam_registration_list *x)
	__attribute__((warn_unused_result));

/* What the registration form starts from: the candidate's person, school,
 * enrolments and region, and the session. */
struct exam_prefill {
	int64_t session_id;
	struct exam_session s;
	const struct exam_pack *pack;
	int64_t person_id;
	const char *given_name, *family_name, *birth_date, *national_id, *sex;
	const char *school, *school_name;
	struct exam_stay *stays;
	int nstays;
	struct exam_region_result region;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int exam_prefill_read(struct db *db, const struct actor *by, struct exam_prefill *x)
	__attribute__((warn_unused_result));

#endif
