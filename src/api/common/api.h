/*
 * api.h: the JSON API. Each resource file decodes a request, calls the
 * domain and encodes the answer. Shared here: the application context, the
 * route table and the helpers every handler uses.
 */
#ifndef TABULA_API_H
#define TABULA_API_H

#include "core/config.h"
#include "db/db.h"
#include "domain/access/role.h"
#include "http/request.h"
#include "http/router.h"

struct http_server;
struct password_job;
struct throttle;

struct app {
	struct db *db;
	const struct config *cfg;
	struct http_server *srv; /* set once the server runs */
	struct throttle *throttle; /* failed logins, codes, TOTP (owned by main) */
	bool tls;		   /* served over TLS: Secure cookies */
};

/* Route flags: who may call. API_PUBLIC needs no login; otherwise the caller
 * must be logged in and, if any role bits are set, hold one of them. */
#define API_PUBLIC (1u << 31)
#define API_LOGGED_IN 0u
/* Also open to a session that must change its password first. */
#define API_PENDING_OK (1u << 30)
#define API_ROLE_MASK ((1u << ROLE__COUNT) - 1)
#define API_STAFF                                                                  \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) |         \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN) | ROLE_BIT(ROLE_TEACHER))
/* Those who register students and decide transfers for the schools they reach. */
#define API_REGISTRARS                                                     \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN))
#define API_ORG_MANAGERS                                                    \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER))

extern const struct route api_routes[];
extern const size_t api_routes_count;

/* The http `before` hook: authenticates and checks the route's roles. */
bool api_before(struct req *r);

/* The caller, once api_before let the request through; NULL on public routes. */
static inline const struct principal *api_principal(struct req *r)
{
	return r->user;
}

/* The caller's session (state beyond the identity), after api_before. */
struct session;
const struct session *api_session(struct req *r);

static inline struct app *api_app(struct req *r)
{
	return r->app;
}

/* Run fn in a write transaction (group commit) without holding a server
 * thread: the request is suspended and `finish` answers once the commit is
 * durable. rc is fn's result or the commit's failure. */
typedef void (*api_finish_fn)(struct req *r, int rc, void *ctx);
void api_write(struct req *r, db_work_fn fn, void *ctx, api_finish_fn finish);

/* Inside a write job of api_write: note that the job refused its caller,
 * so the refusal `e` (strings must outlive the request) is appended to the
 * audit log in a transaction of its own after the job's writes are undone,
 * before the request is answered. */
struct audit_entry;
void api_write_refused(struct req *r, const struct audit_entry *e);

/* Scope and audit (src/api/audit.c), over src/domain/access.h. */
struct access_decision;
/* Fill e for the caller of r: the decision's grant, action, student. */
void api_audit_fill(struct req *r, const struct access_decision *d, const char *action,
		    int64_t person_id, struct audit_entry *e);
/* Answer a read once its n audit entries are durable: `body` (the reference
 * is taken) with `status`, or, if body is NULL, the problem p (copied). If
 * the entries cannot be stored the read is not answered with data. */
void api_audit_reply(struct req *r, struct audit_entry *e, size_t n, int status, json_t *body,
		     const struct problem *p);
/* The same for a body that is not JSON (body in the arena or static). */
void api_audit_body_reply(struct req *r, struct audit_entry *e, size_t n, int status,
			  const char *ctype, const char *body, size_t len);
/* In a write job: may the caller `act` on the student? Allowed: the entry
 * `action` goes into this transaction and ERR_OK is returned. Refused: the
 * refusal is noted (api_write_refused) and p says 404 not_found (the caller
 * may not see the student) or 403 forbidden. */
int api_access_write(struct db_conn *c, struct req *r, int64_t person_id, const char *school_path,
		     const char *action, struct problem *p);
/* In a read: fetch the student and decide whether the caller may read it
 * (d). An absent student is decided as refused, like one out of scope, and
 * is not an error: ERR_OK with d->allowed false. */
struct student;
int api_student_read(struct db_conn *c, struct req *r, int64_t id, struct student *s,
		     struct access_decision *d);
/* In a write job: record an allowed entry in this transaction. */
int api_audit_in_job(struct db_conn *c, struct req *r, const struct access_decision *d,
		     const char *action, int64_t person_id, const char *subject);
/* Run a password job on the hashing pool without holding a server thread:
 * the request is suspended and `finish` runs once the job is done, with
 * job->rc (ERR_RETRY if the pool's queue was full). */
