/* Unit tests of src/crypto/multibase.c: base58btc against the vectors of the
 * base58 draft (draft-msporny-base58), its limits and rejects, and Ed25519
 * multikeys. */
#include "unit.h"

#include "crypto/bytes.h"
#include "crypto/multibase.h"

static void check_encode(const void *in, size_t n, const char *want)
{
	char out[512];
	memset(out, 'x', sizeof(out));
	assert_int_equal(base58_encode(in, n, out, sizeof(out)), (int)strlen(want));
	assert_string_equal(out, want);
	uint8_t back[300];
	assert_int_equal(base58_decode(want, back, sizeof(back)), (int)n);
	assert_memory_equal(back, in, n);
}

UNIT_TEST(test_vectors)
{
	UNUSED(state);
	check_encode("Hello World!", 12, "2NEpo7TZRRrLZSi2U");
	check_encode("The quick brown fox jumps over the lazy dog.", 44,
		     "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
	/* Each leading zero byte is one '1'. */
	check_encode("\x00\x00\x28\x7f\xb4\xcd", 6, "11233QC4");
	check_encode("\x00", 1, "1");
	check_encode("\x00\x00\x00", 3, "111");
	check_encode("\x39", 1, "z");
	check_encode("\x3a", 1, "21");
	/* Nothing encodes as nothing. */
	check_encode("", 0, "");
	uint8_t seq[32];
	for (int i = 0; i < 32; i++)
		seq[i] = (uint8_t)i;
	check_encode(seq, sizeof(seq), "1thX6LZfHDZZKUs92febYZhYRcXddmzfzF2NvTkPNE");
}

/* Random values of every length up to the limit, with leading zeros. */
UNIT_TEST(test_round_trip)
{
	UNUSED(state);
	for (size_t n = 1; n <= 256; n++) {
		uint8_t in[256], back[256];
		char text[360];
		bytes_random(in, n);
		size_t lead = n % 5;
		memset(in, 0, lead);
		int len = base58_encode(in, n, text, sizeof(text));
		assert_true(len > 0);
		assert_int_equal(strlen(text), (size_t)len);
		assert_int_equal(
			strspn(text, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
			(size_t)len);
		assert_int_equal(base58_decode(text, back, n), (int)n);
		assert_memory_equal(back, in, n);
	}
}

UNIT_TEST(test_encode_limits)
{
	UNUSED(state);
	uint8_t ff[300];
	memset(ff, 0xff, sizeof(ff));
	char out[400];
	/* 256 non-zero bytes is the most. */
	assert_int_equal(base58_encode(ff, 256, out, sizeof(out)), 350);
	assert_int_equal(base58_encode(ff, 257, out, sizeof(out)), -1);
	/* Leading zeros do not count against it. */
	uint8_t z[260];
	memset(z, 0, 4);
	memset(z + 4, 0xff, 256);
	assert_int_equal(base58_encode(z, sizeof(z), out, sizeof(out)), 354);
	assert_memory_equal(out, "1111", 4);

	/* The output needs the text and its NUL: one byte less is refused. */
	assert_int_equal(base58_encode((const uint8_t *)"Hello World!", 12, out, 18), 17);
	assert_int_equal(base58_encode((const uint8_t *)"Hello World!", 12, out, 17), -1);
	assert_int_equal(base58_encode((const uint8_t *)"\0\0", 2, out, 3), 2);
	assert_int_equal(base58_encode((const uint8_t *)"\0\0", 2, out, 2), -1);
	assert_int_equal(base58_encode((const uint8_t *)"", 0, out, 1), 0);
	assert_int_equal(base58_encode((const uint8_t *)"", 0, out, 0), -1);
}

UNIT_TEST(test_decode_rejects)
{
	UNUSED(state);
	uint8_t out[300];
	/* 0, O, I and l are not in the alphabet; nor is anything else. */
	static const char *const bad[] = {"0",	     "O", "I",	 "l",	     "2NEpo7TZRRrLZSi2U0",
					  "abc def", "+", "a-b", "\xc3\xa9", "z\n",
					  "-1"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (base58_decode(bad[i], out, sizeof(out)) != -1)
			fail_msg("\"%s\" decoded", bad[i]);

	/* The output must hold the zeros and the value. */
	assert_int_equal(base58_decode("11233QC4", out, 6), 6);
	assert_int_equal(base58_decode("11233QC4", out, 5), -1);
	assert_int_equal(base58_decode("111", out, 3), 3);
	assert_int_equal(base58_decode("111", out, 2), -1);
	assert_int_equal(base58_decode("", out, 0), 0);

	/* A number longer than 256 bytes is refused, however large the
	 * buffer: 400 'z' are some 293 bytes. */
	char big[401];
	memset(big, 'z', 400);
	big[400] = '\0';
	uint8_t *huge = malloc(1000);
	assert_non_null(huge);
	assert_int_equal(base58_decode(big, huge, 1000), -1);
	/* 349 'z' (58^349 - 1) is still within it. */
	big[349] = '\0';
	int n = base58_decode(big, huge, 1000);
	assert_true(n > 250 && n <= 256);
	free(huge);
}

UNIT_TEST(test_multikey)
{
	UNUSED(state);
	uint8_t pk[32], back[32];
	char text[MULTIKEY_TEXT_MAX];
	for (int i = 0; i < 32; i++)
		pk[i] = (uint8_t)i;
	assert_int_equal(multikey_encode(pk, text), 0);
	assert_string_equal(text, "z6MkeTGwHmLmuCmgg4ABYhzWVh6ZX7hTwWt8gguAretUfc9c");
	assert_int_equal(multikey_decode(text, back), 0);
	assert_memory_equal(back, pk, 32);

	/* Every Ed25519 key is "z6Mk" and 48 characters, the extremes too. */
	memset(pk, 0, sizeof(pk));
	assert_int_equal(multikey_encode(pk, text), 0);
	assert_string_equal(text, "z6MkeTG3bFFSLYVU7VqhgZxqr6YzpaGrQtFMh1uvqGy1vDnP");
	memset(pk, 0xff, sizeof(pk));
	assert_int_equal(multikey_encode(pk, text), 0);
	assert_string_equal(text, "z6MkwgaR63138bEEgad7uk993KMX54vBA6KTB4sFhCPnSB2e");
	for (int round = 0; round < 200; round++) {
		bytes_random(pk, sizeof(pk));
		assert_int_equal(multikey_encode(pk, text), 0);
		assert_int_equal(strlen(text), 48);
		assert_memory_equal(text, "z6Mk", 4);
		assert_int_equal(multikey_decode(text, back), 0);
		assert_memory_equal(back, pk, 32);
	}
}

/* Base58 of prefix || n bytes of value, with a "z" in front. */
static void multibase_of(char *out, size_t size, uint8_t p0, uint8_t p1, size_t n, uint8_t value)
{
	uint8_t buf[64] = {p0, p1};
	memset(buf + 2, value, n);
	out[0] = 'z';
	assert_true(base58_encode(buf, 2 + n, out + 1, size - 1) > 0);
}

UNIT_TEST(test_multikey_rejects)
{
	UNUSED(state);
	uint8_t pk[32];
	char text[100];
	memset(pk, 0x77, sizeof(pk));
	/* Nothing, or not base58btc multibase ('u' is base64url). */
	assert_int_equal(multikey_decode(NULL, pk), -1);
	assert_int_equal(multikey_decode("", pk), -1);
	assert_int_equal(multikey_decode("z", pk), -1);
	assert_int_equal(multikey_decode("6MkeTGwHmLmuCmgg4ABYhzWVh6ZX7hTwWt8gguAretUfc9c", pk),
			 -1);
	assert_int_equal(multikey_decode("u6MkeTGwHmLmuCmgg4ABYhzWVh6ZX7hTwWt8gguAretUfc9c", pk),
			 -1);
	assert_int_equal(multikey_decode("z6MkeTGwHmLmuCmgg4ABYhzWVh6ZX7hTwWt8gguAretUfc90", pk),
			 -1);
	/* A key one byte short or long. */
	multibase_of(text, sizeof(text), 0xed, 0x01, 31, 0x42);
	assert_int_equal(multikey_decode(text, pk), -1);
	multibase_of(text, sizeof(text), 0xed, 0x01, 33, 0x42);
	assert_int_equal(multikey_decode(text, pk), -1);
	/* Another multicodec: X25519 (0xec) and secp256k1 (0xe7). */
	multibase_of(text, sizeof(text), 0xec, 0x01, 32, 0x42);
	assert_int_equal(multikey_decode(text, pk), -1);
	multibase_of(text, sizeof(text), 0xe7, 0x01, 32, 0x42);
	assert_int_equal(multikey_decode(text, pk), -1);
	multibase_of(text, sizeof(text), 0xed, 0x02, 32, 0x42);
	assert_int_equal(multikey_decode(text, pk), -1);
	/* A failed decode leaves the key alone. */
	for (int i = 0; i < 32; i++)
		assert_int_equal(pk[i], 0x77);
	/* The same bytes with the right prefix are a key. */
	multibase_of(text, sizeof(text), 0xed, 0x01, 32, 0x42);
	assert_int_equal(multikey_decode(text, pk), 0);
	assert_int_equal(pk[0], 0x42);
	assert_int_equal(pk[31], 0x42);
}

UNIT_MAIN()
