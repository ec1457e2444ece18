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
 * The rules are the domain's (domain/teaching/grade.h, report_card.h,
 * term_lock.h): who may, the values each policy takes, and the audit of
 * reads and saves. A save's values are checked against the class's policy
 * before the write is queued (grades_save_prepare), so a bad score changes
 * nothing and costs no transaction.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/common/calendar.h"
#include "domain/teaching/grade.h"
#include "domain/teaching/report_card.h"
#include "domain/teaching/term_lock.h"

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

/* [term I, term II] comments as JSON (null where none). */
static json_t *comments_json(const char *const *comments)
{
	json_t *a = json_array();
	for (int k = 0; k < GB_TERMS; k++)
		json_array_append_new(a, comments && comments[k] ? json_string(comments[k])
								 : json_null());
	return a;
}

/* ---- a class's gradebook ---- */

/* The index of a student among rows (ascending ids), or -1. */
static int index_of(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return i;
	return -1;
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

/* One student of a class's qualities: [{term I}, {term II}]. */
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

static json_t *qualities_view_json(struct arena *a, const struct grades_view *x)
{
	json_t *students = json_array();
	for (int i = 0; i < x->nmembers; i++) {
		const struct class_member *m = &x->members[i];
		json_array_append_new(students,
				      json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)m->id,
						"given_name", m->given_name, "family_name",
						m->family_name, "terms",
						student_qualities_json(&x->qrows, m->id)));
	}
	return json_pack("{s:o, s:s, s:o, s:o}", "class", teaching_class_json(a, &x->cls), "policy",
			 policy_name((enum policy_id)x->cls.policy), "qualities",
			 quality_list_json(), "students", students);
}

/* One student's row of a subject's gradebook. */
static json_t *student_grades_json(const struct grades_view *x, const struct class_member *m)
{
	enum policy_id pol = (enum policy_id)x->cls.policy;
	struct gb_row empty;
	gb_row_init(&empty);
	int at = index_of(x->rows.students, x->rows.n, m->id);
	const struct gb_row *row = at < 0 ? &empty : &x->rows.rows[at];
	const char *const *comments = at < 0 || !x->rows.comments ? NULL : x->rows.comments[at];
	struct gb_subject_result res;
	gb_subject_result(pol, x->subject.scored, row, &res);
	json_t *terms = json_array(), *results = json_array();
	for (int k = 0; k < GB_TERMS; k++) {
		json_array_append_new(terms, term_json(pol, row, k));
		json_array_append_new(results, result_json(pol, x->subject.scored, res.term[k]));
	}
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)m->id,
			 "given_name", m->given_name, "family_name", m->family_name, "terms", terms,
			 "term_results", results, "year",
			 result_json(pol, x->subject.scored, res.year), "comments",
			 comments_json(comments));
}

static json_t *grades_view_json(struct arena *a, const struct grades_view *x)
{
	if (x->qualities)
		return qualities_view_json(a, x);
	json_t *students = json_array();
	for (int i = 0; i < x->nmembers; i++)
		json_array_append_new(students, student_grades_json(x, &x->members[i]));
	return json_pack("{s:o, s:o, s:s, s:o}", "class", teaching_class_json(a, &x->cls),
			 "subject", teaching_subject_json(&x->subject), "policy",
			 policy_name((enum policy_id)x->cls.policy), "students", students);
}

void api_grades_class_get(struct req *r)
{
	struct grades_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	const char *assessment = req_query(r, "assessment");
	if (assessment && *assessment && strcmp(assessment, "qualities")) {
		res_error(r, P_UNKNOWN_VALUE, "assessment",
			  "Leave assessment out, or ask for ?assessment=qualities.");
		return;
	}
	x.qualities = assessment && *assessment;
	x.subject_code = req_query(r, "subject");
	if (!x.qualities && (!x.subject_code || !*x.subject_code)) {
		res_error(r, P_REQUIRED, "subject", "Say which subject: ?subject=CODE.");
		return;
	}
	int rc = grades_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, x.naudit, x.d.allowed, 200,
				 x.d.allowed ? grades_view_json(&r->arena, &x) : NULL, &x.p);
}

/* ---- saving one assessment ---- */

static void grades_save_finish(struct req *r, int rc, void *arg)
{
	struct grades_save *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200, json_pack("{s:i, s:i}", "saved", x->n, "changed", x->changed));
}

