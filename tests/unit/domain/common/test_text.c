/* Unit tests of src/domain/text.c: names as stored, search keys, digits.
 *
 * Literal Vietnamese and Persian below are NFC, as typed on common keyboards;
 * other forms are spelled with escapes so that the bytes are unambiguous. */
#include "unit.h"

#include <pthread.h>

#include "core/err.h"
#include "domain/common/text.h"

#define ZWNJ "\xe2\x80\x8c"
#define ZWJ  "\xe2\x80\x8d"
#define NBSP "\xc2\xa0"
#define RLM  "\xe2\x80\x8f"
#define LRE  "\xe2\x80\xaa"
#define PDF  "\xe2\x80\xac"
#define ZWSP "\xe2\x80\x8b"
#define BOM  "\xef\xbb\xbf"
#define SHY  "\xc2\xad"

#define AR_YEH	 "\xd9\x8a" /* U+064A ي */
#define AR_KAF	 "\xd9\x83" /* U+0643 ك */
#define AR_MAKS	 "\xd9\x89" /* U+0649 ى */
#define FA_YEH	 "\xdb\x8c" /* U+06CC ی */
#define FA_KAF	 "\xda\xa9" /* U+06A9 ک */
#define HAMZA_AB "\xd9\x94" /* U+0654 combining hamza above */
#define YEH_HAMZ "\xd8\xa6" /* U+0626 ئ */

struct text_case {
	const char *in, *want;
};

static const struct text_case names[] = {
	{"Ali Reza", "Ali Reza"},
	{"  Ali   Reza  ", "Ali Reza"},
	{"Ali\tReza\r\n", "Ali Reza"},
	{"Ali\x01Re\x7fza", "AliReza"},
	{"", ""},
	{"   ", ""},
	{"NGUYỄN Văn An", "NGUYỄN Văn An"}, /* case is kept */
	{"Nguyễn" NBSP "Văn\xe2\x80\x83"
	 "An",
	 "Nguyễn Văn An"}, /* NBSP, em space */
	/* NFC: decomposed Vietnamese (e + circumflex + tilde) is composed. */
	{"Nguye\xcc\x82\xcc\x83n", "Nguyễn"},
	{"A\xcc\x80nh", "Ành"},
	/* Arabic keyboard letters become Persian. */
	{"عل" AR_YEH, "عل" FA_YEH},
	{AR_KAF "ر" AR_YEH "م", FA_KAF "ر" FA_YEH "م"},
	{"مصطف" AR_MAKS, "مصطف" FA_YEH},
	{"علی", "علی"},
	/* Yeh with hamza stays composed, not Persian yeh + hamza. */
	{"ر" AR_YEH HAMZA_AB "س", "ر" YEH_HAMZ "س"},
	{"ر" YEH_HAMZ "یس", "ر" YEH_HAMZ "یس"},
	/* Digits. */
	{"کلاس ۳", "کلاس 3"},
	{"\xd9\xa3\xd9\xa1", "31"},
	/* ZWNJ: kept, one of a run, none beside a space or at the ends. */
	{"می" ZWNJ "خواهم", "می" ZWNJ "خواهم"},
	{"می" ZWNJ ZWNJ ZWNJ "خواهم", "می" ZWNJ "خواهم"},
	{"می " ZWNJ "خواهم", "می خواهم"},
	{"می" ZWNJ " خواهم", "می خواهم"},
	{"می" ZWNJ " " ZWNJ "خواهم", "می خواهم"},
	{ZWNJ "علی" ZWNJ, "علی"},
	{ZWNJ, ""},
	{"a" ZWJ "b", "a" ZWJ "b"},
	/* Invisible format characters go. */
	{RLM "علی" RLM, "علی"},
	{LRE "Ali" PDF, "Ali"},
	{BOM "Ali", "Ali"},
	{"Al" ZWSP "i", "Ali"},
	{"Al" SHY "i", "Ali"},
	/* ... and a mark they separated from its letter joins it. */
	{"e" ZWSP "\xcc\x81", "\xc3\xa9"},
	{"e\x01\xcc\x81", "\xc3\xa9"},
	/* Mixed scripts. */
	{"Ali  عل" AR_YEH "\t Nguyễn", "Ali عل" FA_YEH " Nguyễn"},
};

