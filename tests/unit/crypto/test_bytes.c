/* Unit tests of src/crypto/bytes.c: hex and base64url both ways with their
 * rejects, constant-time comparison, wiping and the random helpers. */
#include "unit.h"

#include "crypto/bytes.h"

UNIT_TEST(test_hex)
{
	UNUSED(state);
	static const uint8_t in[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff};
	char hex[2 * sizeof(in) + 1];
	memset(hex, 'x', sizeof(hex));
	bytes_hex(hex, in, sizeof(in));
	assert_string_equal(hex, "00017f80abcdefff");

	/* Nothing in, just the NUL out. */
	char empty[1] = {'x'};
	bytes_hex(empty, in, 0);
	assert_string_equal(empty, "");

	uint8_t back[sizeof(in)];
	memset(back, 0x55, sizeof(back));
	assert_int_equal(bytes_unhex(back, sizeof(back), hex, strlen(hex)), 0);
	assert_memory_equal(back, in, sizeof(in));
	/* Upper-case digits are hex too. */
	memset(back, 0x55, sizeof(back));
	assert_int_equal(bytes_unhex(back, sizeof(back), "00017F80ABCDEFFF", 16), 0);
	assert_memory_equal(back, in, sizeof(in));
	/* Only the first len digits are read; the rest of the text is not. */
	uint8_t two[2] = {0, 0};
	assert_int_equal(bytes_unhex(two, sizeof(two), "abcdZZ", 4), 0);
	assert_int_equal(two[0], 0xab);
	assert_int_equal(two[1], 0xcd);
	/* Zero digits decode to zero bytes. */
	assert_int_equal(bytes_unhex(two, sizeof(two), "", 0), 0);

	/* Random round trips of every length up to 64. */
	for (size_t n = 0; n <= 64; n++) {
		uint8_t r[64], r2[64];
		char h[129];
		bytes_random(r, n);
		bytes_hex(h, r, n);
		assert_int_equal(strlen(h), 2 * n);
		assert_int_equal(bytes_unhex(r2, n, h, 2 * n), 0);
		assert_memory_equal(r2, r, n);
	}
}

