/*
 * jobs.c: following background jobs.
 *
 *   GET /api/v1/jobs/{id}          status and progress
 *   GET /api/v1/jobs/{id}/errors   the per-row error report, as CSV
 *
 * Who may follow a job is decided by domain/access/job_scope.h; to anyone
 * else it is absent (404), as if it did not exist.
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "domain/access/job_scope.h"

/* Largest error report answered at once. */
#define JOB_ERRORS_MAX ((size_t)64 * 1024 * 1024)

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
	struct job job;
	int64_t id;
	if (!api_path_id_or_reply(r, "id", &id))
		return;
	struct actor *by = api_actor(r);
	int rc = by ? job_read_as(api_app(r)->db, by, id, &job, NULL) : ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	const struct job *j = &job;
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
	api_json(r, 200, o);
}

void api_jobs_errors(struct req *r)
{
	struct buf csv;
	buf_init(&csv, JOB_ERRORS_MAX);
	struct job job;
	int64_t id;
	if (!api_path_id_or_reply(r, "id", &id))
		return;
	struct actor *by = api_actor(r);
	int rc = by ? job_read_as(api_app(r)->db, by, id, &job, &csv) : ERR_NOMEM;
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
	res_header(
		r, "Content-Disposition",
		arena_printf(&r->arena, "attachment; filename=\"job-%" PRId64 "-errors.csv\"", id));
	res_body(r, 200, "text/csv; charset=utf-8", body, len);
}
