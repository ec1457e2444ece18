/*
 * review_json.c: the evidence and the reviews of a registration as JSON
 * (review_json.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/exams/review_json.h"
#include "domain/exams/review.h"

#include <time.h>

int64_t exams_request_ms(struct req *r)
{
	(void)r;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An instant (Unix ms) as RFC 3339 with milliseconds, in UTC. */
static json_t *instant_json(int64_t ms)
{
	char buf[32], out[40];
	int64_t s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	time_iso8601(s, buf, sizeof(buf));
	size_t n = strlen(buf);
	if (n && buf[n - 1] == 'Z')
		buf[n - 1] = '\0';
	snprintf(out, sizeof(out), "%s.%03dZ", buf, (int)(ms - s * 1000));
	return json_string(out);
}

json_t *exams_evidence_item_json(const struct exam_evidence_item *it)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)it->id, "kind",
			      it->kind, "code", it->code, "media_type", it->media_type, "size",
			      (json_int_t)it->size, "sha256", it->sha256);
	if (!j)
		return NULL;
	json_object_set_new(j, "uploaded_at", instant_json(it->uploaded_at_ms));
	json_object_set_new(j, "uploaded_by",
			    it->uploaded_by ? json_string(it->uploaded_by) : json_null());
	return j;
}

void exams_review_members_json(json_t *j, const struct exam_review_view *v)
{
	if (!j || !v)
		return;
	json_t *items = json_array(), *missing = json_array(), *reviews = json_array();
	for (int i = 0; i < v->evidence.n; i++)
		json_array_append_new(items, exams_evidence_item_json(&v->evidence.items[i]));
	for (int i = 0; i < v->evidence.nmissing; i++)
		json_array_append_new(missing, json_string(v->evidence.missing[i]));
	for (int i = 0; i < v->nreviews; i++) {
		const struct exam_review_entry *e = &v->reviews[i];
		json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)e->id, "decision", e->decision);
		if (o) {
			json_object_set_new(o, "reason",
					    e->reason ? json_string(e->reason) : json_null());
			json_object_set_new(o, "at", instant_json(e->at_ms));
			json_object_set_new(o, "by", e->by ? json_string(e->by) : json_null());
		}
		json_array_append_new(reviews, o);
	}
	json_object_set_new(j, "evidence", items);
	json_object_set_new(j, "missing_evidence", missing);
	json_object_set_new(j, "reviews", reviews);
}
