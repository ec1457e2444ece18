/*
 * records.c: how fast Tabula signs and verifies school records
 * (eddsa-jcs-2022, a proof set of two), beside raw libsodium Ed25519 as the
 * ceiling. One thread: the figures are per core.
 *
 *   cc ... bench/records.c build/libtabula.a ...   (bench/records builds it)
 *   records [-n N]
 *
 * Prints one line per measurement: name=... per_s=... us=...
 */
#include "core/base.h"
#include "core/jcs.h"
#include "crypto/dataintegrity.h"

#include <sodium.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *name, long n, double secs)
{
	printf("name=%s n=%ld per_s=%.0f us=%.2f\n", name, n, (double)n / secs,
	       secs * 1e6 / (double)n);
	fflush(stdout);
}

/* A year-end record about the size of a real one: 12 subjects, two terms. */
static json_t *record(int i)
{
	json_t *subjects = json_array();
	for (int s = 0; s < 12; s++)
		json_array_append_new(subjects, json_pack("{s:s, s:[f,f], s:f, s:s}", "subject",
							  s % 2 ? "Ngữ văn" : "Toán", "terms",
							  7.5 + s * 0.1, 8.0 + s * 0.1, "year",
							  7.9 + s * 0.1, "level", "kha"));
	return json_pack("{s:[s,s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:i, s:o, s:{s:i, "
			 "s:i}, s:s, s:s}}",
			 "@context", "https://www.w3.org/ns/credentials/v2",
			 "https://tabula.example/ns/v1", "id",
			 "urn:uuid:00000000-0000-4000-8000-000000000000", "type",
			 "VerifiableCredential", "SchoolRecordCredential", "issuer",
			 "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "validFrom",
			 "2027-06-01T00:00:00Z", "credentialSubject", "id", "urn:tabula:student:1",
			 "name", "Nguyễn Văn An", "schoolYear", "2026-2027", "grade", 7 + i % 3,
			 "subjects", subjects, "attendance", "absent", 3, "late", 1, "conduct",
			 "tot", "outcome", "promoted");
}

int main(int argc, char **argv)
{
	long n = 20000;
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-n"))
			n = strtol(argv[i + 1], NULL, 10);
	if (sodium_init() < 0)
		return 1;
	uint8_t pk[32], sk[64], sig[64], msg[64];
	crypto_sign_keypair(pk, sk);
	randombytes_buf(msg, sizeof(msg));

	double t = now();
	for (long i = 0; i < n; i++)
		crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	report("raw_ed25519_sign", n, now() - t);
	t = now();
	long ok = 0;
	for (long i = 0; i < n; i++)
		ok += crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) == 0;
	report("raw_ed25519_verify", n, now() - t);
	if (ok != n)
		return 1;

	/* Sign: two proofs per record (teacher and principal). */
	json_t **docs = calloc((size_t)n, sizeof(*docs));
	if (!docs)
		return 1;
	t = now();
	for (long i = 0; i < n; i++) {
		json_t *doc = record((int)i), *set = json_array();
		for (int k = 0; k < 2; k++) {
			json_t *opt = json_pack(
				"{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", "2027-06-01T00:00:00Z",
				"verificationMethod", k ? "did:key:p#p" : "did:key:t#t",
				"proofPurpose", "assertionMethod");
			if (di_sign(doc, opt, sk))
				return 1;
			json_array_append_new(set, opt);
		}
		json_object_set_new(doc, "proof", set);
		docs[i] = doc;
	}
	report("record_sign_2_proofs", n, now() - t);

	uint8_t keys[2][32];
	memcpy(keys[0], pk, 32);
	memcpy(keys[1], pk, 32);
	t = now();
	ok = 0;
	for (long i = 0; i < n; i++) {
		const char *whys[2];
		const uint8_t(*pks)[32] = (const uint8_t(*)[32])keys;
		ok += !di_verify_set(docs[i], 2, pks, whys);
	}
	report("record_verify_2_proofs", n, now() - t);
	if (ok != n)
		return 1;
	struct buf b = BUF_INIT(1 << 20);
	jcs_append(&b, docs[0]);
	printf("record_bytes=%zu\n", b.len);
	buf_release(&b);
	for (long i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	return 0;
}
