#include "core/base.h"
#include "core/log.h"
#include "api/api.h"
#include "crypto/token.h"
#include "domain/user.h"

#include <strings.h>

const struct route api_routes[] = {
	{ HTTP_GET, "/healthz", api_healthz, API_PUBLIC },
	{ HTTP_GET, "/metrics", api_metrics, API_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/login", api_auth_login, API_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/logout", api_auth_logout, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/auth/me", api_auth_me, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/orgs", api_orgs_create, API_ORG_MANAGERS },
	{ HTTP_GET, "/api/v1/orgs/{code}", api_orgs_get, API_STAFF },
	{ HTTP_PATCH, "/api/v1/orgs/{code}", api_orgs_update, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs/{code}/move", api_orgs_move, API_ORG_MANAGERS },
	{ HTTP_GET, "/api/v1/orgs/{code}/children", api_orgs_children, API_STAFF },
	{ HTTP_GET, "/api/v1/orgs/{code}/history", api_orgs_history, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/promotions", api_orgs_promote, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/students", api_students_create, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/students", api_students_search, API_STAFF },
	{ HTTP_GET, "/api/v1/students/{id}", api_students_get, API_STAFF },
	{ HTTP_PATCH, "/api/v1/students/{id}", api_students_update, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/students/{id}/history", api_students_history, API_STAFF },
	{ HTTP_POST, "/api/v1/students/{id}/enrolments", api_students_enrol, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/students/{id}/leave", api_students_leave, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/students/{id}/merge", api_students_merge, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/students/{id}/transfers", api_transfers_request, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/transfers", api_transfers_list, API_STAFF },
	{ HTTP_GET, "/api/v1/transfers/{id}", api_transfers_get, API_STAFF },
	{ HTTP_POST, "/api/v1/transfers/{id}/approve", api_transfers_approve, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/transfers/{id}/refuse", api_transfers_refuse, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/imports/students", api_imports_students, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/exports/students", api_exports_students, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/jobs/{id}", api_jobs_get, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/jobs/{id}/errors", api_jobs_errors, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/policies", api_policies_list, API_STAFF },
	{ HTTP_POST, "/api/v1/policies/{policy}/evaluate", api_policies_evaluate, API_STAFF },
	/* Teaching: scope is class_access() (src/domain/class.c). */
	{ HTTP_GET, "/api/v1/subjects", api_subjects_list, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/classes", api_classes_create, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/orgs/{code}/classes", api_classes_list, API_STAFF },
	{ HTTP_GET, "/api/v1/classes/{id}", api_classes_get, API_STAFF },
	{ HTTP_POST, "/api/v1/classes/{id}/subjects", api_classes_assign, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/classes/{id}/students", api_classes_add_students, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/classes/{id}/grades", api_grades_class_get, API_STAFF },
	{ HTTP_POST, "/api/v1/classes/{id}/grades", api_grades_class_save, API_STAFF },
	{ HTTP_GET, "/api/v1/students/{id}/report-card", api_grades_report_card, API_STAFF },
	{ HTTP_GET, "/api/v1/orgs/{code}/terms", api_terms_list, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/terms/lock", api_terms_lock, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs/{code}/terms/unlock", api_terms_unlock, API_REGISTRARS },
};
const size_t api_routes_count = ARRAY_SIZE(api_routes);

/* The token from "Authorization: Bearer X" or the session cookie. */
static const char *presented_token(struct req *r)
{
	const char *h = req_header(r, "Authorization");
	if (h && !strncasecmp(h, "Bearer ", 7)) {
		h += 7;
		while (*h == ' ')
			h++;
		return *h ? h : NULL;
	}
	return req_cookie(r, SESSION_COOKIE);
}

struct auth_ctx {
	struct req *r;
	char hash[TOKEN_HASH_HEX];
	struct principal *who;
};

static int auth_read(struct db_conn *c, void *arg)
{
	struct auth_ctx *a = arg;
	return session_principal(c, &a->r->arena, a->hash, time_now_unix(), a->who);
}

bool api_before(struct req *r)
{
	unsigned flags = r->route->flags;
	if (flags & API_PUBLIC)
		return true;
	const char *token = presented_token(r);
	if (!token) {
		res_header(r, "WWW-Authenticate", "Bearer");
		res_error(r, 401, "unauthorized", NULL, "Log in first.");
		return false;
	}
	struct auth_ctx a = { .r = r, .who = arena_calloc(&r->arena, 1, sizeof(struct principal)) };
	if (!a.who) {
		res_error(r, 503, "out_of_memory", NULL, "The server is out of memory.");
		return false;
	}
	token_hash(token, strlen(token), a.hash);
	int rc = db_read(api_app(r)->db, auth_read, &a);
	if (rc == ERR_UNAUTHORIZED) {
		res_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		res_error(r, 401, "unauthorized", NULL,
			  "The session has ended or is not valid. Log in again.");
		return false;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return false;
	}
	r->user = a.who;
	if (flags && !principal_has(a.who, flags)) {
		res_error(r, 403, "forbidden", NULL, "Your role does not allow this.");
		return false;
	}
	return true;
}

void api_problem(struct req *r, int rc, const struct problem *p)
{
	if (p && p->err == rc && (p->code || p->detail)) {
		res_problem(r, p);
		return;
	}
	struct problem q = { .err = rc };
	switch (rc) {
	case ERR_RETRY:
		q.detail = "The server is busy. Try again in a moment.";
		res_header(r, "Retry-After", "1");
		break;
	case ERR_NOMEM:
		q.detail = "The server is out of memory. Try again in a moment.";
		break;
	case ERR_NOTFOUND:
		q.detail = "There is nothing at this address.";
		break;
	default:
		if (err_status(rc) >= 500) {
			q.err = ERR_INTERNAL;
			q.code = "internal";
			q.detail = "Something went wrong on the server; it has been logged.";
			log_error("%s %s failed: %s", r->method_str, r->path, err_str(rc));
		}
		break;
	}
	res_problem(r, &q);
}

/* ---- suspended writes ---- */

struct api_job {
	struct db_job job;
	struct req *r;
	void *ctx;
	api_finish_fn finish;
};

static void api_job_done(struct db_job *job)
{
	req_resume(((struct api_job *)job)->r);
}

static void api_job_resume(struct req *r);

void api_write(struct req *r, db_work_fn fn, void *ctx, api_finish_fn finish)
{
	struct api_job *j = arena_calloc(&r->arena, 1, sizeof(*j));
	if (!j) {
		finish(r, ERR_NOMEM, ctx);
		return;
	}
	j->job.fn = fn;
	j->job.ctx = ctx;
	j->job.done = api_job_done;
	j->r = r;
	j->ctx = ctx;
	j->finish = finish;
	r->pending = j;
	/* Suspend before submitting: the writer may finish at once. */
	req_suspend(r, api_job_resume);
	db_submit(api_app(r)->db, &j->job);
}

static void api_job_resume(struct req *r)
{
	struct api_job *j = r->pending;
	r->pending = NULL;
	j->finish(r, j->job.rc, j->ctx);
}
