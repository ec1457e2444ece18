/* Unit tests of src/crypto/password.c. Each hash costs tens of
 * milliseconds on purpose, so the tests hash only a handful of times. */
#include "unit.h"

#include "core/err.h"
#include "crypto/password.h"

#define PW "correct horse battery staple"

static int group_setup(void **state)
{
	UNUSED(state);
	return crypto_init(2) == ERR_OK ? 0 : -1;
}

UNIT_TEST(test_round_trip)
{
	UNUSED(state);
	char hash[PASSWORD_HASH_MAX];
	memset(hash, 'x', sizeof(hash));
	assert_int_equal(password_hash(PW, strlen(PW), hash), ERR_OK);
	assert_non_null(memchr(hash, '\0', sizeof(hash)));
	assert_int_equal(password_verify(hash, PW, strlen(PW)), ERR_OK);

	/* Wrong, truncated, extended and case-changed passwords. */
	assert_int_equal(password_verify(hash, "wrong password", 14), ERR_UNAUTHORIZED);
	assert_int_equal(password_verify(hash, PW, strlen(PW) - 1), ERR_UNAUTHORIZED);
	assert_int_equal(password_verify(hash, PW "!", strlen(PW) + 1), ERR_UNAUTHORIZED);
	assert_int_equal(password_verify(hash, "Correct horse battery staple", strlen(PW)),
			 ERR_UNAUTHORIZED);
	assert_int_equal(password_verify(hash, "", 0), ERR_UNAUTHORIZED);
}

/* The length is honoured: bytes past len are not part of the password, and
 * a NUL inside is. */
UNIT_TEST(test_length_is_explicit)
{
	UNUSED(state);
	char hash[PASSWORD_HASH_MAX];
	static const char pw[] = "abc\0defgh";
	assert_int_equal(password_hash(pw, sizeof(pw) - 1, hash), ERR_OK);
	assert_int_equal(password_verify(hash, pw, sizeof(pw) - 1), ERR_OK);
	assert_int_equal(password_verify(hash, "abc", 3), ERR_UNAUTHORIZED);
	assert_int_equal(password_verify(hash, "abc\0defgX", sizeof(pw) - 1), ERR_UNAUTHORIZED);
}

/* The PHC string fixes the algorithm and the DESIGN.md parameters; hashes
 * are salted, so the same password hashes differently each time. */
UNIT_TEST(test_hash_format)
{
	UNUSED(state);
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash(PW, strlen(PW), a), ERR_OK);
	assert_int_equal(password_hash(PW, strlen(PW), b), ERR_OK);
	static const char prefix[] = "$argon2id$v=19$m=19456,t=2,p=1$";
	assert_memory_equal(a, prefix, sizeof(prefix) - 1);
	assert_memory_equal(b, prefix, sizeof(prefix) - 1);
	assert_string_not_equal(a, b);
	assert_int_equal(password_verify(b, PW, strlen(PW)), ERR_OK);
	assert_null(strstr(a, PW));
}

UNIT_TEST(test_garbage_hash)
{
	UNUSED(state);
	assert_int_equal(password_verify("", PW, strlen(PW)), ERR_UNAUTHORIZED);
	assert_int_equal(password_verify("not a hash", PW, strlen(PW)), ERR_UNAUTHORIZED);
	assert_int_equal(
		password_verify("$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB", PW, strlen(PW)),
		ERR_UNAUTHORIZED);
	/* The dummy check returns normally whatever it is given. */
	password_verify_dummy(PW, strlen(PW));
	password_verify_dummy("", 0);
}

int main(void)
{
	return unit_run(LOG_WARN, group_setup, NULL);
}
