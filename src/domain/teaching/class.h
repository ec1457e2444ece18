/*
 * class.h: classes (homerooms) of a school year, their teachers and their
 * students, and who may do what with a class (class_access).
 *
 * A class's students are the current enrolments of its school, grade and
 * school year whose `class` is the class's name: enrolling with a class, or
 * adding a student to one here, is the same fact.
 */
#ifndef TABULA_DOMAIN_CLASS_H
#define TABULA_DOMAIN_CLASS_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/teaching/grading.h"
#include "domain/access/role.h"

#define CLASS_NAME_MAX 32
#define CLASS_MAX_MEMBERS 200

struct class_ref {
	int64_t id, org_id;
	int school_year, grade;
	const char *name;
	int64_t homeroom_id;	   /* 0: none */
	const char *homeroom;	   /* username, or NULL */
	const char *school, *path; /* the school's code and org path */
	const char *country, *level;
	int policy; /* enum policy_id, or -1 if the school's level is unset */
};

enum class_act {
	CLASS_READ = ACCESS_CLASS_READ,	    /* see the class, its students, grades and attendance */
	CLASS_MANAGE = ACCESS_CLASS_MANAGE, /* assign teachers, place students, lock terms */
	CLASS_ATTEND = ACCESS_CLASS_ATTEND, /* take attendance */
	CLASS_GRADE = ACCESS_CLASS_GRADE,   /* enter grades of one subject */
};

/*
 * May the principal do `act` with class cls? Decided by access_class()
 * (src/domain/access.c), the one mechanism: registrars reaching the school
 * do everything; a teacher of the school reads and takes attendance in
 * their homeroom class or a class they teach a subject in, and enters grades
 * of the subjects they teach. `teacher_id` is the subject's teacher
 * (CLASS_GRADE), else 0. Returns ERR_OK with *d filled (the grant it rests
 * on, for the audit log; d may be NULL), ERR_NOTFOUND when the class is
 * outside the caller's reach (as if absent), ERR_FORBIDDEN when they see it
 * but may not do this (p says which), or a database error.
 */
int class_access(struct db_conn *c, const struct principal *p, const struct class_ref *cls,
		 enum class_act act, int64_t teacher_id, struct access_decision *d,
		 struct problem *pr);

/* Read class id. ERR_NOTFOUND if absent. */
int class_get(struct db_conn *c, struct arena *a, int64_t id, struct class_ref *out);
/* Read the current row (class.sql's column order). */
int class_read_row(struct db_res *res, struct arena *a, struct class_ref *out);

/* Check a class name: 1-32 characters, no control characters. */
int class_name_check(const char *name, struct problem *p);

/* The user id of a teacher of school org_id by user name; ERR_INVALID
 * "unknown_teacher" on `field` if the account holds no teacher role there. */
int class_teacher_id(struct db_conn *c, const char *username, int64_t org_id,
		     const char *field, int64_t *id, struct problem *p);

struct class_member {
	int64_t id;
	const char *given_name, *family_name;
};

/* The class's students, by family then given name. At most
 * CLASS_MAX_MEMBERS; *items in a. */
int class_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  struct class_member **items, int *n);

/* Place students (current enrolments at the class's school, grade and year)
 * in the class, inside a write job. ERR_INVALID "not_enrolled_here" naming
 * "students[i]" if one is not; nothing is changed then (the job's savepoint
 * rolls back). */
int class_add_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		      const int64_t *ids, int n, struct problem *p);

#endif
