/*
 * reply.c: answering. A problem from the list (api_problem); a read whose
 * audit entries must be durable before its data leaves (api_audit_reply);
 * numeric path and query parameters (api_path_id_or_reply, ...); a page
 * of a list (api_page_json).
 *
 * Reads answer only once their audit entries are durable: the entries go
 * into a write job of the group commit (the request is suspended meanwhile;
 * one job carries every read waiting, see enqueue()), so no read escapes
 * the log, and a read whose entries cannot be stored is answered 503
 * without the data.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "domain/access/audit.h"
#include "domain/common/work.h"

#include <pthread.h>

void api_problem(struct req *r, int rc, const struct problem *p)
{
	struct problem q;
	if (!rc && (!p || p->id == P_NONE))
		rc = ERR_INTERNAL; /* nothing to tell: a slip, never garbage */
	if (!p || p->id == P_NONE || p->err != rc) {
		problem_err(&q, rc);
		p = &q;
	}
	/* Busy or short of memory: try again in a moment. A missing server
	 * secret (no second factor, no signing) is 503 too, but retrying will
	 * not help, so it says no time. */
	if (p->id == P_STORE_UNAVAILABLE) {
		/* Nothing was written. A PostgreSQL restart takes seconds; a full
		 * or read-only disk needs someone: /readyz says when it is over. */
		log_warn("%s %s: %s", r->method_str, r->path, p->code);
		res_header(r, "Retry-After", "5");
	} else if (p->status == 503 && p->id != P_TOTP_UNAVAILABLE &&
		   p->id != P_SIGNING_UNAVAILABLE) {
		res_header(r, "Retry-After", "1");
	} else if (p->status >= 500) {
		log_error("%s %s failed: %s (%s)", r->method_str, r->path, err_str(rc), p->code);
	}
	res_problem(r, p);
}

