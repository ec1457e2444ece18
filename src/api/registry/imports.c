/*
 * imports.c: bulk import and export of students over HTTP.
 *
 *   POST /api/v1/imports/students    a CSV body; 202 with a job to follow
 *   GET  /api/v1/exports/students    ?school=CODE or ?org=CODE: a CSV file
 *
 * An upload is checked at once (type, size, header row) and refused with a
 * problem and no job if it is not a student CSV; otherwise a job row is made
 * and the import runs on a background thread of its own (see
 * domain/registry/import.h), at most JOBS_MAX_RUNNING at a time. The
 * caller follows it at /api/v1/jobs/{id}. Both need a registrar role; every
 * row's school, and the exported organisation, must be within the caller's
 * reach (decided in the domain, which also fills the export's audit entry).
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/access/access.h"
#include "domain/common/job.h"
#include "domain/registry/export.h"
#include "domain/registry/import.h"

#include <strings.h>

/* Largest export answered over HTTP; past it use the command line. */
#define EXPORT_HTTP_MAX ((size_t)64 * 1024 * 1024)

/* ---- import ---- */

/* True if the body is declared CSV (text/csv, parameters allowed, a charset
 * if any being UTF-8); otherwise answers 415. */
static bool csv_type_or_reply(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen("text/csv");
	bool ok = ct && !strncasecmp(ct, "text/csv", n) &&
		  (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
	if (ok) {
		const char *cs = strcasestr(ct, "charset=");
		if (cs) {
			cs += strlen("charset=");
			if (*cs == '"')
				cs++;
			ok = !strncasecmp(cs, "utf-8", 5) || !strncasecmp(cs, "utf8", 4);
		}
	}
	if (!ok)
		res_error(r, P_UNSUPPORTED_MEDIA_TYPE, NULL,
			  "Send the file as text/csv in UTF-8, with a header row of student "
			  "field names.");
	return ok;
}

/* True if the body is a CSV file to try at all; otherwise answers. */
static bool csv_body_or_reply(struct req *r)
{
	if (r->body_too_large) {
		res_error(r, P_BODY_TOO_LARGE, NULL,
			  "The file is larger than the server accepts; split it, or import it "
			  "with the tabula import command.");
		return false;
	}
	if (!csv_type_or_reply(r))
		return false;
	if (!r->body.len) {
		res_error(r, P_EMPTY_BODY, NULL,
			  "The body is empty: send the CSV file, starting with its header row.");
		return false;
	}
	if (memchr(r->body.p, '\0', r->body.len)) {
		res_error(r, P_NOT_CSV, NULL,
			  "The body is not a CSV text file (it holds NUL bytes). Save the sheet as "
			  "CSV UTF-8.");
		return false;
	}
	return true;
}

/* Answer 503 for an import that cannot run (now or at all). */
static void busy_reply(struct req *r, int rc)
{
	res_header(r, "Retry-After", "5");
	if (rc == ERR_UNSUPPORTED)
		res_error(r, P_SHUTTING_DOWN, NULL,
			  "The server is stopping. Try again in a moment.");
	else
		res_error(r, P_BUSY, NULL, "Too many imports are running. Try again in a moment.");
}

static void import_started(struct req *r, int rc, void *arg)
{
	struct import_job *x = arg;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	char *data;
	size_t len;
	data = buf_detach(&r->body, &len);
	rc = import_start(api_app(r)->db, api_actor(r), x->id, data, len);
	if (rc) {
		busy_reply(r, rc);
		return;
	}
	const char *loc = arena_printf(&r->arena, "/api/v1/jobs/%" PRId64, x->id);
	res_header(r, "Location", loc);
	api_json(r, 202,
		 json_pack("{s:I, s:s, s:s, s:I}", "job", (json_int_t)x->id, "status", "running",
			   "location", loc, "total", (json_int_t)x->total));
}

void api_imports_students(struct req *r)
{
	if (!csv_body_or_reply(r))
		return;
	struct import_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	char *msg = arena_alloc(&r->arena, 512);
	if (!x || !msg) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->user_id = api_principal(r)->user_id;
	struct import_mem m = {.data = r->body.p, .len = r->body.len};
	struct import_source src = {.read = import_mem_read, .ctx = &m};
	struct problem p = {0};
	int rc = import_scan(&src, &x->total, &p, msg, 512);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	rc = jobs_available();
	if (rc) {
		busy_reply(r, rc);
		return;
	}
	api_write(r, import_job_create_tx, x, import_started);
}

/* ---- export ---- */

/* Answer the CSV in out (released here), once its audit entry is durable. */
static void export_reply(struct req *r, const char *code, struct buf *out, int64_t rows,
			 struct audit_entry *audit)
{
	char *body = arena_alloc(&r->arena, out->len ? out->len : 1);
	size_t len = out->len;
	if (body)
		memcpy(body, out->p, len);
	buf_release(out);
	if (!body) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	res_header(r, "Content-Disposition",
		   arena_printf(&r->arena, "attachment; filename=\"students-%s.csv\"", code));
	res_header(r, "X-Total-Count", arena_printf(&r->arena, "%" PRId64, rows));
	api_audit_body_reply(r, audit, 1, 200, "text/csv; charset=utf-8", body, len);
}

void api_exports_students(struct req *r)
{
	const char *school = req_query(r, "school");
	const char *org = req_query(r, "org");
	if (school && !*school)
		school = NULL;
	if (org && !*org)
		org = NULL;
	if (!school == !org) {
		res_error(r, P_REQUIRED, school ? "org" : "school",
			  "Name one school (?school=CODE) or one organisation (?org=CODE).");
		return;
	}
	struct buf out;
	buf_init(&out, EXPORT_HTTP_MAX);
	struct problem p = {0};
	int64_t rows = 0;
	struct audit_entry *audit;
	struct export_options eo = {.code = school ? school : org,
				    .school_only = school != NULL,
				    .roles = ACCESS_REGISTRARS};
	int rc = export_students_as(api_app(r)->db, api_actor(r), &eo, &out, &rows, &audit, &p);
	if (!rc) {
		export_reply(r, eo.code, &out, rows, audit);
		return;
	}
	buf_release(&out);
	api_audit_reply(r, audit, audit ? 1 : 0, 0, NULL, &p);
}
