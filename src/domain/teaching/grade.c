/*
 * grade.c: a class's grades, read and saved for the whole class (grade.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "core/json.h"
#include "domain/access/audit.h"
#include "domain/common/work.h"
#include "domain/teaching/grade.h"
#include "domain/teaching/quality.h"
#include "domain/teaching/term_lock.h"

/* ---- stored gradebooks ---- */

/* The comments of the class's students for a subject, into r->comments. */
static int class_comments(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  int64_t subject_id, struct gb_class_rows *r)
{
	r->comments = arena_calloc(a, (size_t)r->n + 1, sizeof(*r->comments));
	if (!r->comments)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_INT(subject_id), DBV_INT(cls->org_id), DBV_INT(cls->grade),
			     DBV_INT(cls->school_year), DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_GRADEBOOK_COMMENTS_CLASS, v, 5, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = gb_student_index(r->students, r->n,
					  db_int(&res, C_GRADEBOOK_COMMENTS_CLASS__PERSON_ID));
		int64_t term = db_int(&res, C_GRADEBOOK_COMMENTS_CLASS__TERM);
		if (at < 0 || term < 1 || term > GB_TERMS)
			continue;
		r->comments[at][term - 1] = db_dup(&res, C_GRADEBOOK_COMMENTS_CLASS__COMMENT, a);
		if (!r->comments[at][term - 1])
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_class_rows(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  int64_t subject_id, bool comments, struct gb_class_rows *out)
{
	out->n = 0;
	out->comments = NULL;
	out->students = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(int64_t));
	out->rows = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(struct gb_row));
	if (!out->students || !out->rows)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_INT(subject_id), DBV_INT(cls->org_id), DBV_INT(cls->grade),
			     DBV_INT(cls->school_year), DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_GRADEBOOK_CLASS_SUBJECT, v, 5, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		out->students[out->n] = db_int(&res, C_GRADEBOOK_CLASS_SUBJECT__PERSON_ID);
		size_t len = 0;
		const char *text = db_text(&res, C_GRADEBOOK_CLASS_SUBJECT__SCORES, &len);
		/* A row that does not decode (or none yet) is shown empty. */
		if (gb_decode(text, len, &out->rows[out->n]))
			gb_row_init(&out->rows[out->n]);
		out->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc && comments)
		rc = class_comments(c, a, cls, subject_id, out);
	return rc;
}

static bool same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

/* A save of a subject's slot worked out on the class's rows before it is
 * written: per row (class order) whether its value or comment changes and
 * the new comment; per entry the value it replaces and whether it does. */
struct save_plan {
	struct gb_class_rows rows;
	bool *dirty, *cdirty;
	const char **ctext;
	int *olds;
	bool *vchanged;
	int64_t *ids; /* the students changed, in class order */
	int nids;
};

/* The plan's arrays in a, for rows.n rows and nentries entries. */
static int plan_alloc(struct arena *a, int nentries, struct save_plan *w)
{
	size_t nr = (size_t)w->rows.n + 1, ne = (size_t)nentries + 1;
	w->dirty = arena_calloc(a, nr, sizeof(bool));
	w->cdirty = arena_calloc(a, nr, sizeof(bool));
	w->ctext = arena_calloc(a, nr, sizeof(*w->ctext));
	w->olds = arena_calloc(a, ne, sizeof(int));
	w->vchanged = arena_calloc(a, ne, sizeof(bool));
	w->ids = arena_calloc(a, nr, sizeof(int64_t));
	return w->dirty && w->cdirty && w->ctext && w->olds && w->vchanged && w->ids ? ERR_OK
										     : ERR_NOMEM;
}

