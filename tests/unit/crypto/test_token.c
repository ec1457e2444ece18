/* Unit tests of src/crypto/token.c. */
#include "unit.h"

#include "core/err.h"
#include "crypto/password.h"
#include "crypto/token.h"

static int group_setup(void **state)
{
	UNUSED(state);
	return crypto_init(1) == ERR_OK ? 0 : -1;
}

static bool urlsafe(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_';
}

UNIT_TEST(test_token_shape)
{
	UNUSED(state);
	for (int i = 0; i < 200; i++) {
		char t[TOKEN_TEXT_MAX];
		memset(t, '#', sizeof(t));
		token_new(t);
		assert_int_equal(strlen(t), 43);
		for (size_t k = 0; k < 43; k++)
			assert_true(urlsafe(t[k]));
	}
}

/* 32 random bytes: tokens never repeat, and over many tokens every position
 * varies (a constant or counter-like token would not). */
UNIT_TEST(test_tokens_differ)
{
	UNUSED(state);
	enum { N = 64 };
	char t[N][TOKEN_TEXT_MAX];
	for (int i = 0; i < N; i++)
		token_new(t[i]);
	for (int i = 0; i < N; i++)
		for (int k = i + 1; k < N; k++)
			assert_string_not_equal(t[i], t[k]);
	/* The first 42 characters carry 6 random bits each. */
	for (size_t pos = 0; pos < 42; pos++) {
		bool varies = false;
		for (int i = 1; i < N && !varies; i++)
			varies = t[i][pos] != t[0][pos];
		assert_true(varies);
	}
}

static bool lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

UNIT_TEST(test_hash)
{
	UNUSED(state);
	char t[TOKEN_TEXT_MAX];
	token_new(t);
	char h1[TOKEN_HASH_HEX], h2[TOKEN_HASH_HEX];
	token_hash(t, strlen(t), h1);
	token_hash(t, strlen(t), h2);
	assert_int_equal(strlen(h1), 64);
	assert_true(lower_hex(h1, 64));
	assert_string_equal(h1, h2);
	assert_null(strstr(h1, t));

	/* One character apart: a different hash. */
	t[0] = t[0] == 'A' ? 'B' : 'A';
	token_hash(t, strlen(t), h2);
	assert_string_not_equal(h1, h2);

	/* Only len bytes are hashed. */
	token_hash("abcdef", 3, h1);
	token_hash("abc", 3, h2);
	assert_string_equal(h1, h2);
}

/* BLAKE2b with a 32-byte digest and no key (RFC 7693): stored hashes must
 * stay comparable across versions. */
UNIT_TEST(test_hash_known_values)
{
	UNUSED(state);
	char h[TOKEN_HASH_HEX];
	token_hash("", 0, h);
	assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	token_hash("abc", 3, h);
	assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

int main(void)
{
	return unit_run(LOG_WARN, group_setup, NULL);
}
