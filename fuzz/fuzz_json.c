/*
 * fuzz_json.c: json_decode() and the field readers over arbitrary bytes.
 *
 * Besides "no crash, no leak, no UB" it checks what json.h promises:
 * - a failure fills the problem with the error it returns and a code;
 * - a text jansson accepts is never refused as bad UTF-8 (jansson checks
 *   UTF-8 itself, so our checker must agree with it on accepted texts);
 * - a decoded document encodes and decodes again, within the same limits,
 *   to an equal value;
 * - json_decode_object() gives an object exactly when json_decode() gives
 *   one (an equal one), and otherwise a problem, not_an_object whenever
 *   json_decode() gives another value;
 * - a string a field reader returns is valid UTF-8 without NULs and within
 *   the character limit asked for.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/json.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct json_limits limits = {.max_depth = 32, .max_string = 65536};

static const char *const keys[] = {"code", "name",   "kind", "parent", "id",
				   "n",	   "active", "a",    "",       "\xc3\xa9"};

static void check_fields(json_t *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct problem p = {0};
		const char *s = NULL;
		size_t max_chars = i % 2 ? 32 : 0;
		int rc = json_get_string(v, keys[i], i % 3 == 0, max_chars, &s, &p);
		if (rc == ERR_OK && s) {
			size_t n = strlen(s);
			if (!utf8_valid(s, n) || (max_chars && utf8_length(s, n) > max_chars))
				abort();
		} else if (rc != ERR_OK && (p.err != rc || !p.code || !p.field)) {
			abort();
		}

		int64_t iv = -1;
		p = (struct problem){0};
		rc = json_get_int(v, keys[i], i % 2 == 0, -1000, 1000000, &iv, &p);
		if (rc == ERR_OK && (iv < -1000 || iv > 1000000))
			abort();
		if (rc != ERR_OK && p.err != rc)
			abort();

		bool b = false;
		p = (struct problem){0};
		rc = json_get_bool(v, keys[i], i % 2 == 1, &b, &p);
		if (rc != ERR_OK && p.err != rc)
			abort();
	}
}

/* Encode v and decode the text again: it must come back equal. */
static void check_roundtrip(json_t *v)
{
	char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!text)
		return; /* out of memory */
	json_t *again = NULL;
	struct problem p = {0};
	int rc = json_decode(text, strlen(text), &limits, &again, &p);
	if (rc != ERR_OK || !json_equal(v, again))
		abort();
	json_decref(again);
	free(text);
}

/* json_decode_object against json_decode's result v (rc its code). */
static void check_object(const char *text, size_t size, int rc, json_t *v)
{
	json_t *o = NULL;
	struct problem p = {0};
	int orc = json_decode_object(text, size, &limits, &o, &p);
	if (orc == ERR_OK) {
		if (rc != ERR_OK || !json_is_object(o) || !json_equal(o, v))
			abort();
	} else {
		if (o || p.err != orc || !p.code)
			abort();
		if (rc == ERR_OK && (json_is_object(v) || strcmp(p.code, "not_an_object")))
			abort();
	}
	json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	if (!text)
		return 0;

	json_t *v = NULL;
	struct problem p = {0};
	int rc = json_decode(text, size, &limits, &v, &p);
	check_object(text, size, rc, v);
	if (rc != ERR_OK) {
		if (v || p.err != rc || !p.code || (rc != ERR_BADREQUEST && rc != ERR_TOOLARGE))
			abort();
		if (!strcmp(p.code, "invalid_utf8")) {
			json_error_t e;
			json_t *j = json_loadb(text, size, JSON_REJECT_DUPLICATES, &e);
			if (j)
				abort(); /* jansson took it: our UTF-8 check is too strict */
		}
		free(text);
		return 0;
	}

	check_fields(v);
	check_roundtrip(v);
	json_decref(v);
	free(text);
	return 0;
}
