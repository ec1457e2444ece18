/*
 * grades.c: gradebooks, report cards and term locks over HTTP.
 *
 *   GET  /api/v1/classes/{id}/grades?subject=   one subject's gradebook of a class
 *        ...?assessment=qualities               (vn-tt27) its qualities and competences
 *   POST /api/v1/classes/{id}/grades            one assessment for the whole class,
 *                                               with comments; or one term's qualities
 *   GET  /api/v1/students/{id}/report-card      computed by the school's policy
 *   GET  /api/v1/orgs/{code}/terms              term locks and their history
 *   POST /api/v1/orgs/{code}/terms/lock         lock a term's report cards
 *   POST /api/v1/orgs/{code}/terms/unlock       unlock, with a reason
 *
 * Values are checked against the policy of the class's school before the
 * write is queued, so a bad score changes nothing and costs no transaction.
 * Comments go with the assessments of the policies that keep them
 * (gb_policy_comments); qualities and competences (vn-tt27) are the
 * homeroom teacher's to rate, so their save is decided by class_access()
 * with the homeroom teacher in the place of the subject's.
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
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/teaching/gradebook.h"
#include "domain/registry/student.h"

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
	bool qualities; /* the qualities and competences, not a subject */
	/* read */
	struct class_member *members;
	int nmembers;
	struct gb_class_rows rows;
	struct gb_class_qualities qrows;
	/* save */
	int term;
	enum gb_slot slot;
	struct gb_entry *entries;
	struct gb_quality_entry *qentries;
	bool comments; /* the save carries comments */
	int n, changed;
	struct problem p;
};

/* Load the class and the subject (which it must have), checking `act`;
 * for x->qualities, no subject: the class must be vn-tt27, and its
 * homeroom teacher rates them. A refusal (or an absent class) sets
 * x->refused, x->d and x->p. */
static int qualities_load(struct db_conn *c, struct class_grades *x, enum class_act act)
{
	if (x->cls.policy != POLICY_VN_TT27)
		return problem_set(&x->p, P_WRONG_ASSESSMENT, "assessment", "Qualities and competences are rated under vn-tt27 (Vietnamese "
				   "primary schools).");
	if (act == CLASS_READ)
		return ERR_OK;
	int rc = class_access(c, api_principal(x->r), &x->cls, act, x->cls.homeroom_id, &x->d,
			      &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN) {
		x->refused = true;
		if (rc == ERR_FORBIDDEN)
			x->p.detail = "Only the homeroom teacher and the school's administration "
				      "rate the qualities and competences.";
	}
	return rc;
}

