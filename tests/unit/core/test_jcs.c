/* Unit tests of src/core/jcs.c: RFC 8785's examples (section 3.2.2, the
 * sorting example of 3.2.3 and the numbers of appendix B), member order by
 * UTF-16 code units, string escapes, the object-with-changes form proofs
 * sign, and the buffer's ceiling. */
#include "unit.h"

#include <math.h>

#include "core/err.h"
#include "core/jcs.h"

/* The canonical form of a JSON text, as a malloc'd string. */
static char *canon(const char *json)
{
	json_error_t e;
	json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!v)
		fail_msg("%s: %s", json, e.text);
	struct buf b = BUF_INIT(0);
	assert_int_equal(jcs_append(&b, v), ERR_OK);
	json_decref(v);
	assert_int_equal(buf_append(&b, "", 0), ERR_OK);
	return b.p;
}

#define assert_canon(in, want)                   \
	do {                                     \
		char *got_ = canon(in);          \
		assert_string_equal(got_, want); \
		free(got_);                      \
	} while (0)

static double from_bits(uint64_t u)
{
	double x;
	memcpy(&x, &u, sizeof(x));
	return x;
}

/* RFC 8785 appendix B: IEEE 754 bit patterns and what ECMAScript writes. */
UNIT_TEST(test_appendix_b)
{
	UNUSED(state);
	static const struct {
		uint64_t bits;
		const char *want;
	} v[] = {
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char out[40];
		memset(out, 'x', sizeof(out));
		jcs_number(from_bits(v[i].bits), out, sizeof(out));
		if (strcmp(out, v[i].want))
			fail_msg("%016" PRIx64 ": %s, want %s", v[i].bits, out, v[i].want);
	}
}

/* The number forms of ECMAScript's Number.prototype.toString, at the
 * edges between them (what node prints for each). */
struct number_case {
	double x;
	const char *want;
};

/* Each case's x as jcs_number writes it must be its want. */
static void assert_numbers(const struct number_case *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[40];
		jcs_number(v[i].x, out, sizeof(out));
		if (strcmp(out, v[i].want))
			fail_msg("case %zu (%a): %s, want %s", i, v[i].x, out, v[i].want);
	}
}

UNIT_TEST(test_number_forms)
{
	UNUSED(state);
	static const struct number_case v[] = {
		/* Integers up to 21 digits, then exponents. */
		{1e30, "1e+30"},
		{1e21, "1e+21"},
		{1e20, "100000000000000000000"},
		{123e18, "123000000000000000000"},
		{1.5e21, "1.5e+21"},
		/* Fractions down to 1e-6, then exponents. */
		{4.50, "4.5"},
		{2e-3, "0.002"},
		{0.000001, "0.000001"},
		{0.0000012, "0.0000012"},
		{1e-7, "1e-7"},
		{1.2e-7, "1.2e-7"},
		{1e-27, "1e-27"},
		{-0.0, "0"},
		{-1.0, "-1"},
		{-4.5e-10, "-4.5e-10"},
		{0.1, "0.1"},
		{0.1 + 0.2, "0.30000000000000004"},
		{100.0, "100"},
		{123.456, "123.456"},
		{1.0 / 3.0, "0.3333333333333333"},
		{2.0 / 3.0, "0.6666666666666666"},
		/* Powers of two, where the nearest shortest digits may read back
		 * as the double below and the next ones up are the answer. */
		{0x1p-24, "5.960464477539063e-8"},
		{0x1p-44, "5.684341886080802e-14"},
		{0x1p89, "6.189700196426902e+26"},
		{-0x1p122, "-5.316911983139664e+36"},
		{0x1p-1017, "7.120236347223045e-307"},
		{0x1p-1074, "5e-324"},
		{0x1p-1022, "2.2250738585072014e-308"},
		{0x1p53, "9007199254740992"},
		{0x1p70, "1.1805916207174113e+21"},
	};
	assert_numbers(v, ARRAY_SIZE(v));
}

