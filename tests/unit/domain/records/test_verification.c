/* Unit tests of verifying a school record: against a signed trust list,
 * each named check fails alone for what it is there to catch (an unknown
 * key, a key of another school, a key used outside its dates, a revoked
 * key, a bad signature), and online, the issuer's view of where a record
 * stands (src/domain/records/verification.c). */
#include "unit.h"
#include "signed.h"

#include "crypto/dataintegrity.h"
#include "crypto/ed25519.h"
#include "domain/records/proofset.h"
#include "domain/records/verification.h"

/* A key, and how the trust list lists it. */
struct listed {
	struct skey k;
	uint8_t sk[64];
	const char *school; /* NULL: not on the list */
	const char *from, *until, *revoked;
};

enum { SCHOOL, TEACHER, PRINCIPAL, MINISTRY, NKEYS };
static struct listed keys[NKEYS];

static void reset(void)
{
	static const enum skey_role roles[NKEYS] = {SKEY_SCHOOL, SKEY_HOMEROOM_TEACHER,
						    SKEY_PRINCIPAL, SKEY_MINISTRY};
	for (int i = 0; i < NKEYS; i++) {
		struct listed *x = &keys[i];
		memset(x, 0, sizeof(*x));
		signed_key_new(&x->k, x->sk, roles[i]);
		x->school = i == MINISTRY ? NULL : "S1";
		x->from = "2026-05-28T20:00:00Z";
	}
}

/* The trust list of the keys as listed now, signed by the ministry key. */
static json_t *trust_list(void)
{
	char did[SKEY_DID_MAX], method[SKEY_METHOD_MAX];
	json_t *ks = json_array();
	for (int i = 0; i < MINISTRY; i++) {
		const struct listed *x = &keys[i];
		if (!x->school)
			continue;
		skey_method(&x->k, method);
		json_t *k = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", method, "school",
				      x->school, "schoolName", "School", "role",
				      skey_role_name(x->k.role), "validFrom", x->from);
		if (x->until)
			json_object_set_new(k, "validUntil", json_string(x->until));
		if (x->revoked)
			json_object_set_new(k, "revokedAt", json_string(x->revoked));
		json_array_append_new(ks, k);
	}
	skey_did(&keys[MINISTRY].k, did);
	skey_method(&keys[MINISTRY].k, method);
	json_t *list = json_pack("{s:[s,s], s:[s,s], s:{s:s}, s:s, s:{s:s, s:o}}", "@context",
				 RECORD_CONTEXT_VC, RECORD_CONTEXT_TABULA, "type",
				 "VerifiableCredential", "TabulaTrustList", "issuer", "id", did,
				 "validFrom", "2026-05-28T21:00:00Z", "credentialSubject", "type",
				 "TrustList", "keys", ks);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", "2026-05-28T21:00:00Z",
				"verificationMethod", method, "proofPurpose", "assertionMethod");
	assert_int_equal(di_sign(list, opt, keys[MINISTRY].sk), 0);
	json_object_set_new(list, "proof", opt);
	return list;
}

/* A sealed record issued under the school key at T0, signed by the
 * teacher at T0+10 and the principal at T0+20. */
static json_t *sealed_record(void)
{
	json_t *subject = json_pack("{s:i, s:s}", "tabulaId", 42, "givenName", "An");
	json_t *cred = signed_issue("urn:uuid:00000000-0000-7000-8000-000000000001",
				    &keys[SCHOOL].k, subject);
	json_decref(subject);
	assert_int_equal(record_add_proof(cred, &keys[TEACHER].k, keys[TEACHER].sk, T0 + 10),
			 ERR_OK);
	assert_int_equal(record_add_proof(cred, &keys[PRINCIPAL].k, keys[PRINCIPAL].sk, T0 + 20),
			 ERR_OK);
	return cred;
}

/* Check cred against the trust list as listed now; the named checks that
 * fail are exactly `failing` (a space-separated list; "" for none). */
static void expect(const json_t *cred, const char *failing, const char *detail)
{
	struct arena a;
	arena_init(&a, 4096, 0);
	json_t *doc = trust_list();
	struct trust_list l;
	assert_int_equal(trust_list_load(doc, &a, &l), ERR_OK);
	assert_true(l.signature_ok);
	struct trust_report r;
	assert_int_equal(
		trust_check_record(cred, T0 + 100, trust_list_lookup, &l, NULL, NULL, &a, &r),
		ERR_OK);
	char want[128];
	bool any = false;
	for (int i = 0; i < r.n; i++) {
		snprintf(want, sizeof(want), " %s ", failing);
		char name[32];
		snprintf(name, sizeof(name), " %s ", r.checks[i].name);
		bool should_fail = strstr(want, name) != NULL;
		if (should_fail != (r.checks[i].result == TRUST_FAIL))
			fail_msg("check %s %s: %s", r.checks[i].name,
				 should_fail ? "passed" : "failed", r.checks[i].detail);
		if (should_fail && detail && strstr(r.checks[i].detail, detail))
			any = true;
	}
	assert_int_equal(r.valid, !*failing);
	if (detail && !any)
		fail_msg("no failed check says \"%s\"", detail);
	json_decref(doc);
	arena_release(&a);
}

