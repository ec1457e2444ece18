/*
 * timetable.h: the weekly timetable of a class (which subject, teacher and
 * room at each weekday and period) and its clashes.
 *
 * A class's week is replaced whole. A teacher teaches in one place at a
 * time (across schools, within a school year) and a room of a school holds
 * one class at a time: a week that puts either in two places is refused
 * with ERR_CONFLICT "teacher_clash" / "room_clash", naming the class that
 * holds the slot. The check runs before the insert (timetable_check); the
 * unique indexes of `timetable` (0007_teaching.sql) back it up when two
 * writes race, and their violation is mapped to the same problem.
 *
 * Who may: the school's administration sets a class's week (class_access,
 * CLASS_MANAGE); the class's teachers and the administration read it
 * (CLASS_READ). A teacher reads their own week; staff reaching a school
 * (access_org) the periods a teacher has there. A student's week is read
 * like their record (student_read_as) and audited (`timetable.read`), since
 * it tells which class the child is in; class and teacher weeks name no
 * student and are not.
 */
#ifndef TABULA_DOMAIN_TIMETABLE_H
#define TABULA_DOMAIN_TIMETABLE_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/registry/student.h"
#include "domain/teaching/class.h"

struct db;

#define TIMETABLE_WEEKDAYS 7 /* 1 Monday .. 7 Sunday */
#define TIMETABLE_PERIODS  12
#define TIMETABLE_SLOTS	   84 /* TIMETABLE_WEEKDAYS * TIMETABLE_PERIODS */
#define TIMETABLE_ROOM_MAX 32 /* characters */

/* One period of a week. A week to store needs weekday, period, subject_id,
 * teacher_id, room and class_id (the class's own id), and teacher (the
 * username) for messages; a week read from the database has every field. */
struct timetable_slot {
	int weekday, period;
	int64_t subject_id;
	const char *subject, *subject_name, *subject_name_en; /* code and names */
	int64_t teacher_id;				      /* 0: none */
	const char *teacher;				      /* username, or NULL */
	const char *room;				      /* NULL: none */
	int64_t class_id;
	const char *class_name, *school, *school_path; /* school: its org code */
};

/* A room name as stored: text_normalize_name (NFC, ASCII digits, control
 * and invisible characters removed, spaces collapsed and trimmed) into out,
 * so "۱۰۱ " and "101" are one room. ERR_OK with out "" for a blank name (no
 * room); ERR_INVALID for text that is not UTF-8 or is longer than
 * TIMETABLE_ROOM_MAX characters. */
int timetable_room_normalize(const char *in, char *out, size_t outlen)
	__attribute__((warn_unused_result));

/* The index of the first slot of week[0..n) at the weekday and period of an
 * earlier one, or -1. */
int timetable_duplicate(const struct timetable_slot *week, int n);
/* The same as a problem: ERR_INVALID "duplicate" on "periods[i]" (in a). */
int timetable_week_check(struct arena *a, const struct timetable_slot *week, int n,
			 struct problem *p) __attribute__((warn_unused_result));

enum timetable_clash_kind {
	TIMETABLE_CLASH_NONE,
	TIMETABLE_CLASH_TEACHER,
	TIMETABLE_CLASH_ROOM,
};

struct timetable_clash {
	enum timetable_clash_kind kind;
	int index;			    /* into the week */
	const struct timetable_slot *other; /* the slot of taken[] it clashes with */
};

/*
 * The first clash of a week with the slots other classes hold (taken[]),
 * in week order; at one slot a teacher clash is reported before a room
 * clash. A teacher clashes with a taken slot of the same teacher_id at the
 * same weekday and period; a room with a taken slot of the same room name
 * there (the caller passes only the school's rooms). Slots without a
 * teacher or a room never clash on it. No I/O.
 */
void timetable_find_clash(const struct timetable_slot *week, int n,
			  const struct timetable_slot *taken, int ntaken,
			  struct timetable_clash *out);

/* Fill p for a clash found in class cls's week: ERR_CONFLICT, code
 * "teacher_clash" or "room_clash", field "periods[i]", a detail naming the
 * other class (and its school when it is another), and the extension
 * member "other_class" with its id. Strings in a. */
int timetable_clash_problem(struct arena *a, const struct class_ref *cls,
			    const struct timetable_slot *week, const struct timetable_clash *k,
			    struct problem *p) __attribute__((warn_unused_result));

/* Which unique index of `timetable` a violation's message names (the
 * driver's text: SQLite lists the columns, PostgreSQL names the index):
 * TIMETABLE_CLASH_TEACHER, TIMETABLE_CLASH_ROOM, or TIMETABLE_CLASH_NONE
 * (the class's own slot: the same week written twice at once). */
