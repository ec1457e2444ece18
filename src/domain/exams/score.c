/*
 * score.c: importing exam scores and reading a candidate's results
 * (score.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/csv.h"
#include "domain/common/xlsx.h"
#include "domain/common/work.h"
#include "domain/exams/score.h"

/* ---- scores as text ---- */

bool exam_score_parse(const char *s, int *hundredths)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	int whole = 0, frac = 0, digits = 0, fd = 0;
	while (*s >= '0' && *s <= '9' && digits < 3) {
		whole = whole * 10 + (*s++ - '0');
		digits++;
	}
	if (!digits)
		return false;
	if (*s == '.' || *s == ',') {
		s++;
		while (*s >= '0' && *s <= '9' && fd < 2) {
			frac = frac * 10 + (*s++ - '0');
			fd++;
		}
		if (!fd)
			return false;
		if (fd == 1)
			frac *= 10;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return false;
	int v = whole * 100 + frac;
	if (v < 0 || v > EXAM_SCORE_MAX)
		return false;
	*hundredths = v;
	return true;
}

void exam_score_text(int h, char out[8])
{
	unsigned v = h < 0 ? 0 : h > EXAM_SCORE_MAX ? EXAM_SCORE_MAX : (unsigned)h;
	snprintf(out, 8, "%u.%02u", (v / 100) % 100, v % 100);
}

int exam_rows_problem(struct arena *a, struct exam_score_rows *x, int64_t row, const char *field,
		      const char *code, const char *detail)
{
	x->problems_total++;
	if (x->nproblems >= EXAM_ROW_PROBLEMS_MAX)
		return ERR_OK;
	if (!x->problems &&
	    !(x->problems = arena_calloc(a, EXAM_ROW_PROBLEMS_MAX, sizeof(*x->problems))))
		return ERR_NOMEM;
	x->problems[x->nproblems++] = (struct exam_row_problem){row, field, code, detail};
	return ERR_OK;
}

/* ---- CSV ---- */

struct csv_read {
	struct arena *a;
	struct exam_score_rows *out;
	int col_number, col_subject, col_score; /* -1 until the header names them */
	bool header;
	int rc;
};

static bool header_is(const char *cell, const char *name)
{
	while (*cell == ' ')
		cell++;
	size_t n = strlen(name);
	if (strncasecmp(cell, name, n))
		return false;
	for (cell += n; *cell == ' '; cell++)
		;
	return !*cell;
}

/* One row of cells, from either format. */
static int cells_row(struct csv_read *r, int64_t line, int nfields, const char *const *fields)
{
	struct exam_score_rows *x = r->out;
	if (!r->header) {
		r->header = true;
		for (int i = 0; i < nfields; i++) {
			const char *f = fields[i];
			if (i == 0 && !strncmp(f, "\xEF\xBB\xBF", 3))
				f += 3;
			if (header_is(f, "candidate_number"))
				r->col_number = i;
			else if (header_is(f, "subject"))
				r->col_subject = i;
			else if (header_is(f, "score"))
				r->col_score = i;
		}
		if (r->col_number < 0 || r->col_subject < 0 || r->col_score < 0)
			r->rc = exam_rows_problem(
				r->a, x, line, NULL, "missing_column",
				"The first row must name the columns candidate_number, subject "
				"and score.");
		return r->rc;
	}
	if (r->col_number < 0 || r->col_subject < 0 || r->col_score < 0)
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 1024;
		if (cap > EXAM_SCORE_ROWS_MAX)
			return r->rc = ERR_TOOLARGE;
		struct exam_score_row *more = arena_alloc(r->a, cap * sizeof(*more));
		if (!more)
			return r->rc = ERR_NOMEM;
		if (x->n)
			memcpy(more, x->rows, x->n * sizeof(*more));
		x->rows = more;
		x->cap = cap;
	}
	int need = r->col_number > r->col_subject ? r->col_number : r->col_subject;
	if (r->col_score > need)
		need = r->col_score;
	if (nfields <= need) {
		r->rc = exam_rows_problem(r->a, x, line, NULL, "missing_cell",
					  "The row has fewer cells than the header.");
		return r->rc;
	}
	struct exam_score_row *s = &x->rows[x->n];
	s->line = line;
	s->number = arena_strdup(r->a, fields[r->col_number]);
	s->subject = arena_strdup(r->a, fields[r->col_subject]);
	s->score = arena_strdup(r->a, fields[r->col_score]);
	if (!s->number || !s->subject || !s->score)
		return r->rc = ERR_NOMEM;
	x->n++;
	return 0;
}

static int csv_row(const struct csv_row *row, void *ctx)
{
	struct csv_read *r = ctx;
	if (row->error) {
		r->rc = exam_rows_problem(r->a, r->out, row->line, NULL, csv_error_code(row->error),
					  csv_error_message(row->error));
		return r->rc;
	}
	return cells_row(r, row->line, row->nfields, row->fields);
}

