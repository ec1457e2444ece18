/*
 * repository.h: the national repository (docs/records.md, "National
 * repository"). The ministry instance keeps the sealed records province
 * instances submit, once each passes the checks of trust.h against the keys
 * of the province trust lists it imported. Only the national
 * administrator (a ministry_admin bound to no org) uses it: submitting is
 * an instance-to-instance act, done with an account the ministry makes for
 * each province. The province side (`tabula records submit`) keeps a cursor
 * per ministry it submits to.
 */
#ifndef TABULA_DOMAIN_REPOSITORY_H
#define TABULA_DOMAIN_REPOSITORY_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "domain/records/trust.h"

struct actor;
struct db;

/* Records in one submission (POST /api/v1/repository/records). */
#define REPOSITORY_BATCH_MAX 100
/* A record's hash: SHA-256 of its canonical form (RFC 8785), 64 hex digits
 * and a NUL; the same record gives the same hash however it was spaced. */
#define REPOSITORY_HASH_HEX 65

/* May `by` use the repository? ERR_OK, or p says 403 forbidden. */
int repository_admit(const struct actor *by, struct problem *p) __attribute__((warn_unused_result));

/* A trust_lookup_fn over the imported keys (ctx: a struct repository_lookup). */
struct repository_lookup {
	struct db_conn *c;
	struct arena *a;
};
int repository_key_lookup(void *ctx, const char *multikey, struct trust_key *out)
	__attribute__((warn_unused_result));

/* Store the keys of a loaded, signature-checked trust list (the ministry
 * key of the list itself is not stored: it signs no record). A key already
 * imported takes the list's view (a revocation or retirement since the last
 * import). *n gets the number of keys written. */
int repository_import(struct db_conn *c, const struct trust_list *l, int64_t by_user, int64_t now,
		      size_t *n) __attribute__((warn_unused_result));

/*
 * POST /api/v1/repository/trust: a province's trust list, loaded (strings
 * in a) and its own signature checked: 422 not_trust_list or
 * trust_list_signature; then stored by the write job repository_import_tx.
 */
struct repository_import_job {
	int64_t by, now;
	struct trust_list l;
	size_t n; /* out: keys stored */
	struct problem p;
};
int repository_import_load(struct repository_import_job *x, const json_t *doc, struct arena *a)
	__attribute__((warn_unused_result));
int repository_import_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * POST /api/v1/repository/records: each submitted record is accepted (it
 * passes every check and is stored), a duplicate (held already, the same
 * bytes), or rejected with the check it failed ("format", "conflict", or
 * one of trust.h's). repository_submit_check decides on the caller's
 * thread (422 on "records" unless 1..REPOSITORY_BATCH_MAX are sent); the
 * write job repository_submit_tx stores what passed, and a record stored
 * meanwhile by another submission counts as a duplicate.
 */
enum repository_state {
	REPOSITORY_PENDING,
	REPOSITORY_ACCEPTED,
	REPOSITORY_DUPLICATE,
	REPOSITORY_REJECTED,
	REPOSITORY__STATES
};
/* "pending", "accepted", "duplicate", "rejected". */
const char *repository_state_name(enum repository_state s);

struct repository_item {
	const json_t *cred; /* borrowed from the submission */
	const char *uuid, *school, *text;
	char hash[REPOSITORY_HASH_HEX];
	enum repository_state state;
	const char *check, *detail; /* why it was rejected */
};

struct repository_submission {
	const json_t *records; /* in: the submitted array, borrowed until done */
	int64_t by, now;
	struct arena *a;
	size_t n;
	struct repository_item *items;
	struct problem p;
};
int repository_submit_check(struct db *db, struct repository_submission *x)
	__attribute__((warn_unused_result));
int repository_submit_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/*
 * GET /api/v1/repository/records/{id}: the record held under uuid, as it
 * was submitted (canonical), with the audit entry of its read (a held
 * record is a child's data: repository.read, naming the record). found is
 * false when none is held.
 */
struct repository_read {
	const char *uuid; /* in: urn:uuid:... */
	bool found;
	const char *text; /* in by's arena */
	size_t len;
	struct audit_entry entry;
	struct problem p;
};
int repository_read_as(struct db *db, const struct actor *by, struct repository_read *x)
	__attribute__((warn_unused_result));

/* ---- the province side (`tabula records submit`) ---- */

/* The next sealed (and superseded) records to send to `target`: up to
 * limit after its cursor, as JSON in `records` (the caller's array);
 * `last` gets the last one's id (the cursor once they are answered). */
struct repository_outbox {
	const char *target;
	int limit;
	int64_t after, last;
	json_t *records;
};
int repository_outbox_read(struct db *db, struct repository_outbox *b)
	__attribute__((warn_unused_result));
/* Store the cursor of target (last: the last record answered), or forget
 * it (reset). */
int repository_cursor_save(struct db *db, const char *target, int64_t last, int64_t now)
	__attribute__((warn_unused_result));
int repository_cursor_reset(struct db *db, const char *target) __attribute__((warn_unused_result));

#endif