/* Apply the entries to the rows, refusing a student not in the class. */
static int plan_entries(struct arena *a, const struct gb_save *s, struct save_plan *w,
			struct problem *p)
{
	bool *seen = arena_calloc(a, (size_t)w->rows.n + 1, sizeof(bool));
	if (!seen)
		return problem_err(p, ERR_NOMEM);
	int k = s->term - 1;
	for (int i = 0; i < s->n; i++) {
		const struct gb_entry *e = &s->entries[i];
		int at = gb_entry_student(a, w->rows.students, w->rows.n, seen, i, e->student, p);
		if (at < 0)
			return at;
		const char *had = w->rows.comments ? w->rows.comments[at][k] : NULL;
		if (e->has_comment && !same_text(had, e->comment)) {
			w->cdirty[at] = true;
			w->ctext[at] = e->comment;
		}
		w->olds[i] = w->rows.rows[at].v[k][s->slot];
		if (e->keep_value || w->olds[i] == e->value)
			continue;
		w->rows.rows[at].v[k][s->slot] = e->value;
		w->dirty[at] = w->vchanged[i] = true;
	}
	for (int i = 0; i < w->rows.n; i++)
		if (w->dirty[i] || w->cdirty[i])
			w->ids[w->nids++] = w->rows.students[i];
	return ERR_OK;
}

/* grade_changes: each value that replaces a different one. */
static int save_history(struct db_conn *c, const struct gb_save *s, const struct save_plan *w,
			int64_t now)
{
	int rc = ERR_OK;
	for (int i = 0; !rc && i < s->n; i++) {
		int old = w->olds[i], nv = s->entries[i].value;
		if (!w->vchanged[i] || old == GB_NONE)
			continue;
		struct db_val v[] = {DBV_INT(s->cls->org_id),
				     DBV_INT(s->cls->school_year),
				     DBV_INT(s->entries[i].student),
				     DBV_INT(s->subject->id),
				     DBV_INT(s->term),
				     DBV_TEXT(gb_slot_name(s->slot)),
				     DBV_INT(old),
				     nv == GB_NONE ? DBV_NULL : DBV_INT(nv),
				     s->by_user ? DBV_INT(s->by_user) : DBV_NULL,
				     DBV_INT(now)};
		rc = db_exec(c, Q_GRADE_CHANGE_INSERT, v, ARRAY_SIZE(v), NULL);
	}
	return rc;
}

/* Row i's gradebook and comment, as planned. */
static int save_row(struct db_conn *c, const struct gb_save *s, const struct save_plan *w, int i,
		    int64_t now)
{
	int64_t student = w->rows.students[i];
	struct db_val by = s->by_user ? DBV_INT(s->by_user) : DBV_NULL;
	int rc = ERR_OK;
	if (w->dirty[i]) {
		char text[GB_TEXT_MAX];
		size_t len = gb_encode(&w->rows.rows[i], text);
		struct db_val v[] = {DBV_INT(s->cls->school_year),
				     DBV_INT(student),
				     DBV_INT(s->subject->id),
				     DBV_INT(s->cls->org_id),
				     DBV_TEXTN(text, len),
				     DBV_INT(now),
				     by};
		rc = db_exec(c, Q_GRADEBOOK_UPSERT, v, ARRAY_SIZE(v), NULL);
	}
	if (!rc && w->cdirty[i] && w->ctext[i]) {
		struct db_val v[] = {DBV_INT(s->cls->school_year),
				     DBV_INT(student),
				     DBV_INT(s->subject->id),
				     DBV_INT(s->term),
				     DBV_INT(s->cls->org_id),
				     DBV_TEXT(w->ctext[i]),
				     DBV_INT(now),
				     by};
		rc = db_exec(c, Q_GRADEBOOK_COMMENT_UPSERT, v, ARRAY_SIZE(v), NULL);
	} else if (!rc && w->cdirty[i]) {
		struct db_val v[] = {DBV_INT(s->cls->school_year), DBV_INT(student),
				     DBV_INT(s->subject->id), DBV_INT(s->term)};
		rc = db_exec(c, Q_GRADEBOOK_COMMENT_DELETE, v, ARRAY_SIZE(v), NULL);
	}
	return rc;
}

