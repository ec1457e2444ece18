/*
 * signing_key.c: the keys that sign school records and the trust list
 * (signing_key.h): making, sealing and opening them, their rows, rotation
 * and revocation, and who may manage them.
 */
#include "core/base.h"
#include "crypto/bytes.h"
#include "crypto/ed25519.h"
#include "crypto/secret.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/records/signing_key.h"
#include "domain/registry/student.h"

#define SEAL_CONTEXT "recsign_"

static const char *const role_names[SKEY__ROLES] = {"homeroom_teacher", "principal", "school",
						    "ministry"};

const char *skey_role_name(enum skey_role r)
{
	return (unsigned)r < SKEY__ROLES ? role_names[r] : "unknown";
}

int skey_role_parse(const char *name)
{
	for (int i = 0; name && i < SKEY__ROLES; i++)
		if (!strcmp(name, role_names[i]))
			return i;
	return -1;
}

void skey_did(const struct skey *k, char out[SKEY_DID_MAX])
{
	snprintf(out, SKEY_DID_MAX, "did:key:%s", k->multikey);
}

void skey_method(const struct skey *k, char out[SKEY_METHOD_MAX])
{
	snprintf(out, SKEY_METHOD_MAX, "did:key:%s#%s", k->multikey, k->multikey);
}

bool skey_available(void)
{
	return secret_available();
}

int skey_unavailable(struct problem *p)
{
	problem_set(p, P_SIGNING_UNAVAILABLE, NULL,
		    "Records cannot be signed: the server has no secret configured "
		    "(secret_file, see docs/configuration.md).");
	p->status = 503;
	return ERR_RETRY;
}

bool skey_national_admin(const struct principal *p)
{
	for (int i = 0; p && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_MINISTRY_ADMIN && !p->grants[i].org_path)
			return true;
	return false;
}

int skey_generate(struct arena *a, int64_t org_id, enum skey_role role, int64_t user_id,
		  int64_t now, struct skey *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	char sealed[ED25519_SEALED_MAX];
	if (!secret_available() || ed25519_generate_sealed(SEAL_CONTEXT, out->pk, sealed))
		return skey_unavailable(p);
	out->sealed = arena_strdup(a, sealed);
	if (!out->sealed || multikey_encode(out->pk, out->multikey))
		return problem_err(p, ERR_NOMEM);
	out->org_id = org_id;
	out->user_id = user_id;
	out->role = role;
	out->valid_from = now;
	out->fresh = true;
	return ERR_OK;
}

int skey_open(const struct skey *k, uint8_t sk[64])
{
	return ed25519_open_sealed(SEAL_CONTEXT, k->pk, k->sealed, sk);
}

/* Read a key row (the `signing_key` columns, first in every key read). */
static int skey_read_row(struct db_res *res, struct arena *a, struct skey *k)
{
	memset(k, 0, sizeof(*k));
	k->id = db_int(res, C_SIGNING_KEY__ID);
	k->org_id = db_int0(res, C_SIGNING_KEY__ORG_ID);
	int role = skey_role_parse(db_text(res, C_SIGNING_KEY__ROLE, NULL));
	k->role = role < 0 ? SKEY_SCHOOL : (enum skey_role)role;
	k->user_id = db_int0(res, C_SIGNING_KEY__USER_ID);
	snprintf(k->multikey, sizeof(k->multikey), "%s",
		 db_text(res, C_SIGNING_KEY__PUBLIC_KEY, NULL));
	k->sealed = arena_strdup(a, db_text(res, C_SIGNING_KEY__SEALED_SEED, NULL));
	k->valid_from = db_int(res, C_SIGNING_KEY__VALID_FROM);
	k->valid_until = db_int0(res, C_SIGNING_KEY__VALID_UNTIL);
	k->revoked_at = db_int0(res, C_SIGNING_KEY__REVOKED_AT);
	if (!k->sealed)
		return ERR_NOMEM;
	return multikey_decode(k->multikey, k->pk) ? ERR_DB : ERR_OK;
}