static int xlsx_row(int64_t line, int n, const char *const *cells, void *ctx)
{
	return cells_row(ctx, line, n, cells);
}

int exam_scores_xlsx(struct arena *a, const char *body, size_t len, struct exam_score_rows *out)
{
	struct csv_read r = {a, out, -1, -1, -1, false, ERR_OK};
	char err[160];
	int rc = xlsx_read(body, len, xlsx_row, &r, err, sizeof(err));
	if (r.rc)
		return r.rc;
	if (rc == ERR_INVALID) {
		const char *d = arena_strdup(a, err);
		return d ? exam_rows_problem(a, out, 0, NULL, "not_a_workbook", d) : ERR_NOMEM;
	}
	if (rc)
		return rc;
	if (!r.header)
		return exam_rows_problem(a, out, 1, NULL, "missing_column",
					 "The sheet is empty: the first row must name the columns "
					 "candidate_number, subject and score.");
	return ERR_OK;
}

int exam_scores_csv(struct arena *a, const char *body, size_t len, struct exam_score_rows *out)
{
	struct csv_parser *p = csv_new();
	if (!p)
		return ERR_NOMEM;
	struct csv_read r = {a, out, -1, -1, -1, false, ERR_OK};
	int rc = csv_feed(p, body, len, csv_row, &r);
	if (!rc)
		rc = csv_finish(p, csv_row, &r);
	csv_free(p);
	if (r.rc)
		return r.rc;
	if (rc)
		return rc;
	if (!r.header)
		return exam_rows_problem(a, out, 1, NULL, "missing_column",
					 "The file is empty: the first row must name the columns "
					 "candidate_number, subject and score.");
	return ERR_OK;
}

/* ---- the import ---- */

struct seated {
	const char *number; /* 8 digits */
	int64_t id, org_id;
	const char *subjects; /* JSON text */
};

static int seated_order(const void *a, const void *b)
{
	return strcmp(((const struct seated *)a)->number, ((const struct seated *)b)->number);
}

static const struct seated *seated_find(const struct seated *s, size_t n, const char *number)
{
	struct seated key = {.number = number};
	if (!s || !n)
		return NULL;
	return bsearch(&key, s, n, sizeof(*s), seated_order);
}

/* Whether a JSON array of codes (stored text) holds code. */
static bool takes_subject(const char *subjects, const char *code)
{
	size_t n = strlen(code);
	if (!n || n > 64 || strchr(code, '"') || strchr(code, '\\'))
		return false;
	for (const char *p = subjects; (p = strchr(p, '"')); p++) {
		if (!strncmp(p + 1, code, n) && p[n + 1] == '"')
			return true;
		p = strchr(p + 1, '"');
		if (!p)
			break;
	}
	return false;
}

