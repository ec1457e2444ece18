/*
 * audit_checkpoint.c: signing and reading the checkpoints of
 * audit_checkpoint.h (Ed25519 through crypto/ed25519.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "domain/access/audit_checkpoint.h"

/* The KDF context of the checkpoint key (secret.h: 8 characters). */
static const char key_ctx[SECRET_CONTEXT_LEN] = {'a', 'u', 'd', 'i', 't', 'c', 'p', '_'};

/* The signed text of cp (header comment) into out; its length, or -1 if
 * it does not fit. */
static int signed_text(const struct audit_checkpoint *cp, char *out, size_t size)
{
	int n = snprintf(out, size, "%s\n%" PRId64 "\n%s\n%s\n%s", AUDIT_CHECKPOINT_TYPE, cp->count,
			 cp->head, cp->at, cp->key);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

static int derive(uint8_t pk[ED25519_PUBLIC_BYTES], uint8_t sk[ED25519_SECRET_BYTES])
{
	if (ed25519_init())
		return ERR_INTERNAL;
	return ed25519_derive(key_ctx, 0, pk, sk);
}

int audit_checkpoint_key(char key[MULTIKEY_TEXT_MAX])
{
	uint8_t pk[ED25519_PUBLIC_BYTES], sk[ED25519_SECRET_BYTES];
	int rc = derive(pk, sk);
	bytes_wipe(sk, sizeof(sk));
	if (!rc && multikey_encode(pk, key) < 0)
		rc = ERR_INTERNAL;
	return rc;
}

int audit_checkpoint_sign(struct audit_checkpoint *cp)
{
	uint8_t pk[ED25519_PUBLIC_BYTES], sk[ED25519_SECRET_BYTES], sig[ED25519_SIG_BYTES];
	int rc = derive(pk, sk);
	if (!rc && multikey_encode(pk, cp->key) < 0)
		rc = ERR_INTERNAL;
	char text[256];
	int n = rc ? -1 : signed_text(cp, text, sizeof(text));
	if (!rc && n < 0)
		rc = ERR_INVALID;
	if (!rc) {
		ed25519_sign(sig, text, (size_t)n, sk);
		cp->signature[0] = 'z';
		if (base58_encode(sig, sizeof(sig), cp->signature + 1, sizeof(cp->signature) - 1) <
		    0)
			rc = ERR_INTERNAL;
	}
	bytes_wipe(sk, sizeof(sk));
	return rc;
}

int audit_checkpoint_make(struct db *db, int64_t now, struct audit_checkpoint *cp,
			  struct audit_report *rep)
{
	memset(cp, 0, sizeof(*cp));
	if (!secret_available())
		return ERR_RETRY;
	int rc = audit_check(db, 0, NULL, rep);
	if (rc)
		return rc;
	cp->count = rep->head_seq;
	snprintf(cp->head, sizeof(cp->head), "%s", rep->head_hash);
	time_iso8601(now, cp->at, sizeof(cp->at));
	return audit_checkpoint_sign(cp);
}

int audit_checkpoint_check(const struct audit_checkpoint *cp, const char *trusted, const char **why)
{
	uint8_t pk[ED25519_PUBLIC_BYTES], sig[ED25519_SIG_BYTES + 1];
	char text[256];
	int n = signed_text(cp, text, sizeof(text));
	if (strcmp(cp->key, trusted)) {
		*why = "it is signed by another key than the one trusted";
		return ERR_INVALID;
	}
	if (multikey_decode(cp->key, pk) || cp->signature[0] != 'z' ||
	    base58_decode(cp->signature + 1, sig, sizeof(sig)) != ED25519_SIG_BYTES || n < 0 ||
	    ed25519_init() || !ed25519_verify(sig, text, (size_t)n, pk)) {
		*why = "its signature does not verify (the checkpoint was altered or forged)";
		return ERR_INVALID;
	}
	return ERR_OK;
}

json_t *audit_checkpoint_json(const struct audit_checkpoint *cp)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "type", AUDIT_CHECKPOINT_TYPE, "count",
			 (json_int_t)cp->count, "head", cp->head, "at", cp->at, "key", cp->key,
			 "signature", cp->signature);
}

/* Copy string field `name` of j into out (cap bytes with the NUL): false
 * if absent, not a string, empty, too long or holding a control byte. */
static bool get_text(json_t *j, const char *name, char *out, size_t cap)
{
	json_t *v = json_object_get(j, name);
	const char *s = json_string_value(v);
	size_t n = s ? json_string_length(v) : 0;
	if (!s || !n || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	memcpy(out, s, n + 1);
	return true;
}

int audit_checkpoint_from_json(json_t *j, struct audit_checkpoint *cp, const char **why)
{
	memset(cp, 0, sizeof(*cp));
	json_t *count = json_object_get(j, "count");
	const char *type = json_string_value(json_object_get(j, "type"));
	uint8_t bin[HASH_BYTES];
	*why = NULL;
	if (!json_is_object(j))
		*why = "not a JSON object";
	else if (strcmp(type ? type : "", AUDIT_CHECKPOINT_TYPE))
		*why = "its type is not " AUDIT_CHECKPOINT_TYPE;
	else if (!json_is_integer(count) || json_integer_value(count) < 0)
		*why = "its count is not a whole number >= 0";
	else if (!get_text(j, "head", cp->head, sizeof(cp->head)) ||
		 strlen(cp->head) != AUDIT_HASH_HEX - 1 ||
		 strspn(cp->head, "0123456789abcdef") != AUDIT_HASH_HEX - 1 ||
		 bytes_unhex(bin, sizeof(bin), cp->head, AUDIT_HASH_HEX - 1))
		*why = "its head is not 64 lower-case hex digits";
	else if (!get_text(j, "at", cp->at, sizeof(cp->at)))
		*why = "its at is not a time";
	else if (!get_text(j, "key", cp->key, sizeof(cp->key)))
		*why = "its key is not a multikey";
	else if (!get_text(j, "signature", cp->signature, sizeof(cp->signature)))
		*why = "it has no signature";
	if (*why)
		return ERR_INVALID;
	cp->count = (int64_t)json_integer_value(count);
	return ERR_OK;
}