UNIT_TEST(test_valid)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	expect(cred, "", NULL);
	json_decref(cred);
}

UNIT_TEST(test_unknown_key)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	keys[PRINCIPAL].school = NULL;
	expect(cred, "trust", "proof 2's key is not a known signing key");
	json_decref(cred);
}

UNIT_TEST(test_key_of_another_school)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	keys[TEACHER].school = "S2";
	expect(cred, "trust", "belongs to S2, not to the issuing school S1");
	json_decref(cred);
}

UNIT_TEST(test_key_outside_its_dates)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	/* Trusted only from after it signed (T0+20 is 20:27:00). */
	keys[PRINCIPAL].from = "2026-05-28T20:27:01Z";
	expect(cred, "trust", "was not trusted yet");
	/* Rotated out the second before it signed; in that very second, still
	 * trusted. */
	keys[PRINCIPAL].from = "2026-05-28T20:00:00Z";
	keys[PRINCIPAL].until = "2026-05-28T20:26:59Z";
	expect(cred, "trust", "was no longer in use");
	keys[PRINCIPAL].until = "2026-05-28T20:27:00Z";
	expect(cred, "", NULL);
	json_decref(cred);
}

UNIT_TEST(test_revoked_key)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	/* Revoked from after it signed: the record stands. */
	keys[TEACHER].revoked = "2026-05-28T20:26:51Z";
	expect(cred, "", NULL);
	/* From the second it signed: it falls, on revocation alone. */
	keys[TEACHER].revoked = "2026-05-28T20:26:50Z";
	expect(cred, "revocation", "proof 1's key (the homeroom teacher's) was revoked");
	json_decref(cred);
}

UNIT_TEST(test_bad_signature)
{
	UNUSED(state);
	reset();
	/* The principal's signature changed: that proof alone. */
	json_t *cred = sealed_record();
	json_t *proof = json_array_get(json_object_get(cred, "proof"), 1);
	char value[128];
	snprintf(value, sizeof(value), "%s",
		 json_string_value(json_object_get(proof, "proofValue")));
	value[10] = value[10] == 'a' ? 'b' : 'a';
	json_object_set_new(proof, "proofValue", json_string(value));
	expect(cred, "signature:2", "signature does not verify");
	json_decref(cred);
	/* The record changed after signing: both signatures, nothing else. */
	cred = sealed_record();
	json_object_set_new(json_object_get(cred, "credentialSubject"), "givenName",
			    json_string("Am"));
	expect(cred, "signature:1 signature:2", "signature does not verify");
	json_decref(cred);
}

/* ---- online: the issuer's copy ---- */

UNIT_TEST(test_standing)
{
	UNUSED(state);
	reset();
	json_t *cred = sealed_record();
	char *stored = json_dumps(cred, JSON_COMPACT);
	struct record_row held = {.uuid = "urn:uuid:00000000-0000-7000-8000-000000000001",
				  .status = RECORD_SEALED,
				  .credential = stored};
	struct record_verifier v = {.held_id = held.uuid, .held = &held};
	struct trust_status st = {0};
	/* Held as presented, sealed: current. */
	assert_int_equal(record_verifier_status(&v, held.uuid, cred, &st), ERR_OK);
	assert_int_equal(st.standing, TRUST_CURRENT);
	/* Other proofs than those held. */
	json_t *other = json_deep_copy(cred);
	json_array_remove(json_object_get(other, "proof"), 1);
	assert_int_equal(record_verifier_status(&v, held.uuid, other, &st), ERR_OK);
	assert_int_equal(st.standing, TRUST_DIFFERENT);
	/* Replaced by a correction; held but not sealed yet. */
	held.status = RECORD_SUPERSEDED;
	held.successor = "urn:uuid:00000000-0000-7000-8000-000000000002";
	held.updated_at = T0 + 50;
	assert_int_equal(record_verifier_status(&v, held.uuid, cred, &st), ERR_OK);
	assert_int_equal(st.standing, TRUST_SUPERSEDED);
	assert_string_equal(st.successor, held.successor);
	assert_int_equal(st.superseded_at, T0 + 50);
	held.status = RECORD_TEACHER_SIGNED;
	assert_int_equal(record_verifier_status(&v, held.uuid, cred, &st), ERR_OK);
	assert_int_equal(st.standing, TRUST_UNSEALED);
	/* Looked up already and not held: unknown. */
	v.held = NULL;
	assert_int_equal(record_verifier_status(&v, held.uuid, cred, &st), ERR_OK);
	assert_int_equal(st.standing, TRUST_UNKNOWN);
	json_decref(other);
	free(stored);
	json_decref(cred);
}

int main(void)
{
	if (ed25519_init())
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
