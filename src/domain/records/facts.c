/*
 * facts.c: loading a class's facts for its records (facts.h): one query per
 * kind of fact for the whole class, never one per student.
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/records/facts.h"

/* Where student id sits in k's roster (sorted by id), or -1. */
static int student_index(const struct record_class *k, int64_t id)
{
	int lo = 0, hi = k->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (k->students[mid].person_id == id)
			return mid;
		if (k->students[mid].person_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Where subject id sits in k's subjects, or -1. */
static int subject_index(const struct record_class *k, int64_t id)
{
	for (int i = 0; i < k->nsubjects; i++)
		if (k->subjects[i].id == id)
			return i;
	return -1;
}

/* The RECORD_ATT_ index of an attendance status, or -1 for another. */
static int att_status(const char *s)
{
	static const char *const names[RECORD_ATT__N] = {"present", "late", "absent_excused",
							 "absent_unexcused"};
	for (int i = 0; i < RECORD_ATT__N; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* The parameters of the record_class_students fragment: the class twice,
 * for both halves of its union. */
static void students_params(const struct class_ref *k, struct db_val v[8])
{
	v[0] = DBV_INT(k->org_id);
	v[1] = DBV_INT(k->grade);
	v[2] = DBV_INT(k->school_year);
	v[3] = DBV_TEXT(k->name);
	v[4] = DBV_INT(k->org_id);
	v[5] = DBV_INT(k->school_year);
	v[6] = DBV_TEXT(k->name);
	v[7] = DBV_INT(k->grade);
}

/* A cursor's end: the first failure, else the stepping's. */
static int done(struct db_res *res, int rc, int step)
{
	db_done(res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int record_school_get(struct db_conn *c, struct arena *a, int64_t org_id, const char **name,
		      const char **path)
{
	struct db_res res;
	struct db_val v = DBV_INT(org_id);
	int rc = db_row(c, Q_RECORD_SCHOOL, &v, 1, &res);
	if (rc)
		return rc;
	if (name && !(*name = db_dup(&res, C_RECORD_SCHOOL__NAME, a)))
		rc = ERR_NOMEM;
	if (path && !(*path = db_dup(&res, C_RECORD_SCHOOL__PATH, a)))
		rc = ERR_NOMEM;
	db_done(&res);
	return rc;
}

int record_lock_marker(struct db_conn *c, int64_t org_id, int school_year, int64_t *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year)};
	int rc = db_row(c, Q_RECORD_LOCK_MARKER, v, 2, &res);
	if (rc)
		return rc;
	*out = db_int(&res, C_RECORD_LOCK_MARKER__MARKER);
	db_done(&res);
	return ERR_OK;
}

/* The school's name and its term locks of the class's year. */
static int load_school(struct db_conn *c, struct arena *a, struct record_class *out)
{
	int rc = record_school_get(c, a, out->cls.org_id, &out->school_name, NULL);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	for (int k = 0; !rc && k < GB_TERMS; k++)
		rc = gb_term_locked(c, out->cls.org_id, out->cls.school_year, k + 1,
				    &out->locked[k]);
	if (!rc)
		rc = record_lock_marker(c, out->cls.org_id, out->cls.school_year,
					&out->lock_marker);
	return rc;
}

/* The class's subjects, in their order (at most GB_MAX_SUBJECTS). */
static int load_subjects(struct db_conn *c, struct arena *a, struct record_class *out)
{
	out->subjects = arena_calloc(a, GB_MAX_SUBJECTS, sizeof(*out->subjects));
	if (!out->subjects)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(out->cls.id);
	int rc = db_query(c, Q_CLASS_SUBJECTS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && out->nsubjects < GB_MAX_SUBJECTS && (step = db_next(&res)) == 1)
		rc = subject_read(&res, a, &out->subjects[out->nsubjects++]);
	return done(&res, rc, step);
}

/* One roster row into s (its grades empty until load_grades). */
static int read_student(struct db_res *res, struct arena *a, int nsubjects,
			struct record_student *s)
{
	s->person_id = db_int(res, C_RECORD_ROSTER__ID);
	s->given_name = db_dup(res, C_RECORD_ROSTER__GIVEN_NAME, a);
	s->family_name = db_dup(res, C_RECORD_ROSTER__FAMILY_NAME, a);
	s->birth_date = db_dup(res, C_RECORD_ROSTER__BIRTH_DATE, a);
	s->country = db_dup(res, C_RECORD_ROSTER__COUNTRY, a);
	if (!db_null(res, C_RECORD_ROSTER__NATIONAL_ID))
		s->national_id = db_dup(res, C_RECORD_ROSTER__NATIONAL_ID, a);
	s->rows = arena_alloc(a, (size_t)(nsubjects + 1) * sizeof(*s->rows));
	if (!s->given_name || !s->family_name || !s->birth_date || !s->country || !s->rows)
		return ERR_NOMEM;
	for (int i = 0; i < nsubjects; i++)
		gb_row_init(&s->rows[i]);
	gb_qualities_init(&s->qualities);
	return ERR_OK;
}

/* The class's students for its year, by id (only: just that one). */
static int load_roster(struct db_conn *c, struct arena *a, int64_t only, struct record_class *out)
{
	out->students = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(*out->students));
	if (!out->students)
		return ERR_NOMEM;
	struct db_val v[8];
	students_params(&out->cls, v);
	struct db_res res;
	int rc = db_query(c, Q_RECORD_ROSTER, v, 8, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		if (only && db_int(&res, C_RECORD_ROSTER__ID) != only)
			continue;
		rc = read_student(&res, a, out->nsubjects, &out->students[out->n++]);
	}
	return done(&res, rc, step);
}

/* The class's students' rows of a per-class query: the school year, then
 * the record_class_students parameters. */
static int class_query(struct db_conn *c, const struct record_class *k, enum query_id q,
		       struct db_res *res)
{
	struct db_val v[9];
	v[0] = DBV_INT(k->cls.school_year);
	students_params(&k->cls, v + 1);
	return db_query(c, q, v, 9, res);
}

/* Every student's gradebook rows of the year, one query. */
static int load_grades(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_GRADEBOOKS, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, C_RECORD_CLASS_GRADEBOOKS__PERSON_ID));
		int i = subject_index(out, db_int(&res, C_RECORD_CLASS_GRADEBOOKS__SUBJECT_ID));
		if (at < 0 || i < 0)
			continue;
		size_t len;
		const char *text = db_text(&res, C_RECORD_CLASS_GRADEBOOKS__SCORES, &len);
		/* A row that does not decode counts as no grades. */
		if (gb_decode(text, len, &out->students[at].rows[i]))
			gb_row_init(&out->students[at].rows[i]);
	}
	return done(&res, rc, step);
}

