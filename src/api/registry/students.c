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
 * Who may do what is decided by src/domain/access.h, for every handler
 * here: staff read their subtree, registrars (school_admin and the offices
 * above it) also change it, guardians read their linked children, a student
 * their own record. A student outside the caller's reach is answered 404,
 * as if absent. Every read, list item and write is recorded in the audit
 * log (src/api/audit.c): reads are answered once their entries are durable,
 * writes record theirs in the same transaction as the change.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/student.h"
#include "domain/common/text.h"
#include "domain/registry/transfer.h"

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

json_t *api_student_json(struct arena *a, const struct student *s)
{
	json_t *j = json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}", "id",
			      (json_int_t)s->id, "country", s->country, "national_id",
			      s->national_id, "sector_id", s->sector_id, "given_name",
			      s->given_name, "family_name", s->family_name, "birth_date",
			      s->birth_date, "sex", s->sex, "status", s->status, "review",
			      s->review, "school", s->school);
	if (!j)
		return NULL;
	json_object_set_new(j, "grade", s->grade ? json_integer(s->grade) : json_null());
	json_object_set_new(j, "class", s->class_name ? json_string(s->class_name) : json_null());
	const char *year = year_text(a, s->school_year);
	json_object_set_new(j, "school_year", year ? json_string(year) : json_null());
	json_object_set_new(j, "merged_into",
			    s->merged_into ? json_integer(s->merged_into) : json_null());
	json_object_set_new(j, "created_at", json_string(iso_time(a, s->created_at)));
	json_object_set_new(j, "updated_at", json_string(iso_time(a, s->updated_at)));
	return j;
}

/* In a write job: the caller may not act at this school. Note the refusal
 * for the audit log and answer 403 out_of_scope on "school". */
static int refuse_org(struct req *r, const struct access_decision *d, const char *action,
		      int64_t person_id, const char *school, struct problem *p, const char *detail)
{
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e)
		return problem_err(p, ERR_NOMEM);
	api_audit_fill(r, d, action, person_id, e);
	e->subject = arena_strdup(&r->arena, school);
	api_write_refused(r, e);
	return problem_set(p, P_OUT_OF_SCOPE, "school", detail);
}

/* ---- create ---- */

struct create {
	struct req *r;
	struct student_new s;
	struct problem p;
	int64_t id;
	bool flagged;
};

static int create_write(struct db_conn *c, void *arg)
{
	struct create *x = arg;
	struct org_ref school;
	int rc = school_ref(c, x->s.school, &school, &x->p);
	if (rc)
		return rc;
	struct access_decision d;
	access_org(api_principal(x->r), ACCESS_WRITE, school.path, &d);
	if (!d.allowed)
		return refuse_org(x->r, &d, "student.create", 0, x->s.school, &x->p,
				  "You may only register students at schools you manage.");
	rc = student_grade_fits(&school, x->s.country, x->s.grade, &x->p);
	if (!rc)
		rc = student_insert(c, &x->s, &school, &x->id, &x->flagged, &x->p);
	if (!rc && api_audit_in_job(c, x->r, &d, "student.create", x->id, NULL))
		rc = problem_err(&x->p, ERR_DB);
	return rc;
}

struct read_one {
	struct req *r;
	int64_t id;
	struct student s;
};

static int read_one(struct db_conn *c, void *arg)
{
	struct read_one *x = arg;
	return student_get(c, &x->r->arena, x->id, &x->s);
}

