/*
 * signing_key.h: the Ed25519 keys that sign school records and the trust
 * list (docs/records.md).
 *
 * One key per signer and role at a school (a homeroom teacher's, a
 * principal's), one per school (the credential's issuer), and one for the
 * instance (role "ministry": it signs the trust list). Keys are generated
 * here; the secret half (the 32-byte seed) is sealed (crypto/ed25519.h)
 * under a key derived from the server secret for the purpose "recsign_" and
 * a sub-key id taken from the public key, so a sealed seed copied into
 * another row does not open. It is opened only to sign, into memory the
 * caller wipes, and never leaves the server.
 *
 * Lifetime: a key is active (signs) from valid_from until it is rotated or
 * revoked, which sets valid_until. Rotation makes a new key; the old one
 * stays trusted for what it signed before valid_until. Revocation carries a
 * date (revoked_at, possibly earlier than the day it is recorded): anything
 * signed at or after it is not trusted.
 *
 * Public names: the key's did:key is "did:key:" + its multikey (z6Mk...),
 * its verification method the did:key + "#" + the multikey, so a verifier
 * resolves it offline.
 */
#ifndef TABULA_DOMAIN_SIGNING_KEY_H
#define TABULA_DOMAIN_SIGNING_KEY_H

#include "core/arena.h"
#include "core/err.h"
#include "crypto/multibase.h"
#include "db/db.h"

enum skey_role { SKEY_HOMEROOM_TEACHER, SKEY_PRINCIPAL, SKEY_SCHOOL, SKEY_MINISTRY, SKEY__ROLES };

/* "did:key:" + multikey + "#" + multikey, and a NUL. */
#define SKEY_METHOD_MAX (8 + 2 * MULTIKEY_TEXT_MAX + 2)
#define SKEY_DID_MAX	(8 + MULTIKEY_TEXT_MAX + 1)

/* The stable role names ("homeroom_teacher", "principal", "school",
 * "ministry") and back (-1 if none). */
const char *skey_role_name(enum skey_role r);
int skey_role_parse(const char *name);

struct skey {
	int64_t id;	 /* 0 until stored */
	int64_t org_id;	 /* the school; 0 for the ministry key */
	int64_t user_id; /* the signer; 0 for school and ministry keys */
	enum skey_role role;
	uint8_t pk[32];
	char multikey[MULTIKEY_TEXT_MAX];
	char *sealed;	     /* the sealed seed (arena) */
	int64_t valid_from;  /* Unix seconds */
	int64_t valid_until; /* 0: active */
	int64_t revoked_at;  /* 0: not revoked */
	bool fresh;	     /* made by skey_generate, not stored yet */
};

/* "did:key:z6Mk...", and "did:key:z6Mk...#z6Mk...". */
void skey_did(const struct skey *k, char out[SKEY_DID_MAX]);
void skey_method(const struct skey *k, char out[SKEY_METHOD_MAX]);

/* Can keys be made and used at all (is a server secret loaded)? */
bool skey_available(void);

/* The problem a caller answers when no server secret is configured: 503
 * "signing_unavailable". Returns its err. */
int skey_unavailable(struct problem *p);

/*
 * A new key for (org, role, user), active from `now`, with its seed sealed
 * into a (out->fresh is set; store it with skey_insert). ERR_RETRY with p
 * set (skey_unavailable) when no server secret is loaded.
 */
int skey_generate(struct arena *a, int64_t org_id, enum skey_role role, int64_t user_id,
		  int64_t now, struct skey *out, struct problem *p)
	__attribute__((warn_unused_result));

/* Open k's seed into sk (the 64-byte Ed25519 secret key); the caller wipes
 * it (bytes_wipe) after use. ERR_RETRY when no server secret is loaded,
 * ERR_INVALID when the sealed seed does not open under this secret or does
 * not belong to k's public key. */
int skey_open(const struct skey *k, uint8_t sk[64]) __attribute__((warn_unused_result));

/* The active key of (org, role, user), or ERR_NOTFOUND. */
int skey_active(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		int64_t user_id, struct skey *out) __attribute__((warn_unused_result));

/* The active key, or a fresh one (not stored: skey_insert it in the write
 * that uses it). */
int skey_active_or_new(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		       int64_t user_id, int64_t now, struct skey *out, struct problem *p)
	__attribute__((warn_unused_result));

/* Store a fresh key inside a write job; sets k->id and clears fresh.
 * Another active key for the same signer and role (a concurrent first
 * signature) is ERR_RETRY: the caller tries again and finds it. */
