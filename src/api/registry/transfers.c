/*
 * transfers.c: moving students between schools over HTTP.
 *
 *   POST /api/v1/students/{id}/transfers   the receiving school asks
 *   GET  /api/v1/transfers?school=&status= a school's transfers, newest first
 *   GET  /api/v1/transfers/{id}
 *   POST /api/v1/transfers/{id}/approve    the sending school approves
 *   POST /api/v1/transfers/{id}/refuse     either school refuses, with a reason
 *
 * Scope and audit are the domain's (src/domain/registry/transfer.h): a
 * transfer is the data of both schools; each read, list item and decision
 * is an audit entry on the student.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/registry/transfer.h"

json_t *api_transfer_json(struct arena *a, const struct transfer *t)
{
	char req[32], dec[32];
	time_iso8601(t->requested_at, req, sizeof(req));
	time_iso8601(t->decided_at, dec, sizeof(dec));
	UNUSED(a);
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s?, s:s}", "id", (json_int_t)t->id,
			      "student", (json_int_t)t->person_id, "from_school", t->from_school,
			      "to_school", t->to_school, "date", t->date, "status", t->status,
			      "reason", t->reason, "requested_at", req);
	if (j)
		json_object_set_new(j, "decided_at",
				    t->decided_at ? json_string(dec) : json_null());
	return j;
}

/* The answer to a write of a transfer: its problem p if it failed (rc), or
 * else the transfer as stored now (201 with its Location after a create). */
static void reply_transfer(struct req *r, int rc, const struct problem *p, int status, int64_t id)
{
	struct transfer t;
	if (!rc) {
		p = NULL; /* a failed load is not the write's problem */
		rc = transfer_load(api_app(r)->db, &r->arena, id, &t);
	}
	if (rc) {
		api_problem(r, rc, p);
		return;
	}
	if (status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/transfers/%" PRId64, id));
	api_json(r, status, api_transfer_json(&r->arena, &t));
}

/* ---- ask ---- */

static void request_finish(struct req *r, int rc, void *arg)
{
	struct transfer_request *x = arg;
	reply_transfer(r, rc, &x->p, 201, x->id);
}

/* The body of a request: the school asked for and the date. */
static int request_decode(struct req *r, json_t *body, void *ctx)
{
	struct transfer_request *x = ctx;
	const char *to = NULL, *date = NULL;
	UNUSED(r);
	int rc = json_get_string(body, "to_school", true, 32, &to, &x->p);
	if (!rc)
		rc = json_get_string(body, "date", true, 32, &date, &x->p);
	if (!rc)
		rc = student_date_parse(date, "date", x->date, &x->p);
	if (!rc)
		snprintf(x->to, sizeof(x->to), "%s", to);
	return rc;
}

void api_transfers_request(struct req *r)
{
	struct transfer_request *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->student))
		return;
	x->by = api_actor(r);
	api_write_body(r, request_decode, x, &x->p, transfer_request_tx, request_finish);
}

/* ---- read ---- */

void api_transfers_get(struct req *r)
{
	int64_t id;
	if (!api_path_id_or_reply(r, "id", &id))
		return;
	struct transfer_view x;
	int rc = transfer_read(api_app(r)->db, api_actor(r), id, &x);
	api_audit_reply(r, x.audit, x.audit ? 1 : 0, 200,
			rc ? NULL : api_transfer_json(&r->arena, &x.t), rc ? &x.p : NULL);
}

void api_transfers_list(struct req *r)
{
	struct transfer_list x = {.school = req_query(r, "school"),
				  .status = req_query(r, "status"),
				  .after = req_query(r, "after")};
	int rc = transfer_list(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, api_transfer_json(&r->arena, &x.items[i]));
	api_audit_reply(r, x.audit, (size_t)x.n, 200, api_page_json(items, x.next), NULL);
}

/* ---- decide ---- */

static void decide_finish(struct req *r, int rc, void *arg)
{
	struct transfer_decision *x = arg;
	reply_transfer(r, rc, &x->p, 200, x->id);
}

/* The body of a refusal: the reason. */
static int refusal_decode(struct req *r, json_t *body, void *ctx)
{
	struct transfer_decision *x = ctx;
	const char *reason = NULL;
	int rc = json_get_string(body, "reason", true, 500, &reason, &x->p);
	x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
	if (!rc && !x->reason)
		rc = problem_err(&x->p, ERR_NOMEM);
	return rc;
}

/* Approve, or refuse with the body's reason. */
static void decide(struct req *r, bool approve)
{
	struct transfer_decision *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	if (approve)
		api_write(r, transfer_decide_tx, x, decide_finish);
	else
		api_write_body(r, refusal_decode, x, &x->p, transfer_decide_tx, decide_finish);
}

void api_transfers_approve(struct req *r)
{
	decide(r, true);
}

void api_transfers_refuse(struct req *r)
{
	decide(r, false);
}
