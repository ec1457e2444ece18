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
		  struct problem *p);

/* The reasons a student leaves the system. */
bool enrolment_leave_reason_valid(const char *reason);

/* Close the current enrolment with a reason and set the person's status,
 * inside a write job. ERR_CONFLICT "not_enrolled" if there is none. */
int enrolment_leave(struct db_conn *c, int64_t person_id, const char *reason, const char *date,
		    const char *note, struct problem *p);

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
		      struct promotion_result *out, struct problem *p);

/* The last grade a school teaches (12 unless its level says otherwise). */
int school_last_grade(const struct org_ref *school, const char *country);

#endif
