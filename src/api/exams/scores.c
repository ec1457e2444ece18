/*
 * scores.c: importing an exam session's scores over HTTP.
 *
 *   POST /api/v1/exams/sessions/{id}/scores   body: a CSV file, or an XLSX
 *        workbook (told by its first bytes, a zip's "PK\3\4"): 201
 *        {"import","rows"}; 422 invalid_scores with "errors":
 *        [{"row","field","code","detail"}] and "error_count", nothing stored
 *
 * The rules are domain/exams/score.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/exams/score.h"
#include "domain/records/credential.h"

/* 422 invalid_scores with the rows at fault. */
static void rows_problem(struct req *r, const struct exam_scores_import *x)
{
	json_t *errors = json_array();
	for (size_t i = 0; i < x->in->nproblems; i++) {
		const struct exam_row_problem *e = &x->in->problems[i];
		json_t *o = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)e->row, "code", e->code,
				      "detail", e->detail ? e->detail : "");
		json_object_set_new(o, "field", e->field ? json_string(e->field) : json_null());
		json_array_append_new(errors, o);
	}
	json_t *j =
		json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:I}", "type", "about:blank",
			  "title", "Unprocessable Content", "status", 422, "code", "invalid_scores",
			  "detail", x->p.detail ? x->p.detail : "", "field", "body", "errors",
			  errors, "error_count", (json_int_t)x->in->problems_total);
	if (!j) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	res_json(r, 422, j);
	if (r->status == 422)
		r->ctype = "application/problem+json";
}

static void import_finish(struct req *r, int rc, void *arg)
{
	struct exam_scores_import *x = arg;
	if (rc && x->p.id == P_INVALID_SCORES) {
		if (!x->p.detail)
			x->p.detail = problem_def(P_INVALID_SCORES)->sentence;
		rows_problem(r, x);
		return;
	}
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 201,
		 json_pack("{s:I, s:I, s:s}", "import", (json_int_t)x->import_id, "rows",
			   (json_int_t)x->stored, "format", x->format));
}

void api_exam_scores_import(struct req *r)
{
	struct exam_scores_import *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->session_id))
		return;
	x->now_ms = time_now_ms();
	x->by = api_actor(r);
	if (r->body_too_large) {
		res_error(r, P_BODY_TOO_LARGE, NULL, "The score file is too large.");
		return;
	}
	x->in = arena_calloc(&r->arena, 1, sizeof(*x->in));
	char *hex = arena_alloc(&r->arena, RECORD_HASH_HEX);
	if (!x->in || !hex) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	const char *body = r->body.p ? r->body.p : "";
	size_t len = r->body.len;
	record_hash_hex(body, len, hex);
	x->sha256 = hex;
	x->size = (int64_t)len;
	bool zip = len >= 4 && !memcmp(body, "PK\3\4", 4);
	x->format = zip ? "xlsx" : "csv";
	int rc = zip ? exam_scores_xlsx(&r->arena, body, len, x->in)
		     : exam_scores_csv(&r->arena, body, len, x->in);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (x->in->problems_total) {
		problem_set(&x->p, P_INVALID_SCORES, "body", NULL);
		rows_problem(r, x);
		return;
	}
	api_write(r, exam_scores_import_tx, x, import_finish);
}