void api_json(struct req *r, int status, json_t *j)
{
	if (!j || json_alloc_failed()) {
		json_decref(j);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	res_json(r, status, j);
}

/* A whole number spelt in full by s (not NULL), into *v. */
static bool whole_number(const char *s, long long *v)
{
	char *end;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && end != s && !*end;
}

/* Parse the {id} path parameter or answer 404. */
bool api_path_id_or_reply(struct req *r, const char *name, int64_t *id)
{
	const char *s = req_param(r, name);
	long long v;
	if (!s || !whole_number(s, &v) || v <= 0) {
		res_error(r, P_NOT_FOUND, NULL, "There is nothing at this address.");
		return false;
	}
	*id = v;
	return true;
}

bool api_query_id_or_reply(struct req *r, const char *name, bool required, int64_t max,
			   int64_t *out)
{
	const char *s = req_query(r, name);
	if (!s || !*s) {
		if (required)
			res_error(r, P_REQUIRED, name, "This parameter is required.");
		return !required;
	}
	long long v;
	if (!whole_number(s, &v) || v <= 0 || v > max) {
		res_error(r, P_INVALID, name, "This must be a positive whole number in range.");
		return false;
	}
	*out = v;
	return true;
}

bool api_query_int_or_reply(struct req *r, const char *name, int64_t min, int64_t max, int64_t def,
			    int64_t *out)
{
	const char *s = req_query(r, name);
	*out = def;
	if (!s || !*s)
		return true;
	long long v;
	if (!whole_number(s, &v) || v < min || v > max) {
		res_error(r, P_OUT_OF_RANGE, name, "This number is out of range.");
		return false;
	}
	*out = v;
	return true;
}

json_t *api_page_json(json_t *items, const char *next)
{
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next", next ? json_string(next) : json_null());
	return j;
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
 * appends all their entries in one savepoint (chained under one lock of the
 * chain's head as the batch commits: audit_append). Under load one drain carries the reads of a
 * whole commit.
 */
struct audit_wait {
	struct req *r;
	struct audit_reply *x;
	int rc;
	struct audit_wait *next;
};

struct audit_drain {
	struct api_audit_queue *q; /* the server's queue (struct app) */
	struct audit_wait *first;
	bool taken;
};

static void drain_take(struct audit_drain *d)
{
	struct api_audit_queue *q = d->q;
	pthread_mutex_lock(&q->lock);
	d->first = q->first;
	q->first = q->last = NULL;
	q->pending = false;
	pthread_mutex_unlock(&q->lock);
	d->taken = true;
}

static int drain_run(struct db_conn *c, void *arg)
{
	struct audit_drain *d = arg;
	if (!d->taken)
		drain_take(d);
	int rc = ERR_OK;
	for (struct audit_wait *w = d->first; !rc && w; w = w->next)
		rc = audit_append(c, w->x->e, w->x->n);
	return rc;
}

static void drain_done(void *arg, int rc)
{
	struct audit_drain *d = arg;
	if (!d->taken) /* the batch failed before running the job */
		drain_take(d);
	for (struct audit_wait *w = d->first, *next; w; w = next) {
		next = w->next; /* w lives in the request's arena */
		w->rc = rc;
		req_resume(w->r);
	}
	free(d);
}

static void reply_finish(struct req *r, int rc, void *arg);

static void drain_resume(struct req *r)
{
	struct audit_wait *w = r->pending;
	r->pending = NULL;
	api_failalloc_resume(r);
	json_alloc_reset();
	reply_finish(r, w->rc, w->x);
	api_failalloc_done();
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
	struct api_audit_queue *q = &api_app(r)->audit_queue;
	struct audit_drain *d = calloc(1, sizeof(*d));
	if (d)
		d->q = q;
	/* Suspend before queueing: a drain may finish at once. */
	req_suspend(r, drain_resume);
	pthread_mutex_lock(&q->lock);
	bool submit = !q->pending && d;
	if (!q->pending && !d) {
		/* No drain to carry it: the queue holds only this read. */
		pthread_mutex_unlock(&q->lock);
		w->rc = ERR_NOMEM;
		req_resume(r);
		return;
	}
	if (q->last)
		q->last->next = w;
	else
		q->first = w;
	q->last = w;
	q->pending = true;
	pthread_mutex_unlock(&q->lock);
	if (!submit) {
		free(d);
		return;
	}
	/* A drain may run again: it keeps the reads it took and re-reads the
	 * chain's head in its new transaction. */
	if (work_submit_rerunnable(api_app(r)->db, NULL, drain_run, d, drain_done, d)) {
		/* Not queued: no drain is pending after all; fail what waits. */
		pthread_mutex_lock(&q->lock);
		q->pending = false;
		pthread_mutex_unlock(&q->lock);
		drain_take(d);
		drain_done(d, ERR_NOMEM);
	}
}

static void reply_finish(struct req *r, int rc, void *arg)
{
	struct audit_reply *x = arg;
	if (rc) {
		json_decref(x->body);
		log_error("audit: cannot record %s %s: %s", r->method_str, r->path, err_str(rc));
		api_problem(r,
			    rc == ERR_RETRY || rc == ERR_NOMEM || rc == ERR_UNAVAILABLE ? rc
											: ERR_DB,
			    NULL);
		return;
	}
	if (x->body)
		res_json(r, x->status, x->body);
	else if (x->raw)
		res_body(r, x->status, x->ctype, x->raw, x->rawlen);
	else if (x->p.id != P_NONE)
		api_problem(r, x->p.err, &x->p);
	else /* neither a body nor a problem: the body could not be built */
		api_problem(r, ERR_NOMEM, NULL);
}

void api_audit_reply(struct req *r, struct audit_entry *e, size_t n, int status, json_t *body,
		     const struct problem *p)
{
	struct audit_reply *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x || (body && json_alloc_failed())) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	*x = (struct audit_reply){.e = e, .n = n, .status = status, .body = body};
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
	*x = (struct audit_reply){
		.e = e, .n = n, .status = status, .ctype = ctype, .raw = body, .rawlen = len};
	enqueue(r, x);
}

void api_audit_decision_reply(struct req *r, struct audit_entry *e, size_t n, bool allowed,
			      int status, json_t *body, const struct problem *p)
{
	if (allowed && !body)
		api_problem(r, ERR_NOMEM, NULL);
	else if (allowed)
		api_audit_reply(r, e, n, status, body, NULL);
	else
		api_audit_reply(r, e, n, 0, NULL, p);
}
