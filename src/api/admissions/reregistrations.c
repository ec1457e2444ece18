/*
 * reregistrations.c: the yearly re-registration of continuing students.
 *
 *   POST /api/v1/admissions/reregistrations                  open a campaign (school
 *                                                            admins, officers above)
 *   GET  /api/v1/admissions/reregistrations/mine             a guardian's children to confirm
 *   POST /api/v1/admissions/reregistrations/{id}/confirmations   a linked guardian confirms;
 *                                                            takes Idempotency-Key
 *   GET  /api/v1/admissions/reregistrations/{id}             counts and who has not confirmed
 *
 * The rules are domain/admissions/reregistration.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/reregistration.h"
#include "domain/admissions/round.h"

static json_t *instant_json(int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *campaign_json(struct arena *a, const struct rereg *c)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id, "org", c->org,
			      "org_name", c->org_name, "school_year",
			      arena_printf(a, "%d-%d", c->school_year, c->school_year + 1),
			      "status", rereg_phase(c, time_now_unix()));
	if (!j)
		return NULL;
	json_object_set_new(j, "opens_at", instant_json(c->opens_at));
	json_object_set_new(j, "closes_at", instant_json(c->closes_at));
	return j;
}

static json_t *confirmation_json(const struct rereg_confirmation *c)
{
	if (!c->version)
		return json_null();
	json_t *j = json_pack("{s:i, s:o, s:o}", "version", c->version, "corrections",
			      string_or_null(c->corrections), "confirmed_at",
			      instant_json(c->created_at));
	if (j && c->created_by)
		json_object_set_new(j, "confirmed_by", json_string(c->created_by));
	return j;
}

/* ---- the staff's view ---- */

static void reply_view(struct req *r, int status, int64_t id, int64_t after, int limit)
{
	struct rereg_view x = {.id = id, .after = after, .limit = limit};
	int rc = rereg_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++) {
		const struct rereg_child *ch = &x.items[i];
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s, s:i, s:o}", "id", (json_int_t)ch->id,
					 "given_name", ch->given_name, "family_name",
					 ch->family_name, "school", ch->school, "grade", ch->grade,
					 "class", string_or_null(ch->class_name)));
	}
	json_t *j = campaign_json(&r->arena, &x.r);
	if (j) {
		json_object_set_new(j, "counts",
				    json_pack("{s:I, s:I, s:I}", "enrolled", (json_int_t)x.enrolled,
					      "confirmed", (json_int_t)x.confirmed,
					      "with_corrections", (json_int_t)x.corrected));
		json_object_set_new(
			j, "unconfirmed",
			api_page_json(items, x.more ? arena_printf(&r->arena, "%" PRId64,
								   x.items[x.n - 1].id)
						    : NULL));
	} else {
		json_decref(items);
	}
	if (status == 201)
		res_header(
			r, "Location",
			arena_printf(&r->arena, "/api/v1/admissions/reregistrations/%" PRId64, id));
	api_audit_reply(r, x.audit, x.naudit, status, j, NULL);
}

void api_reregistrations_get(struct req *r)
{
	int64_t id, after = 0, limit = 0;
	if (api_path_id_or_reply(r, "id", &id) &&
	    api_query_id_or_reply(r, "after", false, INT64_MAX, &after) &&
	    api_query_int_or_reply(r, "limit", 1, 500, 100, &limit))
		reply_view(r, 200, id, after, (int)limit);
}

/* ---- open a campaign ---- */

static void create_finish(struct req *r, int rc, void *arg)
{
	struct rereg_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_view(r, 201, x->id, 0, 100);
}