static int class_subject_load(struct db_conn *c, struct class_grades *x, enum class_act act)
{
	int rc = teaching_class_load(c, x->r, x->id, CLASS_READ, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		x->refused = true;
	if (rc)
		return rc;
	if (x->cls.policy < 0)
		return problem_set(&x->p, P_NO_POLICY, NULL, "The school's level is not set, so no grading policy applies.");
	if (x->qualities)
		return qualities_load(c, x, act);
	rc = subject_get(c, &x->r->arena, x->cls.country, x->cls.level, x->subject_code,
			 "subject", &x->subject, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = { DBV_INT(x->cls.id), DBV_INT(x->subject.id) };
	rc = db_row(c, Q_CLASS_SUBJECT_TEACHER, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_SUBJECT_NOT_IN_CLASS, "subject", "The class does not have this subject.");
	if (rc)
		return problem_err(&x->p, rc);
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
	if (!rc && x->qualities)
		rc = gb_class_qualities(c, &x->r->arena, &x->cls, &x->qrows);
	else if (!rc)
		rc = gb_class_rows(c, &x->r->arena, &x->cls, x->subject.id,
				   gb_policy_comments((enum policy_id)x->cls.policy), &x->rows);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

/* The index of a student among rows (ascending ids), or -1. */
static int index_of(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return i;
	return -1;
}

/* [term I, term II] comments as JSON (null where none). */
static json_t *comments_json(const char *const *comments)
{
	json_t *a = json_array();
	for (int k = 0; k < GB_TERMS; k++)
		json_array_append_new(a, comments && comments[k] ? json_string(comments[k])
								  : json_null());
	return a;
}

/* The list of qualities and competences, with their names and groups. */
static json_t *quality_list_json(void)
{
	json_t *a = json_array();
	for (int i = 0; i < GB_QUALITIES; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", tt27_quality_name(i),
						   "name", tt27_quality_label(i), "group",
						   tt27_quality_group(i)));
	return a;
}

/* One student of a class's qualities: {"terms": [{...}, {...}]}. */
static json_t *student_qualities_json(const struct gb_class_qualities *q, int64_t id)
{
	struct gb_qualities none;
	gb_qualities_init(&none);
	int at = index_of(q->students, q->n, id);
	const struct gb_qualities *row = at < 0 ? &none : &q->rows[at];
	json_t *terms = json_array();
	for (int k = 0; k < GB_TERMS; k++)
		json_array_append_new(terms, gb_qualities_json(row->v[k]));
	return terms;
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
	const char *assessment = req_query(r, "assessment");
	if (assessment && *assessment && strcmp(assessment, "qualities")) {
		res_error(r, P_UNKNOWN_VALUE, "assessment", "Leave assessment out, or ask for ?assessment=qualities.");
		return;
	}
	x->qualities = assessment && *assessment;
	x->subject_code = req_query(r, "subject");
	if (!x->qualities && (!x->subject_code || !*x->subject_code)) {
		res_error(r, P_REQUIRED, "subject", "Say which subject: ?subject=CODE.");
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
	if (x->qualities) {
		for (int i = 0; i < x->nmembers; i++) {
			ids[i] = x->members[i].id;
			json_array_append_new(
				students,
				json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)x->members[i].id,
					  "given_name", x->members[i].given_name, "family_name",
					  x->members[i].family_name, "terms",
					  student_qualities_json(&x->qrows, x->members[i].id)));
		}
		json_t *body = json_pack("{s:o, s:s, s:o, s:o}", "class",
					 teaching_class_json(&r->arena, &x->cls), "policy",
					 policy_name(pol), "qualities", quality_list_json(),
					 "students", students);
		teaching_reply_audited(r, &x->d, "grades.read", x->id, ids, x->nmembers, 200, body,
				       NULL);
		return;
	}
	struct gb_row empty;
	gb_row_init(&empty);
	for (int i = 0; i < x->nmembers; i++) {
		ids[i] = x->members[i].id;
		int at = index_of(x->rows.students, x->rows.n, x->members[i].id);
		const struct gb_row *row = at < 0 ? &empty : &x->rows.rows[at];
		const char *const *comments = at < 0 || !x->rows.comments ? NULL
									  : x->rows.comments[at];
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
			json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
				  (json_int_t)x->members[i].id, "given_name",
				  x->members[i].given_name, "family_name", x->members[i].family_name,
				  "terms", terms, "term_results", results, "year",
				  result_json(pol, x->subject.scored, res.year), "comments",
				  comments_json(comments)));
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
	const char *subject =
		x->qualities ? arena_printf(&x->r->arena, "class:%" PRId64 " term %d qualities",
					    x->cls.id, x->term)
			     : arena_printf(&x->r->arena, "class:%" PRId64 " %s term %d %s%s",
					    x->cls.id, x->subject.code, x->term,
					    gb_slot_name(x->slot), x->comments ? " comment" : "");
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
	if (x->qualities) {
		struct gb_quality_save q = { .cls = &x->cls, .term = x->term,
					     .entries = x->qentries, .n = x->n,
					     .by_user = api_principal(x->r)->user_id,
					     .before_write = grades_audit, .ctx = x };
		return gb_save_qualities(c, &x->r->arena, &q, &x->changed, &x->p);
	}
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

/* Entry i's student id, or a 422 naming grades[i].student. */
static int entry_student(struct class_grades *x, json_t *g, size_t i, int64_t *id)
{
	json_t *st = json_object_get(g, "student");
	if (!json_is_object(g) || !json_is_integer(st))
		return problem_set(&x->p, json_is_object(g) ? P_REQUIRED : P_TYPE, arena_printf(&x->r->arena, "grades[%zu].student", i), "Each grade names the student by id.");
	*id = json_integer_value(st);
	return ERR_OK;
}

/* The grades of one assessment of a subject, each with a value (null
 * erases), a comment (policies that keep them; null erases) or both. */
static int read_entries(struct class_grades *x, json_t *grades)
{
	struct arena *a = &x->r->arena;
	enum policy_id pol = (enum policy_id)x->cls.policy;
	int rc = gb_slot_check(pol, x->subject.scored, x->slot, &x->p);
	size_t n = json_array_size(grades);
	if (!rc && !(x->entries = arena_calloc(a, n, sizeof(*x->entries))))
		rc = ERR_NOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *g = json_array_get(grades, i);
		struct gb_entry *e = &x->entries[i];
		rc = entry_student(x, g, i, &e->student);
		if (rc)
			break;
		json_t *v = json_object_get(g, "value"), *cm = json_object_get(g, "comment");
		if (!v && !cm) {
			rc = problem_set(&x->p, P_REQUIRED, arena_printf(a, "grades[%zu].value", i), "Each grade has a value (null erases it) or a comment.");
			break;
		}
		if (cm && !gb_policy_comments(pol)) {
			rc = problem_set(&x->p, P_WRONG_ASSESSMENT, arena_printf(a, "grades[%zu].comment", i), "Comments are kept under vn-tt27 and ir-descriptive.");
			break;
		}
		e->keep_value = !v;
		if (v)
			rc = gb_value_read(pol, x->slot, v, arena_printf(a, "grades[%zu].value", i),
					   &e->value, &x->p);
		if (!rc && cm) {
			e->has_comment = x->comments = true;
			rc = gb_comment_read(cm, arena_printf(a, "grades[%zu].comment", i), a,
					     &e->comment, &x->p);
		}
		x->n++;
	}
	return rc;
}

/* One term's qualities and competences: each grade's value an object
 * {"yeu_nuoc": "tot", ...} (null for a level erases it; a null value
 * erases them all). */
