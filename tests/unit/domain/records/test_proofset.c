/* Unit tests of src/domain/records/proofset.c: a record's proof set as the
 * workflow makes it (the homeroom teacher's proof over the document's
 * bytes, then the principal's beside it, over the hash kept from the
 * first), both verifying and failing on any changed byte; and the proofs'
 * @context: new proofs carry the credential's and verify, a proof whose
 * @context differs from the document's fails, proofs made before they
 * carried one still verify. */
#include "unit.h"
#include "signed.h"

#include "crypto/dataintegrity.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "domain/records/credential.h"
#include "domain/records/proofset.h"

struct signer {
	struct skey k;
	uint8_t sk[64];
};

/* A signed document's canonical bytes, written from a class's facts the
 * way the homeroom teacher's signature writes them. */
static char *document(size_t *len)
{
	static struct subject subjects[1] = {
		{.id = 1, .code = "TOAN", .name = "Toán", .name_en = "Mathematics", .scored = true},
	};
	static struct gb_row rows[1];
	const char *grades = "1=800,m=700,f=700|1=800,m=700,f=900";
	assert_int_equal(gb_decode(grades, strlen(grades), &rows[0]), ERR_OK);
	struct record_student s = {.person_id = 42,
				   .given_name = "An",
				   .family_name = "Nguyễn",
				   .birth_date = "2013-03-04",
				   .country = "VN",
				   .rows = rows};
	struct record_class k = {.cls = {.id = 9,
					 .org_id = 3,
					 .school_year = 2025,
					 .grade = 6,
					 .name = "6A",
					 .school = "S1",
					 .policy = POLICY_VN_TT22},
				 .school_name = "School One",
				 .nsubjects = 1,
				 .subjects = subjects,
				 .n = 1,
				 .students = &s};
	struct buf sb = BUF_INIT(1 << 20), db = BUF_INIT(1 << 20);
	bool complete;
	assert_int_equal(record_subject_write(&k, &s, &sb, &complete), 0);
	struct record_doc d = {.uuid = "urn:uuid:00000000-0000-7000-8000-000000000001",
			       .issuer_did =
				       "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
			       .school_name = "School One",
			       .school_code = "S1",
			       .valid_from = T0};
	assert_int_equal(record_doc_write(&d, sb.p, sb.len, &db), 0);
	buf_append(&db, "", 1);
	*len = db.len - 1;
	buf_release(&sb);
	return db.p;
}

/* The stored text with s's proof over hash dh appended (context: the
 * proof's @context, or NULL for none, as before proofs carried one). */
static const char *sign(struct arena *a, const char *text, const uint8_t dh[32],
			const struct signer *s, int64_t at, const json_t *context)
{
	json_t *proof = NULL;
	assert_int_equal(record_proof(dh, &s->k, s->sk, at, context, &proof), ERR_OK);
	const char *out = record_proofset_append(a, text, strlen(text), proof);
	json_decref(proof);
	assert_non_null(out);
	return out;
}

/* Parse text and check its proofs with the keys of a and b: 0 if both
 * verify; whys[i] says why proof i does not. */
static int check(const char *text, const struct signer *a, const struct signer *b,
		 const char *whys[2])
{
	json_error_t e;
	json_t *cred = json_loads(text, 0, &e);
	if (!cred)
		fail_msg("not JSON (%s): %s", e.text, text);
	uint8_t pks[2][32];
	memcpy(pks[0], a->k.pk, 32);
	memcpy(pks[1], b->k.pk, 32);
	int rc = di_verify_set(cred, 2, (const uint8_t(*)[32])pks, whys);
	json_decref(cred);
	return rc;
}

/* What every test signs: a key for each signer, a document, its hash and
 * the credential's @context, and an arena for the texts. */
struct bench {
	struct arena a;
	struct signer teacher, principal;
	size_t len;
	char *doc;
	uint8_t dh[HASH_BYTES];
	json_t *ctx;
};

static int bench_setup(void **state)
{
	struct bench *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	arena_init(&b->a, 4096, 0);
	signed_key_new(&b->teacher.k, b->teacher.sk, SKEY_HOMEROOM_TEACHER);
	signed_key_new(&b->principal.k, b->principal.sk, SKEY_PRINCIPAL);
	b->doc = document(&b->len);
	hash_sha256(b->dh, b->doc, b->len);
	b->ctx = record_context_json();
	*state = b;
	return 0;
}

static int bench_teardown(void **state)
{
	struct bench *b = *state;
	json_decref(b->ctx);
	free(b->doc);
	arena_release(&b->a);
	free(b);
	return 0;
}

/* The document signed by the teacher, then the principal, each proof
 * carrying context (NULL: none). */
static const char *sign_both(struct bench *b, const json_t *teacher_ctx,
			     const json_t *principal_ctx)
{
	const char *one = sign(&b->a, b->doc, b->dh, &b->teacher, T0 + 10, teacher_ctx);
	return sign(&b->a, one, b->dh, &b->principal, T0 + 20, principal_ctx);
}

