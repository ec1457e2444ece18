/*
 * demo.h: a realistic synthetic data set for trying Tabula out.
 *
 * Two countries, one province each: Tehran (5 districts, 25 schools) and
 * Hà Nội (4 districts, 16 schools), with DEMO_IR_STUDENTS and
 * DEMO_VN_STUDENTS students enrolled in school year DEMO_SCHOOL_YEAR: valid
 * national ids (about 1% have none), Persian and Vietnamese names, birth dates
 * that fit their grade, classes, earlier years' enrolments for some of them,
 * a few records of the same child entered twice (flagged possible
 * duplicates), completed transfers and students who left. Everything comes
 * from a fixed seed: every run makes the same data.
 */
#ifndef TABULA_DOMAIN_DEMO_H
#define TABULA_DOMAIN_DEMO_H

#include "db/db.h"

struct demo_login {
	const char *username;
	const char *role;
	const char *org;
	const char *what;
};

#define DEMO_PASSWORD "tabula-demo"

/* Student records per country (the possible duplicates included). */
#define DEMO_IR_STUDENTS 25000
#define DEMO_VN_STUDENTS 15000
/* Of those, records of a child already registered, entered again without a
 * national id: each is flagged possible_duplicate with the one it matches. */
#define DEMO_IR_DUPLICATES 10
#define DEMO_VN_DUPLICATES 6
/* Approved transfers between schools of one district, and students who left
 * (dropped_out or moved_abroad), during DEMO_SCHOOL_YEAR. */
#define DEMO_IR_TRANSFERS 30
#define DEMO_VN_TRANSFERS 20
#define DEMO_IR_LEAVERS	  18
#define DEMO_VN_LEAVERS	  12
/* The school year everyone is enrolled in (its start year). */
/* The school year the demo is set in (2026-2027: the current one as this is
 * written); its events fall in the year's first eight weeks. */
#define DEMO_SCHOOL_YEAR      2026
#define DEMO_SCHOOL_YEAR_TEXT "2026-2027"
#define DEMO_EVENT_DAYS	      56

/*
 * Fill db with the demo organisations, accounts (all with password
 * DEMO_PASSWORD) and students; progress lines go to progress (may be NULL).
 * Safe to run twice, and to run again after an interrupted run: what exists
 * is left as it is and only what is missing is added.
 */
int demo_fill(struct db *db, FILE *progress);
/*
 * The teaching of the two demo schools' first classes (src/domain/
 * demo_teaching.c): subjects and their teachers, term I's gradebook, a
 * week of attendance and the timetable. demo_fill's last step; like it,
 * adds only what is missing.
 */
int demo_teaching_fill(struct db *db, FILE *progress);
/* Its last step (demo_records.c): signed school records of the year before
 * for a class at each school of the demo's teacher and principal logins,
 * when a server secret is loaded; otherwise it says so and adds none. */
int demo_records(struct db *db, FILE *progress);
/*
 * The admission round (src/demo/admissions.c): DEMO_ROUND_OFFICER's district
 * admits to grade 1 of its primary schools, open now, with applications
 * for DEMO_APPLICANTS children by their guardians; DEMO_GUARDIAN's child
 * has not applied. children[0] is DEMO_GUARDIAN's child, children[1..n)
 * grade 1 pupils of the district's primary schools (n >
 * DEMO_APPLICANTS), in the same order on every run. demo_fill's last step.
 */
#define DEMO_ROUND_DISTRICT "IR-THR-D01"
#define DEMO_ROUND_OFFICER  "tehran.d01"
#define DEMO_GUARDIAN	    "guardian.beheshti"
#define DEMO_APPLICANTS	    36
/* A guardian whose child holds an offer in a round already run (offers,
 * waitlists, explanations: src/demo/admissions.c). */
#define DEMO_OFFER_GUARDIAN   "guardian.rahimi"
#define DEMO_OFFER_APPLICANTS 8
int demo_admissions_fill(struct db *db, FILE *progress, const int64_t *children, int n);
/*
 * The exam session (src/demo/exams.c): regions for the VN upper-secondary
 * schools, an open vn-thpt-2025 session run by VN, candidate accounts for
 * the grade 12 students of DEMO_EXAM_SCHOOL (three printed: one to
 * register, one moved from another school, one registered already) and
 * the school's exam officer. demo_fill's last step.
 */
#define DEMO_EXAM_SCHOOL     "VN-HN-BD03"
#define DEMO_EXAM_OFFICER    "exams.pdp"
#define DEMO_EXAM_CANDIDATE  "candidate.pdp"
#define DEMO_EXAM_MOVER	     "candidate.moved"
#define DEMO_EXAM_REGISTERED "candidate.done"
int demo_exams_fill(struct db *db, FILE *progress);
/* Its logins, printed after demo_logins'; *n gets their count. */
const struct demo_login *demo_exam_logins(size_t *n);
/*
 * The help desk (src/demo/support.c, docs/demo.md "The help desk"): support
 * agents at DEMO_SUPPORT_SCHOOL_ORG, its district and its province, the seed
 * articles, canned answers, and tickets at several levels in both
 * countries (some overdue, some escalated by the sweep at a past instant,
 * some resolved with a satisfaction score). demo_fill's last step.
 */
#define DEMO_SUPPORT_SCHOOL	  "support.school"
#define DEMO_SUPPORT_DISTRICT	  "support.district"
#define DEMO_SUPPORT_PROVINCE	  "support.province"
#define DEMO_SUPPORT_SCHOOL_ORG	  "VN-HN-BD03"
#define DEMO_SUPPORT_DISTRICT_ORG "VN-HN-BD"
#define DEMO_SUPPORT_PROVINCE_ORG "VN-HN"
/* The accounts it makes: the three agents. */
#define DEMO_SUPPORT_AGENTS 3
int demo_support_fill(struct db *db, FILE *progress);
/* Its logins and the requesters with tickets, printed after the exams';
 * *n gets their count. */
const struct demo_login *demo_support_logins(size_t *n);
/* The demo accounts, for printing; *n gets their count. */
const struct demo_login *demo_logins(size_t *n);

/* su-desk: the knowledge base's seed articles (src/demo/support.c). */
int demo_support_articles(struct db *db, FILE *progress);

#endif
