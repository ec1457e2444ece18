/*
 * policies.c: the assessment policies over HTTP.
 *
 *   GET  /api/v1/policies                     the policies and where they apply
 *   POST /api/v1/policies/{policy}/evaluate   compute averages and levels, store nothing
 *
 * Evaluation is pure computation: teachers preview a report card, ministries
 * try a rule change. It reads no student data, so it is not audited.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/teaching/handlers.h"
#include "domain/teaching/grading.h"

void api_policies_list(struct req *r)
{
	static const struct {
		enum policy_id id;
		const char *country, *levels, *title;
	} rows[] = {
		{POLICY_VN_TT22, "VN", "lower_secondary upper_secondary",
		 "Circular 22/2021: regular, mid-term and final assessments, one decimal"},
		{POLICY_VN_TT27, "VN", "primary",
		 "Circular 27/2020: subject levels, qualities and competences, periodic tests"},
		{POLICY_IR_DESCRIPTIVE, "IR", "primary",
		 "Descriptive evaluation in four levels with teacher comments"},
		{POLICY_IR_20, "IR", "lower_secondary upper_secondary",
		 "Scores 0-20 weighted by subject units, pass at 10"},
	};
	json_t *items = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s, s:s}", "policy",
						policy_name(rows[i].id), "country", rows[i].country,
						"levels", rows[i].levels, "title", rows[i].title));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_policies_evaluate(struct req *r)
{
	int id = policy_parse(req_param(r, "policy"));
	if (id < 0) {
		res_error(r, P_UNKNOWN_POLICY, NULL,
			  "There is no such policy; GET /api/v1/policies lists them.");
		return;
	}
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	json_t *out = NULL;
	struct problem p = {0};
	int rc = policy_evaluate((enum policy_id)id, body, &r->arena, &out, &p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	api_json(r, 200, out);
}