/* vn-tt27: every student's qualities and competences, one query. */
static int load_qualities(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_QUALITIES, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, C_RECORD_CLASS_QUALITIES__PERSON_ID));
		if (at < 0 || db_null(&res, C_RECORD_CLASS_QUALITIES__LEVELS))
			continue;
		size_t len;
		const char *text = db_text(&res, C_RECORD_CLASS_QUALITIES__LEVELS, &len);
		/* A row that does not decode counts as none rated. */
		gb_qualities_decode(text, len, &out->students[at].qualities);
	}
	return done(&res, rc, step);
}

/* vn-tt27, ir-descriptive: every student's term II comments, one query. */
static int load_comments(struct db_conn *c, struct arena *a, struct record_class *out)
{
	for (int i = 0; i < out->n; i++) {
		out->students[i].comments =
			arena_calloc(a, (size_t)out->nsubjects + 1, sizeof(const char *));
		if (!out->students[i].comments)
			return ERR_NOMEM;
	}
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_COMMENTS, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, C_RECORD_CLASS_COMMENTS__PERSON_ID));
		int i = subject_index(out, db_int(&res, C_RECORD_CLASS_COMMENTS__SUBJECT_ID));
		if (at < 0 || i < 0)
			continue;
		if (db_null(&res, C_RECORD_CLASS_COMMENTS__COMMENT) ||
		    !(out->students[at].comments[i] =
			      db_dup(&res, C_RECORD_CLASS_COMMENTS__COMMENT, a)))
			rc = ERR_NOMEM;
	}
	return done(&res, rc, step);
}

/* Every student's attendance totals in the class, daily and by period. */
static int load_attendance(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(out->cls.id);
	int rc = db_query(c, Q_RECORD_CLASS_ATTENDANCE, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, C_RECORD_CLASS_ATTENDANCE__PERSON_ID));
		int kind = db_int(&res, C_RECORD_CLASS_ATTENDANCE__BY_PERIOD) ? 1 : 0;
		int st = att_status(db_text(&res, C_RECORD_CLASS_ATTENDANCE__STATUS, NULL));
		if (at < 0 || st < 0)
			continue;
		out->students[at].attendance[kind][st] +=
			(int)db_int(&res, C_RECORD_CLASS_ATTENDANCE__N);
		out->students[at].attended[kind] = true;
	}
	return done(&res, rc, step);
}

int record_class_load(struct db_conn *c, struct arena *a, int64_t class_id, int64_t only_person,
		      struct record_class *out)
{
	memset(out, 0, sizeof(*out));
	int rc = class_get(c, a, class_id, &out->cls);
	if (!rc)
		rc = load_school(c, a, out);
	if (!rc)
		rc = load_subjects(c, a, out);
	if (!rc)
		rc = load_roster(c, a, only_person, out);
	if (!rc && out->n)
		rc = load_grades(c, out);
	if (!rc && out->n)
		rc = load_attendance(c, out);
	/* vn-tt27's outcome also rests on the qualities and competences, and
	 * the record carries them; comments are read for the policies that
	 * keep them. One query each for the whole class. */
	if (!rc && out->n && out->cls.policy == POLICY_VN_TT27)
		rc = load_qualities(c, out);
	if (!rc && out->n && out->cls.policy >= 0 &&
	    gb_policy_comments((enum policy_id)out->cls.policy))
		rc = load_comments(c, a, out);
	return rc;
}
