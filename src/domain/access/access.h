/*
 * access.h: who may do what to which student: the one place that decides.
 *
 * Every handler that touches a student's personal data asks here, with the
 * caller (struct principal), the action and the student (its id and the
 * path of its school). The answer says whether it is allowed and which of
 * the caller's roles the decision rests on, for the audit log.
 *
 *   staff roles (ministry_admin, province_officer, district_officer,
 *   school_admin)       read, list and write the students of their subtree
 *   teacher             read and list the students of the classes they teach
 *                       (homeroom or a subject) at a school they hold the
 *                       role at
 *   guardian            read and list the children linked to the account
 *                       (the guardians table)
 *   student             read and list their own record (users.person_id)
 *   candidate           nothing here
 *
 * Reading a student's audit trail is for the registrar roles reaching the
 * student and for the student's guardians.
 *
 * Classes (access_class) follow the same rules: registrars reaching the
 * school do everything; a teacher of the school reads the classes they teach
 * (roster, gradebooks, attendance), takes their attendance, and enters the
 * grades of the subjects they teach.
 *
 * The route table (src/api/api.c) uses the role masks below as a first,
 * data-free gate; the checks against the data are these functions.
 */
#ifndef TABULA_DOMAIN_ACCESS_H
#define TABULA_DOMAIN_ACCESS_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

/* Roles that read and list the students of the subtree they are bound to. */
#define ACCESS_STAFF                                                       \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN) | ROLE_BIT(ROLE_TEACHER))
/* Roles that register and change students of their subtree. */
#define ACCESS_REGISTRARS                                                  \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN))
/* Everyone who may read some student record: staff, guardians, students. */
#define ACCESS_READERS (ACCESS_STAFF | ROLE_BIT(ROLE_GUARDIAN) | ROLE_BIT(ROLE_STUDENT))

enum access_action {
	ACCESS_READ,  /* one record, its history, its guardians */
	ACCESS_LIST,  /* a record as an item of a list */
	ACCESS_WRITE, /* any change to the record */
	ACCESS_AUDIT, /* the record's audit trail */
};

/* The answer. `grant` is the caller's grant the decision rests on (for a
 * refusal: the caller's first grant, or NULL if it holds none). */
struct access_decision {
	bool allowed;
	bool visible; /* refused but the caller may read it: 403 rather than 404 */
	const struct grant *grant;
};

/* The action's stable name for logs ("read", "list", "write", "audit"). */
const char *access_action_name(enum access_action act);

/*
 * May principal p do act on student `person_id` whose school has org path
 * `school_path`? Reads the guardians table through c (any connection,
 * reader or writer) only when no staff grant or self link decides it.
 * Returns ERR_OK with *out filled, or a database error.
 */
int access_student(struct db_conn *c, const struct principal *p, enum access_action act,
		   int64_t person_id, const char *school_path, struct access_decision *out)
	__attribute__((warn_unused_result));

/* The refusal for a student that does not exist: the same answer as for
 * one the caller may not see, so that nothing tells them apart. */
void access_absent(const struct principal *p, struct access_decision *out);

/* May p do act on the data of the organisation with path `org_path` (a
 * school's transfers, an export of a subtree)? Staff reach for reads,
 * registrars' reach for writes; guardians and students never. No I/O. */
void access_org(const struct principal *p, enum access_action act, const char *org_path,
		struct access_decision *out);

/* What may be done with a class. */
enum access_class_act {
	ACCESS_CLASS_READ,   /* its roster, gradebooks, attendance */
	ACCESS_CLASS_MANAGE, /* teachers, students, term locks */
	ACCESS_CLASS_ATTEND, /* take attendance */
	ACCESS_CLASS_GRADE,  /* enter grades of one subject */
};

/* A class as the rules see it. */
struct access_class {
	int64_t id;
	const char *school_path;
	int64_t homeroom_id;	    /* 0: none */
	int64_t subject_teacher_id; /* ACCESS_CLASS_GRADE: the subject's teacher (0: none) */
};

/*
 * May p do act with class k? Registrars reaching the school: everything. A
 * teacher reaching it: read and take attendance when they are its homeroom
 * teacher or teach one of its subjects (one indexed look-up through c),
 * enter grades when they are k's subject_teacher_id; refused otherwise but
 * `visible` (403). Anyone else: refused and not visible (404).
 * Returns ERR_OK with *out filled, or a database error.
 */
int access_class(struct db_conn *c, const struct principal *p, enum access_class_act act,
		 const struct access_class *k, struct access_decision *out)
	__attribute__((warn_unused_result));

/* An organisation as the rules see it: where it sits in the tree. */
struct access_org_ref {
	int64_t id;
	const char *path; /* in the arena given; NULL when none was */
	bool school;	  /* its kind is "school" */
};

/* The organisation with this code, read through c; its path is copied into
 * a (a NULL arena: the path is not wanted). ERR_NOTFOUND if there is none. */
int access_org_lookup(struct db_conn *c, struct arena *a, const char *code,
		      struct access_org_ref *out) __attribute__((warn_unused_result));

/* The org path of the school that owns student person_id's record, copied
 * into a, to decide with access_student. ERR_NOTFOUND if there is no such
 * student. */
int access_student_school(struct db_conn *c, struct arena *a, int64_t person_id,
			  const char **school_path) __attribute__((warn_unused_result));

/* How a list of students is narrowed for p, in SQL. */
enum access_list_kind {
	ACCESS_LIST_NONE,    /* nothing (a candidate) */
	ACCESS_LIST_SUBTREE, /* staff: the org path prefix in *scope */
	ACCESS_LIST_LINKED,  /* the guardian's children and the student's own record */
};

/* Plan a list for p. A principal with a staff grant lists its subtree (a
 * teacher's rows are then narrowed by access_student, row by row) unless
 * `linked` asks for its own children and record instead; one without lists
 * what it is linked to. *scope gets the subtree prefix (thread-local
 * storage; copy it) for ACCESS_LIST_SUBTREE. */
enum access_list_kind access_list_plan(const struct principal *p, bool linked, const char **scope);

#endif