int gb_save_class(struct db_conn *c, struct arena *a, const struct gb_save *s, int *changed,
		  struct problem *p)
{
	*changed = 0;
	int rc = gb_term_open(c, s->cls, s->term, p);
	if (rc)
		return rc;
	bool comments = false;
	for (int i = 0; i < s->n; i++)
		comments |= s->entries[i].has_comment;
	struct save_plan w = {0};
	rc = gb_class_rows(c, a, s->cls, s->subject->id, comments, &w.rows);
	if (!rc)
		rc = plan_alloc(a, s->n, &w);
	if (rc)
		return problem_err(p, rc);
	rc = plan_entries(a, s, &w, p);
	if (rc)
		return rc;
	if (s->before_write && w.nids && (rc = s->before_write(c, s->ctx, w.ids, w.nids)))
		return problem_err(p, rc);
	int64_t now = time_now_unix();
	rc = save_history(c, s, &w, now);
	for (int i = 0; !rc && i < w.rows.n; i++) {
		rc = save_row(c, s, &w, i, now);
		*changed += !rc && (w.dirty[i] || w.cdirty[i]);
	}
	return problem_err(p, rc);
}

/* ---- loading a class's gradebook, deciding who may ---- */

/* What a read or a save of a class's grades loads first. */
struct grades_target {
	int64_t id;
	const char *subject_code; /* NULL: the qualities */
	struct class_ref *cls;
	struct subject *subject;
	int64_t *teacher_id;
	struct access_decision *d;
	bool *refused; /* set when d refuses (or the class is absent) */
	struct problem *p;
};

/* The qualities of a vn-tt27 class; entering them (act other than
 * CLASS_READ) is the homeroom teacher's, in the place of a subject's. */
static int qualities_load(struct db_conn *c, const struct actor *by, struct grades_target *t,
			  enum class_act act)
{
	if (t->cls->policy != POLICY_VN_TT27)
		return problem_set(t->p, P_WRONG_ASSESSMENT, "assessment",
				   "Qualities and competences are rated under vn-tt27 (Vietnamese "
				   "primary schools).");
	if (act == CLASS_READ)
		return ERR_OK;
	int rc = class_access(c, by->who, t->cls, act, t->cls->homeroom_id, t->d, t->p);
	*t->refused = rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN;
	if (rc == ERR_FORBIDDEN)
		t->p->detail = "Only the homeroom teacher and the school's administration rate the "
			       "qualities and competences.";
	return rc;
}

/* The subject's teacher in the class, or 422 subject_not_in_class. */
static int subject_teacher(struct db_conn *c, const struct grades_target *t)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(t->cls->id), DBV_INT(t->subject->id)};
	int rc = db_row(c, Q_CLASS_SUBJECT_TEACHER, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(t->p, P_SUBJECT_NOT_IN_CLASS, "subject",
				   "The class does not have this subject.");
	if (rc)
		return problem_err(t->p, rc);
	*t->teacher_id = db_int0(&res, C_CLASS_SUBJECT_TEACHER__TEACHER_ID);
	db_done(&res);
	return ERR_OK;
}

/* Load the class (which `by` must see) and the subject (which it must
 * have), then decide `act`: a subject's grades by its teacher, the
 * qualities by the homeroom teacher. */
static int grades_load(struct db_conn *c, const struct actor *by, struct grades_target *t,
		       enum class_act act)
{
	int rc = class_load(c, by, t->id, CLASS_READ, 0, t->cls, t->d, t->p);
	*t->refused = rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN;
	if (rc)
		return rc;
	if (t->cls->policy < 0)
		return problem_set(t->p, P_NO_POLICY, NULL,
				   "The school's level is not set, so no grading policy applies.");
	if (!t->subject_code)
		return qualities_load(c, by, t, act);
	rc = subject_get(c, by->arena, t->cls->country, t->cls->level, t->subject_code, "subject",
			 t->subject, t->p);
	if (!rc)
		rc = subject_teacher(c, t);
	if (rc || act == CLASS_READ)
		return rc;
	rc = class_access(c, by->who, t->cls, act, *t->teacher_id, t->d, t->p);
	*t->refused = rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN;
	return rc;
}

/* ---- a class's gradebook ---- */

/* grades_view_read's snapshot: the class and subject decided, then the
 * roster and its rows (or qualities) when allowed. */
