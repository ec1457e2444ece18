/*
 * import.h: bulk import of students as CSV.
 *
 * Import. A header row names the columns with the student field names of
 * the JSON API (import_columns); each further row is one student. Rows are
 * read as a stream, checked one by one on the calling thread (the same
 * student_prepare, school, scope and grade checks as POST /api/v1/students),
 * and the good ones are stored in batches: one write job of the writer's
 * group commit per batch of IMPORT_BATCH_ROWS rows, each row through
 * student_insert, the next batch prepared while the last is stored. A row
 * is never half stored: a row that fails leaves nothing and becomes one line
 * of the job's error report (line, field, code, message); the other rows of
 * its batch are still stored. Progress is added to the job row by each
 * batch's own write. See docs/internals/import.md.
 *
 * Export (export.h) writes the same columns, so an export imports back as
 * it was.
 *
 * The files: import.c (the header, the rows, the run), import_batch.c (the
 * pipeline of write jobs), import_job.c (the job row, the thread of an
 * upload, the caller of a command-line import), export.c.
 */
#ifndef TABULA_DOMAIN_IMPORT_H
#define TABULA_DOMAIN_IMPORT_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"
#include "domain/common/csv.h"
#include "domain/registry/student.h"

struct actor;

/* Rows per write job, and write jobs queued at once (one being stored, one
 * being prepared). A job the writer finds alone runs in a transaction of its
 * own without a savepoint; see docs/internals/import.md for why that and the
 * size matter on SQLite. */
#define IMPORT_BATCH_ROWS 20000
/* `tabula import students` is an offline bulk load: bigger jobs (the writer
 * is held ~0.7 s per job and the import uses ~300 MiB), 17 % faster. */
#define IMPORT_CLI_BATCH_ROWS 40000
#define IMPORT_INFLIGHT	      2
#define IMPORT_KIND_STUDENTS  "import_students"

enum import_col {
	IC_NATIONAL_ID,
	IC_COUNTRY,
	IC_GIVEN_NAME,
	IC_FAMILY_NAME,
	IC_BIRTH_DATE,
	IC_SEX,
	IC_SCHOOL,
	IC_GRADE,
	IC_SCHOOL_YEAR,
	IC_SECTOR_ID,
	IC_CLASS,
	IC__COUNT
};

/* The column names, in the order export writes them. All are required in a
 * header except sector_id and class; a cell may be empty where the JSON
 * field may be absent (national_id, sector_id, class). */
extern const char *const import_columns[IC__COUNT];

/* Where each column is in a record: at[col] is a field index, -1 if absent. */
struct import_header {
	int at[IC__COUNT];
	int nfields;
};

/* Read a header row. On a fault returns ERR_INVALID with p filled: code
 * unknown_column, duplicate_column or missing_column, field the column,
 * detail a sentence in msg (msglen bytes, which must outlive p). */
int import_header_parse(const struct csv_row *row, struct import_header *h, struct problem *p,
			char *msg, size_t msglen) __attribute__((warn_unused_result));

/* A data row decoded: its cells, trimmed, without the quote an export puts
 * before a formula character, NUL-terminated; and the student they say
 * (strings pointing into text; the grade parsed, Persian digits allowed). */
struct import_record {
	char text[IC__COUNT][CSV_FIELD_MAX + 1];
	struct student_input in;
};

/* Decode a data row read under header h, without the database. On a fault
 * (the CSV reader's, a wrong number of cells, a cell not UTF-8, a grade not
 * 1 to 12) returns ERR_INVALID with p filled, its detail in msg (msglen
 * bytes, which must outlive p) or static. */
int import_row_decode(const struct csv_row *row, const struct import_header *h,
		      struct import_record *out, struct problem *p, char *msg, size_t msglen)
	__attribute__((warn_unused_result));

/* Where the bytes come from. read fills up to n bytes of buf and returns how
 * many, 0 at the end, or a negative err. */
struct import_source {
	long (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

/* A source over bytes in memory (ctx: a struct import_mem). */
struct import_mem {
	const char *data;
	size_t len, pos;
};
long import_mem_read(void *ctx, char *buf, size_t n);

/* Read the whole source once: check the header (as import_header_parse, or
 * code no_header when there is no row at all) and count the data rows
 * (blank rows not counted). msg as for import_header_parse. */
int import_scan(const struct import_source *src, int64_t *rows, struct problem *p, char *msg,
		size_t msglen) __attribute__((warn_unused_result));

struct import_options {
	struct db *db;
	int64_t job_id; /* the job row (job_create) that progress and errors go to */
	const struct principal *who;
	unsigned roles; /* who must hold one of these at each row's school */
	int batch_rows; /* rows per write job; 0: IMPORT_BATCH_ROWS */
	int inflight;	/* write jobs queued at once; 0: IMPORT_INFLIGHT */
	/* Called on the importing thread after each batch is stored; may be NULL. */
	void (*progress)(void *ctx, int64_t processed, int64_t succeeded, int64_t failed);
	void *progress_ctx;
	/* Polled at batch boundaries: true stops the import there. May be NULL. */
	bool (*should_stop)(void);
};

struct import_result {
	int64_t processed, succeeded, failed;
	bool stopped;	   /* should_stop said so */
	char message[320]; /* what the job row's message says */
};

/*
 * Run an import to its end and record the end in the job row (status done,
 * or failed with the reason). Returns ERR_OK if the file was processed, row
 * errors or not; otherwise the job failed (a bad header, a read error, the
 * database failing, a stop), out->message says why, and rows of batches
 * already stored stay stored.
 */
int import_students(const struct import_options *o, const struct import_source *src,
		    struct import_result *out) __attribute__((warn_unused_result));

/* The job row of an import, made (running) before the import starts. */
struct import_job {
	int64_t user_id; /* who starts it; 0: the command line */
	int64_t total;	 /* the data rows (import_scan) */
	int64_t id;	 /* out: the job's id */
};
int import_job_create_tx(struct db_conn *c, void *ctx);

/*
 * Run the import of the CSV text data[0..len) (malloc'd; the import owns
 * it from here, whatever the outcome) for actor `by` (its principal is
 * copied) into job row job_id, on a background thread of its own (a job
 * slot, job.h). A registrar role at each row's school is needed. ERR_OK
 * once the thread runs; otherwise the job row is marked failed and the
 * result says why: ERR_RETRY (no slot free, no memory, no thread) or
 * ERR_UNSUPPORTED (the server is stopping).
 */
int import_start(struct db *db, const struct actor *by, int64_t job_id, char *data, size_t len)
	__attribute__((warn_unused_result));

/* Append job_id's error report (job_errors_csv), read on a reader of db. */
int import_errors_csv(struct db *db, int64_t job_id, struct buf *out)
	__attribute__((warn_unused_result));

/* The caller of a command-line import or export: the national
 * administrator (ministry_admin held at no organisation), user id 0. */
void import_principal_national(struct principal *out);
/* The principal of the account `username`, its strings in a; ERR_NOTFOUND
 * if there is no such account, ERR_FORBIDDEN if it is disabled. */
int import_principal_load(struct db *db, struct arena *a, const char *username,
			  struct principal *out) __attribute__((warn_unused_result));

#endif
