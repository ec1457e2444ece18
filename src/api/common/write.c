/*
 * write.c: waiting without holding a server thread.
 *
 * A write (api_write) is a domain work function run by the group commit:
 * the request is suspended, the function runs on a writer thread inside a
 * transaction, and the handler's `finish` answers once the commit is
 * durable. When the work refused its caller (actor_refuse), the refusal is
 * appended to the audit log in a transaction of its own, after the work's
 * own writes were undone, and only then is the request answered.
 * A password hash (api_hash) runs on the hashing pool the same way.
 * Shared by the write handlers: their context (api_context_or_reply) and
 * their body's decoding up to the write (api_write_body).
 */
#include "core/base.h"
#include "core/failalloc.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "crypto/password.h"
#include "domain/access/actor.h"
#include "domain/access/audit.h"
#include "domain/common/work.h"

struct api_job {
	struct req *r;
	work_fn fn;
	void *ctx;
	api_finish_fn finish;
	int rc;
};

static void api_job_wake(void *arg, int rc);

/* The second transaction: the refusal noted by the work. */
static int refusal_append(struct db_conn *c, void *arg)
{
	struct api_job *j = arg;
	return audit_append(c, api_actor(j->r)->refused, 1);
}

static void refusal_done(void *arg, int rc)
{
	struct api_job *j = arg;
	if (rc)
		j->rc = rc; /* the refusal is not on record: say so */
	req_resume(j->r);
}

static void api_job_wake(void *arg, int rc)
{
	struct api_job *j = arg;
	j->rc = rc;
	struct actor *a = j->r->actor;
	if (a && a->refused &&
	    work_submit(api_app(j->r)->db, &j->r->arena, refusal_append, j, refusal_done, j) ==
		    ERR_OK)
		return;
	if (a && a->refused)
		j->rc = ERR_NOMEM;
	req_resume(j->r);
}

static void api_job_resume(struct req *r)
{
	struct api_job *j = r->pending;
	r->pending = NULL;
	api_failalloc_resume(r);
	json_alloc_reset();
	j->finish(r, j->rc, j->ctx);
	api_failalloc_done();
}

void api_write(struct req *r, work_fn fn, void *ctx, api_finish_fn finish)
{
	struct api_job *j = arena_calloc(&r->arena, 1, sizeof(*j));
	if (!j || !api_actor(r)) {
		finish(r, ERR_NOMEM, ctx);
		return;
	}
	j->r = r;
	j->fn = fn;
	j->ctx = ctx;
	j->finish = finish;
	r->pending = j;
	/* Suspend before submitting: the writer may finish at once. */
	req_suspend(r, api_job_resume);
	if (work_submit(api_app(r)->db, &r->arena, fn, ctx, api_job_wake, j)) {
		j->rc = ERR_NOMEM;
		req_resume(r);
	}
}

void *api_context_or_reply(struct req *r, size_t size)
{
	void *x = arena_calloc(&r->arena, 1, size);
	if (!x || !api_actor(r)) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	return x;
}

void api_write_body(struct req *r, api_decode_fn decode, void *ctx, const struct problem *p,
		    work_fn fn, api_finish_fn finish)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int rc = decode(r, body, ctx);
	json_decref(body);
	if (rc)
		api_problem(r, rc, p);
	else
		api_write(r, fn, ctx, finish);
}

#ifdef TABULA_FAILALLOC
void api_failalloc_resume(struct req *r)
{
	static const char name[] = "X-Tabula-Alloc-Waited";
	const char *at = failalloc_request_resume();
	for (int i = 0; i < r->nhdrs; i++)
		if (r->hdr_name[i] == name)
			return; /* its value is the same buffer, rewritten */
	res_header(r, name, at);
}

void api_failalloc_done(void)
{
	failalloc_request_end();
}
#endif

/* ---- suspended password hashing ---- */

struct api_hash_wait {
	struct password_job *job;
	api_hash_finish_fn finish;
};

static void api_hash_done(struct password_job *job)
{
	req_resume(job->ctx);
}

static void api_hash_resume(struct req *r)
{
	struct api_hash_wait *w = r->pending;
	r->pending = NULL;
	api_failalloc_resume(r);
	json_alloc_reset();
	w->finish(r, w->job);
	api_failalloc_done();
}

void api_hash(struct req *r, struct password_job *job, api_hash_finish_fn finish)
{
	struct api_hash_wait *w = arena_calloc(&r->arena, 1, sizeof(*w));
	if (!w) {
		job->rc = ERR_NOMEM;
		finish(r, job);
		return;
	}
	w->job = job;
	w->finish = finish;
	job->done = api_hash_done;
	job->ctx = r;
	r->pending = w;
	/* Suspend before submitting: a hashing thread may finish at once. */
	req_suspend(r, api_hash_resume);
	if (password_submit(job)) {
		job->rc = ERR_RETRY; /* queue full: answered 503 on resume */
		req_resume(r);
	}
}