enum timetable_clash_kind timetable_unique_kind(const char *errmsg);

/* ---- stored weeks ---- */

/* Look for a clash of week[0..n) of class cls in the database: the slots of
 * each of the week's teachers and each of its rooms held by other classes.
 * ERR_OK if none; ERR_CONFLICT with p filled (timetable_clash_problem). */
int timetable_check(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		    const struct timetable_slot *week, int n, struct problem *p)
	__attribute__((warn_unused_result));

/* Insert slot week[i] of class cls, inside a write job. A unique
 * violation is ERR_CONFLICT: "teacher_clash" / "room_clash" on
 * "periods[i]" when the driver names the teacher's or the room's index
 * (the other class is not named: the transaction cannot read after the
 * error; the row in the way may even be this class's own, written by a
 * concurrent save of its week), else "timetable_changed" (the class's own
 * slot: its week written twice at the same moment). */
int timetable_insert_slot(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  const struct timetable_slot *week, int i, struct problem *p)
	__attribute__((warn_unused_result));

/* Replace class cls's week with week[0..n) inside a write job: check
 * (timetable_check), remove the old week, insert the new. Nothing is
 * changed on failure (the job's savepoint). */
int timetable_save(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		   const struct timetable_slot *week, int n, struct problem *p)
	__attribute__((warn_unused_result));

/* A class's week, by weekday and period; at most TIMETABLE_SLOTS, in a. */
int timetable_class_read(struct db_conn *c, struct arena *a, int64_t class_id,
			 struct timetable_slot **items, int *n) __attribute__((warn_unused_result));
/* A teacher's week in a school year, every class and school. */
int timetable_teacher_read(struct db_conn *c, struct arena *a, int school_year, int64_t teacher_id,
			   struct timetable_slot **items, int *n)
	__attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/* Class id's week, read by its teachers and the school's administration
 * (CLASS_READ; 404 / 403 otherwise). Strings in by's arena. */
struct timetable_class_view {
	int64_t id;
	struct class_ref cls;
	struct timetable_slot *slots;
	int nslots;
	struct problem p;
};
int timetable_class_view_read(struct db *db, const struct actor *by, struct timetable_class_view *x)
	__attribute__((warn_unused_result));

/*
 * Replace class id's week with week[0..n) (weekday, period, subject code,
 * teacher username or NULL, normalised room or NULL each), as a work
 * function for the group commit: the school's administration; each
 * subject one of the class's (422 subject_not_in_class / unknown_subject),
 * each teacher one of its school's (422 unknown_teacher), no clash (409).
 * After a failure, timetable_put_explain() names the other class of a
 * clash that the unique indexes caught.
 */
struct timetable_put {
	struct actor *by;
	int64_t id;
	struct timetable_slot *week;
	int n;
	struct class_ref cls;
	struct problem p;
};
int timetable_put_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* After timetable_put_tx failed with rc: when two writes raced past the
 * check and the unique indexes refused this one (a clash that names no
 * class), read which class holds the slot now and name it in x->p; if none
 * does, the week changed meanwhile (409 timetable_changed). Otherwise
 * nothing. A failure of the read leaves x->p as it was (and is logged). */
void timetable_put_explain(struct db *db, struct timetable_put *x, int rc);

/* A teacher's week (by username) in school year `year` (0: the year under
 * way where their first visible school is, else 422 required on
 * school_year): every period for the teacher themself, for staff the
 * periods at the schools they reach; 404 not_found if the account teaches
 * at no school `by` reaches. */
struct timetable_teacher_view {
	const char *username;
	int year;
	struct timetable_slot *slots;
	int nslots;
	struct problem p;
};
int timetable_teacher_view_read(struct db *db, const struct actor *by,
				struct timetable_teacher_view *x)
	__attribute__((warn_unused_result));

/*
 * The week of the class student id's current enrolment names (has_class
 * false: none), read by `by` like the student's record. ERR_OK: answered,
 * allowed or not (d.allowed; refused and absent alike, p says 404
 * not_found); the `timetable.read` entry *audit must be durable before it
 * is. Otherwise a failure with p.
 */
struct timetable_student_view {
	int64_t id;
	struct student s;
	struct class_ref cls;
	bool has_class;
	struct timetable_slot *slots;
	int nslots;
	struct access_decision d;
	struct audit_entry *audit; /* one, in by's arena */
	struct problem p;
};
int timetable_student_view_read(struct db *db, const struct actor *by,
				struct timetable_student_view *x)
	__attribute__((warn_unused_result));

#endif
