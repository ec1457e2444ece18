/*
 * timetable.c: the rules of timetable.h. A week has at most 84 slots and a
 * teacher or a room at most 84 taken ones, so clashes are found by plain
 * scans over a few hundred slots.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/common/calendar.h"
#include "domain/common/text.h"
#include "domain/common/work.h"
#include "domain/teaching/attendance.h"
#include "domain/teaching/timetable.h"

_Static_assert(TIMETABLE_SLOTS == TIMETABLE_WEEKDAYS * TIMETABLE_PERIODS, "a week's slots");

int timetable_room_normalize(const char *in, char *out, size_t outlen)
{
	int rc = text_normalize_name(in ? in : "", out, outlen);
	if (rc)
		return ERR_INVALID;
	size_t n = strlen(out);
	return utf8_length(out, n) > TIMETABLE_ROOM_MAX ? ERR_INVALID : ERR_OK;
}

int timetable_duplicate(const struct timetable_slot *week, int n)
{
	bool used[TIMETABLE_WEEKDAYS + 1][TIMETABLE_PERIODS + 1] = {{false}};
	for (int i = 0; i < n; i++) {
		int d = week[i].weekday, k = week[i].period;
		if (d < 1 || d > TIMETABLE_WEEKDAYS || k < 1 || k > TIMETABLE_PERIODS)
			continue; /* out of range: the caller's check */
		if (used[d][k])
			return i;
		used[d][k] = true;
	}
	return -1;
}

int timetable_week_check(struct arena *a, const struct timetable_slot *week, int n,
			 struct problem *p)
{
	int dup = timetable_duplicate(week, n);
	if (dup < 0)
		return ERR_OK;
	return problem_set(p, P_DUPLICATE, arena_printf(a, "periods[%d]", dup),
			   "The week has this weekday and period twice.");
}

static bool same_time(const struct timetable_slot *a, const struct timetable_slot *b)
{
	return a->weekday == b->weekday && a->period == b->period;
}

void timetable_find_clash(const struct timetable_slot *week, int n,
			  const struct timetable_slot *taken, int ntaken,
			  struct timetable_clash *out)
{
	memset(out, 0, sizeof(*out));
	out->index = -1;
	for (int i = 0; i < n; i++) {
		const struct timetable_slot *w = &week[i];
		const struct timetable_slot *room = NULL;
		for (int j = 0; j < ntaken; j++) {
			const struct timetable_slot *t = &taken[j];
			if (!same_time(w, t) || t->class_id == w->class_id)
				continue;
			if (w->teacher_id && t->teacher_id == w->teacher_id) {
				*out = (struct timetable_clash){TIMETABLE_CLASH_TEACHER, i, t};
				return;
			}
			if (!room && w->room && t->room && !strcmp(w->room, t->room))
				room = t;
		}
		if (room) {
			*out = (struct timetable_clash){TIMETABLE_CLASH_ROOM, i, room};
			return;
		}
	}
}

static const char *weekday_name(int d)
{
	static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
					    "Friday", "Saturday", "Sunday"};
	return d >= 1 && d <= TIMETABLE_WEEKDAYS ? names[d - 1] : "?";
}

int timetable_clash_problem(struct arena *a, const struct class_ref *cls,
			    const struct timetable_slot *week, const struct timetable_clash *k,
			    struct problem *p)
{
	const struct timetable_slot *w = &week[k->index], *o = k->other;
	const char *where =
		o->school && cls->school && strcmp(o->school, cls->school)
			? arena_printf(a, "class %s of school %s", o->class_name, o->school)
			: arena_printf(a, "class %s", o->class_name);
	const char *detail =
		k->kind == TIMETABLE_CLASH_TEACHER
			? arena_printf(a, "Teacher %s already teaches %s on %s, period %d.",
				       w->teacher ? w->teacher : "?",
				       where ? where : "another class", weekday_name(w->weekday),
				       w->period)
			: arena_printf(a, "Room %s is already used by %s on %s, period %d.",
				       w->room ? w->room : "?", where ? where : "another class",
				       weekday_name(w->weekday), w->period);
	problem_set(p, k->kind == TIMETABLE_CLASH_TEACHER ? P_TEACHER_CLASH : P_ROOM_CLASH,
		    arena_printf(a, "periods[%d]", k->index), detail);
	p->ext_name = "other_class";
	p->ext_value = o->class_id;
	return ERR_CONFLICT;
}

