/*
 * repository.c: the national repository's rules: the key lookup over imported trust lists, and
 * their import.
 */
#include "core/base.h"
#include "domain/records/repository.h"
#include "domain/records/signing_key.h"

int repository_key_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	struct repository_lookup *l = ctx;
	struct db_res res;
	struct db_val v = DBV_TEXT(multikey);
	int rc = db_row(l->c, Q_REPOSITORY_KEY_BY_PUBLIC, &v, 1, &res);
	if (rc)
		return rc;
	const char *school = arena_strdup(l->a, db_text(&res, 0, NULL));
	int role = skey_role_parse(db_text(&res, 1, NULL));
	*out = (struct trust_key){
		.school = school,
		.role = role < 0 ? SKEY_MINISTRY : (enum skey_role)role,
		.valid_from = db_int(&res, 2),
		.valid_until = db_null(&res, 3) ? 0 : db_int(&res, 3),
		.revoked_at = db_null(&res, 4) ? 0 : db_int(&res, 4),
	};
	db_done(&res);
	return school ? ERR_OK : ERR_NOMEM;
}

int repository_import(struct db_conn *c, const struct trust_list *l, int64_t by_user, int64_t now,
		      size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct trust_list_key *k = &l->keys[i];
		if (k->key.role == SKEY_MINISTRY || !k->key.school)
			continue;
		struct db_val v[] = {
			DBV_TEXT(k->multikey),
			DBV_TEXT(k->key.school),
			DBV_TEXT(skey_role_name(k->key.role)),
			DBV_INT(k->key.valid_from),
			k->key.valid_until ? DBV_INT(k->key.valid_until) : DBV_NULL,
			k->key.revoked_at ? DBV_INT(k->key.revoked_at) : DBV_NULL,
			DBV_TEXT(l->signer),
			by_user ? DBV_INT(by_user) : DBV_NULL,
			DBV_INT(now),
		};
		int rc = db_exec(c, Q_REPOSITORY_KEY_UPSERT, v, 9, NULL);
		if (rc)
			return rc;
		++*n;
	}
	return ERR_OK;
}
