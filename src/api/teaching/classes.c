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
 * Who may do what is class_access() (src/domain/class.c), which asks
 * access_class() (src/domain/access.c); a class outside the caller's reach
 * answers 404, as if absent. A class read shows its students' names, so it
 * is answered through the audit log like a student list (one `class.read`
 * entry per student shown).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "domain/access/audit.h"
#include "api/teaching/teaching.h"
#include "domain/common/calendar.h"
#include "domain/teaching/class.h"
#include "domain/registry/student.h"
#include "domain/teaching/subject.h"

const char *teaching_year_text(struct arena *a, int year)
{
	return arena_printf(a, "%d-%d", year, year + 1);
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
	json_object_set_new(j, "policy", c->policy >= 0
						 ? json_string(policy_name((enum policy_id)c->policy))
						 : json_null());
	return j;
}

int teaching_class_load(struct db_conn *c, struct req *r, int64_t id, enum class_act act,
			int64_t teacher_id, struct class_ref *out, struct access_decision *d,
			struct problem *p)
{
	int rc = class_get(c, &r->arena, id, out);
	if (rc == ERR_NOTFOUND) {
		if (d)
			access_absent(api_principal(r), d);
		return problem_set(p, P_NOT_FOUND, NULL, "No such class.");
	}
	if (rc)
		return problem_err(p, rc);
	return class_access(c, api_principal(r), out, act, teacher_id, d, p);
}

int teaching_school_access(struct req *r, const char *path, enum access_action act,
			   struct problem *p)
{
	struct access_decision d;
	access_org(api_principal(r), act, path, &d);
	if (d.allowed)
		return ERR_OK;
	if (!d.visible)
		return problem_set(p, P_NOT_FOUND, NULL, "No such school.");
	return problem_set(p, P_FORBIDDEN, NULL, "Only the school's administration manages its classes and terms.");
}

const char *teaching_class_subject(struct req *r, int64_t class_id)
{
	return arena_printf(&r->arena, "class:%" PRId64, class_id);
}

void teaching_reply_audited(struct req *r, const struct access_decision *d, const char *action,
			    int64_t class_id, const int64_t *ids, int n, int status, json_t *body,
			    const struct problem *p)
{
	bool allowed = d->allowed && body;
	size_t count = allowed ? (size_t)n : 1;
	struct audit_entry *e = arena_calloc(&r->arena, count + 1, sizeof(*e));
	if (!e) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	const char *subject = teaching_class_subject(r, class_id);
	if (!allowed) {
		json_decref(body);
		api_audit_fill(r, d, action, 0, e);
		e->allowed = false;
		e->subject = subject;
		api_audit_reply(r, e, 1, 0, NULL, p);
		return;
	}
	for (int i = 0; i < n; i++) {
		api_audit_fill(r, d, action, ids[i], &e[i]);
		e[i].subject = subject;
	}
	api_audit_reply(r, e, count, status, body, NULL);
}

/* ---- subjects ---- */

struct subjects_list {
	struct req *r;
	const char *country, *level;
	json_t *items;
};

