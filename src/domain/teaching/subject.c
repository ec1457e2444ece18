/*
 * subject.c: the reference subjects (subject.h).
 */
#include "core/base.h"
#include "domain/common/work.h"
#include "domain/teaching/subject.h"

int subject_read(struct db_res *res, struct arena *a, struct subject *s)
{
	s->id = db_int(res, C_SUBJECT__ID);
	s->country = db_dup(res, C_SUBJECT__COUNTRY, a);
	s->level = db_dup(res, C_SUBJECT__LEVEL, a);
	s->code = db_dup(res, C_SUBJECT__CODE, a);
	s->name = db_dup(res, C_SUBJECT__NAME, a);
	s->name_en = db_dup(res, C_SUBJECT__NAME_EN, a);
	s->scored = db_int(res, C_SUBJECT__SCORED) != 0;
	s->units = (int)db_int0(res, C_SUBJECT__UNITS);
	return s->country && s->level && s->code && s->name && s->name_en ? ERR_OK : ERR_NOMEM;
}

int subject_get(struct db_conn *c, struct arena *a, const char *country, const char *level,
		const char *code, const char *field, struct subject *out, struct problem *p)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(country ? country : ""), DBV_TEXT(level ? level : ""),
			     DBV_TEXT(code)};
	int rc = db_row(c, Q_SUBJECT_BY_CODE, v, 3, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_SUBJECT, field,
				   "No subject has this code at this school's level; "
				   "GET /api/v1/subjects lists them.");
	if (rc)
		return problem_err(p, rc);
	rc = subject_read(&res, a, out);
	db_done(&res);
	return problem_err(p, rc);
}

struct subject_list {
	struct arena *a;
	const char *country, *level;
	struct subject *items;
	int n, cap;
};

/* The next item of x, the array grown in x->a as needed; NULL if full. */
static struct subject *subject_list_push(struct subject_list *x)
{
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 32;
		struct subject *v = arena_calloc(x->a, (size_t)cap, sizeof(*v));
		if (!v)
			return NULL;
		if (x->n)
			memcpy(v, x->items, (size_t)x->n * sizeof(*v));
		x->items = v;
		x->cap = cap;
	}
	return &x->items[x->n++];
}

/* subject_list_read's snapshot. */
static int subject_list_work(struct db_conn *c, void *ctx)
{
	struct subject_list *x = ctx;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(x->country), DBV_TEXT(x->country), DBV_TEXT(x->level),
			     DBV_TEXT(x->level)};
	int rc = db_query(c, Q_SUBJECT_LIST, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct subject *s = subject_list_push(x);
		rc = s ? subject_read(&res, x->a, s) : ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int subject_list_read(struct db *db, struct arena *a, const char *country, const char *level,
		      struct subject **items, int *n)
{
	struct subject_list x = {
		.a = a, .country = country ? country : "", .level = level ? level : ""};
	int rc = work_read(db, subject_list_work, &x);
	*items = x.items;
	*n = rc ? 0 : x.n;
	return rc;
}
