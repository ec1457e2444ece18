/* Unit tests of src/domain/support/article.c without a store: the search
 * key (the registry's folding, a long body folded in pieces without losing
 * a word), decoding an article (every field's problem) and the embedded
 * seed articles (each whole in fa, vi and en). */
#include "unit.h"

#include "core/json.h"
#include "domain/support/article.h"

UNIT_TEST(test_search_key_folds)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096, 1u << 20);
	const char *k;
	assert_int_equal(article_search_key(&a, "كد بازيابي", "۱۴ روز", &k), ERR_OK);
	assert_string_equal(k, "کد بازیابی 14 روز");
	assert_int_equal(article_search_key(&a, "Đăng nhập", "Mật KHẨU", &k), ERR_OK);
	assert_string_equal(k, "dang nhap mat khau");
	assert_int_equal(article_search_key(&a, "x", "\xff", &k), ERR_INVALID);
	arena_release(&a);
}

UNIT_TEST(test_search_key_long_body)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64 * 1024, 4u << 20);
	/* 3,000 words (past text_fold's 511 characters at once), the last marked. */
	char *body = arena_alloc(&a, 3000 * 8 + 16);
	size_t n = 0;
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(body + n, 16, "%sđộc%d", i ? " " : "", i % 10);
	snprintf(body + n, 16, " cuốiCÙNG");
	const char *k;
	assert_int_equal(article_search_key(&a, "Tiêu đề", body, &k), ERR_OK);
	assert_non_null(strstr(k, "tieu de doc0 doc1"));
	assert_non_null(strstr(k, "doc9 cuoicung"));
	/* One word per piece boundary is neither cut nor glued to the next. */
	int words = 1;
	for (const char *s = k; *s; s++)
		words += *s == ' ';
	assert_int_equal(words, 2 + 3000 + 1);
	/* A run without spaces longer than a piece is cut at a character boundary. */
	char *run = arena_alloc(&a, 2000 * 2 + 1);
	for (int i = 0; i < 2000; i++)
		memcpy(run + 2 * i, "đ", 2);
	run[4000] = '\0';
	assert_int_equal(article_search_key(&a, "t", run, &k), ERR_OK);
	assert_int_equal(strspn(k + 2, "d "), strlen(k + 2));
	arena_release(&a);
}

static int decode(const char *text, const char *slug, struct article *out, struct problem *p,
		  struct arena *a)
{
	json_t *o = json_loads(text, 0, NULL);
	assert_non_null(o);
	memset(p, 0, sizeof(*p));
	int rc = article_decode(o, a, slug, out, p);
	json_decref(o);
	return rc;
}

UNIT_TEST(test_decode)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096, 1u << 20);
	struct article art;
	struct problem p;
	assert_int_equal(decode("{\"slug\":\"a-1\",\"country\":\"VN\",\"category\":\"fees\","
				"\"texts\":{\"vi\":{\"title\":\"T\",\"body\":\"B\"}}}",
				NULL, &art, &p, &a),
			 ERR_OK);
	assert_string_equal(art.slug, "a-1");
	assert_string_equal(art.country, "VN");
	assert_true(art.published);
	assert_null(art.texts[0].title);
	assert_string_equal(art.texts[1].title, "T");
	static const struct {
		const char *json, *path_slug, *code, *field;
	} bad[] = {
		{"{\"texts\":{\"en\":{\"title\":\"t\",\"body\":\"b\"}}}", NULL, "required", "slug"},
		{"{\"slug\":\"-x\",\"texts\":{}}", NULL, "invalid", "slug"},
		{"{\"slug\":\"x\"}", NULL, "required", "texts"},
		{"{\"slug\":\"x\",\"texts\":{}}", NULL, "required", "texts"},
		{"{\"slug\":\"x\",\"texts\":{\"ru\":{}}}", NULL, "invalid", "texts.ru"},
		{"{\"slug\":\"x\",\"texts\":{\"fa\":1}}", NULL, "type", "texts.fa"},
		{"{\"slug\":\"x\",\"texts\":{\"fa\":{\"title\":\"t\"}}}", NULL, "required",
		 "texts.fa.body"},
		{"{\"slug\":\"x\",\"country\":\"US\",\"texts\":{}}", NULL, "invalid", "country"},
		{"{\"slug\":\"x\",\"published\":1,\"texts\":{}}", NULL, "type", "published"},
		{"{\"slug\":\"y\",\"texts\":{}}", "x", "invalid", "slug"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(decode(bad[i].json, bad[i].path_slug, &art, &p, &a), ERR_INVALID);
		assert_string_equal(p.code, bad[i].code);
		assert_string_equal(p.field, bad[i].field);
	}
	arena_release(&a);
}

UNIT_TEST(test_seed_articles)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64 * 1024, 16u << 20);
	assert_true(article_files_count >= 8);
	for (size_t i = 0; i < article_files_count; i++) {
		struct article art;
		struct problem p;
		assert_int_equal(decode((const char *)article_files[i].bytes, NULL, &art, &p, &a),
				 ERR_OK);
		for (int l = 0; l < ARTICLE_LANGS; l++) {
			assert_non_null(art.texts[l].title);
			assert_true(strlen(art.texts[l].body) > 200);
			const char *k;
			assert_int_equal(
				article_search_key(&a, art.texts[l].title, art.texts[l].body, &k),
				ERR_OK);
		}
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%02zu-", i + 1);
		assert_memory_equal(article_files[i].name, prefix, 3);
		assert_non_null(strstr(article_files[i].name, art.slug));
	}
	arena_release(&a);
}

UNIT_MAIN()
