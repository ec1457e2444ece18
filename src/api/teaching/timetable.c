/*
 * timetable.c: the weekly timetable over HTTP.
 *
 *   PUT /api/v1/classes/{id}/timetable    replace a class's week
 *   GET /api/v1/classes/{id}/timetable    a class's week
 *   GET /api/v1/timetable?teacher=U       a teacher's week, every class they teach
 *   GET /api/v1/students/{id}/timetable   the week of a student's class
 *
 * Scope: the school's administration (class_access CLASS_MANAGE) sets a
 * class's week; the class's teachers and the administration read it
 * (CLASS_READ). A teacher reads their own week; staff reaching a school
 * (access_org) read the periods a teacher has there. A student's week is
 * read like their record (access_student: guardians their linked child's,
 * a student their own) and answered through the audit log
 * (`timetable.read`), since it tells which class the child is in. Class and
 * teacher weeks name classes, subjects, teachers and rooms, no student, and
 * are not audited (like a school's list of classes).
 *
 * Clashes (a teacher or a room in two places at once) are checked in the
 * domain before the insert (src/domain/timetable.c); when two writes race
 * past the check, the unique indexes refuse the second and it is answered
 * with the same 409, the other class named by a read after the refusal.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/access/access.h"
#include "domain/teaching/attendance.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/registry/student.h"
#include "domain/teaching/subject.h"
#include "domain/teaching/timetable.h"

/* One period as JSON; with_class adds the class and its school. */
static json_t *slot_json(const struct timetable_slot *s, bool with_class)
{
	json_t *j = json_pack("{s:i, s:i, s:s, s:s, s:s}", "weekday", s->weekday, "period",
			      s->period, "subject", s->subject, "subject_name", s->subject_name,
			      "subject_name_en", s->subject_name_en);
	json_object_set_new(j, "teacher", s->teacher ? json_string(s->teacher) : json_null());
	json_object_set_new(j, "room", s->room ? json_string(s->room) : json_null());
	if (with_class) {
		json_object_set_new(j, "class", json_integer(s->class_id));
		json_object_set_new(j, "class_name", json_string(s->class_name));
		json_object_set_new(j, "school", json_string(s->school));
	}
	return j;
}

static json_t *slots_json(const struct timetable_slot *s, int n, bool with_class)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, slot_json(&s[i], with_class));
	return a;
}

/* ---- a class's week ---- */

struct class_week {
	struct req *r;
	int64_t id;
	struct class_ref cls;
	/* PUT: the week asked for, subject codes and usernames resolved in the job */
	struct timetable_slot *week;
	int n;
	/* read */
	struct timetable_slot *slots;
	int nslots;
	struct problem p;
};

static int class_week_read(struct db_conn *c, void *arg)
{
	struct class_week *x = arg;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_READ, 0, &x->cls, NULL, &x->p);
	if (!rc)
		rc = timetable_class_read(c, &x->r->arena, x->id, &x->slots, &x->nslots);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

