/*
 * audit_checkpoint.h: signed checkpoints of the audit chain (docs/access.md).
 *
 * A checkpoint says "the chain had `count` entries and entry `count` had
 * hash `head`", made at `at` and signed with Ed25519. Kept outside the
 * database (a file, the ministry's copy sent with each national
 * submission), it catches what the chain alone cannot: the chain rewritten
 * from entry N with every later hash recomputed and the head moved to
 * match, or entries cut off the end with the head moved back. Anyone
 * holding a checkpoint made before the rewrite with count >= N sees that
 * the chain no longer passes through its head.
 *
 * The key: an Ed25519 key derived from the server secret alone
 * (ed25519_derive, context "auditcp_", id 0), not a row of the database.
 * The database is what a checkpoint vouches for, so nothing of the key may
 * come from it; every process holding the secret file (serve, the
 * commands) has the same key; it serves this one purpose (the secret's
 * KDF keeps it apart from the record-signing keys, and the access
 * capability may not use the records capability's keys). A verifier
 * without the secret (the ministry) trusts the public key it was given
 * (`--key`). A new secret file is a new key: keep the old public key to
 * verify older checkpoints.
 *
 * What is signed is the text
 *
 *   "tabula.audit.checkpoint.v1" LF count LF head LF at LF key
 *
 * (count in decimal, head as 64 lower-case hex digits, at as written, key
 * the signer's multikey; no field holds a LF), and the checkpoint is
 * written as the JSON object
 *
 *   {"type":"tabula.audit.checkpoint.v1","count":N,"head":"<hex>",
 *    "at":"<ISO 8601 UTC>","key":"z6Mk...","signature":"z..."}
 *
 * with the signature as "z" + base58btc of its 64 bytes.
 */
#ifndef TABULA_DOMAIN_AUDIT_CHECKPOINT_H
#define TABULA_DOMAIN_AUDIT_CHECKPOINT_H

#include <jansson.h>

#include "core/err.h"
#include "crypto/multibase.h"
#include "domain/access/audit.h"

#define AUDIT_CHECKPOINT_TYPE	"tabula.audit.checkpoint.v1"
#define AUDIT_CHECKPOINT_AT_MAX 32

struct audit_checkpoint {
	int64_t count;			   /* entries 1..count are covered */
	char head[AUDIT_HASH_HEX];	   /* entry count's hash (64 zeros for 0) */
	char at[AUDIT_CHECKPOINT_AT_MAX];  /* when it was made, "2026-01-31T08:00:00Z" */
	char key[MULTIKEY_TEXT_MAX];	   /* the signer's public key (multikey) */
	char signature[MULTIBASE_SIG_MAX]; /* "z" + base58btc */
};

/* The public key that signs checkpoints here, as a multikey. ERR_RETRY
 * when no server secret is loaded. */
int audit_checkpoint_key(char key[MULTIKEY_TEXT_MAX]) __attribute__((warn_unused_result));

/* Sign cp's count, head and at with the server's checkpoint key: sets key
 * and signature. ERR_RETRY when no server secret is loaded. */
int audit_checkpoint_sign(struct audit_checkpoint *cp) __attribute__((warn_unused_result));

/*
 * A checkpoint of db's chain as it is now: the whole chain is verified
 * first (audit_check), so a broken chain is never vouched for; its head is
 * signed with `now` (Unix seconds) as the time. ERR_INVALID with rep filled
 * when the chain is broken; ERR_RETRY when no server secret is loaded;
 * another error when the store fails.
 */
int audit_checkpoint_make(struct db *db, int64_t now, struct audit_checkpoint *cp,
			  struct audit_report *rep) __attribute__((warn_unused_result));

/* Is cp signed, by the key `trusted` (a multikey)? ERR_OK, or ERR_INVALID
 * with *why a static sentence: signed by another key, or the signature
 * does not verify (the checkpoint was altered or forged). */
int audit_checkpoint_check(const struct audit_checkpoint *cp, const char *trusted, const char **why)
	__attribute__((warn_unused_result));

/* The JSON object of the header comment (a new reference; NULL: no memory). */
json_t *audit_checkpoint_json(const struct audit_checkpoint *cp);

/* Read that object back. Fields other than the six are ignored (they are
 * not signed). ERR_INVALID with *why a static sentence when a field is
 * missing or malformed; the signature is not checked here. */
int audit_checkpoint_from_json(json_t *j, struct audit_checkpoint *cp, const char **why)
	__attribute__((warn_unused_result));

#endif
