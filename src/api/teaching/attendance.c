/*
 * attendance.c: attendance over HTTP.
 *
 *   POST /api/v1/classes/{id}/attendance    a whole class's marks for one date (and period)
 *   GET  /api/v1/classes/{id}/attendance    the class's marks for a date (?date=&period=)
 *   GET  /api/v1/students/{id}/attendance   a student's school year: totals per term, records
 *
 * The rules are domain/teaching/attendance.h's: who may (a class's
 * teachers and the registrars reaching its school; a student's year like
 * their record), which days take marks, and the audit of reads and saves.
 * The shape of a save's body is checked here first, then the class, the
 * caller and the date in a read (attendance_take_check), before the write
 * is queued.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/common/calendar.h"
#include "domain/common/text.h"
#include "domain/teaching/attendance.h"

/* A date from a body or a query: Persian and Arabic-Indic digits are read
 * as ASCII; "YYYY-MM-DD" or 422 on field "date". out has 11 bytes. */
static int date_read(const char *in, char out[11], struct problem *p)
{
	char buf[64];
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "date",
				   "Say which day: a date written YYYY-MM-DD.");
	if (text_digits_ascii(in, buf, sizeof(buf)) || !date_parse_iso(buf, NULL, NULL, NULL))
		return problem_set(p, P_INVALID, "date",
				   "A date is written YYYY-MM-DD, like 2026-11-20.");
	memcpy(out, buf, 11);
	return ERR_OK;
}

static json_t *period_json(int period)
{
	return period ? json_integer(period) : json_null();
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* ---- a class's marks ---- */

/* ?period=N (1-12); absent or empty: the whole day (0). */
static bool period_query_or_reply(struct req *r, int *out)
{
	const char *s = req_query(r, "period");
	*out = 0;
	if (!s || !*s)
		return true;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > ATTENDANCE_PERIOD_MAX) {
		res_error(
			r, P_OUT_OF_RANGE, "period",
			"A period is a whole number from 1 to 12; leave it out for the whole day.");
		return false;
	}
	*out = (int)v;
	return true;
}

static json_t *attendance_view_json(const struct attendance_view *x)
{
	json_t *entries = json_array();
	for (int i = 0; i < x->nmarks; i++) {
		const struct attendance_mark *m = &x->marks[i];
		json_t *e = json_pack("{s:I, s:s, s:s}", "student", (json_int_t)m->student,
				      "given_name", m->given_name, "family_name", m->family_name);
		json_object_set_new(e, "status",
				    m->status == ATT_NONE
					    ? json_null()
					    : json_string(attendance_status_name(m->status)));
		json_object_set_new(e, "note", text_or_null(m->note));
		json_array_append_new(entries, e);
	}
	return json_pack("{s:I, s:s, s:o, s:o}", "class", (json_int_t)x->id, "date", x->date,
			 "period", period_json(x->period), "entries", entries);
}

void api_attendance_class_get(struct req *r)
{
	struct attendance_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	if (date_read(req_query(r, "date"), x.date, &x.p)) {
		res_problem(r, &x.p);
		return;
	}
	if (!period_query_or_reply(r, &x.period))
		return;
	int rc = attendance_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, x.naudit, x.d.allowed, 200,
				 x.d.allowed ? attendance_view_json(&x) : NULL, &x.p);
}

static void attendance_take_finish(struct req *r, int rc, void *arg)
{
	struct attendance_take *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I, s:s, s:o, s:i, s:i}", "class", (json_int_t)x->id, "date", x->date,
			   "period", period_json(x->period), "saved", x->n, "changed", x->changed));
}

/* "entries[i].KEY" in r's arena. */
static const char *entry_field(struct req *r, size_t i, const char *key)
{
	return arena_printf(&r->arena, "entries[%zu].%s", i, key);
}

