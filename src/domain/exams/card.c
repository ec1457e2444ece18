/*
 * card.c: admission cards (card.h): the credential around a seat, signed
 * with the exam office's key as school records are signed.
 */
#include "core/base.h"
#include "crypto/bytes.h"
#include "db/db.h"
#include "domain/exams/card.h"
#include "domain/records/credential.h"
#include "domain/records/proofset.h"
#include "domain/records/signing_key.h"
#include "domain/records/trust.h"

int exam_card_read(struct db *db, struct exam_card *x)
{
	x->view.id = x->registration_id;
	int rc = exam_registration_view_read(db, x->by, &x->view);
	if (rc) {
		x->p = x->view.p;
		return rc;
	}
	if (!x->view.d.allowed) {
		x->p = x->view.p;
		if (!x->p.code)
			problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
		return x->p.err;
	}
	if (!x->view.r.candidate_number)
		return problem_set(&x->p, P_NOT_ASSIGNED, NULL, NULL);
	return ERR_OK;
}

/* A JSON array from the stored text of one (an empty array if it is not). */
static json_t *array_of(const char *text)
{
	json_t *j = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (json_is_array(j))
		return j;
	json_decref(j);
	return json_array();
}

/* The unsigned card of registration r seated as the context row says. */
static json_t *card_json(const struct exam_registration *r, struct db_res *ctx, const char *did,
			 int64_t now, struct arena *a)
{
	size_t len;
	int64_t assigned = db_int0(ctx, C_CARD_CONTEXT__ASSIGNED_AT);
	json_t *subject = json_pack(
		"{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:I, s:I, "
		"s:o}",
		"type", "ExamCandidate", "registration", (json_int_t)r->id, "number", r->number,
		"candidate_number", db_text(ctx, C_CARD_CONTEXT__CANDIDATE_NUMBER, &len),
		"given_name", r->given_name ? r->given_name : "", "family_name",
		r->family_name ? r->family_name : "", "birth_date",
		r->birth_date ? r->birth_date : "", "national_id",
		r->national_id ? r->national_id : "", "session",
		db_text(ctx, C_CARD_CONTEXT__SESSION_NAME, &len), "pack",
		db_text(ctx, C_CARD_CONTEXT__PACK, &len), "council",
		db_text(ctx, C_CARD_CONTEXT__COUNCIL, &len), "site", "code",
		db_text(ctx, C_CARD_CONTEXT__SITE_CODE, &len), "name",
		db_text(ctx, C_CARD_CONTEXT__SITE_NAME, &len), "room",
		(json_int_t)db_int(ctx, C_CARD_CONTEXT__ROOM), "seat",
		(json_int_t)db_int(ctx, C_CARD_CONTEXT__SEAT), "subjects", array_of(r->subjects));
	const char *id = arena_printf(a, "urn:tabula:exam-card:%" PRId64 ":%s", r->id,
				      db_text(ctx, C_CARD_CONTEXT__CANDIDATE_NUMBER, &len));
	/* valid from its signing: the office's key may be younger than the seating */
	const char *from = trust_time_iso(a, now);
	const char *seated = trust_time_iso(a, assigned / 1000);
	if (subject && seated)
		json_object_set_new(subject, "assigned_at", json_string(seated));
	if (!subject || !id || !from || !seated) {
		json_decref(subject);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:[s, s], s:{s:s, s:s, s:s}, s:s, s:o}", "@context",
			 record_context_json(), "id", id, "type", "VerifiableCredential",
			 EXAM_CARD_TYPE, "issuer", "id", did, "code",
			 db_text(ctx, C_CARD_CONTEXT__OFFICE_CODE, &len), "name",
			 db_text(ctx, C_CARD_CONTEXT__OFFICE_NAME, &len), "validFrom", from,
			 "credentialSubject", subject);
}

int exam_card_sign_tx(struct db_conn *c, void *ctx)
{
	struct exam_card *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->registration_id);
	int rc = db_row(c, Q_CARD_CONTEXT, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	if (rc)
		return problem_err(&x->p, rc);
	if (db_null(&res, C_CARD_CONTEXT__CANDIDATE_NUMBER) ||
	    db_null(&res, C_CARD_CONTEXT__SITE_CODE)) {
		db_done(&res);
		return problem_set(&x->p, P_NOT_ASSIGNED, NULL, NULL);
	}
	int64_t office = db_int(&res, C_CARD_CONTEXT__OFFICE_ID);
	struct skey k;
	rc = skey_active_or_new(c, a, office, SKEY_SCHOOL, 0, x->now, &k, &x->p);
	if (rc) {
		db_done(&res);
		return rc;
	}
	char did[SKEY_DID_MAX];
	skey_did(&k, did);
	x->candidate_number = db_dup(&res, C_CARD_CONTEXT__CANDIDATE_NUMBER, a);
	json_t *card = card_json(&x->view.r, &res, did, x->now, a);
	db_done(&res);
	if (!card || !x->candidate_number) {
		json_decref(card);
		return problem_err(&x->p, ERR_NOMEM);
	}
	if (k.fresh)
		rc = skey_insert(c, &k, x->by->who ? x->by->who->user_id : 0);
	uint8_t sk[64];
	if (!rc)
		rc = skey_open(&k, sk);
	if (!rc) {
		rc = record_add_proof(card, &k, sk, x->now);
		bytes_wipe(sk, sizeof(sk));
	}
	if (rc) {
		json_decref(card);
		return problem_err(&x->p, rc);
	}
	x->credential = card;
	return ERR_OK;
}
