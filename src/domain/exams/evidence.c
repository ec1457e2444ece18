/*
 * evidence.c: the evidence candidates upload for their claims, and the
 * registration as the evidence and the reviews see it (evidence.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/mediatype.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/exams/evidence.h"
#include "domain/exams/instant.h"
#include "domain/exams/pack.h"
#include "domain/exams/registration.h"
#include "domain/exams/session.h"

/* ---- the registration ---- */

int exam_reg_ref_get(struct db_conn *c, struct arena *a, int64_t id, struct exam_reg_ref *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_EXAM_EVIDENCE_REGISTRATION, &v, 1, &res);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__ID);
	out->session_id = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__SESSION_ID);
	out->person_id = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__PERSON_ID);
	out->org_id = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__ORG_ID);
	out->org_path = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__ORG_PATH, a);
	out->office_path = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__OFFICE_PATH, a);
	out->status = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__STATUS, a);
	out->pack = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__PACK, a);
	out->time_zone = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__TIME_ZONE, a);
	bool nomem = !out->org_path || !out->office_path || !out->status || !out->pack ||
		     !out->time_zone;
	if (!db_null(&res, C_EXAM_EVIDENCE_REGISTRATION__STATUS_REASON)) {
		out->status_reason = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__STATUS_REASON, a);
		nomem |= !out->status_reason;
	}
	if (!db_null(&res, C_EXAM_EVIDENCE_REGISTRATION__CATEGORY)) {
		out->category = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__CATEGORY, a);
		nomem |= !out->category;
	}
	if (!db_null(&res, C_EXAM_EVIDENCE_REGISTRATION__EXEMPTIONS)) {
		out->exemptions = db_dup(&res, C_EXAM_EVIDENCE_REGISTRATION__EXEMPTIONS, a);
		nomem |= !out->exemptions;
	}
	out->opens_at_ms = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__OPENS_AT_MS);
	out->closes_at_ms = db_int(&res, C_EXAM_EVIDENCE_REGISTRATION__CLOSES_AT_MS);
	out->assigned = !db_null(&res, C_EXAM_EVIDENCE_REGISTRATION__ASSIGNED_AT);
	db_done(&res);
	if (out->time_zone && !zone_offset(out->time_zone, &out->offset))
		out->offset = 0;
	return nomem ? ERR_NOMEM : ERR_OK;
}

/* The caller's grant that makes it the candidate of r: a candidate or
 * student account whose own person is r's. */
static const struct grant *self_grant(const struct principal *who, const struct exam_reg_ref *r)
{
	if (!who->person_id || who->person_id != r->person_id)
		return NULL;
	for (int i = 0; i < who->ngrants; i++)
		if (who->grants[i].role == ROLE_CANDIDATE || who->grants[i].role == ROLE_STUDENT)
			return &who->grants[i];
	return NULL;
}

void exam_reg_access(const struct actor *by, const struct exam_reg_ref *r,
		     struct access_decision *d, bool *reviewer)
{
	const struct principal *who = by->who;
	memset(d, 0, sizeof(*d));
	*reviewer = false;
	if (!who)
		return;
	const struct grant *g = principal_reach(who, ACCESS_REGISTRARS, r->org_path);
	if (g) {
		*reviewer = true;
	} else {
		g = self_grant(who, r);
		if (!g)
			g = principal_reach(who, ACCESS_REGISTRARS, r->office_path);
	}
	d->allowed = d->visible = g != NULL;
	d->grant = g ? g : (who->ngrants ? &who->grants[0] : NULL);
}

