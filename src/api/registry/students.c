/*
 * students.c: the student registry over HTTP.
 *
 *   POST  /api/v1/students                    create (201 with id)
 *   GET   /api/v1/students                    search and list (keyset paging)
 *   GET   /api/v1/students/{id}               read
 *   PATCH /api/v1/students/{id}               edit identity fields
 *   GET   /api/v1/students/{id}/history       every enrolment, transfer, merge
 *   POST  /api/v1/students/{id}/enrolments    enrol (when not enrolled now)
 *   POST  /api/v1/students/{id}/leave         graduated, dropped out, moved abroad
 *   POST  /api/v1/students/{id}/merge         merge a duplicate record into this one
 *
 * Who may do what is decided in the domain (src/domain/registry/student.h,
 * enrolment.h over src/domain/access/access.h): staff read their subtree,
 * registrars (school_admin and the offices above it) also change it,
 * guardians read their linked children, a student their own record. A
 * student outside the caller's reach is answered 404, as if absent. Reads
 * are answered once the audit entries the domain filled are durable;
 * writes record theirs in the same transaction as the change.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/access/actor.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/student.h"
#include "domain/registry/student_history.h"
#include "domain/registry/transfer.h"

/* ---- encoding ---- */

static const char *year_text(struct arena *a, int year)
{
	return year ? arena_printf(a, "%d-%d", year, year + 1) : NULL;
}

static const char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_student_json(struct arena *a, const struct student *s)
{
	json_t *j =
		json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}", "id",
			  (json_int_t)s->id, "country", s->country, "national_id", s->national_id,
			  "sector_id", s->sector_id, "given_name", s->given_name, "family_name",
			  s->family_name, "birth_date", s->birth_date, "sex", s->sex, "status",
			  s->status, "review", s->review, "school", s->school);
	if (!j)
		return NULL;
	json_object_set_new(j, "grade", s->grade ? json_integer(s->grade) : json_null());
	json_object_set_new(j, "class", string_or_null(s->class_name));
	json_object_set_new(j, "school_year", string_or_null(year_text(a, s->school_year)));
	json_object_set_new(j, "merged_into",
			    s->merged_into ? json_integer(s->merged_into) : json_null());
	json_object_set_new(j, "created_at", json_string(iso_time(a, s->created_at)));
	json_object_set_new(j, "updated_at", json_string(iso_time(a, s->updated_at)));
	return j;
}

static json_t *enrolment_json(struct arena *a, const struct enrolment_entry *e)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "id", (json_int_t)e->id, "school",
			      e->school, "school_name", e->school_name, "school_year",
			      year_text(a, e->school_year), "grade", e->grade, "start_date",
			      e->start_date);
	if (!j)
		return NULL;
	json_object_set_new(j, "class", string_or_null(e->class_name));
	json_object_set_new(j, "end_date", string_or_null(e->end_date));
	json_object_set_new(j, "end_reason", string_or_null(e->end_reason));
	json_object_set_new(j, "note", string_or_null(e->note));
	json_object_set_new(j, "current", json_boolean(e->current));
	json_object_set_new(j, "record", json_integer(e->person_id));
	return j;
}

static json_t *history_json(struct arena *a, const struct student_history *h)
{
	json_t *enrolments = json_array(), *transfers = json_array(), *merges = json_array();
	for (size_t i = 0; i < h->nenrolments; i++)
		json_array_append_new(enrolments, enrolment_json(a, &h->enrolments[i]));
	for (size_t i = 0; i < h->ntransfers; i++)
		json_array_append_new(transfers, api_transfer_json(a, &h->transfers[i]));
	for (size_t i = 0; i < h->nmerges; i++)
		json_array_append_new(
			merges, json_pack("{s:I, s:I, s:s}", "kept", (json_int_t)h->merges[i].kept,
					  "merged", (json_int_t)h->merges[i].merged, "merged_at",
					  iso_time(a, h->merges[i].merged_at)));
	return json_pack("{s:o, s:o, s:o, s:o}", "student", api_student_json(a, &h->s),
			 "enrolments", enrolments, "transfers", transfers, "merges", merges);
}

static json_t *page_json(struct arena *a, const struct student_page *page)
{
	json_t *items = json_array();
	for (int i = 0; i < page->n; i++)
		json_array_append_new(items, api_student_json(a, &page->items[i]));
	return api_page_json(items, page->next);
}

