/*
 * student.h: the student registry: one record per student for life.
 *
 * A student is a person (identity: country, national id, names, birth date,
 * sex) with enrolments (a school, grade and school year each). Validation and
 * normalisation follow DESIGN.md: Iranian national-code checksum, Vietnamese
 * CCCD structure against birth date and sex, Persian and Arabic-Indic digits
 * to ASCII, Arabic yeh/kaf to Persian, Unicode NFC.
 *
 * The files: student.c (validation, reads, create and edit),
 * student_store.c (the person rows and their search keys, batches of them),
 * student_search.c (search and lists), student_merge.c (merging a
 * duplicate), student_history.c (the lifelong history).
 */
#ifndef TABULA_DOMAIN_STUDENT_H
#define TABULA_DOMAIN_STUDENT_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

#define STUDENT_NAME_MAX  100 /* characters, per name */
#define STUDENT_KEY_MAX	  512 /* bytes of a folded search key */
#define STUDENT_CLASS_MAX 32

struct actor;
struct access_decision;
struct audit_entry;

/* What a caller sends to create (or, with nulls, edit) a student. Strings may
 * hold Persian digits and Arabic letters: student_prepare normalises them. */
struct student_input {
	const char *country;
	const char *national_id; /* may be NULL: flagged for duplicate review */
	const char *sector_id;
	const char *given_name;
	const char *family_name;
	const char *birth_date; /* ISO 8601 date */
	const char *sex;	/* F or M (female/male accepted) */
	const char *school;	/* org code */
	int64_t grade;
	const char *school_year; /* "2025-2026" */
	const char *class_name;
};

/* A validated, normalised student ready to store. */
struct student_new {
	char country[3];
	char national_id[16]; /* "" when unknown */
	char sector_id[33];
	char given_name[4 * STUDENT_NAME_MAX + 1];
	char family_name[4 * STUDENT_NAME_MAX + 1];
	char key_fg[STUDENT_KEY_MAX]; /* folded "family given" */
	char key_gf[STUDENT_KEY_MAX]; /* folded "given family" */
	/* key_fg, ' ', birth date and sex ("nguyen van an 2014-05-02M"): the
	 * person's "family given" search key in person_names, and the exact key
	 * that finds likely duplicates (schema 0006). */
	char dup_key[STUDENT_KEY_MAX + 16];
	char birth_date[11];
	char sex[2];
	int grade;
	int school_year; /* start year */
	char class_name[4 * STUDENT_CLASS_MAX + 1];
	char school[33];
};

/* A student as read back; strings in the arena given to the reader. */
struct student {
	int64_t id;
	const char *country, *national_id, *sector_id;
	const char *given_name, *family_name, *birth_date, *sex;
	const char *status, *review;
	int64_t merged_into;
	int64_t created_at, updated_at;
	const char *school, *school_path;
	int64_t school_id;
	int grade; /* 0 if not enrolled now */
	const char *class_name;
	int school_year;	/* 0 if not enrolled now */
	const char *cursor_key; /* name searches: the key this row matched */
};

/* An org as the registry needs it. */
struct org_ref {
	int64_t id;
	char kind[16];
	char path[512];
	char country[3];
	char level[24];
};

/* ---- validation (student.c) ---- */

/* Validate and normalise, without the database. Fills p (field named) and
 * returns ERR_INVALID on the first fault. */
int student_prepare(const struct student_input *in, struct student_new *s, struct problem *p)
	__attribute__((warn_unused_result));

/* A date as a clerk types it (Persian or Arabic-Indic digits allowed) into
 * out as YYYY-MM-DD. ERR_INVALID with p on `field` if it is not a real
 * date. */
int student_date_parse(const char *typed, const char *field, char out[11], struct problem *p)
	__attribute__((warn_unused_result));

/* Look up a school by code: ERR_INVALID on field "school" if it is not a
 * school. */
int school_ref(struct db_conn *c, const char *code, struct org_ref *out, struct problem *p)
	__attribute__((warn_unused_result));

/* school_ref, then the school must be within who's reach for a list
 * (ACCESS_LIST, decided in d): P_OUT_OF_SCOPE on field "school" if not. */
int school_ref_listable(struct db_conn *c, const struct principal *who, const char *code,
			struct org_ref *out, struct access_decision *d, struct problem *p)
	__attribute__((warn_unused_result));

/* Check the grade fits the school's level (when the school has one). */
int student_grade_fits(const struct org_ref *school, const char *country, int grade,
		       struct problem *p) __attribute__((warn_unused_result));

/* ---- storage (student_store.c) ---- */