static int seated_read(struct db_conn *c, struct arena *a, int64_t session, struct seated **out,
		       size_t *n)
{
	struct db_res res;
	struct db_val v = DBV_INT(session);
	int rc = db_query(c, Q_SCORE_CANDIDATES, &v, 1, &res), step = 0;
	size_t cap = 0;
	*n = 0;
	*out = NULL;
	while (!rc && (step = db_next(&res)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct seated *more = arena_alloc(a, cap * sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			if (*n)
				memcpy(more, *out, *n * sizeof(*more));
			*out = more;
		}
		struct seated *s = &(*out)[(*n)++];
		s->id = db_int(&res, C_SCORE_CANDIDATES__ID);
		s->org_id = db_int(&res, C_SCORE_CANDIDATES__ORG_ID);
		s->number = db_dup(&res, C_SCORE_CANDIDATES__CANDIDATE_NUMBER, a);
		s->subjects = db_dup(&res, C_SCORE_CANDIDATES__SUBJECTS, a);
		if (!s->number || !s->subjects)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Rows by (number, subject), to find a pair given twice. */
static int row_order(const void *a, const void *b, void *base)
{
	const struct exam_score_row *rows = base;
	const struct exam_score_row *x = &rows[*(const size_t *)a], *y = &rows[*(const size_t *)b];
	int c = strcmp(x->number, y->number);
	if (!c)
		c = strcmp(x->subject, y->subject);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Check every row; the faults go to x->in->problems. */
static int rows_check(struct arena *a, struct exam_scores_import *x, const struct seated *s,
		      size_t ns, int *scores, size_t *who)
{
	struct exam_score_rows *in = x->in;
	int rc = ERR_OK;
	for (size_t i = 0; i < in->n && !rc; i++) {
		const struct exam_score_row *r = &in->rows[i];
		const struct seated *w = seated_find(s, ns, r->number);
		who[i] = w ? (size_t)(w - s) : SIZE_MAX;
		if (!w)
			rc = exam_rows_problem(a, in, r->line, "candidate_number",
					       "unknown_candidate",
					       "No candidate of this session has this number.");
		else if (!takes_subject(w->subjects, r->subject))
			rc = exam_rows_problem(a, in, r->line, "subject", "unknown_subject",
					       "The candidate did not register this subject.");
		if (!rc && !exam_score_parse(r->score, &scores[i]))
			rc = exam_rows_problem(a, in, r->line, "score", "invalid_score",
					       "A score is 0 to 10 with at most two decimals.");
	}
	if (rc || in->n < 2)
		return rc;
	size_t *order = malloc(in->n * sizeof(*order));
	if (!order)
		return ERR_NOMEM;
	for (size_t i = 0; i < in->n; i++)
		order[i] = i;
	qsort_r(order, in->n, sizeof(*order), row_order, in->rows);
	for (size_t i = 1; i < in->n && !rc; i++) {
		const struct exam_score_row *p = &in->rows[order[i - 1]], *r = &in->rows[order[i]];
		if (!strcmp(p->number, r->number) && !strcmp(p->subject, r->subject))
			rc = exam_rows_problem(
				a, in, r->line, "subject", "duplicate",
				arena_printf(a,
					     "This candidate's %s score is on row %" PRId64
					     " already.",
					     r->subject, p->line));
	}
	free(order);
	return rc;
}

int exam_scores_import_tx(struct db_conn *c, void *ctx)
{
	struct exam_scores_import *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->session_id);
	int rc = db_row(c, Q_SCORE_SESSION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *path = db_dup(&res, C_SCORE_SESSION__ORG_PATH, a);
	int64_t office = db_int(&res, C_SCORE_SESSION__ORG_ID);
	bool assigned = !db_null(&res, C_SCORE_SESSION__ASSIGNED_AT);
	db_done(&res);
	if (!path)
		return problem_err(&x->p, ERR_NOMEM);
	const char *subject = arena_printf(a, "exam_session:%" PRId64, x->session_id);
	struct access_decision d;
	rc = actor_may_write_org(
		x->by, path, "exam_scores_import", 0, subject, NULL,
		"Only the managers of the office running the session import scores.", &d, &x->p);
	if (rc)
		return rc;
	if (!assigned)
		return problem_set(&x->p, P_NOT_ASSIGNED, NULL,
				   "The session has no candidate numbers yet: assign rooms first.");
	/* A rerun of the work starts the checks afresh. */
	x->in->nproblems = x->in->problems_total = 0;
	struct seated *s;
	size_t ns;
	rc = seated_read(c, a, x->session_id, &s, &ns);
	int *scores = rc ? NULL : malloc((x->in->n ? x->in->n : 1) * sizeof(*scores));
	size_t *who = rc ? NULL : malloc((x->in->n ? x->in->n : 1) * sizeof(*who));
	if (!rc && (!scores || !who))
		rc = ERR_NOMEM;
	if (!rc)
		rc = rows_check(a, x, s, ns, scores, who);
	if (!rc && !x->in->problems_total && !x->in->n)
		rc = exam_rows_problem(a, x->in, 1, NULL, "no_rows", "The file has no scores.");
	if (!rc && x->in->problems_total) {
		free(scores);
		free(who);
		return problem_set(&x->p, P_INVALID_SCORES, "body", NULL);
	}
	if (!rc) {
		struct db_val iv[] = {DBV_INT(x->session_id), DBV_INT(office),
				      DBV_TEXT(x->format),    DBV_TEXT(x->sha256),
				      DBV_INT(x->size),	      DBV_INT((int64_t)x->in->n),
				      DBV_INT(x->now_ms),     DBV_INT(x->by->who->user_id)};
		rc = db_row(c, Q_SCORE_IMPORT_INSERT, iv, ARRAY_SIZE(iv), &res);
		if (!rc) {
			x->import_id = db_int(&res, C_SCORE_IMPORT_INSERT__ID);
			db_done(&res);
		}
	}
	for (size_t i = 0; i < x->in->n && !rc; i++) {
		const struct seated *w = &s[who[i]];
		struct db_val sv[] = {DBV_INT(w->id),	     DBV_TEXT(x->in->rows[i].subject),
				      DBV_INT(w->org_id),    DBV_INT(scores[i]),
				      DBV_INT(x->import_id), DBV_INT(x->now_ms)};
		rc = db_exec(c, Q_SCORE_UPSERT, sv, ARRAY_SIZE(sv), NULL);
	}
	free(scores);
	free(who);
	x->stored = rc ? 0 : (int64_t)x->in->n;
	if (!rc) {
		const char *what = arena_printf(a, "%s import=%" PRId64 " rows=%zu", subject,
						x->import_id, x->in->n);
		rc = what ? actor_audit(c, x->by, &d, "exam_scores_import", 0, what) : ERR_NOMEM;
	}
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

/* ---- results ---- */

int exam_results_decide(struct db_conn *c, const struct actor *by, int64_t person,
			const char *school_path, const char *office_path, struct access_decision *d,
			bool *self, bool *office)
{
	const struct principal *p = by->who;
	*self = *office = false;
	memset(d, 0, sizeof(*d));
	if (!p)
		return ERR_OK; /* no one signed in: refused */
	for (int i = 0; p->person_id == person && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_CANDIDATE) {
			*d = (struct access_decision){
				.allowed = true, .visible = true, .grant = &p->grants[i]};
			*self = true;
			return ERR_OK;
		}
	const struct grant *g = principal_reach(p, ACCESS_STAFF, office_path);
	if (g) {
		*d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
		*office = true;
		return ERR_OK;
	}
	int rc = actor_may_read_student(c, by, ACCESS_READ, person, d);
	if (rc || d->allowed)
		return rc;
	if ((g = principal_reach(p, ACCESS_STAFF, school_path)))
		*d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
	return ERR_OK;
}

static int results_fn(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_results *x = ctx;
	struct arena *a = by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->registration_id);
	int rc = db_row(c, Q_SCORE_REGISTRATION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t person = db_int(&res, C_SCORE_REGISTRATION__PERSON_ID);
	x->results_at = db_int0(&res, C_SCORE_REGISTRATION__RESULTS_AT_MS);
	x->remarks_close_at = db_int0(&res, C_SCORE_REGISTRATION__REMARKS_CLOSE_AT_MS);
	x->time_zone = db_dup(&res, C_SCORE_REGISTRATION__TIME_ZONE, a);
	x->candidate_number = db_null(&res, C_SCORE_REGISTRATION__CANDIDATE_NUMBER)
				      ? NULL
				      : db_dup(&res, C_SCORE_REGISTRATION__CANDIDATE_NUMBER, a);
	const char *office = db_dup(&res, C_SCORE_REGISTRATION__OFFICE_PATH, a);
	const char *school = db_dup(&res, C_SCORE_REGISTRATION__SCHOOL_PATH, a);
	db_done(&res);
	if (!office || !school || !x->time_zone)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	bool self, office_staff;
	rc = exam_results_decide(c, by, person, school, office, &d, &self, &office_staff);
	if (rc)
		return problem_err(&x->p, rc);
	rc = actor_audit_student_read(by, &d, "exam_results_read", person, &x->audit, &x->p);
	if (rc)
		return rc;
	if (!d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	x->allowed = d.allowed;
	if (!d.allowed)
		return ERR_OK;
	if (!office_staff && (!x->results_at || x->now_ms < x->results_at)) {
		x->allowed = false;
		return problem_set(&x->p, P_RESULTS_NOT_PUBLISHED, NULL, NULL);
	}
	size_t cap = 16;
	x->scores = arena_calloc(a, cap, sizeof(*x->scores));
	if (!x->scores)
		return problem_err(&x->p, ERR_NOMEM);
	rc = db_query(c, Q_SCORE_OF_REGISTRATION, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			struct exam_score *more = arena_calloc(a, cap * 2, sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, x->scores, cap * sizeof(*more));
			x->scores = more;
			cap *= 2;
		}
		struct exam_score *s = &x->scores[x->n++];
		s->subject = db_dup(&res, C_SCORE_OF_REGISTRATION__SUBJECT, a);
		s->score = (int)db_int(&res, C_SCORE_OF_REGISTRATION__SCORE);
		s->remark_new = -1;
		if (!s->subject)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return problem_err(&x->p, rc);
	rc = db_query(c, Q_REMARK_OF_REGISTRATION, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		size_t len;
		const char *subj = db_text(&res, C_REMARK_OF_REGISTRATION__SUBJECT, &len);
		for (size_t i = 0; i < x->n; i++)
			if (!strcmp(x->scores[i].subject, subj)) {
				struct exam_score *s = &x->scores[i];
				s->remark_id = db_int(&res, C_REMARK_OF_REGISTRATION__ID);
				s->remark_status =
					db_dup(&res, C_REMARK_OF_REGISTRATION__STATUS, a);
				s->remark_old =
					(int)db_int(&res, C_REMARK_OF_REGISTRATION__OLD_SCORE);
				s->remark_new =
					db_null(&res, C_REMARK_OF_REGISTRATION__NEW_SCORE)
						? -1
						: (int)db_int(&res,
							      C_REMARK_OF_REGISTRATION__NEW_SCORE);
				if (!s->remark_status)
					rc = ERR_NOMEM;
			}
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

int exam_results_read(struct db *db, const struct actor *by, struct exam_results *x)
{
	return actor_work_read(db, by, results_fn, x);
}
