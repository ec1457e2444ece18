/*
 * attendance.h: a class's attendance, taken for a whole day or one period,
 * the terms of a school year, and a student's year of marks.
 *
 * A mark is one row of `attendance` (sql/migrations/0007_teaching.sql): a
 * student on a date, for the whole day (period 0) or one period 1-12, with a
 * status and an optional note. Every status taken is stored, so "taken, all
 * present" differs from "not taken". A mark that replaces a different status
 * is recorded in `attendance_changes` (who, old, new, when).
 *
 * Terms. Both countries have two per school year (Vietnam học kỳ I and II,
 * Iran نوبت اول and دوم); their dates are fixed here, one rule per country:
 *   VN: term 1 from the school year's start (5 September) to 17 January;
 *       term 2 from 18 January to the year's end (31 May). The ministry's
 *       yearly framework (2025-2026: học kỳ I ends before 18 January 2026)
 *       sets mid-January.
 *   IR: term 1 from 1 Mehr to 30 Dey; term 2 from 1 Bahman to 31 Khordad
 *       (the Solar Hijri dates converted by domain/common/calendar.h).
 *
 * Who may: a class's homeroom and subject teachers and the registrars
 * reaching its school take and read its attendance (class_access(),
 * CLASS_ATTEND and CLASS_READ); a student's year is read like their record
 * (student_read_as). Marks are personal data: reads are answered once their
 * audit entries are durable (one `attendance.read` per student shown), a
 * save appends one `attendance.update` per student whose mark it changes
 * before the change, in its own transaction, and a refusal is recorded
 * naming the class (docs/access.md).
 */
#ifndef TABULA_DOMAIN_ATTENDANCE_H
#define TABULA_DOMAIN_ATTENDANCE_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/registry/student.h"
#include "domain/teaching/class.h"

struct db;

#define ATTENDANCE_PERIOD_MAX 12
#define ATTENDANCE_NOTE_MAX   500 /* characters */
#define ATTENDANCE_TERMS      2
/* A student's records shown at most, newest first. */
#define ATTENDANCE_RECORDS_MAX 200

enum attendance_status {
	ATT_PRESENT,
	ATT_LATE,
	ATT_ABSENT_EXCUSED,
	ATT_ABSENT_UNEXCUSED,
	ATT__STATUSES
};
#define ATT_NONE (-1) /* no mark taken */

/* The status a name means ("present", "late", "absent_excused",
 * "absent_unexcused"); -1 if none. */
int attendance_status_parse(const char *name);
/* The stable name of a status; "unknown" out of range. */
const char *attendance_status_name(int status);

/* The last day of term 1 of the school year starting in start_year, in a
 * country ("IR" or "VN"); "" for an unknown country or a year out of range
 * (see school_year_start). */
void attendance_term1_end(const char *country, int start_year, char out_iso[11]);

/* The term (1 or 2) of the school year starting in start_year that the ISO
 * date falls in, in that country; 0 when the date lies outside that school
 * year, is not a date, or the country is unknown. */
int attendance_term_of(const char *country, int start_year, const char *iso);

/* Today's date where the school is, at Unix time `now`: Vietnam UTC+7, Iran
 * UTC+3:30 (no daylight saving since 2022); UTC for anything else. */
void attendance_today(const char *country, int64_t now, char out_iso[11]);

/* May attendance be taken on `iso` for a class of school year start_year in
 * that country, at Unix time now? ERR_INVALID on field "date": "invalid"
 * (not YYYY-MM-DD), "future" (after today there), "outside_school_year". */
int attendance_date_check(const char *country, int start_year, const char *iso, int64_t now,
			  struct problem *p) __attribute__((warn_unused_result));

/* ---- stored marks ---- */

struct attendance_entry {
	int64_t student;
	int status;	  /* enum attendance_status */
	const char *note; /* NULL: none */
};

/* One date and period of a whole class, as one write. */
struct attendance_save {
	const struct class_ref *cls;
	const char *date; /* checked by attendance_date_check */
	int period;	  /* 0: the whole day */
	const struct attendance_entry *entries;
	int n;
	int64_t by_user;
	/* Called once the changed students are known and before anything is
	 * written (so audit entries can be the job's first writes): their
	 * ids, in the order of entries. NULL: none. A failure undoes the save. */
	int (*before_write)(struct db_conn *c, void *ctx, const int64_t *students, int n);
	void *ctx;
};

