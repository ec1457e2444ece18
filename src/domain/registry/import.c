/*
 * import.c: importing students from CSV (import.h; docs/internals/import.md):
 * the header, the rows, and the run.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/common/job.h"
#include "domain/common/text.h"
#include "domain/common/work.h"
#include "domain/registry/import.h"
#include "domain/registry/import_batch.h"

const char *const import_columns[IC__COUNT] = {
	[IC_NATIONAL_ID] = "national_id",
	[IC_COUNTRY] = "country",
	[IC_GIVEN_NAME] = "given_name",
	[IC_FAMILY_NAME] = "family_name",
	[IC_BIRTH_DATE] = "birth_date",
	[IC_SEX] = "sex",
	[IC_SCHOOL] = "school",
	[IC_GRADE] = "grade",
	[IC_SCHOOL_YEAR] = "school_year",
	[IC_SECTOR_ID] = "sector_id",
	[IC_CLASS] = "class",
};

static bool column_optional(int col)
{
	return col == IC_SECTOR_ID || col == IC_CLASS;
}

/* Bytes read from the source at a time. */
#define IMPORT_READ_CHUNK ((size_t)256 * 1024)

/* ---- header ---- */

static void column_list(char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < IC__COUNT && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? ", " : "", import_columns[i]);
}

int import_header_parse(const struct csv_row *row, struct import_header *h, struct problem *p,
			char *msg, size_t msglen)
{
	char cols[200];
	column_list(cols, sizeof(cols));
	for (int i = 0; i < IC__COUNT; i++)
		h->at[i] = -1;
	h->nfields = row->nfields;
	if (row->error) {
		snprintf(msg, msglen,
			 "The first line is not a header row (%s) The columns are: %s.",
			 csv_error_message(row->error), cols);
		return problem_set(p, P_NO_HEADER, NULL, msg);
	}
	for (int f = 0; f < row->nfields; f++) {
		const char *name = row->fields[f];
		int col = -1;
		for (int i = 0; i < IC__COUNT && col < 0; i++)
			if (row->lens[f] == strlen(import_columns[i]) &&
			    !strcmp(name, import_columns[i]))
				col = i;
		if (col < 0) {
			/* Quote at most 40 bytes of what is there, valid UTF-8 only. */
			char shown[44];
			size_t n = row->lens[f] < 40 ? row->lens[f] : 40;
			while (n && !utf8_valid(name, n))
				n--;
			memcpy(shown, name, n);
			shown[n] = '\0';
			for (size_t k = 0; k < n; k++)
				if ((unsigned char)shown[k] < 0x20)
					shown[k] = '?';
			snprintf(msg, msglen,
				 "Unknown column \"%s\" in the header. The columns are: %s.", shown,
				 cols);
			return problem_set(p, P_UNKNOWN_COLUMN, NULL, msg);
		}
		if (h->at[col] >= 0) {
			snprintf(msg, msglen, "The column %s appears twice in the header.",
				 import_columns[col]);
			return problem_set(p, P_DUPLICATE_COLUMN, import_columns[col], msg);
		}
		h->at[col] = f;
	}
	for (int i = 0; i < IC__COUNT; i++) {
		if (h->at[i] < 0 && !column_optional(i)) {
			snprintf(msg, msglen,
				 "The header has no %s column. Required: every column of %s "
				 "except sector_id and class.",
				 import_columns[i], cols);
			return problem_set(p, P_MISSING_COLUMN, import_columns[i], msg);
		}
	}
	return ERR_OK;
}

long import_mem_read(void *ctx, char *buf, size_t n)
{
	struct import_mem *m = ctx;
	size_t left = m->len - m->pos;
	if (n > left)
		n = left;
	if (n > LONG_MAX)
		n = LONG_MAX;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (long)n;
}

/* A row with no content: every cell empty or white space (spreadsheets save
 * ",,,,," for an empty line). */
static bool row_blank(const struct csv_row *row)
{
	for (int f = 0; f < row->nfields; f++)
		for (size_t i = 0; i < row->lens[f]; i++)
			if (row->fields[f][i] != ' ' && row->fields[f][i] != '\t')
				return false;
	return true;
}

struct scan {
	bool header_seen;
	int64_t rows;
	int rc;
	struct problem *p;
	char *msg;
	size_t msglen;
};

static int scan_row(const struct csv_row *row, void *arg)
{
	struct scan *s = arg;
	if (!s->header_seen) {
		struct import_header h;
		s->header_seen = true;
		s->rc = import_header_parse(row, &h, s->p, s->msg, s->msglen);
		return s->rc ? 1 : 0;
	}
	if (row->error || !row_blank(row))
		s->rows++;
	return 0;
}

