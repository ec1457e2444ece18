/*
 * imports.c: bulk import and export of students over HTTP.
 *
 *   POST /api/v1/imports/students    a CSV body; 202 with a job to follow
 *   GET  /api/v1/exports/students    ?school=CODE or ?org=CODE: a CSV file
 *
 * An upload is checked at once (type, size, header row) and refused with a
 * problem and no job if it is not a student CSV; otherwise a job row is made
 * and the import runs on a background thread of its own (see
 * domain/import.h), at most JOBS_MAX_RUNNING at a time. The caller follows
 * it at /api/v1/jobs/{id}. Both need a registrar role; every row's school,
 * and the exported organisation, must be within the caller's reach.
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/registry/import.h"
#include "domain/common/job.h"

#include <strings.h>

/* Largest export answered over HTTP; past it use the command line. */
#define EXPORT_HTTP_MAX ((size_t)64 * 1024 * 1024)

/* ---- import ---- */

/* What a background import owns: the body, a copy of the caller. */
struct import_task {
	struct db *db;
	int64_t job_id;
	char *data; /* malloc'd: the request body, detached */
	size_t len;
	struct arena arena; /* the principal's strings */
	struct principal who;
};

static void import_task_free(struct import_task *t)
{
	if (!t)
		return;
	free(t->data);
	arena_release(&t->arena);
	free(t);
}

static void *import_thread(void *arg)
{
	struct import_task *t = arg;
	struct import_mem m = {.data = t->data, .len = t->len};
	struct import_source src = {.read = import_mem_read, .ctx = &m};
	struct import_options o = {.db = t->db,
				   .job_id = t->job_id,
				   .who = &t->who,
				   .roles = API_REGISTRARS,
				   .should_stop = jobs_stopping};
	struct import_result res;
	int rc = import_students(&o, &src, &res);
	log_info("import job %" PRId64 " by %s %s: %s", t->job_id, t->who.username,
		 rc ? "failed" : "done", res.message);
	import_task_free(t);
	jobs_end();
	return NULL;
}

/* Copy the caller out of the request arena, which dies with the request. */
static int principal_copy(struct arena *a, const struct principal *from, struct principal *to)
{
	*to = *from;
	to->username = arena_strdup(a, from->username ? from->username : "");
	if (!to->username)
		return ERR_NOMEM;
	for (int i = 0; i < to->ngrants; i++) {
		const struct grant *g = &from->grants[i];
		to->grants[i].org_code = g->org_code ? arena_strdup(a, g->org_code) : NULL;
		to->grants[i].org_path = g->org_path ? arena_strdup(a, g->org_path) : NULL;
		if ((g->org_code && !to->grants[i].org_code) ||
		    (g->org_path && !to->grants[i].org_path))
			return ERR_NOMEM;
	}
	return ERR_OK;
}

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
		res_error(r, P_UNSUPPORTED_MEDIA_TYPE, NULL, "Send the file as text/csv in UTF-8, with a header row of student "
			  "field names.");
	return ok;
}

struct import_start {
	struct req *r;
	int64_t total;
	int64_t job_id;
};

static int import_job_create(struct db_conn *c, void *arg)
{
	struct import_start *x = arg;
	return job_create(c, IMPORT_KIND_STUDENTS, api_principal(x->r)->user_id, x->total,
			  &x->job_id);
}

static int import_job_abandon(struct db_conn *c, void *arg)
{
	const int64_t *id = arg;
	return job_finish(c, *id, "failed", 0, 0, 0,
			  "The server could not start the import. Try again.");
}

/* Answer 503 for an import that cannot run (now or at all). */
static void busy_reply(struct req *r, int rc)
{
	res_header(r, "Retry-After", "5");
	res_error(r, rc == ERR_UNSUPPORTED ? P_SHUTTING_DOWN : P_BUSY, NULL, rc == ERR_UNSUPPORTED ? "The server is stopping. Try again in a moment."
					: "Too many imports are running. Try again in a moment.");
}

