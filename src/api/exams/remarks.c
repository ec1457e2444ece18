/*
 * remarks.c: requests for re-marking and decisions over HTTP.
 *
 *   POST /api/v1/exams/registrations/{id}/remarks {"subjects":[...]}
 *        201 {"registration","created"} (the candidate)
 *   POST /api/v1/exams/remarks/{id}/decision {"score":"8.25"}
 *        200 {"id","registration","subject","old_score","new_score"}
 *   GET  /api/v1/exams/sessions/{id}/remarks?status=pending|decided&after=&limit=
 *        200 {"items":[{"id","registration","candidate_number","given_name",
 *             "family_name","school","subject","status","old_score",
 *             "new_score","requested_at","decided_at"}],"next"}
 *        (the staff of the session's office; keyset paged on the id)
 *
 * The rules are domain/exams/remark.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/exams.h"
#include "api/exams/handlers.h"
#include "domain/exams/remark.h"
#include "domain/exams/score.h"

static void request_finish(struct req *r, int rc, void *arg)
{
	struct exam_remark_request *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 201,
		 json_pack("{s:I, s:i}", "registration", (json_int_t)x->registration_id, "created",
			   x->created));
}

static int request_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_remark_request *x = ctx;
	json_t *subjects = json_object_get(body, "subjects");
	if (!subjects)
		return problem_set(&x->p, P_REQUIRED, "subjects", NULL);
	if (!json_is_array(subjects) || json_array_size(subjects) < 1 ||
	    json_array_size(subjects) > EXAM_REMARK_SUBJECTS_MAX)
		return problem_set(&x->p, P_INVALID, "subjects",
				   "Give 1 to 16 subject codes as an array.");
	size_t i;
	json_t *s;
	json_array_foreach(subjects, i, s)
	{
		const char *code = json_string_value(s);
		if (!code || !*code || strlen(code) > 64)
			return problem_set(&x->p, P_INVALID,
					   arena_printf(&r->arena, "subjects[%zu]", i),
					   "A subject is its code, e.g. \"math\".");
		if (!(x->subjects[x->nsubjects++] = arena_strdup(&r->arena, code)))
			return problem_err(&x->p, ERR_NOMEM);
	}
	return ERR_OK;
}

void api_exam_remarks_create(struct req *r)
{
	struct exam_remark_request *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->now_ms = time_now_ms();
	if (!api_path_id_or_reply(r, "id", &x->registration_id))
		return;
	x->by = api_actor(r);
	api_write_body(r, request_decode, x, &x->p, exam_remark_request_tx, request_finish);
}

static void decision_finish(struct req *r, int rc, void *arg)
{
	struct exam_remark_decision *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	char o[8], n[8];
	exam_score_text(x->old_score, o);
	exam_score_text(x->new_score, n);
	api_json(r, 200,
		 json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)x->remark_id,
			   "registration", (json_int_t)x->registration_id, "subject", x->subject,
			   "status", "decided", "old_score", o, "new_score", n));
}

static int decision_decode(struct req *r, json_t *body, void *ctx)
{
	struct exam_remark_decision *x = ctx;
	json_t *s = json_object_get(body, "score");
	if (!s)
		return problem_set(&x->p, P_REQUIRED, "score", NULL);
	if (json_is_string(s))
		x->score = arena_strdup(&r->arena, json_string_value(s));
	else if (json_is_number(s))
		x->score = arena_printf(&r->arena, "%.2f", json_number_value(s));
	else
		return problem_set(&x->p, P_INVALID, "score",
				   "A score is 0 to 10 with at most two decimals.");
	return x->score ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

void api_exam_remarks_decide(struct req *r)
{
	struct exam_remark_decision *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->now_ms = time_now_ms();
	if (!api_path_id_or_reply(r, "id", &x->remark_id))
		return;
	x->by = api_actor(r);
	api_write_body(r, decision_decode, x, &x->p, exam_remark_decide_tx, decision_finish);
}

static json_t *remark_item_json(const struct exam_remark_item *m, int offset)
{
	char o[8], n[8];
	exam_score_text(m->old_score, o);
	if (m->new_score >= 0)
		exam_score_text(m->new_score, n);
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id,
			      "registration", (json_int_t)m->registration_id, "given_name",
			      m->given_name, "family_name", m->family_name, "school", m->school,
			      "subject", m->subject, "status", m->status, "old_score", o);
	if (!j)
		return NULL;
	json_object_set_new(j, "candidate_number",
			    m->candidate_number ? json_string(m->candidate_number) : json_null());
	json_object_set_new(j, "new_score", m->new_score >= 0 ? json_string(n) : json_null());
	json_object_set_new(j, "requested_at", exams_instant_json(m->requested_at, offset));
	json_object_set_new(j, "decided_at",
			    m->decided_at ? exams_instant_json(m->decided_at, offset)
					  : json_null());
	return j;
}

void api_exam_remarks_list(struct req *r)
{
	struct exam_remark_list x = {0};
	if (!api_path_id_or_reply(r, "id", &x.session_id) ||
	    !api_page_or_reply(r, &x.after, &x.limit))
		return;
	const char *status = req_query(r, "status");
	if (status && *status) {
		/* "pending": asked and not yet decided ("requested" in the rows) */
		if (!strcmp(status, "pending")) {
			x.status = "requested";
		} else if (!strcmp(status, "decided")) {
			x.status = "decided";
		} else {
			res_error(r, P_UNKNOWN_VALUE, "status",
				  "The status is pending or decided.");
			return;
		}
	}
	int rc = exam_remark_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < x.n; i++)
		json_array_append_new(items, remark_item_json(&x.items[i], x.offset));
	const char *next =
		x.more && x.n ? arena_printf(&r->arena, "%" PRId64, x.items[x.n - 1].id) : NULL;
	api_audit_reply(r, x.audit, x.naudit, 200, items ? api_page_json(items, next) : NULL, NULL);
}
