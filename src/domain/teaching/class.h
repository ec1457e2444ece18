/*
 * class.h: classes (homerooms) of a school year, their teachers and their
 * students, and who may do what with a class.
 *
 * A class's students are the current enrolments of its school, grade and
 * school year whose `class` is the class's name: enrolling with a class, or
 * adding a student to one here, is the same fact.
 *
 * Who acts is a struct actor (domain/access/actor.h). A class is decided by
 * access_class() (domain/access/access.h) through class_access(): outside
 * the actor's reach it is answered as absent (404). A school's classes and
 * term locks are decided by access_org() (class_school_load). A read of a
 * class's students (its roster, gradebooks, attendance) is answered only
 * once its audit entries are durable: the reads below fill them
 * (class_audit_entries) and the caller appends them before answering.
 */
#ifndef TABULA_DOMAIN_CLASS_H
#define TABULA_DOMAIN_CLASS_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/access/actor.h"
#include "domain/access/role.h"
#include "domain/teaching/grading.h"
#include "domain/teaching/subject.h"

#define CLASS_NAME_MAX	  32
#define CLASS_MAX_MEMBERS 200

struct db;
struct org_ref;

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
 * (domain/access/access.c), the one mechanism: registrars reaching the school
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
		 struct problem *pr) __attribute__((warn_unused_result));

/*
 * Read class id and decide whether `by` may do act with it (class_access;
 * teacher_id as there). ERR_NOTFOUND (p: 404 not_found) when it is absent
 * or outside by's reach, ERR_FORBIDDEN (p: 403) when by sees it but may not
 * do this; *d (may be NULL) gets the decision, an absent class decided as
 * refused (access_absent) so that both are recorded alike. Strings in
 * by's arena.
 */
int class_load(struct db_conn *c, const struct actor *by, int64_t id, enum class_act act,
	       int64_t teacher_id, struct class_ref *out, struct access_decision *d,
	       struct problem *p) __attribute__((warn_unused_result));

/*
 * The school with org code `code`, and whether `by` may do act with its
 * classes and term locks (access_org; ACCESS_READ: see them, ACCESS_WRITE:
 * manage them). ERR_NOTFOUND (p: 404 not_found) for no such school or one
 * outside by's reach, ERR_FORBIDDEN (p: 403 forbidden) for one by sees but
 * may not manage; the refusal is not audited (it names no student).
 */
int class_school_load(struct db_conn *c, const struct actor *by, const char *code,
		      enum access_action act, struct org_ref *out, struct problem *p)
	__attribute__((warn_unused_result));

/* Read class id. ERR_NOTFOUND if absent. Strings in a. */
int class_get(struct db_conn *c, struct arena *a, int64_t id, struct class_ref *out)
	__attribute__((warn_unused_result));
/* The class of a school and year by name. ERR_NOTFOUND if none. */
int class_by_name(struct db_conn *c, struct arena *a, int64_t org_id, int school_year,
		  const char *name, struct class_ref *out) __attribute__((warn_unused_result));
/* Its id alone (no allocation). ERR_NOTFOUND if none. */
int class_id_by_name(struct db_conn *c, int64_t org_id, int school_year, const char *name,
		     int64_t *id) __attribute__((warn_unused_result));
/* Read the current row of a query that starts with the `class` columns
 * (class.sql), by name; strings in a. */
int class_read_row(struct db_res *res, struct arena *a, struct class_ref *out)
	__attribute__((warn_unused_result));

/* Check a class name: 1-32 characters, no control characters. */
int class_name_check(const char *name, struct problem *p) __attribute__((warn_unused_result));

/* The user id of a teacher of school org_id by user name; ERR_INVALID
 * "unknown_teacher" on `field` if the account holds no teacher role there. */
int class_teacher_id(struct db_conn *c, const char *username, int64_t org_id, const char *field,
		     int64_t *id, struct problem *p) __attribute__((warn_unused_result));

struct class_member {
	int64_t id;
	const char *given_name, *family_name;
};

/* The class's students, by family then given name. At most
 * CLASS_MAX_MEMBERS; *items in a. */
int class_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  struct class_member **items, int *n) __attribute__((warn_unused_result));

