/*
 * timetable.c: the rules of timetable.h. A week has at most 84 slots and a
 * teacher or a room at most 84 taken ones, so clashes are found by plain
 * scans over a few hundred slots.
 */
#include "core/base.h"
#include "core/json.h"
#include "domain/common/text.h"
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
	problem_set(p, k->kind == TIMETABLE_CLASH_TEACHER ? P_TEACHER_CLASH : P_ROOM_CLASH, arena_printf(a, "periods[%d]", k->index), detail);
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

static const char *dup_col(struct arena *a, struct db_res *res, int col)
{
	if (db_null(res, col))
		return NULL;
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

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

/* Append the rows of a timetable read (timetable.sql's column order). */
static int slots_read(struct db_conn *c, struct arena *a, enum query_id q, const struct db_val *v,
		      size_t nv, struct slots *out)
{
	struct db_res res;
	int rc = db_query(c, q, v, nv, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct timetable_slot *s = slots_push(a, out);
		if (!s) {
			rc = ERR_NOMEM;
			break;
		}
		memset(s, 0, sizeof(*s));
		s->weekday = (int)db_int(&res, 0);
		s->period = (int)db_int(&res, 1);
		s->subject = dup_col(a, &res, 2);
		s->subject_name = dup_col(a, &res, 3);
		s->subject_name_en = dup_col(a, &res, 4);
		s->teacher = dup_col(a, &res, 5);
		s->room = dup_col(a, &res, 6);
		s->class_id = db_int(&res, 7);
		s->class_name = dup_col(a, &res, 8);
		s->school = dup_col(a, &res, 9);
		s->school_path = dup_col(a, &res, 10);
		s->teacher_id = db_null(&res, 11) ? 0 : db_int(&res, 11);
		if (!s->subject || !s->subject_name || !s->subject_name_en || !s->class_name ||
		    !s->school || !s->school_path)
			rc = ERR_NOMEM;
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
		return problem_set(p, P_TEACHER_CLASH, field, "The teacher was given another class at this time a moment ago.");
	case TIMETABLE_CLASH_ROOM:
		return problem_set(p, P_ROOM_CLASH, field, "The room was given to another class at this time a moment ago.");
	default:
		return problem_set(p, P_TIMETABLE_CHANGED, NULL, "The class's timetable was changed at the same moment; "
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