/* One key by query q (one parameter); school_code, if not NULL, gets the
 * school's code (signing_key_by_public only; NULL for the ministry key). */
static int skey_row(struct db_conn *c, struct arena *a, enum query_id q, struct db_val v,
		    struct skey *out, const char **school_code)
{
	struct db_res res;
	int rc = db_row(c, q, &v, 1, &res);
	if (rc)
		return rc;
	rc = skey_read_row(&res, a, out);
	if (!rc && school_code) {
		bool none = db_null(&res, C_SIGNING_KEY_BY_PUBLIC__CODE);
		*school_code = none ? NULL : db_dup(&res, C_SIGNING_KEY_BY_PUBLIC__CODE, a);
		if (!none && !*school_code)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc;
}

int skey_active(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		int64_t user_id, struct skey *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_TEXT(skey_role_name(role)), DBV_INT(user_id)};
	int rc = db_row(c, Q_SIGNING_KEY_ACTIVE, v, 3, &res);
	if (rc)
		return rc;
	rc = skey_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int skey_active_or_new(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		       int64_t user_id, int64_t now, struct skey *out, struct problem *p)
{
	int rc = skey_active(c, a, org_id, role, user_id, out);
	if (rc == ERR_NOTFOUND)
		return skey_generate(a, org_id, role, user_id, now, out, p);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int skey_insert(struct db_conn *c, struct skey *k, int64_t by_user)
{
	struct db_val v[] = {k->org_id ? DBV_INT(k->org_id) : DBV_NULL,
			     DBV_TEXT(skey_role_name(k->role)),
			     k->user_id ? DBV_INT(k->user_id) : DBV_NULL,
			     DBV_TEXT(k->multikey),
			     DBV_TEXT(k->sealed),
			     DBV_INT(k->valid_from),
			     by_user ? DBV_INT(by_user) : DBV_NULL};
	struct db_res res;
	int rc = db_row(c, Q_SIGNING_KEY_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return ERR_RETRY;
	if (rc)
		return rc;
	k->id = db_int(&res, C_SIGNING_KEY_INSERT__ID);
	db_done(&res);
	k->fresh = false;
	return ERR_OK;
}

int skey_check_active(struct db_conn *c, int64_t id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_SIGNING_KEY_BY_ID, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_KEY_CHANGED, NULL,
				   "A signing key changed meanwhile; try again.");
	if (rc)
		return problem_err(p, rc);
	bool active = db_null(&res, C_SIGNING_KEY__VALID_UNTIL);
	db_done(&res);
	return active ? ERR_OK
		      : problem_set(p, P_KEY_CHANGED, NULL,
				    "A signing key was rotated or revoked meanwhile; try again.");
}

int skey_get(struct db_conn *c, struct arena *a, int64_t id, struct skey *out)
{
	return skey_row(c, a, Q_SIGNING_KEY_BY_ID, DBV_INT(id), out, NULL);
}

int skey_by_public(struct db_conn *c, struct arena *a, const char *multikey, struct skey *out,
		   const char **school_code)
{
	return skey_row(c, a, Q_SIGNING_KEY_BY_PUBLIC, DBV_TEXT(multikey), out, school_code);
}

int skey_rotate(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		int64_t user_id, int64_t now, int64_t by_user, struct skey *out, struct problem *p)
{
	int rc = skey_generate(a, org_id, role, user_id, now, out, p);
	if (rc)
		return rc;
	struct skey old;
	rc = skey_active(c, a, org_id, role, user_id, &old);
	if (rc == ERR_OK) {
		struct db_val v[] = {DBV_INT(now), by_user ? DBV_INT(by_user) : DBV_NULL,
				     DBV_INT(old.id)};
		rc = db_exec(c, Q_SIGNING_KEY_RETIRE, v, 3, NULL);
	} else if (rc == ERR_NOTFOUND) {
		rc = ERR_OK;
	}
	if (!rc)
		rc = skey_insert(c, out, by_user);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int skey_revoke(struct db_conn *c, int64_t id, int64_t since, int64_t now, const char *reason,
		int64_t by_user, struct problem *p)
{
	struct arena a;
	arena_init(&a, 512, 0);
	struct skey k;
	int rc = skey_get(c, &a, id, &k);
	arena_release(&a);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such signing key.");
	if (rc)
		return problem_err(p, rc);
	if (k.revoked_at)
		return problem_set(p, P_ALREADY_REVOKED, NULL, "This key is revoked already.");
	if (since < k.valid_from || since > now)
		return problem_set(p, P_OUT_OF_RANGE, "since",
				   "A revocation starts between the key's creation and now.");
	int changes = 0;
	struct db_val v[] = {DBV_INT(since), dbv_text_or_null(reason), DBV_INT(now),
			     by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(id)};
	rc = db_exec(c, Q_SIGNING_KEY_REVOKE, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return problem_err(p, rc);
	return changes ? ERR_OK
		       : problem_set(p, P_ALREADY_REVOKED, NULL, "This key is revoked already.");
}

/* ---- managing keys ---- */

/* Read a row of the `signing_key_info` columns. */
static int skey_info_read_row(struct db_res *res, struct arena *a, struct skey_info *k)
{
	memset(k, 0, sizeof(*k));
	k->id = db_int(res, C_SIGNING_KEY_INFO__ID);
	k->role = db_dup(res, C_SIGNING_KEY_INFO__ROLE, a);
	if (!db_null(res, C_SIGNING_KEY_INFO__USERNAME))
		k->username = db_dup(res, C_SIGNING_KEY_INFO__USERNAME, a);
	snprintf(k->multikey, sizeof(k->multikey), "%s",
		 db_text(res, C_SIGNING_KEY_INFO__PUBLIC_KEY, NULL));
	k->valid_from = db_int(res, C_SIGNING_KEY_INFO__VALID_FROM);
	k->valid_until = db_int0(res, C_SIGNING_KEY_INFO__VALID_UNTIL);
	k->revoked_at = db_int0(res, C_SIGNING_KEY_INFO__REVOKED_AT);
	if (!db_null(res, C_SIGNING_KEY_INFO__REVOKE_REASON))
		k->revoke_reason = db_dup(res, C_SIGNING_KEY_INFO__REVOKE_REASON, a);
	return k->role ? ERR_OK : ERR_NOMEM;
}

/* The org whose keys `by` manages: a school their registrar grants reach
 * (ACCESS_WRITE), or none (0: the ministry key, the national administrator
 * only). */
static int keys_scope(struct db_conn *c, const struct actor *by, const char *school,
		      int64_t *org_id, struct problem *p)
{
	*org_id = 0;
	if (!school || !*school) {
		if (skey_national_admin(by->who))
			return ERR_OK;
		return problem_set(p, P_FORBIDDEN, "school",
				   "Only the national administrator manages the ministry key; "
				   "name a school.");
	}
	struct org_ref ref;
	int rc = school_ref(c, school, &ref, p);
	if (rc == ERR_INVALID)
		return problem_set(p, P_NOT_FOUND, "school", "No such school.");
	if (rc)
		return rc;
	struct access_decision d;
	access_org(by->who, ACCESS_WRITE, ref.path, &d);
	if (!d.allowed)
		return d.visible ? problem_set(p, P_FORBIDDEN, NULL,
					       "Only the school's administration manages its keys.")
				 : problem_set(p, P_NOT_FOUND, "school", "No such school.");
	*org_id = ref.id;
	return ERR_OK;
}

struct keys_read {
	struct actor *by;
	struct skey_listing *x;
};

/* The scope decided, then the org's keys into the listing. */
static int keys_list_work(struct db_conn *c, void *arg)
{
	struct keys_read *k = arg;
	struct skey_listing *x = k->x;
	struct arena *a = k->by->arena;
	int64_t org = 0;
	int rc = keys_scope(c, k->by, x->school, &org, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v = DBV_INT(org);
	rc = db_query(c, Q_SIGNING_KEYS_OF_ORG, &v, 1, &res);
	int step = 0, cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			cap = cap ? 2 * cap : 16;
			struct skey_info *keys = arena_alloc(a, (size_t)cap * sizeof(*keys));
			if (!keys) {
				rc = ERR_NOMEM;
				break;
			}
			if (x->n)
				memcpy(keys, x->keys, (size_t)x->n * sizeof(*keys));
			x->keys = keys;
		}
		rc = skey_info_read_row(&res, a, &x->keys[x->n++]);
	}
	db_done(&res);
	return problem_err(&x->p, rc ? rc : step < 0 ? step : ERR_OK);
}

int skey_list_as(struct db *db, struct actor *by, struct skey_listing *x)
{
	struct keys_read k = {.by = by, .x = x};
	x->n = 0;
	x->keys = NULL;
	return work_read(db, keys_list_work, &k);
}

/* The account holding the signer's role at the school, by user name. */
static int signer_at(struct db_conn *c, const struct skey_rotation *x, int64_t *user,
		     struct problem *p)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(x->username),
			     DBV_TEXT(x->role == SKEY_PRINCIPAL ? "school_admin" : "teacher"),
			     DBV_INT(x->org_id)};
	int rc = db_row(c, Q_SIGNING_USER_AT, v, 3, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_USER, "username",
				   x->role == SKEY_PRINCIPAL
					   ? "No school_admin of the school has this name."
					   : "No teacher of the school has this name.");
	if (rc)
		return problem_err(p, rc);
	*user = db_int(&res, C_SIGNING_USER_AT__ID);
	db_done(&res);
	return ERR_OK;
}

int skey_rotate_tx(struct db_conn *c, void *ctx)
{
	struct skey_rotation *x = ctx;
	if (!skey_available())
		return skey_unavailable(&x->p);
	int rc = keys_scope(c, x->by, x->role == SKEY_MINISTRY ? NULL : x->school, &x->org_id,
			    &x->p);
	if (rc)
		return rc;
	int64_t user = 0;
	if (x->role == SKEY_HOMEROOM_TEACHER || x->role == SKEY_PRINCIPAL)
		rc = signer_at(c, x, &user, &x->p);
	if (rc)
		return rc;
	return skey_rotate(c, x->by->arena, x->org_id, x->role, user, x->now, x->by->who->user_id,
			   &x->key, &x->p);
}

/* The path of org id (the school whose key is revoked). */
static int org_path(struct db_conn *c, struct arena *a, int64_t id, const char **path)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_SIGNING_KEY_ORG_PATH, &v, 1, &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	*path = db_dup(&res, C_SIGNING_KEY_ORG_PATH__PATH, a);
	db_done(&res);
	return *path ? ERR_OK : ERR_NOMEM;
}