/* Answer with the student as stored now. */
static void reply_student(struct req *r, int status, int64_t id)
{
	struct read_one x = { .r = r, .id = id };
	int rc = db_read(api_app(r)->db, read_one, &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (status == 201)
		res_header(r, "Location", arena_printf(&r->arena, "/api/v1/students/%" PRId64, id));
	res_json(r, status, api_student_json(&r->arena, &x.s));
}

static void create_finish(struct req *r, int rc, void *arg)
{
	struct create *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_student(r, 201, x->id);
}

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

void api_students_create(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct create *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	struct student_input in = { 0 };
	int rc = student_fields(body, &in, &x->p);
	if (!rc)
		rc = student_prepare(&in, &x->s, &x->p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, create_write, x, create_finish);
}

/* ---- read ---- */

struct read_checked {
	struct req *r;
	int64_t id;
	struct student s;
	struct access_decision d;
};

/* Read a student and decide whether the caller may read it; an absent
 * student is decided as refused. */
static int read_checked(struct db_conn *c, void *arg)
{
	struct read_checked *x = arg;
	return api_student_read(c, x->r, x->id, &x->s, &x->d);
}

/* Answer a read of student `id` once its audit entry is durable: `body`
 * if the decision allows it, else 404 (the reference to body is taken). */
static void reply_read(struct req *r, const struct access_decision *d, const char *action,
		       int64_t id, json_t *body)
{
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, d, action, id, e);
	if (!d->allowed) {
		json_decref(body);
		struct problem p;
		problem_set(&p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	api_audit_reply(r, e, 1, 200, body, NULL);
}

void api_students_get(struct req *r)
{
	struct read_checked x = { .r = r };
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = db_read(api_app(r)->db, read_checked, &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	reply_read(r, &x.d, "student.read", x.id,
		   x.d.allowed ? api_student_json(&r->arena, &x.s) : NULL);
}

/* ---- search ---- */

struct search {
	struct req *r;
	enum access_list_kind kind;
	struct student_query q;
	const char *school;
	int64_t after_id; /* linked lists: the last id seen */
	struct student_page page;
	struct access_decision *d; /* one per item of page */
	struct problem p;
};

/* The linked children and own record of a guardian or student account. */
static int linked_read(struct db_conn *c, struct search *x)
{
	const struct principal *who = api_principal(x->r);
	struct arena *a = &x->r->arena;
	x->page.items = arena_calloc(a, (size_t)x->q.limit + 1, sizeof(struct student));
	if (!x->page.items)
		return ERR_NOMEM;
	struct db_val v[] = { DBV_INT(who->user_id), DBV_INT(who->person_id),
			      DBV_INT(x->after_id), DBV_INT(x->q.limit + 1) };
	struct db_res res;
	int rc = db_query(c, Q_GUARDIAN_LINKED_STUDENTS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->page.n == x->q.limit) {
			x->page.next = arena_printf(a, "%" PRId64, x->page.items[x->page.n - 1].id);
			break;
		}
		rc = student_read_row(&res, a, &x->page.items[x->page.n]);
		if (!rc)
			x->page.n++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int search_read(struct db_conn *c, void *arg)
{
	struct search *x = arg;
	int rc = ERR_OK;
	if (x->kind == ACCESS_LIST_LINKED) {
		rc = linked_read(c, x);
	} else if (x->kind == ACCESS_LIST_SUBTREE) {
		if (x->school) {
			struct org_ref school;
			rc = school_ref(c, x->school, &school, &x->p);
			if (rc)
				return rc;
			struct access_decision d;
			access_org(api_principal(x->r), ACCESS_LIST, school.path, &d);
			if (!d.allowed)
				return problem_set(&x->p, P_OUT_OF_SCOPE, "school", "This school is outside your reach.");
			x->q.school_id = school.id;
		}
		rc = student_search(c, &x->r->arena, &x->q, &x->page, &x->p);
	}
	if (rc || !x->page.n)
		return rc;
	/* Every item is decided again: several grants search their common
	 * ancestor, and a list is no way around the rules of a read. */
	x->d = arena_calloc(&x->r->arena, (size_t)x->page.n, sizeof(*x->d));
	if (!x->d)
		return ERR_NOMEM;
	for (int i = 0; i < x->page.n && !rc; i++)
		rc = access_student(c, api_principal(x->r), ACCESS_LIST, x->page.items[i].id,
				    x->page.items[i].school_path, &x->d[i]);
	return rc;
}

static bool query_int_or_reply(struct req *r, const char *name, int min, int max, int def,
			       int *out)
{
	const char *s = req_query(r, name);
	*out = def;
	if (!s || !*s)
		return true;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		struct problem p;
		problem_set(&p, P_OUT_OF_RANGE, name, "This number is out of range.");
		res_problem(r, &p);
		return false;
	}
	*out = (int)v;
	return true;
}

void api_students_search(struct req *r)
{
	struct search x = { .r = r };
	int limit, grade, review;
	if (!query_int_or_reply(r, "limit", 1, 500, 50, &limit) ||
	    !query_int_or_reply(r, "grade", 1, 12, 0, &grade) ||
	    !query_int_or_reply(r, "review", 0, 1, 0, &review))
		return;
	x.q.q = req_query(r, "q");
	x.q.limit = limit;
	x.q.grade = grade;
	x.q.review_only = review;
	x.q.after = req_query(r, "after");
	x.school = req_query(r, "school");
	if (x.school && !*x.school)
		x.school = NULL;
	/* Staff search their subtree, in SQL, so pages are full; guardians and
	 * students (and staff asking ?linked=1) list what they are linked to. */
	const char *linked = req_query(r, "linked");
	const char *scope = NULL;
	x.kind = access_list_plan(api_principal(r), linked && !strcmp(linked, "1"), &scope);
	x.q.scope = scope ? arena_strdup(&r->arena, scope) : "/\x01";
	if (x.kind == ACCESS_LIST_LINKED && x.q.after && *x.q.after) {
		char *end;
		errno = 0;
		long long v = strtoll(x.q.after, &end, 10);
		if (errno || *end || v <= 0) {
			res_error(r, P_INVALID, "after", "This paging cursor is not valid.");
			return;
		}
		x.after_id = v;
	}
	int rc = db_read(api_app(r)->db, search_read, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, (size_t)x.page.n + 1, sizeof(*e));
	if (!e) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	json_t *items = json_array();
	size_t n = 0;
	for (int i = 0; i < x.page.n; i++) {
		if (!x.d[i].allowed)
			continue;
		api_audit_fill(r, &x.d[i], "student.list", x.page.items[i].id, &e[n++]);
		json_array_append_new(items, api_student_json(&r->arena, &x.page.items[i]));
	}
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next", x.page.next ? json_string(x.page.next) : json_null());
	api_audit_reply(r, e, n, 200, j, NULL);
}

/* ---- edit ---- */

struct edit {
	struct req *r;
	int64_t id;
	struct student_input in;
	struct problem p;
};

/* In a write job, first thing: the student must exist and the caller may
 * change it (access.h). Allowed, the entry `action` is recorded in this
 * transaction; refused (or absent), the refusal is recorded once the job is
 * undone and p says 404 or 403. */
static int reach_student(struct db_conn *c, struct req *r, int64_t id, const char *action,
			 struct problem *p)
{
	struct student s;
	int rc = student_get(c, &r->arena, id, &s);
	if (rc == ERR_NOTFOUND) {
		struct access_decision d;
		struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
		if (!e)
			return problem_err(p, ERR_NOMEM);
		access_absent(api_principal(r), &d);
		api_audit_fill(r, &d, action, id, e);
		api_write_refused(r, e);
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	}
	if (rc)
		return problem_err(p, rc);
	return api_access_write(c, r, id, s.school_path, action, p);
}

static int edit_write(struct db_conn *c, void *arg)
{
	struct edit *x = arg;
	int rc = reach_student(c, x->r, x->id, "student.update", &x->p);
	return rc ? rc : student_update(c, x->id, &x->in, &x->p);
}

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct edit *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_student(r, 200, x->id);
}

/* Copy the strings out of a JSON document that dies before the write. */
static const char *keep(struct req *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

void api_students_update(struct req *r)
{
	struct edit *x = arena_calloc(&r->arena, 1, sizeof(*x));
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
	struct student_input in = { 0 };
	int rc = student_fields(body, &in, &x->p);
	if (!rc && (in.school || in.grade || in.school_year || in.class_name))
		rc = problem_set(&x->p, P_USE_ENROLMENTS, in.school ? "school" : in.grade ? "grade" : "school_year", "Placement changes go through transfers, enrolments and "
				 "promotion, not edits.");
	x->in.country = keep(r, in.country);
	x->in.national_id = keep(r, in.national_id);
	x->in.sector_id = keep(r, in.sector_id);
	x->in.given_name = keep(r, in.given_name);
	x->in.family_name = keep(r, in.family_name);
	x->in.birth_date = keep(r, in.birth_date);
	x->in.sex = keep(r, in.sex);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, edit_write, x, edit_finish);
}

/* ---- history ---- */

struct history {
	struct req *r;
	int64_t id;
	struct student s;
	struct access_decision d;
	json_t *enrolments, *transfers, *merges;
};

static int history_read(struct db_conn *c, void *arg)
{
	struct history *x = arg;
	struct arena *a = &x->r->arena;
	int rc = api_student_read(c, x->r, x->id, &x->s, &x->d);
	if (rc || !x->d.allowed)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->id), DBV_INT(x->id) };
	rc = db_query(c, Q_ENROLMENT_HISTORY, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		json_t *e = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "id",
				      (json_int_t)db_int(&res, 0), "school", db_text(&res, 1, NULL),
				      "school_name", db_text(&res, 2, NULL), "school_year",
				      year_text(a, (int)db_int(&res, 3)), "grade",
				      (int)db_int(&res, 4), "start_date", db_text(&res, 6, NULL));
		if (!e)
			continue;
		json_object_set_new(e, "class", db_null(&res, 5) ? json_null()
								: json_string(db_text(&res, 5, NULL)));
		json_object_set_new(e, "end_date", db_null(&res, 7) ? json_null()
								   : json_string(db_text(&res, 7, NULL)));
		json_object_set_new(e, "end_reason",
				    db_null(&res, 8) ? json_null() : json_string(db_text(&res, 8, NULL)));
		json_object_set_new(e, "note", db_null(&res, 9) ? json_null()
								: json_string(db_text(&res, 9, NULL)));
		json_object_set_new(e, "current", json_boolean(db_int(&res, 10)));
		json_object_set_new(e, "record", json_integer(db_int(&res, 11)));
		json_array_append_new(x->enrolments, e);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	rc = db_query(c, Q_TRANSFERS_OF_PERSON, v, 2, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		struct transfer t;
		if (transfer_read_row(&res, a, &t))
			continue;
		json_array_append_new(x->transfers, api_transfer_json(a, &t));
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	rc = db_query(c, Q_PERSON_MERGES_OF, v, 2, &res);
	while (!rc && (step = db_next(&res)) == 1)
		json_array_append_new(x->merges,
				      json_pack("{s:I, s:I, s:s}", "kept", (json_int_t)db_int(&res, 0),
						"merged", (json_int_t)db_int(&res, 1), "merged_at",
						iso_time(a, db_int(&res, 2))));
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc;
}

void api_students_history(struct req *r)
{
	struct history x = { .r = r };
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	x.enrolments = json_array();
	x.transfers = json_array();
	x.merges = json_array();
	int rc = db_read(api_app(r)->db, history_read, &x);
	if (rc) {
		json_decref(x.enrolments);
		json_decref(x.transfers);
		json_decref(x.merges);
		api_problem(r, rc, NULL);
		return;
	}
	if (!x.d.allowed) {
		json_decref(x.enrolments);
		json_decref(x.transfers);
		json_decref(x.merges);
		reply_read(r, &x.d, "student.history", x.id, NULL);
		return;
	}
	reply_read(r, &x.d, "student.history", x.id,
		   json_pack("{s:o, s:o, s:o, s:o}", "student", api_student_json(&r->arena, &x.s),
			     "enrolments", x.enrolments, "transfers", x.transfers, "merges",
			     x.merges));
}

/* ---- enrol, leave, merge ---- */

struct placement {
	struct req *r;
	int64_t id;
	char school[33];
	int grade, year;
	const char *class_name, *reason, *date, *note;
	int64_t other;
	struct problem p;
};

static int enrol_write(struct db_conn *c, void *arg)
{
	struct placement *x = arg;
	struct student s;
	/* The receiving school enrols: a student who finished primary at a school
	 * it cannot see comes to it by national id. Only the target school's
	 * scope counts. */
	int rc = student_get(c, &x->r->arena, x->id, &s);
	if (rc)
		return rc == ERR_NOTFOUND ? problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.") : problem_err(&x->p, rc);
	struct org_ref school;
	rc = school_ref(c, x->school, &school, &x->p);
	if (rc)
		return rc;
	struct access_decision d;
	access_org(api_principal(x->r), ACCESS_WRITE, school.path, &d);
	if (!d.allowed)
		return refuse_org(x->r, &d, "student.enrol", x->id, x->school, &x->p,
				  "You may only enrol students at schools you manage.");
	rc = student_grade_fits(&school, s.country, x->grade, &x->p);
	if (!rc && api_audit_in_job(c, x->r, &d, "student.enrol", x->id, x->school))
		rc = problem_err(&x->p, ERR_DB);
	if (rc)
		return rc;
	char start[11];
	if (x->date)
		snprintf(start, sizeof(start), "%s", x->date);
	else
		school_year_start(school.country[0] ? school.country : s.country, x->year, start);
	return enrolment_add(c, x->id, &school, x->year, x->grade, x->class_name, start, &x->p);
}

static void placement_finish(struct req *r, int rc, void *arg)
{
	struct placement *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_student(r, 200, x->id);
}

/* An optional ISO date field, Persian digits allowed; NULL if absent. */
static int date_field(struct req *r, json_t *body, const char *key, bool required,
		      const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, required, 32, &s, p);
	*out = NULL;
	if (rc || !s)
		return rc;
	char ascii[32];
	int y, m, d;
	if (text_digits_ascii(s, ascii, sizeof(ascii)) || !date_parse_iso(ascii, &y, &m, &d))
		return problem_set(p, P_INVALID, key, "Write the date as YYYY-MM-DD.");
	*out = arena_printf(&r->arena, "%04d-%02d-%02d", y, m, d);
	return *out ? ERR_OK : ERR_NOMEM;
}

