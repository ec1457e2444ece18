/*
 * attendance.c: attendance over HTTP.
 *
 *   POST /api/v1/classes/{id}/attendance    a whole class's marks for one date (and period)
 *   GET  /api/v1/classes/{id}/attendance    the class's marks for a date (?date=&period=)
 *   GET  /api/v1/students/{id}/attendance   a student's school year: totals per term, records
 *
 * Scope is class_access() / access_student() (src/domain/access.c): a
 * class's homeroom and subject teachers and the registrars reaching its
 * school take and read its attendance; a student's attendance is read like
 * their record (guardians their linked child's, a student their own).
 * Marks are personal data: reads are answered through the audit log (one
 * `attendance.read` entry per student shown), and a save records one
 * `attendance.update` entry per student whose mark it changed, in its own
 * transaction; refusals are recorded naming the class (docs/access.md).
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
#include "domain/common/text.h"

/* A date from a body or a query: Persian and Arabic-Indic digits are read
 * as ASCII; "YYYY-MM-DD" or 422 on field "date". out has 11 bytes. */
static int date_read(const char *in, char out[11], struct problem *p)
{
	char buf[64];
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "date", "Say which day: a date written YYYY-MM-DD.");
	if (text_digits_ascii(in, buf, sizeof(buf)) || !date_parse_iso(buf, NULL, NULL, NULL))
		return problem_set(p, P_INVALID, "date", "A date is written YYYY-MM-DD, like 2026-11-20.");
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

struct class_attend {
	struct req *r;
	int64_t id;
	char date[11];
	int period; /* 0: the whole day */
	struct class_ref cls;
	struct access_decision d;
	bool refused; /* d refuses (or the class is absent); p says how */
	/* read */
	struct attendance_mark *marks;
	int nmarks;
	/* save */
	struct attendance_entry *entries;
	int n, changed;
	struct problem p;
};

static struct class_attend *class_attend_new(struct req *r)
{
	struct class_attend *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	x->r = r;
	return api_path_id_or_reply(r, "id", &x->id) ? x : NULL;
}

/* Load the class checking `act`; a refusal (or an absent class) sets
 * x->refused with x->d and x->p. */
static int class_attend_load(struct db_conn *c, struct class_attend *x, enum class_act act)
{
	int rc = teaching_class_load(c, x->r, x->id, act, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		x->refused = true;
	return rc;
}

static int class_attend_read(struct db_conn *c, void *arg)
{
	struct class_attend *x = arg;
	int rc = class_attend_load(c, x, CLASS_READ);
	if (x->refused)
		return ERR_OK;
	/* A day in the future or outside the class's year has no marks to show:
	 * say so, as a save of that day would. */
	if (!rc)
		rc = attendance_date_check(x->cls.country, x->cls.school_year, x->date,
					   time_now_unix(), &x->p);
	if (!rc)
		rc = attendance_class_read(c, &x->r->arena, &x->cls, x->date, x->period, &x->marks,
					   &x->nmarks);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

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
		res_error(r, P_OUT_OF_RANGE, "period", "A period is a whole number from 1 to 12; leave it out for the whole day.");
		return false;
	}
	*out = (int)v;
	return true;
}

