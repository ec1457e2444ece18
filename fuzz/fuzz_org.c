/*
 * fuzz_org.c: decoding an organisation as POST /api/v1/orgs does.
 *
 * The same steps as api_orgs_create (src/api/orgs.c) up to the database:
 * json_decode with the server's default limits, json_get_string for code,
 * name, kind and parent with the same maximums, the copy into the request
 * arena, then org_validate(). Checked besides memory safety: a refusal names
 * its field and an accepted organisation obeys the rules org.h states.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/json.h"
#include "domain/registry/org.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct json_limits limits = {.max_depth = 32, .max_string = 65536};

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ORG_CODE_MAX)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == n;
}

static void check_accepted(const struct org_input *in)
{
	static const char *const kinds[] = {"ministry", "province", "district", "school"};
	int level = -1;
	for (int i = 0; i < (int)ARRAY_SIZE(kinds); i++)
		if (!strcmp(in->kind, kinds[i]))
			level = i;
	if (!code_ok(in->code) || !*in->name || level < 0 || (level == 0) != !in->parent)
		abort();
	if (utf8_length(in->name, strlen(in->name)) > ORG_NAME_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	if (!text)
		return 0;

	json_t *body = NULL;
	struct problem p = {0};
	if (json_decode(text, size, &limits, &body, &p) != ERR_OK) {
		free(text);
		return 0;
	}

	struct arena arena;
	arena_init(&arena, 8192, 0);
	struct org_input in = {0};
	const char *code = NULL, *name = NULL, *kind = NULL, *parent = NULL;
	int rc = json_get_string(body, "code", true, ORG_CODE_MAX, &code, &p);
	if (!rc)
		rc = json_get_string(body, "name", true, ORG_NAME_MAX, &name, &p);
	if (!rc)
		rc = json_get_string(body, "kind", true, 16, &kind, &p);
	if (!rc)
		rc = json_get_string(body, "parent", false, ORG_CODE_MAX, &parent, &p);
	if (!rc) {
		in.code = arena_strdup(&arena, code);
		in.name = arena_strdup(&arena, name);
		in.kind = arena_strdup(&arena, kind);
		in.parent = parent ? arena_strdup(&arena, parent) : NULL;
		if (!in.code || !in.name || !in.kind || (parent && !in.parent))
			abort();
		rc = org_validate(&in, &p);
		if (rc == ERR_OK)
			check_accepted(&in);
	}
	json_decref(body);
	if (rc != ERR_OK && (rc != ERR_INVALID || p.err != rc || !p.field || !p.code))
		abort();
	arena_release(&arena);
	free(text);
	return 0;
}
