/*
 * credential.h: a school record as a W3C Verifiable Credential 2.0
 * (docs/records.md, "The record"): the credentialSubject assembled from a
 * class's facts (facts.h), the document around it, and the hashes that
 * tell one version of the facts from another.
 *
 * The subject and the document are written in their RFC 8785 canonical
 * form straight from the facts: what is signed, hashed and stored are these
 * bytes, without building a jansson tree first. The same facts give the
 * same bytes.
 */
#ifndef TABULA_DOMAIN_RECORDS_CREDENTIAL_H
#define TABULA_DOMAIN_RECORDS_CREDENTIAL_H

#include <jansson.h>

#include "core/buf.h"
#include "domain/records/facts.h"

/* The @context of every credential Tabula issues, in this order: the VC 2.0
 * base context and Tabula's own (docs/records-context.jsonld; JCS
 * verifiers do not fetch it, and its terms also fall under the base
 * context's @vocab). Proofs carry the same list (proofset.h). */
#define RECORD_CONTEXT_VC     "https://www.w3.org/ns/credentials/v2"
#define RECORD_CONTEXT_TABULA "https://tabula.example/ns/records/v1"

#define RECORD_UUID_MAX 48 /* "urn:uuid:" + 36 and a NUL, rounded */
#define RECORD_HASH_HEX 65

/* A fresh id: "urn:uuid:" and a version 7 UUID (time-ordered, random). */
void record_uuid(char out[RECORD_UUID_MAX]);

/* A result in hundredths as the record writes it: a decimal string with the
 * policy's decimals ("8.4" under vn-tt22, "17.25" under ir-20). */
void record_decimal(int hundredths, int decimals, char out[16]);

/*
 * The credentialSubject for student s of class k, written in its canonical
 * form (RFC 8785) into b: the same facts give the same bytes. *complete
 * says whether the year's results are all in (records are made only of
 * complete years). ERR_INVALID when the school has no grading policy.
 */
int record_subject_write(const struct record_class *k, const struct record_student *s,
			 struct buf *b, bool *complete) __attribute__((warn_unused_result));
/* The same as a JSON value (a new reference), for inspection. */
json_t *record_subject_json(const struct record_class *k, const struct record_student *s,
			    bool *complete);

/* BLAKE2b-256 of n bytes, in hex. */
void record_hash_hex(const char *p, size_t n, char out[RECORD_HASH_HEX]);

/* BLAKE2b-256 of the subject's canonical form (RFC 8785), in hex: tells a
 * record whose facts changed; kept inside Tabula, never published. */
int record_subject_hash(const json_t *subject, char out[RECORD_HASH_HEX])
	__attribute__((warn_unused_result));

/* The credential around a subject. issuer_did NULL and valid_from 0 in a
 * draft (they are set when the homeroom teacher signs); previous: the id of
 * the version it corrects, or NULL. */
struct record_doc {
	const char *uuid;
	const char *issuer_did;
	const char *school_name, *school_code;
	int64_t valid_from;
	const char *previous;
	const json_t *subject;
};
/* The credential as a JSON value: a new reference; d->subject is borrowed. */
json_t *record_credential(const struct record_doc *d);
/* The same document, canonical (RFC 8785), around a subject given in its
 * canonical bytes (d->subject is not used): what the proofs sign, and what
 * is stored, the proof set appended as its last member. */
int record_doc_write(const struct record_doc *d, const char *subject, size_t len, struct buf *b)
	__attribute__((warn_unused_result));

/* The credential's @context as a JSON array (a new reference). */
json_t *record_context_json(void);

#endif
