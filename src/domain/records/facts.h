/*
 * facts.h: what a class's records say, loaded from the store: the class in
 * its school year, its subjects, its school's term locks, and each
 * student's grades, vn-tt27 qualities, comments and attendance totals
 * (docs/records.md, "The record"). credential.h writes a record from them.
 */
#ifndef TABULA_DOMAIN_RECORDS_FACTS_H
#define TABULA_DOMAIN_RECORDS_FACTS_H

#include "core/arena.h"
#include "domain/teaching/class.h"
#include "domain/teaching/gradebook.h"
#include "domain/teaching/subject.h"

struct db_conn;

enum {
	RECORD_ATT_PRESENT,
	RECORD_ATT_LATE,
	RECORD_ATT_EXCUSED,
	RECORD_ATT_UNEXCUSED,
	RECORD_ATT__N
};

struct record_student {
	int64_t person_id;
	const char *given_name, *family_name, *birth_date, *country, *national_id;
	struct gb_row *rows;		  /* one per class subject; empty when no grades */
	struct gb_qualities qualities;	  /* vn-tt27 ratings per term (GB_NONE: none) */
	const char **comments;		  /* vn-tt27, ir-descriptive: one per class
					     subject, the teacher's term II comment
					     (the year's); NULL: none */
	int attendance[2][RECORD_ATT__N]; /* [0] daily, [1] by period */
	bool attended[2];
};

/* A class in its school year, with its subjects, term locks and students
 * (the enrolments of that year under its name, current or ended at the
 * year's end: promoted, repeated, completed, graduated). */
struct record_class {
	struct class_ref cls;
	const char *school_name;
	int nsubjects;
	struct subject *subjects;
	bool locked[GB_TERMS];
	int64_t lock_marker; /* the school's last term-lock event of the year */
	int n;
	struct record_student *students;
};

/* Load class_id's facts into a (only_person: just that student, 0: all).
 * ERR_NOTFOUND if the class does not exist. */
int record_class_load(struct db_conn *c, struct arena *a, int64_t class_id, int64_t only_person,
		      struct record_class *out) __attribute__((warn_unused_result));

/* The school's last term-lock event of a year (0: none): it changes when a
 * term is locked or unlocked, so a write can tell its read went stale. */
int record_lock_marker(struct db_conn *c, int64_t org_id, int school_year, int64_t *out)
	__attribute__((warn_unused_result));

/* The name and path of org id, in a (either may be NULL if not wanted).
 * ERR_NOTFOUND if there is no such org. */
int record_school_get(struct db_conn *c, struct arena *a, int64_t org_id, const char **name,
		      const char **path) __attribute__((warn_unused_result));

#endif
