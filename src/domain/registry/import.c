/*
 * import.c: see import.h and docs/internals/import.md.
 *
 * The importing thread parses, checks and prepares rows and fills batches;
 * a writer thread stores them. Up to `inflight` batches are queued at once,
 * so preparing the next batch overlaps storing the last ones, and the
 * writer's group commit puts the batches it finds waiting into one
 * transaction. Batches are settled (their outcome looked at, counted,
 * reported) in the order they were made.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/registry/import.h"
#include "domain/common/job.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"
#include "domain/common/text.h"

#include <pthread.h>

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
#define IMPORT_MSG_MAX	  200

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

/* ---- schools, cached for the length of an import ---- */

struct school_entry {
	char code[33];
	int rc;		    /* ERR_OK, or ERR_INVALID with the problem below */
	const char *pcode;  /* unknown_school, not_a_school, out_of_scope */
	const char *detail; /* static */
	struct org_ref ref;
};

struct school_slot {
	struct school_entry *e;
};

struct school_cache {
	struct school_slot *slots;
	size_t cap, n; /* cap: a power of two */
};

static uint64_t hash_code(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void cache_release(struct school_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].e);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

static int cache_grow(struct school_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 64;
	struct school_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return ERR_NOMEM;
	for (size_t i = 0; i < c->cap; i++) {
		struct school_entry *e = c->slots[i].e;
		if (!e)
			continue;
		size_t k = hash_code(e->code) & (cap - 1);
		while (slots[k].e)
			k = (k + 1) & (cap - 1);
		slots[k].e = e;
	}
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
	return ERR_OK;
}

struct school_lookup {
	struct school_entry *e;
	struct problem p;
};

static int school_lookup_read(struct db_conn *c, void *arg)
{
	struct school_lookup *l = arg;
	return school_ref(c, l->e->code, &l->e->ref, &l->p);
}

/* The entry for code (at most 32 bytes, checked by student_prepare), looked
 * up once per import. A database failure is returned, not cached. */
static int cache_get(struct school_cache *c, struct db *db, const struct principal *who,
		     unsigned roles, const char *code, struct school_entry **out)
{
	if ((c->n + 1) * 2 > c->cap && cache_grow(c))
		return ERR_NOMEM;
	size_t k = hash_code(code) & (c->cap - 1);
	while (c->slots[k].e) {
		if (!strcmp(c->slots[k].e->code, code)) {
			*out = c->slots[k].e;
			return ERR_OK;
		}
		k = (k + 1) & (c->cap - 1);
	}
	struct school_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	snprintf(e->code, sizeof(e->code), "%s", code);
	struct school_lookup l = {.e = e};
	int rc = db_read(db, school_lookup_read, &l);
	if (rc == ERR_INVALID) {
		e->rc = rc;
		e->pcode = l.p.code;
		e->detail = l.p.detail;
	} else if (rc) {
		free(e);
		return rc;
	} else if (!principal_reaches(who, roles, e->ref.path)) {
		e->rc = ERR_INVALID;
		e->pcode = "out_of_scope";
		e->detail = "You may only register students at schools you manage.";
	}
	c->slots[k].e = e;
	c->n++;
	*out = e;
	return ERR_OK;
}

/* ---- batches ---- */

struct irow {
	int64_t line;
	const struct school_entry *school;
	struct student_new s;
};

struct ierr {
	int64_t line;
	const char *field; /* static or NULL */
	const char *code;  /* static */
	char message[IMPORT_MSG_MAX];
};

struct importer;

struct batch {
	struct db_job job;
	struct importer *im;
	struct irow *rows;
	int nrows;
	struct ierr *errs;
	int npre;	   /* errors found before the write */
	int nerrs;	   /* npre plus the conflicts the write found */
	int64_t processed; /* input rows this batch accounts for */
	int64_t succeeded; /* set by the write */
	int64_t last_line; /* of the last input row it accounts for */
	bool queued, finished;
	/* A row the write could not store for an unexpected reason. */
	int64_t bad_line;
	char dberr[256];
	struct student_batch names; /* the rows' search keys, stored sorted at the end */
	struct batch *next;	    /* in the importer's queue */
};

