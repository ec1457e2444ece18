#include "core/base.h"
#include "core/jcs.h"
#include "crypto/dataintegrity.h"
#include "crypto/multibase.h"

#include <sodium.h>

/* SHA-256 of the canonical form of v into out. */
static int hash_canonical(const json_t *v, uint8_t out[32])
{
	struct buf b = BUF_INIT(16u << 20);
	int rc = jcs_append(&b, v);
	if (!rc)
		crypto_hash_sha256(out, (const unsigned char *)(b.p ? b.p : ""), b.len);
	buf_release(&b);
	return rc ? -1 : 0;
}

/* The 64 bytes signed: SHA-256(proof config) || SHA-256(document). */
static int hash_data(const json_t *unsecured, const json_t *options, uint8_t out[64],
		     const char **why)
{
	const char *type = json_string_value(json_object_get(options, "type"));
	const char *suite = json_string_value(json_object_get(options, "cryptosuite"));
	if (!type || strcmp(type, "DataIntegrityProof") || !suite || strcmp(suite, DI_SUITE)) {
		*why = "proof type is not DataIntegrityProof with eddsa-jcs-2022";
		return -1;
	}
	if (hash_canonical(options, out) || hash_canonical(unsecured, out + 32)) {
		*why = "document cannot be canonicalized";
		return -1;
	}
	return 0;
}

/* secured.@context must start with the proof's @context, in order. */
static bool context_prefix(const json_t *doc_ctx, const json_t *proof_ctx)
{
	if (json_is_string(proof_ctx))
		return json_equal(json_is_array(doc_ctx) ? json_array_get(doc_ctx, 0) : doc_ctx,
				  proof_ctx);
	if (!json_is_array(proof_ctx) || !json_is_array(doc_ctx) ||
	    json_array_size(proof_ctx) > json_array_size(doc_ctx))
		return false;
	for (size_t i = 0; i < json_array_size(proof_ctx); i++)
		if (!json_equal(json_array_get(doc_ctx, i), json_array_get(proof_ctx, i)))
			return false;
	return true;
}

int di_verify(const json_t *secured, const json_t *proof, const uint8_t pk[32], const char **why)
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
	json_t *doc = json_copy((json_t *)(uintptr_t)secured);
	json_t *options = json_copy((json_t *)(uintptr_t)proof);
	int rc = -1;
	if (!doc || !options) {
		*why = "out of memory";
		goto out;
	}
	json_object_del(doc, "proof");
	json_object_del(options, "proofValue");
	json_t *ctx = json_object_get(options, "@context");
	if (ctx) {
		if (!context_prefix(json_object_get(doc, "@context"), ctx)) {
			*why = "the proof's @context does not match the document's";
			goto out;
		}
		json_object_set(doc, "@context", ctx);
	}
	uint8_t data[64];
	if (hash_data(doc, options, data, why))
		goto out;
	if (crypto_sign_verify_detached(sig, data, sizeof(data), pk)) {
		*why = "signature does not verify";
		goto out;
	}
	rc = 0;
	*why = NULL;
out:
	json_decref(doc);
	json_decref(options);
	return rc;
}

int di_sign(const json_t *unsecured, json_t *options, const uint8_t sk[64])
{
	const char *why;
	uint8_t data[64], sig[crypto_sign_BYTES];
	json_object_del(options, "proofValue");
	if (hash_data(unsecured, options, data, &why))
		return -1;
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
