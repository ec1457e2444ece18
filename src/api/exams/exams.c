/*
 * exams.c: the JSON shapes of exam sessions and registrations (exams.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "api/exams/exams.h"
#include "api/exams/review_json.h"
#include "domain/common/instant.h"

json_t *exams_instant_json(int64_t ms, int offset)
{
	if (ms == EXAM_NO_INSTANT)
		return json_null();
	char buf[40];
	instant_format(ms, offset, buf, sizeof(buf));
	return json_string(buf);
}

json_t *exams_points_json(int64_t h)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64 ".%02" PRId64, h / 100, h % 100);
	return json_string(buf);
}

json_t *exams_session_json(const struct exam_session *s, bool with_sites)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)s->id, "org",
			      s->org, "pack", s->pack, "name", s->name, "time_zone", s->time_zone,
			      "status", exam_session_status(s, time_now_ms()));
	if (!j)
		return NULL;
	json_object_set_new(j, "opens_at", exams_instant_json(s->opens_at, s->offset));
	json_object_set_new(j, "closes_at", exams_instant_json(s->closes_at, s->offset));
	json_object_set_new(j, "results_at", exams_instant_json(s->results_at, s->offset));
	json_object_set_new(j, "remarks_close_at",
			    exams_instant_json(s->remarks_close_at, s->offset));
	json_object_set_new(j, "created_at", exams_instant_json(s->created_at, s->offset));
	json_object_set_new(
		j, "assigned_at",
		exams_instant_json(s->assigned_at ? s->assigned_at : EXAM_NO_INSTANT, s->offset));
	if (!with_sites)
		return j;
	json_t *councils = json_array(), *sites = json_array();
	for (int i = 0; i < s->ncouncils; i++)
		json_array_append_new(
			councils, json_pack("{s:s, s:s, s:s}", "code", s->councils[i].code, "name",
					    s->councils[i].name, "org", s->councils[i].org));
	for (int i = 0; i < s->nsites; i++) {
		const struct exam_site *t = &s->sites[i];
		json_array_append_new(sites,
				      json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "code", t->code,
						"council", t->council, "school", t->school, "name",
						t->name, "rooms", (json_int_t)t->rooms,
						"free_candidates", t->free_candidates));
	}
	json_object_set_new(j, "councils", councils);
	json_object_set_new(j, "sites", sites);
	return j;
}

/* A stored JSON array of codes, or an empty array. */
static json_t *codes_json(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_array();
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *exams_registration_json(const struct exam_registration *r)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:i, s:s, s:s}", "id", (json_int_t)r->id, "session",
			      (json_int_t)r->session_id, "number", r->number, "version", r->version,
			      "kind", r->kind, "track", r->track);
	if (!j)
		return NULL;
	json_t *person = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->person_id,
				   "given_name", r->given_name, "family_name", r->family_name,
				   "birth_date", r->birth_date, "sex", r->sex);
	if (person)
		json_object_set_new(person, "national_id", text_or_null(r->national_id));
	json_object_set_new(j, "person", person);
	json_object_set_new(j, "school",
			    json_pack("{s:s, s:s}", "code", r->school, "name", r->school_name));
	json_object_set_new(j, "subjects", codes_json(r->subjects));
	json_object_set_new(j, "exemptions", codes_json(r->exemptions));
	json_object_set_new(j, "category", text_or_null(r->category));
	json_t *region = json_pack("{s:s}", "region", r->region);
	if (region) {
		json_object_set_new(region, "school", text_or_null(r->region_school));
		json_object_set_new(region, "points", exams_points_json(r->region_points));
	}
	json_object_set_new(j, "region", region);
	json_object_set_new(j, "bonus", exams_points_json(r->bonus));
	json_object_set_new(j, "status", json_string(r->status));
	json_object_set_new(j, "status_reason", text_or_null(r->status_reason));
	json_object_set_new(j, "created_at", exams_instant_json(r->created_at, r->offset));
	json_object_set_new(j, "updated_at", exams_instant_json(r->updated_at, r->offset));
	json_object_set_new(j, "candidate_number", text_or_null(r->candidate_number));
	json_object_set_new(j, "site", text_or_null(r->site));
	json_object_set_new(j, "room", r->room ? json_integer(r->room) : json_null());
	json_object_set_new(j, "seat", r->seat ? json_integer(r->seat) : json_null());
	json_object_set_new(j, "results", json_null());
	if (r->versions) {
		json_t *versions = json_array();
		for (int i = 0; i < r->nversions; i++) {
			const struct exam_registration_version *v = &r->versions[i];
			json_t *o =
				json_pack("{s:i, s:s}", "version", v->version, "track", v->track);
			json_object_set_new(o, "subjects", codes_json(v->subjects));
			json_object_set_new(o, "exemptions", codes_json(v->exemptions));
			json_object_set_new(o, "category", text_or_null(v->category));
			json_object_set_new(o, "region", text_or_null(v->region));
			json_object_set_new(o, "bonus", exams_points_json(v->bonus));
			json_object_set_new(o, "created_at",
					    exams_instant_json(v->created_at, r->offset));
			json_object_set_new(o, "created_by", text_or_null(v->created_by));
			json_array_append_new(versions, o);
		}
		json_object_set_new(j, "versions", versions);
	}
	if (r->review)
		exams_review_members_json(j, r->review, r->offset);
	return j;
}