static void reply_class_week(struct req *r, struct class_week *x)
{
	int rc = db_read(api_app(r)->db, class_week_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_json(r, 200,
		 json_pack("{s:I, s:s, s:s, s:o}", "class", (json_int_t)x->id, "class_name",
			   x->cls.name, "school_year",
			   teaching_year_text(&r->arena, x->cls.school_year), "periods",
			   slots_json(x->slots, x->nslots, false)));
}

void api_timetable_class_get(struct req *r)
{
	struct class_week *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (api_path_id_or_reply(r, "id", &x->id))
		reply_class_week(r, x);
}

/* Subjects a class may have: more than any level's list (0007_teaching.sql). */
#define CLASS_SUBJECTS_MAX 64

/* The class's subjects (class_subjects), to resolve the week's codes. */
static int class_subjects(struct db_conn *c, struct arena *a, int64_t class_id,
			  struct subject **out, int *n)
{
	*n = 0;
	*out = arena_calloc(a, CLASS_SUBJECTS_MAX, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(class_id);
	int rc = db_query(c, Q_CLASS_SUBJECTS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && *n < CLASS_SUBJECTS_MAX && (step = db_next(&res)) == 1)
		rc = subject_read_row(&res, 0, a, &(*out)[(*n)++]);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Give each slot its subject (one of the class's) and teacher (of the
 * class's school), or fill p naming periods[i].subject / .teacher. */
static int week_resolve(struct db_conn *c, struct class_week *x)
{
	struct arena *a = &x->r->arena;
	struct subject *subjects;
	int nsubjects;
	int rc = class_subjects(c, a, x->cls.id, &subjects, &nsubjects);
	if (rc)
		return problem_err(&x->p, rc);
	for (int i = 0; i < x->n; i++) {
		struct timetable_slot *w = &x->week[i];
		w->class_id = x->cls.id;
		const struct subject *s = NULL;
		for (int k = 0; k < nsubjects && !s; k++)
			if (!strcmp(subjects[k].code, w->subject))
				s = &subjects[k];
		const char *field = arena_printf(a, "periods[%d].subject", i);
		if (!s) {
			struct subject any;
			rc = subject_get(c, a, x->cls.country, x->cls.level, w->subject, field,
					 &any, &x->p);
			if (!rc)
				rc = problem_set(&x->p, P_SUBJECT_NOT_IN_CLASS, field, "The class does not have this subject; give it "
						 "first (POST /api/v1/classes/{id}/subjects).");
			return rc;
		}
		w->subject_id = s->id;
		w->subject_name = s->name;
		w->subject_name_en = s->name_en;
		if (w->teacher) {
			rc = class_teacher_id(c, w->teacher, x->cls.org_id,
					      arena_printf(a, "periods[%d].teacher", i),
					      &w->teacher_id, &x->p);
			if (rc)
				return rc;
		}
	}
	return ERR_OK;
}

static int class_week_write(struct db_conn *c, void *arg)
{
	struct class_week *x = arg;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_MANAGE, 0, &x->cls, NULL, &x->p);
	if (!rc)
		rc = week_resolve(c, x);
	if (!rc)
		rc = timetable_save(c, &x->r->arena, &x->cls, x->week, x->n, &x->p);
	return rc;
}

/* After a race lost to the unique indexes: name the class that won. If no
 * other class holds the slot now, the row in the way was this class's own
 * (its week written twice at once) or is gone: the week changed meanwhile. */
static int clash_reread(struct db_conn *c, void *arg)
{
	struct class_week *x = arg;
	struct problem p = {0};
	int rc = timetable_check(c, &x->r->arena, &x->cls, x->week, x->n, &p);
	if (rc == ERR_CONFLICT && p.ext_name)
		x->p = p;
	else if (!rc)
		problem_set(&x->p, P_TIMETABLE_CHANGED, NULL, "The timetable changed at the same moment; read it and try again.");
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

static void class_week_finish(struct req *r, int rc, void *arg)
{
	struct class_week *x = arg;
	if (rc == ERR_CONFLICT && x->p.err == ERR_CONFLICT && !x->p.ext_name && x->p.code &&
	    strcmp(x->p.code, "timetable_changed")) {
		int rrc = db_read(api_app(r)->db, clash_reread, x);
		if (rrc)
			log_warn("timetable: naming the clash failed: %s", err_str(rrc));
	}
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_class_week(r, x);
}

/* A room as typed, before normalisation trims and collapses it (characters). */
#define ROOM_INPUT_MAX 128

/* "periods[i].KEY" (or "periods[i]" for a NULL key) in r's arena. */
static const char *period_field(struct req *r, size_t i, const char *key)
{
	return key ? arena_printf(&r->arena, "periods[%zu].%s", i, key)
		   : arena_printf(&r->arena, "periods[%zu]", i);
}

/* Read periods[i] into w, or fill p naming the field at fault. */
static int period_read(struct req *r, json_t *v, size_t i, struct timetable_slot *w,
		       struct problem *p)
{
	if (!json_is_object(v))
		return problem_set(p, P_TYPE, period_field(r, i, NULL), "Each period is {\"weekday\", \"period\", \"subject\", "
				   "\"teacher\", \"room\"}.");
	int64_t weekday = 0, period = 0;
	const char *subject = NULL, *teacher = NULL, *room = NULL;
	int rc = json_get_int(v, "weekday", true, 1, TIMETABLE_WEEKDAYS, &weekday, p);
	if (rc)
		p->field = period_field(r, i, "weekday");
	if (!rc && (rc = json_get_int(v, "period", true, 1, TIMETABLE_PERIODS, &period, p)))
		p->field = period_field(r, i, "period");
	if (!rc && (rc = json_get_string(v, "subject", true, 16, &subject, p)))
		p->field = period_field(r, i, "subject");
	if (!rc && (rc = json_get_string(v, "teacher", false, 64, &teacher, p)))
		p->field = period_field(r, i, "teacher");
	if (!rc && (rc = json_get_string(v, "room", false, ROOM_INPUT_MAX, &room, p)))
		p->field = period_field(r, i, "room");
	if (rc)
		return rc;
	char buf[ROOM_INPUT_MAX * 4 + 1]; /* UTF-8: at most 4 bytes a character */
	if (room && timetable_room_normalize(room, buf, sizeof(buf)))
		return problem_set(p, P_TOO_LONG, period_field(r, i, "room"), "A room name has at most 32 characters.");
	w->weekday = (int)weekday;
	w->period = (int)period;
	w->subject = arena_strdup(&r->arena, subject);
	w->teacher = teacher && *teacher ? arena_strdup(&r->arena, teacher) : NULL;
	w->room = room && buf[0] ? arena_strdup(&r->arena, buf) : NULL;
	if (!w->subject || (teacher && *teacher && !w->teacher) || (room && buf[0] && !w->room))
		return problem_err(p, ERR_NOMEM);
	return ERR_OK;
}

void api_timetable_class_put(struct req *r)
{
	struct class_week *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	json_t *periods = json_object_get(body, "periods");
	size_t n = json_array_size(periods);
	int rc = ERR_OK;
	if (!json_is_array(periods) || n > TIMETABLE_SLOTS)
		rc = problem_set(&x->p, periods ? P_COUNT : P_REQUIRED, "periods", "Give the week as a list of at most 84 periods ([] empties it).");
	if (!rc && !(x->week = arena_calloc(&r->arena, n + 1, sizeof(*x->week))))
		rc = ERR_NOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = period_read(r, json_array_get(periods, i), i, &x->week[i], &x->p);
		if (!rc)
			x->n++;
	}
	json_decref(body);
	int dup = rc ? -1 : timetable_duplicate(x->week, x->n);
	if (dup >= 0)
		rc = problem_set(&x->p, P_DUPLICATE, period_field(r, (size_t)dup, NULL), "The week has this weekday and period twice.");
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, class_week_write, x, class_week_finish);
}

/* ---- a teacher's week ---- */

struct teacher_week {
	struct req *r;
	const char *username;
	int year;
	int64_t teacher_id;
	struct timetable_slot *slots;
	int nslots;
	bool *shown;
	struct problem p;
};

/* May the caller see the teacher's periods at the school at `path`? */
static bool school_visible(struct req *r, const char *path)
{
	struct access_decision d;
	access_org(api_principal(r), ACCESS_READ, path, &d);
	return d.allowed;
}

static int teacher_week_read(struct db_conn *c, void *arg)
{
	struct teacher_week *x = arg;
	struct arena *a = &x->r->arena;
	bool self = false, visible = false;
	char country[8] = "";
	struct db_res res;
	struct db_val v = DBV_TEXT(x->username);
	int rc = db_query(c, Q_TIMETABLE_TEACHER_SCHOOLS, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		x->teacher_id = db_int(&res, 0);
		self = x->teacher_id == api_principal(x->r)->user_id;
		if (!visible && (self || school_visible(x->r, db_text(&res, 1, NULL)))) {
			visible = true;
			snprintf(country, sizeof(country), "%s", db_text(&res, 2, NULL));
		}
	}
	db_done(&res);
	if (rc || step < 0)
		return rc ? rc : step;
	if (!visible)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such teacher.");
	if (!x->year) {
		/* The school year under way where the teacher's (first visible) school is. */
		char today[11];
		attendance_today(country, time_now_unix(), today);
		x->year = school_year_of_date(country, today);
		if (x->year < 0)
			return problem_set(&x->p, P_REQUIRED, "school_year", "Say which school year.");
	}
	rc = timetable_teacher_read(c, a, x->year, x->teacher_id, &x->slots, &x->nslots);
	if (rc)
		return rc;
	x->shown = arena_calloc(a, (size_t)x->nslots + 1, sizeof(bool));
	if (!x->shown)
		return ERR_NOMEM;
	for (int i = 0; i < x->nslots; i++)
		x->shown[i] = self || school_visible(x->r, x->slots[i].school_path);
	return ERR_OK;
}

void api_timetable_teacher(struct req *r)
{
	struct teacher_week x = {.r = r, .username = req_query(r, "teacher")};
	if (!x.username || !*x.username) {
		res_error(r, P_REQUIRED, "teacher", "Say whose week: ?teacher=USERNAME.");
		return;
	}
	const char *year = req_query(r, "school_year");
	if (year && *year && school_year_parse(year, &x.year, &x.p)) {
		res_problem(r, &x.p);
		return;
	}
	int rc = db_read(api_app(r)->db, teacher_week_read, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *periods = json_array();
	for (int i = 0; i < x.nslots; i++)
		if (x.shown[i])
			json_array_append_new(periods, slot_json(&x.slots[i], true));
	res_json(r, 200,
		 json_pack("{s:s, s:s, s:o}", "teacher", x.username, "school_year",
			   teaching_year_text(&r->arena, x.year), "periods", periods));
}

/* ---- a student's week ---- */

struct student_week {
	struct req *r;
	int64_t id;
	struct student s;
	struct class_ref cls;
	bool has_class;
	struct timetable_slot *slots;
	int nslots;
	struct access_decision d;
	struct problem p;
};

static int student_week_read(struct db_conn *c, void *arg)
{
	struct student_week *x = arg;
	int rc = api_student_read(c, x->r, x->id, &x->s, &x->d);
	if (rc || !x->d.allowed || !x->s.school_year || !x->s.class_name || !*x->s.class_name)
		return rc;
	/* The class the current enrolment names. */
	struct db_res res;
	struct db_val v[] = {DBV_INT(x->s.school_id), DBV_INT(x->s.school_year),
			     DBV_TEXT(x->s.class_name)};
	rc = db_row(c, Q_CLASS_BY_NAME, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	rc = class_read_row(&res, &x->r->arena, &x->cls);
	db_done(&res);
	if (rc)
		return rc;
	x->has_class = true;
	return timetable_class_read(c, &x->r->arena, x->cls.id, &x->slots, &x->nslots);
}

void api_timetable_student(struct req *r)
{
	struct student_week *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	int rc = db_read(api_app(r)->db, student_week_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, &x->d, "timetable.read", x->id, e);
	if (!x->d.allowed) {
		/* Refused or absent alike: the same 404, the same entry. */
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &x->p);
		return;
	}
	json_t *j = json_pack("{s:I, s:o}", "student", (json_int_t)x->id, "periods",
			      slots_json(x->slots, x->nslots, false));
	json_object_set_new(j, "class", x->has_class ? json_integer(x->cls.id) : json_null());
	json_object_set_new(j, "class_name", x->has_class ? json_string(x->cls.name) : json_null());
	json_object_set_new(j, "school_year",
			    x->has_class
				    ? json_string(teaching_year_text(&r->arena, x->cls.school_year))
				    : json_null());
	api_audit_reply(r, e, 1, 200, j, NULL);
}
