/*
 * year_result.c: the year-end computation and the stored year results
 * (year_result.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/common/work.h"
#include "domain/teaching/year_result.h"

struct gb_year_subject {
	bool known, scored;
	int units;
	char code[16];
};

struct year_row {
	int64_t person, org, subject;
	struct gb_row row;
};

/* The schools and their policies, in id order. */
static int schools_load(struct db_conn *c, struct gb_year *y)
{
	struct db_res res;
	int rc = db_query(c, Q_GRADEBOOK_SCHOOLS, NULL, 0, &res);
	int cap = 0, step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (y->nschools == cap) {
			cap = cap ? cap * 2 : 1024;
			int64_t *ids = realloc(y->school_ids, (size_t)cap * sizeof(*ids));
			if (ids)
				y->school_ids = ids;
			signed char *pol = realloc(y->school_policy, (size_t)cap);
			if (pol)
				y->school_policy = pol;
			if (!ids || !pol) {
				rc = ERR_NOMEM;
				break;
			}
		}
		y->school_ids[y->nschools] = db_int(&res, C_GRADEBOOK_SCHOOLS__ID);
		y->school_policy[y->nschools++] = (signed char)policy_for_school(
			db_text(&res, C_GRADEBOOK_SCHOOLS__COUNTRY, NULL),
			db_text(&res, C_GRADEBOOK_SCHOOLS__LEVEL, NULL));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Every subject, indexed by id. */
static int subjects_load(struct db_conn *c, struct gb_year *y)
{
	struct db_res res;
	int rc = db_query(c, Q_SUBJECT_ALL, NULL, 0, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, C_SUBJECT__ID);
		if (id <= 0 || id > 100000)
			continue;
		if (id >= y->nsubjects) {
			int64_t n = id * 2 + 1;
			struct gb_year_subject *s = realloc(y->subjects, (size_t)n * sizeof(*s));
			if (!s) {
				rc = ERR_NOMEM;
				break;
			}
			memset(s + y->nsubjects, 0, (size_t)(n - y->nsubjects) * sizeof(*s));
			y->subjects = s;
			y->nsubjects = n;
		}
		struct gb_year_subject *s = &y->subjects[id];
		s->known = true;
		s->scored = db_int(&res, C_SUBJECT__SCORED) != 0;
		s->units =
			db_null(&res, C_SUBJECT__UNITS) ? 1 : (int)db_int(&res, C_SUBJECT__UNITS);
		snprintf(s->code, sizeof(s->code), "%s", db_text(&res, C_SUBJECT__CODE, NULL));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int school_policy(const struct gb_year *y, int64_t org)
{
	int lo = 0, hi = y->nschools - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (y->school_ids[mid] == org)
			return y->school_policy[mid];
		if (y->school_ids[mid] < org)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Compute and store one student's year result from rows[0..n), with their
 * term II qualities (NULL: none rated). */
static int year_student(struct db_conn *c, struct gb_year *y, const struct year_row *rows, int n,
			const int *qualities, int64_t now)
{
	int pol = school_policy(y, rows[0].org);
	if (pol < 0) {
		y->skipped++;
		return ERR_OK;
	}
	struct gb_mark marks[GB_MAX_SUBJECTS] = {0};
	const char *codes[GB_MAX_SUBJECTS];
	int m = 0;
	for (int i = 0; i < n && m < GB_MAX_SUBJECTS; i++) {
		int64_t sid = rows[i].subject;
		if (sid <= 0 || sid >= y->nsubjects || !y->subjects[sid].known)
			continue;
		const struct gb_year_subject *s = &y->subjects[sid];
		struct gb_subject_result r;
		gb_subject_result((enum policy_id)pol, s->scored, &rows[i].row, &r);
		marks[m] = (struct gb_mark){.scored = s->scored,
					    .units = s->units,
					    .value = r.year,
					    .test = r.year_test};
		codes[m++] = s->code;
	}
	struct gb_overall o;
	gb_overall((enum policy_id)pol, m, marks, qualities, &o);
	char flagged[GB_MAX_SUBJECTS * 17] = "";
	size_t len = 0;
	for (int i = 0; i < m; i++)
		if (o.flagged & (1ull << i))
			len += (size_t)snprintf(flagged + len, sizeof(flagged) - len, "%s%s",
						len ? "," : "", codes[i]);
	y->students++;
	y->incomplete += !o.complete;
	struct db_val v[] = {DBV_INT(y->school_year),
			     DBV_INT(rows[0].person),
			     DBV_INT(rows[0].org),
			     DBV_TEXT(policy_name((enum policy_id)pol)),
			     o.average == GB_NONE ? DBV_NULL : DBV_INT(o.average),
			     DBV_TEXT(o.result),
			     len ? DBV_TEXTN(flagged, len) : DBV_NULL,
			     DBV_INT(now)};
	return db_exec(c, Q_YEAR_RESULT_UPSERT, v, ARRAY_SIZE(v), NULL);
}

struct year_qualities {
	int64_t person;
	int levels[GB_QUALITIES]; /* term II */
};

/* The term II qualities of the students in (y->after, last], in person
 * order, into y->qbuf (at most y->page of them: a page's students). */
static int year_qualities(struct db_conn *c, struct gb_year *y, int64_t last, int *n)
{
	*n = 0;
	if (!y->qbuf && !(y->qbuf = malloc((size_t)y->page * sizeof(struct year_qualities))))
		return ERR_NOMEM;
	struct year_qualities *qs = y->qbuf;
	struct db_res res;
	struct db_val v[] = {DBV_INT(y->school_year), DBV_INT(y->after), DBV_INT(last)};
	int rc = db_query(c, Q_GRADEBOOK_QUALITIES_RANGE, v, 3, &res);
	int step = 0;
	while (!rc && *n < y->page && (step = db_next(&res)) == 1) {
		struct gb_qualities q;
		size_t len;
		const char *text = db_text(&res, C_GRADEBOOK_QUALITIES_RANGE__LEVELS, &len);
		(void)gb_qualities_decode(text, len, &q); /* unrated if it does not decode */
		qs[*n].person = db_int(&res, C_GRADEBOOK_QUALITIES_RANGE__PERSON_ID);
		memcpy(qs[*n].levels, q.v[GB_TERMS - 1], sizeof(qs[*n].levels));
		(*n)++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Read the next page of rows after y->after into y->buf: *n rows. */
static int page_read(struct db_conn *c, struct gb_year *y, int *n)
{
	struct year_row *rows = y->buf;
	struct db_res res;
	struct db_val v[] = {DBV_INT(y->school_year), DBV_INT(y->after), DBV_INT(y->page)};
	int rc = db_query(c, Q_GRADEBOOK_YEAR_PAGE, v, 3, &res);
	int step = 0;
	*n = 0;
	while (!rc && *n < y->page && (step = db_next(&res)) == 1) {
		struct year_row *r = &rows[(*n)++];
		r->person = db_int(&res, C_GRADEBOOK_YEAR_PAGE__PERSON_ID);
		r->org = db_int(&res, C_GRADEBOOK_YEAR_PAGE__ORG_ID);
		r->subject = db_int(&res, C_GRADEBOOK_YEAR_PAGE__SUBJECT_ID);
		size_t len;
		const char *text = db_text(&res, C_GRADEBOOK_YEAR_PAGE__SCORES, &len);
		if (gb_decode(text, len, &r->row))
			gb_row_init(&r->row);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Where the page's whole students end: a full page may end inside a
 * student's rows, left for the next page unless they fill it alone. */
static int page_end(struct gb_year *y, int n)
{
	const struct year_row *rows = y->buf;
	if (n < y->page) {
		y->done = true;
		return n;
	}
	int end = n;
	while (end > 0 && rows[end - 1].person == rows[n - 1].person)
		end--;
	return end ? end : n;
}

/* Compute and store the results of the students of rows[0..end). */
static int page_compute(struct db_conn *c, struct gb_year *y, int end)
{
	const struct year_row *rows = y->buf;
	int nq = 0;
	int rc = end > 0 ? year_qualities(c, y, rows[end - 1].person, &nq) : ERR_OK;
	const struct year_qualities *qs = y->qbuf;
	int64_t now = time_now_unix();
	for (int i = 0, at = 0; i < end && !rc;) {
		int j = i;
		while (j < end && rows[j].person == rows[i].person)
			j++;
		/* Both lists are in person order: a merge. */
		while (at < nq && qs[at].person < rows[i].person)
			at++;
		const int *q = at < nq && qs[at].person == rows[i].person ? qs[at].levels : NULL;
		rc = year_student(c, y, rows + i, j - i, q, now);
		i = j;
	}
	return rc;
}

int gb_year_page(struct db_conn *c, void *ctx)
{
	struct gb_year *y = ctx;
	int rc = ERR_OK;
	if (!y->page)
		y->page = 20000;
	if (!y->buf) {
		y->buf = malloc((size_t)y->page * sizeof(struct year_row));
		if (!y->buf)
			return ERR_NOMEM;
		rc = schools_load(c, y);
		if (!rc)
			rc = subjects_load(c, y);
		if (rc)
			return rc;
	}
	int n;
	rc = page_read(c, y, &n);
	if (rc)
		return rc;
	int end = page_end(y, n);
	y->rows += end;
	rc = page_compute(c, y, end);
	if (!rc && end > 0)
		y->after = ((const struct year_row *)y->buf)[end - 1].person;
	return rc;
}

void gb_year_release(struct gb_year *y)
{
	free(y->school_ids);
	free(y->school_policy);
	free(y->subjects);
	free(y->buf);
	free(y->qbuf);
	y->qbuf = NULL;
	y->school_ids = NULL;
	y->school_policy = NULL;
	y->subjects = NULL;
	y->buf = NULL;
}

int gb_year_compute(struct db *db, struct gb_year *y)
{
	int rc = ERR_OK;
	while (!rc && !y->done)
		rc = work_write(db, gb_year_page, y);
	return rc;
}
