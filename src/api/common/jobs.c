/*
 * jobs.c: following background jobs.
 *
 *   GET /api/v1/jobs/{id}          status and progress
 *   GET /api/v1/jobs/{id}/errors   the per-row error report, as CSV
 *
 * A job is visible to the user who started it and to ministry
 * administrators; to anyone else it is absent (404), as if it did not
 * exist. Jobs started from the command line belong to no user.
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "domain/common/job.h"

/* Largest error report answered at once. */
#define JOB_ERRORS_MAX ((size_t)64 * 1024 * 1024)

struct job_read {
	struct req *r;
	int64_t id;
	struct job j;
	struct buf *csv; /* the error report, when asked for */
};

static bool job_visible(const struct principal *who, const struct job *j)
{
	return (j->user_id && j->user_id == who->user_id) ||
	       principal_has(who, ROLE_BIT(ROLE_MINISTRY_ADMIN));
}

static int job_read(struct db_conn *c, void *arg)
{
	struct job_read *x = arg;
	int rc = job_get(c, &x->r->arena, x->id, &x->j);
	if (!rc && !job_visible(api_principal(x->r), &x->j))
		rc = ERR_NOTFOUND;
	if (!rc && x->csv)
		rc = job_errors_csv(c, x->id, x->csv);
	return rc;
}

static json_t *time_or_null(int64_t t)
{
	if (!t)
		return json_null();
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

void api_jobs_get(struct req *r)
{
	struct job_read x = {.r = r};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = db_read(api_app(r)->db, job_read, &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	const struct job *j = &x.j;
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "id", (json_int_t)j->id,
			      "kind", j->kind, "status", j->status, "total", (json_int_t)j->total,
			      "processed", (json_int_t)j->processed, "succeeded",
			      (json_int_t)j->succeeded, "failed", (json_int_t)j->failed);
	if (o) {
		json_object_set_new(o, "message",
				    j->message ? json_string(j->message) : json_null());
		json_object_set_new(o, "created_at", time_or_null(j->created_at));
		json_object_set_new(o, "finished_at", time_or_null(j->finished_at));
		json_object_set_new(o, "errors_url",
				    json_string(arena_printf(
					    &r->arena, "/api/v1/jobs/%" PRId64 "/errors", j->id)));
	}
	res_json(r, 200, o);
}

void api_jobs_errors(struct req *r)
{
	struct buf csv;
	buf_init(&csv, JOB_ERRORS_MAX);
	struct job_read x = {.r = r, .csv = &csv};
	if (!api_path_id_or_reply(r, "id", &x.id))
		return;
	int rc = db_read(api_app(r)->db, job_read, &x);
	char *body = rc ? NULL : arena_alloc(&r->arena, csv.len);
	if (!rc && !body)
		rc = ERR_NOMEM;
	if (rc) {
		buf_release(&csv);
		if (rc == ERR_TOOLARGE)
			res_error(r, P_TOO_LARGE, NULL,
				  "This error report is too large to send at once.");
		else
			api_problem(r, rc, NULL);
		return;
	}
	memcpy(body, csv.p, csv.len);
	size_t len = csv.len;
	buf_release(&csv);
	res_header(r, "Content-Disposition",
		   arena_printf(&r->arena, "attachment; filename=\"job-%" PRId64 "-errors.csv\"",
				x.id));
	res_body(r, 200, "text/csv; charset=utf-8", body, len);
}
