/*
 * routes.c: the route table: every path of the API, its handler and who may
 * call it (the first, data-free gate; the handlers decide scope through the
 * domain). Each capability's handlers are declared in its own header.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "api/admissions/handlers.h"
#include "api/records/handlers.h"
#include "api/registry/handlers.h"
#include "api/teaching/handlers.h"

/* The sign-in routes take a few KiB at most: anyone may call them, so their
 * bodies are refused before a byte is parsed (docs/reliability.md). */
#define AUTH_BODY_MAX 4096

const struct route api_routes[] = {
	{HTTP_GET, "/healthz", api_healthz, API_PUBLIC, 0},
	{HTTP_GET, "/readyz", api_readyz, API_PUBLIC, 0},
	{HTTP_GET, "/metrics", api_metrics, API_PUBLIC, 0},
	{HTTP_POST, "/api/v1/auth/login", api_auth_login, API_PUBLIC, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/logout", api_auth_logout, API_PENDING_OK, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/logout-all", api_auth_logout_all, API_LOGGED_IN, AUTH_BODY_MAX},
	{HTTP_GET, "/api/v1/auth/me", api_auth_me, API_PENDING_OK, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/password", api_auth_password, API_PENDING_OK, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/redeem", api_auth_redeem, API_PUBLIC, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/totp/setup", api_auth_totp_setup, API_STAFF, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/totp/confirm", api_auth_totp_confirm, API_STAFF, AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/auth/totp/disable", api_auth_totp_disable, API_LOGGED_IN,
	 AUTH_BODY_MAX},
	{HTTP_POST, "/api/v1/users", api_users_create, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/users", api_users_list, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/users/{username}", api_users_get, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/users/{username}/disable", api_users_disable, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/users/{username}/enable", api_users_enable, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/users/{username}/reset-code", api_users_reset_code, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/orgs", api_orgs_create, API_ORG_MANAGERS, 0},
	{HTTP_GET, "/api/v1/orgs/{code}", api_orgs_get, API_STAFF, 0},
	{HTTP_PATCH, "/api/v1/orgs/{code}", api_orgs_update, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/move", api_orgs_move, API_ORG_MANAGERS, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/children", api_orgs_children, API_STAFF, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/history", api_orgs_history, API_STAFF, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/promotions", api_orgs_promote, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/accounts", api_orgs_accounts, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/students", api_students_create, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/students", api_students_search, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/students/{id}", api_students_get, API_LOGGED_IN, 0},
	{HTTP_PATCH, "/api/v1/students/{id}", api_students_update, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/students/{id}/history", api_students_history, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/students/{id}/guardians", api_guardians_list, API_LOGGED_IN, 0},
	{HTTP_POST, "/api/v1/students/{id}/guardians", api_guardians_add, API_REGISTRARS, 0},
	{HTTP_DELETE, "/api/v1/students/{id}/guardians/{username}", api_guardians_remove,
	 API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/students/{id}/enrolments", api_students_enrol, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/students/{id}/leave", api_students_leave, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/students/{id}/merge", api_students_merge, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/students/{id}/transfers", api_transfers_request, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/transfers", api_transfers_list, API_STAFF, 0},
	{HTTP_GET, "/api/v1/transfers/{id}", api_transfers_get, API_STAFF, 0},
	{HTTP_POST, "/api/v1/transfers/{id}/approve", api_transfers_approve, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/transfers/{id}/refuse", api_transfers_refuse, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/imports/students", api_imports_students, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/exports/students", api_exports_students, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/jobs/{id}", api_jobs_get, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/jobs/{id}/errors", api_jobs_errors, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/policies", api_policies_list, API_STAFF, 0},
	{HTTP_POST, "/api/v1/policies/{policy}/evaluate", api_policies_evaluate, API_STAFF, 0},
	{HTTP_GET, "/api/v1/audit", api_audit_list, API_LOGGED_IN, 0},
	/* Teaching: scope is class_access() / access_student() (src/domain/access.c). */
	{HTTP_GET, "/api/v1/subjects", api_subjects_list, API_STAFF, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/classes", api_classes_create, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/classes", api_classes_list, API_STAFF, 0},
	{HTTP_GET, "/api/v1/classes/{id}", api_classes_get, API_STAFF, 0},
	{HTTP_PATCH, "/api/v1/classes/{id}", api_classes_update, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/classes/{id}/subjects", api_classes_assign, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/classes/{id}/students", api_classes_add_students, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/classes/{id}/grades", api_grades_class_get, API_STAFF, 0},
	{HTTP_POST, "/api/v1/classes/{id}/grades", api_grades_class_save, API_STAFF, 0},
	{HTTP_GET, "/api/v1/students/{id}/report-card", api_grades_report_card, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/orgs/{code}/terms", api_terms_list, API_STAFF, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/terms/lock", api_terms_lock, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/terms/unlock", api_terms_unlock, API_REGISTRARS, 0},
	/* Attendance and timetable: the same scope; a child's reads are audited. */
	{HTTP_POST, "/api/v1/classes/{id}/attendance", api_attendance_class_save, API_STAFF, 0},
	{HTTP_GET, "/api/v1/classes/{id}/attendance", api_attendance_class_get, API_STAFF, 0},
	{HTTP_GET, "/api/v1/students/{id}/attendance", api_attendance_student, API_LOGGED_IN, 0},
	{HTTP_PUT, "/api/v1/classes/{id}/timetable", api_timetable_class_put, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/classes/{id}/timetable", api_timetable_class_get, API_STAFF, 0},
	{HTTP_GET, "/api/v1/timetable", api_timetable_teacher, API_STAFF, 0},
	{HTTP_GET, "/api/v1/students/{id}/timetable", api_timetable_student, API_LOGGED_IN, 0},
	/* Signed school records (issue 7): scope is record_access_read() and the
	 * signing rules of src/domain/records/prepare.c, over domain/access. */
	{HTTP_GET, "/api/v1/records", api_records_list, API_LOGGED_IN, 0},
	{HTTP_POST, "/api/v1/records", api_records_create, API_STAFF, 0},
	{HTTP_GET, "/api/v1/records/{id}", api_records_get, API_LOGGED_IN, 0},
	{HTTP_POST, "/api/v1/records/{id}/sign", api_records_sign, API_STAFF, 0},
	{HTTP_POST, "/api/v1/records/{id}/correct", api_records_correct, API_STAFF, 0},
	{HTTP_POST, "/api/v1/classes/{id}/records", api_records_create_class, API_STAFF, 0},
	{HTTP_POST, "/api/v1/classes/{id}/records/sign", api_records_sign_class, API_STAFF, 0},
	{HTTP_POST, "/api/v1/orgs/{code}/records/sign", api_records_seal_school, API_REGISTRARS, 0},
	{HTTP_GET, "/api/v1/records/{id}/qr.svg", api_records_qr, API_LOGGED_IN, 0},
	{HTTP_POST, "/api/v1/records/{id}/share", api_records_share,
	 ROLE_BIT(ROLE_GUARDIAN) | ROLE_BIT(ROLE_STUDENT), 0},
	{HTTP_POST, "/api/v1/verify", api_verify, API_PUBLIC, 0},
	{HTTP_GET, "/api/v1/public/records/{uuid}", api_public_record, API_PUBLIC, 0},
	{HTTP_GET, "/api/v1/trust-list", api_trust_list, API_PUBLIC, 0},
	/* National repository: the national administrator only (repository.c). */
	{HTTP_POST, "/api/v1/repository/trust", api_repository_trust, ROLE_BIT(ROLE_MINISTRY_ADMIN),
	 0},
	{HTTP_POST, "/api/v1/repository/records", api_repository_submit,
	 ROLE_BIT(ROLE_MINISTRY_ADMIN), 0},
	{HTTP_GET, "/api/v1/repository/records/{id}", api_repository_get,
	 ROLE_BIT(ROLE_MINISTRY_ADMIN), 0},
	{HTTP_GET, "/api/v1/signing-keys", api_signing_keys_list, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/signing-keys/rotate", api_signing_keys_rotate, API_REGISTRARS, 0},
	{HTTP_POST, "/api/v1/signing-keys/{id}/revoke", api_signing_keys_revoke, API_REGISTRARS, 0},
	/* Admissions (issue 16): scope is domain/admissions/round.h and application.h. */
	{HTTP_POST, "/api/v1/admissions/rounds", api_rounds_create, API_ORG_MANAGERS, 0},
	{HTTP_GET, "/api/v1/admissions/rounds", api_rounds_list, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/admissions/rounds/{id}", api_rounds_get, API_LOGGED_IN, 0},
	{HTTP_PATCH, "/api/v1/admissions/rounds/{id}", api_rounds_update, API_ORG_MANAGERS, 0},
	{HTTP_POST, "/api/v1/admissions/rounds/{id}/seal", api_rounds_seal, API_ORG_MANAGERS, 0},
	{HTTP_POST, "/api/v1/admissions/rounds/{id}/run", api_rounds_run, API_ORG_MANAGERS, 0},
	{HTTP_GET, "/api/v1/admissions/rounds/{id}/inputs", api_rounds_inputs, API_STAFF, 0},
	{HTTP_POST, "/api/v1/admissions/rounds/{id}/applications", api_applications_create,
	 ROLE_BIT(ROLE_GUARDIAN), 0},
	{HTTP_GET, "/api/v1/admissions/rounds/{id}/applications", api_applications_list, API_STAFF,
	 0},
	{HTTP_GET, "/api/v1/admissions/applications", api_applications_mine,
	 ROLE_BIT(ROLE_GUARDIAN), 0},
	{HTTP_GET, "/api/v1/admissions/applications/{id}", api_applications_get, API_LOGGED_IN, 0},
	{HTTP_PUT, "/api/v1/admissions/applications/{id}", api_applications_update,
	 ROLE_BIT(ROLE_GUARDIAN), 0},
	/* Rule sets, new children, the prefilled form, re-registration: rules.h, child.h,
	 * prefill.h, reregistration.h in domain/admissions. */
	{HTTP_GET, "/api/v1/admissions/rules", api_rules_list, API_LOGGED_IN, 0},
	{HTTP_GET, "/api/v1/admissions/rules/{name}", api_rules_get, API_LOGGED_IN, 0},
	{HTTP_POST, "/api/v1/admissions/rounds/{id}/children", api_children_create,
	 ROLE_BIT(ROLE_GUARDIAN), 0},
	{HTTP_GET, "/api/v1/admissions/rounds/{id}/prefill", api_rounds_prefill, API_LOGGED_IN, 0},
	/*@@MORE@@*/
};
const size_t api_routes_count = ARRAY_SIZE(api_routes);
