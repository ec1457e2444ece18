#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "domain/access/audit.h"
#include "domain/access/user.h"

#include <sodium.h>
#include <strings.h>

const struct route api_routes[] = {
	{ HTTP_GET, "/healthz", api_healthz, API_PUBLIC },
	{ HTTP_GET, "/metrics", api_metrics, API_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/login", api_auth_login, API_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/logout", api_auth_logout, API_PENDING_OK },
	{ HTTP_POST, "/api/v1/auth/logout-all", api_auth_logout_all, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/auth/me", api_auth_me, API_PENDING_OK },
	{ HTTP_POST, "/api/v1/auth/password", api_auth_password, API_PENDING_OK },
	{ HTTP_POST, "/api/v1/auth/redeem", api_auth_redeem, API_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/totp/setup", api_auth_totp_setup, API_STAFF },
	{ HTTP_POST, "/api/v1/auth/totp/confirm", api_auth_totp_confirm, API_STAFF },
	{ HTTP_POST, "/api/v1/auth/totp/disable", api_auth_totp_disable, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/users", api_users_create, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/users", api_users_list, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/users/{username}", api_users_get, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/users/{username}/disable", api_users_disable, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/users/{username}/enable", api_users_enable, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/users/{username}/reset-code", api_users_reset_code, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs", api_orgs_create, API_ORG_MANAGERS },
	{ HTTP_GET, "/api/v1/orgs/{code}", api_orgs_get, API_STAFF },
	{ HTTP_PATCH, "/api/v1/orgs/{code}", api_orgs_update, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs/{code}/move", api_orgs_move, API_ORG_MANAGERS },
	{ HTTP_GET, "/api/v1/orgs/{code}/children", api_orgs_children, API_STAFF },
	{ HTTP_GET, "/api/v1/orgs/{code}/history", api_orgs_history, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/promotions", api_orgs_promote, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs/{code}/accounts", api_orgs_accounts, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/students", api_students_create, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/students", api_students_search, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/students/{id}", api_students_get, API_LOGGED_IN },
	{ HTTP_PATCH, "/api/v1/students/{id}", api_students_update, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/students/{id}/history", api_students_history, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/students/{id}/guardians", api_guardians_list, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/students/{id}/guardians", api_guardians_add, API_REGISTRARS },
	{ HTTP_DELETE, "/api/v1/students/{id}/guardians/{username}", api_guardians_remove,
	  API_REGISTRARS },
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
	{ HTTP_GET, "/api/v1/audit", api_audit_list, API_LOGGED_IN },
	/* Teaching: scope is class_access() / access_student() (src/domain/access.c). */
	{ HTTP_GET, "/api/v1/subjects", api_subjects_list, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/classes", api_classes_create, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/orgs/{code}/classes", api_classes_list, API_STAFF },
	{ HTTP_GET, "/api/v1/classes/{id}", api_classes_get, API_STAFF },
	{ HTTP_PATCH, "/api/v1/classes/{id}", api_classes_update, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/classes/{id}/subjects", api_classes_assign, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/classes/{id}/students", api_classes_add_students, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/classes/{id}/grades", api_grades_class_get, API_STAFF },
	{ HTTP_POST, "/api/v1/classes/{id}/grades", api_grades_class_save, API_STAFF },
	{ HTTP_GET, "/api/v1/students/{id}/report-card", api_grades_report_card, API_LOGGED_IN },
	{ HTTP_GET, "/api/v1/orgs/{code}/terms", api_terms_list, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/terms/lock", api_terms_lock, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/orgs/{code}/terms/unlock", api_terms_unlock, API_REGISTRARS },
	/* Attendance and timetable: the same scope; a child's reads are audited. */
	{ HTTP_POST, "/api/v1/classes/{id}/attendance", api_attendance_class_save, API_STAFF },
	{ HTTP_GET, "/api/v1/classes/{id}/attendance", api_attendance_class_get, API_STAFF },
	{ HTTP_GET, "/api/v1/students/{id}/attendance", api_attendance_student, API_LOGGED_IN },
	{ HTTP_PUT, "/api/v1/classes/{id}/timetable", api_timetable_class_put, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/classes/{id}/timetable", api_timetable_class_get, API_STAFF },
	{ HTTP_GET, "/api/v1/timetable", api_timetable_teacher, API_STAFF },
	{ HTTP_GET, "/api/v1/students/{id}/timetable", api_timetable_student, API_LOGGED_IN },
	/* Signed school records (issue 7): scope is record_access_read() and the
	 * signing rules of src/domain/record.c, over src/domain/access.c. */
	{ HTTP_GET, "/api/v1/records", api_records_list, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/records", api_records_create, API_STAFF },
	{ HTTP_GET, "/api/v1/records/{id}", api_records_get, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/records/{id}/sign", api_records_sign, API_STAFF },
	{ HTTP_POST, "/api/v1/records/{id}/correct", api_records_correct, API_STAFF },
	{ HTTP_POST, "/api/v1/classes/{id}/records", api_records_create_class, API_STAFF },
	{ HTTP_POST, "/api/v1/classes/{id}/records/sign", api_records_sign_class, API_STAFF },
	{ HTTP_POST, "/api/v1/orgs/{code}/records/sign", api_records_seal_school, API_REGISTRARS },
	{ HTTP_GET, "/api/v1/records/{id}/qr.svg", api_records_qr, API_LOGGED_IN },
	{ HTTP_POST, "/api/v1/records/{id}/share", api_records_share,
	  ROLE_BIT(ROLE_GUARDIAN) | ROLE_BIT(ROLE_STUDENT) },
	{ HTTP_POST, "/api/v1/verify", api_verify, API_PUBLIC },
	{ HTTP_GET, "/api/v1/public/records/{uuid}", api_public_record, API_PUBLIC },
	{ HTTP_GET, "/api/v1/trust-list", api_trust_list, API_PUBLIC },
	/* National repository: the national administrator only (repository.c). */
	{ HTTP_POST, "/api/v1/repository/trust", api_repository_trust, ROLE_BIT(ROLE_MINISTRY_ADMIN) },
	{ HTTP_POST, "/api/v1/repository/records", api_repository_submit, ROLE_BIT(ROLE_MINISTRY_ADMIN) },
	{ HTTP_GET, "/api/v1/repository/records/{id}", api_repository_get, ROLE_BIT(ROLE_MINISTRY_ADMIN) },
	{ HTTP_GET, "/api/v1/signing-keys", api_signing_keys_list, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/signing-keys/rotate", api_signing_keys_rotate, API_REGISTRARS },
	{ HTTP_POST, "/api/v1/signing-keys/{id}/revoke", api_signing_keys_revoke, API_REGISTRARS },
};
const size_t api_routes_count = ARRAY_SIZE(api_routes);

/* The token from "Authorization: Bearer X" or the session cookie; *cookie
 * says which (cookies need the CSRF header on unsafe methods). */
static const char *presented_token(struct req *r, bool *cookie)
{
	*cookie = false;
	const char *h = req_header(r, "Authorization");
	if (h && !strncasecmp(h, "Bearer ", 7)) {
		h += 7;
		while (*h == ' ')
			h++;
		return *h ? h : NULL;
	}
	*cookie = true;
	return req_cookie(r, SESSION_COOKIE);
}

struct auth_ctx {
	struct req *r;
	char hash[TOKEN_HASH_HEX];
	struct session *s;
};

static int auth_read(struct db_conn *c, void *arg)
{
	struct auth_ctx *a = arg;
	return session_lookup(c, &a->r->arena, a->hash, time_now_unix(), a->s);
}

const struct session *api_session(struct req *r)
{
	/* r->user points at the session's first member. */
	return (const struct session *)r->user;
}

static bool safe_method(enum http_method m)
{
	return m == HTTP_GET || m == HTTP_HEAD || m == HTTP_OPTIONS;
}

/* A cookie-borne request that changes state must echo the session's CSRF
 * token in X-CSRF-Token (the web app reads it from the tabula_csrf cookie or
 * the login answer). Another site can make the browser send the cookie, but
 * cannot read the token. Bearer requests carry no ambient credential. */
static bool csrf_ok(struct req *r, const char *token)
{
	const char *h = req_header(r, CSRF_HEADER);
	char want[TOKEN_TEXT_MAX];
	token_csrf(token, want);
	size_t n = strlen(want);
	return h && strlen(h) == n && sodium_memcmp(h, want, n) == 0;
}

bool api_before(struct req *r)
{
	unsigned flags = r->route->flags;
	if (flags & API_PUBLIC)
		return true;
	bool by_cookie;
	const char *token = presented_token(r, &by_cookie);
	if (!token) {
		res_header(r, "WWW-Authenticate", "Bearer");
		res_error(r, P_UNAUTHORIZED, NULL, "Log in first.");
		return false;
	}
	struct auth_ctx a = { .r = r, .s = arena_calloc(&r->arena, 1, sizeof(struct session)) };
	if (!a.s) {
		res_error(r, P_OUT_OF_MEMORY, NULL, "The server is out of memory.");
		return false;
	}
	token_hash(token, strlen(token), a.hash);
	int rc = db_read(api_app(r)->db, auth_read, &a);
	if (rc == ERR_UNAUTHORIZED) {
		res_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		res_error(r, P_UNAUTHORIZED, NULL, "The session has ended or is not valid. Log in again.");
		return false;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return false;
	}
	if (by_cookie && !safe_method(r->method) && !csrf_ok(r, token)) {
		res_error(r, P_CSRF, NULL, "Send the X-CSRF-Token header with the value of the tabula_csrf cookie.");
		return false;
	}
	r->user = &a.s->who;
	if (a.s->must_change_password && !(flags & API_PENDING_OK)) {
		res_error(r, P_PASSWORD_CHANGE_REQUIRED, NULL, "Change your password first (POST /api/v1/auth/password).");
		return false;
	}
	unsigned roles = flags & API_ROLE_MASK;
	if (roles && !principal_has(&a.s->who, roles)) {
		res_error(r, P_FORBIDDEN, NULL, "Your role does not allow this.");
		return false;
	}
	return true;
}

void api_problem(struct req *r, int rc, const struct problem *p)
{
	struct problem q;
	if (!p || p->id == P_NONE || p->err != rc) {
		problem_err(&q, rc);
		p = &q;
	}
	if (p->status == 503)
		res_header(r, "Retry-After", "1");
	else if (p->status >= 500)
		log_error("%s %s failed: %s (%s)", r->method_str, r->path, err_str(rc), p->code);
	res_problem(r, p);
}

/* ---- suspended writes ---- */

struct api_job {
	struct db_job job;
	struct req *r;
	void *ctx;
	api_finish_fn finish;
	/* A refusal noted by the job (api_write_refused): appended by a job of
	 * its own once the refused job's transaction has rolled back. */
	struct audit_entry refused;
	bool has_refused;
	struct db_job audit;
};

static int refusal_append(struct db_conn *c, void *arg)
{
	struct api_job *j = arg;
	return audit_append(c, &j->refused, 1);
}

static void refusal_done(struct db_job *job)
{
	struct api_job *j = job->ctx;
	if (job->rc)
		j->job.rc = job->rc; /* the refusal is not on record: say so */
	req_resume(j->r);
}

static void api_job_done(struct db_job *job)
{
	struct api_job *j = (struct api_job *)job;
	if (j->has_refused) {
		j->has_refused = false;
		j->audit.fn = refusal_append;
		j->audit.ctx = j;
		j->audit.done = refusal_done;
		db_submit(api_app(j->r)->db, &j->audit);
		return;
	}
	req_resume(j->r);
}

void api_write_refused(struct req *r, const struct audit_entry *e)
{
	struct api_job *j = r->pending;
	if (!j)
		return;
	j->refused = *e;
	j->has_refused = true;
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
	w->finish(r, w->job);
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

/* ---- path parameters ---- */

/* Parse the {id} path parameter or answer 404. */
bool api_path_id_or_reply(struct req *r, const char *name, int64_t *id)
{
	const char *s = req_param(r, name);
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || errno || end == s || *end || v <= 0) {
		res_error(r, P_NOT_FOUND, NULL, "There is nothing at this address.");
		return false;
	}
	*id = v;
	return true;
}
