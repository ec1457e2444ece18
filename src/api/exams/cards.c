/*
 * cards.c: a candidate's admission card over HTTP.
 *
 *   GET /api/v1/exams/registrations/{id}/card
 *       200 {"registration","candidate_number","credential"} (the signed card);
 *       with Accept: image/svg+xml, the QR code of the whole signed card
 *
 * The rules are domain/exams/card.h's.
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/exams/card.h"
#include "domain/records/qr.h"

static bool wants_svg(struct req *r)
{
	const char *accept = req_header(r, "Accept");
	return accept && strstr(accept, "image/svg+xml");
}

static void card_finish(struct req *r, int rc, void *arg)
{
	struct exam_card *x = arg;
	if (rc) {
		json_decref(x->credential);
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Cache-Control", "no-store");
	if (wants_svg(r)) {
		char *text = json_dumps(x->credential, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(x->credential);
		struct buf b = BUF_INIT(0);
		rc = text ? qr_svg(text, x->candidate_number, &b, NULL) : ERR_NOMEM;
		free(text);
		const char *svg = rc ? NULL : arena_strdup(&r->arena, b.p);
		size_t len = b.len;
		buf_release(&b);
		if (!svg) {
			api_problem(r, rc ? rc : ERR_NOMEM, NULL);
			return;
		}
		api_audit_body_reply(r, x->view.audit, 1, 200, "image/svg+xml", svg, len);
		return;
	}
	json_t *o = json_pack("{s:I, s:s, s:o}", "registration", (json_int_t)x->registration_id,
			      "candidate_number", x->candidate_number, "credential", x->credential);
	api_audit_reply(r, x->view.audit, 1, 200, o, NULL);
}

void api_exam_card_get(struct req *r)
{
	struct exam_card *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->registration_id))
		return;
	x->by = api_actor(r);
	x->now = time_now_unix();
	int rc = exam_card_read(api_app(r)->db, x);
	if (rc) {
		if (x->view.audit)
			api_audit_reply(r, x->view.audit, 1, 0, NULL, &x->p);
		else
			api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, exam_card_sign_tx, x, card_finish);
}
