/*
 * api.h: the JSON API. Each resource file decodes a request, calls the
 * domain and encodes the answer. Shared here: the application context, the
 * route table and the helpers every handler uses.
 */
#ifndef TABULA_API_H
#define TABULA_API_H

#include "core/config.h"
#include "db/db.h"
#include "domain/role.h"
#include "http/request.h"
#include "http/router.h"

struct http_server;

struct app {
	struct db *db;
	const struct config *cfg;
	struct http_server *srv; /* set once the server runs */
};

/* Route flags: who may call. API_PUBLIC needs no login; otherwise the caller
 * must be logged in and, if any role bits are set, hold one of them. */
#define API_PUBLIC (1u << 31)
#define API_LOGGED_IN 0u
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

static inline struct app *api_app(struct req *r)
{
	return r->app;
}

/* Run fn in a write transaction (group commit) without holding a server
 * thread: the request is suspended and `finish` answers once the commit is
 * durable. rc is fn's result or the commit's failure. */
typedef void (*api_finish_fn)(struct req *r, int rc, void *ctx);
void api_write(struct req *r, db_work_fn fn, void *ctx, api_finish_fn finish);

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

/* Teaching: classes.c, grades.c, attendance.c, timetable.c. */
void api_subjects_list(struct req *r);
void api_classes_create(struct req *r);
void api_classes_list(struct req *r);
void api_classes_get(struct req *r);
void api_classes_assign(struct req *r);
void api_classes_add_students(struct req *r);
void api_grades_class_get(struct req *r);
void api_grades_class_save(struct req *r);
void api_grades_report_card(struct req *r);
void api_terms_list(struct req *r);
void api_terms_lock(struct req *r);
void api_terms_unlock(struct req *r);

#define SESSION_COOKIE "tabula_session"

#endif
