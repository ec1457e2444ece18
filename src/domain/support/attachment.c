/*
 * attachment.c: files attached to a ticket (attachment.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "core/mediatype.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"

#include "db/db.h"
#include "domain/support/attachment.h"

static bool media_accepted(const char *t)
{
	static const char *const ok[] = {"application/pdf", "image/jpeg", "image/png", "image/webp",
					 "image/heic"};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(t, ok[i]))
			return true;
	return false;
}

int support_attachment_check(struct support_attachment_upload *x)
{
	if (!x->len)
		return problem_set(&x->p, P_REQUIRED, "file",
				   "The file is empty; send its bytes as the body.");
	if (x->len > SUPPORT_ATTACHMENT_MAX)
		return problem_set(&x->p, P_BODY_TOO_LARGE, "file", NULL);
	mediatype_detect(x->bytes, x->len, x->media_type, sizeof(x->media_type));
	if (!media_accepted(x->media_type))
		return problem_set(&x->p, P_UNSUPPORTED_MEDIA_TYPE, "file",
				   "Send a PDF, JPEG, PNG, WebP or HEIC file.");
	uint8_t h[HASH_BYTES];
	hash_sha256(h, x->bytes, x->len);
	bytes_hex(x->sha256, h, HASH_BYTES);
	return ERR_OK;
}

int support_attachment_upload_tx(struct db_conn *c, void *ctx)
{
	struct support_attachment_upload *x = ctx;
	struct support_ticket t;
	struct access_decision d;
	int rc = support_ticket_for_write(c, x->by, x->id, x->now, "support.attach", &t, &d, &x->p);
	if (rc)
		return rc;
	if (t.role == SUPPORT_ORIGIN)
		return problem_set(&x->p, P_SUPPORT_READ_ONLY, NULL, NULL);
	if (!t.can.reply && !t.can.note)
		return problem_set(&x->p, P_TICKET_CLOSED, NULL, NULL);
	struct db_res res;
	struct db_val v[] = {DBV_INT(t.id),
			     DBV_NULL,
			     DBV_INT(t.org_id),
			     DBV_TEXT(x->name),
			     DBV_TEXT(x->media_type),
			     DBV_TEXT(x->sha256),
			     DBV_BLOB(x->bytes, x->len),
			     DBV_INT((int64_t)x->len),
			     DBV_INT(x->now),
			     DBV_INT(x->by->who->user_id)};
	rc = db_row(c, Q_SUPPORT_ATTACHMENT_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return problem_err(&x->p, rc);
	x->item = (struct support_attachment_item){
		.id = db_int(&res, C_SUPPORT_ATTACHMENT_INSERT__ID),
		.size = (int64_t)x->len,
		.uploaded_at = x->now,
		.name = x->name,
		.media_type = x->media_type,
		.sha256 = x->sha256};
	db_done(&res);
	return problem_err(&x->p, support_ticket_audit(c, x->by, &d, &t, "support.attach"));
}

static int fetch_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct support_attachment_fetch *x = ctx;
	struct arena *a = by->arena;
	struct support_ticket t;
	int rc = support_ticket_load(c, a, by->who, x->ticket, time_now_ms(), &t);
	if (rc == ERR_NOTFOUND) {
		x->d = (struct access_decision){0};
		return ERR_OK;
	}
	if (rc)
		return problem_err(&x->p, rc);
	const struct grant *g;
	support_role_of(by->who,
			&(struct support_ticket_ref){t.requester_id, t.org_path, t.origin_path},
			&g);
	support_decision(by->who, t.role, g, &x->d);
	x->student = t.student_id;
	if (!x->d.allowed)
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_INT(t.id), DBV_INT(x->id)};
	rc = db_row(c, Q_SUPPORT_ATTACHMENT_CONTENT, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return problem_err(&x->p, rc);
	x->item.id = db_int(&res, C_SUPPORT_ATTACHMENT_CONTENT__ID);
	x->item.size = db_int(&res, C_SUPPORT_ATTACHMENT_CONTENT__SIZE);
	x->item.name = db_dup(&res, C_SUPPORT_ATTACHMENT_CONTENT__NAME, a);
	x->item.media_type = db_dup(&res, C_SUPPORT_ATTACHMENT_CONTENT__MEDIA_TYPE, a);
	x->item.sha256 = db_dup(&res, C_SUPPORT_ATTACHMENT_CONTENT__SHA256, a);
	x->bytes = db_blob(&res, C_SUPPORT_ATTACHMENT_CONTENT__BYTES, a, &x->len);
	db_done(&res);
	if (!x->item.name || !x->item.media_type || !x->item.sha256 || !x->bytes)
		return problem_err(&x->p, ERR_NOMEM);
	return ERR_OK;
}

int support_attachment_fetch_read(struct db *db, const struct actor *by,
				  struct support_attachment_fetch *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, fetch_work, x);
	if (rc)
		return rc;
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such ticket.");
	else if (!x->bytes)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such attachment.");
	if (!x->student)
		return ERR_OK;
	rc = actor_audit_student_read(by, &x->d, "support.attachment.read", x->student, &x->audit,
				      &x->p);
	if (rc)
		return rc;
	x->naudit = 1;
	x->audit->subject = arena_printf(
		by->arena, "support_ticket:%" PRId64 " attachment:%" PRId64, x->ticket, x->id);
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such ticket.");
	return ERR_OK;
}
