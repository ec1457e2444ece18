/*
 * offers.c: answering an offer over HTTP, and how an application shows its
 * offer, waitlists and appeals.
 *
 *   POST /api/v1/admissions/applications/{id}/accept   accept the offer
 *   POST /api/v1/admissions/applications/{id}/decline  decline it
 *
 * The rules are domain/admissions/offer.h's. Both answer the application
 * as stored now; a decline adds "moved": the applications its seat moved.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/appeal.h"
#include "domain/admissions/application.h"
#include "domain/admissions/offer.h"

static json_t *instant_json(int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *opt_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *appeal_json(const struct appeal *ap)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)ap->id, "application",
			      (json_int_t)ap->application_id, "status", ap->status, "reason",
			      ap->reason);
	if (!j)
		return NULL;
	json_object_set_new(j, "filed_at", instant_json(ap->filed_at));
	json_t *d = json_null();
	if (ap->decided_at) {
		d = json_pack("{s:o, s:o, s:o, s:o}", "by", opt_string(ap->decided_by), "at",
			      instant_json(ap->decided_at), "reason",
			      opt_string(ap->decision_reason), "school", opt_string(ap->school));
	}
	json_object_set_new(j, "decision", d);
	return j;
}

json_t *admissions_appeal_json(const struct appeal *ap)
{
	return appeal_json(ap);
}

void admissions_offer_members(json_t *j, const struct application *a)
{
	json_t *offer = json_null();
	if (a->offer_status) {
		offer = json_pack("{s:o, s:s, s:o, s:o}", "school", opt_string(a->placed_school),
				  "status", a->offer_status, "at",
				  a->offer_at ? instant_json(a->offer_at) : json_null(),
				  "moved_from", opt_string(a->moved_from));
	}
	json_object_set_new(j, "offer", offer);
	if (a->waitlists || a->appeals) {
		json_t *w = json_array();
		for (int i = 0; a->waitlists && i < a->nwaitlists; i++)
			json_array_append_new(w, json_pack("{s:s, s:I}", "school",
							   a->waitlists[i].school, "position",
							   (json_int_t)a->waitlists[i].position));
		json_object_set_new(j, "waitlists", w);
		json_t *ap = json_array();
		for (int i = 0; a->appeals && i < a->nappeals; i++)
			json_array_append_new(ap, appeal_json(&a->appeals[i]));
		json_object_set_new(j, "appeals", ap);
	}
}

static void answer_finish(struct req *r, int rc, void *arg)
{
	struct offer_answer *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		admissions_reply_application(r, 200, x->id);
}

static void answer(struct req *r, bool accept)
{
	struct offer_answer *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->accept = accept;
	api_write(r, offer_answer_tx, x, answer_finish);
}

void api_offers_accept(struct req *r)
{
	answer(r, true);
}

void api_offers_decline(struct req *r)
{
	answer(r, false);
}
