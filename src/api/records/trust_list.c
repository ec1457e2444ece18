/*
 * trust_list.c: GET /api/v1/trust-list[?school=], for anyone: which keys
 * sign records for which school and role, signed with the instance's
 * ministry key (trust.h). The instance's first list makes that key.
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/handlers.h"
#include "domain/records/trust.h"

static void trust_reply(struct req *r, int rc, struct trust_list_request *x)
{
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Cache-Control", "no-cache");
	api_json(r, 200, x->list);
}

static void key_made(struct req *r, int rc, void *arg)
{
	struct trust_list_request *x = arg;
	if (!rc)
		rc = trust_list_get(api_app(r)->db, x);
	trust_reply(r, rc, x);
}

void api_trust_list(struct req *r)
{
	struct trust_list_request *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->school = req_query(r, "school");
	if (x->school && !*x->school)
		x->school = NULL;
	x->now = time_now_unix();
	x->a = &r->arena;
	int rc = trust_list_get(api_app(r)->db, x);
	if (!rc && x->need_key)
		api_write(r, trust_list_key_tx, x, key_made);
	else
		trust_reply(r, rc, x);
}
