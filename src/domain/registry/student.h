/*
 * student.h: the student registry: one record per student for life.
 *
 * A student is a person (identity: country, national id, names, birth date,
 * sex) with enrolments (a school, grade and school year each). Validation and
 * normalisation follow DESIGN.md: Iranian national-code checksum, Vietnamese
 * CCCD structure against birth date and sex, Persian and Arabic-Indic digits
 * to ASCII, Arabic yeh/kaf to Persian, Unicode NFC.
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

/* Validate and normalise, without the database. Fills p (field named) and
 * returns ERR_INVALID on the first fault. */
int student_prepare(const struct student_input *in, struct student_new *s, struct problem *p);

/* Look up a school by code: ERR_INVALID on field "school" if it is not a
 * school. */
int school_ref(struct db_conn *c, const char *code, struct org_ref *out, struct problem *p);

/* Check the grade fits the school's level (when the school has one). */
int student_grade_fits(const struct org_ref *school, const char *country, int grade,
		       struct problem *p);

/*
 * Store a prepared student at a school inside a write job: the person, its
 * search keys and its first (current) enrolment. A national id already held
 * is ERR_CONFLICT naming the existing record in p->ext ("existing_id"); a
 * student without a national id whose folded name, birth date and sex match
 * another record is stored but flagged review = "possible_duplicate".
 * *flagged (may be NULL) says so.
 */
int student_insert(struct db_conn *c, const struct student_new *s, const struct org_ref *school,
		   int64_t *id, bool *flagged, struct problem *p);

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

int student_batch_init(struct student_batch *b, size_t students);
void student_batch_release(struct student_batch *b);
/* Forget the keys (a new write job, or a retried one). */
void student_batch_reset(struct student_batch *b);

/* student_insert, with the search keys deferred into b (at most the number
 * of students b was made for, between two flushes). */
int student_insert_batched(struct db_conn *c, struct student_batch *b, const struct student_new *s,
			   const struct org_ref *school, int64_t *id, bool *flagged,
			   struct problem *p);

/* Insert the deferred keys in key order, then forget them. Inside the same
 * write job as the inserts, so the job stores whole students or nothing. */
int student_batch_flush(struct db_conn *c, struct student_batch *b);

/* Read one student. ERR_NOTFOUND if absent. */
int student_get(struct db_conn *c, struct arena *a, int64_t id, struct student *out);

/* Fetch student id and decide whether actor `by` may read it (d). An absent
 * student is decided as refused, like one out of scope, and is not an
 * error: ERR_OK with d->allowed false. */
struct actor;
struct access_decision;
int student_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
		    struct access_decision *d) __attribute__((warn_unused_result));

/* Read the current row of a result in the column order of student.sql. */
int student_read_row(struct db_res *res, struct arena *a, struct student *s);

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
		   struct student_page *out, struct problem *p);

/* Apply an edit (fields of in that are non-NULL) inside a write job. */
int student_update(struct db_conn *c, int64_t id, const struct student_input *in,
		   struct problem *p);

/*
 * Merge record `dup` into `keep` inside a write job: dup is marked merged
 * (pointing at keep), loses its national id (keep gets it if it had none),
 * its open enrolment is closed, and both histories stay readable from keep.
 */
int student_merge(struct db_conn *c, int64_t keep, int64_t dup, int64_t by_user, struct problem *p);

/* Fold a query for name search into [lo, hi) bounds of the key range. */
int student_name_range(const char *q, char *lo, char *hi, size_t len);

#endif