enum timetable_clash_kind timetable_unique_kind(const char *errmsg)
{
	/* SQLite: "UNIQUE constraint failed: timetable.org_id, timetable.school_year,
	 * timetable.room, ..."; PostgreSQL: "... unique constraint \"timetable_room\"". */
	if (!errmsg)
		return TIMETABLE_CLASH_NONE;
	if (strstr(errmsg, "timetable_room") || strstr(errmsg, "timetable.room"))
		return TIMETABLE_CLASH_ROOM;
	if (strstr(errmsg, "timetable_teacher") || strstr(errmsg, "timetable.teacher_id"))
		return TIMETABLE_CLASH_TEACHER;
	return TIMETABLE_CLASH_NONE;
}

/* ---- stored weeks ---- */

/* A growable array of slots in an arena. */
struct slots {
	struct timetable_slot *v;
	int n, cap;
};

static struct timetable_slot *slots_push(struct arena *a, struct slots *s)
{
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 32;
		struct timetable_slot *v = arena_calloc(a, (size_t)cap, sizeof(*v));
		if (!v)
			return NULL;
		if (s->n)
			memcpy(v, s->v, (size_t)s->n * sizeof(*v));
		s->v = v;
		s->cap = cap;
	}
	return &s->v[s->n++];
}

/* The current row of a query that starts with the `timetable_slot`
 * columns (timetable.sql), by name; strings in a. */
static int slot_read(struct db_res *res, struct arena *a, struct timetable_slot *s)
{
	bool nomem = false;
	memset(s, 0, sizeof(*s));
	s->weekday = (int)db_int(res, C_TIMETABLE_SLOT__WEEKDAY);
	s->period = (int)db_int(res, C_TIMETABLE_SLOT__PERIOD);
	s->subject = db_dup(res, C_TIMETABLE_SLOT__SUBJECT, a);
	s->subject_name = db_dup(res, C_TIMETABLE_SLOT__SUBJECT_NAME, a);
	s->subject_name_en = db_dup(res, C_TIMETABLE_SLOT__SUBJECT_NAME_EN, a);
	s->teacher = db_dup_or_null(res, C_TIMETABLE_SLOT__TEACHER, a, &nomem);
	s->room = db_dup_or_null(res, C_TIMETABLE_SLOT__ROOM, a, &nomem);
	s->class_id = db_int(res, C_TIMETABLE_SLOT__CLASS_ID);
	s->class_name = db_dup(res, C_TIMETABLE_SLOT__CLASS_NAME, a);
	s->school = db_dup(res, C_TIMETABLE_SLOT__SCHOOL, a);
	s->school_path = db_dup(res, C_TIMETABLE_SLOT__SCHOOL_PATH, a);
	s->teacher_id = db_int0(res, C_TIMETABLE_SLOT__TEACHER_ID);
	return s->subject && s->subject_name && s->subject_name_en && s->class_name && s->school &&
			       s->school_path && !nomem
		       ? ERR_OK
		       : ERR_NOMEM;
}

