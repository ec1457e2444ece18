/* Unit tests of src/crypto/hash.c: BLAKE2b-256 and SHA-256 against published
 * vectors, the incremental BLAKE2b against the one-shot, and SipHash-2-4
 * against its reference vectors and under other keys. */
#include "unit.h"

#include "crypto/bytes.h"
#include "crypto/hash.h"

static void assert_hex(const uint8_t h[HASH_BYTES], const char *want)
{
	char hex[2 * HASH_BYTES + 1];
	bytes_hex(hex, h, HASH_BYTES);
	assert_string_equal(hex, want);
}

/* A message and the hex of its hash. */
struct vector {
	const char *msg;
	const char *hex;
};

/* fn hashes each message of v to its hex. */
static void assert_vectors(void (*fn)(uint8_t[HASH_BYTES], const void *, size_t),
			   const struct vector *v, size_t n)
{
	uint8_t h[HASH_BYTES];
	for (size_t i = 0; i < n; i++) {
		fn(h, v[i].msg, strlen(v[i].msg));
		assert_hex(h, v[i].hex);
	}
}

#define FOX "The quick brown fox jumps over the lazy dog"

/* BLAKE2b with a 32-byte output (its own parameter block, not a truncated
 * BLAKE2b-512): the values of the reference implementation, as b2sum -l 256
 * and Python's hashlib.blake2b(digest_size=32) print them. */
UNIT_TEST(test_blake2b_vectors)
{
	UNUSED(state);
	static const struct vector v[] = {
		{"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
		{"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
		{FOX, "01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9"},
	};
	assert_vectors(hash_blake2b, v, ARRAY_SIZE(v));
	uint8_t h[HASH_BYTES];
	/* A NULL pointer with no bytes is the empty input. */
	hash_blake2b(h, NULL, 0);
	assert_hex(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

/* Split anywhere, in any number of pieces, the incremental hash is the
 * one-shot hash. */
UNIT_TEST(test_blake2b_incremental)
{
	UNUSED(state);
	uint8_t one[HASH_BYTES], inc[HASH_BYTES];
	const size_t n = strlen(FOX);
	hash_blake2b(one, FOX, n);
	for (size_t cut = 0; cut <= n; cut++) {
		struct hash_state s;
		hash_init(&s);
		hash_update(&s, FOX, cut);
		hash_update(&s, "", 0);
		hash_update(&s, &FOX[cut], n - cut);
		hash_final(&s, inc);
		assert_memory_equal(inc, one, HASH_BYTES);
	}

	/* Byte by byte, over more than one 128-byte block. */
	uint8_t big[1000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	hash_blake2b(one, big, sizeof(big));
	struct hash_state s;
	hash_init(&s);
	for (size_t i = 0; i < sizeof(big); i++)
		hash_update(&s, big + i, 1);
	hash_final(&s, inc);
	assert_memory_equal(inc, one, HASH_BYTES);

	/* A fresh init forgets what came before. */
	hash_init(&s);
	hash_update(&s, "xyz", 3);
	hash_init(&s);
	hash_update(&s, "abc", 3);
	hash_final(&s, inc);
	assert_hex(inc, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");

	/* One byte more or one changed gives another hash. */
	hash_blake2b(one, FOX, n);
	hash_blake2b(inc, FOX ".", n + 1);
	assert_memory_not_equal(inc, one, HASH_BYTES);
	hash_blake2b(inc, "the quick brown fox jumps over the lazy dog", n);
	assert_memory_not_equal(inc, one, HASH_BYTES);
}

/* FIPS 180-2 appendix B.1 and the empty message. */
UNIT_TEST(test_sha256)
{
	UNUSED(state);
	static const struct vector v[] = {
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		/* B.2: two blocks. */
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	assert_vectors(hash_sha256, v, ARRAY_SIZE(v));
	/* Not BLAKE2b under another name. */
	uint8_t h[HASH_BYTES], b[HASH_BYTES];
	hash_sha256(h, "abc", 3);
	hash_blake2b(b, "abc", 3);
	assert_memory_not_equal(b, h, HASH_BYTES);
}

/* The value as the bytes SipHash outputs, whatever the host's byte order. */
static void short_bytes(uint8_t out[8], const void *p, size_t n, const uint8_t *key)
{
	uint64_t v = hash_short(p, n, key);
	memcpy(out, &v, 8);
}

/* The SipHash paper's reference vectors: key 00..0f, input 00..(n-1). */
UNIT_TEST(test_siphash_vectors)
{
	UNUSED(state);
	uint8_t key[HASH_SHORT_KEY_BYTES], in[64], out[8];
	for (int i = 0; i < HASH_SHORT_KEY_BYTES; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		in[i] = (uint8_t)i;
	short_bytes(out, in, 0, key);
	assert_memory_equal(out, "\x31\x0e\x0e\xdd\x47\xdb\x6f\x72", 8);
	short_bytes(out, in, 15, key);
	assert_memory_equal(out, "\xe5\x45\xbe\x49\x61\xca\x29\xa1", 8);
	short_bytes(out, in, 63, key);
	assert_memory_equal(out, "\x72\x45\x06\xeb\x4c\x32\x8a\x95", 8);
}

UNIT_TEST(test_siphash_keyed)
{
	UNUSED(state);
	uint8_t k1[HASH_SHORT_KEY_BYTES], k2[HASH_SHORT_KEY_BYTES];
	hash_short_key(k1);
	hash_short_key(k2);
	/* Two fresh keys differ (2^-128 chances of a false failure). */
	assert_memory_not_equal(k1, k2, sizeof(k1));

	const char *s = "student:4211";
	uint64_t a = hash_short(s, strlen(s), k1);
	/* Same key, same input: same value. */
	assert_true(hash_short(s, strlen(s), k1) == a);
	/* Another key: another value (2^-64 chances of a false failure). */
	assert_true(hash_short(s, strlen(s), k2) != a);
	/* Another input, a prefix, one more byte: other values. */
	assert_true(hash_short("student:4212", 12, k1) != a);
	assert_true(hash_short(s, strlen(s) - 1, k1) != a);
	assert_true(hash_short("student:42110", 13, k1) != a);
	/* One key bit changes the value. */
	memcpy(k2, k1, sizeof(k1));
	k2[15] ^= 0x80;
	assert_true(hash_short(s, strlen(s), k2) != a);
}

UNIT_MAIN()
