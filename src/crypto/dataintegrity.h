/*
 * dataintegrity.h: W3C Data Integrity proofs of the eddsa-jcs-2022
 * cryptosuite (RFC 8785 canonical JSON, SHA-256, Ed25519).
 *
 * A proof signs SHA-256(JCS(proof options)) || SHA-256(JCS(document without
 * its proofs)). A proof set (`proof` as an array) holds proofs made
 * independently over the same document: the homeroom teacher's and the
 * principal's on a school record.
 *
 * A proof may carry an @context (the spec's Create Proof, step 2, strongly
 * advises the document's): it is part of the proof options signed, the
 * document is hashed with its @context replaced by the proof's, and a
 * verifier first checks that the document's @context starts with the
 * proof's values in the same order (Verify Proof, step 4). A proof without
 * one is checked against the document as it is.
 */
#ifndef TABULA_CRYPTO_DATAINTEGRITY_H
#define TABULA_CRYPTO_DATAINTEGRITY_H

#include <jansson.h>
#include <stdint.h>

#define DI_SUITE "eddsa-jcs-2022"

/* Check one proof of `secured` with the Ed25519 public key. 0 if valid;
 * otherwise -1 and *why names the failed step (a static string). */
int di_verify(const json_t *secured, const json_t *proof, const uint8_t pk[32], const char **why);

/* Check the n proofs of a proof set (or the one proof), proof i with key
 * pks[i]; the document is canonicalized once. 0 if the document has exactly
 * n proofs and all verify; whys[i] is NULL for a valid proof, else why not. */
int di_verify_set(const json_t *secured, size_t n, const uint8_t (*pks)[32], const char **whys);

/* Sign `unsecured` (no `proof` member) under `options` (type, cryptosuite,
 * created, verificationMethod, proofPurpose and optionally @context):
 * on success options gains its proofValue. 0 or -1. */
int di_sign(const json_t *unsecured, json_t *options, const uint8_t sk[64]);

/* The two halves of di_sign, for a signer that adds a proof to a document
 * it has hashed before (a second proof of a set): the SHA-256 of the
 * canonical document without its proofs, with the proof's @context (NULL:
 * the document's own), and the signature over a document hash. */
int di_document_hash(const json_t *unsecured, const json_t *proof_context, uint8_t out[32]);
int di_sign_hashed(const uint8_t doc_hash[32], json_t *options, const uint8_t sk[64]);

/* The verification method's key when it is a did:key
 * ("did:key:z6Mk...#z6Mk..."), or a URL whose fragment is the multikey. */
int di_method_key(const char *verification_method, uint8_t pk[32]);

#endif
