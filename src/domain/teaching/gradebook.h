/*
 * gradebook.h: a student's assessments in one subject for one school year,
 * stored as one compact row, and the report cards computed from them by the
 * school's policy (grading.h).
 *
 * A row holds two terms (Vietnam: học kỳ I and II; Iran: نوبت اول and دوم),
 * each with a fixed set of assessment slots; which slots a subject uses
 * depends on the policy and on whether the subject is scored:
 *
 *   vn-tt22 scored     regular1..regular6, midterm, final   0-10, one decimal
 *   vn-tt22 commented  pass                                 true / false
 *   vn-tt27            level (hoan_thanh_tot ...), test if the subject has a
 *                      periodic test (0-10, whole numbers)
 *   ir-descriptive     level (very_good ... needs_effort)
 *   ir-20              score                                0-20, two decimals
 *
 * Scores are hundredths (8.5 is 850); levels are the enum values of
 * grading.h; pass is 0 or 1. GB_NONE marks an empty slot.
 *
 * The stored text lists the filled slots term by term: terms are separated
 * by '|', slots by ',', each slot "k=v" with k one of 1-6 (regular), m, f,
 * s, l, t, p. "1=800,2=750,m=850,f=900|1=900" is a term I with two regular
 * assessments, a mid-term and a final, and a term II with one regular.
 *
 * Beside the grades (0009_teaching_comments.sql): the teacher's comment per
 * student, subject and term, under the policies that assess by comment as
 * well as by level (vn-tt27, ir-descriptive); and, under vn-tt27, the
 * qualities and competences per student and term (Tốt / Đạt / Cần cố
 * gắng), which the term and year outcomes take into account.
 */
#ifndef TABULA_DOMAIN_GRADEBOOK_H
#define TABULA_DOMAIN_GRADEBOOK_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/teaching/class.h"
#include "domain/teaching/grading.h"
#include "domain/teaching/subject.h"

#define GB_TERMS 2
#define GB_NONE	 (-1)
/* The longest encoding: every slot of both terms at its widest. */
#define GB_TEXT_MAX 256

enum gb_slot {
	GB_R1,
	GB_R2,
	GB_R3,
	GB_R4,
	GB_R5,
	GB_R6,
	GB_MIDTERM,
	GB_FINAL,
	GB_SCORE,
	GB_LEVEL,
	GB_TEST,
	GB_PASS,
	GB__SLOTS
};

struct gb_row {
	int v[GB_TERMS][GB__SLOTS];
};

/* A row with every slot empty. */
void gb_row_init(struct gb_row *r);
/* Decode stored text (len bytes); ERR_INVALID on anything malformed, with
 * *r left holding what was read so far. */
int gb_decode(const char *s, size_t len, struct gb_row *r) __attribute__((warn_unused_result));
/* Encode into out (at least GB_TEXT_MAX bytes); returns the length. */
size_t gb_encode(const struct gb_row *r, char *out);

/* The slot an assessment name means ("regular1", "midterm", "final",
 * "score", "level", "test", "pass"); -1 if none. */
int gb_slot_parse(const char *name);
const char *gb_slot_name(enum gb_slot s);

/* Does this policy use this slot for a subject that is (not) scored?
 * ERR_INVALID with code "wrong_assessment" on field "assessment" if not. */
int gb_slot_check(enum policy_id pol, bool scored, enum gb_slot slot, struct problem *p)
	__attribute__((warn_unused_result));

/* Read a value for a slot from JSON: null empties the slot (GB_NONE);
 * otherwise the number, level code or boolean the slot takes. ERR_INVALID
 * naming `field` ("type", "out_of_range", "too_precise", "unknown_value").
 * field's text must outlive p. */
int gb_value_read(enum policy_id pol, enum gb_slot slot, json_t *v, const char *field, int *out,
		  struct problem *p) __attribute__((warn_unused_result));
/* The JSON of a stored value (a number, a level code or a boolean);
 * JSON null for GB_NONE. */
json_t *gb_value_json(enum policy_id pol, enum gb_slot slot, int v);

/* Do the policy's subjects carry the teacher's comment (vn-tt27,
 * ir-descriptive)? */
bool gb_policy_comments(enum policy_id pol);

#define GB_COMMENT_MAX 2000 /* characters */

/* Read a comment from JSON: a string of up to GB_COMMENT_MAX characters
 * (lines and tabs allowed, no other control characters), trimmed, copied
 * into a; null or a blank string erases (*out NULL). ERR_INVALID naming
 * `field` ("type", "too_long", "invalid"). */
int gb_comment_read(json_t *v, const char *field, struct arena *a, const char **out,
		    struct problem *p) __attribute__((warn_unused_result));

/* ---- qualities and competences (vn-tt27) ---- */

