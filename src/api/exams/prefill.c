/*
 * prefill.c: what the registration form starts from, over HTTP.
 *
 *   GET /api/v1/exams/sessions/{id}/prefill  (the candidate, for themself)
 *
 * The person, the school, the enrolments, the region the rule gives
 * (domain/exams/region.h) and the pack's subjects and combination rules.
 * An audited read of the candidate's record.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/exams/exams.h"
#include "api/exams/handlers.h"
#include "domain/exams/registration.h"

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *prefill_json(const struct exam_prefill *x)
{
	json_t *person = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)x->person_id,
				   "given_name", x->given_name, "family_name", x->family_name,
				   "birth_date", x->birth_date, "sex", x->sex);
	if (person)
		json_object_set_new(person, "national_id", text_or_null(x->national_id));
	json_t *history = json_array();
	for (int i = 0; history && i < x->nstays; i++) {
		const struct exam_stay *s = &x->stays[i];
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "school", s->school,
				      "school_name", s->school_name, "grade", s->grade,
				      "school_year", "", "start_date", s->start_date);
		if (o) {
			char year[16];
			snprintf(year, sizeof(year), "%d-%d", s->school_year, s->school_year + 1);
			json_object_set_new(o, "school_year", json_string(year));
			json_object_set_new(o, "end_date", text_or_null(s->end_date));
		}
		json_array_append_new(history, o);
	}
	const struct exam_region_result *g = &x->region;
	json_t *region = json_pack("{s:s, s:I}", "region", g->region, "days", (json_int_t)g->days);
	if (region) {
		json_object_set_new(region, "school",
				    g->stay >= 0 ? json_string(x->stays[g->stay].school)
						 : json_null());
		json_object_set_new(region, "points", exams_points_json(g->points));
	}
	json_t *pack = json_loads(x->pack->json, JSON_PRESERVE_ORDER, NULL);
	json_t *j =
		json_pack("{s:o, s:{s:s, s:s}, s:o, s:o}", "person", person, "school", "code",
			  x->school, "name", x->school_name, "history", history, "region", region);
	if (j) {
		json_object_set_new(j, "session", exams_session_json(&x->s, false));
		json_object_set(j, "subjects", json_object_get(pack, "subjects"));
		json_object_set(j, "combination", json_object_get(pack, "combination"));
		json_object_set(j, "exemptions", json_object_get(pack, "exemptions"));
		json_object_set(j, "priority", json_object_get(pack, "priority"));
	}
	json_decref(pack);
	return j;
}

void api_exam_prefill_get(struct req *r)
{
	struct exam_prefill x = {0};
	if (!api_path_id_or_reply(r, "id", &x.session_id))
		return;
	int rc = exam_prefill_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_reply(r, x.audit, 1, 200, prefill_json(&x), NULL);
}
