/* Unit tests of src/domain/trust.c: each check of a school record passes for
 * a good record and fails for what it is there to catch (a changed record,
 * a key of another school or role, a key not yet or no longer in use, a
 * revoked key, two proofs of one role, dates), and offline trust lists are
 * accepted only with their own valid signature. */
#include "unit.h"
#include "signed.h"

#include <sodium.h>

#include "crypto/dataintegrity.h"
#include "domain/records/record.h"
#include "domain/records/trust.h"

struct tkey {
	struct skey k;
	uint8_t sk[64];
	struct trust_key t;
};

static struct tkey keys[8];
static int nkeys;

static struct tkey *key(const char *school, enum skey_role role, int64_t from)
{
	struct tkey *x = &keys[nkeys++];
	signed_key_new(&x->k, x->sk, role);
	x->t = (struct trust_key){.school = school, .role = role, .valid_from = from};
	return x;
}

static int lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	UNUSED(ctx);
	for (int i = 0; i < nkeys; i++)
		if (!strcmp(keys[i].k.multikey, multikey)) {
			*out = keys[i].t;
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

static struct tkey *school, *teacher, *principal;

static void reset(void)
{
	nkeys = 0;
	school = key("S1", SKEY_SCHOOL, T0 - 1000);
	teacher = key("S1", SKEY_HOMEROOM_TEACHER, T0 - 1000);
	principal = key("S1", SKEY_PRINCIPAL, T0 - 1000);
}

/* A record issued by `issuer` at T0, signed by a at T0+10 and b at T0+20. */
static json_t *record(const struct tkey *issuer, const struct tkey *a, const struct tkey *b)
{
	json_t *subject = json_pack("{s:i, s:s, s:{s:s, s:s}}", "tabulaId", 42, "givenName", "An",
				    "schoolRecord", "schoolYear", "2025-2026", "outcome", "kha");
	json_t *cred =
		signed_issue("urn:uuid:00000000-0000-4000-8000-000000000001", &issuer->k, subject);
	json_decref(subject);
	if (a)
		assert_int_equal(record_add_proof(cred, &a->k, a->sk, T0 + 10), ERR_OK);
	if (b)
		assert_int_equal(record_add_proof(cred, &b->k, b->sk, T0 + 20), ERR_OK);
	return cred;
}

static const struct trust_check *find(const struct trust_report *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->checks[i].name, name))
			return &r->checks[i];
	fail_msg("no check %s", name);
	return NULL;
}

static struct trust_report run(const json_t *cred, trust_status_fn status, struct arena *a)
{
	struct trust_report rep;
	assert_int_equal(trust_check_record(cred, T0 + 100, lookup, NULL, status, NULL, a, &rep),
			 ERR_OK);
	return rep;
}

/* Only this check fails (NULL: none). */
static void only_fails(const struct trust_report *r, const char *name)
{
	for (int i = 0; i < r->n; i++) {
		bool want_fail = name && !strcmp(r->checks[i].name, name);
		if (want_fail != (r->checks[i].result == TRUST_FAIL))
			fail_msg("check %s: %s (%s)", r->checks[i].name,
				 r->checks[i].result == TRUST_FAIL ? "failed" : "passed",
				 r->checks[i].detail);
	}
	assert_int_equal(r->valid, name == NULL);
}

UNIT_TEST(test_time_parse)
{
	UNUSED(state);
	int64_t t;
	assert_true(trust_time_parse("2026-05-28T20:26:40Z", &t));
	assert_int_equal(t, T0);
	assert_true(trust_time_parse("2026-05-28T20:26:40.123Z", &t));
	assert_int_equal(t, T0);
	assert_true(trust_time_parse("2026-05-29T00:56:40+04:30", &t));
	assert_int_equal(t, T0);
	assert_true(trust_time_parse("2024-02-29T00:00:00Z", &t));
	assert_false(trust_time_parse("2025-02-29T00:00:00Z", &t));
	assert_false(trust_time_parse("2026-05-28T20:26:40", &t));
	assert_false(trust_time_parse("2026-05-28 20:26:40Z", &t));
	assert_false(trust_time_parse("2026-05-28T24:00:00Z", &t));
	assert_false(trust_time_parse("2026-05-28T20:26:40Zjunk", &t));
	assert_false(trust_time_parse(NULL, &t));
}

UNIT_TEST(test_good_record)
{
	UNUSED(state);
	reset();
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *cred = record(school, teacher, principal);
	struct trust_report r = run(cred, NULL, &a);
	only_fails(&r, NULL);
	assert_int_equal(r.n, 6);
	const char *names[] = {"signature:1", "signature:2",  "trust",
			       "revocation",  "supersession", "dates"};
	for (int i = 0; i < 6; i++)
		assert_string_equal(r.checks[i].name, names[i]);
	assert_int_equal(find(&r, "supersession")->result, TRUST_SKIP);
	/* The principal may sign first: roles, not order, count. */
	json_decref(cred);
	cred = record(school, principal, teacher);
	r = run(cred, NULL, &a);
	only_fails(&r, NULL);
	json_decref(cred);
	arena_release(&a);
}

