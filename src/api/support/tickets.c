/*
 * tickets.c: support tickets over HTTP (docs/support.md, "Tickets").
 *
 *   POST /api/v1/support/tickets               file one (Idempotency-Key:
 *        a retry by the same account gets the first answer)
 *   GET  /api/v1/support/tickets               ?view=mine|queue|history
 *        &org=&status=open,answered&overdue=1&q=&after=&limit=
 *   GET  /api/v1/support/tickets/{id}          one, with its thread
 *   POST /api/v1/support/tickets/{id}/messages {"body","kind"}
 *   POST /api/v1/support/tickets/{id}/status   {"status","reason"?}
 *   POST /api/v1/support/tickets/{id}/escalate  {"reason"}
 *   POST /api/v1/support/tickets/{id}/send-back {"reason"}
 *
 * The rules are domain/support/ticket.h's and access.h's. The clock's
 * instant is taken when the request arrives.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "api/support/support.h"
#include "domain/common/instant.h"
#include "domain/support/ticket.h"

static const char *copy(struct req *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

static void reply_ticket(struct req *r, int status, const struct support_ticket *t)
{
	if (status == 201)
		res_header(r, "Location",
			   arena_printf(&r->arena, "/api/v1/support/tickets/%" PRId64, t->id));
	api_json(r, status, support_ticket_json(t, false));
}

/* ---- create ---- */

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_ticket_create *x = ctx;
	const char *category = NULL, *subject = NULL, *text = NULL, *org = NULL;
	int64_t student = 0;
	int rc = json_get_string(body, "category", true, 64, &category, &x->p);
	if (!rc)
		rc = json_get_string(body, "subject", true, SUPPORT_SUBJECT_MAX, &subject, &x->p);
	if (!rc)
		rc = json_get_string(body, "body", true, SUPPORT_BODY_MAX, &text, &x->p);
	if (!rc)
		rc = json_get_int(body, "student", false, 1, INT64_MAX, &student, &x->p);
	if (!rc)
		rc = json_get_string(body, "org", false, 64, &org, &x->p);
	if (rc)
		return rc;
	x->category = copy(r, category);
	x->subject = copy(r, subject);
	x->body = copy(r, text);
	x->org = copy(r, org);
	x->student = student;
	if (!x->category || !x->subject || !x->body || (org && !x->org))
		return problem_err(&x->p, ERR_NOMEM);
	return ERR_OK;
}

static void create_finish(struct req *r, int rc, void *arg)
{
	struct support_ticket_create *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_ticket(r, 201, &x->t); /* a retry: the first answer again */
}

void api_support_tickets_create(struct req *r)
{
	int64_t now = time_now_ms();
	struct support_ticket_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->now = now;
	x->lang = language_pick(req_header(r, "Accept-Language"));
	const char *key = req_header(r, "Idempotency-Key");
	if (key && (!*key || strlen(key) > SUPPORT_KEY_MAX)) {
		res_error(r, P_INVALID, "Idempotency-Key",
			  "An Idempotency-Key is 1 to 200 characters.");
		return;
	}
	x->key = copy(r, key);
	if (key && !x->key) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	/* Decode, plan in a read snapshot, then write only the rows: the
	 * writer's transaction holds no look-up (docs/support.md, "Tickets"). */
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int rc = create_decode(r, body, x);
	json_decref(body);
	if (!rc)
		rc = support_ticket_create_read(api_app(r)->db, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, support_ticket_create_tx, x, create_finish);
}

/* ---- reads ---- */

void api_support_tickets_get(struct req *r)
{
	struct support_ticket_view x = {0};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = support_ticket_view_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_audit_decision_reply(r, x.audit, x.naudit, x.d.allowed, 200,
				 x.d.allowed ? support_ticket_json(&x.t, true) : NULL, &x.p);
}

static bool status_valid(const char *s, size_t n)
{
	static const char *const all[] = {"open", "answered", "waiting", "resolved", "closed"};
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (strlen(all[i]) == n && !strncmp(all[i], s, n))
			return true;
	return false;
}

/* "open,answered" as ",open,answered," in the arena, or answer 422. */
static bool statuses_or_reply(struct req *r, const char *in, const char **out)
{
	*out = NULL;
	if (!in || !*in)
		return true;
	if (strlen(in) > 100) {
		res_error(r, P_UNKNOWN_VALUE, "status", NULL);
		return false;
	}
	for (const char *s = in; *s;) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (!status_valid(s, n)) {
			res_error(r, P_UNKNOWN_VALUE, "status",
				  "A status is open, answered, waiting, resolved or closed.");
			return false;
		}
		s += n + (e ? 1 : 0);
	}
	*out = arena_printf(&r->arena, ",%s,", in);
	return *out != NULL;
}