static int instant_get(json_t *body, const char *key, int64_t *out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, true, 40, &s, p);
	if (!rc && !round_instant_parse(s, out))
		rc = problem_set(p, P_INVALID, key,
				 "An instant is written like 2026-05-04T08:00:00+04:30 or "
				 "2026-05-04T03:30:00Z.");
	return rc;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct rereg_create *x = ctx;
	const char *org = NULL, *year = NULL;
	int rc = json_get_string(body, "org", true, 32, &org, &x->p);
	if (!rc)
		rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = instant_get(body, "opens_at", &x->opens_at, &x->p);
	if (!rc)
		rc = instant_get(body, "closes_at", &x->closes_at, &x->p);
	if (!rc && (!(x->org = arena_strdup(&r->arena, org)) ||
		    !(x->school_year = arena_strdup(&r->arena, year))))
		rc = problem_err(&x->p, ERR_NOMEM);
	return rc;
}

void api_reregistrations_create(struct req *r)
{
	struct rereg_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, rereg_create_tx, create_finish);
}

/* ---- a guardian's side ---- */

void api_reregistrations_mine(struct req *r)
{
	struct rereg_mine x = {0};
	int rc = rereg_mine_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++) {
		const struct rereg_item *it = &x.items[i];
		json_t *guardians = json_array();
		for (int k = 0; k < it->nguardians; k++)
			json_array_append_new(guardians,
					      json_pack("{s:s, s:s}", "username",
							it->guardians[k].username, "relation",
							it->guardians[k].relation));
		json_t *j = json_pack(
			"{s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o}",
			"campaign", campaign_json(&r->arena, &it->campaign), "student",
			(json_int_t)it->student, "given_name", it->given_name, "family_name",
			it->family_name, "birth_date", it->birth_date, "sex", it->sex, "school",
			it->school, "school_name", it->school_name, "grade", it->grade,
			"next_grade", it->next_grade ? json_integer(it->next_grade) : json_null(),
			"class", string_or_null(it->class_name), "guardians", guardians,
			"confirmation", confirmation_json(&it->confirmed));
		json_array_append_new(items, j);
	}
	api_audit_reply(r, x.audit, x.naudit, 200, json_pack("{s:o}", "items", items), NULL);
}

static void confirm_finish(struct req *r, int rc, void *arg)
{
	struct rereg_confirm *x = arg;
	struct rereg_confirmation_view v = {.id = x->id};
	if (!rc)
		rc = rereg_confirmation_read(api_app(r)->db, &r->arena, &v);
	if (rc) {
		api_problem(r, rc, x->p.code ? &x->p : &v.p);
		return;
	}
	json_t *versions = json_array();
	for (int i = 0; i < v.nversions; i++)
		json_array_append_new(versions, confirmation_json(&v.versions[i]));
	const struct rereg_confirmation *cur = v.nversions ? &v.versions[v.nversions - 1] : NULL;
	json_t *j = json_pack(
		"{s:I, s:I, s:I, s:i, s:o, s:o}", "id", (json_int_t)v.id, "campaign",
		(json_int_t)v.campaign_id, "student", (json_int_t)v.student, "version", v.version,
		"corrections",
		string_or_null(cur && cur->version == v.version ? cur->corrections : NULL),
		"versions", versions);
	api_json(r, 201, j);
}

static int confirm_decode(struct req *r, json_t *body, void *ctx)
{
	struct rereg_confirm *x = ctx;
	const char *corrections = NULL;
	int rc = json_get_int(body, "student", true, 1, INT64_MAX, &x->student, &x->p);
	if (!rc)
		rc = json_get_string(body, "corrections", false, REREG_CORRECTIONS_MAX,
				     &corrections, &x->p);
	if (!rc && corrections && *corrections &&
	    !(x->corrections = arena_strdup(&r->arena, corrections)))
		rc = problem_err(&x->p, ERR_NOMEM);
	return rc;
}

void api_reregistrations_confirm(struct req *r)
{
	struct rereg_confirm *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->campaign_id))
		return;
	x->by = api_actor(r);
	if (!api_idempotency_key_or_reply(r, REREG_KEY_MAX, &x->key))
		return;
	api_write_body(r, confirm_decode, x, &x->p, rereg_confirm_tx, confirm_finish);
}
