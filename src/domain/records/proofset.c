/*
 * proofset.c: making the proofs of a school record (proofset.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/dataintegrity.h"
#include "domain/records/proofset.h"

int record_proof(const uint8_t doc_hash[32], const struct skey *k, const uint8_t sk[64],
		 int64_t now, const json_t *context, json_t **out)
{
	char created[32], method[SKEY_METHOD_MAX];
	time_iso8601(now, created, sizeof(created));
	skey_method(k, method);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", created, "verificationMethod",
				method, "proofPurpose", "assertionMethod");
	/* A copy: the proof's @context must not change with the document's. */
	if (opt && context && json_object_set_new(opt, "@context", json_deep_copy(context))) {
		json_decref(opt);
		opt = NULL;
	}
	if (!opt || di_sign_hashed(doc_hash, opt, sk)) {
		json_decref(opt);
		return ERR_INTERNAL;
	}
	*out = opt;
	return ERR_OK;
}

int record_add_proof(json_t *cred, const struct skey *k, const uint8_t sk[64], int64_t now)
{
	uint8_t doc[32];
	if (di_document_hash(cred, json_object_get(cred, "@context"), doc))
		return ERR_INTERNAL;
	return record_add_proof_hashed(cred, doc, k, sk, now);
}

int record_add_proof_hashed(json_t *cred, const uint8_t doc_hash[32], const struct skey *k,
			    const uint8_t sk[64], int64_t now)
{
	json_t *opt;
	int rc = record_proof(doc_hash, k, sk, now, json_object_get(cred, "@context"), &opt);
	if (rc)
		return rc;
	json_t *set = json_object_get(cred, "proof");
	if (!json_is_array(set)) {
		set = json_array();
		json_object_set_new(cred, "proof", set);
	}
	return json_array_append_new(set, opt) ? ERR_NOMEM : ERR_OK;
}

const char *record_proofset_append(struct arena *a, const char *doc, size_t len,
				   const json_t *proof)
{
	char *text = json_dumps(proof, JSON_COMPACT);
	if (!text)
		return NULL;
	bool first = len >= 2 && strcmp(doc + len - 2, "]}");
	size_t m = strlen(text);
	char *out = arena_alloc(a, len + m + 16);
	if (out) {
		size_t at = len - (first ? 1 : 2);
		memcpy(out, doc, at);
		if (first) {
			memcpy(out + at, ",\"proof\":[", 10);
			at += 10;
		} else {
			out[at++] = ',';
		}
		memcpy(out + at, text, m);
		memcpy(out + at + m, "]}", 3);
	}
	free(text);
	return out;
}