UNIT_TEST(test_unhex_rejects)
{
	UNUSED(state);
	uint8_t out[8];
	const struct {
		const char *text;
		size_t len, cap;
	} bad[] = {
		/* An odd number of digits. */
		{"abc", 3, sizeof(out)},
		{"a", 1, sizeof(out)},
		/* Not hex. */
		{"zz", 2, sizeof(out)},
		{"0g", 2, sizeof(out)},
		{"ab cd", 5, sizeof(out)},
		{"ab cd ", 6, sizeof(out)},
		{"ab:cd", 5, sizeof(out)},
		{"0x00", 4, sizeof(out)},
		{"-1", 2, sizeof(out)},
		/* A NUL inside the digits counted by len. */
		{"ab\0d", 4, sizeof(out)},
		/* More bytes than fit: refused, not cut. */
		{"aabbcc", 6, 2},
		{"aa", 2, 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (bytes_unhex(out, bad[i].cap, bad[i].text, bad[i].len) != -1)
			fail_msg("case %zu (%s): not refused", i, bad[i].text);
	/* Exactly as many as fit. */
	assert_int_equal(bytes_unhex(out, 3, "aabbcc", 6), 0);
	assert_int_equal(out[2], 0xcc);
}

/* RFC 4648 section 10's vectors, URL-safe alphabet, no padding. */
UNIT_TEST(test_b64_vectors)
{
	UNUSED(state);
	static const struct {
		const char *in, *out;
	} v[] = {
		{"", ""},	    {"f", "Zg"},	  {"fo", "Zm8"},	  {"foo", "Zm9v"},
		{"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		size_t n = strlen(v[i].in);
		size_t len = bytes_b64_len(n);
		assert_int_equal(len, strlen(v[i].out) + 1);
		char out[16];
		memset(out, 'x', sizeof(out));
		bytes_b64(out, len, (const uint8_t *)v[i].in, n);
		assert_string_equal(out, v[i].out);
		uint8_t back[16];
		assert_int_equal(bytes_unb64(back, sizeof(back), out, strlen(out)), (long)n);
		assert_memory_equal(back, v[i].in, n);
	}
	/* '-' and '_' where standard base64 has '+' and '/'. */
	static const uint8_t hi[] = {0xfb, 0xef, 0xff};
	char out[8];
	bytes_b64(out, sizeof(out), hi, sizeof(hi));
	assert_string_equal(out, "--__");
	uint8_t back[4];
	assert_int_equal(bytes_unb64(back, sizeof(back), "--__", 4), 3);
	assert_memory_equal(back, hi, 3);
}

UNIT_TEST(test_b64_round_trip)
{
	UNUSED(state);
	for (size_t n = 0; n <= 100; n++) {
		uint8_t in[100], back[100];
		char text[140];
		bytes_random(in, n);
		size_t len = bytes_b64_len(n);
		assert_true(len <= sizeof(text));
		bytes_b64(text, len, in, n);
		assert_int_equal(strlen(text), len - 1);
		assert_null(strpbrk(text, "+/="));
		assert_int_equal(bytes_unb64(back, n, text, strlen(text)), (long)n);
		assert_memory_equal(back, in, n);
	}
}

UNIT_TEST(test_unb64_rejects)
{
	UNUSED(state);
	uint8_t out[16];
	const struct {
		const char *text;
		size_t len, cap;
	} bad[] = {
		/* Padding belongs to the other variant. */
		{"Zg==", 4, sizeof(out)},
		{"Zm8=", 4, sizeof(out)},
		/* The standard alphabet's '+' and '/'. */
		{"++//", 4, sizeof(out)},
		/* Outside every alphabet; whitespace. */
		{"Zm9v!", 5, sizeof(out)},
		{"Zm9v Yg", 7, sizeof(out)},
		{"Zm9v\n", 5, sizeof(out)},
		/* One character cannot be a byte. */
		{"Z", 1, sizeof(out)},
		{"Zm9vY", 5, sizeof(out)},
		/* Leftover bits that are not zero: not what an encoder writes. */
		{"Zh", 2, sizeof(out)},
		{"Zm9", 3, sizeof(out)},
		/* More bytes than fit. */
		{"Zm9vYmFy", 8, 5},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (bytes_unb64(out, bad[i].cap, bad[i].text, bad[i].len) != -1)
			fail_msg("case %zu (%s): not refused", i, bad[i].text);
	/* Exactly as many as fit. */
	assert_int_equal(bytes_unb64(out, 6, "Zm9vYmFy", 8), 6);
}

UNIT_TEST(test_equal_and_wipe)
{
	UNUSED(state);
	uint8_t a[33], b[33];
	bytes_random(a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_true(bytes_equal(a, b, sizeof(a)));
	assert_true(bytes_equal(a, b, 0));
	/* A difference anywhere counts, the first and the last byte too. */
	for (size_t i = 0; i < sizeof(a); i++) {
		b[i] ^= 0x01;
		assert_false(bytes_equal(a, b, sizeof(a)));
		assert_true(i == 0 || bytes_equal(a, b, i));
		b[i] ^= 0x01;
	}
	b[32] ^= 0x80;
	assert_false(bytes_equal(a, b, sizeof(a)));

	assert_true(bytes_equal_str("", ""));
	assert_true(bytes_equal_str("secret", "secret"));
	assert_false(bytes_equal_str("secret", "Secret"));
	assert_false(bytes_equal_str("secret", "secre"));
	assert_false(bytes_equal_str("secre", "secret"));
	assert_false(bytes_equal_str("", "x"));

	memset(a, 0xa5, sizeof(a));
	bytes_wipe(a, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(a[i], 0);
	assert_int_equal(a[10], 0xa5);
	bytes_wipe(a, sizeof(a));
	static const uint8_t zero[sizeof(a)];
	assert_memory_equal(a, zero, sizeof(a));
}

UNIT_TEST(test_random)
{
	UNUSED(state);
	uint8_t a[64], b[64];
	static const uint8_t zero[64];
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	bytes_random(a, sizeof(a));
	bytes_random(b, sizeof(b));
	/* 2^-512 chances of a false failure each. */
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_memory_not_equal(a, b, sizeof(a));

	/* n = 0 touches nothing. */
	memset(a, 0x5a, sizeof(a));
	bytes_random(a, 0);
	assert_int_equal(a[0], 0x5a);
}

UNIT_TEST(test_random_below)
{
	UNUSED(state);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(bytes_random_below(1), 0);

	/* Every value of [0, 10) comes up, none outside. */
	int seen[10] = {0};
	for (int i = 0; i < 10000; i++) {
		uint32_t v = bytes_random_below(10);
		assert_true(v < 10);
		seen[v]++;
	}
	for (int v = 0; v < 10; v++)
		assert_true(seen[v] > 0);

	/* Bounds that are not powers of two, and the largest. */
	static const uint32_t uppers[] = {2, 3, 7, 1000, 1u << 31, (1u << 31) + 1, UINT32_MAX};
	for (size_t k = 0; k < ARRAY_SIZE(uppers); k++) {
		bool high = false;
		for (int i = 0; i < 2000; i++) {
			uint32_t v = bytes_random_below(uppers[k]);
			assert_true(v < uppers[k]);
			high |= v >= uppers[k] / 2;
		}
		/* The upper half is reached: the range is not cut short. */
		assert_true(high);
	}
}

UNIT_MAIN()
