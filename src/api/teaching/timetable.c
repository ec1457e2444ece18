/*
 * timetable.c: the weekly timetable over HTTP.
 *
 *   PUT /api/v1/classes/{id}/timetable    replace a class's week
 *   GET /api/v1/classes/{id}/timetable    a class's week
 *   GET /api/v1/timetable?teacher=U       a teacher's week, every class they teach
 *   GET /api/v1/students/{id}/timetable   the week of a student's class
 *
 * The rules are domain/teaching/timetable.h's: who may read and set a
 * week, clashes (a teacher or a room in two places at once, 409 naming the
 * other class), and the audit of a student's week (`timetable.read`).
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/common/calendar.h"
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

/* Answer with class id's week as stored now. */
static void reply_class_week(struct req *r, int64_t id)
{
	struct timetable_class_view x = {.id = id};
	int rc = timetable_class_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I, s:s, s:s, s:o}", "class", (json_int_t)x.id, "class_name",
			   x.cls.name, "school_year",
			   teaching_year_text(&r->arena, x.cls.school_year), "periods",
			   slots_json(x.slots, x.nslots, false)));
}

void api_timetable_class_get(struct req *r)
{
	int64_t id;
	if (api_path_id_or_reply(r, "id", &id))
		reply_class_week(r, id);
}

static void timetable_put_finish(struct req *r, int rc, void *arg)
{
	struct timetable_put *x = arg;
	timetable_put_explain(api_app(r)->db, x, rc);
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_class_week(r, x->id);
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
		return problem_set(p, P_TYPE, period_field(r, i, NULL),
				   "Each period is {\"weekday\", \"period\", \"subject\", "
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
		return problem_set(p, P_TOO_LONG, period_field(r, i, "room"),
				   "A room name has at most 32 characters.");
	w->weekday = (int)weekday;
	w->period = (int)period;
	w->subject = arena_strdup(&r->arena, subject);
	w->teacher = teacher && *teacher ? arena_strdup(&r->arena, teacher) : NULL;
	w->room = room && buf[0] ? arena_strdup(&r->arena, buf) : NULL;
	if (!w->subject || (teacher && *teacher && !w->teacher) || (room && buf[0] && !w->room))
		return problem_err(p, ERR_NOMEM);
	return ERR_OK;
}

/* The body's week into x, or p says why not. */
static int week_read(struct req *r, json_t *body, void *ctx)
{
	struct timetable_put *x = ctx;
	json_t *periods = json_object_get(body, "periods");
	size_t n = json_array_size(periods);
	if (!json_is_array(periods) || n > TIMETABLE_SLOTS)
		return problem_set(
			&x->p, periods ? P_COUNT : P_REQUIRED, "periods",
			"Give the week as a list of at most 84 periods ([] empties it).");
	x->week = arena_calloc(&r->arena, n + 1, sizeof(*x->week));
	if (!x->week)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = period_read(r, json_array_get(periods, i), i, &x->week[i], &x->p);
		x->n += !rc;
	}
	return rc ? rc : timetable_week_check(&r->arena, x->week, x->n, &x->p);
}

void api_timetable_class_put(struct req *r)
{
	struct timetable_put *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, week_read, x, &x->p, timetable_put_tx, timetable_put_finish);
}

/* ---- a teacher's week ---- */

void api_timetable_teacher(struct req *r)
{
	struct timetable_teacher_view x = {.username = req_query(r, "teacher")};
	if (!x.username || !*x.username) {
		res_error(r, P_REQUIRED, "teacher", "Say whose week: ?teacher=USERNAME.");
		return;
	}
	if (!teaching_year_query_or_reply(r, &x.year, &x.p))
		return;
	int rc = timetable_teacher_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:s, s:s, s:o}", "teacher", x.username, "school_year",
			   teaching_year_text(&r->arena, x.year), "periods",
			   slots_json(x.slots, x.nslots, true)));
}

/* ---- a student's week ---- */

static json_t *student_week_json(struct arena *a, const struct timetable_student_view *x)
{
	json_t *j = json_pack("{s:I, s:o}", "student", (json_int_t)x->id, "periods",
			      slots_json(x->slots, x->nslots, false));
	json_object_set_new(j, "class", x->has_class ? json_integer(x->cls.id) : json_null());
	json_object_set_new(j, "class_name", x->has_class ? json_string(x->cls.name) : json_null());
	json_object_set_new(j, "school_year",
			    x->has_class ? json_string(teaching_year_text(a, x->cls.school_year))
					 : json_null());
	return j;
}

void api_timetable_student(struct req *r)
{
	struct timetable_student_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = timetable_student_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, 200,
				 x.d.allowed ? student_week_json(&r->arena, &x) : NULL, &x.p);
}
