/*
 * fuzz_verify.c: checking a school record (src/domain/trust.c) and loading a
 * trust list, over arbitrary JSON: what POST /api/v1/verify and
 * `tabula verify --trust-list` do with what anyone sends them.
 *
 * Checks that neither ever crashes, that a report holds at most
 * TRUST_MAX_CHECKS checks each with a name and a detail, that `valid` is
 * exactly "no check failed", and that the input read as a trust list and
 * then used to check itself as a record behaves the same way.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/arena.h"
#include "core/json.h"
#include "domain/records/trust.h"

#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct json_limits limits = {.max_depth = 32, .max_string = 65536};

static int none(void *ctx, const char *multikey, struct trust_key *out)
{
	(void)ctx;
	(void)multikey;
	(void)out;
	return ERR_NOTFOUND;
}

static void check(const json_t *doc, trust_lookup_fn lookup, void *ctx, struct arena *a)
{
	struct trust_report r;
	if (trust_check_record(doc, 1780000000, lookup, ctx, NULL, NULL, a, &r))
		return;
	if (r.n < 1 || r.n > TRUST_MAX_CHECKS)
		abort();
	bool failed = false;
	for (int i = 0; i < r.n; i++) {
		if (!r.checks[i].name[0] || !r.checks[i].detail)
			abort();
		failed |= r.checks[i].result == TRUST_FAIL;
	}
	if (r.valid == failed)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = true;
	}
	json_t *v = NULL;
	struct problem p;
	if (json_decode((const char *)data, size, &limits, &v, &p))
		return 0;
	struct arena a;
	arena_init(&a, 4096, 1u << 24);
	check(v, none, NULL, &a);
	struct trust_list l;
	if (trust_list_load(v, &a, &l) == ERR_OK)
		check(v, trust_list_lookup, &l, &a);
	int64_t t;
	json_t *vf = json_object_get(v, "validFrom");
	if (json_is_string(vf))
		(void)trust_time_parse(json_string_value(vf), &t);
	arena_release(&a);
	json_decref(v);
	return 0;
}