static void check_cases(int (*fn)(const char *, char *, size_t), const char *what,
			const struct text_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[512];
		int rc = fn(cases[i].in, out, sizeof(out));
		if (rc != ERR_OK || strcmp(out, cases[i].want))
			fail_msg("%s case %zu \"%s\": rc %d, got \"%s\", want \"%s\"", what, i,
				 cases[i].in, rc, out, cases[i].want);
	}
}

UNIT_TEST(test_normalize_name)
{
	UNUSED(state);
	check_cases(text_normalize_name, "name", names, ARRAY_SIZE(names));
	/* Idempotent. */
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char once[512], twice[512];
		assert_int_equal(text_normalize_name(names[i].in, once, sizeof(once)), ERR_OK);
		assert_int_equal(text_normalize_name(once, twice, sizeof(twice)), ERR_OK);
		assert_string_equal(once, twice);
	}
}

static const struct text_case folds[] = {
	{"Nguyễn Văn An", "nguyen van an"},
	{"nguyen van an", "nguyen van an"},
	{"NGUYỄN VĂN AN", "nguyen van an"},
	{"  Nguyễn\tVăn" NBSP "An ", "nguyen van an"},
	{"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "nguyen van an"}, /* decomposed */
	{"Đặng Thị Hương", "dang thi huong"},
	{"Trần Hưng Đạo", "tran hung dao"},
	{"Phạm Quốc Việt", "pham quoc viet"},
	{"Lê Đức Thọ", "le duc tho"},
	/* Every Vietnamese vowel with every tone, and đ, both cases. */
	{"aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ "
	 "ưừứửữự yỳýỷỹỵ đ",
	 "aaaaaa aaaaaa aaaaaa eeeeee eeeeee iiiiii oooooo oooooo oooooo uuuuuu uuuuuu "
	 "yyyyyy d"},
	{"AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ "
	 "ƯỪỨỬỮỰ YỲÝỶỸỴ Đ",
	 "aaaaaa aaaaaa aaaaaa eeeeee eeeeee iiiiii oooooo oooooo oooooo uuuuuu uuuuuu "
	 "yyyyyy d"},
	/* Persian: Arabic yeh and kaf, alef variants, heh, waw, hamza. */
	{"عل" AR_YEH, "علی"},
	{"علی", "علی"},
	{AR_KAF "ر" AR_YEH "م", "کریم"},
	{"مصطف" AR_MAKS, "مصطفی"},
	{"آرش", "ارش"},
	{"أحمد", "احمد"},
	{"إبراهيم", "ابراهیم"},
	{"\xd9\xb1"
	 "لله",
	 "الله"}, /* alef wasla */
	{"فاطمة", "فاطمه"},
	{"خانۀ", "خانه"},
	{"خانه" HAMZA_AB, "خانه"},
	{"مؤمن", "مومن"},
	{"رئیس", "رییس"},
	{"محـــمد", "محمد"}, /* tatweel */
	{"مُحَمَّد", "محمد"},    /* harakat */
	{"رحمٰن", "رحمن"},    /* superscript alef */
	{"محمد" ZWNJ "رضا", "محمد رضا"},
	{"می" ZWNJ ZWNJ " خواهم", "می خواهم"},
	{"a" ZWJ "b", "ab"},
	{"۱۲۳", "123"},
	{"\xd9\xa1\xd9\xa2", "12"},
	/* Presentation forms pasted from a PDF: ﻋﻠﻲ */
	{"\xef\xbb\x8b\xef\xbb\xa0\xef\xbb\xb2", "علی"},
	/* Mixed scripts, invisible characters. */
	{RLM "Nguyễn " AR_KAF "ریم 12 " LRE "x" PDF "y", "nguyen کریم 12 xy"},
	/* Full case folding and compatibility forms. */
	{"Straße", "strasse"},
	{"\xc4\xb0stanbul", "istanbul"},    /* İ */
	{"\xef\xbc\xa1\xef\xbd\x82", "ab"}, /* full-width Ａｂ */
	{"ΣΟΦΊΑ", "σοφια"},
	{"한국", "한국"}, /* Hangul recomposes after NFKD */
	{"", ""},
	{" \t ", ""},
	{"\xcc\x81", ""}, /* a lone combining mark */
};

UNIT_TEST(test_fold)
{
	UNUSED(state);
	check_cases(text_fold, "fold", folds, ARRAY_SIZE(folds));
	for (size_t i = 0; i < ARRAY_SIZE(folds); i++) {
		char a[512], b[512], n[512];
		/* Idempotent, */
		assert_int_equal(text_fold(folds[i].in, a, sizeof(a)), ERR_OK);
		assert_int_equal(text_fold(a, b, sizeof(b)), ERR_OK);
		assert_string_equal(a, b);
		/* and the stored name folds as the raw input does. */
		assert_int_equal(text_normalize_name(folds[i].in, n, sizeof(n)), ERR_OK);
		assert_int_equal(text_fold(n, b, sizeof(b)), ERR_OK);
		assert_string_equal(a, b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char a[512], b[512], n[512];
		assert_int_equal(text_fold(names[i].in, a, sizeof(a)), ERR_OK);
		assert_int_equal(text_normalize_name(names[i].in, n, sizeof(n)), ERR_OK);
		assert_int_equal(text_fold(n, b, sizeof(b)), ERR_OK);
		assert_string_equal(a, b);
	}
}

/* Pure ASCII takes a shortcut; it must agree with the ICU path. "é" in front
 * forces the ICU path, and 'x' on both sides keeps the spaces of s inside. */
UNIT_TEST(test_ascii_shortcut)
{
	UNUSED(state);
	uint32_t seed = 12345;
	for (int round = 0; round < 5000; round++) {
		char s[40], fast_in[48], slow_in[48], fast[64], slow[64];
		size_t len = (size_t)round % 30;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)(1 + (seed >> 16) % 127); /* 0x01-0x7F */
		}
		s[len] = '\0';
		snprintf(fast_in, sizeof(fast_in), "x%sx", s);
		snprintf(slow_in, sizeof(slow_in), "\xc3\xa9x%sx", s);
		for (int f = 0; f < 2; f++) {
			int (*fn)(const char *, char *, size_t) =
				f ? text_fold : text_normalize_name;
			assert_int_equal(fn(fast_in, fast, sizeof(fast)), ERR_OK);
			assert_int_equal(fn(slow_in, slow, sizeof(slow)), ERR_OK);
			/* é stays é in a name and is e in a key. */
			size_t skip = f ? 1 : 2;
			if (strcmp(slow + skip, fast) || slow[0] != (f ? 'e' : '\xc3'))
				fail_msg("%s of \"%s\": fast \"%s\", slow \"%s\"",
					 f ? "fold" : "name", s, fast, slow);
		}
	}
}

