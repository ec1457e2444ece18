/*
 * packs.c: exam packs over HTTP (anyone signed in).
 *
 *   GET /api/v1/exams/packs          every pack, in name order
 *   GET /api/v1/exams/packs/{name}   one
 *
 * The packs are data compiled into the server (domain/exams/pack.h).
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/exams/pack.h"

void api_exam_packs_list(struct req *r)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < exam_packs_count(); i++)
		json_array_append_new(items, json_loads(exam_pack_at(i)->json, 0, NULL));
	api_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
}

void api_exam_packs_get(struct req *r)
{
	const struct exam_pack *pk = exam_pack_find(req_param(r, "name"));
	if (!pk) {
		struct problem p = {0};
		api_problem(r, problem_set(&p, P_NOT_FOUND, NULL, "No such exam pack."), &p);
		return;
	}
	api_json(r, 200, json_loads(pk->json, JSON_PRESERVE_ORDER, NULL));
}
