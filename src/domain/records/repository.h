/*
 * repository.h: the national repository (docs/records.md, "National
 * repository"). The ministry instance keeps the sealed records province
 * instances submit, once each passes the checks of trust.h against the keys
 * of the province trust lists it imported.
 */
#ifndef TABULA_DOMAIN_REPOSITORY_H
#define TABULA_DOMAIN_REPOSITORY_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/records/trust.h"

/* Records in one submission (POST /api/v1/repository/records). */
#define REPOSITORY_BATCH_MAX 100
/* A record's hash: SHA-256 of its canonical form (RFC 8785), 64 hex digits
 * and a NUL; the same record gives the same hash however it was spaced. */
#define REPOSITORY_HASH_HEX 65

/* A trust_lookup_fn over the imported keys (ctx: a struct repository_lookup). */
struct repository_lookup {
	struct db_conn *c;
	struct arena *a;
};
int repository_key_lookup(void *ctx, const char *multikey, struct trust_key *out);

/* Store the keys of a loaded, signature-checked trust list (the ministry
 * key of the list itself is not stored: it signs no record). A key already
 * imported takes the list's view (a revocation or retirement since the last
 * import). *n gets the number of keys written. */
int repository_import(struct db_conn *c, const struct trust_list *l, int64_t by_user, int64_t now,
		      size_t *n);

#endif