UNIT_TEST(test_invalid_utf8)
{
	UNUSED(state);
	static const char *const bad[] = {
		"\xc3",		    /* truncated */
		"abc\xc3",	    /* truncated after ASCII */
		"a\xe2\x82",	    /* truncated 3-byte */
		"\xc0\x80",	    /* overlong NUL */
		"\xe0\x80\xaf",	    /* overlong '/' */
		"\xed\xa0\x80",	    /* surrogate */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xff",
		"\x80",
		"Nguy\xe1\xbbn", /* truncated 3-byte before a letter */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char out[64];
		memset(out, 'x', sizeof(out));
		assert_int_equal(text_normalize_name(bad[i], out, sizeof(out)), ERR_INVALID);
		assert_string_equal(out, "");
		memset(out, 'x', sizeof(out));
		assert_int_equal(text_fold(bad[i], out, sizeof(out)), ERR_INVALID);
		assert_string_equal(out, "");
		assert_int_equal(text_digits_ascii(bad[i], out, sizeof(out)), ERR_INVALID);
		assert_string_equal(out, "");
	}
	char out[8];
	assert_int_equal(text_normalize_name(NULL, out, sizeof(out)), ERR_INVALID);
	assert_int_equal(text_fold(NULL, out, sizeof(out)), ERR_INVALID);
	assert_int_equal(text_digits_ascii(NULL, out, sizeof(out)), ERR_INVALID);
}

