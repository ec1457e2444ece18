/*
 * review_json.c: the evidence and the reviews of a registration as JSON
 * (review_json.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/exams/exams.h"
#include "api/exams/review_json.h"
#include "domain/exams/registration.h"
#include "domain/exams/review.h"

json_t *exams_evidence_item_json(const struct exam_evidence_item *it, int offset)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)it->id, "kind",
			      it->kind, "code", it->code, "media_type", it->media_type, "size",
			      (json_int_t)it->size, "sha256", it->sha256);
	if (!j)
		return NULL;
	json_object_set_new(j, "uploaded_at", exams_instant_json(it->uploaded_at_ms, offset));
	json_object_set_new(j, "uploaded_by",
			    it->uploaded_by ? json_string(it->uploaded_by) : json_null());
	return j;
}

void exams_review_members_json(json_t *j, const struct exam_review_view *v, int offset)
{
	if (!j || !v)
		return;
	json_t *items = json_array(), *missing = json_array(), *reviews = json_array();
	for (int i = 0; i < v->evidence.n; i++)
		json_array_append_new(items,
				      exams_evidence_item_json(&v->evidence.items[i], offset));
	for (int i = 0; i < v->evidence.nmissing; i++)
		json_array_append_new(missing, json_string(v->evidence.missing[i]));
	for (int i = 0; i < v->nreviews; i++) {
		const struct exam_review_entry *e = &v->reviews[i];
		json_t *o =
			json_pack("{s:I, s:s}", "id", (json_int_t)e->id, "decision", e->decision);
		if (o) {
			json_object_set_new(o, "reason",
					    e->reason ? json_string(e->reason) : json_null());
			json_object_set_new(o, "at", exams_instant_json(e->at_ms, offset));
			json_object_set_new(o, "by", e->by ? json_string(e->by) : json_null());
		}
		json_array_append_new(reviews, o);
	}
	json_object_set_new(j, "evidence", items);
	json_object_set_new(j, "missing_evidence", missing);
	json_object_set_new(j, "reviews", reviews);
}

void exams_registration_reply(struct req *r, int status, int64_t id, json_t *extra)
{
	struct exam_registration_view x = {.id = id};
	int rc = exam_registration_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		json_decref(extra);
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *j = NULL;
	if (x.d.allowed) {
		j = exams_registration_json(&x.r);
		if (extra) {
			json_object_set_new(extra, "registration", j);
			j = extra;
			extra = NULL;
		}
	}
	json_decref(extra);
	api_audit_decision_reply(r, x.audit, 1, x.d.allowed, status, j, &x.p);
}