void api_attendance_class_get(struct req *r)
{
	struct class_attend *x = class_attend_new(r);
	if (!x)
		return;
	if (date_read(req_query(r, "date"), x->date, &x->p)) {
		res_problem(r, &x->p);
		return;
	}
	if (!period_query_or_reply(r, &x->period))
		return;
	int rc = db_read(api_app(r)->db, class_attend_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	if (x->refused) {
		teaching_reply_audited(r, &x->d, "attendance.read", x->id, NULL, 0, 0, NULL, &x->p);
		return;
	}
	int64_t *ids = arena_calloc(&r->arena, (size_t)x->nmarks + 1, sizeof(int64_t));
	if (!ids) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	json_t *entries = json_array();
	for (int i = 0; i < x->nmarks; i++) {
		const struct attendance_mark *m = &x->marks[i];
		ids[i] = m->student;
		json_t *e = json_pack("{s:I, s:s, s:s}", "student", (json_int_t)m->student,
				      "given_name", m->given_name, "family_name", m->family_name);
		json_object_set_new(e, "status",
				    m->status == ATT_NONE
					    ? json_null()
					    : json_string(attendance_status_name(m->status)));
		json_object_set_new(e, "note", text_or_null(m->note));
		json_array_append_new(entries, e);
	}
	json_t *body = json_pack("{s:I, s:s, s:o, s:o}", "class", (json_int_t)x->id, "date",
				 x->date, "period", period_json(x->period), "entries", entries);
	teaching_reply_audited(r, &x->d, "attendance.read", x->id, ids, x->nmarks, 200, body, NULL);
}

static int class_attend_check(struct db_conn *c, void *arg)
{
	struct class_attend *x = arg;
	int rc = class_attend_load(c, x, CLASS_ATTEND);
	if (rc)
		return rc;
	return attendance_date_check(x->cls.country, x->cls.school_year, x->date, time_now_unix(),
				     &x->p);
}

/* Before the save writes anything: one entry per student it changes. */
static int attend_audit(struct db_conn *c, void *arg, const int64_t *students, int n)
{
	struct class_attend *x = arg;
	const char *subject = x->period
				      ? arena_printf(&x->r->arena, "class:%" PRId64 " %s period %d",
						     x->cls.id, x->date, x->period)
				      : arena_printf(&x->r->arena, "class:%" PRId64 " %s day",
						     x->cls.id, x->date);
	struct audit_entry *e = arena_calloc(&x->r->arena, (size_t)n, sizeof(*e));
	if (!subject || !e)
		return ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		api_audit_fill(x->r, &x->d, "attendance.update", students[i], &e[i]);
		e[i].subject = subject;
	}
	return audit_append(c, e, (size_t)n);
}

static int class_attend_write(struct db_conn *c, void *arg)
{
	struct class_attend *x = arg;
	struct attendance_save s = {.cls = &x->cls,
				    .date = x->date,
				    .period = x->period,
				    .entries = x->entries,
				    .n = x->n,
				    .by_user = api_principal(x->r)->user_id,
				    .before_write = attend_audit,
				    .ctx = x};
	return attendance_save_class(c, &x->r->arena, &s, &x->changed, &x->p);
}

