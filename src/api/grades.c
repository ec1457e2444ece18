/*
 * grades.c: gradebooks, report cards and term locks over HTTP.
 *
 *   GET  /api/v1/classes/{id}/grades?subject=   one subject's gradebook of a class
 *   POST /api/v1/classes/{id}/grades            one assessment for the whole class
 *   GET  /api/v1/students/{id}/report-card      computed by the school's policy
 *   GET  /api/v1/orgs/{code}/terms              term locks and their history
 *   POST /api/v1/orgs/{code}/terms/lock         lock a term's report cards
 *   POST /api/v1/orgs/{code}/terms/unlock       unlock, with a reason
 *
 * Values are checked against the policy of the class's school before the
 * write is queued, so a bad score changes nothing and costs no transaction.
 *
 * Scope is class_access() / access_student() (src/domain/access.c). A class's
 * gradebook and a student's report card are personal data: they are answered
 * through the audit log (one `grades.read` entry per student shown, one
 * `report_card.read`), and a save records one `grades.update` entry per
 * student whose grade it changed, in its own transaction (docs/access.md).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/api.h"
#include "api/teaching.h"
#include "domain/access.h"
#include "domain/audit.h"
#include "domain/calendar.h"
#include "domain/gradebook.h"
#include "domain/student.h"

static const char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* A subject's result for a term or the year, as JSON. */
static json_t *result_json(enum policy_id pol, bool scored, int v)
{
	if (v == GB_NONE)
		return json_null();
	switch (pol) {
	case POLICY_VN_TT22:
		return scored ? json_real(v / 100.0) : json_string(v ? "dat" : "chua_dat");
	case POLICY_VN_TT27:
	case POLICY_IR_DESCRIPTIVE:
		return gb_value_json(pol, GB_LEVEL, v);
	default:
		return json_real(v / 100.0);
	}
}

/* The filled slots of one term: {"regular1": 8.5, "midterm": 7, ...}. */
static json_t *term_json(enum policy_id pol, const struct gb_row *row, int k)
{
	json_t *o = json_object();
	for (int i = 0; i < GB__SLOTS; i++)
		if (row->v[k][i] != GB_NONE)
			json_object_set_new(o, gb_slot_name((enum gb_slot)i),
					    gb_value_json(pol, (enum gb_slot)i, row->v[k][i]));
	return o;
}

/* ---- a class's gradebook ---- */

struct class_grades {
	struct req *r;
	int64_t id;
	const char *subject_code;
	struct class_ref cls;
	struct subject subject;
	int64_t teacher_id;
	struct access_decision d;
	bool refused; /* d refuses (or the class is absent); p says how */
	/* read */
	struct class_member *members;
	int nmembers;
	struct gb_class_rows rows;
	/* save */
	int term;
	enum gb_slot slot;
	struct gb_entry *entries;
	int n, changed;
	struct problem p;
};

/* Load the class and the subject (which it must have), checking `act`.
 * A refusal (or an absent class) sets x->refused, x->d and x->p. */