UNIT_TEST_WITH(test_teacher_then_principal, bench_setup, bench_teardown)
{
	struct bench *b = *state;
	const char *one = sign(&b->a, b->doc, b->dh, &b->teacher, T0 + 10, b->ctx);
	const char *two = sign(&b->a, one, b->dh, &b->principal, T0 + 20, b->ctx);
	/* The signed document's bytes stay as they were; the set is last. */
	assert_memory_equal(two, b->doc, b->len - 1);
	assert_memory_equal(two + b->len - 1, ",\"proof\":[{", 11);
	assert_int_equal(strncmp(two, one, strlen(one) - 2), 0);
	const char *whys[2] = {0};
	assert_int_equal(check(two, &b->teacher, &b->principal, whys), 0);
	assert_null(whys[0]);
	assert_null(whys[1]);
	/* In signing order, each carrying the credential's @context. */
	json_error_t e;
	json_t *cred = json_loads(two, 0, &e);
	json_t *set = json_object_get(cred, "proof");
	assert_int_equal(json_array_size(set), 2);
	char method[SKEY_METHOD_MAX];
	skey_method(&b->teacher.k, method);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(set, 0), "verificationMethod")),
		method);
	for (size_t i = 0; i < 2; i++) {
		json_t *pc = json_object_get(json_array_get(set, i), "@context");
		assert_true(json_equal(pc, json_object_get(cred, "@context")));
		assert_true(json_equal(pc, b->ctx));
	}
	json_decref(cred);
	/* Swapped keys: neither verifies. */
	assert_int_equal(check(two, &b->principal, &b->teacher, whys), -1);
	assert_non_null(whys[0]);
	assert_non_null(whys[1]);
}

UNIT_TEST_WITH(test_changed_byte_fails, bench_setup, bench_teardown)
{
	struct bench *b = *state;
	const char *two = sign_both(b, b->ctx, b->ctx);
	/* One byte of the document (a grade, a name, the issuer, a date):
	 * both proofs fail. */
	const char *in_doc[] = {"\"7.2\"", "\"An\"", "School One", "2026-05-28"};
	const char *whys[2];
	for (size_t i = 0; i < ARRAY_SIZE(in_doc); i++) {
		char *x = strdup(two);
		char *at = strstr(x, in_doc[i]);
		assert_non_null(at);
		at[2] ^= 1;
		assert_int_equal(check(x, &b->teacher, &b->principal, whys), -1);
		if (!whys[0] || !whys[1])
			fail_msg("change %zu: a proof still verifies", i);
		free(x);
	}
	/* One byte of the principal's proof: that proof alone fails. */
	char *x = strdup(two);
	char *created = strstr(strstr(x, "\"proof\""), "T20:27:00Z");
	assert_non_null(created);
	created[1] = '1';
	assert_int_equal(check(x, &b->teacher, &b->principal, whys), -1);
	assert_null(whys[0]);
	assert_string_equal(whys[1], "signature does not verify");
	free(x);
}

UNIT_TEST_WITH(test_context, bench_setup, bench_teardown)
{
	struct bench *b = *state;
	const char *whys[2];

	/* Signed before proofs carried @context: both verify; and a record
	 * the teacher signed then, sealed now, verifies too. */
	const char *old = sign_both(b, NULL, NULL);
	assert_null(strstr(strstr(old, "\"proof\""), "@context"));
	assert_int_equal(check(old, &b->teacher, &b->principal, whys), 0);
	const char *mixed = sign_both(b, NULL, b->ctx);
	assert_int_equal(check(mixed, &b->teacher, &b->principal, whys), 0);

	/* A proof whose @context differs from the document's fails: another
	 * order, another context; and so does a document whose @context no
	 * longer starts with the proofs'. */
	const char *two = sign_both(b, b->ctx, b->ctx);
	json_error_t e;
	json_t *other[] = {json_pack("[s,s]", RECORD_CONTEXT_TABULA, RECORD_CONTEXT_VC),
			   json_pack("[s]", "https://www.w3.org/2018/credentials/v1")};
	for (size_t i = 0; i < ARRAY_SIZE(other); i++) {
		json_t *cred = json_loads(two, 0, &e);
		json_object_set(json_array_get(json_object_get(cred, "proof"), 1), "@context",
				other[i]);
		char *text = json_dumps(cred, JSON_COMPACT);
		assert_int_equal(check(text, &b->teacher, &b->principal, whys), -1);
		assert_null(whys[0]);
		assert_string_equal(whys[1], "the proof's @context does not match the document's");
		free(text);
		json_object_set(cred, "@context", other[i]);
		text = json_dumps(cred, JSON_COMPACT);
		assert_int_equal(check(text, &b->teacher, &b->principal, whys), -1);
		assert_string_equal(whys[0], "the proof's @context does not match the document's");
		free(text);
		json_decref(cred);
		json_decref(other[i]);
	}

	/* The JSON path (record_add_proof) carries the credential's too. */
	json_t *cred = json_loads(b->doc, 0, &e);
	assert_int_equal(record_add_proof(cred, &b->teacher.k, b->teacher.sk, T0 + 10), ERR_OK);
	assert_int_equal(record_add_proof(cred, &b->principal.k, b->principal.sk, T0 + 20), ERR_OK);
	json_t *set = json_object_get(cred, "proof");
	assert_true(json_equal(json_object_get(json_array_get(set, 1), "@context"), b->ctx));
	char *text = json_dumps(cred, JSON_COMPACT);
	assert_int_equal(check(text, &b->teacher, &b->principal, whys), 0);
	free(text);
	json_decref(cred);
}

int main(void)
{
	if (ed25519_init())
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