static int read_quality_entries(struct class_grades *x, json_t *grades)
{
	struct arena *a = &x->r->arena;
	size_t n = json_array_size(grades);
	int rc = (x->qentries = arena_calloc(a, n, sizeof(*x->qentries))) ? ERR_OK : ERR_NOMEM;
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *g = json_array_get(grades, i);
		struct gb_quality_entry *e = &x->qentries[i];
		rc = entry_student(x, g, i, &e->student);
		if (rc)
			break;
		json_t *v = json_object_get(g, "value");
		const char *field = arena_printf(a, "grades[%zu].value", i);
		if (json_object_get(g, "comment"))
			rc = problem_set(&x->p, P_WRONG_ASSESSMENT, arena_printf(a, "grades[%zu].comment", i), "Qualities and competences are rated by level only.");
		else if (!v)
			rc = problem_set(&x->p, P_REQUIRED, field, "Each grade has a value: {\"yeu_nuoc\": \"tot\", ...}, or "
					 "null to erase the term's ratings.");
		else if (json_is_null(v))
			for (int q = 0; q < GB_QUALITIES; q++) {
				e->set[q] = true;
				e->levels[q] = GB_NONE;
			}
		else
			rc = gb_qualities_read(v, field, a, e->levels, e->set, &x->p);
		x->n++;
	}
	return rc;
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
	int rc = json_get_string(body, "subject", false, 16, &subject, &x->p);
	if (!rc)
		rc = json_get_int(body, "term", true, 1, GB_TERMS, &term, &x->p);
	if (!rc)
		rc = json_get_string(body, "assessment", true, 16, &assessment, &x->p);
	if (!rc) {
		x->qualities = !strcmp(assessment, "qualities");
		if (x->qualities && subject && *subject)
			rc = problem_set(&x->p, P_WRONG_ASSESSMENT, "subject", "Qualities and competences belong to no subject: leave "
					 "subject out.");
		else if (!x->qualities && (!subject || !*subject))
			rc = problem_set(&x->p, P_REQUIRED, "subject", "Say which subject.");
		else if (!x->qualities && gb_slot_parse(assessment) < 0)
			rc = problem_set(&x->p, P_UNKNOWN_VALUE, "assessment", "The assessment is regular1 to regular6, midterm, final, "
					 "score, level, test, pass or qualities.");
	}
	json_t *grades = json_object_get(body, "grades");
	size_t n = json_array_size(grades);
	if (!rc && (!json_is_array(grades) || n < 1 || n > CLASS_MAX_MEMBERS))
		rc = problem_set(&x->p, grades ? P_COUNT : P_REQUIRED, "grades", "Give 1 to 200 grades: [{\"student\": id, \"value\": ...}].");
	if (!rc) {
		x->subject_code = x->qualities ? NULL : arena_strdup(&r->arena, subject);
		x->term = (int)term;
		x->slot = x->qualities ? GB_LEVEL : (enum gb_slot)gb_slot_parse(assessment);
		rc = db_read(api_app(r)->db, class_grades_check, x);
	}
	if (rc && x->refused) {
		/* A refused save is on record, naming the class (nothing changed). */
		json_decref(body);
		teaching_reply_audited(r, &x->d, "grades.update", x->id, NULL, 0, 0, NULL, &x->p);
		return;
	}
	if (!rc)
		rc = x->qualities ? read_quality_entries(x, grades) : read_entries(x, grades);
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
	int rc = api_student_read(c, x->r, x->id, &x->s, &x->d);
	if (rc || !x->d.allowed)
		return rc;
	if (!x->year)
		x->year = x->s.school_year;
	if (!x->year)
		return problem_set(&x->p, P_REQUIRED, "school_year", "The student is not enrolled now: say which school year.");
	rc = school_ref(c, x->s.school, &x->school, &x->p);
	if (rc)
		return rc;
	int pol = policy_for_school(x->school.country, x->school.level);
	if (pol < 0)
		return problem_set(&x->p, P_NO_POLICY, NULL, "The school's level is not set, so no grading policy applies.");
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

/* vn-tt27: each quality and competence with its levels per term. */
static json_t *card_qualities_json(const struct gb_qualities *q)
{
	json_t *a = json_array();
	for (int i = 0; i < GB_QUALITIES; i++) {
		json_t *terms = json_array();
		for (int k = 0; k < GB_TERMS; k++) {
			const char *code =
				q->v[k][i] == GB_NONE
					? NULL
					: tt27_quality_level_code((enum tt27_quality_level)q->v[k][i]);
			json_array_append_new(terms, code ? json_string(code) : json_null());
		}
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "code",
						   tt27_quality_name(i), "name",
						   tt27_quality_label(i), "group",
						   tt27_quality_group(i), "terms", terms));
	}
	return a;
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
		problem_set(&x.p, P_NOT_FOUND, NULL, "No such student.");
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
		json_object_set_new(j, "comments", comments_json(s->comments));
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
	json_object_set_new(j, "qualities", card->policy == POLICY_VN_TT27
						    ? card_qualities_json(&card->qualities)
						    : json_null());
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
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
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
		rc = problem_set(&x->p, P_REQUIRED, "reason", "Say why the term is unlocked.");
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