static int grades_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct grades_view *x = ctx;
	struct arena *a = by->arena;
	bool refused = false;
	int64_t teacher_id = 0;
	struct grades_target t = {.id = x->id,
				  .subject_code = x->qualities ? NULL : x->subject_code,
				  .cls = &x->cls,
				  .subject = &x->subject,
				  .teacher_id = &teacher_id,
				  .d = &x->d,
				  .refused = &refused,
				  .p = &x->p};
	int rc = grades_load(c, by, &t, CLASS_READ);
	if (refused)
		return ERR_OK; /* refused (x->d, x->p): answered and recorded as such */
	if (!rc)
		rc = class_members(c, a, &x->cls, &x->members, &x->nmembers);
	if (!rc && x->qualities)
		rc = gb_class_qualities(c, a, &x->cls, &x->qrows);
	else if (!rc)
		rc = gb_class_rows(c, a, &x->cls, x->subject.id,
				   gb_policy_comments((enum policy_id)x->cls.policy), &x->rows);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

int grades_view_read(struct db *db, const struct actor *by, struct grades_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, grades_view_work, x);
	if (rc)
		return rc;
	return class_audit_roster(by, &x->d, "grades.read", x->id, x->members, x->nmembers,
				  sizeof(*x->members), offsetof(struct class_member, id), &x->audit,
				  &x->naudit, &x->p);
}

/* ---- saving one assessment ---- */

/* Entry i's student id, or a 422 naming grades[i].student. */
static int entry_student_read(struct grades_save *x, json_t *g, size_t i, int64_t *id)
{
	json_t *st = json_object_get(g, "student");
	if (!json_is_object(g) || !json_is_integer(st))
		return problem_set(&x->p, json_is_object(g) ? P_REQUIRED : P_TYPE,
				   arena_printf(x->by->arena, "grades[%zu].student", i),
				   "Each grade names the student by id.");
	*id = json_integer_value(st);
	return ERR_OK;
}

/* Grade g (entry i) of a subject's assessment: a value (null erases), a
 * comment (policies that keep them; null erases) or both. */
static int entry_read(struct grades_save *x, json_t *g, size_t i, struct gb_entry *e)
{
	struct arena *a = x->by->arena;
	enum policy_id pol = (enum policy_id)x->cls.policy;
	int rc = entry_student_read(x, g, i, &e->student);
	if (rc)
		return rc;
	json_t *v = json_object_get(g, "value"), *cm = json_object_get(g, "comment");
	if (!v && !cm)
		return problem_set(&x->p, P_REQUIRED, arena_printf(a, "grades[%zu].value", i),
				   "Each grade has a value (null erases it) or a comment.");
	if (cm && !gb_policy_comments(pol))
		return problem_set(&x->p, P_WRONG_ASSESSMENT,
				   arena_printf(a, "grades[%zu].comment", i),
				   "Comments are kept under vn-tt27 and ir-descriptive.");
	e->keep_value = !v;
	if (v)
		rc = gb_value_read(pol, x->slot, v, arena_printf(a, "grades[%zu].value", i),
				   &e->value, &x->p);
	if (!rc && cm) {
		e->has_comment = x->comments = true;
		rc = gb_comment_read(cm, arena_printf(a, "grades[%zu].comment", i), a, &e->comment,
				     &x->p);
	}
	return rc;
}

/* The grades of one assessment of a subject, checked against the policy. */
static int entries_read(struct grades_save *x, json_t *grades)
{
	int rc = gb_slot_check((enum policy_id)x->cls.policy, x->subject.scored, x->slot, &x->p);
	size_t n = json_array_size(grades);
	if (!rc && !(x->entries = arena_calloc(x->by->arena, n, sizeof(*x->entries))))
		rc = problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = entry_read(x, json_array_get(grades, i), i, &x->entries[i]);
		x->n++;
	}
	return rc;
}

/* Grade g (entry i) of a term's qualities and competences: its value an
 * object {"yeu_nuoc": "tot", ...} (null for a level erases it; a null
 * value erases them all). */
