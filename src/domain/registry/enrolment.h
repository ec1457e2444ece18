/*
 * enrolment.h: where a student is, year by year: enrolling, promotion at the
 * end of the school year (in bulk, with repeaters), leaving with a reason,
 * and the lifelong history.
 */
#ifndef TABULA_DOMAIN_ENROLMENT_H
#define TABULA_DOMAIN_ENROLMENT_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/registry/student.h"

/* Enrol a student who is not enrolled anywhere now (re-entry, or after
 * completing a school level), inside a write job. ERR_CONFLICT
 * "already_enrolled" if they are: use a transfer. */
int enrolment_add(struct db_conn *c, int64_t person_id, const struct org_ref *school,
		  int school_year, int grade, const char *class_name, const char *start_date,
		  struct problem *p) __attribute__((warn_unused_result));

/* The reasons a student leaves the system. */
bool enrolment_leave_reason_valid(const char *reason);

/* Close the current enrolment with a reason and set the person's status,
 * inside a write job. ERR_CONFLICT "not_enrolled" if there is none. */
int enrolment_leave(struct db_conn *c, int64_t person_id, const char *reason, const char *date,
		    const char *note, struct problem *p) __attribute__((warn_unused_result));

struct promotion_result {
	int promoted, repeated, graduated, completed;
};

/*
 * End school year `from_year` at a school: every current enrolment of that
 * year is closed; students in `repeat` stay in their grade, those in the
 * school's last grade leave it (grade 12: graduated; an earlier last grade:
 * completed the level, to be enrolled at their next school), everybody else
 * moves up one grade in from_year + 1. Inside a write job.
 */
int enrolment_promote(struct db_conn *c, const struct org_ref *school, const char *country,
		      int from_year, const int64_t *repeat, size_t nrepeat,
		      struct promotion_result *out, struct problem *p)
	__attribute__((warn_unused_result));

/* The last grade a school teaches (12 unless its level says otherwise). */
int school_last_grade(const struct org_ref *school, const char *country);

/*
 * POST /students/{id}/enrolments: the receiving school enrols a student
 * who is not enrolled now. Only the target school's scope counts (a student
 * who finished primary at a school `by` cannot see comes to it by national
 * id): `by` must reach it as a registrar (else 403 out_of_scope on
 * "school"). The grade must fit the school; the start date is `date` or
 * the school year's first day.
 */
struct student_enrol {
	int64_t id;
	char school[33];
	int grade, year;
	const char *class_name; /* may be NULL */
	const char *date;	/* YYYY-MM-DD, or NULL */
	struct actor *by;
	struct problem p;
};
int student_enrol_tx(struct db_conn *c, void *ctx);

/* POST /students/{id}/leave: `by` must be allowed to change the student
 * (student_may_write); its current enrolment ends with `reason`. */
struct student_leave {
	int64_t id;
	const char *reason; /* enrolment_leave_reason_valid */
	const char *date;   /* YYYY-MM-DD */
	const char *note;   /* may be NULL */
	struct actor *by;
	struct problem p;
};
int student_leave_tx(struct db_conn *c, void *ctx);

/* POST /orgs/{code}/promotions: enrolment_promote at the school `school`
 * (a code; 404 if it is no school), which `by` must reach as a registrar
 * (else 403 out_of_scope). */
struct school_promote {
	const char *school;
	int from_year;
	const int64_t *repeat; /* student ids */
	size_t nrepeat;
	struct actor *by;
	struct promotion_result out;
	struct problem p;
};
int school_promote_tx(struct db_conn *c, void *ctx);

/* An enrolment as the history lists it; strings in the reader's arena. */
struct enrolment_entry {
	int64_t id;
	int64_t person_id; /* the record it was made for (a merged one's too) */
	const char *school, *school_name;
	int school_year, grade;
	const char *class_name; /* may be NULL */
	const char *start_date;
	const char *end_date, *end_reason, *note; /* NULL while current */
	bool current;
};

/* Every enrolment of person_id and of the records merged into it, oldest
 * first, into an array in a. */
int enrolment_history(struct db_conn *c, struct arena *a, int64_t person_id,
		      struct enrolment_entry **out, size_t *n) __attribute__((warn_unused_result));

#endif
