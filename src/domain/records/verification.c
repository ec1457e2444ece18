/*
 * verification.c: checking records online as their issuer
 * (verification.h).
 */
#include "core/base.h"
#include "domain/common/work.h"
#include "domain/records/verification.h"

int record_verifier_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	struct record_verifier *v = ctx;
	struct skey k;
	const char *school = NULL;
	int rc = skey_by_public(v->c, v->a, multikey, &k, &school);
	if (rc)
		return rc;
	*out = (struct trust_key){.school = school,
				  .role = k.role,
				  .valid_from = k.valid_from,
				  .valid_until = k.valid_until,
				  .revoked_at = k.revoked_at};
	return ERR_OK;
}

/* Where held record r stands, for a credential presented as cred. */
static void standing(const struct record_row *r, const json_t *cred, struct trust_status *out)
{
	json_error_t e;
	json_t *stored = json_loads(r->credential, 0, &e);
	bool equal = stored && json_equal(stored, cred);
	json_decref(stored);
	if (r->status == RECORD_SUPERSEDED) {
		out->standing = equal ? TRUST_SUPERSEDED : TRUST_DIFFERENT;
		out->successor = r->successor;
		out->superseded_at = r->updated_at;
	} else if (r->status != RECORD_SEALED) {
		out->standing = TRUST_UNSEALED;
	} else {
		out->standing = equal ? TRUST_CURRENT : TRUST_DIFFERENT;
	}
}

int record_verifier_status(void *ctx, const char *id, const json_t *cred, struct trust_status *out)
{
	struct record_verifier *v = ctx;
	const struct record_row *r = v->held;
	struct record_row row;
	if (!v->held_id || strcmp(v->held_id, id)) {
		int rc = record_by_uuid(v->c, v->a, id, &row);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		r = rc ? NULL : &row;
	}
	if (!r)
		out->standing = TRUST_UNKNOWN;
	else
		standing(r, cred, out);
	return ERR_OK;
}

struct verify_work {
	struct record_verification *x;
	struct record_row row;
};

/* The issuer's copy (once), then the checks. */
static int verify_work(struct db_conn *c, void *arg)
{
	struct verify_work *w = arg;
	struct record_verification *x = w->x;
	struct record_verifier v = {.c = c, .a = x->a};
	/* The issuer's copy, read once: for the supersession check and the
	 * answer. */
	const char *id = json_string_value(json_object_get(x->credential, "id"));
	if (id) {
		int rc = record_by_uuid(c, x->a, id, &w->row);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		x->held = rc == ERR_OK;
		v.held_id = id;
		v.held = x->held ? &w->row : NULL;
	}
	return trust_check_record(x->credential, x->now, record_verifier_lookup, &v,
				  record_verifier_status, &v, x->a, &x->rep);
}

int record_verify(struct db *db, struct record_verification *x)
{
	struct verify_work w = {.x = x};
	x->held = false;
	int rc = work_read(db, verify_work, &w);
	if (!rc && x->held) {
		x->status = w.row.status;
		x->successor = w.row.successor;
	}
	return rc;
}

/* A sealed or superseded record, whether it is shared, its checks. */
static int public_work(struct db_conn *c, void *arg)
{
	struct record_public *x = arg;
	int rc = record_by_uuid(c, x->a, x->uuid, &x->row);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	/* Drafts and records awaiting the principal are nobody's business. */
	if (x->row.status != RECORD_SEALED && x->row.status != RECORD_SUPERSEDED)
		return ERR_OK;
	struct db_res res;
	rc = db_row(c, Q_RECORD_SHARED, (struct db_val[]){DBV_INT(x->row.id)}, 1, &res);
	if (rc)
		return rc;
	x->shared = db_int(&res, C_RECORD_SHARED__SHARED_FULL) != 0;
	db_done(&res);
	json_error_t e;
	x->credential = json_loads(x->row.credential, 0, &e);
	if (!x->credential)
		return ERR_INTERNAL;
	x->found = true;
	qr_record_code(x->row.credential, x->code);
	struct record_verifier v = {.c = c, .a = x->a, .held_id = x->row.uuid, .held = &x->row};
	return trust_check_record(x->credential, x->now, record_verifier_lookup, &v,
				  record_verifier_status, &v, x->a, &x->rep);
}

int record_public_view(struct db *db, struct record_public *x)
{
	x->found = x->shared = false;
	x->credential = NULL;
	int rc = work_read(db, public_work, x);
	if (rc) {
		json_decref(x->credential);
		x->credential = NULL;
		x->found = false;
	}
	return rc;
}