static int quality_entry_read(struct grades_save *x, json_t *g, size_t i,
			      struct gb_quality_entry *e)
{
	struct arena *a = x->by->arena;
	int rc = entry_student_read(x, g, i, &e->student);
	if (rc)
		return rc;
	json_t *v = json_object_get(g, "value");
	const char *field = arena_printf(a, "grades[%zu].value", i);
	if (json_object_get(g, "comment"))
		return problem_set(&x->p, P_WRONG_ASSESSMENT,
				   arena_printf(a, "grades[%zu].comment", i),
				   "Qualities and competences are rated by level only.");
	if (!v)
		return problem_set(&x->p, P_REQUIRED, field,
				   "Each grade has a value: {\"yeu_nuoc\": \"tot\", ...}, or "
				   "null to erase the term's ratings.");
	if (!json_is_null(v))
		return gb_qualities_read(v, field, a, e->levels, e->set, &x->p);
	for (int q = 0; q < GB_QUALITIES; q++) {
		e->set[q] = true;
		e->levels[q] = GB_NONE;
	}
	return ERR_OK;
}

/* The grades of a term's qualities, into x->qentries. */
static int quality_entries_read(struct grades_save *x, json_t *grades)
{
	size_t n = json_array_size(grades);
	x->qentries = arena_calloc(x->by->arena, n, sizeof(*x->qentries));
	int rc = x->qentries ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = quality_entry_read(x, json_array_get(grades, i), i, &x->qentries[i]);
		x->n++;
	}
	return rc;
}

/* grades_save_prepare's snapshot: the class and subject loaded, the
 * save decided (CLASS_GRADE). */
static int grades_save_check(struct db_conn *c, void *ctx)
{
	struct grades_save *x = ctx;
	struct grades_target t = {.id = x->id,
				  .subject_code = x->qualities ? NULL : x->subject_code,
				  .cls = &x->cls,
				  .subject = &x->subject,
				  .teacher_id = &x->teacher_id,
				  .d = &x->d,
				  .refused = &x->refused,
				  .p = &x->p};
	return grades_load(c, x->by, &t, CLASS_GRADE);
}

int grades_save_prepare(struct db *db, struct grades_save *x, json_t *grades)
{
	if (!x->by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = work_read(db, grades_save_check, x);
	if (x->refused) {
		/* A refused save is on record, naming the class (nothing changed). */
		int arc = class_audit_entries(x->by, &x->d, "grades.update", x->id, NULL, 0,
					      &x->audit, &x->naudit);
		return arc ? problem_err(&x->p, arc) : rc;
	}
	if (rc)
		return rc;
	return x->qualities ? quality_entries_read(x, grades) : entries_read(x, grades);
}

/* Before the save writes anything: one entry per student it changes. */
static int grades_audit(struct db_conn *c, void *ctx, const int64_t *students, int n)
{
	struct grades_save *x = ctx;
	struct arena *a = x->by->arena;
	const char *subject =
		x->qualities
			? arena_printf(a, "class:%" PRId64 " term %d qualities", x->cls.id, x->term)
			: arena_printf(a, "class:%" PRId64 " %s term %d %s%s", x->cls.id,
				       x->subject.code, x->term, gb_slot_name(x->slot),
				       x->comments ? " comment" : "");
	struct audit_entry *e = arena_calloc(a, (size_t)n, sizeof(*e));
	if (!subject || !e)
		return ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		actor_audit_fill(x->by, &x->d, "grades.update", students[i], &e[i]);
		e[i].subject = subject;
	}
	return audit_append(c, e, (size_t)n);
}

int grades_save_tx(struct db_conn *c, void *ctx)
{
	struct grades_save *x = ctx;
	int64_t by_user = x->by->who ? x->by->who->user_id : 0;
	if (x->qualities) {
		struct gb_quality_save q = {.cls = &x->cls,
					    .term = x->term,
					    .entries = x->qentries,
					    .n = x->n,
					    .by_user = by_user,
					    .before_write = grades_audit,
					    .ctx = x};
		return gb_save_qualities(c, x->by->arena, &q, &x->changed, &x->p);
	}
	struct gb_save s = {.cls = &x->cls,
			    .subject = &x->subject,
			    .term = x->term,
			    .slot = x->slot,
			    .entries = x->entries,
			    .n = x->n,
			    .by_user = by_user,
			    .before_write = grades_audit,
			    .ctx = x};
	return gb_save_class(c, x->by->arena, &s, &x->changed, &x->p);
}
