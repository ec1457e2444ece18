/* Unit tests of src/crypto/multibase.c and src/crypto/dataintegrity.c:
 * base58btc, and the W3C eddsa-jcs-2022 test vector (accepted as is,
 * rejected after any change). (RFC 8785's canonical form: test_jcs.c.) */
#include "unit.h"

#include <sodium.h>

#include "core/jcs.h"
#include "crypto/dataintegrity.h"
#include "crypto/multibase.h"

#define VECTOR	   "tests/vectors/eddsa-jcs-2022/signedJCS.json"
#define VECTOR_KEY "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

UNIT_TEST(test_base58)
{
	UNUSED(state);
	char out[64];
	assert_int_equal(base58_encode((const uint8_t *)"Hello World!", 12, out, sizeof(out)), 17);
	assert_string_equal(out, "2NEpo7TZRRrLZSi2U");
	uint8_t z[3] = {0, 0, 1};
	base58_encode(z, 3, out, sizeof(out));
	assert_string_equal(out, "112");
	uint8_t back[16];
	assert_int_equal(base58_decode("112", back, sizeof(back)), 3);
	assert_memory_equal(back, z, 3);
	assert_int_equal(base58_decode("2NEpo7TZRRrLZSi2U", back, sizeof(back)), 12);
	assert_memory_equal(back, "Hello World!", 12);
	assert_int_equal(base58_decode("0OIl", back, sizeof(back)), -1);
	/* Random lengths and values, with leading zeros: encode and decode are
	 * inverses, and the encoding keeps no leading '1' but the zeros'. */
	for (int round = 0; round < 2000; round++) {
		uint8_t in[100], again[120];
		char text[160];
		size_t n = 1 + (size_t)randombytes_uniform(sizeof(in));
		randombytes_buf(in, n);
		size_t lead = randombytes_uniform(4);
		memset(in, 0, lead < n ? lead : n);
		int len = base58_encode(in, n, text, sizeof(text));
		assert_true(len > 0);
		size_t ones = 0;
		while (text[ones] == '1')
			ones++;
		size_t zeros = 0;
		while (zeros < n && !in[zeros])
			zeros++;
		assert_int_equal(ones, zeros);
		assert_int_equal(base58_decode(text, again, sizeof(again)), (int)n);
		assert_memory_equal(again, in, n);
	}
	/* A 64-byte signature: 86 to 88 characters; a too small buffer: -1. */
	uint8_t sig[64];
	memset(sig, 0xff, sizeof(sig));
	char t88[100];
	assert_int_equal(base58_encode(sig, 64, t88, sizeof(t88)), 88);
	assert_int_equal(base58_encode(sig, 64, t88, 88), -1);
	assert_int_equal(base58_encode(z, 2, out, sizeof(out)), 2);
	assert_string_equal(out, "11");
	uint8_t pk[32], pk2[32];
	assert_int_equal(multikey_decode(VECTOR_KEY, pk), 0);
	char text[MULTIKEY_TEXT_MAX];
	assert_int_equal(multikey_encode(pk, text), 0);
	assert_string_equal(text, VECTOR_KEY);
	assert_int_equal(multikey_decode("z6Mk", pk2), -1);
	assert_int_equal(multikey_decode(&VECTOR_KEY[1], pk2), -1);
}

static json_t *load_vector(void)
{
	json_error_t e;
	json_t *v = json_load_file(VECTOR, 0, &e);
	if (!v)
		fail_msg("%s: %s", VECTOR, e.text);
	return v;
}

