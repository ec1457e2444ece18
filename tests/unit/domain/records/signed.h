/*
 * signed.h: keys and issued credentials for the unit tests of the records
 * that sign and verify (test_proofset.c, test_trust.c,
 * test_verification.c). Helpers are static inline: each test file is its
 * own program and uses some of them.
 */
#ifndef TABULA_TEST_RECORDS_SIGNED_H
#define TABULA_TEST_RECORDS_SIGNED_H

#include "unit.h"

#include "crypto/ed25519.h"
#include "domain/records/credential.h"
#include "domain/records/signing_key.h"

#define T0 1780000000 /* 2026-05-28T20:26:40Z */

/* A new key of role: its public half and multikey in k, its secret half
 * in sk. */
static inline void signed_key_new(struct skey *k, uint8_t sk[64], enum skey_role role)
{
	memset(k, 0, sizeof(*k));
	ed25519_keypair(k->pk, sk);
	assert_int_equal(multikey_encode(k->pk, k->multikey), 0);
	k->role = role;
}

/* The unsigned credential `uuid` around subject, issued at T0 by School
 * One (S1) under the DID of issuer. The caller owns the answer; subject
 * is its own still. */
static inline json_t *signed_issue(const char *uuid, const struct skey *issuer,
				   const json_t *subject)
{
	char did[SKEY_DID_MAX];
	skey_did(issuer, did);
	struct record_doc d = {.uuid = uuid,
			       .issuer_did = did,
			       .school_name = "School One",
			       .school_code = "S1",
			       .valid_from = T0,
			       .subject = subject};
	json_t *cred = record_credential(&d);
	assert_non_null(cred);
	return cred;
}

#endif
