/*
 * documents.c: the documents of an application over HTTP.
 *
 *   POST /api/v1/admissions/applications/{id}/documents?kind=K
 *        the file as the raw body (no multipart: a phone's web app sends
 *        the File as the fetch body); the type is found in the bytes
 *   GET  /api/v1/admissions/applications/{id}/documents/{doc}
 *        the bytes, as an attachment, sandboxed
 *
 * The rules are domain/admissions/document.h's; where an application
 * stands (status, documents, reviews, missing documents) is encoded here
 * for every answer that shows an application.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/document.h"
#include "domain/admissions/review.h"

static json_t *instant_json(int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *document_json(const struct review_document *d)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)d->id, "kind",
			      d->kind, "media_type", d->media_type, "size", (json_int_t)d->size,
			      "sha256", d->sha256, "status", review_state_name(d->item.state));
	if (!j)
		return NULL;
	json_object_set_new(j, "uploaded_at", instant_json(d->uploaded_at));
	json_object_set_new(j, "reason",
			    d->item.reason ? json_string(d->item.reason) : json_null());
	return j;
}

static json_t *review_json(const struct review_item *it)
{
	json_t *j = json_pack("{s:s}", "status", review_state_name(it->state));
	if (!j)
		return NULL;
	json_object_set_new(j, "reason", it->reason ? json_string(it->reason) : json_null());
	json_object_set_new(j, "at", it->at ? instant_json(it->at) : json_null());
	json_object_set_new(j, "by", it->by ? json_string(it->by) : json_null());
	return j;
}

void admissions_verification_json(json_t *j, const struct verification *v)
{
	if (!j || !v)
		return;
	json_t *docs = json_array(), *reviews = json_object(), *missing = json_array();
	for (int i = 0; i < v->ndocuments; i++) {
		json_array_append_new(docs, document_json(&v->documents[i]));
		json_object_set_new(reviews, v->documents[i].item.target,
				    review_json(&v->documents[i].item));
	}
	for (int i = 0; i < v->nclaims; i++)
		json_object_set_new(reviews, v->claims[i].target, review_json(&v->claims[i]));
	for (int i = 0; i < v->nmissing; i++)
		json_array_append_new(missing, json_string(v->missing[i]));
	json_object_set_new(j, "status", json_string(application_status_name(v->status)));
	json_object_set_new(j, "documents", docs);
	json_object_set_new(j, "reviews", reviews);
	json_object_set_new(j, "missing_documents", missing);
}

bool admissions_review_filter_or_reply(struct req *r, int *out)
{
	const char *v = req_query(r, "review");
	enum application_status st;
	*out = 0;
	if (!v || !*v)
		return true;
	/* "pending" is the queue's word for a submitted application. */
	if (!strcmp(v, "pending"))
		st = APPLICATION_SUBMITTED;
	else if (!strcmp(v, "submitted") || !application_status_parse(v, &st)) {
		res_error(r, P_INVALID, "review", "review is pending, returned or verified.");
		return false;
	}
	*out = (int)st + 1;
	return true;
}

static void upload_finish(struct req *r, int rc, void *arg)
{
	struct document_upload *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	const char *where = arena_printf(
		&r->arena, "/api/v1/admissions/applications/%" PRId64 "/documents/%" PRId64,
		x->application_id, x->id);
	if (!where) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	if (!x->existing)
		res_header(r, "Location", where);
	api_json(r, x->existing ? 200 : 201, document_json(&x->doc));
}

void api_documents_upload(struct req *r)
{
	struct document_upload *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->application_id))
		return;
	x->by = api_actor(r);
	const char *kind = req_query(r, "kind");
	if (!kind || !*kind) {
		res_error(r, P_REQUIRED, "kind", "Say which document this is: ?kind=...");
		return;
	}
	if (!document_kind_valid(kind)) {
		res_error(r, P_INVALID, "kind", "A kind is 1 to 64 characters of a-z, 0-9 and _.");
		return;
	}
	x->kind = kind;
	x->bytes = r->body.p;
	x->len = r->body.len;
	if (document_upload_check(x)) {
		res_problem(r, &x->p);
		return;
	}
	api_write(r, document_upload_tx, x, upload_finish);
}

void api_documents_get(struct req *r)
{
	struct document_fetch x = {0};
	if (!api_path_id_or_reply(r, "id", &x.application_id) ||
	    !api_path_id_or_reply(r, "doc", &x.id))
		return;
	int rc = document_fetch_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	if (!x.d.allowed || !x.bytes) {
		api_audit_reply(r, x.audit, 1, 0, NULL, &x.p);
		return;
	}
	api_file_reply(r, x.audit, x.kind, x.id, x.media_type, x.sha256, x.bytes, x.len);
}