int exam_reg_claims(struct arena *a, const struct exam_reg_ref *r, const char ***out, int *n)
{
	json_t *ex = r->exemptions ? json_loads(r->exemptions, 0, NULL) : NULL;
	size_t nex = json_is_array(ex) ? json_array_size(ex) : 0;
	const char **v = arena_calloc(a, nex + 2, sizeof(*v));
	int k = 0;
	if (!v) {
		json_decref(ex);
		return ERR_NOMEM;
	}
	if (r->category && *r->category)
		v[k++] = arena_printf(a, "category:%s", r->category);
	for (size_t i = 0; i < nex; i++) {
		/* An exemption is stored as its code, or as {"code", ...}. */
		json_t *e = json_array_get(ex, i);
		if (json_is_object(e))
			e = json_object_get(e, "code");
		if (json_is_string(e))
			v[k++] = arena_printf(a, "exemption:%s", json_string_value(e));
	}
	json_decref(ex);
	for (int i = 0; i < k; i++)
		if (!v[i])
			return ERR_NOMEM;
	*out = v;
	*n = k;
	return ERR_OK;
}

/* ---- items ---- */

/* The current row of the `exam_evidence` columns into *it (strings in a). */
static int item_read_row(struct db_res *res, struct arena *a, struct exam_evidence_item *it)
{
	memset(it, 0, sizeof(*it));
	it->id = db_int(res, C_EXAM_EVIDENCE__ID);
	it->kind = db_dup(res, C_EXAM_EVIDENCE__KIND, a);
	it->code = db_dup(res, C_EXAM_EVIDENCE__CODE, a);
	it->media_type = db_dup(res, C_EXAM_EVIDENCE__MEDIA_TYPE, a);
	it->sha256 = db_dup(res, C_EXAM_EVIDENCE__SHA256, a);
	it->size = db_int(res, C_EXAM_EVIDENCE__SIZE);
	it->uploaded_at_ms = db_int(res, C_EXAM_EVIDENCE__UPLOADED_AT_MS);
	if (!db_null(res, C_EXAM_EVIDENCE__UPLOADED_BY) &&
	    !(it->uploaded_by = db_dup(res, C_EXAM_EVIDENCE__UPLOADED_BY, a)))
		return ERR_NOMEM;
	return it->kind && it->code && it->media_type && it->sha256 ? ERR_OK : ERR_NOMEM;
}

/* Whether claim asks for evidence: a category always; an exemption when
 * its pack says "evidence": true (or the pack is unknown). */
static bool claim_needs_evidence(const struct exam_reg_ref *r, const char *claim)
{
	if (strncmp(claim, "exemption:", 10))
		return true;
	const struct exam_pack *pk = r->pack ? exam_pack_find(r->pack) : NULL;
	for (int i = 0; pk && i < pk->nexemptions; i++)
		if (!strcmp(pk->exemptions[i].code, claim + 10))
			return pk->exemptions[i].evidence;
	return true;
}

int exam_evidence_state_read(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			     struct exam_evidence_state *out)
{
	memset(out, 0, sizeof(*out));
	struct db_res res;
	struct db_val v = DBV_INT(r->id);
	int rc = db_query(c, Q_EXAM_EVIDENCE_OF, &v, 1, &res);
	int cap = 0, step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (out->n == cap) {
			int ncap = cap ? 2 * cap : 4;
			struct exam_evidence_item *grown =
				arena_calloc(a, (size_t)ncap, sizeof(*grown));
			if (!grown) {
				rc = ERR_NOMEM;
				break;
			}
			if (out->n)
				memcpy(grown, out->items, (size_t)out->n * sizeof(*grown));
			out->items = grown;
			cap = ncap;
		}
		rc = item_read_row(&res, a, &out->items[out->n++]);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	const char **claims;
	int nclaims;
	rc = exam_reg_claims(a, r, &claims, &nclaims);
	if (rc)
		return rc;
	out->missing = arena_calloc(a, (size_t)nclaims + 1, sizeof(*out->missing));
	if (!out->missing)
		return ERR_NOMEM;
	for (int i = 0; i < nclaims; i++) {
		if (!claim_needs_evidence(r, claims[i]))
			continue;
		bool has = false;
		for (int j = 0; !has && j < out->n; j++) {
			const struct exam_evidence_item *it = &out->items[j];
			size_t kl = strlen(it->kind);
			has = !strncmp(claims[i], it->kind, kl) && claims[i][kl] == ':' &&
			      !strcmp(claims[i] + kl + 1, it->code);
		}
		if (!has)
			out->missing[out->nmissing++] = claims[i];
	}
	return ERR_OK;
}

