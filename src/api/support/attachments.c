/*
 * attachments.c: files attached to a ticket over HTTP.
 *
 *   POST /api/v1/support/tickets/{id}/attachments?name=FILE  the file as
 *        the raw body; its type is found in the bytes; 201 with the item
 *   GET  /api/v1/support/tickets/{id}/attachments/{aid}       the bytes,
 *        as an attachment, sandboxed
 *
 * The rules are domain/support/attachment.h's.
 */
#include "core/base.h"
#include <ctype.h>
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "api/support/support.h"
#include "domain/support/attachment.h"

static void upload_finish(struct req *r, int rc, void *arg)
{
	struct support_attachment_upload *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location",
		   arena_printf(&r->arena,
				"/api/v1/support/tickets/%" PRId64 "/attachments/%" PRId64, x->id,
				x->item.id));
	api_json(r, 201, support_attachment_json(&x->item));
}

/* A file name as given, or NULL when it has a path, a control character,
 * a quote or is too long. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > (size_t)SUPPORT_ATTACHMENT_NAME * 4 || !utf8_valid(s, n) ||
	    utf8_length(s, n) > SUPPORT_ATTACHMENT_NAME)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == '"')
			return false;
	return strcmp(s, ".") && strcmp(s, "..");
}

void api_support_attachments_upload(struct req *r)
{
	struct support_attachment_upload *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->now = time_now_ms();
	x->by = api_actor(r);
	const char *name = req_query(r, "name");
	if (!name || !*name) {
		res_error(r, P_REQUIRED, "name", "Give the file's name: ?name=...");
		return;
	}
	if (!name_ok(name)) {
		res_error(r, P_INVALID, "name",
			  "A file name is 1 to 200 characters, without a path or quotes.");
		return;
	}
	x->name = arena_strdup(&r->arena, name);
	x->bytes = r->body.p;
	x->len = r->body.len;
	if (!x->name) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	if (support_attachment_check(x)) {
		res_problem(r, &x->p);
		return;
	}
	api_write(r, support_attachment_upload_tx, x, upload_finish);
}

void api_support_attachments_get(struct req *r)
{
	struct support_attachment_fetch x = {0};
	if (!api_path_id_or_reply(r, "id", &x.ticket) || !api_path_id_or_reply(r, "aid", &x.id))
		return;
	int rc = support_attachment_fetch_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	if (!x.d.allowed || !x.bytes) {
		api_audit_reply(r, x.audit, x.naudit, 0, NULL, &x.p);
		return;
	}
	/* Never shown inline: a file someone sent is data, not a page. The
	 * name as stored has no quote or control character; a name beyond
	 * ASCII goes as RFC 8187 filename*. */
	const char *disposition =
		arena_printf(&r->arena, "attachment; filename=\"%s\"", x.item.name);
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)x.item.name; *p && ascii; p++)
		ascii = *p >= 0x20 && *p < 0x7f;
	if (!ascii) {
		size_t n = strlen(x.item.name);
		char *enc = arena_alloc(&r->arena, n * 3 + 1), *o = enc;
		for (const unsigned char *p = (const unsigned char *)x.item.name; enc && *p; p++) {
			if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_')
				*o++ = (char)*p;
			else
				o += snprintf(o, 4, "%%%02X", *p);
		}
		if (enc)
			*o = 0;
		disposition = enc ? arena_printf(&r->arena,
						 "attachment; filename=\"attachment-%" PRId64
						 "\"; filename*=UTF-8''%s",
						 x.id, enc)
				  : NULL;
	}
	if (!disposition) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	res_header(r, "Content-Disposition", disposition);
	res_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	res_header(r, "Cache-Control", "no-store");
	res_header(r, "X-Content-SHA256", x.item.sha256);
	api_audit_body_reply(r, x.audit, x.naudit, 200, x.item.media_type, x.bytes, x.len);
}
