/*
 * trust.h: checking a signed school record, and the trust list that says
 * which keys sign for which school and role (docs/records.md).
 *
 * A record is valid when every check passes:
 *
 *   signature:N   proof N verifies (eddsa-jcs-2022) with the key its
 *                 verificationMethod names (a did:key)
 *   trust         the proofs are one homeroom teacher's and one principal's
 *                 key of the school the issuer names (issuer.code), each
 *                 trusted for that school and role when its proof was made
 *                 (proof.created within the key's validFrom..validUntil,
 *                 both inclusive);
 *                 issuer.id is that school's key, trusted at validFrom
 *   revocation    no key was revoked at or before the time it signed
 *   supersession  (online) the issuer holds this record, as presented, and
 *                 no correction has replaced it; offline: skipped
 *   dates         validFrom and each proof's created are well-formed dates,
 *                 created is not before validFrom, neither lies in the
 *                 future (5 minutes of clock skew), validUntil (if any) has
 *                 not passed
 *
 * Keys are found through a lookup: the database online (verification.h),
 * a trust list file offline. Nothing here reads the clock: `now` is given.
 * A proof that carries an @context is checked against the document's
 * (crypto/dataintegrity.h): signature:N fails unless the document's
 * @context starts with the proof's.
 */
#ifndef TABULA_DOMAIN_TRUST_H
#define TABULA_DOMAIN_TRUST_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/records/credential.h"
#include "domain/records/signing_key.h"

/* The @context of every credential Tabula issues (credential.h). */
#define TRUST_VC_CONTEXT     RECORD_CONTEXT_VC
#define TRUST_TABULA_CONTEXT RECORD_CONTEXT_TABULA

/* The type of an exam admission card (docs/exams.md): trusted when its one
 * proof is by the issuer's key (the exam office's "school" key) instead of
 * a homeroom teacher's and a principal's; not held as a record. */
#define TRUST_CARD_TYPE "ExamAdmissionCard"

#define TRUST_SKEW	 300 /* seconds of clock difference tolerated */
#define TRUST_MAX_PROOFS 4
#define TRUST_MAX_CHECKS (TRUST_MAX_PROOFS + 4)

/* What a key is trusted for. school: an org code (NULL for the ministry
 * key); valid_until / revoked_at 0 when not set. */
struct trust_key {
	const char *school;
	enum skey_role role;
	int64_t valid_from, valid_until, revoked_at;
};

/* Find the key with this multikey (z6Mk...): ERR_OK, ERR_NOTFOUND, or an
 * error (the check then fails saying so). */
typedef int (*trust_lookup_fn)(void *ctx, const char *multikey, struct trust_key *out);

/* Where a record stands at its issuer (online checks only). */
enum trust_standing {
	TRUST_CURRENT,	  /* held as presented, sealed, not replaced */
	TRUST_SUPERSEDED, /* replaced by a correction: successor says which */
	TRUST_UNKNOWN,	  /* no record with this id */
	TRUST_DIFFERENT,  /* a record with this id, but other proofs */
	TRUST_UNSEALED,	  /* held, but not sealed */
};
struct trust_status {
	enum trust_standing standing;
	const char *successor; /* the correction's id (urn:uuid:...) */
	int64_t superseded_at;
};
typedef int (*trust_status_fn)(void *ctx, const char *id, const json_t *credential,
			       struct trust_status *out);

enum trust_result { TRUST_PASS, TRUST_FAIL, TRUST_SKIP };

struct trust_check {
	char name[40]; /* "signature:1", "trust", ... */
	enum trust_result result;
	const char *detail; /* static or in the arena */
};

struct trust_report {
	int n;
	struct trust_check checks[TRUST_MAX_CHECKS];
	bool valid; /* no check failed */
};

/*
 * Check a record. lookup finds keys; status (NULL offline: supersession is
 * skipped) says where the record stands at its issuer. Details go into a.
 * Returns ERR_OK with *out filled (a bad record is a report with failed
 * checks, not an error) or ERR_NOMEM.
 */
int trust_check_record(const json_t *credential, int64_t now, trust_lookup_fn lookup, void *lctx,
		       trust_status_fn status, void *sctx, struct arena *a,
		       struct trust_report *out) __attribute__((warn_unused_result));

/* "2026-06-01T08:30:00Z" (also with fractions of a second or a +hh:mm
 * offset, as XML Schema dateTimeStamp allows) to Unix seconds. */
bool trust_time_parse(const char *s, int64_t *out);
/* And back: Unix seconds as "2026-06-01T08:30:00Z", in a. */
const char *trust_time_iso(struct arena *a, int64_t t);

/* ---- the trust list (trust_list.c) ---- */

/*
 * Build the trust list (unsigned): every school's keys, or one school's
 * (school_code not NULL), with their school, role and validity, as a
 * credential issued at `now` by the ministry key's did:key. *out is a new
 * reference.
 */
int trust_list_build(struct db_conn *c, const char *school_code, const struct skey *ministry,
		     int64_t now, json_t **out) __attribute__((warn_unused_result));

/* Add the ministry key's proof (its seed opened and wiped here). */
int trust_list_sign(json_t *list, const struct skey *ministry, int64_t now)
	__attribute__((warn_unused_result));

/*
 * The signed trust list as GET /api/v1/trust-list and `tabula trust-list`
 * give it: every school's keys, or one school's. The first list of an
 * instance needs its ministry key made: then x->need_key is set and
 * nothing else; run trust_list_key_tx and ask again. Problems in x->p:
 * 404 on "school" (no such school), 503 signing_unavailable (no server
 * secret, or the key still missing).
 */
struct trust_list_request {
	const char *school; /* in: one school's code, or NULL */
	int64_t now;
	struct arena *a;      /* the ministry key's strings */
	json_t *list;	      /* out: a new reference */
	bool need_key;	      /* out: no ministry key yet */
	bool key_made;	      /* trust_list_key_tx ran */
	struct skey ministry; /* out: the key that signed */
	struct problem p;
};
struct db;
int trust_list_get(struct db *db, struct trust_list_request *x) __attribute__((warn_unused_result));
/* The write job that makes the instance's ministry key (ctx: the request). */
int trust_list_key_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* An offline trust list: its keys by multikey. */
struct trust_list {
	size_t n;
	struct trust_list_key {
		char multikey[MULTIKEY_TEXT_MAX];
		struct trust_key key;
	} * keys;		      /* sorted by multikey */
	char signer[SKEY_METHOD_MAX]; /* the proof's verificationMethod */
	const char *issued;	      /* validFrom */
	bool signature_ok;
	const char *why; /* why the signature or the list is not accepted */
};

/* Parse and check a trust list (its own proof, by the did:key it names).
 * ERR_INVALID with l->why when it is not a trust list; otherwise ERR_OK
 * and l->signature_ok says whether its proof verifies. Strings in a. */
int trust_list_load(const json_t *doc, struct arena *a, struct trust_list *l)
	__attribute__((warn_unused_result));
/* A trust_lookup_fn over a loaded list (ctx: the struct trust_list). */
int trust_list_lookup(void *ctx, const char *multikey, struct trust_key *out)
	__attribute__((warn_unused_result));

#endif