static void class_attend_finish(struct req *r, int rc, void *arg)
{
	struct class_attend *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_json(r, 200,
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
	if (!json_is_object(v))
		return problem_set(p, P_TYPE, arena_printf(&r->arena, "entries[%zu]", i), "Each entry is {\"student\": id, \"status\": ...}.");
	json_t *st = json_object_get(v, "student");
	if (!json_is_integer(st) || json_integer_value(st) <= 0)
		return problem_set(p, st ? P_TYPE : P_REQUIRED, entry_field(r, i, "student"), "Each entry names the student by id.");
	e->student = json_integer_value(st);
	json_t *status = json_object_get(v, "status");
	if (!json_is_string(status))
		return problem_set(p, status ? P_TYPE : P_REQUIRED, entry_field(r, i, "status"), "The status is present, late, absent_excused or absent_unexcused.");
	e->status = attendance_status_parse(json_string_value(status));
	if (e->status < 0)
		return problem_set(p, P_UNKNOWN_VALUE, entry_field(r, i, "status"), "The status is present, late, absent_excused or absent_unexcused.");
	const char *note = NULL;
	if (json_get_string(v, "note", false, ATTENDANCE_NOTE_MAX, &note, p)) {
		p->field = entry_field(r, i, "note");
		return p->err;
	}
	e->note = note && *note ? arena_strdup(&r->arena, note) : NULL;
	return note && *note && !e->note ? problem_err(p, ERR_NOMEM) : ERR_OK;
}

void api_attendance_class_save(struct req *r)
{
	struct class_attend *x = class_attend_new(r);
	if (!x)
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *date = NULL;
	int64_t period = 0;
	int rc = json_get_string(body, "date", true, 32, &date, &x->p);
	if (!rc)
		rc = date_read(date, x->date, &x->p);
	if (!rc)
		rc = json_get_int(body, "period", false, 1, ATTENDANCE_PERIOD_MAX, &period, &x->p);
	json_t *entries = json_object_get(body, "entries");
	size_t n = json_array_size(entries);
	if (!rc && (!json_is_array(entries) || n < 1 || n > CLASS_MAX_MEMBERS))
		rc = problem_set(&x->p, entries ? P_COUNT : P_REQUIRED, "entries", "Give 1 to 200 entries: [{\"student\": id, \"status\": ...}].");
	if (!rc && !(x->entries = arena_calloc(&r->arena, n, sizeof(*x->entries))))
		rc = ERR_NOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = entry_read(r, json_array_get(entries, i), i, &x->entries[i], &x->p);
		if (!rc)
			x->n++;
	}
	json_decref(body);
	x->period = (int)period;
	if (!rc)
		rc = db_read(api_app(r)->db, class_attend_check, x);
	if (rc && x->refused) {
		/* A refused save is on record, naming the class (nothing changed). */
		teaching_reply_audited(r, &x->d, "attendance.update", x->id, NULL, 0, 0, NULL,
				       &x->p);
		return;
	}
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, class_attend_write, x, class_attend_finish);
}

/* ---- a student's year ---- */

struct student_attend {
	struct req *r;
	int64_t id;
	int year;
	struct student s;
	struct attendance_year y;
	struct access_decision d;
	struct problem p;
};

static int student_attend_read(struct db_conn *c, void *arg)
{
	struct student_attend *x = arg;
	int rc = api_student_read(c, x->r, x->id, &x->s, &x->d);
	if (rc || !x->d.allowed)
		return rc;
	if (!x->year)
		x->year = x->s.school_year;
	if (!x->year)
		return problem_set(&x->p, P_REQUIRED, "school_year", "The student is not enrolled now: say which school year.");
	return attendance_student_year(c, &x->r->arena, x->id, x->year, &x->y);
}

void api_attendance_student(struct req *r)
{
	struct student_attend *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	const char *year = req_query(r, "school_year");
	if (year && *year && school_year_parse(year, &x->year, &x->p)) {
		res_problem(r, &x->p);
		return;
	}
	int rc = db_read(api_app(r)->db, student_attend_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, &x->d, "attendance.read", x->id, e);
	if (!x->d.allowed) {
		/* Refused or absent alike: the same 404, the same entry. */
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &x->p);
		return;
	}
	json_t *terms = json_array();
	for (int k = 0; k < ATTENDANCE_TERMS; k++) {
		json_t *t = json_pack("{s:i}", "term", k + 1);
		for (int s = 0; s < ATT__STATUSES; s++)
			json_object_set_new(t, attendance_status_name(s),
					    json_integer(x->y.counts[k][s]));
		json_array_append_new(terms, t);
	}
	json_t *records = json_array();
	for (int i = 0; i < x->y.nrecords; i++) {
		const struct attendance_record *rec = &x->y.records[i];
		json_t *j = json_pack("{s:s, s:o, s:s, s:o, s:I}", "date", rec->date, "period",
				      period_json(rec->period), "status",
				      attendance_status_name(rec->status), "note",
				      text_or_null(rec->note), "class", (json_int_t)rec->class_id);
		json_array_append_new(records, j);
	}
	json_t *j = json_pack("{s:I, s:s, s:o, s:o}", "student", (json_int_t)x->id, "school_year",
			      teaching_year_text(&r->arena, x->year), "terms", terms, "records",
			      records);
	api_audit_reply(r, e, 1, 200, j, NULL);
}