void api_support_tickets_list(struct req *r)
{
	struct support_ticket_list x = {.now = time_now_ms()};
	int64_t limit = 50;
	if (!api_query_id_or_reply(r, "after", false, INT64_MAX, &x.after) ||
	    !api_query_int_or_reply(r, "limit", 1, 200, 50, &limit))
		return;
	x.limit = (int)limit;
	const char *view = req_query(r, "view");
	x.view = view && *view ? view : "mine";
	if (strcmp(x.view, "mine") && strcmp(x.view, "queue") && strcmp(x.view, "history")) {
		res_error(r, P_UNKNOWN_VALUE, "view", "The view is mine, queue or history.");
		return;
	}
	const char *org = req_query(r, "org"), *q = req_query(r, "q"),
		   *overdue = req_query(r, "overdue");
	x.org = org && *org ? org : NULL;
	x.q = q && *q ? q : NULL;
	if (x.q && strlen(x.q) > 200) {
		res_error(r, P_TOO_LONG, "q", NULL);
		return;
	}
	if (overdue && *overdue && strcmp(overdue, "0") && strcmp(overdue, "1")) {
		res_error(r, P_INVALID, "overdue", "overdue is 0 or 1.");
		return;
	}
	x.overdue = overdue && !strcmp(overdue, "1");
	if (!statuses_or_reply(r, req_query(r, "status"), &x.statuses))
		return;
	int rc = support_ticket_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < x.n; i++)
		json_array_append_new(items, support_ticket_json(&x.items[i], false));
	const char *next = x.next ? arena_printf(&r->arena, "%" PRId64, x.next) : NULL;
	api_audit_reply(r, x.audit, x.naudit, 200, api_page_json(items, next), NULL);
}

/* ---- messages ---- */

static int message_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_message_post *x = ctx;
	const char *text = NULL, *kind = NULL;
	int rc = json_get_string(body, "body", true, SUPPORT_BODY_MAX, &text, &x->p);
	if (!rc)
		rc = json_get_string(body, "kind", false, 16, &kind, &x->p);
	if (rc)
		return rc;
	if (kind && strcmp(kind, "reply") && strcmp(kind, "note"))
		return problem_set(&x->p, P_UNKNOWN_VALUE, "kind",
				   "A message is a reply or a note.");
	x->kind = kind && !strcmp(kind, "note") ? "note" : "reply";
	x->body = copy(r, text);
	return x->body ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

static void message_finish(struct req *r, int rc, void *arg)
{
	struct support_message_post *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_ticket(r, 201, &x->t);
}

void api_support_tickets_message(struct req *r)
{
	int64_t now = time_now_ms();
	struct support_message_post *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = now;
	api_write_body(r, message_decode, x, &x->p, support_message_post_tx, message_finish);
}

/* ---- status ---- */

static int status_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_status_change *x = ctx;
	const char *status = NULL, *reason = NULL;
	int rc = json_get_string(body, "status", true, 16, &status, &x->p);
	if (!rc)
		rc = json_get_string(body, "reason", false, SUPPORT_REASON_MAX, &reason, &x->p);
	if (rc)
		return rc;
	if (strcmp(status, "waiting") && strcmp(status, "open") && strcmp(status, "resolved") &&
	    strcmp(status, "closed"))
		return problem_set(&x->p, P_UNKNOWN_VALUE, "status",
				   "The status is waiting, open, resolved or closed.");
	x->status = copy(r, status);
	x->reason = copy(r, reason);
	return x->status && (!reason || x->reason) ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

static void status_finish(struct req *r, int rc, void *arg)
{
	struct support_status_change *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_ticket(r, 200, &x->t);
}

void api_support_tickets_status(struct req *r)
{
	int64_t now = time_now_ms();
	struct support_status_change *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = now;
	api_write_body(r, status_decode, x, &x->p, support_status_change_tx, status_finish);
}

/* ---- escalate, send back ---- */

static int move_decode(struct req *r, json_t *body, void *ctx)
{
	struct support_ticket_move *x = ctx;
	const char *reason = NULL;
	int rc = json_get_string(body, "reason", false, SUPPORT_REASON_MAX, &reason, &x->p);
	if (rc)
		return rc;
	bool blank = true;
	for (const char *s = reason; s && *s && blank; s++)
		blank = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
	if (blank)
		return problem_set(&x->p, P_SUPPORT_REASON_REQUIRED, "reason", NULL);
	x->reason = copy(r, reason);
	return x->reason ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

static void move_finish(struct req *r, int rc, void *arg)
{
	struct support_ticket_move *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_ticket(r, 200, &x->t);
}

static void move(struct req *r, int dir)
{
	int64_t now = time_now_ms();
	struct support_ticket_move *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = now;
	x->dir = dir;
	api_write_body(r, move_decode, x, &x->p, support_ticket_move_by_hand_tx, move_finish);
}

void api_support_tickets_escalate(struct req *r)
{
	move(r, +1);
}

void api_support_tickets_send_back(struct req *r)
{
	move(r, -1);
}