static int class_subject_load(struct db_conn *c, struct class_grades *x, enum class_act act)
{
	int rc = teaching_class_load(c, x->r, x->id, CLASS_READ, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		x->refused = true;
	if (rc)
		return rc;
	if (x->cls.policy < 0)
		return problem_set(&x->p, ERR_CONFLICT, "no_policy", NULL,
				   "The school's level is not set, so no grading policy applies.");
	rc = subject_get(c, &x->r->arena, x->cls.country, x->cls.level, x->subject_code,
			 "subject", &x->subject, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->cls.id), DBV_INT(x->subject.id) };
	rc = db_row(c, Q_CLASS_SUBJECT_TEACHER, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, ERR_INVALID, "subject_not_in_class", "subject",
				   "The class does not have this subject.");
	if (rc)
		return problem_set(&x->p, rc, NULL, NULL, NULL);
	x->teacher_id = db_null(&res, 0) ? 0 : db_int(&res, 0);
	db_done(&res);
	if (act == CLASS_READ)
		return ERR_OK;
	rc = class_access(c, api_principal(x->r), &x->cls, act, x->teacher_id, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		x->refused = true;
	return rc;
}

static int class_grades_read(struct db_conn *c, void *arg)
{
	struct class_grades *x = arg;
	int rc = class_subject_load(c, x, CLASS_READ);
	if (x->refused)
		return ERR_OK;
	if (!rc)
		rc = class_members(c, &x->r->arena, &x->cls, &x->members, &x->nmembers);
	if (!rc)
		rc = gb_class_rows(c, &x->r->arena, &x->cls, x->subject.id, &x->rows);
	if (rc && rc != x->p.err)
		problem_set(&x->p, rc, NULL, NULL, NULL);
	return rc;
}

static const struct gb_row *row_of(const struct gb_class_rows *rows, int64_t id)
{
	for (int i = 0; i < rows->n; i++)
		if (rows->students[i] == id)
			return &rows->rows[i];
	return NULL;
}

void api_grades_class_get(struct req *r)
{
	struct class_grades *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	x->subject_code = req_query(r, "subject");
	if (!x->subject_code || !*x->subject_code) {
		res_error(r, 422, "required", "subject", "Say which subject: ?subject=CODE.");
		return;
	}
	int rc = db_read(api_app(r)->db, class_grades_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	if (x->refused) {
		teaching_reply_audited(r, &x->d, "grades.read", x->id, NULL, 0, 0, NULL, &x->p);
		return;
	}
	enum policy_id pol = (enum policy_id)x->cls.policy;
	int64_t *ids = arena_calloc(&r->arena, (size_t)x->nmembers + 1, sizeof(int64_t));
	if (!ids) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	json_t *students = json_array();
	struct gb_row empty;
	gb_row_init(&empty);
	for (int i = 0; i < x->nmembers; i++) {
		ids[i] = x->members[i].id;
		const struct gb_row *row = row_of(&x->rows, x->members[i].id);
		if (!row)
			row = &empty;
		struct gb_subject_result res;
		gb_subject_result(pol, x->subject.scored, row, &res);
		json_t *terms = json_array(), *results = json_array();
		for (int k = 0; k < GB_TERMS; k++) {
			json_array_append_new(terms, term_json(pol, row, k));
			json_array_append_new(results, result_json(pol, x->subject.scored,
								   res.term[k]));
		}
		json_array_append_new(
			students,
			json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id",
				  (json_int_t)x->members[i].id, "given_name",
				  x->members[i].given_name, "family_name", x->members[i].family_name,
				  "terms", terms, "term_results", results, "year",
				  result_json(pol, x->subject.scored, res.year)));
	}
	json_t *body = json_pack("{s:o, s:o, s:s, s:o}", "class",
				 teaching_class_json(&r->arena, &x->cls), "subject",
				 teaching_subject_json(&x->subject), "policy", policy_name(pol),
				 "students", students);
	teaching_reply_audited(r, &x->d, "grades.read", x->id, ids, x->nmembers, 200, body, NULL);
}

static int class_grades_check(struct db_conn *c, void *arg)
{
	struct class_grades *x = arg;
	return class_subject_load(c, x, CLASS_GRADE);
}

/* Before the save writes anything: one entry per student it changes. */
static int grades_audit(struct db_conn *c, void *arg, const int64_t *students, int n)
{
	struct class_grades *x = arg;
	const char *subject = arena_printf(&x->r->arena, "class:%" PRId64 " %s term %d %s",
					   x->cls.id, x->subject.code, x->term,
					   gb_slot_name(x->slot));
	struct audit_entry *e = arena_calloc(&x->r->arena, (size_t)n, sizeof(*e));
	if (!subject || !e)
		return ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		api_audit_fill(x->r, &x->d, "grades.update", students[i], &e[i]);
		e[i].subject = subject;
	}
	return audit_append(c, e, (size_t)n);
}

static int class_grades_write(struct db_conn *c, void *arg)
{
	struct class_grades *x = arg;
	struct gb_save s = { .cls = &x->cls, .subject = &x->subject, .term = x->term,
			     .slot = x->slot, .entries = x->entries, .n = x->n,
			     .by_user = api_principal(x->r)->user_id,
			     .before_write = grades_audit, .ctx = x };
	return gb_save_class(c, &x->r->arena, &s, &x->changed, &x->p);
}

