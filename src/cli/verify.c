/*
 * verify.c: `tabula verify [--key MULTIBASE] FILE`.
 *
 * Checks every Data Integrity proof (eddsa-jcs-2022) of a credential without
 * a network or a database. The key is --key when given, else the one the
 * proof's verificationMethod names (a did:key, or a URL whose fragment is
 * the multikey). Prints one line per proof; exits 0 if the credential has at
 * least one proof and all of them verify, 1 if not, 2 on bad usage.
 */
#include "core/base.h"
#include "cli/cli.h"
#include "crypto/dataintegrity.h"
#include "crypto/multibase.h"

#include <jansson.h>
#include <sodium.h>

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

int cli_verify(int argc, char **argv)
{
	const char *key = NULL, *file = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--key") && i + 1 < argc)
			key = argv[++i];
		else if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
			file = argv[i];
		else {
			fprintf(stderr, "verify: unknown flag %s\n", argv[i]);
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "usage: tabula verify [--key MULTIBASE] FILE\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	json_error_t e;
	json_t *doc = !strcmp(file, "-") ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e)
					 : json_load_file(file, JSON_REJECT_DUPLICATES, &e);
	if (!doc) {
		fprintf(stderr, "verify: %s: %s (line %d)\n", file, e.text, e.line);
		return 2;
	}
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
