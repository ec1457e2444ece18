/*
 * audit.c: a student's audit trail over HTTP.
 *
 *   GET /api/v1/audit?student=ID&limit=&after=   one student's trail, newest first
 *
 * Who may read a trail is domain/access/audit.h's rule; reading it is
 * itself audited (audit.read) and answered once that entry is durable
 * (api_audit_reply).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/audit_trail.h"

static json_t *item_json(const struct audit_item *it)
{
	char at[32];
	time_iso8601(it->e.at, at, sizeof(at));
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b, s:s}", "id", (json_int_t)it->id,
			      "at", at, "username", it->e.username, "role", it->e.role, "action",
			      it->e.action, "student", (json_int_t)it->e.person_id, "allowed",
			      (int)it->e.allowed, "ip", it->e.ip);
	if (j)
		json_object_set_new(j, "org",
				    it->e.org_code ? json_string(it->e.org_code) : json_null());
	return j;
}

static json_t *trail_json(struct req *r, const struct audit_trail *x)
{
	json_t *items = json_array();
	for (int i = 0; i < x->n; i++)
		json_array_append_new(items, item_json(&x->items[i]));
	json_t *j =
		api_page_json(items, x->next ? arena_printf(&r->arena, "%" PRId64, x->next) : NULL);
	return j;
}

void api_audit_list(struct req *r)
{
	struct audit_trail *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	int64_t limit = 50;
	x->after = INT64_MAX;
	if (!api_query_id_or_reply(r, "student", true, INT64_MAX, &x->student) ||
	    !api_query_id_or_reply(r, "limit", false, 500, &limit) ||
	    !api_query_id_or_reply(r, "after", false, INT64_MAX, &x->after))
		return;
	x->limit = (int)limit;
	int rc = audit_trail(api_app(r)->db, x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	api_audit_decision_reply(r, &x->audit, 1, x->d.allowed, 200,
				 x->d.allowed ? trail_json(r, x) : NULL, &x->p);
}