/*
 * Store a prepared student at a school inside a write job: the person, its
 * search keys and its first (current) enrolment. A national id already held
 * is ERR_CONFLICT naming the existing record in p->ext ("existing_id"); a
 * student without a national id whose folded name, birth date and sex match
 * another record is stored but flagged review = "possible_duplicate".
 * *flagged (may be NULL) says so.
 */
int student_insert(struct db_conn *c, const struct student_new *s, const struct org_ref *school,
		   int64_t *id, bool *flagged, struct problem *p)
	__attribute__((warn_unused_result));

/*
 * Search keys of a batch of students stored in one write job, inserted
 * together in key order at its end (student_batch_flush) rather than one
 * student at a time: random keys sorted land on neighbouring B-tree pages,
 * which makes a bulk import's commits write fewer pages (import.md). While
 * deferred, the keys are still seen by the batch's own likely-duplicate
 * checks. It points into the student_new records given to it, which must
 * outlive the flush. Owned by the caller: student_batch_init / _release.
 */
struct student_batch {
	struct student_batch_key *keys; /* the rows to insert */
	size_t nkeys, cap;		/* cap: 2 per student */
	uint32_t *slots;		/* hash of dup keys: index + 1 into keys, 0 free */
	size_t nslots;			/* a power of two, at least twice cap */
};

int student_batch_init(struct student_batch *b, size_t students)
	__attribute__((warn_unused_result));
void student_batch_release(struct student_batch *b);
/* Forget the keys (a new write job, or a retried one). */
void student_batch_reset(struct student_batch *b);

/* student_insert, with the search keys deferred into b (at most the number
 * of students b was made for, between two flushes). */
int student_insert_batched(struct db_conn *c, struct student_batch *b, const struct student_new *s,
			   const struct org_ref *school, int64_t *id, bool *flagged,
			   struct problem *p) __attribute__((warn_unused_result));

/* Insert the deferred keys in key order, then forget them. Inside the same
 * write job as the inserts, so the job stores whole students or nothing. */
int student_batch_flush(struct db_conn *c, struct student_batch *b)
	__attribute__((warn_unused_result));

/*
 * A child registered from home for an admission (admissions/child.h):
 * the identity fields of in prepared as student_prepare does (no school,
 * grade or year), then stored with status "applicant", owned by the
 * office office_id (a district or province), without an enrolment. The
 * national id and likely duplicates are checked as student_insert does
 * (ERR_CONFLICT duplicate_national_id with existing_id in p; *flagged).
 */
int student_prepare_applicant(const struct student_input *in, struct student_new *s,
			      struct problem *p) __attribute__((warn_unused_result));
int student_insert_applicant(struct db_conn *c, const struct student_new *s, int64_t office_id,
			     int64_t *id, bool *flagged, struct problem *p)
	__attribute__((warn_unused_result));

/* Apply an edit (fields of in that are non-NULL) to the identity of
 * student id inside a write job: a merged record is refused (merged), the
 * country never changes (immutable), a national id held by another record
 * is duplicate_national_id. */
int student_update(struct db_conn *c, int64_t id, const struct student_input *in, struct problem *p)
	__attribute__((warn_unused_result));

/* ---- reads (student.c) ---- */

/* Read one student. ERR_NOTFOUND if absent. */
int student_get(struct db_conn *c, struct arena *a, int64_t id, struct student *out)
	__attribute__((warn_unused_result));

/* Fetch student id and decide whether actor `by` may read it (d). An absent
 * student is decided as refused, like one out of scope, and is not an
 * error: ERR_OK with d->allowed false. */
int student_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
		    struct access_decision *d) __attribute__((warn_unused_result));

/* student_read_as for a read of one school year: *year as asked, or (0)
 * the student's current one; when neither is known, P_REQUIRED on
 * "school_year" in p. A refusal is ERR_OK with d->allowed false. */
int student_year_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
			 struct access_decision *d, int *year, struct problem *p)
	__attribute__((warn_unused_result));

/* Read the current row of a result that starts with the `student` columns
 * of student.sql (C_STUDENT__*); strings go into a. */
int student_read_row(struct db_res *res, struct arena *a, struct student *s)
	__attribute__((warn_unused_result));

/* Student id as stored now, on a reader of db, strings in a; no access
 * decision: the answer to a write its actor was allowed to make.
 * ERR_NOTFOUND if absent. */
int student_load(struct db *db, struct arena *a, int64_t id, struct student *out)
	__attribute__((warn_unused_result));

/* An audited read of one student by an actor. */
struct student_view {
	struct student s;	   /* ERR_OK: the student (strings in by's arena) */
	struct audit_entry *audit; /* the read's entry, in by's arena; NULL if none */
	struct problem p;
};

