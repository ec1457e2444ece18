/*
 * prefill.c: the application form prefilled from the registry.
 *
 *   GET /api/v1/admissions/rounds/{id}/prefill?student=ID   a linked guardian
 *
 * The rules are domain/admissions/prefill.h's; the read is audited before
 * the answer leaves.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/prefill.h"

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *prefill_json(struct arena *a, const struct prefill_view *x)
{
	const struct student *s = &x->s;
	json_t *student = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)s->id,
				    "country", s->country, "given_name", s->given_name,
				    "family_name", s->family_name, "birth_date", s->birth_date,
				    "sex", s->sex, "national_id", string_or_null(s->national_id));
	json_t *j = json_pack("{s:I, s:o, s:o}", "round", (json_int_t)x->round_id, "rules",
			      string_or_null(x->rules), "student", student);
	if (!j)
		return NULL;
	bool enrolled = s->grade > 0;
	json_object_set_new(j, "school", string_or_null(enrolled ? s->school : NULL));
	json_object_set_new(j, "grade", enrolled ? json_integer(s->grade) : json_null());
	json_object_set_new(
		j, "school_year",
		enrolled ? json_string(arena_printf(a, "%d-%d", s->school_year, s->school_year + 1))
			 : json_null());
	json_object_set_new(
		j, "age",
		x->age_known
			? json_pack("{s:b, s:o, s:s, s:s}", "eligible", x->eligible, "earliest",
				    string_or_null(*x->earliest ? x->earliest : NULL), "latest",
				    x->latest, "school_year",
				    arena_printf(a, "%d-%d", x->entry_year, x->entry_year + 1))
			: json_null());
	json_t *claims = json_object();
	if (x->area)
		json_object_set_new(claims, "area", json_string(x->area));
	if (x->nsiblings) {
		json_t *sib = json_array();
		for (int i = 0; i < x->nsiblings; i++)
			json_array_append_new(sib, json_string(x->siblings[i]));
		json_object_set_new(claims, "siblings", sib);
	}
	json_object_set_new(j, "claims", claims);
	return j;
}

void api_rounds_prefill(struct req *r)
{
	struct prefill_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.round_id) ||
	    !api_query_id_or_reply(r, "student", true, INT64_MAX, &x.student))
		return;
	int rc = prefill_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, 200,
				 x.d.allowed ? prefill_json(&r->arena, &x) : NULL, &x.p);
}