/* The body's subject, term and assessment into x, or p says why not. */
static int save_fields_read(struct req *r, json_t *body, struct grades_save *x)
{
	const char *subject = NULL, *assessment = NULL;
	int64_t term = 0;
	int rc = json_get_string(body, "subject", false, 16, &subject, &x->p);
	if (!rc)
		rc = json_get_int(body, "term", true, 1, GB_TERMS, &term, &x->p);
	if (!rc)
		rc = json_get_string(body, "assessment", true, 16, &assessment, &x->p);
	if (rc)
		return rc;
	x->qualities = !strcmp(assessment, "qualities");
	if (x->qualities && subject && *subject)
		return problem_set(&x->p, P_WRONG_ASSESSMENT, "subject",
				   "Qualities and competences belong to no subject: leave "
				   "subject out.");
	if (!x->qualities && (!subject || !*subject))
		return problem_set(&x->p, P_REQUIRED, "subject", "Say which subject.");
	if (!x->qualities && gb_slot_parse(assessment) < 0)
		return problem_set(&x->p, P_UNKNOWN_VALUE, "assessment",
				   "The assessment is regular1 to regular6, midterm, final, "
				   "score, level, test, pass or qualities.");
	x->subject_code = x->qualities ? NULL : arena_strdup(&r->arena, subject);
	x->term = (int)term;
	x->slot = x->qualities ? GB_LEVEL : (enum gb_slot)gb_slot_parse(assessment);
	return x->qualities || x->subject_code ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

void api_grades_class_save(struct req *r)
{
	struct grades_save *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int rc = save_fields_read(r, body, x);
	json_t *grades = json_object_get(body, "grades");
	size_t n = json_array_size(grades);
	if (!rc && (!json_is_array(grades) || n < 1 || n > CLASS_MAX_MEMBERS))
		rc = problem_set(&x->p, grades ? P_COUNT : P_REQUIRED, "grades",
				 "Give 1 to 200 grades: [{\"student\": id, \"value\": ...}].");
	if (!rc)
		rc = grades_save_prepare(api_app(r)->db, x, grades);
	json_decref(body);
	if (x->refused)
		api_audit_decision_reply(r, x->audit, x->naudit, false, 0, NULL, &x->p);
	else if (rc)
		api_problem(r, rc, &x->p);
	else
		api_write(r, grades_save_tx, x, grades_save_finish);
}

/* ---- report cards ---- */

/* vn-tt27: each quality and competence with its levels per term. */
static json_t *card_qualities_json(const struct gb_qualities *q)
{
	json_t *a = json_array();
	for (int i = 0; i < GB_QUALITIES; i++) {
		json_t *terms = json_array();
		for (int k = 0; k < GB_TERMS; k++) {
			const char *code = q->v[k][i] == GB_NONE
						   ? NULL
						   : tt27_quality_level_code(
							     (enum tt27_quality_level)q->v[k][i]);
			json_array_append_new(terms, code ? json_string(code) : json_null());
		}
		json_array_append_new(a,
				      json_pack("{s:s, s:s, s:s, s:o}", "code",
						tt27_quality_name(i), "name", tt27_quality_label(i),
						"group", tt27_quality_group(i), "terms", terms));
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

static json_t *card_subject_json(const struct gb_card *card, const struct gb_card_subject *s)
{
	json_t *j = teaching_subject_json(&s->subject);
	json_t *terms = json_array(), *detail = json_array();
	for (int k = 0; k < GB_TERMS; k++) {
		json_array_append_new(
			terms, result_json(card->policy, s->subject.scored, s->result.term[k]));
		json_array_append_new(detail, term_json(card->policy, &s->row, k));
	}
	json_object_set_new(j, "terms", terms);
	json_object_set_new(j, "year",
			    result_json(card->policy, s->subject.scored, s->result.year));
	json_object_set_new(j, "assessments", detail);
	json_object_set_new(j, "comments", comments_json(s->comments));
	return j;
}

/* What `tabula report-cards compute` stored, or null. */
static json_t *stored_json(struct arena *a, const struct year_result_row *y)
{
	if (!y->stored)
		return json_null();
	return json_pack("{s:s, s:o, s:s, s:o, s:s}", "policy", y->policy, "average",
			 y->average == GB_NONE ? json_null()
					       : json_real((double)y->average / 100.0),
			 "result", y->result, "subjects",
			 y->subjects ? json_string(y->subjects) : json_null(), "computed_at",
			 iso_time(a, y->computed_at));
}

static json_t *report_card_json(struct arena *a, const struct report_card_view *x)
{
	const struct gb_card *card = &x->card;
	json_t *subjects = json_array(), *terms = json_array();
	for (int i = 0; i < card->n; i++)
		json_array_append_new(subjects, card_subject_json(card, &card->subjects[i]));
	for (int k = 0; k < GB_TERMS; k++) {
		json_t *t = overall_json(card, &card->term[k]);
		json_object_set_new(t, "term", json_integer(k + 1));
		json_object_set_new(t, "locked", json_boolean(card->locked[k]));
		json_array_append_new(terms, t);
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "student", (json_int_t)x->id,
			      "school", x->s.school, "school_year", teaching_year_text(a, x->year),
			      "policy", policy_name(card->policy), "subjects", subjects, "terms",
			      terms, "year", overall_json(card, &card->year));
	json_object_set_new(j, "stored_year_result", stored_json(a, &x->stored));
	json_object_set_new(j, "qualities",
			    card->policy == POLICY_VN_TT27 ? card_qualities_json(&card->qualities)
							   : json_null());
	return j;
}

void api_grades_report_card(struct req *r)
{
	struct report_card_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	if (!teaching_year_query_or_reply(r, &x.year, &x.p))
		return;
	int rc = report_card_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, 200,
				 x.d.allowed ? report_card_json(&r->arena, &x) : NULL, &x.p);
}

/* ---- term locks ---- */

static json_t *term_locks_json(struct arena *a, const struct term_locks *x)
{
	json_t *terms = json_array(), *events = json_array();
	for (int k = 0; k < GB_TERMS; k++)
		json_array_append_new(
			terms, json_pack("{s:i, s:b}", "term", k + 1, "locked", x->locked[k]));
	for (int i = 0; i < x->nevents; i++) {
		const struct term_lock_event *e = &x->events[i];
		json_t *j = json_pack("{s:i, s:s, s:s}", "term", e->term, "action", e->action, "at",
				      iso_time(a, e->at));
		json_object_set_new(j, "reason", e->reason ? json_string(e->reason) : json_null());
		json_object_set_new(j, "by", e->by ? json_string(e->by) : json_null());
		json_array_append_new(events, j);
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "school", x->school, "school_year",
			 teaching_year_text(a, x->year), "terms", terms, "events", events);
}

/* Answer with the school's locks of a year as stored now. */
static void reply_terms(struct req *r, const char *school, int year)
{
	struct term_locks x = {.school = school, .year = year};
	int rc = term_locks_read(api_app(r)->db, api_actor(r), &x);
	if (rc)
		api_problem(r, rc, &x.p);
	else
		api_json(r, 200, term_locks_json(&r->arena, &x));
}

void api_terms_list(struct req *r)
{
	struct problem p = {0};
	int year = 0;
	const char *text = req_query(r, "school_year");
	if (school_year_parse(text ? text : "", &year, &p)) {
		res_problem(r, &p);
		return;
	}
	reply_terms(r, req_param(r, "code"), year);
}

static void terms_finish(struct req *r, int rc, void *arg)
{
	struct term_lock_change *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_terms(r, x->school, x->year);
}

/* The body of a lock or an unlock: year, term and (to unlock) why. */
static int terms_decode(struct req *r, json_t *body, void *ctx)
{
	struct term_lock_change *x = ctx;
	const char *year = NULL, *reason = NULL;
	int64_t term = 0;
	int rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	if (!rc)
		rc = json_get_int(body, "term", true, 1, GB_TERMS, &term, &x->p);
	if (!rc)
		rc = json_get_string(body, "reason", !x->lock, 500, &reason, &x->p);
	if (!rc && !x->lock && !*reason)
		rc = problem_set(&x->p, P_REQUIRED, "reason", "Say why the term is unlocked.");
	x->term = (int)term;
	x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
	return rc;
}

static void terms_change(struct req *r, bool lock)
{
	struct term_lock_change *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->lock = lock;
	x->school = req_param(r, "code");
	api_write_body(r, terms_decode, x, &x->p, term_lock_tx, terms_finish);
}

void api_terms_lock(struct req *r)
{
	terms_change(r, true);
}

void api_terms_unlock(struct req *r)
{
	terms_change(r, false);
}
