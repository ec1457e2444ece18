/* Unit tests of src/domain/common/embedded.c: a set of embedded files is
 * parsed into items sorted by name, found by name, and refused when a
 * file does not parse or two items share a name. */
#include "unit.h"

#include "core/err.h"
#include "domain/common/embedded.h"

struct item {
	int value;
	const char *name;
};

/* "name:value" */
static int parse(const char *file, const char *text, void *out, char *err, size_t errlen)
{
	struct item *it = out;
	const char *colon = strchr(text, ':');
	if (!colon) {
		snprintf(err, errlen, "%s: no colon", file);
		return ERR_INVALID;
	}
	it->name = colon == text + 1 ? "b" : colon == text + 2 ? "cc" : "a";
	it->value = (int)strtol(colon + 1, NULL, 10);
	return ERR_OK;
}

UNIT_TEST(test_load_sorted)
{
	UNUSED(state);
	static const struct embedded_file files[] = {{"2.json", (const unsigned char *)"cc:2"},
						     {"1.json", (const unsigned char *)"b:1"},
						     {"0.json", (const unsigned char *)"aaa:0"}};
	static const size_t n = 3;
	struct embedded_set s = {.what = "test",
				 .files = files,
				 .nfiles = &n,
				 .size = sizeof(struct item),
				 .name_offset = offsetof(struct item, name),
				 .parse = parse};
	assert_int_equal(embedded_set_count(&s), 3); /* loads it */
	assert_int_equal(s.rc, ERR_OK);
	void *once = s.items;
	assert_int_equal(embedded_set_ready(&s), ERR_OK);
	assert_ptr_equal(s.items, once); /* loaded once */
	const struct item *items = s.items;
	assert_string_equal(items[0].name, "a");
	assert_int_equal(items[0].value, 0);
	assert_string_equal(items[1].name, "b");
	assert_string_equal(items[2].name, "cc");
	assert_int_equal(items[2].value, 2);
	const struct item *b = embedded_set_find(&s, "b");
	assert_non_null(b);
	assert_int_equal(b->value, 1);
	assert_null(embedded_set_find(&s, "d"));
	assert_null(embedded_set_find(&s, NULL));
	assert_ptr_equal(embedded_set_at(&s, 1), b);
	assert_null(embedded_set_at(&s, 3));
	free(s.items);
}

UNIT_TEST(test_load_refused)
{
	UNUSED(state);
	static const struct embedded_file twice[] = {{"1.json", (const unsigned char *)"b:1"},
						     {"2.json", (const unsigned char *)"b:2"}};
	static const size_t n = 2;
	struct embedded_set s = {.what = "test",
				 .files = twice,
				 .nfiles = &n,
				 .size = sizeof(struct item),
				 .name_offset = offsetof(struct item, name),
				 .parse = parse};
	embedded_set_load(&s);
	assert_int_equal(s.rc, ERR_INVALID);
	free(s.items);
	static const struct embedded_file bad[] = {{"1.json", (const unsigned char *)"b:1"},
						   {"2.json", (const unsigned char *)"nothing"}};
	s.files = bad;
	s.items = NULL;
	embedded_set_load(&s);
	assert_int_equal(s.rc, ERR_INVALID);
	assert_int_equal(s.n, 1);
	free(s.items);
}

UNIT_MAIN()
