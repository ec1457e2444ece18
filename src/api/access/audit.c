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
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/registry/student.h"

#include <pthread.h>

void api_audit_fill(struct req *r, const struct access_decision *d, const char *action,
		    int64_t person_id, struct audit_entry *e)
{
	const struct principal *who = api_principal(r);
	memset(e, 0, sizeof(*e));
	e->user_id = who ? who->user_id : 0;
	e->username = who ? who->username : "";
	e->role = d && d->grant ? role_name(d->grant->role) : "";
	e->org_code = d && d->grant ? d->grant->org_code : NULL;
	e->action = action;
	e->person_id = person_id;
	e->allowed = d && d->allowed;
	e->ip = req_client(r);
}

/* ---- reads ---- */

struct audit_reply {
	struct audit_entry *e;
	size_t n;
	int status;
	json_t *body;
	const char *ctype, *raw; /* a body other than JSON */
	size_t rawlen;
	struct problem p;
};

/*
 * Reads' entries are appended in drains: a read suspends itself and joins
 * the queue; the first to find no drain pending submits one write job, and
 * that job, when the writer runs it, takes every read queued by then and
 * appends all their entries under one lock of the chain's head, in one
 * savepoint. Under load one drain carries the reads of a whole commit.
 */
struct audit_wait {
	struct req *r;
	struct audit_reply *x;
	int rc;
	struct audit_wait *next;
};

struct audit_drain {
	struct db_job job;
	struct audit_wait *first;
	bool taken;
};

static pthread_mutex_t drain_lock = PTHREAD_MUTEX_INITIALIZER;
static struct audit_wait *queued, **queued_tail = &queued;
static bool drain_pending;

static void drain_take(struct audit_drain *d)
{
	pthread_mutex_lock(&drain_lock);
	d->first = queued;
	queued = NULL;
	queued_tail = &queued;
	drain_pending = false;
	pthread_mutex_unlock(&drain_lock);
	d->taken = true;
}

static int drain_run(struct db_conn *c, void *arg)
{
	struct audit_drain *d = arg;
	if (!d->taken)
		drain_take(d);
	struct audit_chain ch;
	int rc = audit_chain_begin(c, &ch);
	for (struct audit_wait *w = d->first; !rc && w; w = w->next)
		rc = audit_chain_add(c, &ch, w->x->e, w->x->n);
	return rc ? rc : audit_chain_end(c, &ch);
}

static void drain_done(struct db_job *job)
{
	struct audit_drain *d = (struct audit_drain *)job;
	if (!d->taken) /* the batch failed before running the job */
		drain_take(d);
	for (struct audit_wait *w = d->first, *next; w; w = next) {
		next = w->next; /* w lives in the request's arena */
		w->rc = job->rc;
		req_resume(w->r);
	}
	free(d);
}

static void reply_finish(struct req *r, int rc, void *arg);

static void drain_resume(struct req *r)
{
	struct audit_wait *w = r->pending;
	r->pending = NULL;
	reply_finish(r, w->rc, w->x);
}

static void enqueue(struct req *r, struct audit_reply *x)
{
	struct audit_wait *w = arena_calloc(&r->arena, 1, sizeof(*w));
	if (!w) {
		reply_finish(r, ERR_NOMEM, x);
		return;
	}
	w->r = r;
	w->x = x;
	r->pending = w;
	struct audit_drain *d = calloc(1, sizeof(*d));
	/* Suspend before queueing: a drain may finish at once. */
	req_suspend(r, drain_resume);
	pthread_mutex_lock(&drain_lock);
	bool submit = !drain_pending && d;
	if (!drain_pending && !d) {
		/* No drain to carry it: the queue holds only this read. */
		pthread_mutex_unlock(&drain_lock);
		w->rc = ERR_NOMEM;
		req_resume(r);
		return;
	}
	*queued_tail = w;
	queued_tail = &w->next;
	drain_pending = true;
	pthread_mutex_unlock(&drain_lock);
	if (!submit) {
		free(d);
		return;
	}
	d->job.fn = drain_run;
	d->job.ctx = d;
	d->job.done = drain_done;
	db_submit(api_app(r)->db, &d->job);
}

static void reply_finish(struct req *r, int rc, void *arg)
{
	struct audit_reply *x = arg;
	if (rc) {
		json_decref(x->body);
		log_error("audit: cannot record %s %s: %s", r->method_str, r->path, err_str(rc));
		api_problem(r, rc == ERR_RETRY ? ERR_RETRY : ERR_DB, NULL);
		return;
	}
	if (x->body)
		res_json(r, x->status, x->body);
	else if (x->raw)
		res_body(r, x->status, x->ctype, x->raw, x->rawlen);
	else
		api_problem(r, x->p.err, &x->p);
}

void api_audit_reply(struct req *r, struct audit_entry *e, size_t n, int status, json_t *body,
		     const struct problem *p)
{
	struct audit_reply *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	*x = (struct audit_reply){ .e = e, .n = n, .status = status, .body = body };
	if (p)
		x->p = *p;
	if (!n) {
		reply_finish(r, ERR_OK, x);
		return;
	}
	enqueue(r, x);
}

void api_audit_body_reply(struct req *r, struct audit_entry *e, size_t n, int status,
			  const char *ctype, const char *body, size_t len)
{
	struct audit_reply *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	*x = (struct audit_reply){ .e = e, .n = n, .status = status, .ctype = ctype, .raw = body,
				   .rawlen = len };
	enqueue(r, x);
}

int api_student_read(struct db_conn *c, struct req *r, int64_t id, struct student *s,
		     struct access_decision *d)
{
	int rc = student_get(c, &r->arena, id, s);
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(r), d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	return access_student(c, api_principal(r), ACCESS_READ, id, s->school_path, d);
}

/* ---- writes ---- */

int api_audit_in_job(struct db_conn *c, struct req *r, const struct access_decision *d,
		     const char *action, int64_t person_id, const char *subject)
{
	struct audit_entry e;
	api_audit_fill(r, d, action, person_id, &e);
	e.subject = subject;
	return audit_append(c, &e, 1);
}

int api_access_write(struct db_conn *c, struct req *r, int64_t person_id, const char *school_path,
		     const char *action, struct problem *p)
{
	struct access_decision d;
	int rc = access_student(c, api_principal(r), ACCESS_WRITE, person_id, school_path, &d);
	if (rc)
		return problem_err(p, rc);
	if (d.allowed) {
		rc = api_audit_in_job(c, r, &d, action, person_id, NULL);
		return rc ? problem_err(p, rc) : ERR_OK;
	}
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e)
		return problem_err(p, ERR_NOMEM);
	api_audit_fill(r, &d, action, person_id, e);
	api_write_refused(r, e);
	if (!d.visible)
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	return problem_set(p, P_FORBIDDEN, NULL, "Your role may not change this student's record.");
}

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
