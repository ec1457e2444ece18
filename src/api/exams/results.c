/*
 * results.c: a candidate's results over HTTP.
 *
 *   GET /api/v1/exams/registrations/{id}/results
 *       200 {"registration","candidate_number","results_at","remarks_close_at",
 *            "scores":[{"subject","score":"7.25","remark":null|{...}}]}
 *       409 results_not_published before the publication instant
 *
 * The rules are domain/exams/score.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/common/instant.h"
#include "domain/exams/score.h"

static json_t *instant_or_null(int64_t ms, const char *zone)
{
	int offset = 0;
	char out[40];
	if (!ms)
		return json_null();
	if (!zone || !zone_offset(zone, &offset))
		offset = 0;
	instant_format(ms, offset, out, sizeof(out));
	return json_string(out);
}

static json_t *score_json(int h)
{
	char t[8];
	exam_score_text(h, t);
	return json_string(t);
}

void api_exam_results_get(struct req *r)
{
	struct exam_results x = {0};
	if (!api_path_id_or_reply(r, "id", &x.registration_id))
		return;
	x.now_ms = time_now_ms();
	int rc = exam_results_read(api_app(r)->db, api_actor(r), &x);
	if (rc && !x.audit) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *body = NULL;
	if (!rc && x.allowed) {
		json_t *scores = json_array();
		for (size_t i = 0; i < x.n; i++) {
			const struct exam_score *s = &x.scores[i];
			char t[8];
			exam_score_text(s->score, t);
			json_t *o = json_pack("{s:s, s:s}", "subject", s->subject, "score", t);
			json_t *m = json_null();
			if (s->remark_id) {
				m = json_pack("{s:I, s:s}", "id", (json_int_t)s->remark_id,
					      "status", s->remark_status);
				json_object_set_new(m, "old_score", score_json(s->remark_old));
				json_object_set_new(m, "new_score",
						    s->remark_new < 0 ? json_null()
								      : score_json(s->remark_new));
			}
			json_object_set_new(o, "remark", m);
			json_array_append_new(scores, o);
		}
		body = json_pack("{s:I, s:o, s:o, s:o, s:o}", "registration",
				 (json_int_t)x.registration_id, "candidate_number",
				 x.candidate_number ? json_string(x.candidate_number) : json_null(),
				 "results_at", instant_or_null(x.results_at, x.time_zone),
				 "remarks_close_at",
				 instant_or_null(x.remarks_close_at, x.time_zone), "scores",
				 scores);
	}
	api_audit_decision_reply(r, x.audit, 1, !rc && x.allowed, 200, body, &x.p);
}
