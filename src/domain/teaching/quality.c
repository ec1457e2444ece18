/*
 * quality.c: a class's qualities and competences (vn-tt27), read and
 * saved for the whole class (quality.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/teaching/gradebook.h"
#include "domain/teaching/quality.h"
#include "domain/teaching/term_lock.h"

int gb_class_qualities(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		       struct gb_class_qualities *out)
{
	out->n = 0;
	out->students = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(int64_t));
	out->rows = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(struct gb_qualities));
	if (!out->students || !out->rows)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_INT(cls->org_id), DBV_INT(cls->grade), DBV_INT(cls->school_year),
			     DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_GRADEBOOK_QUALITIES_CLASS, v, 4, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		out->students[out->n] = db_int(&res, C_GRADEBOOK_QUALITIES_CLASS__PERSON_ID);
		size_t len = 0;
		const char *text = db_text(&res, C_GRADEBOOK_QUALITIES_CLASS__LEVELS, &len);
		/* A row that does not decode is shown unrated rather than refused. */
		(void)gb_qualities_decode(text, len, &out->rows[out->n]);
		out->n++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* A save of a term's qualities worked out on the class's rows: the rows
 * as they were, as they become, which change, and their students. */
struct quality_plan {
	struct gb_class_qualities rows;
	struct gb_qualities *before;
	bool *dirty;
	int64_t *ids;
	int nids;
};

/* Apply the entries to the rows (keeping them as they were in before[]),
 * refusing a student not in the class; the students changed into ids[]. */
static int quality_plan_entries(struct arena *a, const struct gb_quality_save *s,
				struct quality_plan *w, struct problem *p)
{
	size_t nr = (size_t)w->rows.n + 1;
	bool *seen = arena_calloc(a, nr, sizeof(bool));
	w->dirty = arena_calloc(a, nr, sizeof(bool));
	w->ids = arena_calloc(a, nr, sizeof(int64_t));
	w->before = arena_alloc(a, nr * sizeof(*w->before));
	if (!seen || !w->dirty || !w->ids || !w->before)
		return problem_err(p, ERR_NOMEM);
	memcpy(w->before, w->rows.rows, (size_t)w->rows.n * sizeof(*w->before));
	int k = s->term - 1;
	for (int i = 0; i < s->n; i++) {
		const struct gb_quality_entry *e = &s->entries[i];
		int at = gb_entry_student(a, w->rows.students, w->rows.n, seen, i, e->student, p);
		if (at < 0)
			return at;
		for (int q = 0; q < GB_QUALITIES; q++)
			if (e->set[q] && w->rows.rows[at].v[k][q] != e->levels[q]) {
				w->rows.rows[at].v[k][q] = e->levels[q];
				w->dirty[at] = true;
			}
	}
	for (int i = 0; i < w->rows.n; i++)
		if (w->dirty[i])
			w->ids[w->nids++] = w->rows.students[i];
	return ERR_OK;
}

/* Row i's quality_changes (each level that replaces another) and row. */
static int quality_save_row(struct db_conn *c, const struct gb_quality_save *s,
			    const struct quality_plan *w, int i, int64_t now)
{
	int k = s->term - 1, rc = ERR_OK;
	struct db_val by = s->by_user ? DBV_INT(s->by_user) : DBV_NULL;
	for (int q = 0; !rc && q < GB_QUALITIES; q++) {
		int old = w->before[i].v[k][q], nv = w->rows.rows[i].v[k][q];
		if (old == nv || old == GB_NONE)
			continue;
		struct db_val v[] = {DBV_INT(s->cls->org_id),
				     DBV_INT(s->cls->school_year),
				     DBV_INT(w->rows.students[i]),
				     DBV_INT(s->term),
				     DBV_TEXT(tt27_quality_name(q)),
				     DBV_INT(old),
				     nv == GB_NONE ? DBV_NULL : DBV_INT(nv),
				     by,
				     DBV_INT(now)};
		rc = db_exec(c, Q_QUALITY_CHANGE_INSERT, v, ARRAY_SIZE(v), NULL);
	}
	char text[GB_QUALITIES_TEXT];
	size_t len = gb_qualities_encode(&w->rows.rows[i], text);
	struct db_val v[] = {DBV_INT(s->cls->school_year),
			     DBV_INT(w->rows.students[i]),
			     DBV_INT(s->cls->org_id),
			     DBV_TEXTN(text, len),
			     DBV_INT(now),
			     by};
	return rc ? rc : db_exec(c, Q_GRADEBOOK_QUALITIES_UPSERT, v, ARRAY_SIZE(v), NULL);
}

int gb_save_qualities(struct db_conn *c, struct arena *a, const struct gb_quality_save *s,
		      int *changed, struct problem *p)
{
	*changed = 0;
	int rc = gb_term_open(c, s->cls, s->term, p);
	if (rc)
		return rc;
	struct quality_plan w = {0};
	rc = gb_class_qualities(c, a, s->cls, &w.rows);
	if (rc)
		return problem_err(p, rc);
	rc = quality_plan_entries(a, s, &w, p);
	if (rc)
		return rc;
	if (s->before_write && w.nids && (rc = s->before_write(c, s->ctx, w.ids, w.nids)))
		return problem_err(p, rc);
	int64_t now = time_now_unix();
	for (int i = 0; !rc && i < w.rows.n; i++) {
		if (!w.dirty[i])
			continue;
		rc = quality_save_row(c, s, &w, i, now);
		*changed += !rc;
	}
	return problem_err(p, rc);
}