UNIT_TEST(test_changes_break_signatures)
{
	UNUSED(state);
	reset();
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *cred = record(school, teacher, principal);
	json_object_set_new(
		json_object_get(json_object_get(cred, "credentialSubject"), "schoolRecord"),
		"outcome", json_string("tot"));
	struct trust_report r = run(cred, NULL, &a);
	assert_int_equal(find(&r, "signature:1")->result, TRUST_FAIL);
	assert_int_equal(find(&r, "signature:2")->result, TRUST_FAIL);
	assert_false(r.valid);
	json_decref(cred);
	/* Not signed at all. */
	cred = record(school, NULL, NULL);
	r = run(cred, NULL, &a);
	assert_int_equal(find(&r, "signature:1")->result, TRUST_FAIL);
	assert_false(r.valid);
	json_decref(cred);
	arena_release(&a);
}

UNIT_TEST(test_trust_failures)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 4096, 0);
	/* A key of another school. */
	reset();
	struct tkey *stranger = key("S2", SKEY_PRINCIPAL, T0 - 1000);
	json_t *cred = record(school, teacher, stranger);
	struct trust_report r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	assert_non_null(strstr(find(&r, "trust")->detail, "belongs to S2"));
	json_decref(cred);
	/* Two homeroom teachers and no principal. */
	struct tkey *second = key("S1", SKEY_HOMEROOM_TEACHER, T0 - 1000);
	cred = record(school, teacher, second);
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	json_decref(cred);
	/* The school key used as a signer's. */
	cred = record(school, teacher, school);
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	json_decref(cred);
	/* A key that was not trusted yet when it signed, and one rotated
	 * out before: both fail; rotated in the very second: trusted. */
	principal->t.valid_from = T0 + 25;
	cred = record(school, teacher, principal);
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	principal->t.valid_from = T0 - 1000;
	principal->t.valid_until = T0 + 19;
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	principal->t.valid_until = T0 + 20;
	r = run(cred, NULL, &a);
	only_fails(&r, NULL);
	json_decref(cred);
	/* An issuer that is not the school's key, or unknown. */
	cred = record(teacher, teacher, principal);
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	json_decref(cred);
	struct tkey lost = {0};
	signed_key_new(&lost.k, lost.sk, SKEY_HOMEROOM_TEACHER);
	cred = record(school, teacher, &lost);
	r = run(cred, NULL, &a);
	only_fails(&r, "trust");
	assert_non_null(strstr(find(&r, "trust")->detail, "not a known signing key"));
	json_decref(cred);
	arena_release(&a);
}

UNIT_TEST(test_revocation)
{
	UNUSED(state);
	reset();
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *cred = record(school, teacher, principal);
	/* Revoked from after it signed: the record stands. */
	principal->t.revoked_at = T0 + 21;
	struct trust_report r = run(cred, NULL, &a);
	only_fails(&r, NULL);
	/* From the second it signed, or before: it falls. */
	principal->t.revoked_at = T0 + 20;
	r = run(cred, NULL, &a);
	only_fails(&r, "revocation");
	principal->t.revoked_at = 0;
	school->t.revoked_at = T0;
	r = run(cred, NULL, &a);
	only_fails(&r, "revocation");
	assert_non_null(strstr(find(&r, "revocation")->detail, "issuer"));
	json_decref(cred);
	arena_release(&a);
}

UNIT_TEST(test_dates)
{
	UNUSED(state);
	reset();
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *cred = record(school, teacher, principal);
	struct trust_report r;
	/* Valid from the future (and so signed in the future). */
	assert_int_equal(trust_check_record(cred, T0 - 3600, lookup, NULL, NULL, NULL, &a, &r),
			 ERR_OK);
	assert_int_equal(find(&r, "dates")->result, TRUST_FAIL);
	/* Expired. */
	json_object_set_new(cred, "validUntil", json_string("2026-05-28T20:27:00Z"));
	r = run(cred, NULL, &a);
	assert_int_equal(find(&r, "dates")->result, TRUST_FAIL);
	assert_non_null(strstr(find(&r, "dates")->detail, "expired"));
	json_decref(cred);
	arena_release(&a);
}

static int superseded(void *ctx, const char *id, const json_t *cred, struct trust_status *out)
{
	UNUSED(ctx);
	UNUSED(cred);
	assert_string_equal(id, "urn:uuid:00000000-0000-4000-8000-000000000001");
	out->standing = TRUST_SUPERSEDED;
	out->successor = "urn:uuid:00000000-0000-4000-8000-000000000002";
	out->superseded_at = T0 + 50;
	return ERR_OK;
}

