#include "core/base.h"
#include "core/jcs.h"
#include "crypto/dataintegrity.h"
#include "crypto/multibase.h"

#include <sodium.h>

/* SHA-256 of the canonical form of object o without `skip`, with `key`
 * replaced by `value` (if not NULL). */
static int hash_object(const json_t *o, const char *skip, const char *key, const json_t *value,
		       uint8_t out[32])
{
	struct buf b = BUF_INIT(16u << 20);
	int rc = jcs_append_object_with(&b, o, skip, key, value);
	if (!rc)
		crypto_hash_sha256(out, (const unsigned char *)(b.p ? b.p : ""), b.len);
	buf_release(&b);
	return rc ? -1 : 0;
}

static bool suite_ok(const json_t *options)
{
	const char *type = json_string_value(json_object_get(options, "type"));
	const char *suite = json_string_value(json_object_get(options, "cryptosuite"));
	return type && !strcmp(type, "DataIntegrityProof") && suite && !strcmp(suite, DI_SUITE);
}

/* The i-th value of an @context, which is one value or a list of them
 * (NULL past its end), and how many it has. */
static const json_t *context_at(const json_t *ctx, size_t i)
{
	return json_is_array(ctx) ? json_array_get(ctx, i) : i == 0 ? ctx : NULL;
}

static size_t context_len(const json_t *ctx)
{
	return json_is_array(ctx) ? json_array_size(ctx) : ctx != NULL;
}

/* Verify Proof (eddsa-jcs-2022), step 4.1: the secured document's
 * @context starts with all the values of the proof's, in the same order. */
static bool context_prefix(const json_t *doc_ctx, const json_t *proof_ctx)
{
	size_t n = context_len(proof_ctx);
	if (n > context_len(doc_ctx))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!json_equal(context_at(doc_ctx, i), context_at(proof_ctx, i)))
			return false;
	return true;
}

/* The document's digest for one @context: proofs of a set made over the
 * same context share it, so it is computed once. */
struct doc_digest {
	const json_t *ctx; /* the proof's @context it was made with, or NULL */
	bool have;
	uint8_t hash[32];
};

static int verify_one(const json_t *secured, const json_t *proof, const uint8_t pk[32],
		      struct doc_digest *dd, const char **why)
{
	*why = "proof is not an object";
	if (!json_is_object(secured) || !json_is_object(proof))
		return -1;
	const char *value = json_string_value(json_object_get(proof, "proofValue"));
	uint8_t sig[crypto_sign_BYTES + 8];
	if (!value || value[0] != 'z' ||
	    base58_decode(value + 1, sig, sizeof(sig)) != crypto_sign_BYTES) {
		*why = "proofValue is not a base58btc Ed25519 signature";
		return -1;
	}
	if (!suite_ok(proof)) {
		*why = "proof type is not DataIntegrityProof with eddsa-jcs-2022";
		return -1;
	}
	const json_t *ctx = json_object_get(proof, "@context");
	if (ctx && !context_prefix(json_object_get(secured, "@context"), ctx)) {
		*why = "the proof's @context does not match the document's";
		return -1;
	}
	uint8_t data[64];
	if (!dd->have || !(dd->ctx == ctx || (dd->ctx && ctx && json_equal(dd->ctx, ctx)))) {
		if (hash_object(secured, "proof", "@context", ctx, dd->hash)) {
			*why = "document cannot be canonicalized";
			return -1;
		}
		dd->have = true;
		dd->ctx = ctx;
	}
	if (hash_object(proof, "proofValue", NULL, NULL, data)) {
		*why = "proof cannot be canonicalized";
		return -1;
	}
	memcpy(data + 32, dd->hash, 32);
	if (crypto_sign_verify_detached(sig, data, sizeof(data), pk)) {
		*why = "signature does not verify";
		return -1;
	}
	*why = NULL;
	return 0;
}

int di_verify(const json_t *secured, const json_t *proof, const uint8_t pk[32], const char **why)
{
	struct doc_digest dd = {0};
	return verify_one(secured, proof, pk, &dd, why);
}

int di_verify_set(const json_t *secured, size_t n, const uint8_t (*pks)[32], const char **whys)
{
	const json_t *proofs = json_object_get(secured, "proof");
	size_t have = json_is_array(proofs) ? json_array_size(proofs) : json_is_object(proofs);
	struct doc_digest dd = {0};
	int bad = have == n ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_is_array(proofs) ? json_array_get(proofs, i) : proofs;
		if (i >= have) {
			whys[i] = "missing proof";
			continue;
		}
		if (verify_one(secured, p, pks[i], &dd, &whys[i]))
			bad = -1;
	}
	return bad;
}

int di_document_hash(const json_t *unsecured, const json_t *proof_context, uint8_t out[32])
{
	return hash_object(unsecured, "proof", "@context", proof_context, out);
}

int di_sign(const json_t *unsecured, json_t *options, const uint8_t sk[64])
{
	uint8_t doc[32];
	if (di_document_hash(unsecured, json_object_get(options, "@context"), doc))
		return -1;
	return di_sign_hashed(doc, options, sk);
}

int di_sign_hashed(const uint8_t doc_hash[32], json_t *options, const uint8_t sk[64])
{
	uint8_t data[64], sig[crypto_sign_BYTES];
	json_object_del(options, "proofValue");
	if (!suite_ok(options) || hash_object(options, NULL, NULL, NULL, data))
		return -1;
	memcpy(data + 32, doc_hash, 32);
	crypto_sign_detached(sig, NULL, data, sizeof(data), sk);
	char text[MULTIBASE_SIG_MAX] = "z";
	if (base58_encode(sig, sizeof(sig), text + 1, sizeof(text) - 1) < 0)
		return -1;
	return json_object_set_new(options, "proofValue", json_string(text));
}

int di_method_key(const char *verification_method, uint8_t pk[32])
{
	if (!verification_method)
		return -1;
	const char *hash = strchr(verification_method, '#');
	if (hash)
		return multikey_decode(hash + 1, pk);
	if (!strncmp(verification_method, "did:key:", 8))
		return multikey_decode(verification_method + 8, pk);
	return -1;
}
