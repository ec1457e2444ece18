/* Unit tests of src/domain/admissions/document.c that need no store: the
 * documents a round asks for, kinds, and the accepted types. */
#include "unit.h"
#include "scratch.h"

#include "domain/admissions/document.h"

static void rules_refused(const char *text, const char *code, const char *field)
{
	struct document_rules r;
	struct problem p = {0};
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_int_not_equal(document_rules_check(&a, v, &r, &p), ERR_OK);
	json_decref(v);
	assert_string_equal(p.code, code);
	assert_string_equal(p.field, field);
}

UNIT_TEST_WITH(test_rules, scratch_setup, scratch_teardown)
{
	(void)state;
	struct document_rules r;
	assert_int_equal(
		document_rules_parse(&a,
				     "[{\"kind\":\"birth_certificate\",\"required\":true},"
				     "{\"kind\":\"proof_of_address\",\"claim\":\"area\"},"
				     "{\"kind\":\"war\",\"claim\":\"category:war_invalid_child\"}]",
				     &r),
		ERR_OK);
	assert_int_equal(r.n, 3);
	assert_true(r.items[0].required);
	assert_null(r.items[0].claim);
	assert_false(r.items[1].required);
	assert_string_equal(r.items[1].claim, "area");
	assert_string_equal(document_rule_find(&r, "war")->claim, "category:war_invalid_child");
	assert_null(document_rule_find(&r, "passport"));
	assert_int_equal(document_rules_parse(&a, NULL, &r), ERR_OK);
	assert_int_equal(r.n, 0);

	rules_refused("{}", "type", "documents");
	rules_refused("[1]", "type", "documents[0]");
	rules_refused("[{}]", "required", "documents[0].kind");
	rules_refused("[{\"kind\": \"\"}]", "invalid", "documents[0].kind");
	rules_refused("[{\"kind\": \"A\"}]", "invalid", "documents[0].kind");
	rules_refused("[{\"kind\": 3}]", "invalid", "documents[0].kind");
	rules_refused("[{\"kind\": \"a\"}, {\"kind\": \"b\"}, {\"kind\": \"a\"}]", "duplicate",
		      "documents[2].kind");
	rules_refused("[{\"kind\": \"a\", \"claim\": \"zone\"}]", "invalid", "documents[0].claim");
	rules_refused("[{\"kind\": \"a\", \"claim\": \"category:\"}]", "invalid",
		      "documents[0].claim");
	rules_refused("[{\"kind\": \"a\", \"required\": 1}]", "type", "documents[0].required");
	rules_refused("[{\"kind\": \"a\", \"kinds\": 1}]", "invalid", "documents[0].kinds");
	char many[1024] = "[";
	for (int i = 0; i <= DOCUMENT_KINDS_MAX; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "%s{\"kind\":\"k%d\"}",
			 i ? "," : "", i);
	snprintf(many + strlen(many), sizeof(many) - strlen(many), "]");
	rules_refused(many, "too_many", "documents");
}

UNIT_TEST(test_kinds_and_types)
{
	(void)state;
	assert_true(document_kind_valid("birth_certificate"));
	assert_true(document_kind_valid("a"));
	char k[DOCUMENT_KIND_MAX + 2];
	memset(k, 'a', sizeof(k));
	k[DOCUMENT_KIND_MAX] = '\0';
	assert_true(document_kind_valid(k));
	k[DOCUMENT_KIND_MAX] = 'a';
	k[DOCUMENT_KIND_MAX + 1] = '\0';
	assert_false(document_kind_valid(k));
	assert_false(document_kind_valid(""));
	assert_false(document_kind_valid("Birth"));
	assert_false(document_kind_valid("birth-certificate"));
	assert_false(document_kind_valid("birth certificate"));
	assert_true(document_media_accepted("application/pdf"));
	assert_true(document_media_accepted("image/jpeg"));
	assert_true(document_media_accepted("image/png"));
	assert_true(document_media_accepted("image/webp"));
	assert_true(document_media_accepted("image/heic"));
	assert_false(document_media_accepted("image/svg+xml"));
	assert_false(document_media_accepted("text/html"));
	assert_false(document_media_accepted("image/gif"));
	assert_false(document_media_accepted(""));
}

/* The check before an upload: content decides, the declared type never. */
UNIT_TEST(test_upload_check)
{
	(void)state;
	static const unsigned char png[] = {0x89, 'P', 'N',  'G',  0x0d, 0x0a, 0x1a, 0x0a, 0,
					    0,	  0,   13,   'I',  'H',	 'D',  'R',  0,	   0,
					    0,	  1,   0,    0,	   0,	 1,    8,    2,	   0,
					    0,	  0,   0x90, 0x77, 0x53, 0xde, 0,    0,	   0,
					    0,	  'I', 'E',  'N',  'D',	 0xae, 0x42, 0x60, 0x82};
	struct document_upload x = {.bytes = png, .len = sizeof(png)};
	assert_int_equal(document_upload_check(&x), ERR_OK);
	assert_string_equal(x.media_type, "image/png");
	assert_int_equal(strlen(x.sha256), 64);
	struct document_upload pdf = {.bytes = "%PDF-1.4\n%%EOF\n", .len = 15};
	assert_int_equal(document_upload_check(&pdf), ERR_OK);
	assert_string_equal(pdf.media_type, "application/pdf");
	struct document_upload text = {.bytes = "just some words\n", .len = 16};
	assert_int_not_equal(document_upload_check(&text), ERR_OK);
	assert_string_equal(text.p.code, "unsupported_media_type");
	assert_string_equal(text.p.field, "file");
	struct document_upload html = {.bytes = "<html><script>x</script></html>", .len = 31};
	assert_int_not_equal(document_upload_check(&html), ERR_OK);
	struct document_upload empty = {.bytes = "", .len = 0};
	assert_int_not_equal(document_upload_check(&empty), ERR_OK);
	assert_string_equal(empty.p.code, "required");
}

UNIT_MAIN()