/* Short and long, whole and fractional, at the edges of a double. */
UNIT_TEST(test_numbers)
{
	UNUSED(state);
	static const struct number_case cases[] = {
		{0.0, "0"},
		{-0.0, "0"},
		{1e21, "1e+21"},
		{1e20, "100000000000000000000"},
		{1e-7, "1e-7"},
		{1e-6, "0.000001"},
		{4.5, "4.5"},
		{0.002, "0.002"},
		{8.3, "8.3"},
		{-1.5, "-1.5"},
		{123456789012345680000.0, "123456789012345680000"},
		{333333333.3333333, "333333333.3333333"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{9007199254740992.0, "9007199254740992"},
		{295147905179352830000.0, "295147905179352830000"},
		{1.5e-9, "1.5e-9"},
		{0.1 + 0.2, "0.30000000000000004"},
	};
	assert_numbers(cases, ARRAY_SIZE(cases));
}

/* Random doubles: the text reads back as the same double and has the
 * ECMAScript shape. */
UNIT_TEST(test_number_round_trip)
{
	UNUSED(state);
	uint64_t s = 0x9e3779b97f4a7c15u;
	for (int i = 0; i < 20000; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		double x = from_bits(s);
		if (!isfinite(x))
			continue;
		char out[40];
		jcs_number(x, out, sizeof(out));
		if (strtod(out, NULL) != x)
			fail_msg("%a wrote %s", x, out);
		/* Lower-case e with a sign, no "+" in front, no ".e", no
		 * trailing zeros after a point, no leading zeros. */
		assert_null(strchr(out, 'E'));
		assert_true(out[0] != '+');
		assert_null(strstr(out, ".e"));
		const char *e = strchr(out, 'e');
		if (e)
			assert_true(e[1] == '+' || e[1] == '-');
		const char *dot = strchr(out, '.');
		if (dot) {
			size_t mant = e ? (size_t)(e - out) : strlen(out);
			assert_true(out[mant - 1] != '0');
		}
		const char *d = out[0] == '-' ? out + 1 : out;
		assert_true(d[0] != '0' || d[1] == '.' || d[1] == '\0');
		/* At most 17 significant digits: between the first and the
		 * last digit that is not zero. */
		const char *first = d + strspn(d, "0.");
		const char *last = e ? e : d + strlen(d);
		while (last > first && (last[-1] == '0' || last[-1] == '.'))
			last--;
		int digits = 0;
		for (const char *p = first; p < last; p++)
			digits += *p != '.';
		assert_in_range(digits, 1, 17);
	}
}

/* RFC 8785 section 3.2.2's example, parsed from its input text. */
UNIT_TEST(test_rfc_example)
{
	UNUSED(state);
	assert_canon("{\n"
		     "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
		     "              2e-3, 0.000000000000000000000000001],\n"
		     "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
		     "  \"literals\": [null, true, false]\n"
		     "}",
		     "{\"literals\":[null,true,false],"
		     "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
		     "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

/* Members sort by UTF-16 code units: within the BMP that is byte order, but
 * a character past U+FFFF (a surrogate pair, D800-DBFF) sorts before
 * U+E000-U+FFFF, where its UTF-8 bytes (F0...) would sort after. */
UNIT_TEST(test_key_order)
{
	UNUSED(state);
	/* RFC 8785 3.2.3. */
	assert_canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
		     "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
		     "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
		     "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
		     "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
		     "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
		     "\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
		     "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* U+10000 before U+E000 and U+FFFF; U+D7FF before all three. */
	assert_canon("{\"\\uffff\":1,\"\\ue000\":2,\"\\ud800\\udc00\":3,\"\\ud7ff\":4}",
		     "{\"\xed\x9f\xbf\":4,\"\xf0\x90\x80\x80\":3,\"\xee\x80\x80\":2,"
		     "\"\xef\xbf\xbf\":1}");
	/* Pairs compare by their high, then their low surrogate. */
	assert_canon("{\"\\udbff\\udfff\":1,\"\\ud83d\\ude01\":2,\"\\ud83d\\ude00\":3}",
		     "{\"\xf0\x9f\x98\x80\":3,\"\xf0\x9f\x98\x81\":2,\"\xf4\x8f\xbf\xbf\":1}");
	/* A prefix sorts first; case is code order (upper before lower). */
	assert_canon("{\"ab\":1,\"a\":2,\"\":3,\"B\":4,\"b\":5,\"a\\ud800\\udc00\":6}",
		     "{\"\":3,\"B\":4,\"a\":2,\"ab\":1,\"a\xf0\x90\x80\x80\":6,\"b\":5}");
	/* Nested objects are sorted too; arrays keep their order. */
	assert_canon("{\"z\":{\"y\":[3,1,2],\"x\":{\"b\":null,\"a\":[]}},\"a\":{}}",
		     "{\"a\":{},\"z\":{\"x\":{\"a\":[],\"b\":null},\"y\":[3,1,2]}}");
}

/* Sorting, integers, escapes and white space, on small documents. */
UNIT_TEST(test_canonical)
{
	UNUSED(state);
	/* Keys within the BMP: byte order is UTF-16 order there. */
	assert_canon("{\"\\ufb33\":3,\"\\u20ac\":2,\"z\":0,\"\\u00f6\":1,\"Z\":-1}",
		     "{\"Z\":-1,\"z\":0,\"\xc3\xb6\":1,\"\xe2\x82\xac\":2,\"\xef\xac\xb3\":3}");
	/* Integers, also at the edges of what a double holds exactly. */
	assert_canon("[0,-1,42,-9007199254740992,9007199254740992,9007199254740993]",
		     "[0,-1,42,-9007199254740992,9007199254740992,9007199254740992]");
	/* Only the escapes JSON requires; control characters in lower-case hex. */
	assert_canon("[\"\\u0041\\u000f\\n\\\"\\\\\\/\\u00e9\"]",
		     "[\"A\\u000f\\n\\\"\\\\/\xc3\xa9\"]");
	assert_canon("{ \"b\" : [ 1 , 2.50, true, null ], \"a\": { \"z\": false, \"y\": -0.0 } }",
		     "{\"a\":{\"y\":0,\"z\":false},\"b\":[1,2.5,true,null]}");
	assert_canon("{}", "{}");
	assert_canon("[]", "[]");
}

/* More members than the sort's stack array holds (32), with and without a
 * key past U+FFFF. */
UNIT_TEST(test_many_keys)
{
	UNUSED(state);
	for (int astral = 0; astral < 2; astral++) {
		json_t *o = json_object();
		for (int i = 99; i >= 0; i--) {
			char k[16];
			snprintf(k, sizeof(k), "k%02d", i);
			json_object_set_new(o, k, json_integer(i));
		}
		if (astral)
			json_object_set_new(o, "k\xf0\x9f\x98\x80", json_true());
		json_object_set_new(o, "k\xef\xbf\xbf", json_false());
		struct buf b = BUF_INIT(0);
		assert_int_equal(jcs_append(&b, o), ERR_OK);
		struct buf want = BUF_INIT(0);
		buf_puts(&want, "{");
		for (int i = 0; i < 100; i++)
			buf_printf(&want, "\"k%02d\":%d,", i, i);
		if (astral)
			buf_puts(&want, "\"k\xf0\x9f\x98\x80\":true,");
		buf_puts(&want, "\"k\xef\xbf\xbf\":false}");
		assert_string_equal(b.p, want.p);
		buf_release(&b);
		buf_release(&want);
		json_decref(o);
	}
}

UNIT_TEST(test_strings)
{
	UNUSED(state);
	/* Every control character: five short escapes, the rest \u00xx in
	 * lower-case hex. */
	struct buf b = BUF_INIT(0);
	char in[32];
	for (int i = 0; i < 32; i++)
		in[i] = (char)i;
	assert_int_equal(jcs_append_string(&b, in, sizeof(in)), ERR_OK);
	assert_string_equal(b.p, "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
				 "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
				 "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
				 "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
	/* Quote and backslash escaped; '/', DEL and non-ASCII as they are. */
	buf_reset(&b);
	static const char mixed[] = "a\"b\\c/d\x7f\xc3\xa9\xf0\x9f\x98\x80";
	assert_int_equal(jcs_append_string(&b, mixed, sizeof(mixed) - 1), ERR_OK);
	assert_string_equal(b.p, "\"a\\\"b\\\\c/d\x7f\xc3\xa9\xf0\x9f\x98\x80\"");
	/* Exactly len bytes; the empty string. */
	buf_reset(&b);
	assert_int_equal(jcs_append_string(&b, "abcdef", 3), ERR_OK);
	assert_string_equal(b.p, "\"abc\"");
	buf_reset(&b);
	assert_int_equal(jcs_append_string(&b, "", 0), ERR_OK);
	assert_string_equal(b.p, "\"\"");
	/* Appends: what was there stays. */
	assert_int_equal(jcs_append_string(&b, "x", 1), ERR_OK);
	assert_string_equal(b.p, "\"\"\"x\"");
	buf_release(&b);

	/* Through jcs_append, a string with a NUL inside. */
	assert_canon("[\"a\\u0000b\", \"\\u001F\", \"\\t\"]",
		     "[\"a\\u0000b\",\"\\u001f\",\"\\t\"]");
}

UNIT_TEST(test_integers)
{
	UNUSED(state);
	/* Exact up to 2^53; past it, the double a verifier would read. */
	assert_canon("[0,-0,7,-7,9007199254740991,-9007199254740991,9007199254740992,"
		     "-9007199254740992,9007199254740993,-9007199254740993]",
		     "[0,0,7,-7,9007199254740991,-9007199254740991,9007199254740992,"
		     "-9007199254740992,9007199254740992,-9007199254740992]");
	json_t *a = json_pack("[I,I,I]", (json_int_t)INT64_MAX, (json_int_t)INT64_MIN,
			      (json_int_t)1000000000000000000);
	assert_non_null(a);
	struct buf b = BUF_INIT(0);
	assert_int_equal(jcs_append(&b, a), ERR_OK);
	assert_string_equal(b.p, "[9223372036854776000,-9223372036854776000,1000000000000000000]");
	buf_release(&b);
	json_decref(a);
	/* A real that is whole prints as an integer. */
	assert_canon("[1.0, -2.0, 1e2, 0.0, -0.0]", "[1,-2,100,0,0]");
}

/* The form a proof signs: without one member, with one replaced or added. */
UNIT_TEST(test_object_with)
{
	UNUSED(state);
	json_error_t e;
	json_t *o = json_loads("{\"b\":1,\"proof\":{\"z\":1,\"a\":2},\"a\":[true]}", 0, &e);
	assert_non_null(o);
	json_t *v = json_loads("{\"y\":\"new\",\"x\":0}", 0, &e);
	assert_non_null(v);
	struct buf b = BUF_INIT(0);

	assert_int_equal(jcs_append_object_with(&b, o, NULL, NULL, NULL), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1,\"proof\":{\"a\":2,\"z\":1}}");
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, "proof", NULL, NULL), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1}");
	/* Skipping a member that is not there changes nothing. */
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, "nope", NULL, NULL), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1,\"proof\":{\"a\":2,\"z\":1}}");
	/* Replaced, in its sorted place. */
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, NULL, "proof", v), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1,\"proof\":{\"x\":0,\"y\":\"new\"}}");
	/* Added when absent, sorted among the others. */
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, NULL, "ab", v), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"ab\":{\"x\":0,\"y\":\"new\"},\"b\":1,\"proof\":{"
				 "\"a\":2,\"z\":1}}");
	/* Without a value the key changes nothing. */
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, NULL, "proof", NULL), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1,\"proof\":{\"a\":2,\"z\":1}}");
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, NULL, "zz", NULL), ERR_OK);
	assert_string_equal(b.p, "{\"a\":[true],\"b\":1,\"proof\":{\"a\":2,\"z\":1}}");
	/* One skipped, another replaced. */
	buf_reset(&b);
	assert_int_equal(jcs_append_object_with(&b, o, "a", "b", v), ERR_OK);
	assert_string_equal(b.p, "{\"b\":{\"x\":0,\"y\":\"new\"},\"proof\":{\"a\":2,\"z\":1}}");
	/* An added key past U+FFFF sorts by UTF-16. */
	buf_reset(&b);
	json_t *one = json_integer(1);
	assert_int_equal(jcs_append_object_with(&b, v, NULL, "\xf0\x9f\x98\x80", one), ERR_OK);
	assert_string_equal(b.p, "{\"x\":0,\"y\":\"new\",\"\xf0\x9f\x98\x80\":1}");
	buf_reset(&b);
	json_t *w = json_pack("{s:i}", "\xef\xbf\xbf", 2);
	assert_int_equal(jcs_append_object_with(&b, w, NULL, "\xf0\x9f\x98\x80", one), ERR_OK);
	assert_string_equal(b.p, "{\"\xf0\x9f\x98\x80\":1,\"\xef\xbf\xbf\":2}");
	/* The document is not changed by any of it. */
	assert_int_equal(json_object_size(o), 3);
	assert_non_null(json_object_get(json_object_get(o, "proof"), "z"));
	buf_release(&b);
	json_decref(w);
	json_decref(one);
	json_decref(v);
	json_decref(o);
}

/* Past the buffer's maximum: the buffer's error, whatever the value. */
UNIT_TEST(test_ceiling)
{
	UNUSED(state);
	json_error_t e;
	const char *text =
		"{\"numbers\":[1.5,2,3e100],\"s\":\"a\\nb\\u0001\",\"t\":[true,false,null],"
		"\"o\":{\"\\ud83d\\ude00\":{}}}";
	json_t *v = json_loads(text, 0, &e);
	assert_non_null(v);
	struct buf full = BUF_INIT(0);
	assert_int_equal(jcs_append(&full, v), ERR_OK);
	/* Every maximum short of the full length fails; the full one fits. */
	for (size_t max = 1; max <= full.len; max++) {
		struct buf b = BUF_INIT(max);
		int rc = jcs_append(&b, v);
		if (max < full.len)
			assert_int_equal(rc, ERR_TOOLARGE);
		else
			assert_int_equal(rc, ERR_OK);
		assert_true(b.len <= max);
		buf_release(&b);
	}
	buf_release(&full);
	json_decref(v);
}

UNIT_MAIN()