static void class_grades_finish(struct req *r, int rc, void *arg)
{
	struct class_grades *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_json(r, 200, json_pack("{s:i, s:i}", "saved", x->n, "changed", x->changed));
}

void api_grades_class_save(struct req *r)
{
	struct class_grades *x = arena_calloc(&r->arena, 1, sizeof(*x));
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
	const char *subject = NULL, *assessment = NULL;
	int64_t term = 0;
	int rc = json_get_string(body, "subject", true, 16, &subject, &x->p);
	if (!rc)
		rc = json_get_int(body, "term", true, 1, GB_TERMS, &term, &x->p);
	if (!rc)
		rc = json_get_string(body, "assessment", true, 16, &assessment, &x->p);
	if (!rc && gb_slot_parse(assessment) < 0)
		rc = problem_set(&x->p, ERR_INVALID, "unknown_value", "assessment",
				 "The assessment is regular1 to regular6, midterm, final, score, "
				 "level, test or pass.");
	json_t *grades = json_object_get(body, "grades");
	size_t n = json_array_size(grades);
	if (!rc && (!json_is_array(grades) || n < 1 || n > CLASS_MAX_MEMBERS))
		rc = problem_set(&x->p, ERR_INVALID, grades ? "count" : "required", "grades",
				 "Give 1 to 200 grades: [{\"student\": id, \"value\": ...}].");
	if (!rc) {
		x->subject_code = arena_strdup(&r->arena, subject);
		x->term = (int)term;
		x->slot = (enum gb_slot)gb_slot_parse(assessment);
		rc = db_read(api_app(r)->db, class_grades_check, x);
	}
	if (rc && x->refused) {
		/* A refused save is on record, naming the class (nothing changed). */
		json_decref(body);
		teaching_reply_audited(r, &x->d, "grades.update", x->id, NULL, 0, 0, NULL, &x->p);
		return;
	}
	enum policy_id pol = (enum policy_id)x->cls.policy;
	if (!rc)
		rc = gb_slot_check(pol, x->subject.scored, x->slot, &x->p);
	if (!rc) {
		x->entries = arena_calloc(&r->arena, n, sizeof(*x->entries));
		if (!x->entries)
			rc = ERR_NOMEM;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *g = json_array_get(grades, i);
		json_t *st = json_object_get(g, "student");
		if (!json_is_object(g) || !json_is_integer(st)) {
			rc = problem_set(&x->p, ERR_INVALID, json_is_object(g) ? "required" : "type",
					 arena_printf(&r->arena, "grades[%zu].student", i),
					 "Each grade names the student by id.");
			break;
		}
		json_t *v = json_object_get(g, "value");
		if (!v) {
			rc = problem_set(&x->p, ERR_INVALID, "required",
					 arena_printf(&r->arena, "grades[%zu].value", i),
					 "Each grade has a value (null erases it).");
			break;
		}
		x->entries[i].student = json_integer_value(st);
		rc = gb_value_read(pol, x->slot, v,
				   arena_printf(&r->arena, "grades[%zu].value", i),
				   &x->entries[i].value, &x->p);
		x->n++;
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, class_grades_write, x, class_grades_finish);
}

/* ---- report cards ---- */

struct card_read {
	struct req *r;
	int64_t id;
	int year;
	struct student s;
	struct org_ref school;
	struct gb_card card;
	json_t *stored;
	struct access_decision d;
	struct problem p;
};