/* The answer to a write of a student: its problem p if it failed (rc), or
 * else the student as stored now (201 with its Location after a create). */
static void reply_student(struct req *r, int rc, const struct problem *p, int status, int64_t id)
{
	struct student s;
	if (!rc) {
		p = NULL; /* a failed load is not the write's problem */
		rc = student_load(api_app(r)->db, &r->arena, id, &s);
	}
	if (rc) {
		api_problem(r, rc, p);
		return;
	}
	if (status == 201)
		res_header(r, "Location", arena_printf(&r->arena, "/api/v1/students/%" PRId64, id));
	api_json(r, status, api_student_json(&r->arena, &s));
}

/* ---- decoding ---- */

/* Read the student fields of a JSON body (all optional here; the domain
 * says which are required). Strings point into body. */
static int student_fields(json_t *body, struct student_input *in, struct problem *p)
{
	int rc = json_get_string(body, "country", false, 2, &in->country, p);
	if (!rc)
		rc = json_get_string(body, "national_id", false, 32, &in->national_id, p);
	if (!rc)
		rc = json_get_string(body, "sector_id", false, 32, &in->sector_id, p);
	if (!rc)
		rc = json_get_string(body, "given_name", false, (size_t)STUDENT_NAME_MAX * 2,
				     &in->given_name, p);
	if (!rc)
		rc = json_get_string(body, "family_name", false, (size_t)STUDENT_NAME_MAX * 2,
				     &in->family_name, p);
	if (!rc)
		rc = json_get_string(body, "birth_date", false, 32, &in->birth_date, p);
	if (!rc)
		rc = json_get_string(body, "sex", false, 8, &in->sex, p);
	if (!rc)
		rc = json_get_string(body, "school", false, 32, &in->school, p);
	if (!rc)
		rc = json_get_int(body, "grade", false, INT32_MIN, INT32_MAX, &in->grade, p);
	if (!rc)
		rc = json_get_string(body, "school_year", false, 16, &in->school_year, p);
	if (!rc)
		rc = json_get_string(body, "class", false, (size_t)STUDENT_CLASS_MAX * 2,
				     &in->class_name, p);
	return rc;
}

/* An ISO date field, Persian digits allowed, into the arena; NULL if
 * absent (and not required). */
static int date_field(struct req *r, json_t *body, const char *key, bool required, const char **out,
		      struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, required, 32, &s, p);
	*out = NULL;
	if (rc || !s)
		return rc;
	char *date = arena_alloc(&r->arena, 11);
	if (!date)
		return problem_err(p, ERR_NOMEM);
	rc = student_date_parse(s, key, date, p);
	*out = rc ? NULL : date;
	return rc;
}

/* Copy a string out of a JSON document that dies before the write. */
static const char *keep(struct req *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

/* ---- create ---- */

static void create_finish(struct req *r, int rc, void *arg)
{
	struct student_create *x = arg;
	reply_student(r, rc, &x->p, 201, x->id);
}

/* The body of a create: the student's fields, checked and normalised. */
static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct student_create *x = ctx;
	struct student_input in = {0};
	UNUSED(r);
	int rc = student_fields(body, &in, &x->p);
	return rc ? rc : student_prepare(&in, &x->s, &x->p);
}

void api_students_create(struct req *r)
{
	struct student_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, student_create_tx, create_finish);
}

/* ---- read, search, history ---- */

void api_students_get(struct req *r)
{
	int64_t id;
	if (!api_path_id_or_reply(r, "id", &id))
		return;
	struct student_view x;
	int rc = student_read(api_app(r)->db, api_actor(r), id, &x);
	api_audit_reply(r, x.audit, x.audit ? 1 : 0, 200,
			rc ? NULL : api_student_json(&r->arena, &x.s), rc ? &x.p : NULL);
}

