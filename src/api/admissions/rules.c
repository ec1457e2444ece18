/*
 * rules.c: admission rule sets over HTTP (anyone signed in).
 *
 *   GET /api/v1/admissions/rules          every rule set, in name order
 *   GET /api/v1/admissions/rules/{name}   one
 *
 * The rule sets are data compiled into the server (domain/admissions/rules.h).
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/rules.h"

void api_rules_list(struct req *r)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < rules_count(); i++)
		json_array_append_new(items, json_loads(rules_at(i)->json, 0, NULL));
	api_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
}

void api_rules_get(struct req *r)
{
	const struct rule_set *rs = rules_find(req_param(r, "name"));
	if (!rs) {
		struct problem p = {0};
		api_problem(r, problem_set(&p, P_NOT_FOUND, NULL, "No such rule set."), &p);
		return;
	}
	api_json(r, 200, json_loads(rs->json, 0, NULL));
}
