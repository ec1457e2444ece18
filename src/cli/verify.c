/*
 * verify.c: `tabula verify [--key MULTIBASE] FILE` and
 * `tabula verify --trust-list LIST [--ministry-key MULTIBASE] RECORD`.
 *
 * Checks every Data Integrity proof (eddsa-jcs-2022) of a credential without
 * a network or a database. The key is --key when given, else the one the
 * proof's verificationMethod names (a did:key, or a URL whose fragment is
 * the multikey). Prints one line per proof; exits 0 if the credential has at
 * least one proof and all of them verify, 1 if not, 2 on bad usage.
 *
 * With a trust list (`tabula trust-list` or GET /api/v1/trust-list) it checks
 * a school record as POST /api/v1/verify does, offline: the list's own
 * signature (and that it is the ministry key given, when given), then the
 * record's signatures, that each key belonged to the issuing school and its
 * role when it signed, revocations and dates (src/domain/trust.h). One line
 * per check; exits 0 if the record is valid, 1 if not.
 */
#include "core/base.h"
#include "cli/cli.h"
#include "crypto/ed25519.h"
#include "crypto/dataintegrity.h"
#include "crypto/multibase.h"
#include "domain/records/trust.h"

#include <jansson.h>

static int check_proof(const json_t *doc, const json_t *proof, size_t i, const char *key_text)
{
	const char *method = json_string_value(json_object_get(proof, "verificationMethod"));
	uint8_t pk[32];
	const char *why = NULL;
	if (key_text ? multikey_decode(key_text, pk) : di_method_key(method, pk))
		why = key_text ? "--key is not an Ed25519 multikey"
			       : "no key: verificationMethod is not a did:key; give --key";
	else if (di_verify(doc, proof, pk, &why) == 0)
		why = NULL;
	printf("proof %zu (%s): %s%s\n", i + 1, method ? method : "no verificationMethod",
	       why ? "INVALID: " : "valid", why ? why : "");
	return why ? 1 : 0;
}

static json_t *load_json(const char *file)
{
	json_error_t e;
	json_t *doc = !strcmp(file, "-") ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e)
					 : json_load_file(file, JSON_REJECT_DUPLICATES, &e);
	if (!doc)
		fprintf(stderr, "verify: %s: %s (line %d)\n", file, e.text, e.line);
	return doc;
}

static const char *result_word(enum trust_result r)
{
	return r == TRUST_PASS ? "ok" : r == TRUST_FAIL ? "FAILED" : "skipped";
}

/* A school record against a trust list. */
static int verify_with_list(const char *list_file, const char *ministry, const char *file)
{
	json_t *list = load_json(list_file);
	if (!list)
		return 2;
	json_t *doc = load_json(file);
	if (!doc) {
		json_decref(list);
		return 2;
	}
	struct arena a;
	arena_init(&a, 4096, 0);
	struct trust_list l;
	int rc = trust_list_load(list, &a, &l), out = 1;
	if (rc) {
		printf("trust list: INVALID: %s\n", l.why ? l.why : err_str(rc));
		goto done;
	}
	uint8_t want[32], got[32];
	bool pinned = ministry && !multikey_decode(ministry, want);
	if (ministry && !pinned) {
		printf("trust list: --ministry-key is not an Ed25519 multikey\n");
		goto done;
	}
	if (!l.signature_ok) {
		printf("trust list: INVALID: %s\n", l.why);
		goto done;
	}
	if (pinned && (di_method_key(l.signer, got) || memcmp(want, got, 32))) {
		printf("trust list: INVALID: signed by %s, not by the ministry key given\n",
		       l.signer);
		goto done;
	}
	printf("trust list: %zu keys issued %s, signed by %s: valid%s\n", l.n,
	       l.issued ? l.issued : "(no date)", l.signer,
	       pinned ? " (the ministry key given)"
		      : " (not pinned: give --ministry-key to require this signer)");
	struct trust_report rep;
	rc = trust_check_record(doc, time(NULL), trust_list_lookup, &l, NULL, NULL, &a, &rep);
	if (rc) {
		fprintf(stderr, "verify: %s\n", err_str(rc));
		out = 2;
		goto done;
	}
	for (int i = 0; i < rep.n; i++)
		printf("%s: %s: %s\n", rep.checks[i].name, result_word(rep.checks[i].result),
		       rep.checks[i].detail);
	printf("%s\n", rep.valid ? "record: valid" : "record: INVALID");
	out = rep.valid ? 0 : 1;
done:
	arena_release(&a);
	json_decref(list);
	json_decref(doc);
	return out;
}

int cli_verify(int argc, char **argv)
{
	const char *key = NULL, *file = NULL, *list = NULL, *ministry = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--key") && i + 1 < argc)
			key = argv[++i];
		else if (!strcmp(argv[i], "--trust-list") && i + 1 < argc)
			list = argv[++i];
		else if (!strcmp(argv[i], "--ministry-key") && i + 1 < argc)
			ministry = argv[++i];
		else if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
			file = argv[i];
		else {
			fprintf(stderr, "verify: unknown flag %s\n", argv[i]);
			return 2;
		}
	}
	if (!file || (key && list) || (ministry && !list)) {
		fprintf(stderr, "usage: tabula verify [--key MULTIBASE] FILE\n"
				"       tabula verify --trust-list LIST [--ministry-key MULTIBASE] "
				"RECORD\n");
		return 2;
	}
	if (ed25519_init())
		return 2;
	if (list)
		return verify_with_list(list, ministry, file);
	json_t *doc = load_json(file);
	if (!doc)
		return 2;
	json_t *proofs = json_object_get(doc, "proof");
	int bad = 0;
	size_t n = 0;
	if (json_is_array(proofs)) {
		n = json_array_size(proofs);
		for (size_t i = 0; i < n; i++)
			bad += check_proof(doc, json_array_get(proofs, i), i, key);
	} else if (json_is_object(proofs)) {
		n = 1;
		bad += check_proof(doc, proofs, 0, key);
	}
	if (!n)
		printf("no proof: the credential is not signed\n");
	printf("%s\n", n && !bad ? "credential: valid" : "credential: INVALID");
	json_decref(doc);
	return n && !bad ? 0 : 1;
}