int skey_revoke_tx(struct db_conn *c, void *ctx)
{
	struct skey_revocation *x = ctx;
	struct arena *a = x->by->arena;
	struct skey k;
	int rc = skey_get(c, a, x->id, &k);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such signing key.");
	if (rc)
		return problem_err(&x->p, rc);
	x->org_id = k.org_id;
	bool allowed = false;
	if (k.org_id) {
		const char *path;
		rc = org_path(c, a, k.org_id, &path);
		if (rc)
			return problem_err(&x->p, rc);
		struct access_decision d;
		access_org(x->by->who, ACCESS_WRITE, path, &d);
		allowed = d.allowed;
	} else {
		allowed = skey_national_admin(x->by->who);
	}
	if (!allowed)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such signing key.");
	return skey_revoke(c, x->id, x->since ? x->since : x->now, x->now, x->reason,
			   x->by->who->user_id, &x->p);
}

struct info_read {
	struct arena *a;
	int64_t id;
	struct skey_info *out;
};

/* One key's row as the list shows it. */
static int info_work(struct db_conn *c, void *arg)
{
	struct info_read *x = arg;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_row(c, Q_SIGNING_KEY_INFO_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = skey_info_read_row(&res, x->a, x->out);
	db_done(&res);
	return rc;
}

int skey_info_fetch(struct db *db, struct arena *a, int64_t id, struct skey_info *out)
{
	struct info_read x = {.a = a, .id = id, .out = out};
	return work_read(db, info_work, &x);
}