/* Append the rows of a timetable read. */
static int slots_read(struct db_conn *c, struct arena *a, enum query_id q, const struct db_val *v,
		      size_t nv, struct slots *out)
{
	struct db_res res;
	int rc = db_query(c, q, v, nv, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct timetable_slot *s = slots_push(a, out);
		rc = s ? slot_read(&res, a, s) : ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int timetable_check(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		    const struct timetable_slot *week, int n, struct problem *p)
{
	struct slots taken = {0};
	int rc = ERR_OK;
	/* Each distinct teacher and room once. */
	for (int i = 0; !rc && i < n; i++) {
		const struct timetable_slot *w = &week[i];
		bool teacher_seen = !w->teacher_id, room_seen = !w->room;
		for (int j = 0; j < i && (!teacher_seen || !room_seen); j++) {
			if (w->teacher_id && week[j].teacher_id == w->teacher_id)
				teacher_seen = true;
			if (w->room && week[j].room && !strcmp(week[j].room, w->room))
				room_seen = true;
		}
		if (!teacher_seen) {
			struct db_val v[] = {DBV_INT(cls->school_year), DBV_INT(w->teacher_id),
					     DBV_INT(cls->id)};
			rc = slots_read(c, a, Q_TIMETABLE_TAKEN_TEACHER, v, ARRAY_SIZE(v), &taken);
		}
		if (!rc && !room_seen) {
			struct db_val v[] = {DBV_INT(cls->org_id), DBV_INT(cls->school_year),
					     DBV_TEXT(w->room), DBV_INT(cls->id)};
			rc = slots_read(c, a, Q_TIMETABLE_TAKEN_ROOM, v, ARRAY_SIZE(v), &taken);
		}
	}
	if (rc)
		return problem_err(p, rc);
	/* The week's slots are the class's own; a taken slot is another's. */
	struct timetable_clash k;
	timetable_find_clash(week, n, taken.v, taken.n, &k);
	if (k.kind == TIMETABLE_CLASH_NONE)
		return ERR_OK;
	return timetable_clash_problem(a, cls, week, &k, p);
}

int timetable_insert_slot(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  const struct timetable_slot *week, int i, struct problem *p)
{
	const struct timetable_slot *w = &week[i];
	struct db_val v[] = {DBV_INT(cls->org_id),
			     DBV_INT(cls->school_year),
			     DBV_INT(cls->id),
			     DBV_INT(w->weekday),
			     DBV_INT(w->period),
			     DBV_INT(w->subject_id),
			     w->teacher_id ? DBV_INT(w->teacher_id) : DBV_NULL,
			     dbv_text_or_null(w->room)};
	int rc = db_exec(c, Q_TIMETABLE_INSERT, v, ARRAY_SIZE(v), NULL);
	if (rc != ERR_CONFLICT)
		return rc ? problem_err(p, rc) : ERR_OK;
	const char *field = arena_printf(a, "periods[%d]", i);
	switch (timetable_unique_kind(db_errmsg(c))) {
	case TIMETABLE_CLASH_TEACHER:
		return problem_set(
			p, P_TEACHER_CLASH, field,
			"The teacher was given another class at this time a moment ago.");
	case TIMETABLE_CLASH_ROOM:
		return problem_set(
			p, P_ROOM_CLASH, field,
			"The room was given to another class at this time a moment ago.");
	default:
		return problem_set(p, P_TIMETABLE_CHANGED, NULL,
				   "The class's timetable was changed at the same moment; "
				   "read it and try again.");
	}
}

int timetable_save(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		   const struct timetable_slot *week, int n, struct problem *p)
{
	int rc = timetable_check(c, a, cls, week, n, p);
	if (rc)
		return rc;
	struct db_val v = DBV_INT(cls->id);
	rc = db_exec(c, Q_TIMETABLE_DELETE_CLASS, &v, 1, NULL);
	if (rc)
		return problem_err(p, rc);
	for (int i = 0; !rc && i < n; i++)
		rc = timetable_insert_slot(c, a, cls, week, i, p);
	return rc;
}

int timetable_class_read(struct db_conn *c, struct arena *a, int64_t class_id,
			 struct timetable_slot **items, int *n)
{
	struct slots s = {0};
	struct db_val v = DBV_INT(class_id);
	int rc = slots_read(c, a, Q_TIMETABLE_OF_CLASS, &v, 1, &s);
	*items = s.v;
	*n = s.n;
	return rc;
}

int timetable_teacher_read(struct db_conn *c, struct arena *a, int school_year, int64_t teacher_id,
			   struct timetable_slot **items, int *n)
{
	struct slots s = {0};
	struct db_val v[] = {DBV_INT(school_year), DBV_INT(teacher_id)};
	int rc = slots_read(c, a, Q_TIMETABLE_OF_TEACHER, v, ARRAY_SIZE(v), &s);
	*items = s.v;
	*n = s.n;
	return rc;
}

/* ---- a class's week ---- */

/* timetable_class_view_read's snapshot: the class decided, then its week. */
static int timetable_class_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct timetable_class_view *x = ctx;
	int rc = class_load(c, by, x->id, CLASS_READ, 0, &x->cls, NULL, &x->p);
	if (!rc)
		rc = timetable_class_read(c, by->arena, x->id, &x->slots, &x->nslots);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

int timetable_class_view_read(struct db *db, const struct actor *by, struct timetable_class_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, timetable_class_work, x);
}

/* The subject of code `code` among the class's, or NULL. */
static const struct subject *subject_in(const struct class_subject *subjects, int n,
					const char *code)
{
	for (int k = 0; k < n; k++)
		if (!strcmp(subjects[k].subject.code, code))
			return &subjects[k].subject;
	return NULL;
}

/* A subject the class does not have: 422 unknown_subject if it is no
 * subject of the school's level either, else subject_not_in_class. */
static int subject_missing(struct db_conn *c, struct timetable_put *x, const char *code,
			   const char *field)
{
	struct subject any;
	int rc = subject_get(c, x->by->arena, x->cls.country, x->cls.level, code, field, &any,
			     &x->p);
	if (rc)
		return rc;
	return problem_set(&x->p, P_SUBJECT_NOT_IN_CLASS, field,
			   "The class does not have this subject; give it first (POST "
			   "/api/v1/classes/{id}/subjects).");
}

/* Give each slot its subject (one of the class's) and teacher (of the
 * class's school), or fill p naming periods[i].subject / .teacher. */
static int week_resolve(struct db_conn *c, struct timetable_put *x)
{
	struct arena *a = x->by->arena;
	struct class_subject *subjects;
	int nsubjects;
	int rc = class_subjects(c, a, x->cls.id, &subjects, &nsubjects);
	if (rc)
		return problem_err(&x->p, rc);
	for (int i = 0; i < x->n; i++) {
		struct timetable_slot *w = &x->week[i];
		w->class_id = x->cls.id;
		const struct subject *s = subject_in(subjects, nsubjects, w->subject);
		if (!s)
			return subject_missing(c, x, w->subject,
					       arena_printf(a, "periods[%d].subject", i));
		w->subject_id = s->id;
		w->subject_name = s->name;
		w->subject_name_en = s->name_en;
		if (w->teacher && (rc = class_teacher_id(c, w->teacher, x->cls.org_id,
							 arena_printf(a, "periods[%d].teacher", i),
							 &w->teacher_id, &x->p)))
			return rc;
	}
	return ERR_OK;
}

int timetable_put_tx(struct db_conn *c, void *ctx)
{
	struct timetable_put *x = ctx;
	int rc = class_load(c, x->by, x->id, CLASS_MANAGE, 0, &x->cls, NULL, &x->p);
	if (!rc)
		rc = week_resolve(c, x);
	if (!rc)
		rc = timetable_save(c, x->by->arena, &x->cls, x->week, x->n, &x->p);
	return rc;
}

/* After a race lost to the unique indexes: name the class that won. If no
 * other class holds the slot now, the row in the way was this class's own
 * (its week written twice at once) or is gone: the week changed meanwhile. */
static int clash_reread(struct db_conn *c, void *ctx)
{
	struct timetable_put *x = ctx;
	struct problem p = {0};
	int rc = timetable_check(c, x->by->arena, &x->cls, x->week, x->n, &p);
	if (rc == ERR_CONFLICT && p.ext_name)
		x->p = p;
	else if (!rc)
		problem_set(&x->p, P_TIMETABLE_CHANGED, NULL,
			    "The timetable changed at the same moment; read it and try again.");
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

void timetable_put_explain(struct db *db, struct timetable_put *x, int rc)
{
	/* A clash the unique indexes caught names no class (the check's does). */
	bool unnamed = x->p.err == ERR_CONFLICT && !x->p.ext_name && x->p.id != P_NONE &&
		       x->p.id != P_TIMETABLE_CHANGED;
	if (rc != ERR_CONFLICT || !unnamed)
		return;
	int rrc = work_read(db, clash_reread, x);
	if (rrc)
		log_warn("timetable: naming the clash failed: %s", err_str(rrc));
}

/* ---- a teacher's week ---- */

/* May `by` see the periods at the school at `path`? */
static bool school_visible(const struct actor *by, const char *path)
{
	struct access_decision d;
	access_org(by->who, ACCESS_READ, path, &d);
	return d.allowed;
}

/* The teacher's id, whether `by` is the teacher, and the country of the
 * first of their schools `by` may see (none: 404 not_found). */
static int teacher_find(struct db_conn *c, const struct actor *by, struct timetable_teacher_view *x,
			int64_t *teacher_id, bool *self, char country[8])
{
	bool visible = false;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->username);
	int rc = db_query(c, Q_TIMETABLE_TEACHER_SCHOOLS, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		*teacher_id = db_int(&res, C_TIMETABLE_TEACHER_SCHOOLS__ID);
		*self = by->who && *teacher_id == by->who->user_id;
		if (!visible &&
		    (*self ||
		     school_visible(by, db_text(&res, C_TIMETABLE_TEACHER_SCHOOLS__PATH, NULL)))) {
			visible = true;
			snprintf(country, 8, "%s",
				 db_text(&res, C_TIMETABLE_TEACHER_SCHOOLS__COUNTRY, NULL));
		}
	}
	db_done(&res);
	if (rc || step < 0)
		return rc ? rc : step;
	return visible ? ERR_OK : problem_set(&x->p, P_NOT_FOUND, NULL, "No such teacher.");
}

/* timetable_teacher_view_read's snapshot: the teacher found, the year
 * settled, then their week narrowed to what `by` may see. */
static int timetable_teacher_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct timetable_teacher_view *x = ctx;
	int64_t teacher_id = 0;
	bool self = false;
	char country[8] = "";
	int rc = teacher_find(c, by, x, &teacher_id, &self, country);
	if (rc)
		return rc;
	if (!x->year) {
		/* The school year under way where the teacher's (first visible) school is. */
		char today[11];
		attendance_today(country, time_now_unix(), today);
		x->year = school_year_of_date(country, today);
		if (x->year < 0)
			return problem_set(&x->p, P_REQUIRED, "school_year",
					   "Say which school year.");
	}
	struct timetable_slot *slots;
	int n;
	rc = timetable_teacher_read(c, by->arena, x->year, teacher_id, &slots, &n);
	if (rc)
		return rc;
	/* Only the periods of schools `by` may see (all of them for the teacher). */
	x->slots = slots;
	for (int i = 0; i < n; i++)
		if (self || school_visible(by, slots[i].school_path))
			x->slots[x->nslots++] = slots[i];
	return ERR_OK;
}

int timetable_teacher_view_read(struct db *db, const struct actor *by,
				struct timetable_teacher_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, timetable_teacher_work, x);
}

/* ---- a student's week ---- */

/* timetable_student_view_read's snapshot: the student decided, then the
 * class their enrolment names and its week. */
static int timetable_student_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct timetable_student_view *x = ctx;
	int rc = student_read_as(c, by, x->id, &x->s, &x->d);
	if (rc || !x->d.allowed || !x->s.school_year || !x->s.class_name || !*x->s.class_name)
		return rc;
	/* The class the current enrolment names. */
	rc = class_by_name(c, by->arena, x->s.school_id, x->s.school_year, x->s.class_name,
			   &x->cls);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	x->has_class = true;
	return timetable_class_read(c, by->arena, x->cls.id, &x->slots, &x->nslots);
}

int timetable_student_view_read(struct db *db, const struct actor *by,
				struct timetable_student_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, timetable_student_work, x);
	if (rc)
		return rc;
	return actor_audit_student_read(by, &x->d, "timetable.read", x->id, &x->audit, &x->p);
}