typedef void (*api_hash_finish_fn)(struct req *r, struct password_job *job);
void api_hash(struct req *r, struct password_job *job, api_hash_finish_fn finish);

/* Answer a problem; a bare database failure becomes a generic 500/503
 * (the detail goes to the log, never to the client). */
void api_problem(struct req *r, int rc, const struct problem *p);

/* Parse the numeric {name} path parameter, or answer 404 and return false. */
bool api_path_id_or_reply(struct req *r, const char *name, int64_t *id);

struct student;
struct transfer;
json_t *api_student_json(struct arena *a, const struct student *s);
json_t *api_transfer_json(struct arena *a, const struct transfer *t);

/* Handlers, one file per resource. */
void api_healthz(struct req *r);
void api_metrics(struct req *r);
void api_auth_login(struct req *r);
void api_auth_logout(struct req *r);
void api_auth_me(struct req *r);
void api_auth_logout_all(struct req *r);
void api_auth_password(struct req *r);
void api_auth_redeem(struct req *r);
void api_auth_totp_setup(struct req *r);
void api_auth_totp_confirm(struct req *r);
void api_auth_totp_disable(struct req *r);
void api_users_create(struct req *r);
void api_users_list(struct req *r);
void api_users_get(struct req *r);
void api_users_disable(struct req *r);
void api_users_enable(struct req *r);
void api_users_reset_code(struct req *r);
void api_orgs_accounts(struct req *r);
void api_orgs_create(struct req *r);
void api_orgs_get(struct req *r);
void api_orgs_update(struct req *r);
void api_orgs_move(struct req *r);
void api_orgs_children(struct req *r);
void api_orgs_history(struct req *r);
void api_orgs_promote(struct req *r);
void api_students_create(struct req *r);
void api_students_search(struct req *r);
void api_students_get(struct req *r);
void api_students_update(struct req *r);
void api_students_history(struct req *r);
void api_students_enrol(struct req *r);
void api_students_leave(struct req *r);
void api_students_merge(struct req *r);
void api_transfers_request(struct req *r);
void api_transfers_list(struct req *r);
void api_transfers_get(struct req *r);
void api_transfers_approve(struct req *r);
void api_transfers_refuse(struct req *r);
void api_imports_students(struct req *r);
void api_exports_students(struct req *r);
void api_jobs_get(struct req *r);
void api_jobs_errors(struct req *r);
void api_policies_list(struct req *r);
void api_policies_evaluate(struct req *r);
void api_guardians_list(struct req *r);
void api_guardians_add(struct req *r);
void api_guardians_remove(struct req *r);
void api_audit_list(struct req *r);

/* Teaching: classes.c, grades.c, attendance.c, timetable.c. */
void api_subjects_list(struct req *r);
void api_classes_create(struct req *r);
void api_classes_list(struct req *r);
void api_classes_get(struct req *r);
void api_classes_assign(struct req *r);
void api_classes_add_students(struct req *r);
void api_classes_update(struct req *r);
void api_grades_class_get(struct req *r);
void api_grades_class_save(struct req *r);
void api_grades_report_card(struct req *r);
void api_terms_list(struct req *r);
void api_terms_lock(struct req *r);
void api_terms_unlock(struct req *r);
void api_attendance_class_save(struct req *r);
void api_attendance_class_get(struct req *r);
void api_attendance_student(struct req *r);
void api_timetable_class_put(struct req *r);
void api_timetable_class_get(struct req *r);
void api_timetable_teacher(struct req *r);
void api_timetable_student(struct req *r);

/* Signed school records, verification, trust list, signing keys: records.c. */
void api_records_list(struct req *r);
void api_records_get(struct req *r);
void api_records_create(struct req *r);
void api_records_create_class(struct req *r);
void api_records_sign(struct req *r);
void api_records_sign_class(struct req *r);
void api_records_seal_school(struct req *r);
void api_records_correct(struct req *r);
void api_verify(struct req *r);
void api_records_qr(struct req *r);
void api_records_share(struct req *r);
void api_public_record(struct req *r);
void api_trust_list(struct req *r);
void api_repository_trust(struct req *r);
void api_repository_submit(struct req *r);
void api_repository_get(struct req *r);
void api_signing_keys_list(struct req *r);
void api_signing_keys_rotate(struct req *r);
void api_signing_keys_revoke(struct req *r);

#define SESSION_COOKIE "tabula_session"
#define CSRF_COOKIE "tabula_csrf"
#define CSRF_HEADER "X-CSRF-Token"

#endif
