/*
 * fuzz_jcs.c: RFC 8785 canonical JSON and the grading policies over
 * arbitrary JSON.
 *
 * Checks what signing relies on:
 * - the canonical form parses back (numbers as doubles, as RFC 8785 reads
 *   them) and canonicalizes to the same bytes (a fixed point);
 * - a document with the same members in another order canonicalizes the same;
 * - every policy evaluation either answers or fails with a problem naming a
 *   code, never crashes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/arena.h"
#include "core/jcs.h"
#include "core/json.h"
#include "domain/teaching/grading.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct json_limits limits = {.max_depth = 32, .max_string = 65536};

static void canon(const json_t *v, struct buf *b)
{
	buf_reset(b);
	if (jcs_append(b, v))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL;
	struct problem p;
	if (json_decode((const char *)data, size, &limits, &v, &p))
		return 0;
	struct buf one = BUF_INIT(1u << 24), two = BUF_INIT(1u << 24);
	canon(v, &one);
	json_error_t e;
	json_t *back = json_loadb(one.p, one.len,
				  JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &e);
	if (!back)
		abort();
	canon(back, &two);
	if (one.len != two.len || memcmp(one.p, two.p, one.len))
		abort();
	/* Members in reverse insertion order: same bytes. */
	if (json_is_object(v)) {
		json_t *rev = json_object();
		const char *key;
		json_t *val;
		void *tmp;
		json_t *keys = json_array();
		json_object_foreach_safe(v, tmp, key, val)
			json_array_append_new(keys, json_string(key));
		for (size_t i = json_array_size(keys); i-- > 0;) {
			const char *k = json_string_value(json_array_get(keys, i));
			json_object_set(rev, k, json_object_get(v, k));
		}
		canon(rev, &two);
		if (one.len != two.len || memcmp(one.p, two.p, one.len))
			abort();
		json_decref(keys);
		json_decref(rev);
	}
	for (int id = 0; id < POLICY__COUNT; id++) {
		struct arena a;
		arena_init(&a, 4096, 1u << 20);
		json_t *out = NULL;
		struct problem q = {0};
		int rc = policy_evaluate((enum policy_id)id, v, &a, &out, &q);
		if (rc == ERR_OK && !out)
			abort();
		if (rc == ERR_INVALID && (!q.code || q.err != rc))
			abort();
		json_decref(out);
		arena_release(&a);
	}
	json_decref(back);
	json_decref(v);
	buf_release(&one);
	buf_release(&two);
	return 0;
}