/*
 * Store the entries inside a write job. ERR_INVALID naming
 * "entries[i].student" ("not_in_class", or "duplicate" when listed twice)
 * before anything is written. An entry whose status and note equal the
 * stored mark is left alone; a status that replaces a different one is
 * recorded in attendance_changes. *changed gets the marks written.
 */
int attendance_save_class(struct db_conn *c, struct arena *a, const struct attendance_save *s,
			  int *changed, struct problem *p) __attribute__((warn_unused_result));

/* A student of the class with their mark for one date and period. */
struct attendance_mark {
	int64_t student;
	const char *given_name, *family_name;
	int status;	  /* ATT_NONE: not taken */
	const char *note; /* NULL: none */
};

/* Every student of the class (roster order) with the mark of date/period;
 * at most CLASS_MAX_MEMBERS, *items in a. */
int attendance_class_read(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  const char *date, int period, struct attendance_mark **items, int *n)
	__attribute__((warn_unused_result));

struct attendance_record {
	const char *date;
	int period; /* 0: the whole day */
	int status;
	const char *note;
	int64_t class_id;
};

/* A student's school year: marks counted per term and status, and the
 * newest ATTENDANCE_RECORDS_MAX records. */
struct attendance_year {
	int school_year;
	int counts[ATTENDANCE_TERMS][ATT__STATUSES];
	struct attendance_record *records; /* newest first */
	int nrecords;
};

/* Read person_id's marks of the school year starting in start_year; each
 * mark's term follows the country of the school that took it. */
int attendance_student_year(struct db_conn *c, struct arena *a, int64_t person_id, int start_year,
			    struct attendance_year *out) __attribute__((warn_unused_result));

/* ---- operations (the API's) ---- */

/*
 * Class id's marks for a date (YYYY-MM-DD) and period (0: the whole day),
 * read by `by` (CLASS_READ). ERR_OK: answered, allowed or not (d.allowed;
 * refused or absent, p says how); audit[0..naudit) must be durable before
 * it is (one `attendance.read` entry per student, or the refusal).
 * Otherwise a failure with p: 422 future / outside_school_year on "date"
 * (a day that can hold no marks), or the store's.
 */
struct attendance_view {
	int64_t id;
	char date[11];
	int period;
	struct class_ref cls;
	struct access_decision d;
	struct attendance_mark *marks;
	int nmarks;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int attendance_view_read(struct db *db, const struct actor *by, struct attendance_view *x)
	__attribute__((warn_unused_result));

/*
 * A class's marks for one date and period, taken by `by`, in two steps:
 * attendance_take_check() reads the class, decides CLASS_ATTEND and checks
 * the date (422 future / outside_school_year), so that a refusal costs no
 * write; a refusal (or an absent class) sets `refused`, answered with p
 * once audit[0..naudit) (the refusal, naming the class) is durable.
 * attendance_take_tx() is then the work function of the group commit
 * (attendance_save_class with the audit entries first); `changed` gets the
 * marks written.
 */
struct attendance_take {
	struct actor *by;
	int64_t id;
	char date[11];
	int period;
	const struct attendance_entry *entries;
	int n;
	/* filled by attendance_take_check */
	struct class_ref cls;
	struct access_decision d;
	bool refused;
	struct audit_entry *audit;
	size_t naudit;
	/* filled by attendance_take_tx */
	int changed;
	struct problem p;
};
int attendance_take_check(struct db *db, struct attendance_take *x)
	__attribute__((warn_unused_result));
int attendance_take_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * Student id's attendance in school year `year` (0: the current
 * enrolment's, else 422 required on school_year), read by `by` like the
 * student's record. ERR_OK: answered, allowed or not (d.allowed; refused
 * and absent alike, p says 404 not_found); the `attendance.read` entry
 * *audit must be durable before it is. Otherwise a failure with p.
 */
struct attendance_student_view {
	int64_t id;
	int year;
	struct student s;
	struct attendance_year y;
	struct access_decision d;
	struct audit_entry *audit; /* one, in by's arena */
	struct problem p;
};
int attendance_student_read(struct db *db, const struct actor *by,
			    struct attendance_student_view *x) __attribute__((warn_unused_result));

#endif
