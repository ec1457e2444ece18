/*
 * evidence.c: the evidence of a registration over HTTP.
 *
 *   POST /api/v1/exams/registrations/{id}/evidence?kind=category|exemption&code=C
 *        the file as the raw body (no multipart: a phone's web app sends
 *        the File as the fetch body); the type is found in the bytes;
 *        201 with the item (200 when the same bytes were stored for the
 *        claim already)
 *   GET  /api/v1/exams/registrations/{id}/evidence/{eid}
 *        the bytes, as an attachment, sandboxed
 *
 * The rules are domain/exams/evidence.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "api/exams/review_json.h"
#include "domain/exams/evidence.h"
#include "domain/common/instant.h"

static void upload_finish(struct req *r, int rc, void *arg)
{
	struct exam_evidence_upload *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	const char *where =
		arena_printf(&r->arena, "/api/v1/exams/registrations/%" PRId64 "/evidence/%" PRId64,
			     x->registration_id, x->item.id);
	if (!where) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	if (!x->existing)
		res_header(r, "Location", where);
	api_json(r, x->existing ? 200 : 201, exams_evidence_item_json(&x->item, x->offset));
}

void api_exam_evidence_upload(struct req *r)
{
	struct exam_evidence_upload *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->registration_id))
		return;
	x->now_ms = time_now_ms(); /* the request's arrival */
	x->lang = language_pick(req_header(r, "Accept-Language"));
	x->by = api_actor(r);
	x->kind = req_query(r, "kind");
	x->code = req_query(r, "code");
	if (!x->kind || !*x->kind) {
		res_error(r, P_REQUIRED, "kind",
			  "Say what the evidence is for: ?kind=category or "
			  "?kind=exemption.");
		return;
	}
	if (!exam_evidence_kind_valid(x->kind)) {
		res_error(r, P_INVALID, "kind", "A kind is category or exemption.");
		return;
	}
	if (!x->code || !*x->code) {
		res_error(r, P_REQUIRED, "code", "Say which category or exemption: ?code=...");
		return;
	}
	if (strlen(x->code) > EXAM_EVIDENCE_CODE_MAX) {
		res_error(r, P_EVIDENCE_NOT_CLAIMED, "code", NULL);
		return;
	}
	x->bytes = r->body.p;
	x->len = r->body.len;
	if (exam_evidence_check(x)) {
		res_problem(r, &x->p);
		return;
	}
	api_write(r, exam_evidence_upload_tx, x, upload_finish);
}

void api_exam_evidence_get(struct req *r)
{
	struct exam_evidence_fetch x = {0};
	if (!api_path_id_or_reply(r, "id", &x.registration_id) ||
	    !api_path_id_or_reply(r, "eid", &x.id))
		return;
	int rc = exam_evidence_fetch_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	if (!x.d.allowed || !x.bytes) {
		api_audit_reply(r, x.audit, 1, 0, NULL, &x.p);
		return;
	}
	/* Never shown inline: a file a candidate sent is data, not a page. */
	const char *t = x.item.media_type;
	const char *ext = !strcmp(t, "application/pdf") ? "pdf"
			  : !strcmp(t, "image/jpeg")	? "jpg"
			  : !strcmp(t, "image/png")	? "png"
			  : !strcmp(t, "image/webp")	? "webp"
			  : !strcmp(t, "image/heic")	? "heic"
							: "bin";
	const char *disposition = arena_printf(
		&r->arena, "attachment; filename=\"evidence-%" PRId64 ".%s\"", x.id, ext);
	if (!disposition) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	res_header(r, "Content-Disposition", disposition);
	res_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	res_header(r, "Cache-Control", "no-store");
	res_header(r, "X-Content-SHA256", x.item.sha256);
	api_audit_body_reply(r, x.audit, 1, 200, t, x.bytes, x.len);
}