static int card_read(struct db_conn *c, void *arg)
{
	struct card_read *x = arg;
	int rc = student_get(c, &x->r->arena, x->id, &x->s);
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(x->r), &x->d);
		return ERR_OK;
	}
	if (!rc)
		rc = access_student(c, api_principal(x->r), ACCESS_READ, x->id, x->s.school_path,
				    &x->d);
	if (rc || !x->d.allowed)
		return rc;
	if (!x->year)
		x->year = x->s.school_year;
	if (!x->year)
		return problem_set(&x->p, ERR_INVALID, "required", "school_year",
				   "The student is not enrolled now: say which school year.");
	rc = school_ref(c, x->s.school, &x->school, &x->p);
	if (rc)
		return rc;
	int pol = policy_for_school(x->school.country, x->school.level);
	if (pol < 0)
		return problem_set(&x->p, ERR_CONFLICT, "no_policy", NULL,
				   "The school's level is not set, so no grading policy applies.");
	int64_t class_id = 0;
	if (x->s.school_year == x->year && x->s.class_name) {
		struct db_res res;
		struct db_val v[] = { DBV_INT(x->school.id), DBV_INT(x->year),
				      DBV_TEXT(x->s.class_name) };
		rc = db_row(c, Q_CLASS_BY_NAME, v, 3, &res);
		if (!rc) {
			class_id = db_int(&res, 0);
			db_done(&res);
		} else if (rc != ERR_NOTFOUND) {
			return rc;
		}
	}
	rc = gb_card_read(c, &x->r->arena, x->id, x->year, class_id, x->school.id,
			  (enum policy_id)pol, &x->card);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->year), DBV_INT(x->id) };
	rc = db_row(c, Q_YEAR_RESULT_OF, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	x->stored = json_pack("{s:s, s:o, s:s, s:o, s:s}", "policy", db_text(&res, 0, NULL),
			      "average",
			      db_null(&res, 1) ? json_null() : json_real((double)db_int(&res, 1) / 100.0),
			      "result", db_text(&res, 2, NULL), "subjects",
			      db_null(&res, 3) ? json_null() : json_string(db_text(&res, 3, NULL)),
			      "computed_at", iso_time(&x->r->arena, db_int(&res, 4)));
	db_done(&res);
	return ERR_OK;
}

static json_t *overall_json(const struct gb_card *card, const struct gb_overall *o)
{
	json_t *flagged = json_array();
	for (int i = 0; i < card->n; i++)
		if (o->flagged & (1ull << i))
			json_array_append_new(flagged, json_string(card->subjects[i].subject.code));
	json_t *j = json_pack("{s:s, s:b, s:o}", "result", o->result, "complete", o->complete,
			      "flagged_subjects", flagged);
	json_object_set_new(j, "average",
			    o->average == GB_NONE ? json_null() : json_real(o->average / 100.0));
	return j;
}

void api_grades_report_card(struct req *r)
{
	struct card_read x = { .r = r };
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	const char *year = req_query(r, "school_year");
	if (year && *year && school_year_parse(year, &x.year, &x.p)) {
		res_problem(r, &x.p);
		return;
	}
	int rc = db_read(api_app(r)->db, card_read, &x);
	if (rc) {
		json_decref(x.stored);
		api_problem(r, rc, &x.p);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		json_decref(x.stored);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, &x.d, "report_card.read", x.id, e);
	if (!x.d.allowed) {
		/* Refused or absent alike: the same 404, the same entry. */
		problem_set(&x.p, ERR_NOTFOUND, "not_found", NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &x.p);
		return;
	}
	const struct gb_card *card = &x.card;
	json_t *subjects = json_array();
	for (int i = 0; i < card->n; i++) {
		const struct gb_card_subject *s = &card->subjects[i];
		json_t *j = teaching_subject_json(&s->subject);
		json_t *terms = json_array(), *detail = json_array();
		for (int k = 0; k < GB_TERMS; k++) {
			json_array_append_new(terms, result_json(card->policy, s->subject.scored,
								 s->result.term[k]));
			json_array_append_new(detail, term_json(card->policy, &s->row, k));
		}
		json_object_set_new(j, "terms", terms);
		json_object_set_new(j, "year",
				    result_json(card->policy, s->subject.scored, s->result.year));
		json_object_set_new(j, "assessments", detail);
		json_array_append_new(subjects, j);
	}
	json_t *terms = json_array();
	for (int k = 0; k < GB_TERMS; k++) {
		json_t *t = overall_json(card, &card->term[k]);
		json_object_set_new(t, "term", json_integer(k + 1));
		json_object_set_new(t, "locked", json_boolean(card->locked[k]));
		json_array_append_new(terms, t);
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "student", (json_int_t)x.id,
			      "school", x.s.school, "school_year",
			      teaching_year_text(&r->arena, x.year), "policy",
			      policy_name(card->policy), "subjects", subjects, "terms", terms,
			      "year", overall_json(card, &card->year));
	json_object_set_new(j, "stored_year_result", x.stored ? x.stored : json_null());
	api_audit_reply(r, e, 1, 200, j, NULL);
}