UNIT_TEST(test_vector)
{
	UNUSED(state);
	uint8_t pk[32];
	assert_int_equal(multikey_decode(VECTOR_KEY, pk), 0);
	json_t *doc = load_vector();
	json_t *proof = json_object_get(doc, "proof");
	const char *why;
	assert_int_equal(di_verify(doc, proof, pk, &why), 0);
	uint8_t from_method[32];
	assert_int_equal(
		di_method_key(json_string_value(json_object_get(proof, "verificationMethod")),
			      from_method),
		0);
	assert_memory_equal(from_method, pk, 32);
	json_decref(doc);

	/* Any change is caught: in the credential, in the proof options, in the
	 * signature, in the context, and a different key. */
	static const char *const paths[][2] = {
		{"credentialSubject", "alumniOf"},
		{"proof", "created"},
		{"proof", "proofPurpose"},
		{"", "validFrom"},
		{"", "description"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		doc = load_vector();
		json_t *o = *paths[i][0] ? json_object_get(doc, paths[i][0]) : doc;
		json_object_set_new(o, paths[i][1], json_string("2024-01-01T00:00:00Z"));
		assert_int_equal(di_verify(doc, json_object_get(doc, "proof"), pk, &why), -1);
		json_decref(doc);
	}
	doc = load_vector();
	proof = json_object_get(doc, "proof");
	char value[128];
	snprintf(value, sizeof(value), "%s",
		 json_string_value(json_object_get(proof, "proofValue")));
	value[10] = value[10] == 'a' ? 'b' : 'a';
	json_object_set_new(proof, "proofValue", json_string(value));
	assert_int_equal(di_verify(doc, proof, pk, &why), -1);
	json_decref(doc);

	doc = load_vector();
	/* The document's @context must start with the proof's. */
	json_array_set_new(json_object_get(doc, "@context"), 1, json_string("https://x.example/"));
	assert_int_equal(di_verify(doc, json_object_get(doc, "proof"), pk, &why), -1);
	json_decref(doc);

	doc = load_vector();
	pk[0] ^= 1;
	assert_int_equal(di_verify(doc, json_object_get(doc, "proof"), pk, &why), -1);
	json_decref(doc);
}

UNIT_TEST(test_sign_proof_set)
{
	UNUSED(state);
	assert_true(sodium_init() >= 0);
	uint8_t pk1[32], sk1[64], pk2[32], sk2[64];
	crypto_sign_keypair(pk1, sk1);
	crypto_sign_keypair(pk2, sk2);
	json_error_t e;
	json_t *doc = json_loads("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
				 "\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:example:s\","
				 "\"credentialSubject\":{\"name\":\"Nguyễn Văn An\",\"year\":8.3}}",
				 0, &e);
	assert_non_null(doc);
	json_t *set = json_array();
	const uint8_t *sks[2] = {sk1, sk2};
	for (int i = 0; i < 2; i++) {
		json_t *opt =
			json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				  "cryptosuite", DI_SUITE, "created", "2026-06-01T00:00:00Z",
				  "verificationMethod", i ? "did:example:p#1" : "did:example:t#1",
				  "proofPurpose", "assertionMethod");
		assert_int_equal(di_sign(doc, opt, sks[i]), 0);
		json_array_append_new(set, opt);
	}
	json_object_set_new(doc, "proof", set);
	const char *why;
	assert_int_equal(di_verify(doc, json_array_get(set, 0), pk1, &why), 0);
	assert_int_equal(di_verify(doc, json_array_get(set, 1), pk2, &why), 0);
	assert_int_equal(di_verify(doc, json_array_get(set, 0), pk2, &why), -1);
	json_object_set_new(json_object_get(doc, "credentialSubject"), "year", json_real(8.4));
	assert_int_equal(di_verify(doc, json_array_get(set, 0), pk1, &why), -1);
	assert_string_equal(why, "signature does not verify");
	json_decref(doc);
}

/* A proof's @context (Verify Proof, step 4): signed with the options, and
 * the document's @context must start with its values, in order, whether
 * either is one value or a list. */
UNIT_TEST(test_proof_context)
{
	UNUSED(state);
	uint8_t pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	static const struct {
		const char *doc, *proof;
		bool ok;
	} cases[] = {
		{"[\"https://a.example\",\"https://b.example\"]",
		 "[\"https://a.example\",\"https://b.example\"]", true},
		{"[\"https://a.example\",\"https://b.example\"]", "[\"https://a.example\"]", true},
		{"[\"https://a.example\",\"https://b.example\"]", "\"https://a.example\"", true},
		{"\"https://a.example\"", "[\"https://a.example\"]", true},
		{"[\"https://a.example\",\"https://b.example\"]", "[\"https://b.example\"]", false},
		{"[\"https://a.example\"]", "[\"https://a.example\",\"https://b.example\"]", false},
		{"[\"https://b.example\",\"https://a.example\"]",
		 "[\"https://a.example\",\"https://b.example\"]", false},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_error_t e;
		json_t *doc_ctx = json_loads(cases[i].doc, JSON_DECODE_ANY, &e);
		json_t *proof_ctx = json_loads(cases[i].proof, JSON_DECODE_ANY, &e);
		json_t *doc = json_pack("{s:O, s:s}", "@context", doc_ctx, "id", "urn:x:1");
		/* Signed with the document's own @context, then the document's
		 * changed to the case's: only a matching prefix verifies. */
		json_t *opt =
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:O}", "type", "DataIntegrityProof",
				  "cryptosuite", DI_SUITE, "created", "2026-06-01T00:00:00Z",
				  "verificationMethod", "did:example:t#1", "proofPurpose",
				  "assertionMethod", "@context", proof_ctx);
		assert_non_null(doc);
		assert_non_null(opt);
		json_t *signed_doc =
			json_pack("{s:O, s:s}", "@context", proof_ctx, "id", "urn:x:1");
		assert_int_equal(di_sign(signed_doc, opt, sk), 0);
		json_decref(signed_doc);
		json_object_set(doc, "proof", opt);
		const char *why = NULL;
		if (di_verify(doc, opt, pk, &why) != (cases[i].ok ? 0 : -1))
			fail_msg("case %zu: %s", i, why ? why : "verified");
		if (!cases[i].ok)
			assert_string_equal(why,
					    "the proof's @context does not match the document's");
		/* The proof's @context is signed: another one that the document
		 * still starts with does not verify. */
		if (cases[i].ok && !json_equal(doc_ctx, proof_ctx)) {
			json_object_set(opt, "@context", doc_ctx);
			assert_int_equal(di_verify(doc, opt, pk, &why), -1);
			assert_string_equal(why, "signature does not verify");
		}
		json_decref(opt);
		json_decref(doc);
		json_decref(doc_ctx);
		json_decref(proof_ctx);
	}
}

UNIT_MAIN()
