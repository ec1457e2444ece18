/*
 * transfers.c: moving students between schools.
 *
 *   POST /api/v1/students/{id}/transfers   the receiving school asks
 *   GET  /api/v1/transfers?school=&status= a school's transfers, newest first
 *   GET  /api/v1/transfers/{id}
 *   POST /api/v1/transfers/{id}/approve    the sending school approves
 *   POST /api/v1/transfers/{id}/refuse     either school refuses, with a reason
 *
 * Scope is decided by src/domain/access.h on the schools' org paths (a
 * transfer is the data of both schools); each read, list item and decision
 * is an audit entry on the student (src/api/audit.c).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/registry/student.h"
#include "domain/common/text.h"
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
		json_object_set_new(j, "decided_at", t->decided_at ? json_string(dec) : json_null());
	return j;
}

struct request {
	struct req *r;
	int64_t student, id;
	char to[33];
	char date[11];
	const char *reason;
	struct problem p;
};

static int request_write(struct db_conn *c, void *arg)
{
	struct request *x = arg;
	struct org_ref to;
	int rc = school_ref(c, x->to, &to, &x->p);
	if (rc) {
		x->p.field = "to_school";
		return rc;
	}
	struct access_decision d;
	access_org(api_principal(x->r), ACCESS_WRITE, to.path, &d);
	if (!d.allowed) {
		struct audit_entry *e = arena_calloc(&x->r->arena, 1, sizeof(*e));
		if (!e)
			return problem_err(&x->p, ERR_NOMEM);
		api_audit_fill(x->r, &d, "transfer.request", x->student, e);
		e->subject = arena_strdup(&x->r->arena, x->to);
		api_write_refused(x->r, e);
		return problem_set(&x->p, P_OUT_OF_SCOPE, "to_school", "Only the receiving school (or an office above it) asks for a "
				   "transfer.");
	}
	struct student s;
	rc = student_get(c, &x->r->arena, x->student, &s);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	if (rc)
		return problem_err(&x->p, rc);
	rc = api_audit_in_job(c, x->r, &d, "transfer.request", x->student, x->to);
	if (rc)
		return problem_err(&x->p, rc);
	return transfer_request(c, x->student, &to, x->date, api_principal(x->r)->user_id, &x->id,
				&x->p);
}

struct read_transfer {
	struct req *r;
	int64_t id;
	struct transfer t;
};

static int transfer_read(struct db_conn *c, void *arg)
{
	struct read_transfer *x = arg;
	return transfer_get(c, &x->r->arena, x->id, &x->t);
}

static void reply_transfer(struct req *r, int status, int64_t id)
{
	struct read_transfer x = { .r = r, .id = id };
	int rc = db_read(api_app(r)->db, transfer_read, &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (status == 201)
		res_header(r, "Location", arena_printf(&r->arena, "/api/v1/transfers/%" PRId64, id));
	res_json(r, status, api_transfer_json(&r->arena, &x.t));
}

static void request_finish(struct req *r, int rc, void *arg)
{
	struct request *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_transfer(r, 201, x->id);
}

void api_transfers_request(struct req *r)
{
	struct request *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->student))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *to = NULL, *date = NULL;
	int rc = json_get_string(body, "to_school", true, 32, &to, &x->p);
	if (!rc)
		rc = json_get_string(body, "date", true, 32, &date, &x->p);
	if (!rc) {
		char ascii[32];
		int y, m, d;
		if (text_digits_ascii(date, ascii, sizeof(ascii)) ||
		    !date_parse_iso(ascii, &y, &m, &d))
			rc = problem_set(&x->p, P_INVALID, "date", "Write the date as YYYY-MM-DD.");
		else
			snprintf(x->date, sizeof(x->date), "%04d-%02d-%02d", y, m, d);
	}
	if (!rc)
		snprintf(x->to, sizeof(x->to), "%s", to);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, request_write, x, request_finish);
}

/* May the caller act on a transfer: either school's reach will do. */
static void transfer_access(const struct principal *who, enum access_action act,
			    const struct transfer *t, struct access_decision *d)
{
	access_org(who, act, t->from_path, d);
	if (!d->allowed) {
		struct access_decision to;
		access_org(who, act, t->to_path, &to);
		if (to.allowed || to.visible)
			*d = to;
	}
}