/* ---- term locks ---- */

struct terms {
	struct req *r;
	const char *school;
	int year, term;
	const char *reason;
	bool lock;
	struct org_ref ref;
	bool locked[GB_TERMS];
	json_t *events;
	struct problem p;
};

/* The school, within the caller's reach for `act` (ACCESS_READ: see the
 * locks; ACCESS_WRITE: lock and unlock). */
static int terms_school(struct db_conn *c, struct terms *x, enum access_action act)
{
	int rc = school_ref(c, x->school, &x->ref, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, ERR_NOTFOUND, "not_found", NULL, "No such school.");
	if (rc)
		return rc;
	return teaching_school_access(x->r, x->ref.path, act, &x->p);
}

static int terms_read(struct db_conn *c, void *arg)
{
	struct terms *x = arg;
	int rc = terms_school(c, x, ACCESS_READ);
	for (int k = 0; !rc && k < GB_TERMS; k++)
		rc = gb_term_locked(c, x->ref.id, x->year, k + 1, &x->locked[k]);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->ref.id), DBV_INT(x->year) };
	rc = db_query(c, Q_TERM_LOCK_EVENTS_OF, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		json_t *e = json_pack("{s:i, s:s, s:s}", "term", (int)db_int(&res, 0), "action",
				      db_text(&res, 1, NULL), "at",
				      iso_time(&x->r->arena, db_int(&res, 4)));
		json_object_set_new(e, "reason", db_null(&res, 2) ? json_null()
								  : json_string(db_text(&res, 2, NULL)));
		json_object_set_new(e, "by", db_null(&res, 3) ? json_null()
							      : json_string(db_text(&res, 3, NULL)));
		json_array_append_new(x->events, e);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static void reply_terms(struct req *r, struct terms *x)
{
	x->events = json_array();
	int rc = db_read(api_app(r)->db, terms_read, x);
	if (rc) {
		json_decref(x->events);
		api_problem(r, rc, &x->p);
		return;
	}
	json_t *terms = json_array();
	for (int k = 0; k < GB_TERMS; k++)
		json_array_append_new(terms, json_pack("{s:i, s:b}", "term", k + 1, "locked",
						       x->locked[k]));
	res_json(r, 200, json_pack("{s:s, s:s, s:o, s:o}", "school", x->school, "school_year",
				   teaching_year_text(&r->arena, x->year), "terms", terms,
				   "events", x->events));
}

void api_terms_list(struct req *r)
{
	struct terms *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	x->school = req_param(r, "code");
	const char *year = req_query(r, "school_year");
	if (school_year_parse(year ? year : "", &x->year, &x->p)) {
		res_problem(r, &x->p);
		return;
	}
	reply_terms(r, x);
}

static int terms_write(struct db_conn *c, void *arg)
{
	struct terms *x = arg;
	int rc = terms_school(c, x, ACCESS_WRITE);
	return rc ? rc
		  : gb_term_set(c, x->ref.id, x->year, x->term, x->lock, x->reason,
				api_principal(x->r)->user_id, &x->p);
}

static void terms_finish(struct req *r, int rc, void *arg)
{
	struct terms *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_terms(r, x);
}

static void terms_change(struct req *r, bool lock)
{
	struct terms *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	x->lock = lock;
	x->school = req_param(r, "code");
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *year = NULL, *reason = NULL;
	int64_t term = 0;
	int rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	if (!rc)
		rc = json_get_int(body, "term", true, 1, GB_TERMS, &term, &x->p);
	if (!rc)
		rc = json_get_string(body, "reason", !lock, 500, &reason, &x->p);
	if (!rc && !lock && !*reason)
		rc = problem_set(&x->p, ERR_INVALID, "required", "reason",
				 "Say why the term is unlocked.");
	x->term = (int)term;
	x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, terms_write, x, terms_finish);
}

void api_terms_lock(struct req *r)
{
	terms_change(r, true);
}

void api_terms_unlock(struct req *r)
{
	terms_change(r, false);
}
