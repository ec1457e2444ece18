/*
 * grade.h: a class's grades: one subject's gradebook rows and comments, or
 * (vn-tt27) its qualities and competences, read and saved for the whole
 * class at once.
 *
 * A save holds one assessment (a slot of gradebook.h) of one term for every
 * student it names; it is refused under a locked term (term_lock.h), and a
 * value that replaces a different one is kept in grade_changes (levels of
 * qualities in quality_changes). Who may: class_access() (class.h),
 * CLASS_GRADE with the subject's teacher, or, for the qualities, the
 * homeroom teacher in the subject teacher's place. Reads and saves are
 * audited: one `grades.read` entry per student shown, one `grades.update`
 * per student whose grade, comment or rating a save changes, written before
 * the change in the save's own transaction; a refusal is recorded naming
 * the class (docs/access.md).
 */
#ifndef TABULA_DOMAIN_GRADE_H
#define TABULA_DOMAIN_GRADE_H

#include "domain/access/actor.h"
#include "domain/teaching/class.h"
#include "domain/teaching/gradebook.h"

struct db;

/* ---- stored gradebooks ---- */

struct gb_entry {
	int64_t student;
	int value;	     /* GB_NONE empties the slot */
	bool keep_value;     /* leave the slot as it is (a comment alone) */
	bool has_comment;    /* set the comment: */
	const char *comment; /* NULL erases */
};

/* One assessment of one subject for a whole class, as one write. */
struct gb_save {
	const struct class_ref *cls;
	const struct subject *subject;
	int term; /* 1 or 2 */
	enum gb_slot slot;
	const struct gb_entry *entries;
	int n;
	int64_t by_user;
	/* Called once the changed students are known and before anything is
	 * written (so an audit entry can be the job's first write): their ids,
	 * in class order. NULL: none. A failure undoes the save. */
	int (*before_write)(struct db_conn *c, void *ctx, const int64_t *students, int n);
	void *ctx;
};

/*
 * Store the entries inside a write job. Refused with ERR_CONFLICT
 * "term_locked" if the school has locked the term's report cards, and with
 * ERR_INVALID naming "grades[i].student" if a student is not in the class
 * (or appears twice). A value that replaces a different one is recorded in
 * grade_changes (who, what, when); a comment is replaced (the audit log
 * says who changed it). *changed gets the students whose value or comment
 * changed. Nothing is written before s->before_write has been called.
 */
int gb_save_class(struct db_conn *c, struct arena *a, const struct gb_save *s, int *changed,
		  struct problem *p) __attribute__((warn_unused_result));

/* One subject of a class's gradebook: its students' rows, by person id,
 * and with `comments` their comments per term (else comments is NULL). */
struct gb_class_rows {
	int n;
	int64_t *students;
	struct gb_row *rows;
	const char *(*comments)[GB_TERMS];
};
int gb_class_rows(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  int64_t subject_id, bool comments, struct gb_class_rows *out)
	__attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/*
 * A class's gradebook of one subject (subject_code), or with `qualities`
 * its qualities and competences (vn-tt27 only, 422 wrong_assessment
 * otherwise), read by `by` (CLASS_READ). ERR_OK: answered, allowed or not
 * (d.allowed; refused or absent, p says how); audit[0..naudit) must be
 * durable before it is (one `grades.read` entry per student, or the
 * refusal). Otherwise a failure with p: 409 no_policy, 422
 * unknown_subject / subject_not_in_class, or the store's.
 */
struct grades_view {
	int64_t id;
	const char *subject_code;
	bool qualities;
	struct class_ref cls;
	struct subject subject; /* not with qualities */
	struct access_decision d;
	struct class_member *members;
	int nmembers;
	struct gb_class_rows rows;	 /* a subject's, with the policy's comments */
	struct gb_class_qualities qrows; /* with qualities */
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int grades_view_read(struct db *db, const struct actor *by, struct grades_view *x)
	__attribute__((warn_unused_result));

/*
 * A save of one assessment of a class (the slot of a subject, or with
 * `qualities` the term's qualities and competences), in two steps:
 *
 * grades_save_prepare() reads the class and the subject, decides whether
 * `by` may enter them, and reads the body's `grades` list against the
 * school's policy, so that a refusal or a bad value costs no write. A
 * refusal (or an absent class) sets `refused`: it is answered with p once
 * audit[0..naudit) (the refusal, naming the class) is durable. Any other
 * failure is answered with p (422 naming grades[i].value ...).
 *
 * grades_save_tx() is then the work function of the group commit: the
 * audit entries, the rows, the change history; `changed` gets the
 * students whose grade, comment or rating changed.
 */
struct grades_save {
	struct actor *by;
	int64_t id;
	const char *subject_code; /* NULL with qualities */
	bool qualities;
	int term;
	enum gb_slot slot; /* GB_LEVEL with qualities */
	/* filled by grades_save_prepare */
	struct class_ref cls;
	struct subject subject;
	int64_t teacher_id;
	struct access_decision d;
	struct gb_entry *entries;
	struct gb_quality_entry *qentries;
	int n;
	bool comments; /* the save carries comments */
	bool refused;
	struct audit_entry *audit;
	size_t naudit;
	/* filled by grades_save_tx */
	int changed;
	struct problem p;
};
int grades_save_prepare(struct db *db, struct grades_save *x, json_t *grades)
	__attribute__((warn_unused_result));
int grades_save_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
