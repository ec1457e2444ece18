/*
 * records.c: signed school records over HTTP (docs/records.md):
 *
 *   GET  /api/v1/records/{id}                      the credential (?download=1: a file)
 *   GET  /api/v1/records/{id}/qr.svg               the printed record's QR code
 *   POST /api/v1/records                           a draft for one student and year
 *   POST /api/v1/classes/{id}/records              drafts for a whole class
 *   POST /api/v1/records/{id}/sign                 the homeroom teacher, then the principal
 *   POST /api/v1/classes/{id}/records/sign         the homeroom teacher signs the class
 *   POST /api/v1/orgs/{code}/records/sign          a principal seals the school's year
 *   POST /api/v1/records/{id}/correct              a new version of a sealed record
 *   POST /api/v1/records/{id}/share                a holder shares the whole record
 *
 * Reads answer once their audit entries are durable (record.h); the
 * workflow is prepared on the request's thread and stored by one
 * group-commit job (workflow.h). Lists are listing.c's, verification
 * verify.c's, keys signing_keys.c's and trust_list.c's.
 */
#include "core/base.h"
#include "core/log.h"

#include <ctype.h>

#include "core/json.h"
#include "api/common/api.h"
#include "api/records/encode.h"
#include "api/records/handlers.h"
#include "domain/common/calendar.h"
#include "domain/records/qr.h"
#include "domain/records/workflow.h"

/* ---- reads ---- */

/* The {id} record if the caller may read it, its `record.read` audit entry
 * (`what` after "record:ID") ready for the answer; NULL once answered (a
 * refusal is answered 404 and recorded, as for an absent record). */
static struct record_read *readable_or_reply(struct req *r, const char *what)
{
	struct record_read *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return NULL;
	struct actor *by = api_actor(r);
	if (!api_path_id_or_reply(r, "id", &x->id))
		return NULL;
	x->what = what;
	int rc = record_read_as(api_app(r)->db, by, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return NULL;
	}
	if (!x->allowed) {
		api_audit_reply(r, &x->entry, 1, 0, NULL, &x->p);
		return NULL;
	}
	return x;
}

void api_records_get(struct req *r)
{
	struct record_read *x = readable_or_reply(r, "");
	if (!x)
		return;
	const char *dl = req_query(r, "download");
	bool download = dl && (!strcmp(dl, "1") || !strcmp(dl, "true"));
	if (download)
		res_header(r, "Content-Disposition",
			   arena_printf(&r->arena,
					"attachment; filename=\"school-record-%d-%d-%" PRId64
					"-v%d.json\"",
					x->row.school_year, x->row.school_year + 1,
					x->row.person_id, x->row.version));
	res_header(r, "Cache-Control", "no-store");
	api_audit_body_reply(r, &x->entry, 1, 200, download ? "application/vc" : "application/json",
			     x->row.credential, strlen(x->row.credential));
}

/* This server's public address: the public_url setting, else the request's
 * Host (letters, digits, '.', '-', ':', '[', ']' only). */
static const char *public_base(struct req *r)
{
	const struct app *app = api_app(r);
	const char *u = app->cfg ? app->cfg->public_url : NULL;
	if (u && *u) {
		size_t n = strlen(u);
		while (n && u[n - 1] == '/')
			n--;
		return arena_printf(&r->arena, "%.*s", (int)n, u);
	}
	const char *host = req_header(r, "Host");
	bool ok = host && *host && strlen(host) < 256;
	for (const char *c = host; ok && *c; c++)
		ok = isalnum((unsigned char)*c) || strchr(".-:[]", *c);
	return arena_printf(&r->arena, "%s://%s", app->tls ? "https" : "http",
			    ok ? host : "localhost");
}

void api_records_qr(struct req *r)
{
	struct record_read *x = readable_or_reply(r, " qr");
	if (!x)
		return;
	struct buf b = BUF_INIT(0);
	int rc = qr_record_svg(public_base(r), x->row.uuid, x->row.credential, &b);
	const char *svg = rc ? NULL : arena_strdup(&r->arena, b.p);
	size_t len = b.len;
	buf_release(&b);
	if (!svg) {
		api_problem(r, rc ? rc : ERR_NOMEM, NULL);
		return;
	}
	res_header(r, "Cache-Control", "no-store");
	api_audit_body_reply(r, &x->entry, 1, 200, "image/svg+xml", svg, len);
}

/* ---- the workflow ---- */

static json_t *item_json(const struct record_item *it)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:b, s:i}", "id", (json_int_t)it->id, "uuid",
			 it->uuid, "student", (json_int_t)it->person_id, "status",
			 record_status_name(it->to), "stale", it->stale, "version", it->version);
}