static int subjects_read(struct db_conn *c, void *arg)
{
	struct subjects_list *x = arg;
	struct db_res res;
	struct db_val v[] = { DBV_TEXT(x->country), DBV_TEXT(x->country), DBV_TEXT(x->level),
			      DBV_TEXT(x->level) };
	int rc = db_query(c, Q_SUBJECT_LIST, v, 4, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct subject s;
		rc = subject_read_row(&res, 0, &x->r->arena, &s);
		if (!rc)
			json_array_append_new(x->items, teaching_subject_json(&s));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

void api_subjects_list(struct req *r)
{
	struct subjects_list x = { .r = r, .items = json_array() };
	x.country = req_query(r, "country");
	x.level = req_query(r, "level");
	if (!x.country)
		x.country = "";
	if (!x.level)
		x.level = "";
	int rc = db_read(api_app(r)->db, subjects_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, 200, json_pack("{s:o}", "items", x.items));
}

/* ---- create and list ---- */

struct class_create {
	struct req *r;
	const char *school, *name, *homeroom;
	int year, grade;
	int64_t id;
	struct problem p;
};

static int class_create_write(struct db_conn *c, void *arg)
{
	struct class_create *x = arg;
	struct org_ref school;
	int rc = school_ref(c, x->school, &school, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	rc = teaching_school_access(x->r, school.path, ACCESS_WRITE, &x->p);
	if (rc)
		return rc;
	rc = student_grade_fits(&school, school.country, x->grade, &x->p);
	if (rc)
		return rc;
	int64_t homeroom = 0;
	if (x->homeroom) {
		rc = class_teacher_id(c, x->homeroom, school.id, "homeroom_teacher", &homeroom,
				      &x->p);
		if (rc)
			return rc;
	}
	struct db_res res;
	struct db_val v[] = { DBV_INT(school.id), DBV_INT(x->year),   DBV_INT(x->grade),
			      DBV_TEXT(x->name),  homeroom ? DBV_INT(homeroom) : DBV_NULL,
			      DBV_INT(time_now_unix()) };
	rc = db_row(c, Q_CLASS_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(&x->p, P_CLASS_EXISTS, "name", "The school has a class of this name in this school year.");
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

struct class_show {
	struct req *r;
	int64_t id;
	struct class_ref cls;
	struct access_decision d;
	json_t *subjects, *students;
	int64_t *ids;
	int n;
	struct problem p;
};

static int class_show_read(struct db_conn *c, void *arg)
{
	struct class_show *x = arg;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_READ, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		return ERR_OK; /* refused (x->d, x->p): answered and recorded as such */
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	rc = db_query(c, Q_CLASS_SUBJECTS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct subject s;
		rc = subject_read_row(&res, 0, &x->r->arena, &s);
		if (rc)
			break;
		json_t *j = teaching_subject_json(&s);
		json_object_set_new(j, "teacher",
				    db_null(&res, 9) ? json_null()
						     : json_string(db_text(&res, 9, NULL)));
		json_array_append_new(x->subjects, j);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	struct class_member *m;
	int n = 0;
	if (!rc)
		rc = class_members(c, &x->r->arena, &x->cls, &m, &n);
	if (!rc && !(x->ids = arena_calloc(&x->r->arena, (size_t)n + 1, sizeof(int64_t))))
		rc = ERR_NOMEM;
	for (int i = 0; !rc && i < n; i++) {
		x->ids[x->n++] = m[i].id;
		json_array_append_new(x->students,
				      json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m[i].id,
						"given_name", m[i].given_name, "family_name",
						m[i].family_name));
	}
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

/* Answer with the class as stored now. */
static void reply_class(struct req *r, int status, int64_t id)
{
	struct class_show x = { .r = r, .id = id, .subjects = json_array(),
				.students = json_array() };
	int rc = db_read(api_app(r)->db, class_show_read, &x);
	if (rc || !x.d.allowed) {
		json_decref(x.subjects);
		json_decref(x.students);
		if (rc)
			api_problem(r, rc, &x.p);
		else
			teaching_reply_audited(r, &x.d, "class.read", id, NULL, 0, 0, NULL, &x.p);
		return;
	}
	json_t *j = teaching_class_json(&r->arena, &x.cls);
	json_object_set_new(j, "subjects", x.subjects);
	json_object_set_new(j, "students", x.students);
	if (status == 201)
		res_header(r, "Location", arena_printf(&r->arena, "/api/v1/classes/%" PRId64, id));
	teaching_reply_audited(r, &x.d, "class.read", id, x.ids, x.n, status, j, NULL);
}

static void class_create_finish(struct req *r, int rc, void *arg)
{
	struct class_create *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_class(r, 201, x->id);
}

void api_classes_create(struct req *r)
{
	struct class_create *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	x->school = req_param(r, "code");
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
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
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, class_create_write, x, class_create_finish);
}

struct class_list {
	struct req *r;
	const char *school;
	int year;
	json_t *items;
	struct problem p;
};

static int class_list_read(struct db_conn *c, void *arg)
{
	struct class_list *x = arg;
	struct org_ref school;
	int rc = school_ref(c, x->school, &school, &x->p);
	if (rc == ERR_INVALID ||
	    (!rc && teaching_school_access(x->r, school.path, ACCESS_READ, &x->p)))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(school.id), DBV_INT(x->year), DBV_INT(x->year) };
	rc = db_query(c, Q_CLASS_LIST_SCHOOL, v, 3, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct class_ref cls;
		rc = class_read_row(&res, &x->r->arena, &cls);
		if (!rc)
			json_array_append_new(x->items, teaching_class_json(&x->r->arena, &cls));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

void api_classes_list(struct req *r)
{
	struct class_list x = { .r = r, .school = req_param(r, "code") };
	const char *year = req_query(r, "school_year");
	if (year && *year && school_year_parse(year, &x.year, &x.p)) {
		res_problem(r, &x.p);
		return;
	}
	x.items = json_array();
	int rc = db_read(api_app(r)->db, class_list_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, &x.p);
		return;
	}
	res_json(r, 200, json_pack("{s:o}", "items", x.items));
}

void api_classes_get(struct req *r)
{
	int64_t id;
	if (api_path_id_or_reply(r, "id", &id))
		reply_class(r, 200, id);
}

/* ---- subjects and teachers, students ---- */

struct class_edit {
	struct req *r;
	int64_t id;
	const char *subject, *teacher;
	const char *field; /* PATCH: the body's field naming the homeroom teacher */
	int64_t *students;
	int nstudents;
	struct problem p;
};

static int assign_write(struct db_conn *c, void *arg)
{
	struct class_edit *x = arg;
	struct class_ref cls;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_MANAGE, 0, &cls, NULL, &x->p);
	if (rc)
		return rc;
	struct subject s;
	rc = subject_get(c, &x->r->arena, cls.country, cls.level, x->subject, "subject", &s,
			 &x->p);
	if (rc)
		return rc;
	int64_t teacher = 0;
	if (x->teacher) {
		rc = class_teacher_id(c, x->teacher, cls.org_id, "teacher", &teacher, &x->p);
		if (rc)
			return rc;
	}
	struct db_val v[] = { DBV_INT(cls.id), DBV_INT(s.id), DBV_INT(cls.org_id),
			      teacher ? DBV_INT(teacher) : DBV_NULL };
	rc = db_exec(c, Q_CLASS_SUBJECT_ASSIGN, v, 4, NULL);
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

static void edit_finish(struct req *r, int rc, void *arg)
{
	struct class_edit *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_class(r, 200, x->id);
}

/* The start of the edit handlers: state with {id} parsed and the body
 * decoded (the caller owns *body), or NULL once answered. */
static struct class_edit *edit_or_reply(struct req *r, json_t **body)
{
	struct class_edit *x = arena_calloc(&r->arena, 1, sizeof(*x));
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

void api_classes_assign(struct req *r)
{
	json_t *body;
	struct class_edit *x = edit_or_reply(r, &body);
	if (!x)
		return;
	const char *subject = NULL, *teacher = NULL;
	int rc = json_get_string(body, "subject", true, 16, &subject, &x->p);
	if (!rc)
		rc = json_get_string(body, "teacher", false, 64, &teacher, &x->p);
	x->subject = subject ? arena_strdup(&r->arena, subject) : NULL;
	x->teacher = teacher ? arena_strdup(&r->arena, teacher) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, assign_write, x, edit_finish);
}

/* A new homeroom teacher (or none): a teacher of the class's own school. */
static int homeroom_write(struct db_conn *c, void *arg)
{
	struct class_edit *x = arg;
	struct class_ref cls;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_MANAGE, 0, &cls, NULL, &x->p);
	if (rc)
		return rc;
	int64_t teacher = 0;
	if (x->teacher) {
		rc = class_teacher_id(c, x->teacher, cls.org_id, x->field, &teacher, &x->p);
		if (rc)
			return rc;
	}
	struct db_val v[] = { teacher ? DBV_INT(teacher) : DBV_NULL, DBV_INT(cls.id) };
	rc = db_exec(c, Q_CLASS_SET_HOMEROOM, v, 2, NULL);
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

/*
 * PATCH /api/v1/classes/{id} {"homeroom_teacher": username | null}: the
 * class's representation names the field; "homeroom" is accepted as its
 * short form. Registrars reaching the school; the teacher must hold the
 * teacher role at the class's school (422 "unknown_teacher").
 */
void api_classes_update(struct req *r)
{
	json_t *body;
	struct class_edit *x = edit_or_reply(r, &body);
	if (!x)
		return;
	const char *key = json_object_get(body, "homeroom_teacher") ? "homeroom_teacher"
			  : json_object_get(body, "homeroom")	     ? "homeroom"
								     : NULL;
	const char *teacher = NULL;
	int rc = ERR_OK;
	if (!key)
		rc = problem_set(&x->p, P_REQUIRED, "homeroom_teacher", "Give the new homeroom teacher's user name (null: none).");
	else if (json_object_get(body, "homeroom_teacher") && json_object_get(body, "homeroom"))
		rc = problem_set(&x->p, P_INVALID, "homeroom", "Give homeroom_teacher or homeroom, not both.");
	else
		rc = json_get_string(body, key, false, 64, &teacher, &x->p);
	if (!rc && teacher && !*teacher)
		teacher = NULL;
	x->field = key;
	x->teacher = teacher ? arena_strdup(&r->arena, teacher) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, homeroom_write, x, edit_finish);
}

static int members_write(struct db_conn *c, void *arg)
{
	struct class_edit *x = arg;
	struct class_ref cls;
	struct access_decision d;
	int rc = teaching_class_load(c, x->r, x->id, CLASS_MANAGE, 0, &cls, &d, &x->p);
	/* Placing a student changes their enrolment: one entry each, written
	 * before the change (the chain lock first, docs/access.md). */
	for (int i = 0; !rc && i < x->nstudents; i++) {
		rc = api_audit_in_job(c, x->r, &d, "class.place", x->students[i],
				      teaching_class_subject(x->r, cls.id));
		if (rc)
			problem_err(&x->p, rc);
	}
	return rc ? rc : class_add_members(c, &x->r->arena, &cls, x->students, x->nstudents, &x->p);
}

void api_classes_add_students(struct req *r)
{
	json_t *body;
	struct class_edit *x = edit_or_reply(r, &body);
	if (!x)
		return;
	json_t *list = json_object_get(body, "students");
	size_t n = json_array_size(list);
	int rc = ERR_OK;
	if (!json_is_array(list) || n < 1 || n > CLASS_MAX_MEMBERS)
		rc = problem_set(&x->p, list ? P_TYPE : P_REQUIRED, "students", "Give the students' ids as a list of 1 to 200.");
	x->students = arena_calloc(&r->arena, n + 1, sizeof(int64_t));
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *v = json_array_get(list, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			rc = problem_set(&x->p, P_TYPE, arena_printf(&r->arena, "students[%zu]", i), "A student is given by their id.");
		else
			x->students[x->nstudents++] = json_integer_value(v);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, members_write, x, edit_finish);
}
