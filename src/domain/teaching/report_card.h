/*
 * report_card.h: a student's report card for a school year, computed from
 * the stored gradebook by the school's policy (gradebook.h, grading.h):
 * each subject's result per term and for the year, the overall results,
 * the teacher's comments, the term locks and (vn-tt27) the qualities and
 * competences; beside it, the year result `tabula report-cards compute`
 * stored (year_result.h).
 */
#ifndef TABULA_DOMAIN_REPORT_CARD_H
#define TABULA_DOMAIN_REPORT_CARD_H

#include "domain/access/actor.h"
#include "domain/registry/student.h"
#include "domain/teaching/gradebook.h"

struct db;

struct gb_card_subject {
	struct subject subject;
	struct gb_row row;
	struct gb_subject_result result;
	const char *comments[GB_TERMS]; /* NULL: none */
};

/* A report card: per subject and overall, for both terms and the year. */
struct gb_card {
	enum policy_id policy;
	int n;
	struct gb_card_subject *subjects;
	struct gb_overall term[GB_TERMS], year;
	bool locked[GB_TERMS];
	struct gb_qualities qualities; /* vn-tt27; all GB_NONE otherwise */
};

/* Compute a student's report card for a school year from the stored
 * gradebook, over the subjects of class_id (0: the subjects with grades),
 * with the teacher's comments and (vn-tt27) the qualities. */
int gb_card_read(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
		 int64_t class_id, int64_t org_id, enum policy_id pol, struct gb_card *out)
	__attribute__((warn_unused_result));

/* A student's stored ratings for a school year; q is left as it was (call
 * gb_qualities_init first) when none are stored. */
int gb_qualities_of(struct db_conn *c, int64_t person_id, int school_year, struct gb_qualities *q)
	__attribute__((warn_unused_result));

/* A stored year result. */
struct year_result_row {
	bool stored;	      /* false: none computed yet (the rest is unset) */
	const char *policy;   /* the policy's name */
	int average;	      /* hundredths, or GB_NONE */
	const char *result;   /* the outcome's code */
	const char *subjects; /* the flagged subjects' codes, comma-separated, or NULL */
	int64_t computed_at;  /* Unix seconds */
};

/* Student person_id's stored result for a school year; out->stored false
 * when there is none. Strings in a. */
int year_result_of(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
		   struct year_result_row *out) __attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/*
 * Student id's report card for school year `year` (0: the year of the
 * current enrolment, else 422 required on school_year), read by `by` like
 * the student's record (student_read_as). ERR_OK: answered, allowed or
 * not (d.allowed; refused and absent alike, p says 404 not_found); the
 * `report_card.read` entry *audit must be durable before it is.
 * Otherwise a failure with p (409 no_policy, or the store's). Strings in
 * by's arena.
 */
struct report_card_view {
	int64_t id;
	int year;
	struct student s;
	struct gb_card card;
	struct year_result_row stored;
	struct access_decision d;
	struct audit_entry *audit; /* one, in by's arena */
	struct problem p;
};
int report_card_read(struct db *db, const struct actor *by, struct report_card_view *x)
	__attribute__((warn_unused_result));

#endif
