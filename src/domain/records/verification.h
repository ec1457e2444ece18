/*
 * verification.h: checking a record online, as its issuer (docs/records.md,
 * "Verifying" and "The verification page"): the checks of trust.h with the
 * keys of this instance's signing_keys and the standing of the records it
 * holds (supersession). Anyone may ask: nothing here decides access, and
 * nothing about the student is answered beyond what the record says.
 */
#ifndef TABULA_DOMAIN_RECORDS_VERIFICATION_H
#define TABULA_DOMAIN_RECORDS_VERIFICATION_H

#include "domain/records/qr.h"
#include "domain/records/record.h"
#include "domain/records/trust.h"

struct db;

/* A trust_lookup_fn over this instance's signing keys and a
 * trust_status_fn over the records it holds (ctx: a struct
 * record_verifier). held_id, when set, is a record id looked up already:
 * its status is answered from `held` (NULL: none held) without reading it
 * again. */
struct record_verifier {
	struct db_conn *c;
	struct arena *a;
	const char *held_id;
	const struct record_row *held;
};
int record_verifier_lookup(void *ctx, const char *multikey, struct trust_key *out)
	__attribute__((warn_unused_result));
int record_verifier_status(void *ctx, const char *id, const json_t *credential,
			   struct trust_status *out) __attribute__((warn_unused_result));

/*
 * POST /api/v1/verify: the checks of a presented credential, and where the
 * issuer's copy stands (its status and successor, when this instance
 * holds a record with its id). Details and strings in a.
 */
struct record_verification {
	const json_t *credential; /* in, borrowed */
	int64_t now;
	struct arena *a;
	struct trust_report rep;
	bool held;		   /* a record with its id is held here */
	enum record_status status; /* then: its status */
	const char *successor;	   /* and the correction that replaced it, or NULL */
};
int record_verify(struct db *db, struct record_verification *x) __attribute__((warn_unused_result));

/*
 * GET /api/v1/public/records/{uuid}: a sealed (or superseded) record as the
 * public page shows it: the checks, the printed code, whether its holder
 * shares it whole. x->found is false for any other (drafts and records
 * awaiting the principal are nobody's business).
 */
struct record_public {
	const char *uuid; /* in: urn:uuid:... */
	int64_t now;
	struct arena *a;
	bool found;
	bool shared; /* the holder shows the whole record */
	struct record_row row;
	json_t *credential; /* the stored credential: a new reference, the caller's */
	struct trust_report rep;
	char code[QR_CODE_LEN + 1];
};
int record_public_view(struct db *db, struct record_public *x) __attribute__((warn_unused_result));

#endif