/* Read entries[i] into e, or fill p naming the field at fault. */
static int entry_read(struct req *r, json_t *v, size_t i, struct attendance_entry *e,
		      struct problem *p)
{
	if (!e)
		return problem_err(p, ERR_NOMEM);
	if (!json_is_object(v))
		return problem_set(p, P_TYPE, arena_printf(&r->arena, "entries[%zu]", i),
				   "Each entry is {\"student\": id, \"status\": ...}.");
	json_t *st = json_object_get(v, "student");
	if (!json_is_integer(st) || json_integer_value(st) <= 0)
		return problem_set(p, st ? P_TYPE : P_REQUIRED, entry_field(r, i, "student"),
				   "Each entry names the student by id.");
	e->student = json_integer_value(st);
	json_t *status = json_object_get(v, "status");
	if (!json_is_string(status))
		return problem_set(
			p, status ? P_TYPE : P_REQUIRED, entry_field(r, i, "status"),
			"The status is present, late, absent_excused or absent_unexcused.");
	e->status = attendance_status_parse(json_string_value(status));
	if (e->status < 0)
		return problem_set(
			p, P_UNKNOWN_VALUE, entry_field(r, i, "status"),
			"The status is present, late, absent_excused or absent_unexcused.");
	const char *note = NULL;
	if (json_get_string(v, "note", false, ATTENDANCE_NOTE_MAX, &note, p)) {
		p->field = entry_field(r, i, "note");
		return p->err;
	}
	e->note = note && *note ? arena_strdup(&r->arena, note) : NULL;
	return note && *note && !e->note ? problem_err(p, ERR_NOMEM) : ERR_OK;
}

/* The body's date, period and entries into x, or p says why not. */
static int take_body_read(struct req *r, json_t *body, struct attendance_take *x)
{
	const char *date = NULL;
	int64_t period = 0;
	int rc = json_get_string(body, "date", true, 32, &date, &x->p);
	if (!rc)
		rc = date_read(date, x->date, &x->p);
	if (!rc)
		rc = json_get_int(body, "period", false, 1, ATTENDANCE_PERIOD_MAX, &period, &x->p);
	x->period = (int)period;
	json_t *list = json_object_get(body, "entries");
	size_t n = json_array_size(list);
	if (!rc && (!json_is_array(list) || n < 1 || n > CLASS_MAX_MEMBERS))
		rc = problem_set(&x->p, list ? P_COUNT : P_REQUIRED, "entries",
				 "Give 1 to 200 entries: [{\"student\": id, \"status\": ...}].");
	struct attendance_entry *entries = rc ? NULL : arena_calloc(&r->arena, n, sizeof(*entries));
	if (!rc && !entries)
		rc = problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = entry_read(r, json_array_get(list, i), i, &entries[i], &x->p);
		x->n += !rc;
	}
	x->entries = entries;
	return rc;
}

void api_attendance_class_save(struct req *r)
{
	struct attendance_take *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int rc = take_body_read(r, body, x);
	json_decref(body);
	if (!rc)
		rc = attendance_take_check(api_app(r)->db, x);
	if (x->refused)
		api_audit_decision_reply(r, x->audit, x->naudit, false, 0, NULL, &x->p);
	else if (rc)
		api_problem(r, rc, &x->p);
	else
		api_write(r, attendance_take_tx, x, attendance_take_finish);
}

/* ---- a student's year ---- */

static json_t *student_year_json(struct arena *a, const struct attendance_student_view *x)
{
	json_t *terms = json_array(), *records = json_array();
	for (int k = 0; k < ATTENDANCE_TERMS; k++) {
		json_t *t = json_pack("{s:i}", "term", k + 1);
		for (int s = 0; s < ATT__STATUSES; s++)
			json_object_set_new(t, attendance_status_name(s),
					    json_integer(x->y.counts[k][s]));
		json_array_append_new(terms, t);
	}
	for (int i = 0; i < x->y.nrecords; i++) {
		const struct attendance_record *rec = &x->y.records[i];
		json_array_append_new(records,
				      json_pack("{s:s, s:o, s:s, s:o, s:I}", "date", rec->date,
						"period", period_json(rec->period), "status",
						attendance_status_name(rec->status), "note",
						text_or_null(rec->note), "class",
						(json_int_t)rec->class_id));
	}
	return json_pack("{s:I, s:s, s:o, s:o}", "student", (json_int_t)x->id, "school_year",
			 teaching_year_text(a, x->year), "terms", terms, "records", records);
}

void api_attendance_student(struct req *r)
{
	struct attendance_student_view *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	if (!teaching_year_query_or_reply(r, &x->year, &x->p))
		return;
	int rc = attendance_student_read(api_app(r)->db, api_actor(r), x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_audit_decision_reply(r, x->audit, 1, x->d.allowed, 200,
				 x->d.allowed ? student_year_json(&r->arena, x) : NULL, &x->p);
}