/* ---- upload ---- */

bool exam_evidence_media_accepted(const char *t)
{
	static const char *const ok[] = {"application/pdf", "image/jpeg", "image/png", "image/webp",
					 "image/heic"};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(t, ok[i]))
			return true;
	return false;
}

bool exam_evidence_kind_valid(const char *s)
{
	return s && (!strcmp(s, "category") || !strcmp(s, "exemption"));
}

int exam_evidence_check(struct exam_evidence_upload *x)
{
	if (!x->len)
		return problem_set(&x->p, P_REQUIRED, "file",
				   "The file is empty; send the document's bytes as the body.");
	if (x->len > EXAM_EVIDENCE_MAX_BYTES)
		return problem_set(&x->p, P_BODY_TOO_LARGE, "file", NULL);
	mediatype_detect(x->bytes, x->len, x->media_type, sizeof(x->media_type));
	if (!exam_evidence_media_accepted(x->media_type))
		return problem_set(&x->p, P_UNSUPPORTED_MEDIA_TYPE, "file",
				   "Send a PDF, JPEG, PNG, WebP or HEIC file.");
	uint8_t h[HASH_BYTES];
	hash_sha256(h, x->bytes, x->len);
	bytes_hex(x->sha256, h, HASH_BYTES);
	return ERR_OK;
}

/* Whether r takes an upload at now: its window open, or closed with the
 * registration returned and rooms not yet assigned. Closed: the window's
 * refusal, in lang, with the closing instant (registration.h). */
static int upload_window(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			 int64_t now, const char *lang, struct problem *p)
{
	if (r->assigned)
		return problem_set(p, P_ROOMS_ASSIGNED, NULL, NULL);
	if (now < r->closes_at_ms || !strcmp(r->status, "returned"))
		return ERR_OK;
	struct exam_session s;
	int rc = exam_session_get(c, a, r->session_id, &s);
	if (rc)
		return problem_err(p, rc);
	rc = exam_window_check(&s, now, lang, a, p);
	return rc ? rc : problem_set(p, P_REGISTRATION_CLOSED, NULL, NULL);
}

/* Decide the uploader: the candidate or a registrar reaching the school.
 * Refused: noted; p says 404 (out of sight) or 403. */
static int uploader_decide(struct actor *by, const struct exam_reg_ref *r, const char *subject,
			   struct access_decision *d, struct problem *p)
{
	bool reviewer;
	exam_reg_access(by, r, d, &reviewer);
	if (d->allowed && (reviewer || self_grant(by->who, r)))
		return ERR_OK;
	bool seen = d->allowed;
	d->allowed = false;
	int rc = actor_refuse(by, d, "exams.evidence.upload", r->person_id, subject);
	if (rc)
		return problem_err(p, rc);
	if (!seen)
		return problem_set(p, P_NOT_FOUND, NULL, "No such registration.");
	return problem_set(p, P_FORBIDDEN, NULL,
			   "Only the candidate and the staff of the candidate's school upload "
			   "evidence.");
}