struct importer {
	const struct import_options *o;
	int batch_rows;
	struct import_header header;
	bool header_seen;
	int fatal;     /* an err that ends the import */
	char *message; /* out->message */
	size_t message_len;
	struct school_cache schools;
	int inflight;		     /* batches that may be queued at once */
	struct batch *pool;	     /* inflight + 1: the queued, the one being filled */
	struct batch *cur;	     /* being filled */
	struct batch *qhead, *qtail; /* queued, oldest first */
	int nqueued;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t processed, succeeded, failed;
	int64_t done_line; /* every input line up to it is settled */
	bool stopped;
};

static void add_err(struct batch *b, int64_t line, const char *field, const char *code,
		    const char *message)
{
	struct ierr *e = &b->errs[b->nerrs++];
	e->line = line;
	e->field = field;
	e->code = code;
	snprintf(e->message, sizeof(e->message), "%s", message ? message : "");
}

static int batch_alloc(struct batch *b, int rows)
{
	b->rows = malloc((size_t)rows * sizeof(*b->rows));
	b->errs = malloc(2 * (size_t)rows * sizeof(*b->errs));
	if (!b->rows || !b->errs)
		return ERR_NOMEM;
	return student_batch_init(&b->names, (size_t)rows);
}

static void batch_clear(struct batch *b)
{
	b->nrows = b->npre = b->nerrs = 0;
	b->processed = b->succeeded = 0;
	b->last_line = 0;
	b->queued = b->finished = false;
	b->bad_line = 0;
	b->dberr[0] = '\0';
	b->next = NULL;
}

