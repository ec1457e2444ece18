/*
 * audit.c: the access log over HTTP, and the helpers every handler uses to
 * decide access (src/domain/access.h) and record it (src/domain/audit.h).
 *
 *   GET /api/v1/audit?student=ID&limit=&after=   one student's trail, newest first
 *
 * Reads answer only once their audit entries are durable: the entries go
 * into a write job of the group commit (the request is suspended meanwhile;
 * one job carries every read waiting, see enqueue()), so no read escapes the log, and a read whose entries cannot be stored is
 * answered 503 without the data. Writes append their entry in the same
 * transaction as the change. Refusals are recorded too: a refused read
 * with its own job, a refused write after its transaction is undone.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/registry/student.h"

#include <pthread.h>

/* ---- GET /api/v1/audit ---- */

struct trail {
	struct req *r;
	int64_t student, after;
	int limit;
	struct access_decision d;
	json_t *items;
	int n;
	int64_t last;
};

static int trail_read(struct db_conn *c, void *arg)
{
	struct trail *x = arg;
	struct student s;
	int rc = student_get(c, &x->r->arena, x->student, &s);
	if (rc == ERR_NOTFOUND) {
		/* Refused like an unreachable student: same answer, same entry. */
		memset(&x->d, 0, sizeof(x->d));
		const struct principal *who = api_principal(x->r);
		x->d.grant = who->ngrants ? &who->grants[0] : NULL;
		return ERR_OK;
	}
	if (rc)
		return rc;
	rc = access_student(c, api_principal(x->r), ACCESS_AUDIT, x->student, s.school_path,
			    &x->d);
	if (rc || !x->d.allowed)
		return rc;
	struct db_val v[] = { DBV_INT(x->student), DBV_INT(x->after), DBV_INT(x->limit + 1) };
	struct db_res res;
	rc = db_query(c, Q_AUDIT_OF_PERSON, v, ARRAY_SIZE(v), &res);
	int step = 0;
	struct arena *a = &x->r->arena;
	while (!rc && (step = db_next(&res)) == 1) {
		if (++x->n > x->limit)
			break;
		char at[32];
		time_iso8601(db_int(&res, 1), at, sizeof(at));
		x->last = db_int(&res, 0);
		json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b, s:s}", "id",
				       (json_int_t)x->last, "at", at, "username",
				       db_text(&res, 2, NULL), "role", db_text(&res, 3, NULL),
				       "action", db_text(&res, 5, NULL), "student",
				       (json_int_t)db_int(&res, 6), "allowed",
				       (int)(db_int(&res, 7) != 0), "ip", db_text(&res, 8, NULL));
		if (!it)
			continue;
		json_object_set_new(it, "org", db_null(&res, 4)
						       ? json_null()
						       : json_string(arena_strdup(a, db_text(&res, 4, NULL))));
		json_array_append_new(x->items, it);
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

/* A positive integer query parameter, or answer 422 on `name`. */
static bool query_id_or_reply(struct req *r, const char *name, bool required, int64_t max,
			      int64_t *out)
{
	const char *s = req_query(r, name);
	if (!s || !*s) {
		if (required)
			res_error(r, P_REQUIRED, name, "This parameter is required.");
		return !required;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > max) {
		res_error(r, P_INVALID, name, "This must be a positive whole number in range.");
		return false;
	}
	*out = v;
	return true;
}

void api_audit_list(struct req *r)
{
	struct trail x = { .r = r, .after = INT64_MAX };
	int64_t limit = 50;
	if (!query_id_or_reply(r, "student", true, INT64_MAX, &x.student) ||
	    !query_id_or_reply(r, "limit", false, 500, &limit) ||
	    !query_id_or_reply(r, "after", false, INT64_MAX, &x.after))
		return;
	x.limit = (int)limit;
	x.items = json_array();
	int rc = db_read(api_app(r)->db, trail_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, NULL);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		json_decref(x.items);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, &x.d, "audit.read", x.student, e);
	if (!x.d.allowed) {
		json_decref(x.items);
		struct problem p;
		if (x.d.visible)
			problem_set(&p, P_FORBIDDEN, NULL, "Your role may not read this student's audit trail.");
		else
			problem_set(&p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	json_t *j = json_pack("{s:o}", "items", x.items);
	json_object_set_new(j, "next",
			    x.n > x.limit ? json_string(arena_printf(&r->arena, "%" PRId64, x.last))
					  : json_null());
	api_audit_reply(r, e, 1, 200, j, NULL);
}