void api_students_search(struct req *r)
{
	struct student_list x = {0};
	int64_t limit, grade, review;
	if (!api_query_int_or_reply(r, "limit", 1, 500, 50, &limit) ||
	    !api_query_int_or_reply(r, "grade", 1, 12, 0, &grade) ||
	    !api_query_int_or_reply(r, "review", 0, 1, 0, &review))
		return;
	x.q = (struct student_query){.q = req_query(r, "q"),
				     .limit = (int)limit,
				     .grade = (int)grade,
				     .review_only = review,
				     .after = req_query(r, "after")};
	x.school = req_query(r, "school");
	if (x.school && !*x.school)
		x.school = NULL;
	const char *linked = req_query(r, "linked");
	x.linked = linked && !strcmp(linked, "1");
	int rc = student_list(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_reply(r, x.audit, (size_t)x.page.n, 200, page_json(&r->arena, &x.page), NULL);
}

void api_students_history(struct req *r)
{
	int64_t id;
	if (!api_path_id_or_reply(r, "id", &id))
		return;
	struct student_history h;
	int rc = student_history_read(api_app(r)->db, api_actor(r), id, &h);
	api_audit_reply(r, h.audit, h.audit ? 1 : 0, 200, rc ? NULL : history_json(&r->arena, &h),
			rc ? &h.p : NULL);
}

/* ---- edit ---- */

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct student_edit *x = arg;
	reply_student(r, rc, &x->p, 200, x->id);
}

/* The body of an edit: the fields to change. */
static int edit_decode(struct req *r, json_t *body, void *ctx)
{
	struct student_edit *x = ctx;
	struct student_input in = {0};
	UNUSED(r);
	int rc = student_fields(body, &in, &x->p);
	return rc ? rc : student_edit_prepare(x, &in);
}

void api_students_update(struct req *r)
{
	struct student_edit *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, edit_decode, x, &x->p, student_edit_tx, edit_finish);
}

/* ---- enrol, leave, merge ---- */

static void enrol_finish(struct req *r, int rc, void *arg)
{
	struct student_enrol *x = arg;
	reply_student(r, rc, &x->p, 200, x->id);
}

static void leave_finish(struct req *r, int rc, void *arg)
{
	struct student_leave *x = arg;
	reply_student(r, rc, &x->p, 200, x->id);
}

static void merge_finish(struct req *r, int rc, void *arg)
{
	struct student_merge *x = arg;
	reply_student(r, rc, &x->p, 200, x->keep);
}

/* The body of an enrolment. */
static int enrol_decode(struct req *r, json_t *body, void *ctx)
{
	struct student_enrol *x = ctx;
	const char *school = NULL, *year = NULL, *cls = NULL;
	int64_t grade = 0;
	int rc = json_get_string(body, "school", true, 32, &school, &x->p);
	if (!rc)
		rc = json_get_int(body, "grade", true, 1, 12, &grade, &x->p);
	if (!rc)
		rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	if (!rc)
		rc = json_get_string(body, "class", false, STUDENT_CLASS_MAX, &cls, &x->p);
	if (!rc)
		rc = date_field(r, body, "start_date", false, &x->date, &x->p);
	if (rc)
		return rc;
	snprintf(x->school, sizeof(x->school), "%s", school);
	x->grade = (int)grade;
	x->class_name = keep(r, cls);
	return ERR_OK;
}

void api_students_enrol(struct req *r)
{
	struct student_enrol *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, enrol_decode, x, &x->p, student_enrol_tx, enrol_finish);
}

/* The body of a leaving: reason, date and note. */
static int leave_decode(struct req *r, json_t *body, void *ctx)
{
	struct student_leave *x = ctx;
	const char *reason = NULL, *note = NULL;
	int rc = json_get_string(body, "reason", true, 32, &reason, &x->p);
	if (!rc && !enrolment_leave_reason_valid(reason))
		rc = problem_set(&x->p, P_INVALID, "reason",
				 "The reason is graduated, dropped_out, moved_abroad or deceased.");
	if (!rc)
		rc = date_field(r, body, "date", true, &x->date, &x->p);
	if (!rc)
		rc = json_get_string(body, "note", false, 500, &note, &x->p);
	x->reason = keep(r, reason);
	x->note = keep(r, note);
	return rc;
}

void api_students_leave(struct req *r)
{
	struct student_leave *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, leave_decode, x, &x->p, student_leave_tx, leave_finish);
}

/* The body of a merge: the duplicate's id. */
static int merge_decode(struct req *r, json_t *body, void *ctx)
{
	struct student_merge *x = ctx;
	UNUSED(r);
	return json_get_int(body, "duplicate", true, 1, INT64_MAX, &x->duplicate, &x->p);
}

void api_students_merge(struct req *r)
{
	struct student_merge *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->keep))
		return;
	x->by = api_actor(r);
	api_write_body(r, merge_decode, x, &x->p, student_merge_tx, merge_finish);
}