/* The connection's last message, on one line, for the log. */
static void keep_dberr(struct batch *b, struct db_conn *c)
{
	snprintf(b->dberr, sizeof(b->dberr), "%s", db_errmsg(c));
	for (char *p = b->dberr; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/*
 * The write job: store each row, record the errors and add the progress, as
 * one unit of the writer's group commit (a savepoint, or a transaction of
 * its own when the writer finds it alone). The rows' search keys are stored
 * last, sorted (student_batch_flush), in the same unit. A duplicate national id found by
 * student_insert's own check (it looks before it writes, so the row left
 * nothing) is an error row and the rest go on. Anything else returns the
 * error, the writer undoes the whole batch, and the importer retries it row
 * by row.
 */
static int batch_write(struct db_conn *c, void *arg)
{
	struct batch *b = arg;
	b->nerrs = b->npre;
	b->succeeded = 0;
	b->bad_line = 0;
	student_batch_reset(&b->names);
	int rc = ERR_OK;
	for (int i = 0; i < b->nrows && !rc; i++) {
		struct irow *r = &b->rows[i];
		struct problem p = {0};
		int64_t id;
		rc = student_insert_batched(c, &b->names, &r->s, &r->school->ref, &id, NULL, &p);
		if (rc == ERR_OK) {
			b->succeeded++;
		} else if (rc == ERR_CONFLICT && p.ext_name) {
			add_err(b, r->line, p.field, p.code ? p.code : "conflict", p.detail);
			rc = ERR_OK;
		} else {
			b->bad_line = r->line;
			keep_dberr(b, c);
		}
	}
	if (!rc)
		rc = student_batch_flush(c, &b->names);
	int64_t job = b->im->o->job_id;
	for (int i = 0; i < b->nerrs && !rc; i++) {
		const struct ierr *e = &b->errs[i];
		rc = job_error_add(c, job, e->line, e->field, e->code, e->message);
	}
	if (!rc)
		rc = job_add_progress(c, job, b->processed, b->succeeded, b->nerrs);
	if (rc && !b->dberr[0])
		keep_dberr(b, c);
	return rc;
}

static void batch_done(struct db_job *job)
{
	struct batch *b = (struct batch *)job;
	struct importer *im = b->im;
	pthread_mutex_lock(&im->lock);
	b->finished = true;
	pthread_cond_broadcast(&im->cond);
	pthread_mutex_unlock(&im->lock);
}

static void batch_submit(struct importer *im, struct batch *b)
{
	b->job.fn = batch_write;
	b->job.ctx = b;
	b->job.done = batch_done;
	b->im = im;
	b->queued = true;
	b->finished = false;
	db_submit(im->o->db, &b->job);
}

static void batch_wait(struct importer *im, struct batch *b)
{
	pthread_mutex_lock(&im->lock);
	while (!b->finished)
		pthread_cond_wait(&im->cond, &im->lock);
	pthread_mutex_unlock(&im->lock);
}

/* Run b now and wait for its commit. */
static int batch_run(struct importer *im, struct batch *b)
{
	batch_submit(im, b);
	batch_wait(im, b);
	return b->job.rc;
}

static void count(struct importer *im, const struct batch *b)
{
	im->processed += b->processed;
	im->succeeded += b->succeeded;
	im->failed += b->nerrs;
}

/*
 * A batch failed as a whole (nothing of it is stored): store its rows one
 * per transaction, so that good rows land and the bad one is reported, then
 * its errors. Uses the spare batch of the pool, which is free whenever a
 * batch is being settled.
 */
static int batch_retry_rows(struct importer *im, struct batch *b, struct batch *one)
{
	log_info("import job %" PRId64 ": a batch failed (%s; %s at line %" PRId64
		 "); retrying it row by row",
		 im->o->job_id, err_str(b->job.rc), b->dberr[0] ? b->dberr : "-", b->bad_line);
	/* The conflicts the failed attempt found did not last. */
	b->nerrs = b->npre;
	for (int i = 0; i < b->nrows; i++) {
		batch_clear(one);
		one->rows[0] = b->rows[i];
		one->nrows = 1;
		one->processed = 1;
		int rc = batch_run(im, one);
		if (rc == ERR_OK) {
			count(im, one);
			continue;
		}
		log_error("import job %" PRId64 ": line %" PRId64 " not stored: %s (%s)",
			  im->o->job_id, b->rows[i].line, err_str(rc),
			  one->dberr[0] ? one->dberr : "-");
		/* Kept among b's errors: b->errs has room for every row twice. */
		add_err(b, b->rows[i].line, NULL, rc == ERR_RETRY ? "busy" : "internal",
			rc == ERR_RETRY ? "The database was busy; import this row again."
					: "This row could not be stored because of a server error; "
					  "it has been logged.");
	}
	/* The errors found before the write, and these: one last transaction. */
	batch_clear(one);
	memcpy(one->errs, b->errs, (size_t)b->nerrs * sizeof(*one->errs));
	one->npre = one->nerrs = b->nerrs;
	one->processed = b->nerrs;
	int rc = batch_run(im, one);
	if (rc) {
		log_error("import job %" PRId64 ": cannot record errors: %s (%s)", im->o->job_id,
			  err_str(rc), one->dberr[0] ? one->dberr : "-");
		return rc;
	}
	count(im, one);
	return ERR_OK;
}

/* Wait for the oldest queued batch and account for it. */
static int settle_oldest(struct importer *im)
{
	struct batch *b = im->qhead;
	im->qhead = b->next;
	if (!im->qhead)
		im->qtail = NULL;
	im->nqueued--;
	batch_wait(im, b);
	b->queued = false;
	int rc = b->job.rc;
	if (rc == ERR_OK) {
		count(im, b);
	} else {
		/* The pool holds one batch more than may be queued besides the
		 * one being filled, so a spare is always there. */
		struct batch *one = NULL;
		for (int i = 0; i < im->inflight + 1 && !one; i++) {
			struct batch *x = &im->pool[i];
			if (x != b && x != im->cur && !x->queued)
				one = x;
		}
		rc = one ? batch_retry_rows(im, b, one) : ERR_INTERNAL;
	}
	im->done_line = b->last_line;
	if (im->o->progress)
		im->o->progress(im->o->progress_ctx, im->processed, im->succeeded, im->failed);
	return rc;
}

/* A batch that is neither queued nor being filled. */
static struct batch *batch_free(struct importer *im)
{
	for (int i = 0; i < im->inflight + 1; i++) {
		struct batch *x = &im->pool[i];
		if (x != im->cur && !x->queued)
			return x;
	}
	return NULL;
}

/* The current batch is full (or the input ended): queue it, make room for
 * the next. */
static int flush_batch(struct importer *im)
{
	struct batch *b = im->cur;
	if (b->nrows == 0 && b->npre == 0)
		return ERR_OK;
	b->nerrs = b->npre;
	b->processed = b->nrows + b->npre;
	b->next = NULL;
	if (im->qtail)
		im->qtail->next = b;
	else
		im->qhead = b;
	im->qtail = b;
	im->nqueued++;
	batch_submit(im, b);
	im->cur = NULL;
	int rc = ERR_OK;
	while (!rc && im->nqueued >= im->inflight)
		rc = settle_oldest(im);
	if (rc)
		return rc;
	im->cur = batch_free(im);
	if (!im->cur)
		return ERR_INTERNAL;
	batch_clear(im->cur);
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
		return problem_set(p, P_REQUIRED, "grade", "The grade is required: a number from 1 to 12.");
	char ascii[16];
	if (text_digits_ascii(s, ascii, sizeof(ascii)))
		return problem_set(p, P_INVALID, "grade", "The grade is a number from 1 to 12.");
	char *end;
	errno = 0;
	long v = strtol(ascii, &end, 10);
	if (errno || end == ascii || *end)
		return problem_set(p, P_INVALID, "grade", "The grade is a number from 1 to 12.");
	if (v < 1 || v > 12)
		return problem_set(p, P_OUT_OF_RANGE, "grade", "The grade is a number from 1 to 12.");
	*out = v;
	return ERR_OK;
}

/* Check one data row; on success it is the next row of the current batch. */
static int row_check(struct importer *im, const struct csv_row *row, struct problem *p, char *msg,
		     size_t msglen)
{
	if (row->error)
		return problem_code(p, csv_error_code(row->error), NULL, csv_error_message(row->error));
	if (row->nfields != im->header.nfields) {
		snprintf(msg, msglen, "This row has %d cells; the header has %d.", row->nfields,
			 im->header.nfields);
		return problem_set(p, P_WRONG_FIELD_COUNT, NULL, msg);
	}
	/* Copies with their NULs: the cells trimmed in place would need a
	 * writable row. */
	char text[IC__COUNT][CSV_FIELD_MAX + 1];
	const char *v[IC__COUNT];
	for (int col = 0; col < IC__COUNT; col++) {
		const char *s;
		size_t n;
		cell(row, &im->header, col, &s, &n);
		if (memchr(s, '\0', n) || !utf8_valid(s, n))
			return problem_set(p, P_INVALID_TEXT, import_columns[col], "This cell is not valid UTF-8 text.");
		memcpy(text[col], s, n);
		text[col][n] = '\0';
		v[col] = text[col];
	}
	struct student_input in = {
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
	struct batch *b = im->cur;
	struct irow *r = &b->rows[b->nrows];
	int rc = grade_parse(v[IC_GRADE], &in.grade, p);
	if (!rc)
		rc = student_prepare(&in, &r->s, p);
	if (rc)
		return rc;
	struct school_entry *school;
	rc = cache_get(&im->schools, im->o->db, im->o->who, im->o->roles, r->s.school, &school);
	if (rc) {
		im->fatal = rc;
		return problem_err(p, rc);
	}
	if (school->rc)
		return problem_code(p, school->pcode, "school", school->detail);
	rc = student_grade_fits(&school->ref, r->s.country, r->s.grade, p);
	if (rc)
		return rc;
	r->line = row->line;
	r->school = school;
	b->nrows++;
	return ERR_OK;
}

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
		add_err(b, row->line, p.field, p.code ? p.code : err_str(rc), p.detail);
		b->npre = b->nerrs;
	}
	b->last_line = row->line;
	if (b->nrows + b->npre >= im->batch_rows) {
		rc = flush_batch(im);
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

static void importer_release(struct importer *im)
{
	for (int i = 0; im->pool && i < im->inflight + 1; i++) {
		free(im->pool[i].rows);
		free(im->pool[i].errs);
		student_batch_release(&im->pool[i].names);
	}
	free(im->pool);
	cache_release(&im->schools);
	pthread_mutex_destroy(&im->lock);
	pthread_cond_destroy(&im->cond);
}

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

int import_students(const struct import_options *o, const struct import_source *src,
		    struct import_result *out)
{
	memset(out, 0, sizeof(*out));
	struct importer im = {
		.o = o,
		.batch_rows = o->batch_rows > 0 ? o->batch_rows : IMPORT_BATCH_ROWS,
		.inflight = o->inflight > 0 ? o->inflight : IMPORT_INFLIGHT,
		.message = out->message,
		.message_len = sizeof(out->message),
	};
	pthread_mutex_init(&im.lock, NULL);
	pthread_cond_init(&im.cond, NULL);
	im.pool = calloc((size_t)im.inflight + 1, sizeof(*im.pool));
	int rc = im.pool ? ERR_OK : ERR_NOMEM;
	for (int i = 0; i < im.inflight + 1 && !rc; i++) {
		rc = batch_alloc(&im.pool[i], im.batch_rows);
		batch_clear(&im.pool[i]);
	}
	struct csv_parser *csv = rc ? NULL : csv_new();
	if (!csv)
		rc = ERR_NOMEM;
	int stopped = 0;
	if (!rc) {
		im.cur = &im.pool[0];
		rc = feed_all(src, csv, import_row, &im, &stopped);
	}
	csv_free(csv);
	if (!rc && im.fatal)
		rc = im.fatal;
	if (!rc && !im.stopped && !im.header_seen) {
		snprintf(out->message, sizeof(out->message),
			 "The file is empty: it needs a header row.");
		rc = ERR_INVALID;
	}
	/* Queue what is left (unless the import is being abandoned), then
	 * settle everything queued: queued batches run whatever happens. */
	if (!rc && !im.stopped && im.cur)
		rc = flush_batch(&im);
	while (im.nqueued) {
		int src_rc = settle_oldest(&im);
		if (!rc)
			rc = src_rc;
	}
	out->processed = im.processed;
	out->succeeded = im.succeeded;
	out->failed = im.failed;
	out->stopped = im.stopped;
	if (!rc && im.stopped) {
		snprintf(out->message, sizeof(out->message),
			 "The server stopped during the import: %" PRId64 " rows were processed, "
			 "up to line %" PRId64 " (%" PRId64 " imported, %" PRId64
			 " with errors). Import the rows after that line again.",
			 im.processed, im.done_line, im.succeeded, im.failed);
		rc = ERR_UNSUPPORTED;
	} else if (rc && !out->message[0]) {
		snprintf(out->message, sizeof(out->message),
			 "The import failed (%s) after %" PRId64 " rows: %" PRId64
			 " were imported and stay imported.",
			 err_str(rc), im.processed, im.succeeded);
	} else if (!rc) {
		snprintf(out->message, sizeof(out->message),
			 "Imported %" PRId64 " students; %" PRId64 " rows had errors.",
			 im.succeeded, im.failed);
	}
	importer_release(&im);
	struct finish_job f = {.id = o->job_id, .status = rc ? "failed" : "done", .r = out};
	int frc = db_write(o->db, finish_write, &f);
	if (frc)
		log_error("import job %" PRId64 ": cannot record its end: %s", o->job_id,
			  err_str(frc));
	return rc ? rc : frc;
}

/* ---- export ---- */

struct export_ctx {
	const struct principal *who;
	const struct export_options *o;
	struct org org;
	struct arena *a;
	struct problem *p;
	/* paging */
	int64_t school_id;
	const char *after; /* NULL or after_buf */
	char after_buf[24];
	struct arena page_arena; /* the current page's students */
	struct student_page page;
	int64_t schools[200];
	int nschools;
	int64_t school_after;
};

static int export_org_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	int rc = org_get(c, x->a, x->o->code, &x->org);
	if (rc == ERR_NOTFOUND)
		return problem_set(x->p, P_NO_SUCH_ORG, "org", "No organisation has this code.");
	if (rc)
		return problem_err(x->p, rc);
	if (x->o->school_only && strcmp(x->org.kind, "school"))
		return problem_set(x->p, P_NOT_A_SCHOOL, "school", "This organisation is not a school.");
	if (!principal_reaches(x->who, x->o->roles, x->org.path))
		return problem_set(x->p, P_OUT_OF_SCOPE, "org", "This organisation is outside your reach.");
	return ERR_OK;
}

static int export_schools_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	struct db_val v[] = {DBV_TEXT(x->org.path), DBV_TEXT(x->org.path), DBV_INT(x->school_after),
			     DBV_INT((int64_t)ARRAY_SIZE(x->schools))};
	struct db_res res;
	x->nschools = 0;
	int rc = db_query(c, Q_IMPORT_SCHOOLS_IN_SUBTREE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1)
		x->schools[x->nschools++] = db_int(&res, 0);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int export_page_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	struct student_query q = {.school_id = x->school_id, .limit = 1000, .after = x->after};
	return student_search(c, &x->page_arena, &q, &x->page, x->p);
}

static int export_row(struct buf *out, const struct student *s)
{
	char grade[8], year[16];
	snprintf(grade, sizeof(grade), "%d", s->grade);
	snprintf(year, sizeof(year), "%d-%d", s->school_year, s->school_year + 1);
	const char *v[IC__COUNT] = {
		[IC_NATIONAL_ID] = s->national_id, [IC_COUNTRY] = s->country,
		[IC_GIVEN_NAME] = s->given_name,   [IC_FAMILY_NAME] = s->family_name,
		[IC_BIRTH_DATE] = s->birth_date,   [IC_SEX] = s->sex,
		[IC_SCHOOL] = s->school,	   [IC_GRADE] = grade,
		[IC_SCHOOL_YEAR] = year,	   [IC_SECTOR_ID] = s->sector_id,
		[IC_CLASS] = s->class_name,
	};
	int rc = ERR_OK;
	for (int i = 0; i < IC__COUNT && !rc; i++)
		rc = csv_write_cell(out, v[i] ? v[i] : "", v[i] ? strlen(v[i]) : 0, i == 0);
	return rc ? rc : csv_write_end(out);
}

/* Every student enrolled now at one school, page by page. */
static int export_school(struct db *db, struct export_ctx *x, int64_t school_id, struct buf *out,
			 int64_t *rows)
{
	int (*flush)(struct buf *, void *) = x->o->flush;
	x->school_id = school_id;
	x->after = NULL;
	for (;;) {
		arena_init(&x->page_arena, (size_t)256 * 1024, 0);
		int rc = db_read(db, export_page_read, x);
		for (int i = 0; !rc && i < x->page.n; i++) {
			const struct student *s = &x->page.items[i];
			/* What an import makes: enrolled now, not merged away. */
			if (!s->grade || s->merged_into || strcmp(s->status, "enrolled"))
				continue;
			rc = export_row(out, s);
			if (!rc)
				++*rows;
		}
		bool more = !rc && x->page.next;
		if (more) {
			snprintf(x->after_buf, sizeof(x->after_buf), "%s", x->page.next);
			x->after = x->after_buf;
		}
		arena_release(&x->page_arena);
		if (!rc && flush && out->len > (size_t)1024 * 1024)
			rc = flush(out, x->o->ctx);
		if (rc)
			return rc;
		if (!more)
			return ERR_OK;
	}
}

int export_students(struct db *db, const struct principal *who, const struct export_options *o,
		    struct buf *out, int64_t *rows, struct problem *p)
{
	struct arena a;
	arena_init(&a, 4096, 0);
	struct export_ctx x = {.who = who, .o = o, .a = &a, .p = p};
	*rows = 0;
	int rc = db_read(db, export_org_read, &x);
	if (!rc)
		rc = buf_append(out, "\xEF\xBB\xBF", 3);
	for (int i = 0; !rc && i < IC__COUNT; i++)
		rc = csv_write_cell(out, import_columns[i], strlen(import_columns[i]), i == 0);
	if (!rc)
		rc = csv_write_end(out);
	if (!rc && !strcmp(x.org.kind, "school")) {
		rc = export_school(db, &x, x.org.id, out, rows);
	} else if (!rc) {
		/* x.org.path lives in a, for the whole export. */
		do {
			rc = db_read(db, export_schools_read, &x);
			int n = x.nschools;
			int64_t ids[ARRAY_SIZE(x.schools)];
			memcpy(ids, x.schools, (size_t)n * sizeof(ids[0]));
			for (int i = 0; !rc && i < n; i++)
				rc = export_school(db, &x, ids[i], out, rows);
			if (n)
				x.school_after = ids[n - 1];
			if (n < (int)ARRAY_SIZE(x.schools))
				break;
		} while (!rc);
	}
	if (!rc && o->flush && out->len)
		rc = o->flush(out, o->ctx);
	arena_release(&a);
	if (rc && p->err != rc)
		problem_err(p, rc);
	return rc;
}

/* ---- who runs a command-line import ---- */

void import_principal_national(struct principal *out)
{
	memset(out, 0, sizeof(*out));
	out->username = "(command line)";
	out->ngrants = 1;
	out->grants[0].role = ROLE_MINISTRY_ADMIN;
}

struct principal_load {
	struct arena *a;
	const char *username;
	struct principal *out;
};

static int principal_read(struct db_conn *c, void *arg)
{
	struct principal_load *l = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(l->username);
	int rc = db_row(c, Q_USER_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	struct principal *out = l->out;
	memset(out, 0, sizeof(*out));
	out->user_id = db_int(&res, 0);
	bool disabled = db_int(&res, 2) != 0;
	db_done(&res);
	if (disabled)
		return ERR_FORBIDDEN;
	out->username = arena_strdup(l->a, l->username);
	struct db_val uv = DBV_INT(out->user_id);
	rc = db_query(c, Q_USER_ROLES_OF, &uv, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1 && out->ngrants < PRINCIPAL_MAX_GRANTS) {
		int role = role_parse(db_text(&res, 0, NULL));
		if (role < 0)
			continue;
		struct grant *g = &out->grants[out->ngrants++];
		g->role = (enum role)role;
		g->org_id = db_null(&res, 1) ? 0 : db_int(&res, 1);
		g->org_code = db_null(&res, 2) ? NULL : arena_strdup(l->a, db_text(&res, 2, NULL));
		g->org_path = db_null(&res, 3) ? NULL : arena_strdup(l->a, db_text(&res, 3, NULL));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int import_principal_load(struct db *db, struct arena *a, const char *username,
			  struct principal *out)
{
	struct principal_load l = {.a = a, .username = username, .out = out};
	return db_read(db, principal_read, &l);
}
