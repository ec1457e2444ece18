/*
 * trust_list.c: the trust list (trust.h): which keys sign records for
 * which school and role, built from the signing keys and signed with the
 * instance's ministry key; loaded and checked offline.
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/dataintegrity.h"
#include "domain/common/work.h"
#include "domain/records/trust.h"
#include "domain/registry/student.h"

/* Keys are read a page at a time. */
#define PAGE 1000

/* A row of the `trust_list_key` columns as the list shows it. */
static json_t *list_key_json(struct db_res *res, struct arena *a)
{
	struct skey k = {0};
	snprintf(k.multikey, sizeof(k.multikey), "%s",
		 db_text(res, C_TRUST_LIST_KEY__PUBLIC_KEY, NULL));
	char method[SKEY_METHOD_MAX];
	skey_method(&k, method);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", method, "school",
			      db_text(res, C_TRUST_LIST_KEY__CODE, NULL), "schoolName",
			      db_text(res, C_TRUST_LIST_KEY__NAME, NULL), "role",
			      db_text(res, C_TRUST_LIST_KEY__ROLE, NULL), "validFrom",
			      trust_time_iso(a, db_int(res, C_TRUST_LIST_KEY__VALID_FROM)));
	if (j && !db_null(res, C_TRUST_LIST_KEY__VALID_UNTIL))
		json_object_set_new(
			j, "validUntil",
			json_string(trust_time_iso(a, db_int(res, C_TRUST_LIST_KEY__VALID_UNTIL))));
	if (j && !db_null(res, C_TRUST_LIST_KEY__REVOKED_AT))
		json_object_set_new(
			j, "revokedAt",
			json_string(trust_time_iso(a, db_int(res, C_TRUST_LIST_KEY__REVOKED_AT))));
	return j;
}

/* One page of keys after id *after into `keys`; *more: a full page. */
static int list_page(struct db_conn *c, const char *school_code, int64_t *after, json_t *keys,
		     bool *more)
{
	struct arena a;
	arena_init(&a, 4096, 0);
	struct db_res res;
	struct db_val v[] = {school_code ? DBV_TEXT(school_code) : DBV_INT(*after), DBV_INT(*after),
			     DBV_INT(PAGE)};
	int rc = school_code ? db_query(c, Q_TRUST_LIST_KEYS_SCHOOL, v, 3, &res)
			     : db_query(c, Q_TRUST_LIST_KEYS, v + 1, 2, &res);
	int step = 0, n = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		*after = db_int(&res, C_TRUST_LIST_KEY__ID);
		n++;
		json_t *k = list_key_json(&res, &a);
		if (!k || json_array_append_new(keys, k))
			rc = ERR_NOMEM;
	}
	db_done(&res);
	arena_release(&a);
	*more = n == PAGE;
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int trust_list_build(struct db_conn *c, const char *school_code, const struct skey *ministry,
		     int64_t now, json_t **out)
{
	*out = NULL;
	int rc = ERR_OK;
	if (school_code) {
		struct org_ref ref;
		rc = school_ref(c, school_code, &ref, NULL);
		if (rc == ERR_INVALID)
			rc = ERR_NOTFOUND;
	}
	json_t *keys = json_array();
	int64_t after = 0;
	for (bool more = !rc; more && !rc;)
		rc = list_page(c, school_code, &after, keys, &more);
	char did[SKEY_DID_MAX], issued[32];
	skey_did(ministry, did);
	time_iso8601(now, issued, sizeof(issued));
	json_t *subject = json_pack("{s:s, s:o}", "type", "TrustList", "keys", keys);
	if (subject && school_code)
		json_object_set_new(subject, "school", json_string(school_code));
	json_t *doc = rc || !subject ? NULL
				     : json_pack("{s:[s,s], s:[s,s], s:{s:s, s:s}, s:s, s:O}",
						 "@context", TRUST_VC_CONTEXT, TRUST_TABULA_CONTEXT,
						 "type", "VerifiableCredential", "TabulaTrustList",
						 "issuer", "id", did, "name", "Tabula trust list",
						 "validFrom", issued, "credentialSubject", subject);
	json_decref(subject);
	if (!rc && !doc)
		rc = ERR_NOMEM;
	*out = doc;
	return rc;
}

int trust_list_sign(json_t *list, const struct skey *ministry, int64_t now)
{
	char created[32], method[SKEY_METHOD_MAX];
	time_iso8601(now, created, sizeof(created));
	skey_method(ministry, method);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", created, "verificationMethod",
				method, "proofPurpose", "assertionMethod");
	uint8_t sk[64];
	int rc = opt ? skey_open(ministry, sk) : ERR_NOMEM;
	if (!rc) {
		rc = di_sign(list, opt, sk) ? ERR_INTERNAL : ERR_OK;
		bytes_wipe(sk, sizeof(sk));
	}
	if (!rc)
		rc = json_object_set(list, "proof", opt) ? ERR_NOMEM : ERR_OK;
	json_decref(opt);
	return rc;
}

/* ---- serving it ---- */

/* The ministry key (need_key when there is none yet), then the list. */
static int list_work(struct db_conn *c, void *arg)
{
	struct trust_list_request *x = arg;
	int rc = skey_active(c, x->a, 0, SKEY_MINISTRY, 0, &x->ministry);
	if (rc == ERR_NOTFOUND) {
		x->need_key = true;
		return ERR_OK;
	}
	return rc ? rc : trust_list_build(c, x->school, &x->ministry, x->now, &x->list);
}

