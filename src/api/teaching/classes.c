/*
 * classes.c: subjects, classes, their teachers and their students over HTTP.
 *
 *   GET  /api/v1/subjects                   reference subjects (?country=&level=)
 *   POST /api/v1/orgs/{code}/classes        create a class of a school year
 *   GET  /api/v1/orgs/{code}/classes        a school's classes (?school_year=)
 *   GET  /api/v1/classes/{id}               a class with its subjects and students
 *   PATCH /api/v1/classes/{id}              change its homeroom teacher
 *   POST /api/v1/classes/{id}/subjects      give the class a subject and its teacher
 *   POST /api/v1/classes/{id}/students      place enrolled students in the class
 *
 * The rules are domain/teaching/class.h's: who may do what (a class outside
 * the caller's reach answers 404, as if absent), and the audit of a class
 * read, which shows its students' names (one `class.read` entry per student
 * shown) and of each placing (`class.place`).
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/common/calendar.h"
#include "domain/teaching/class.h"

const char *teaching_year_text(struct arena *a, int year)
{
	return arena_printf(a, "%d-%d", year, year + 1);
}

bool teaching_year_query_or_reply(struct req *r, int *year, struct problem *p)
{
	const char *s = req_query(r, "school_year");
	if (s && *s && school_year_parse(s, year, p)) {
		res_problem(r, p);
		return false;
	}
	return true;
}

json_t *teaching_subject_json(const struct subject *s)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)s->id,
			      "code", s->code, "country", s->country, "level", s->level, "name",
			      s->name, "name_en", s->name_en, "scored", s->scored);
	json_object_set_new(j, "units", s->units ? json_integer(s->units) : json_null());
	return j;
}

json_t *teaching_class_json(struct arena *a, const struct class_ref *c)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:s}", "id", (json_int_t)c->id, "school",
			      c->school, "school_year", teaching_year_text(a, c->school_year),
			      "grade", c->grade, "name", c->name);
	json_object_set_new(j, "homeroom_teacher",
			    c->homeroom ? json_string(c->homeroom) : json_null());
	json_object_set_new(j, "policy",
			    c->policy >= 0 ? json_string(policy_name((enum policy_id)c->policy))
					   : json_null());
	return j;
}

const char *teaching_class_subject(struct req *r, int64_t class_id)
{
	return class_audit_subject(&r->arena, class_id);
}

/* ---- subjects ---- */

void api_subjects_list(struct req *r)
{
	struct subject *s;
	int n;
	int rc = subject_list_read(api_app(r)->db, &r->arena, req_query(r, "country"),
				   req_query(r, "level"), &s, &n);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, teaching_subject_json(&s[i]));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- a class ---- */

static json_t *class_view_json(struct arena *a, const struct class_view *x)
{
	json_t *subjects = json_array(), *students = json_array();
	for (int i = 0; i < x->nsubjects; i++) {
		json_t *j = teaching_subject_json(&x->subjects[i].subject);
		json_object_set_new(j, "teacher",
				    x->subjects[i].teacher ? json_string(x->subjects[i].teacher)
							   : json_null());
		json_array_append_new(subjects, j);
	}
	for (int i = 0; i < x->nmembers; i++)
		json_array_append_new(
			students, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x->members[i].id,
					    "given_name", x->members[i].given_name, "family_name",
					    x->members[i].family_name));
	json_t *j = teaching_class_json(a, &x->cls);
	json_object_set_new(j, "subjects", subjects);
	json_object_set_new(j, "students", students);
	return j;
}

/* Answer with class id as stored now (status 201 with its Location after
 * a create). */
static void reply_class(struct req *r, int status, int64_t id)
{
	struct class_view x = {.id = id};
	int rc = class_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	if (x.d.allowed && status == 201)
		res_header(r, "Location", arena_printf(&r->arena, "/api/v1/classes/%" PRId64, id));
	api_audit_decision_reply(r, x.audit, x.naudit, x.d.allowed, status,
				 x.d.allowed ? class_view_json(&r->arena, &x) : NULL, &x.p);
}

void api_classes_get(struct req *r)
{
	int64_t id;
	if (api_path_id_or_reply(r, "id", &id))
		reply_class(r, 200, id);
}

/* ---- create and list ---- */

static void class_create_finish(struct req *r, int rc, void *arg)
{
	struct class_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_class(r, 201, x->id);
}

