#include "core/base.h"
#include "crypto/secret.h"
#include "domain/records/signing_key.h"

#include <sodium.h>

#define SEAL_PREFIX  "v1."
#define SEAL_CONTEXT "recsign_"
#define SEED_BYTES   crypto_sign_SEEDBYTES
#define BOX_BYTES    (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SEED_BYTES)

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
	problem_set(p, P_SIGNING_UNAVAILABLE, NULL, "Records cannot be signed: the server has no secret configured "
		    "(secret_file, see docs/configuration.md).");
	p->status = 503;
	return ERR_RETRY;
}

/* The sealing key of one public key: its first 8 bytes pick the sub-key, so
 * a sealed seed opens only in the row of its own key. */
static int seal_key(const uint8_t pk[32], unsigned char key[crypto_secretbox_KEYBYTES])
{
	uint64_t id = 0;
	for (int i = 0; i < 8; i++)
		id |= (uint64_t)pk[i] << (8 * i);
	return secret_derive(SEAL_CONTEXT, id, key) ? ERR_RETRY : ERR_OK;
}

int skey_generate(struct arena *a, int64_t org_id, enum skey_role role, int64_t user_id,
		  int64_t now, struct skey *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	if (!secret_available())
		return skey_unavailable(p);
	uint8_t seed[SEED_BYTES], sk[64];
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_BYTES];
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(out->pk, sk, seed);
	sodium_memzero(sk, sizeof(sk));
	int rc = seal_key(out->pk, key);
	if (rc) {
		sodium_memzero(seed, sizeof(seed));
		return skey_unavailable(p);
	}
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, seed, sizeof(seed), box, key);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(key, sizeof(key));
	size_t b64 = sodium_base64_ENCODED_LEN(BOX_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out->sealed = arena_alloc(a, sizeof(SEAL_PREFIX) - 1 + b64);
	if (!out->sealed || multikey_encode(out->pk, out->multikey))
		return problem_err(p, ERR_NOMEM);
	memcpy(out->sealed, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1);
	sodium_bin2base64(out->sealed + sizeof(SEAL_PREFIX) - 1, b64, box, BOX_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	out->org_id = org_id;
	out->user_id = user_id;
	out->role = role;
	out->valid_from = now;
	out->fresh = true;
	return ERR_OK;
}

int skey_open(const struct skey *k, uint8_t sk[64])
{
	const char *s = k->sealed;
	if (!s || strncmp(s, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1))
		return ERR_INVALID;
	s += sizeof(SEAL_PREFIX) - 1;
	unsigned char box[BOX_BYTES + 8];
	size_t blen = 0;
	if (sodium_base642bin(box, sizeof(box), s, strlen(s), NULL, &blen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    blen != BOX_BYTES)
		return ERR_INVALID;
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (seal_key(k->pk, key))
		return ERR_RETRY;
	uint8_t seed[SEED_BYTES], pk[32];
	int rc = crypto_secretbox_open_easy(seed, box + crypto_secretbox_NONCEBYTES,
					    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc)
		return ERR_INVALID;
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	if (sodium_memcmp(pk, k->pk, sizeof(pk))) {
		sodium_memzero(sk, 64);
		return ERR_INVALID;
	}
	return ERR_OK;
}

/* Read a key row (signing_key.sql's column order). */
static int read_row(struct db_res *res, struct arena *a, struct skey *k)
{
	memset(k, 0, sizeof(*k));
	k->id = db_int(res, 0);
	k->org_id = db_null(res, 1) ? 0 : db_int(res, 1);
	int role = skey_role_parse(db_text(res, 2, NULL));
	k->role = role < 0 ? SKEY_SCHOOL : (enum skey_role)role;
	k->user_id = db_null(res, 3) ? 0 : db_int(res, 3);
	snprintf(k->multikey, sizeof(k->multikey), "%s", db_text(res, 4, NULL));
	k->sealed = arena_strdup(a, db_text(res, 5, NULL));
	k->valid_from = db_int(res, 6);
	k->valid_until = db_null(res, 7) ? 0 : db_int(res, 7);
	k->revoked_at = db_null(res, 8) ? 0 : db_int(res, 8);
	if (!k->sealed)
		return ERR_NOMEM;
	return multikey_decode(k->multikey, k->pk) ? ERR_DB : ERR_OK;
}

int skey_active(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		int64_t user_id, struct skey *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_TEXT(skey_role_name(role)), DBV_INT(user_id)};
	int rc = db_row(c, Q_SIGNING_KEY_ACTIVE, v, 3, &res);
	if (rc)
		return rc;
	rc = read_row(&res, a, out);
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
	k->id = db_int(&res, 0);
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
		return problem_set(p, P_KEY_CHANGED, NULL, "A signing key changed meanwhile; try again.");
	if (rc)
		return problem_err(p, rc);
	bool active = db_null(&res, 7);
	db_done(&res);
	return active ? ERR_OK
		      : problem_set(p, P_KEY_CHANGED, NULL, "A signing key was rotated or revoked meanwhile; try again.");
}

int skey_get(struct db_conn *c, struct arena *a, int64_t id, struct skey *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_SIGNING_KEY_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int skey_by_public(struct db_conn *c, struct arena *a, const char *multikey, struct skey *out,
		   const char **school_code)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(multikey);
	int rc = db_row(c, Q_SIGNING_KEY_BY_PUBLIC, &v, 1, &res);
	if (rc)
		return rc;
	rc = read_row(&res, a, out);
	if (!rc && school_code) {
		*school_code = db_null(&res, 9) ? NULL : arena_strdup(a, db_text(&res, 9, NULL));
		if (!db_null(&res, 9) && !*school_code)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc;
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
		return problem_set(p, P_OUT_OF_RANGE, "since", "A revocation starts between the key's creation and now.");
	int changes = 0;
	struct db_val v[] = {DBV_INT(since), dbv_text_or_null(reason), DBV_INT(now),
			     by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(id)};
	rc = db_exec(c, Q_SIGNING_KEY_REVOKE, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return problem_err(p, rc);
	return changes ? ERR_OK
		       : problem_set(p, P_ALREADY_REVOKED, NULL, "This key is revoked already.");
}