int skey_insert(struct db_conn *c, struct skey *k, int64_t by_user)
	__attribute__((warn_unused_result));

/* Inside a write job: is stored key id still active (not rotated or revoked
 * since it was read)? ERR_OK, or ERR_CONFLICT with p set ("key_changed"). */
int skey_check_active(struct db_conn *c, int64_t id, struct problem *p)
	__attribute__((warn_unused_result));

/* A key by id or by its multikey; strings in a. ERR_NOTFOUND if none.
 * by_public also gives the school's code (NULL for the ministry key). */
int skey_get(struct db_conn *c, struct arena *a, int64_t id, struct skey *out)
	__attribute__((warn_unused_result));
int skey_by_public(struct db_conn *c, struct arena *a, const char *multikey, struct skey *out,
		   const char **school_code) __attribute__((warn_unused_result));

/*
 * Rotate inside a write job: the active key of (org, role, user), if any,
 * stops at `now`; a new one is generated and stored (*out). ERR_RETRY with
 * p set when no server secret is loaded.
 */
int skey_rotate(struct db_conn *c, struct arena *a, int64_t org_id, enum skey_role role,
		int64_t user_id, int64_t now, int64_t by_user, struct skey *out, struct problem *p)
	__attribute__((warn_unused_result));

/*
 * Revoke key id inside a write job: signatures made at or after `since` are
 * no longer trusted, and the key stops signing (valid_until = min(now, its
 * own)). `since` may not lie before the key's valid_from nor after now (422
 * on field "since"); revoking twice is ERR_CONFLICT "already_revoked".
 */
int skey_revoke(struct db_conn *c, int64_t id, int64_t since, int64_t now, const char *reason,
		int64_t by_user, struct problem *p) __attribute__((warn_unused_result));

/* The national administrator: a ministry_admin bound to no org. It alone
 * manages the instance's ministry key and uses the national repository. */
struct principal;
bool skey_national_admin(const struct principal *p);

/* ---- managing keys (GET /api/v1/signing-keys, rotate, revoke) ---- */

struct actor;
struct db;

/* A key as its school's list shows it; strings in the reader's arena. */
struct skey_info {
	int64_t id;
	const char *role;     /* as stored: "homeroom_teacher", ... */
	const char *username; /* the signer; NULL for school and ministry keys */
	char multikey[MULTIKEY_TEXT_MAX];
	int64_t valid_from;
	int64_t valid_until, revoked_at; /* 0: not set */
	const char *revoke_reason;	 /* NULL: none */
};

/*
 * The keys of a school, oldest first, for actor `by`: a registrar reaching
 * the school (ACCESS_WRITE); with no school, the ministry keys, for the
 * national administrator only. Refused: p says 403 forbidden, or 404 on
 * "school" for a school they may not see or that does not exist. The list
 * lives in by's arena.
 */
struct skey_listing {
	const char *school; /* in: a school's code; NULL or "": the ministry keys */
	int n;
	struct skey_info *keys;
	struct problem p;
};
int skey_list_as(struct db *db, struct actor *by, struct skey_listing *x)
	__attribute__((warn_unused_result));

/*
 * A write job (api_write, work_write): a new key for a signer and role,
 * the old one retired (skey_rotate), for `by` under the scope of
 * skey_list_as. Homeroom teachers' and principals' keys name their holder
 * (a teacher or school_admin of the school, 422 unknown_user otherwise).
 * 503 signing_unavailable without a server secret.
 */
struct skey_rotation {
	struct actor *by;
	enum skey_role role;
	const char *school;   /* the school's code (not for the ministry key) */
	const char *username; /* the signer (homeroom teacher and principal keys) */
	int64_t now;
	struct skey key; /* out: the new key, in by's arena */
	int64_t org_id;	 /* out: its school (0: the ministry key) */
	struct problem p;
};
int skey_rotate_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * A write job: revoke key `id` from `since` (0: now) for `by`, a registrar
 * reaching its school or, for a ministry key, the national administrator;
 * anyone else is told it does not exist (404). See skey_revoke.
 */
struct skey_revocation {
	struct actor *by;
	int64_t id;
	int64_t since; /* 0: now */
	int64_t now;
	const char *reason;
	int64_t org_id; /* out: the key's school (0: the ministry key) */
	struct problem p;
};
int skey_revoke_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Key `id` as the list shows it, strings in a; ERR_NOTFOUND if none. */
int skey_info_fetch(struct db *db, struct arena *a, int64_t id, struct skey_info *out)
	__attribute__((warn_unused_result));

#endif
