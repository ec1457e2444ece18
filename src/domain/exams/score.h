/*
 * score.h: exam scores, imported per subject, and the results a candidate
 * sees (docs/exams.md, "Results and re-marking").
 *
 * Import: the managers of the session's office send a CSV file (or an XLSX
 * workbook: its first sheet) with a header row naming the columns
 * candidate_number, subject and score (any order, other columns ignored),
 * one row per candidate and subject. Scores are points 0..10 with at most
 * two decimals ("7.25" or "7,25"), kept in hundredths. All or nothing:
 * every row is checked first (the candidate number is one of the
 * session's, the subject is one the candidate registered, the score is a
 * score, no candidate and subject twice), and any fault answers 422
 * invalid_scores listing the rows at fault (row, field, code, detail;
 * the first EXAM_ROW_PROBLEMS_MAX) with nothing stored. A later import
 * replaces the scores it names. Only after the room assignment (409
 * not_assigned: no candidate numbers yet).
 *
 * Publication: at the session's results_at, exact to the millisecond.
 * Before it (or when none is set) the candidate, their guardians and
 * their school get 409 results_not_published; the office's staff see the
 * scores at any time. Reads are audited.
 */
#ifndef TABULA_DOMAIN_EXAMS_SCORE_H
#define TABULA_DOMAIN_EXAMS_SCORE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

#define EXAM_SCORE_MAX	      1000 /* 10.00 points */
#define EXAM_ROW_PROBLEMS_MAX 100
#define EXAM_SCORE_ROWS_MAX   10000000

/* "7", "7.5", "7.25" or "7,25" (spaces around allowed) into hundredths
 * 0..EXAM_SCORE_MAX; false if it is not one. */
bool exam_score_parse(const char *s, int *hundredths);
/* Hundredths as "7.25" into out (at least 8 bytes). */
void exam_score_text(int hundredths, char out[8]);

/* One row of a score file: cells as text, in an arena. */
struct exam_score_row {
	int64_t line;
	const char *number, *subject, *score;
};
/* One fault of a row. */
struct exam_row_problem {
	int64_t row;
	const char *field, *code, *detail;
};

struct exam_score_rows {
	struct exam_score_row *rows;
	size_t n, cap;
	struct exam_row_problem *problems;
	size_t nproblems;      /* kept (at most EXAM_ROW_PROBLEMS_MAX) */
	size_t problems_total; /* found */
};
/* Add a fault of row `row` (kept while there is room). ERR_OK or ERR_NOMEM. */
int exam_rows_problem(struct arena *a, struct exam_score_rows *x, int64_t row, const char *field,
		      const char *code, const char *detail) __attribute__((warn_unused_result));

/* The rows of a CSV file: its header names the columns; faults of the file
 * itself (no header, a column missing, a malformed line) are row problems.
 * ERR_OK or ERR_NOMEM. */
int exam_scores_csv(struct arena *a, const char *body, size_t len, struct exam_score_rows *out)
	__attribute__((warn_unused_result));

/* The same for the first sheet of an XLSX workbook (domain/common/xlsx.h);
 * a file that is no workbook is a problem of row 0. */
int exam_scores_xlsx(struct arena *a, const char *body, size_t len, struct exam_score_rows *out)
	__attribute__((warn_unused_result));

/* The import (work function): rows parsed before, checked and stored here. */
struct exam_scores_import {
	struct actor *by;
	int64_t session_id;
	int64_t now_ms;
	const char *format; /* "csv" or "xlsx" */
	const char *sha256; /* of the body, hex */
	int64_t size;
	struct exam_score_rows *in;
	/* out */
	int64_t import_id;
	int64_t stored;
	struct problem p; /* invalid_scores: in->problems say which rows */
};
int exam_scores_import_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * May by read the results (and ask for re-marking) of the registration of
 * person `person` at the school at school_path, in a session run from
 * office_path? The registration's readers (registration.h): the candidate
 * themself (*self set), the person's readers (guardians, staff reaching
 * the student's school), staff reaching the registration's school or the
 * office (*office set for the office's staff). ERR_OK with *d filled.
 */
int exam_results_decide(struct db_conn *c, const struct actor *by, int64_t person,
			const char *school_path, const char *office_path, struct access_decision *d,
			bool *self, bool *office) __attribute__((warn_unused_result));

/* A candidate's results as by may read them. */
struct exam_score {
	const char *subject;
	int score;
	/* the request for re-marking of this subject, if any */
	int64_t remark_id;
	const char *remark_status;
	int remark_old, remark_new; /* remark_new -1: not decided */
};
struct exam_results {
	int64_t registration_id;
	int64_t now_ms;
	/* out */
	const char *candidate_number, *time_zone;
	int64_t results_at, remarks_close_at; /* ms; 0: not set */
	struct exam_score *scores;
	size_t n;
	struct audit_entry *audit;
	bool allowed;
	struct problem p;
};
int exam_results_read(struct db *db, const struct actor *by, struct exam_results *x)
	__attribute__((warn_unused_result));

#endif