void api_transfers_get(struct req *r)
{
	struct read_transfer x = { .r = r };
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = db_read(api_app(r)->db, transfer_read, &x);
	struct access_decision d;
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(r), &d);
		rc = ERR_OK;
	} else if (!rc) {
		transfer_access(api_principal(r), ACCESS_READ, &x.t, &d);
	}
	struct audit_entry *e = rc ? NULL : arena_calloc(&r->arena, 1, sizeof(*e));
	if (!rc && !e)
		rc = ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	api_audit_fill(r, &d, "transfer.read", d.allowed ? x.t.person_id : 0, e);
	e->subject = arena_printf(&r->arena, "transfer %" PRId64, x.id);
	if (!d.allowed) {
		struct problem p;
		problem_set(&p, P_NOT_FOUND, NULL, "No such transfer.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	api_audit_reply(r, e, 1, 200, api_transfer_json(&r->arena, &x.t), NULL);
}

/* Approve or refuse: who may decide is checked against the transfer as
 * committed, inside the write. */
static int decide_write(struct db_conn *c, void *arg)
{
	struct request *x = arg;
	struct transfer t;
	int rc = transfer_get(c, &x->r->arena, x->id, &t);
	const struct principal *who = api_principal(x->r);
	const char *action = x->reason ? "transfer.refuse" : "transfer.approve";
	struct access_decision from, to, d;
	if (rc == ERR_NOTFOUND) {
		access_absent(who, &d);
	} else if (rc == ERR_OK) {
		access_org(who, ACCESS_WRITE, t.from_path, &from);
		access_org(who, ACCESS_WRITE, t.to_path, &to);
		/* Approving is the sending school's; refusing either school's. */
		d = from.allowed || x->reason ? (from.allowed ? from : to) : from;
		d.visible = from.visible || to.visible;
	}
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	if (rc || !d.allowed) {
		struct audit_entry *e = arena_calloc(&x->r->arena, 1, sizeof(*e));
		if (!e)
			return problem_err(&x->p, ERR_NOMEM);
		api_audit_fill(x->r, &d, action, rc ? 0 : t.person_id, e);
		e->subject = arena_printf(&x->r->arena, "transfer %" PRId64, x->id);
		api_write_refused(x->r, e);
		if (rc || !d.visible)
			return problem_set(&x->p, P_NOT_FOUND, NULL, "No such transfer.");
		return problem_set(&x->p, P_FORBIDDEN, NULL, x->reason ? "Only the two schools may refuse a transfer."
					     : "Only the sending school approves a transfer.");
	}
	rc = api_audit_in_job(c, x->r, &d, action, t.person_id,
			      arena_printf(&x->r->arena, "transfer %" PRId64, x->id));
	if (rc)
		return problem_err(&x->p, rc);
	if (x->reason)
		return transfer_refuse(c, x->id, x->reason, who->user_id, &x->p);
	return transfer_approve(c, x->id, who->user_id, &x->p);
}

static void decide_finish(struct req *r, int rc, void *arg)
{
	struct request *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_transfer(r, 200, x->id);
}

static void decide(struct req *r, bool approve)
{
	struct request *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	if (!approve) {
		json_t *body = req_json_or_reply(r);
		if (!body)
			return;
		const char *reason = NULL;
		int rc = json_get_string(body, "reason", true, 500, &reason, &x->p);
		x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
		json_decref(body);
		if (rc) {
			api_problem(r, rc, &x->p);
			return;
		}
	}
	api_write(r, decide_write, x, decide_finish);
}

void api_transfers_approve(struct req *r)
{
	decide(r, true);
}

void api_transfers_refuse(struct req *r)
{
	decide(r, false);
}

struct list {
	struct req *r;
	const char *school, *status;
	int64_t before;
	int limit;
	json_t *items;
	int64_t last;
	int n;
	struct access_decision d;
	struct audit_entry *e; /* one per item */
	struct problem p;
};

static int list_read(struct db_conn *c, void *arg)
{
	struct list *x = arg;
	struct org_ref school;
	int rc = school_ref(c, x->school, &school, &x->p);
	if (rc)
		return rc;
	access_org(api_principal(x->r), ACCESS_LIST, school.path, &x->d);
	if (!x->d.allowed)
		return problem_set(&x->p, P_OUT_OF_SCOPE, "school", "This school is outside your reach.");
	x->e = arena_calloc(&x->r->arena, (size_t)x->limit + 1, sizeof(*x->e));
	if (!x->e)
		return ERR_NOMEM;
	struct db_val v[] = { DBV_INT(school.id), DBV_INT(school.id), DBV_TEXT(x->status),
			      DBV_TEXT(x->status), DBV_INT(x->before), DBV_INT(x->limit + 1) };
	struct db_res res;
	rc = db_query(c, Q_TRANSFERS_OF_SCHOOL, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct transfer t;
		if (transfer_read_row(&res, &x->r->arena, &t))
			continue;
		if (++x->n > x->limit)
			break;
		x->last = t.id;
		api_audit_fill(x->r, &x->d, "transfer.list", t.person_id, &x->e[x->n - 1]);
		x->e[x->n - 1].subject = arena_printf(&x->r->arena, "transfer %" PRId64, t.id);
		json_array_append_new(x->items, api_transfer_json(&x->r->arena, &t));
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

void api_transfers_list(struct req *r)
{
	struct list x = { .r = r, .limit = 100, .before = INT64_MAX };
	x.school = req_query(r, "school");
	x.status = req_query(r, "status");
	if (!x.status)
		x.status = "";
	if (!x.school || !*x.school) {
		res_error(r, P_REQUIRED, "school", "Name the school (its code).");
		return;
	}
	static const char *const statuses[] = { "", "requested", "approved", "refused" };
	bool ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		ok |= !strcmp(x.status, statuses[i]);
	if (!ok) {
		res_error(r, P_INVALID, "status", "Status is requested, approved or refused.");
		return;
	}
	const char *before = req_query(r, "after");
	if (before && *before) {
		char *end;
		long long v = strtoll(before, &end, 10);
		if (*end || v <= 0) {
			res_error(r, P_INVALID, "after", "This paging cursor is not valid.");
			return;
		}
		x.before = v;
	}
	x.items = json_array();
	int rc = db_read(api_app(r)->db, list_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *j = json_pack("{s:o}", "items", x.items);
	json_object_set_new(j, "next", x.n > x.limit ? json_string(arena_printf(&r->arena, "%" PRId64, x.last))
						     : json_null());
	api_audit_reply(r, x.e, (size_t)(x.n > x.limit ? x.limit : x.n), 200, j, NULL);
}