/* Feed the whole source through fn. */
static int feed_all(const struct import_source *src, struct csv_parser *csv, csv_row_fn fn,
		    void *ctx, int *stopped)
{
	char *chunk = malloc(IMPORT_READ_CHUNK);
	if (!chunk)
		return ERR_NOMEM;
	int rc = ERR_OK;
	*stopped = 0;
	for (;;) {
		long n = src->read(src->ctx, chunk, IMPORT_READ_CHUNK);
		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (n == 0) {
			*stopped = csv_finish(csv, fn, ctx);
			break;
		}
		*stopped = csv_feed(csv, chunk, (size_t)n, fn, ctx);
		if (*stopped)
			break;
	}
	free(chunk);
	return rc;
}

int import_scan(const struct import_source *src, int64_t *rows, struct problem *p, char *msg,
		size_t msglen)
{
	struct csv_parser *csv = csv_new();
	if (!csv)
		return problem_err(p, ERR_NOMEM);
	struct scan s = {.p = p, .msg = msg, .msglen = msglen};
	int stopped;
	int rc = feed_all(src, csv, scan_row, &s, &stopped);
	csv_free(csv);
	if (rc)
		return problem_err(p, rc);
	if (s.rc)
		return s.rc;
	if (!s.header_seen) {
		char cols[200];
		column_list(cols, sizeof(cols));
		snprintf(msg, msglen, "The file is empty: it needs a header row (%s).", cols);
		return problem_set(p, P_NO_HEADER, NULL, msg);
	}
	*rows = s.rows;
	return ERR_OK;
}

/* ---- rows ---- */

/* A cell without surrounding blanks and without the quote an export put in
 * front of a formula character. */
static void cell(const struct csv_row *row, const struct import_header *h, int col, const char **s,
		 size_t *len)
{
	int f = h->at[col];
	if (f < 0) {
		*s = "";
		*len = 0;
		return;
	}
	const char *p = row->fields[f];
	size_t n = row->lens[f];
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	size_t skip = csv_undefuse(p, n);
	*s = p + skip;
	*len = n - skip;
}

/* Parse the grade cell (Persian digits allowed). */
static int grade_parse(const char *s, int64_t *out, struct problem *p)
{
	if (!*s)
		return problem_set(p, P_REQUIRED, "grade",
				   "The grade is required: a number from 1 to 12.");
	char ascii[16];
	if (text_digits_ascii(s, ascii, sizeof(ascii)))
		return problem_set(p, P_INVALID, "grade", "The grade is a number from 1 to 12.");
	char *end;
	errno = 0;
	long v = strtol(ascii, &end, 10);
	if (errno || end == ascii || *end)
		return problem_set(p, P_INVALID, "grade", "The grade is a number from 1 to 12.");
	if (v < 1 || v > 12)
		return problem_set(p, P_OUT_OF_RANGE, "grade",
				   "The grade is a number from 1 to 12.");
	*out = v;
	return ERR_OK;
}

int import_row_decode(const struct csv_row *row, const struct import_header *h,
		      struct import_record *out, struct problem *p, char *msg, size_t msglen)
{
	if (row->error)
		return problem_code(p, csv_error_code(row->error), NULL,
				    csv_error_message(row->error));
	if (row->nfields != h->nfields) {
		snprintf(msg, msglen, "This row has %d cells; the header has %d.", row->nfields,
			 h->nfields);
		return problem_set(p, P_WRONG_FIELD_COUNT, NULL, msg);
	}
	/* Copies with their NULs: the cells trimmed in place would need a
	 * writable row. */
	const char *v[IC__COUNT];
	for (int col = 0; col < IC__COUNT; col++) {
		const char *s;
		size_t n;
		cell(row, h, col, &s, &n);
		if (memchr(s, '\0', n) || !utf8_valid(s, n))
			return problem_set(p, P_INVALID_TEXT, import_columns[col],
					   "This cell is not valid UTF-8 text.");
		memcpy(out->text[col], s, n);
		out->text[col][n] = '\0';
		v[col] = out->text[col];
	}
	out->in = (struct student_input){
		.country = v[IC_COUNTRY],
		.national_id = v[IC_NATIONAL_ID],
		.sector_id = v[IC_SECTOR_ID],
		.given_name = v[IC_GIVEN_NAME],
		.family_name = v[IC_FAMILY_NAME],
		.birth_date = v[IC_BIRTH_DATE],
		.sex = v[IC_SEX],
		.school = v[IC_SCHOOL],
		.school_year = v[IC_SCHOOL_YEAR],
		.class_name = v[IC_CLASS],
	};
	return grade_parse(v[IC_GRADE], &out->in.grade, p);
}

/* Check one data row; on success it is the next row of the current batch.
 * A failure of the store is fatal to the import (im->fatal). */
