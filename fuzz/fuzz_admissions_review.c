/*
 * fuzz_admissions_review.c: the untrusted text of documents and reviews
 * (domain/admissions/review.h, document.h): a review's target as POST
 * .../reviews takes it, and a round's "documents" as POST
 * /api/v1/admissions/rounds decodes it.
 *
 * Checked besides memory safety:
 * - an accepted target prints back to the same text (one meaning, one
 *   spelling: "document:01" and "claim:area:" are refused);
 * - an accepted list of documents has valid, distinct kinds and at most
 *   DOCUMENT_KINDS_MAX of them, and reads back the same from its stored
 *   text; a refusal is ERR_INVALID with a code and a field.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/json.h"
#include "domain/admissions/document.h"
#include "domain/admissions/review.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct json_limits limits = {.max_depth = 32, .max_string = 65536};

static void check_target(const char *s)
{
	struct review_target t;
	if (!review_target_parse(s, &t))
		return;
	char back[REVIEW_TARGET_MAX + 32];
	switch (t.kind) {
	case REVIEW_DOCUMENT:
		if (t.document < 1)
			abort();
		snprintf(back, sizeof(back), "document:%" PRId64, t.document);
		break;
	case REVIEW_AREA:
		snprintf(back, sizeof(back), "claim:area");
		break;
	case REVIEW_SIBLING:
	case REVIEW_CATEGORY:
		if (t.name_len < 1 || t.name_len > 64)
			abort();
		snprintf(back, sizeof(back), "claim:%s:%.*s",
			 t.kind == REVIEW_SIBLING ? "sibling" : "category", (int)t.name_len,
			 t.name);
		break;
	default:
		abort();
	}
	if (strcmp(back, s))
		abort();
}

static void check_rules(struct arena *a, const struct document_rules *r)
{
	if (r->n < 0 || r->n > DOCUMENT_KINDS_MAX)
		abort();
	for (int i = 0; i < r->n; i++) {
		if (!document_kind_valid(r->items[i].kind))
			abort();
		for (int j = 0; j < i; j++)
			if (!strcmp(r->items[i].kind, r->items[j].kind))
				abort();
	}
	(void)a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	if (!text)
		return 0;
	/* The target: the text up to its first NUL, as a JSON string holds it. */
	char *z = malloc(size + 1);
	if (!z)
		abort();
	memcpy(z, data, size);
	z[size] = '\0';
	check_target(z);
	free(z);

	json_t *body = NULL;
	struct problem p = {0};
	if (json_decode(text, size, &limits, &body, &p) != ERR_OK) {
		free(text);
		return 0;
	}
	struct arena arena;
	arena_init(&arena, 8192, 0);
	struct document_rules r;
	int rc = document_rules_check(&arena, body, &r, &p);
	if (rc == ERR_OK) {
		check_rules(&arena, &r);
		char *dumped = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
		struct document_rules again;
		if (dumped && r.n) {
			if (document_rules_parse(&arena, dumped, &again) != ERR_OK ||
			    again.n != r.n)
				abort();
			for (int i = 0; i < r.n; i++)
				if (strcmp(again.items[i].kind, r.items[i].kind) ||
				    again.items[i].required != r.items[i].required)
					abort();
		}
		free(dumped);
	} else if (rc != ERR_NOMEM && (rc != ERR_INVALID || p.err != rc || !p.field || !p.code)) {
		abort();
	}
	json_decref(body);
	arena_release(&arena);
	free(text);
	return 0;
}