int trust_list_get(struct db *db, struct trust_list_request *x)
{
	x->list = NULL;
	x->need_key = false;
	if (!skey_available())
		return skey_unavailable(&x->p);
	int rc = work_read(db, list_work, x);
	if (rc) {
		json_decref(x->list);
		x->list = NULL;
	}
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, "school", "No such school.");
	if (rc)
		return problem_err(&x->p, rc);
	if (x->need_key) /* made, yet not there: as if it could not be */
		return x->key_made ? skey_unavailable(&x->p) : ERR_OK;
	rc = trust_list_sign(x->list, &x->ministry, x->now);
	if (rc) {
		json_decref(x->list);
		x->list = NULL;
	}
	return rc == ERR_RETRY ? skey_unavailable(&x->p) : problem_err(&x->p, rc);
}

int trust_list_key_tx(struct db_conn *c, void *ctx)
{
	struct trust_list_request *x = ctx;
	int rc = skey_active_or_new(c, x->a, 0, SKEY_MINISTRY, 0, x->now, &x->ministry, &x->p);
	if (!rc && x->ministry.fresh)
		rc = skey_insert(c, &x->ministry, 0);
	x->key_made = !rc;
	return rc;
}

/* ---- offline ---- */

static int cmp_list_key(const void *a, const void *b)
{
	return strcmp(((const struct trust_list_key *)a)->multikey,
		      ((const struct trust_list_key *)b)->multikey);
}

static int list_fail(struct trust_list *l, const char *why)
{
	l->why = why;
	return ERR_INVALID;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Key k of a list into t; false if it is malformed. */
static bool list_key_load(const json_t *k, struct arena *a, struct trust_list_key *t, bool *nomem)
{
	uint8_t pk[32];
	const char *method = json_string_value(json_object_get(k, "id"));
	int role = skey_role_parse(json_string_value(json_object_get(k, "role")));
	const char *school = json_string_value(json_object_get(k, "school"));
	const char *until = json_string_value(json_object_get(k, "validUntil"));
	const char *revoked = json_string_value(json_object_get(k, "revokedAt"));
	if (!method || di_method_key(method, pk) || multikey_encode(pk, t->multikey) || role < 0 ||
	    !school ||
	    !trust_time_parse(json_string_value(json_object_get(k, "validFrom")),
			      &t->key.valid_from) ||
	    (until && !trust_time_parse(until, &t->key.valid_until)) ||
	    (revoked && !trust_time_parse(revoked, &t->key.revoked_at)))
		return false;
	t->key.role = (enum skey_role)role;
	t->key.school = arena_strdup(a, school);
	*nomem = !t->key.school;
	return true;
}

/* The list's own proof: by its issuer's did:key, and valid. NULL if so,
 * else why not. */
static const char *list_signature_why(const json_t *doc, const json_t *proof, const char *method)
{
	const char *issuer =
		json_string_value(json_object_get(json_object_get(doc, "issuer"), "id"));
	uint8_t pk[32];
	const char *why = NULL;
	if (strncmp(method, "did:key:", 8) || di_method_key(method, pk))
		return "its signer is not a did:key";
	if (!issuer || strncmp(method, issuer, strlen(issuer)) || method[strlen(issuer)] != '#')
		return "it is signed by a key other than its issuer's";
	return di_verify(doc, proof, pk, &why) == 0 ? NULL : why;
}

int trust_list_load(const json_t *doc, struct arena *a, struct trust_list *l)
{
	memset(l, 0, sizeof(*l));
	const json_t *type = json_object_get(doc, "type");
	bool typed = false;
	for (size_t i = 0; i < json_array_size(type); i++)
		typed |= same(json_string_value(json_array_get(type, i)), "TabulaTrustList");
	const json_t *keys = json_object_get(json_object_get(doc, "credentialSubject"), "keys");
	if (!typed || !json_is_array(keys))
		return list_fail(l, "not a Tabula trust list (type TabulaTrustList with "
				    "credentialSubject.keys)");
	l->issued = json_string_value(json_object_get(doc, "validFrom"));
	l->keys = arena_calloc(a, json_array_size(keys) + 1, sizeof(*l->keys));
	if (!l->keys)
		return ERR_NOMEM;
	for (size_t i = 0; i < json_array_size(keys); i++) {
		bool nomem = false;
		if (!list_key_load(json_array_get(keys, i), a, &l->keys[l->n], &nomem))
			return list_fail(
				l,
				arena_printf(a, "key %zu of the trust list is malformed", i + 1));
		if (nomem)
			return ERR_NOMEM;
		l->n++;
	}
	qsort(l->keys, l->n, sizeof(*l->keys), cmp_list_key);
	const json_t *proof = json_object_get(doc, "proof");
	const char *method = json_string_value(json_object_get(proof, "verificationMethod"));
	if (!json_is_object(proof) || !method)
		return list_fail(l, "the trust list is not signed");
	snprintf(l->signer, sizeof(l->signer), "%s", method);
	l->why = list_signature_why(doc, proof, method);
	l->signature_ok = l->why == NULL;
	return ERR_OK;
}

int trust_list_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	const struct trust_list *l = ctx;
	struct trust_list_key want = {0};
	snprintf(want.multikey, sizeof(want.multikey), "%s", multikey);
	const struct trust_list_key *hit =
		l->n ? bsearch(&want, l->keys, l->n, sizeof(*l->keys), cmp_list_key) : NULL;
	if (!hit)
		return ERR_NOTFOUND;
	*out = hit->key;
	return ERR_OK;
}