UNIT_TEST(test_limits)
{
	UNUSED(state);
	static char in[4 * 600 + 1], out[8 * 600 + 1];
	int (*const fns[])(const char *, char *, size_t) = {text_normalize_name, text_fold};
	for (size_t f = 0; f < ARRAY_SIZE(fns); f++) {
		/* TEXT_MAX_UNITS characters fit, one more does not: ASCII, then
		 * two-byte Vietnamese, then Persian. */
		static const char *const units[] = {"a", "\xc3\xa9", "\xdb\x8c"};
		for (size_t u = 0; u < ARRAY_SIZE(units); u++) {
			size_t w = strlen(units[u]);
			for (size_t i = 0; i < TEXT_MAX_UNITS; i++)
				memcpy(in + i * w, units[u], w);
			in[TEXT_MAX_UNITS * w] = '\0';
			assert_int_equal(fns[f](in, out, sizeof(out)), ERR_OK);
			memcpy(in + TEXT_MAX_UNITS * w, units[u], w + 1);
			memset(out, 'x', 8);
			assert_int_equal(fns[f](in, out, sizeof(out)), ERR_TOOLARGE);
			assert_string_equal(out, "");
		}
		/* The output buffer: exactly enough, one byte short, none. */
		assert_int_equal(fns[f]("ali reza", out, 9), ERR_OK);
		assert_int_equal(fns[f]("ali reza", out, 8), ERR_TOOLARGE);
		assert_string_equal(out, "");
		assert_int_equal(fns[f]("  ali  ", out, 4), ERR_OK); /* trimmed first */
		assert_string_equal(out, "ali");
		assert_int_equal(fns[f]("علی", out, 7), ERR_OK);
		assert_int_equal(fns[f]("علی", out, 6), ERR_TOOLARGE);
		assert_int_equal(fns[f]("", out, 1), ERR_OK);
		assert_int_equal(fns[f]("", out, 0), ERR_TOOLARGE);
		assert_int_equal(fns[f]("a", out, 0), ERR_TOOLARGE);
	}
	/* Decomposition grows the text: ﷺ is eighteen characters in NFKD, so
	 * 113 of them (2034 units) fold and 114 (2052) are too many. */
	for (size_t i = 0; i < 114; i++)
		memcpy(in + i * 3, "\xef\xb7\xba", 4);
	assert_int_equal(text_normalize_name(in, out, sizeof(out)), ERR_OK);
	assert_int_equal(text_fold(in, out, sizeof(out)), ERR_TOOLARGE);
	in[113 * 3] = '\0';
	assert_int_equal(text_fold(in, out, sizeof(out)), ERR_OK);
	/* Full case folding grows it too (ß is ss), within the limit. */
	for (size_t i = 0; i < TEXT_MAX_UNITS; i++)
		memcpy(in + i * 2, "\xc3\x9f", 3);
	assert_int_equal(text_fold(in, out, sizeof(out)), ERR_OK);
	assert_int_equal(strlen(out), 2 * TEXT_MAX_UNITS);
}

UNIT_TEST(test_digits_ascii)
{
	UNUSED(state);
	static const struct text_case cases[] = {
		{"۱۴۰۳/۰۷/۰۱", "1403/07/01"},
		{"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-\xd9\xa0\xd9\xa3-\xd9\xa2\xd9\xa0",
		 "2024-03-20"},
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"grade ۱۸.۵", "grade 18.5"},
		{"علی 12", "علی 12"}, /* nothing else changes */
		{"Nguyễn", "Nguyễn"},
		{"", ""},
	};
	check_cases(text_digits_ascii, "digits", cases, ARRAY_SIZE(cases));
	char out[11];
	assert_int_equal(text_digits_ascii("۱۴۰۳/۰۷/۰۱", out, 11), ERR_OK);
	assert_int_equal(text_digits_ascii("۱۴۰۳/۰۷/۰۱", out, 10), ERR_TOOLARGE);
	assert_string_equal(out, "");
	assert_int_equal(text_digits_ascii("", out, 0), ERR_TOOLARGE);
}

/* Threads share the cached normalizers. */
static void *fold_many(void *arg)
{
	UNUSED(arg);
	for (int i = 0; i < 2000; i++) {
		char out[64];
		if (text_fold("Nguyễn Văn An", out, sizeof(out)) || strcmp(out, "nguyen van an"))
			return (void *)1;
		if (text_normalize_name("عل" AR_YEH, out, sizeof(out)) || strcmp(out, "علی"))
			return (void *)1;
	}
	return NULL;
}

UNIT_TEST(test_threads)
{
	UNUSED(state);
	pthread_t t[4];
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(pthread_create(&t[i], NULL, fold_many, NULL), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		void *r;
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
}

UNIT_MAIN()