/*
 * GET /students/{id}: read student id for `by`: ERR_OK with the student
 * when by may read it; ERR_NOTFOUND (p: not_found) when it is absent or out
 * of by's reach, which look alike. Either way out->audit is the entry
 * ("student.read") to make durable before answering. Another error (the
 * store failing) leaves no entry.
 */
int student_read(struct db *db, struct actor *by, int64_t id, struct student_view *out)
	__attribute__((warn_unused_result));

/* ---- writes (student.c) ---- */

/*
 * In a write job: may `by` do `action` to student id? The student must
 * exist (else a refusal is noted and p says 404 not_found); then
 * actor_may_write_student decides, audits or notes the refusal.
 */
int student_may_write(struct db_conn *c, struct actor *by, int64_t id, const char *action,
		      struct problem *p) __attribute__((warn_unused_result));

/* POST /students: register a prepared student (student_prepare) at its
 * school. `by` must reach the school as a registrar (else 403 out_of_scope
 * on "school", the refusal noted); the grade must fit the school. */
struct student_create {
	struct student_new s;
	struct actor *by;
	int64_t id;   /* the new student */
	bool flagged; /* stored as a likely duplicate */
	struct problem p;
};
int student_create_tx(struct db_conn *c, void *ctx);

/* PATCH /students/{id}: edit identity fields (non-NULL ones of `in`). */
struct student_edit {
	int64_t id;
	struct student_input in; /* strings in by's arena (student_edit_prepare) */
	struct actor *by;
	struct problem p;
};

/* Fill x->in from `in`, whose strings may die before the write (copied into
 * x->by's arena). Placement (school, grade, school year, class) is not
 * edited: use_enrolments. */
int student_edit_prepare(struct student_edit *x, const struct student_input *in)
	__attribute__((warn_unused_result));
int student_edit_tx(struct db_conn *c, void *ctx);

/* ---- search (student_search.c) ---- */

/* Search and list; see student_search(). */
struct student_query {
	const char *q;	   /* name prefix or national id; NULL: list */
	int64_t school_id; /* 0: any */
	int grade;	   /* 0: any */
	bool review_only;  /* only records flagged for review (needs school) */
	int limit;	   /* 1..500 */
	const char *after; /* cursor from a previous page, or NULL */
	const char *scope; /* org path prefix searches without a school stay in ("/": all) */
};

struct student_page {
	struct student *items;
	int n;
	const char *next; /* cursor for the next page, or NULL at the end */
};

/* One page of students, keyset-paged. Name searches go in name order, other
 * lists in id order. ERR_INVALID on a bad cursor (field "after"). */
int student_search(struct db_conn *c, struct arena *a, const struct student_query *q,
		   struct student_page *out, struct problem *p) __attribute__((warn_unused_result));

/* Fold a query for name search into [lo, hi) bounds of the key range. */
int student_name_range(const char *q, char *lo, char *hi, size_t len)
	__attribute__((warn_unused_result));

/*
 * GET /students: what an actor may list. Staff search their subtree (in
 * SQL, so pages are full); guardians and students, and staff asking for
 * `linked`, list the records their account is linked to (id order, the
 * cursor an id). Every item is decided again for `by` (several grants
 * search their common ancestor); those it may not list are left out of
 * the page, and each one listed has its audit entry.
 */
struct student_list {
	struct student_query q;	   /* q, grade, review_only, limit, after */
	const char *school;	   /* a school's code, or NULL */
	bool linked;		   /* the account's own children and record */
	struct student_page page;  /* out: the items by may list */
	struct audit_entry *audit; /* out: page.n entries, in by's arena */
	struct problem p;
};
int student_list(struct db *db, struct actor *by, struct student_list *x)
	__attribute__((warn_unused_result));

/* ---- merges (student_merge.c) ---- */

/*
 * POST /students/{keep}/merge: merge record `duplicate` into `keep`. `by`
 * must be allowed to change both (student_may_write; the duplicate unknown
 * is 422 unknown_student). The duplicate is marked merged (pointing at
 * keep), loses its national id (keep gets it if it had none), its open
 * enrolment is closed, and both histories stay readable from keep.
 */
struct student_merge {
	int64_t keep, duplicate;
	struct actor *by;
	struct problem p;
};
int student_merge_tx(struct db_conn *c, void *ctx);

/* A merge as the history lists it. */
struct student_merge_entry {
	int64_t kept, merged;
	int64_t merged_at;
};

/* The merges person_id took part in (kept or merged), oldest first, into an
 * array in a. */
int student_merges_of(struct db_conn *c, struct arena *a, int64_t person_id,
		      struct student_merge_entry **out, size_t *n)
	__attribute__((warn_unused_result));

#endif