static int row_check(struct importer *im, const struct csv_row *row, struct problem *p, char *msg,
		     size_t msglen)
{
	struct import_record rec;
	struct batch *b = im->cur;
	struct irow *r = &b->rows[b->nrows];
	int rc = import_row_decode(row, &im->header, &rec, p, msg, msglen);
	if (!rc)
		rc = student_prepare(&rec.in, &r->s, p);
	if (rc)
		return rc;
	struct school_entry *school;
	rc = import_school_get(&im->schools, im->o->db, im->o->who, im->o->roles, r->s.school,
			       &school);
	if (rc) {
		im->fatal = rc;
		return problem_err(p, rc);
	}
	if (school->rc)
		return problem_set(p, school->pid, "school", school->detail);
	rc = student_grade_fits(&school->ref, r->s.country, r->s.grade, p);
	if (rc)
		return rc;
	r->line = row->line;
	r->school = school;
	b->nrows++;
	return ERR_OK;
}

/* The csv_row_fn of an import: the header, then each data row into the
 * current batch (or its errors), flushing full batches. */
static int import_row(const struct csv_row *row, void *arg)
{
	struct importer *im = arg;
	if (!im->header_seen) {
		struct problem p;
		im->header_seen = true;
		if (import_header_parse(row, &im->header, &p, im->message, im->message_len)) {
			im->fatal = ERR_INVALID;
			return 1;
		}
		return 0;
	}
	if (!row->error && row_blank(row))
		return 0;
	struct problem p = {0};
	char msg[IMPORT_MSG_MAX];
	int rc = row_check(im, row, &p, msg, sizeof(msg));
	if (im->fatal)
		return 1;
	struct batch *b = im->cur;
	if (rc) {
		import_error_add(b, row->line, p.field, p.id ? p.id : P_INTERNAL, p.detail);
		b->npre = b->nerrs;
	}
	b->last_line = row->line;
	if (b->nrows + b->npre >= im->batch_rows) {
		rc = importer_flush(im);
		if (rc) {
			im->fatal = rc;
			return 1;
		}
		if (im->o->should_stop && im->o->should_stop()) {
			im->stopped = true;
			return 1;
		}
	}
	return 0;
}

/* ---- the run ---- */

struct finish_job {
	int64_t id;
	const char *status;
	const struct import_result *r;
};

static int finish_write(struct db_conn *c, void *arg)
{
	struct finish_job *f = arg;
	return job_finish(c, f->id, f->status, f->r->processed, f->r->succeeded, f->r->failed,
			  f->r->message);
}

/* Feed the whole source through the importer, then store what is left
 * (unless the import is being abandoned) and settle everything queued:
 * queued batches run whatever happens. */
static int import_run(struct importer *im, const struct import_source *src)
{
	struct csv_parser *csv = csv_new();
	if (!csv)
		return ERR_NOMEM;
	int stopped = 0;
	int rc = feed_all(src, csv, import_row, im, &stopped);
	csv_free(csv);
	if (!rc && im->fatal)
		rc = im->fatal;
	if (!rc && !im->stopped && !im->header_seen) {
		snprintf(im->message, im->message_len, "The file is empty: it needs a header row.");
		rc = ERR_INVALID;
	}
	if (!rc && !im->stopped && im->cur)
		rc = importer_flush(im);
	int drained = importer_drain(im);
	return rc ? rc : drained;
}

/* The job row's message for the end of the run (unless one is set). */
static void import_message(const struct importer *im, int rc, struct import_result *out)
{
	if (!rc && im->stopped)
		snprintf(out->message, sizeof(out->message),
			 "The server stopped during the import: %" PRId64 " rows were processed, "
			 "up to line %" PRId64 " (%" PRId64 " imported, %" PRId64
			 " with errors). Import the rows after that line again.",
			 im->processed, im->done_line, im->succeeded, im->failed);
	else if (rc && !out->message[0])
		snprintf(out->message, sizeof(out->message),
			 "The import failed (%s) after %" PRId64 " rows: %" PRId64
			 " were imported and stay imported.",
			 err_str(rc), im->processed, im->succeeded);
	else if (!rc)
		snprintf(out->message, sizeof(out->message),
			 "Imported %" PRId64 " students; %" PRId64 " rows had errors.",
			 im->succeeded, im->failed);
}

int import_students(const struct import_options *o, const struct import_source *src,
		    struct import_result *out)
{
	memset(out, 0, sizeof(*out));
	struct importer im;
	int rc = importer_open(&im, o, out->message, sizeof(out->message));
	if (!rc)
		rc = import_run(&im, src);
	out->processed = im.processed;
	out->succeeded = im.succeeded;
	out->failed = im.failed;
	out->stopped = im.stopped;
	import_message(&im, rc, out);
	if (!rc && im.stopped)
		rc = ERR_UNSUPPORTED;
	importer_close(&im);
	struct finish_job f = {.id = o->job_id, .status = rc ? "failed" : "done", .r = out};
	int frc = work_write(o->db, finish_write, &f);
	if (frc)
		log_error("import job %" PRId64 ": cannot record its end: %s", o->job_id,
			  err_str(frc));
	return rc ? rc : frc;
}