int exam_evidence_upload_tx(struct db_conn *c, void *ctx)
{
	struct exam_evidence_upload *x = ctx;
	struct arena *a = x->by->arena;
	struct exam_reg_ref r;
	int rc = exam_reg_ref_get(c, a, x->registration_id, &r);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *subject = arena_printf(a, "exam_registration:%" PRId64, r.id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	rc = uploader_decide(x->by, &r, subject, &d, &x->p);
	if (rc)
		return rc;
	const char **claims;
	int nclaims;
	rc = exam_reg_claims(a, &r, &claims, &nclaims);
	if (rc)
		return problem_err(&x->p, rc);
	const char *claim = arena_printf(a, "%s:%s", x->kind, x->code);
	if (!claim)
		return problem_err(&x->p, ERR_NOMEM);
	bool claimed = false;
	for (int i = 0; !claimed && i < nclaims; i++)
		claimed = !strcmp(claims[i], claim);
	if (!claimed)
		return problem_set(&x->p, P_EVIDENCE_NOT_CLAIMED, "code", NULL);
	x->offset = r.offset;
	rc = upload_window(c, a, &r, x->now_ms, x->lang, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val same[] = {DBV_INT(r.id), DBV_TEXT(x->kind), DBV_TEXT(x->code),
				DBV_TEXT(x->sha256)};
	rc = db_row(c, Q_EXAM_EVIDENCE_SAME, same, ARRAY_SIZE(same), &res);
	if (!rc) {
		x->existing = true;
		rc = item_read_row(&res, a, &x->item);
		db_done(&res);
	} else if (rc == ERR_NOTFOUND) {
		struct db_val v[] = {DBV_INT(r.id),
				     DBV_INT(r.org_id),
				     DBV_TEXT(x->kind),
				     DBV_TEXT(x->code),
				     DBV_TEXT(x->media_type),
				     DBV_TEXT(x->sha256),
				     DBV_BLOB(x->bytes, x->len),
				     DBV_INT((int64_t)x->len),
				     DBV_INT(x->now_ms),
				     DBV_INT(x->by->who->user_id)};
		rc = db_row(c, Q_EXAM_EVIDENCE_INSERT, v, ARRAY_SIZE(v), &res);
		if (!rc) {
			x->item = (struct exam_evidence_item){
				.id = db_int(&res, C_EXAM_EVIDENCE_INSERT__ID),
				.kind = x->kind,
				.code = x->code,
				.media_type = x->media_type,
				.sha256 = x->sha256,
				.uploaded_by = x->by->who->username,
				.size = (int64_t)x->len,
				.uploaded_at_ms = x->now_ms};
			db_done(&res);
		}
	}
	if (rc)
		return problem_err(&x->p, rc);
	if (!x->existing) {
		struct db_val v[] = {DBV_INT(x->now_ms), DBV_INT(x->by->who->user_id),
				     DBV_INT(r.id)};
		rc = db_exec(c, Q_EXAM_EVIDENCE_RESUBMIT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return problem_err(&x->p, rc);
	}
	subject = arena_printf(a, "exam_registration:%" PRId64 " evidence:%" PRId64, r.id,
			       x->item.id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = actor_audit(c, x->by, &d, "exams.evidence.upload", r.person_id, subject);
	return problem_err(&x->p, rc);
}

/* ---- download ---- */

static int fetch_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_evidence_fetch *x = ctx;
	struct arena *a = by->arena;
	struct exam_reg_ref r;
	int rc = exam_reg_ref_get(c, a, x->registration_id, &r);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, &x->d);
		return ERR_OK;
	}
	if (rc)
		return problem_err(&x->p, rc);
	bool reviewer;
	exam_reg_access(by, &r, &x->d, &reviewer);
	x->person_id = r.person_id;
	if (!x->d.allowed)
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_INT(r.id), DBV_INT(x->id)};
	rc = db_row(c, Q_EXAM_EVIDENCE_CONTENT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK; /* the caller reads the registration: no such item */
	if (rc)
		return problem_err(&x->p, rc);
	rc = item_read_row(&res, a, &x->item);
	if (!rc) {
		x->bytes = db_blob(&res, C_EXAM_EVIDENCE_CONTENT__BYTES, a, &x->len);
		if (!x->bytes)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return problem_err(&x->p, rc);
}

int exam_evidence_fetch_read(struct db *db, const struct actor *by, struct exam_evidence_fetch *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, fetch_work, x);
	if (rc)
		return rc;
	rc = actor_audit_student_read(by, &x->d, "exams.evidence.read", x->person_id, &x->audit,
				      &x->p);
	if (rc)
		return rc;
	x->audit->subject =
		arena_printf(by->arena, "exam_registration:%" PRId64 " evidence:%" PRId64,
			     x->registration_id, x->id);
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	else if (!x->bytes)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such evidence.");
	return ERR_OK;
}