/* The body of a create: name, grade, school year, homeroom teacher. */
static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct class_create *x = ctx;
	const char *name = NULL, *year = NULL, *homeroom = NULL;
	int64_t grade = 0;
	int rc = json_get_string(body, "name", true, (size_t)CLASS_NAME_MAX * 4, &name, &x->p);
	if (!rc)
		rc = class_name_check(name, &x->p);
	if (!rc)
		rc = json_get_int(body, "grade", true, 1, 12, &grade, &x->p);
	if (!rc)
		rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	if (!rc)
		rc = json_get_string(body, "homeroom_teacher", false, 64, &homeroom, &x->p);
	x->grade = (int)grade;
	x->name = name ? arena_strdup(&r->arena, name) : NULL;
	x->homeroom = homeroom ? arena_strdup(&r->arena, homeroom) : NULL;
	return rc;
}

void api_classes_create(struct req *r)
{
	struct class_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->school = req_param(r, "code");
	api_write_body(r, create_decode, x, &x->p, class_create_tx, class_create_finish);
}

void api_classes_list(struct req *r)
{
	struct class_list x = {.school = req_param(r, "code")};
	if (!teaching_year_query_or_reply(r, &x.year, &x.p))
		return;
	int rc = class_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, teaching_class_json(&r->arena, &x.items[i]));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- subjects and teachers, students ---- */

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct class_edit *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_class(r, 200, x->id);
}

/* An edit of class {id}: the body decoded by decode, then the write fn. */
static void edit(struct req *r, api_decode_fn decode, work_fn fn)
{
	struct class_edit *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, decode, x, &x->p, fn, edit_finish);
}

/* {"subject", "teacher"}: who teaches a subject (no teacher: nobody). */
static int assign_decode(struct req *r, json_t *body, void *ctx)
{
	struct class_edit *x = ctx;
	const char *subject = NULL, *teacher = NULL;
	int rc = json_get_string(body, "subject", true, 16, &subject, &x->p);
	if (!rc)
		rc = json_get_string(body, "teacher", false, 64, &teacher, &x->p);
	x->subject = subject ? arena_strdup(&r->arena, subject) : NULL;
	x->teacher = teacher ? arena_strdup(&r->arena, teacher) : NULL;
	return rc;
}

void api_classes_assign(struct req *r)
{
	edit(r, assign_decode, class_assign_tx);
}

/*
 * PATCH /api/v1/classes/{id} {"homeroom_teacher": username | null}: the
 * class's representation names the field; "homeroom" is accepted as its
 * short form.
 */
static int homeroom_decode(struct req *r, json_t *body, void *ctx)
{
	struct class_edit *x = ctx;
	bool full = json_object_get(body, "homeroom_teacher") != NULL;
	bool brief = json_object_get(body, "homeroom") != NULL;
	const char *key = full ? "homeroom_teacher" : brief ? "homeroom" : NULL;
	const char *teacher = NULL;
	int rc = ERR_OK;
	if (!key)
		rc = problem_set(&x->p, P_REQUIRED, "homeroom_teacher",
				 "Give the new homeroom teacher's user name (null: none).");
	else if (full && brief)
		rc = problem_set(&x->p, P_INVALID, "homeroom",
				 "Give homeroom_teacher or homeroom, not both.");
	else
		rc = json_get_string(body, key, false, 64, &teacher, &x->p);
	x->field = key;
	x->teacher = !rc && teacher && *teacher ? arena_strdup(&r->arena, teacher) : NULL;
	return rc;
}

void api_classes_update(struct req *r)
{
	edit(r, homeroom_decode, class_homeroom_tx);
}

/* {"students": [id, ...]}: 1 to 200 students to place in the class. */
static int students_decode(struct req *r, json_t *body, void *ctx)
{
	struct class_edit *x = ctx;
	json_t *list = json_object_get(body, "students");
	size_t n = json_array_size(list);
	int rc = ERR_OK;
	if (!json_is_array(list) || n < 1 || n > CLASS_MAX_MEMBERS)
		rc = problem_set(&x->p, list ? P_TYPE : P_REQUIRED, "students",
				 "Give the students' ids as a list of 1 to 200.");
	int64_t *ids = arena_calloc(&r->arena, n + 1, sizeof(int64_t));
	if (!rc && !ids)
		rc = problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *v = json_array_get(list, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			rc = problem_set(&x->p, P_TYPE, arena_printf(&r->arena, "students[%zu]", i),
					 "A student is given by their id.");
		else
			ids[x->nstudents++] = json_integer_value(v);
	}
	x->students = ids;
	return rc;
}

void api_classes_add_students(struct req *r)
{
	edit(r, students_decode, class_place_tx);
}