static void import_started(struct req *r, int rc, void *arg)
{
	struct import_start *x = arg;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	/* The thread's slot is taken only now that the job row exists: taken
	 * earlier, it would be lost if the server stopped before this ran. */
	rc = jobs_begin();
	struct import_task *t = rc ? NULL : calloc(1, sizeof(*t));
	if (t) {
		t->db = api_app(r)->db;
		t->job_id = x->job_id;
		arena_init(&t->arena, 1024, 0);
		t->data = buf_detach(&r->body, &t->len);
		if (principal_copy(&t->arena, api_principal(r), &t->who) ||
		    jobs_spawn(import_thread, t)) {
			import_task_free(t);
			t = NULL;
		}
	}
	if (!t) {
		if (!rc)
			jobs_end();
		/* Rare (a race for the last slot, no memory, no thread): the
		 * row must not stay "running". */
		db_write(api_app(r)->db, import_job_abandon, &x->job_id);
		busy_reply(r, rc ? rc : ERR_RETRY);
		return;
	}
	const char *loc = arena_printf(&r->arena, "/api/v1/jobs/%" PRId64, x->job_id);
	res_header(r, "Location", loc);
	res_json(r, 202,
		 json_pack("{s:I, s:s, s:s, s:I}", "job", (json_int_t)x->job_id, "status",
			   "running", "location", loc, "total", (json_int_t)x->total));
}

void api_imports_students(struct req *r)
{
	if (r->body_too_large) {
		res_error(r, P_BODY_TOO_LARGE, NULL, "The file is larger than the server accepts; split it, or import it "
			  "with the tabula import command.");
		return;
	}
	if (!csv_type_or_reply(r))
		return;
	if (!r->body.len) {
		res_error(r, P_EMPTY_BODY, NULL, "The body is empty: send the CSV file, starting with its header row.");
		return;
	}
	if (memchr(r->body.p, '\0', r->body.len)) {
		res_error(r, P_NOT_CSV, NULL, "The body is not a CSV text file (it holds NUL bytes). Save the sheet as "
			  "CSV UTF-8.");
		return;
	}
	struct import_start *x = arena_calloc(&r->arena, 1, sizeof(*x));
	char *msg = arena_alloc(&r->arena, 512);
	if (!x || !msg) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
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
	api_write(r, import_job_create, x, import_started);
}

/* ---- export ---- */

void api_exports_students(struct req *r)
{
	const char *school = req_query(r, "school");
	const char *org = req_query(r, "org");
	if (school && !*school)
		school = NULL;
	if (org && !*org)
		org = NULL;
	if (!school == !org) {
		res_error(r, P_REQUIRED, school ? "org" : "school", "Name one school (?school=CODE) or one organisation (?org=CODE).");
		return;
	}
	struct buf out;
	buf_init(&out, EXPORT_HTTP_MAX);
	struct problem p = {0};
	int64_t rows = 0;
	struct export_options eo = {.code = school ? school : org,
				    .school_only = school != NULL,
				    .roles = API_REGISTRARS};
	int rc = export_students(api_app(r)->db, api_principal(r), &eo, &out, &rows, &p);
	/* One audit entry per export, naming the org (not each student). */
	struct access_decision d;
	access_absent(api_principal(r), &d); /* the entry names the caller's first grant */
	d.allowed = rc != ERR_FORBIDDEN && rc != ERR_NOTFOUND;
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!e) {
		buf_release(&out);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	api_audit_fill(r, &d, "student.export", 0, e);
	e->subject = arena_strdup(&r->arena, school ? school : org);
	if (rc == ERR_FORBIDDEN) {
		buf_release(&out);
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	if (rc == ERR_TOOLARGE) {
		buf_release(&out);
		res_error(r, P_EXPORT_TOO_LARGE, NULL, "This export is too large to send at once: export one school or "
			  "district at a time, or use the tabula export command.");
		return;
	}
	if (rc) {
		buf_release(&out);
		if (school && p.field && !strcmp(p.field, "org"))
			p.field = "school";
		api_problem(r, rc, &p);
		return;
	}
	char *body = arena_alloc(&r->arena, out.len ? out.len : 1);
	if (!body) {
		buf_release(&out);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	memcpy(body, out.p, out.len);
	size_t len = out.len;
	buf_release(&out);
	res_header(r, "Content-Disposition",
		   arena_printf(&r->arena, "attachment; filename=\"students-%s.csv\"",
				school ? school : org));
	res_header(r, "X-Total-Count", arena_printf(&r->arena, "%" PRId64, rows));
	api_audit_body_reply(r, e, 1, 200, "text/csv; charset=utf-8", body, len);
}