#define GB_QUALITIES TT27_QUALITIES
/* The stored text: term I, '|', term II, one character per quality. */
#define GB_QUALITIES_TEXT (GB_TERMS * (GB_QUALITIES + 1))

/* Levels (enum tt27_quality_level) per term, GB_NONE where not rated. */
struct gb_qualities {
	int v[GB_TERMS][GB_QUALITIES];
};

void gb_qualities_init(struct gb_qualities *q);
/* Decode stored text; ERR_INVALID on anything malformed (q left empty).
 * A shorter term (text written before the list grew) leaves the rest
 * unrated. */
int gb_qualities_decode(const char *s, size_t len, struct gb_qualities *q);
/* Encode into out (at least GB_QUALITIES_TEXT bytes); returns the length. */
size_t gb_qualities_encode(const struct gb_qualities *q, char *out);

/* Read {"yeu_nuoc": "tot", "nhan_ai": null, ...} from JSON: set[i] for
 * each quality named, levels[i] its level (GB_NONE for null). ERR_INVALID
 * naming `field` ("type", "required" for an empty object) or "field.NAME"
 * ("unknown_value" for an unknown quality or level); the field's text is
 * in a. */
int gb_qualities_read(json_t *v, const char *field, struct arena *a, int levels[GB_QUALITIES],
		      bool set[GB_QUALITIES], struct problem *p)
	__attribute__((warn_unused_result));
/* {"yeu_nuoc": "tot", ...} with null where not rated. */
json_t *gb_qualities_json(const int levels[GB_QUALITIES]);

/* The qualities of a class's students, by person id (quality.h). */
struct gb_class_qualities {
	int n;
	int64_t *students;
	struct gb_qualities *rows;
};

/* One term's qualities and competences for a whole class, as one write
 * (quality.h): for each student, the qualities set[] names take levels[] (GB_NONE
 * erases); the others are left as they are. */
struct gb_quality_entry {
	int64_t student;
	int levels[GB_QUALITIES];
	bool set[GB_QUALITIES];
};

/* A subject's result for each term and for the year, GB_NONE while the
 * assessments it needs are missing:
 *   vn-tt22 scored: term average (hundredths); year (I + 2·II) / 3
 *   vn-tt22 commented: pass (0/1); the year follows term II
 *   vn-tt27, ir-descriptive: the level; the year follows term II
 *   ir-20: the score; the year is term II's (the end-of-year examination)
 * test[] gets the vn-tt27 periodic tests (GB_NONE without). */
struct gb_subject_result {
	int term[GB_TERMS];
	int year;
	int test[GB_TERMS], year_test;
};
void gb_subject_result(enum policy_id pol, bool scored, const struct gb_row *r,
		       struct gb_subject_result *out);

/* A subject as the overall result sees it, for one period. */
struct gb_mark {
	bool scored;
	int units; /* ir-20 */
	int value; /* as in gb_subject_result; GB_NONE if missing */
	int test;  /* vn-tt27 periodic test, GB_NONE if none */
};

#define GB_MAX_SUBJECTS 40

/* The overall result of a term or the year. */
struct gb_overall {
	bool complete;	    /* every subject had its value */
	const char *result; /* level / outcome code; "incomplete" when not complete */
	int average;	    /* ir-20: the unit-weighted average (hundredths);
			       GB_NONE otherwise (Circular 22 has no overall
			       average) */
	uint64_t flagged;   /* bit i: subject i failed (ir-20), needs effort
			       (ir-descriptive), Chưa đạt / below 5.0 (vn-tt22),
			       Chưa hoàn thành (vn-tt27) */
};
/* qualities: the period's GB_QUALITIES levels (vn-tt27; NULL: none rated).
 * Under vn-tt27 a result is complete only when the first
 * TT27_QUALITIES_REQUIRED are rated, and every rated one counts. */
void gb_overall(enum policy_id pol, int n, const struct gb_mark *marks, const int *qualities,
		struct gb_overall *out);

/*
 * Kept for the includers of gradebook.h outside teaching (records, the
 * demo, their tests), from when one file held all of this: a class's
 * grades and their saves, its qualities, term locks, report cards and the
 * year-end results have headers of their own. To go after the merge.
 */
/* The index of student id in students[0..n) (ascending ids), or -1. */
int gb_student_index(const int64_t *students, int n, int64_t id);

/* The index of entry i's student among the class's students[0..n)
 * (ascending ids), refusing one not in the class (422 not_in_class) or
 * listed twice (422 duplicate) on "grades[i].student", as a negative
 * error; seen[] marks those met. */
int gb_entry_student(struct arena *a, const int64_t *students, int n, bool *seen, int i, int64_t id,
		     struct problem *p) __attribute__((warn_unused_result));

#include "domain/teaching/grade.h"
#include "domain/teaching/quality.h"
#include "domain/teaching/report_card.h"
#include "domain/teaching/term_lock.h"
#include "domain/teaching/year_result.h"

#endif