/* The start of the enrol, leave and merge handlers: the request's state
 * with the {id} parsed and the JSON body decoded (the caller owns *body),
 * or NULL once the request is answered. */
static struct placement *placement_or_reply(struct req *r, json_t **body)
{
	struct placement *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return NULL;
	*body = req_json_or_reply(r);
	return *body ? x : NULL;
}

void api_students_enrol(struct req *r)
{
	json_t *body;
	struct placement *x = placement_or_reply(r, &body);
	if (!x)
		return;
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
	if (!rc) {
		snprintf(x->school, sizeof(x->school), "%s", school);
		x->grade = (int)grade;
		x->class_name = keep(r, cls);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, enrol_write, x, placement_finish);
}

static int leave_write(struct db_conn *c, void *arg)
{
	struct placement *x = arg;
	int rc = reach_student(c, x->r, x->id, "student.leave", &x->p);
	return rc ? rc : enrolment_leave(c, x->id, x->reason, x->date, x->note, &x->p);
}

void api_students_leave(struct req *r)
{
	json_t *body;
	struct placement *x = placement_or_reply(r, &body);
	if (!x)
		return;
	const char *reason = NULL, *note = NULL;
	int rc = json_get_string(body, "reason", true, 32, &reason, &x->p);
	if (!rc && !enrolment_leave_reason_valid(reason))
		rc = problem_set(&x->p, P_INVALID, "reason", "The reason is graduated, dropped_out, moved_abroad or deceased.");
	if (!rc)
		rc = date_field(r, body, "date", true, &x->date, &x->p);
	if (!rc)
		rc = json_get_string(body, "note", false, 500, &note, &x->p);
	x->reason = keep(r, reason);
	x->note = keep(r, note);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, leave_write, x, placement_finish);
}

static int merge_write(struct db_conn *c, void *arg)
{
	struct placement *x = arg;
	int rc = reach_student(c, x->r, x->id, "student.merge", &x->p);
	if (!rc) {
		rc = reach_student(c, x->r, x->other, "student.merge", &x->p);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_STUDENT, "duplicate", "No student has this id.");
	}
	if (rc)
		return rc;
	return student_merge(c, x->id, x->other, api_principal(x->r)->user_id, &x->p);
}

void api_students_merge(struct req *r)
{
	json_t *body;
	struct placement *x = placement_or_reply(r, &body);
	if (!x)
		return;
	int rc = json_get_int(body, "duplicate", true, 1, INT64_MAX, &x->other, &x->p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, merge_write, x, placement_finish);
}
