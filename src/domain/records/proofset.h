/*
 * proofset.h: the proof set of a school record (docs/records.md, "Keys"):
 * two eddsa-jcs-2022 proofs (crypto/dataintegrity.h) over the same
 * document, the homeroom teacher's, then the principal's, which seals it.
 *
 * Each proof carries the credential's @context, as the eddsa-jcs-2022
 * "Create Proof" algorithm strongly advises (step 2): the proof
 * configuration signed then includes it, and a verifier checks that the
 * document's @context starts with it. The document's hash does not change
 * (its @context is the proof's), so the principal's proof is made over the
 * hash kept from the teacher's. Records signed before proofs carried it
 * still verify: a proof without @context is checked without it.
 */
#ifndef TABULA_DOMAIN_RECORDS_PROOFSET_H
#define TABULA_DOMAIN_RECORDS_PROOFSET_H

#include <jansson.h>

#include "core/arena.h"
#include "domain/records/signing_key.h"

/*
 * The proof (*out, a new reference) of key k over a document's hash
 * (di_document_hash, or SHA-256 of its canonical bytes), made at `now` with
 * k's opened secret key sk (skey_open). context: the document's @context,
 * copied into the proof (NULL: the proof carries none, as records signed
 * before did). ERR_INTERNAL if it cannot be made.
 */
int record_proof(const uint8_t doc_hash[32], const struct skey *k, const uint8_t sk[64],
		 int64_t now, const json_t *context, json_t **out)
	__attribute__((warn_unused_result));

/* Add k's proof, made at `now` with k's opened secret key sk, carrying the
 * credential's @context, to the credential's proof set (an array, in
 * signing order). */
int record_add_proof(json_t *credential, const struct skey *k, const uint8_t sk[64], int64_t now)
	__attribute__((warn_unused_result));
/* The same over the document's hash (di_document_hash) computed before. */
int record_add_proof_hashed(json_t *credential, const uint8_t doc_hash[32], const struct skey *k,
			    const uint8_t sk[64], int64_t now) __attribute__((warn_unused_result));

/*
 * The stored text `doc` (len bytes: a canonical document ending in "}",
 * or, once signed, its proof set ending in "]}") with `proof` appended to
 * its proof set: the signed document's bytes stay as they are. A new text
 * in a, or NULL when memory runs out.
 */
const char *record_proofset_append(struct arena *a, const char *doc, size_t len,
				   const json_t *proof);

#endif