/* Place students (current enrolments at the class's school, grade and year)
 * in the class, inside a write job. ERR_INVALID "not_enrolled_here" naming
 * "students[i]" if one is not; nothing is changed then (the job's savepoint
 * rolls back). */
int class_add_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		      const int64_t *ids, int n, struct problem *p)
	__attribute__((warn_unused_result));

/* A subject of a class, with its teacher. */
struct class_subject {
	struct subject subject;
	const char *teacher; /* username, or NULL */
};

/* Subjects a class may have: more than any level's list (0007_teaching.sql). */
#define CLASS_SUBJECTS_MAX 64

/* The class's subjects in the order of their list, at most
 * CLASS_SUBJECTS_MAX; *items in a. */
int class_subjects(struct db_conn *c, struct arena *a, int64_t class_id,
		   struct class_subject **items, int *n) __attribute__((warn_unused_result));

/* "class:ID", the audit entries' subject for a class, in a. */
const char *class_audit_subject(struct arena *a, int64_t class_id);

/*
 * The audit entries of a read of class class_id's students by `by`, in
 * by's arena: allowed (d), one `action` entry per student of ids[0..n),
 * each naming the class; refused (or the class absent), one refused entry
 * naming the class. ERR_OK or ERR_NOMEM.
 */
int class_audit_entries(const struct actor *by, const struct access_decision *d, const char *action,
			int64_t class_id, const int64_t *ids, int n, struct audit_entry **out,
			size_t *count) __attribute__((warn_unused_result));

/*
 * class_audit_entries for a roster read: the students are rows[0..n), each
 * `size` bytes with the student's id (int64_t) at byte offset id_at.
 * ERR_OK, or a failure with p.
 */
int class_audit_roster(const struct actor *by, const struct access_decision *d, const char *action,
		       int64_t class_id, const void *rows, int n, size_t size, size_t id_at,
		       struct audit_entry **out, size_t *count, struct problem *p)
	__attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/*
 * A class with its subjects and students, read by `by` (CLASS_READ).
 * ERR_OK: answered, allowed or not (d.allowed; refused or absent, p says
 * how); audit[0..naudit) is what must be durable before it is (one
 * `class.read` entry per student, or the refusal). Otherwise a failure,
 * with p.
 */
struct class_view {
	int64_t id;
	struct class_ref cls;
	struct access_decision d;
	struct class_subject *subjects;
	int nsubjects;
	struct class_member *members;
	int nmembers;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int class_view_read(struct db *db, const struct actor *by, struct class_view *x)
	__attribute__((warn_unused_result));

/* A school's classes of a school year (0: every year), newest year first,
 * at most 1000, for staff reaching the school (else 404 not_found). */
struct class_list {
	const char *school; /* org code */
	int year;
	struct class_ref *items;
	int n;
	struct problem p;
};
int class_list_read(struct db *db, const struct actor *by, struct class_list *x)
	__attribute__((warn_unused_result));

/* Create a class of a school year (work function for the group commit):
 * registrars reaching the school; a grade the school teaches; the homeroom
 * teacher (may be NULL) a teacher of the school. 409 class_exists for a
 * name taken that year. x->id gets the new class's id. */
struct class_create {
	struct actor *by;
	const char *school, *name, *homeroom;
	int year, grade;
	int64_t id;
	struct problem p;
};
int class_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * A change to class id by registrars reaching its school (CLASS_MANAGE),
 * as work functions for the group commit:
 *  class_assign_tx    give it `subject` (a code of its school's level)
 *                     taught by `teacher` (may be NULL);
 *  class_homeroom_tx  make `teacher` (NULL: none) its homeroom teacher,
 *                     a refusal naming the body's `field`;
 *  class_place_tx     place students[0..nstudents) in it, each placing
 *                     audited (`class.place`) before the change.
 * Teachers are teachers of the class's school (422 unknown_teacher).
 */
struct class_edit {
	struct actor *by;
	int64_t id;
	const char *subject, *teacher;
	const char *field;
	const int64_t *students;
	int nstudents;
	struct problem p;
};
int class_assign_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
int class_homeroom_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
int class_place_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
