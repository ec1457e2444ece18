#include "core/base.h"
#include "domain/teaching/subject.h"

static const char *dup_col(struct arena *a, struct db_res *res, int col)
{
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

int subject_read_row(struct db_res *res, int col0, struct arena *a, struct subject *s)
{
	s->id = db_int(res, col0);
	s->country = dup_col(a, res, col0 + 1);
	s->level = dup_col(a, res, col0 + 2);
	s->code = dup_col(a, res, col0 + 3);
	s->name = dup_col(a, res, col0 + 4);
	s->name_en = dup_col(a, res, col0 + 5);
	s->scored = db_int(res, col0 + 6) != 0;
	s->units = db_null(res, col0 + 7) ? 0 : (int)db_int(res, col0 + 7);
	return s->country && s->level && s->code && s->name && s->name_en ? ERR_OK : ERR_NOMEM;
}

int subject_get(struct db_conn *c, struct arena *a, const char *country, const char *level,
		const char *code, const char *field, struct subject *out, struct problem *p)
{
	struct db_res res;
	struct db_val v[] = { DBV_TEXT(country ? country : ""), DBV_TEXT(level ? level : ""),
			      DBV_TEXT(code) };
	int rc = db_row(c, Q_SUBJECT_BY_CODE, v, 3, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_SUBJECT, field, "No subject has this code at this school's level; "
				   "GET /api/v1/subjects lists them.");
	if (rc)
		return problem_err(p, rc);
	rc = subject_read_row(&res, 0, a, out);
	db_done(&res);
	return rc ? problem_err(p, rc) : ERR_OK;
}