static json_t *ids_json(const int64_t *ids, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* A bulk operation's answer: how many reached `to` (as done_key), which
 * records went stale, which students were left out and why. */
static void reply_bulk(struct req *r, const struct record_batch *b)
{
	const char *done_key = b->op == RECORD_OP_CREATE ? "created"
			       : b->op == RECORD_OP_SIGN ? "signed"
							 : "sealed";
	enum record_status to = b->op == RECORD_OP_CREATE ? RECORD_DRAFT
				: b->op == RECORD_OP_SIGN ? RECORD_TEACHER_SIGNED
							  : RECORD_SEALED;
	json_t *items = json_array(), *stale = json_array();
	for (int i = 0; i < b->n; i++) {
		json_array_append_new(items, item_json(&b->items[i]));
		if (b->items[i].stale)
			json_array_append_new(stale, json_integer(b->items[i].id));
	}
	api_json(r, 200,
		 json_pack("{s:i, s:o, s:o, s:o, s:o}", done_key, record_batch_count(b, to, false),
			   "stale", stale, "incomplete", ids_json(b->incomplete, b->nincomplete),
			   "skipped", ids_json(b->existing, b->nexisting), "records", items));
}

static void work_finish(struct req *r, int rc, void *arg)
{
	struct record_work *w = arg;
	if (!rc)
		rc = record_work_result(api_app(r)->db, w);
	if (rc) {
		api_problem(r, rc, &w->b.p);
		return;
	}
	if (!w->single) {
		reply_bulk(r, &w->b);
		return;
	}
	bool made = w->op == RECORD_OP_CREATE || w->op == RECORD_OP_CORRECT;
	api_json(r, made ? 201 : 200, records_summary_json(&r->arena, &w->row));
}

static struct record_work *work_new(struct req *r, enum record_op op)
{
	struct record_work *w = arena_calloc(&r->arena, 1, sizeof(*w));
	if (!w || !(w->by = api_actor(r))) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	w->op = op;
	w->now = time_now_unix();
	return w;
}

/* Prepare on this thread, then store through the group commit. A refusal
 * is on record before it is answered. */
static void run(struct req *r, struct record_work *w)
{
	int rc = record_work_prepare(api_app(r)->db, w);
	if (w->refused)
		api_audit_reply(r, w->refused, 1, 0, NULL, &w->b.p);
	else if (rc)
		api_problem(r, rc, &w->b.p);
	else if (!w->b.n)
		work_finish(r, ERR_OK, w);
	else
		api_write(r, record_work_store_tx, w, work_finish);
}

/* A {"school_year": "2025-2026"} member, and for `student`, the student. */
static bool body_or_reply(struct req *r, int64_t *student, int *year)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return false;
	struct problem p = {0};
	const char *text = NULL;
	int rc = student ? json_get_int(body, "student", true, 1, INT64_MAX, student, &p) : ERR_OK;
	if (!rc)
		rc = json_get_string(body, "school_year", true, 16, &text, &p);
	if (!rc)
		rc = school_year_parse(text, year, &p);
	json_decref(body);
	if (rc)
		api_problem(r, rc, &p);
	return rc == ERR_OK;
}

void api_records_create(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_CREATE);
	if (w && body_or_reply(r, &w->person_id, &w->school_year))
		run(r, w);
}

void api_records_create_class(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_CREATE);
	if (w && api_path_id_or_reply(r, "id", &w->class_id))
		run(r, w);
}

void api_records_sign_class(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_SIGN);
	if (w && api_path_id_or_reply(r, "id", &w->class_id))
		run(r, w);
}

/* The homeroom teacher signs a draft; a principal a teacher-signed record. */
void api_records_sign(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_SIGN);
	if (w && api_path_id_or_reply(r, "id", &w->record_id))
		run(r, w);
}

void api_records_correct(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_CORRECT);
	if (w && api_path_id_or_reply(r, "id", &w->record_id))
		run(r, w);
}

void api_records_seal_school(struct req *r)
{
	struct record_work *w = work_new(r, RECORD_OP_SEAL);
	if (!w || !body_or_reply(r, NULL, &w->school_year))
		return;
	w->school = req_param(r, "code");
	run(r, w);
}

/* ---- sharing ---- */

static void share_finish(struct req *r, int rc, void *arg)
{
	struct record_share *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)x->id, "shared", x->full));
}

/* The body of a sharing: {"full": bool}. */
static int share_decode(struct req *r, json_t *body, void *ctx)
{
	struct record_share *x = ctx;
	UNUSED(r);
	return json_get_bool(body, "full", true, &x->full, &x->p);
}

void api_records_share(struct req *r)
{
	struct record_share *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	api_write_body(r, share_decode, x, &x->p, record_share_tx, share_finish);
}