static int current(void *ctx, const char *id, const json_t *cred, struct trust_status *out)
{
	UNUSED(ctx);
	UNUSED(id);
	UNUSED(cred);
	out->standing = TRUST_CURRENT;
	return ERR_OK;
}

UNIT_TEST(test_supersession)
{
	UNUSED(state);
	reset();
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *cred = record(school, teacher, principal);
	struct trust_report r = run(cred, current, &a);
	only_fails(&r, NULL);
	assert_int_equal(find(&r, "supersession")->result, TRUST_PASS);
	r = run(cred, superseded, &a);
	only_fails(&r, "supersession");
	assert_non_null(strstr(find(&r, "supersession")->detail, "000000000002"));
	json_decref(cred);
	arena_release(&a);
}

/* A trust list as trust_list_build writes it, signed by m. */
static json_t *trust_list(const struct tkey *m)
{
	char did[SKEY_DID_MAX], method[SKEY_METHOD_MAX];
	skey_did(&m->k, did);
	json_t *ks = json_array();
	const struct tkey *listed[] = {school, teacher, principal};
	for (size_t i = 0; i < ARRAY_SIZE(listed); i++) {
		skey_method(&listed[i]->k, method);
		json_array_append_new(ks, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", method,
						    "school", "S1", "schoolName", "School One",
						    "role", skey_role_name(listed[i]->t.role),
						    "validFrom", "2026-05-28T20:00:00Z"));
	}
	json_object_set_new(json_array_get(ks, 2), "revokedAt",
			    json_string("2026-05-28T20:26:55Z"));
	json_t *list = json_pack("{s:[s,s], s:[s,s], s:{s:s}, s:s, s:{s:s, s:o}}", "@context",
				 TRUST_VC_CONTEXT, TRUST_TABULA_CONTEXT, "type",
				 "VerifiableCredential", "TabulaTrustList", "issuer", "id", did,
				 "validFrom", "2026-05-28T21:00:00Z", "credentialSubject", "type",
				 "TrustList", "keys", ks);
	skey_method(&m->k, method);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", "2026-05-28T21:00:00Z",
				"verificationMethod", method, "proofPurpose", "assertionMethod");
	assert_int_equal(di_sign(list, opt, m->sk), 0);
	json_object_set_new(list, "proof", opt);
	return list;
}

UNIT_TEST(test_trust_list)
{
	UNUSED(state);
	reset();
	struct tkey *m = key(NULL, SKEY_MINISTRY, T0 - 5000);
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *list = trust_list(m);
	struct trust_list l;
	assert_int_equal(trust_list_load(list, &a, &l), ERR_OK);
	assert_true(l.signature_ok);
	assert_int_equal(l.n, 3);
	struct trust_key t;
	assert_int_equal(trust_list_lookup(&l, principal->k.multikey, &t), ERR_OK);
	assert_int_equal(t.role, SKEY_PRINCIPAL);
	assert_string_equal(t.school, "S1");
	assert_int_equal(t.revoked_at, T0 + 15);
	assert_int_equal(trust_list_lookup(&l, m->k.multikey, &t), ERR_NOTFOUND);
	/* The list's revocation (at T0+15) fails a record sealed at T0+20. */
	json_t *cred = record(school, teacher, principal);
	struct trust_report r;
	assert_int_equal(
		trust_check_record(cred, T0 + 100, trust_list_lookup, &l, NULL, NULL, &a, &r),
		ERR_OK);
	only_fails(&r, "revocation");
	json_decref(cred);
	/* A list changed after signing is not accepted; nor is a list
	 * signed by a key other than its issuer. */
	json_object_del(
		json_array_get(json_object_get(json_object_get(list, "credentialSubject"), "keys"),
			       2),
		"revokedAt");
	assert_int_equal(trust_list_load(list, &a, &l), ERR_OK);
	assert_false(l.signature_ok);
	json_decref(list);
	struct tkey *other = key(NULL, SKEY_MINISTRY, T0);
	list = trust_list(m);
	char did[SKEY_DID_MAX];
	skey_did(&other->k, did);
	json_object_set_new(json_object_get(list, "issuer"), "id", json_string(did));
	assert_int_equal(trust_list_load(list, &a, &l), ERR_OK);
	assert_false(l.signature_ok);
	assert_non_null(strstr(l.why, "other than its issuer"));
	json_decref(list);
	/* Not a trust list at all. */
	json_t *junk = json_pack("{s:[s]}", "type", "VerifiableCredential");
	assert_int_equal(trust_list_load(junk, &a, &l), ERR_INVALID);
	json_decref(junk);
	arena_release(&a);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
