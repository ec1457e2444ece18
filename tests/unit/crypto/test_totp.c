/* Unit tests of src/crypto/totp.c (RFC 6238 appendix B vectors), of the
 * one-time codes (src/crypto/code.c) and of sealing with the server secret
 * (src/crypto/secret.c). */
#include "unit.h"

#include "core/err.h"
#include "crypto/code.h"
#include "crypto/secret.h"
#include "crypto/totp.h"

#include <sodium.h>
#include <sys/stat.h>

static const unsigned char seed1[] = "12345678901234567890";
static const unsigned char seed256[] = "12345678901234567890123456789012";
static const unsigned char seed512[] =
	"1234567890123456789012345678901234567890123456789012345678901234";

UNIT_TEST(test_rfc6238_vectors)
{
	UNUSED(state);
	static const struct {
		int64_t t;
		const char *sha1, *sha256, *sha512;
	} v[] = {
		{59, "94287082", "46119246", "90693936"},
		{1111111109, "07081804", "68084774", "25091201"},
		{1111111111, "14050471", "67062674", "99943326"},
		{1234567890, "89005924", "91819424", "93441116"},
		{2000000000, "69279037", "90698825", "38618901"},
		{20000000000, "65353130", "77737706", "47863826"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char out[10];
		totp_at(TOTP_SHA1, seed1, 20, v[i].t, 30, 8, out);
		assert_string_equal(out, v[i].sha1);
		totp_at(TOTP_SHA256, seed256, 32, v[i].t, 30, 8, out);
		assert_string_equal(out, v[i].sha256);
		totp_at(TOTP_SHA512, seed512, 64, v[i].t, 30, 8, out);
		assert_string_equal(out, v[i].sha512);
	}
}

/* Six digits are the last six of the eight; drift of one step either way
 * is accepted, two steps are not, and junk never matches. */
UNIT_TEST(test_check_window)
{
	UNUSED(state);
	int64_t t = 1111111111;
	assert_int_equal(totp_check(seed1, 20, t, "050471"), t / 30);
	char prev[10], next[10], far[10];
	totp_at(TOTP_SHA1, seed1, 20, t - 30, 30, 6, prev);
	totp_at(TOTP_SHA1, seed1, 20, t + 30, 30, 6, next);
	totp_at(TOTP_SHA1, seed1, 20, t + 90, 30, 6, far);
	assert_int_equal(totp_check(seed1, 20, t, prev), t / 30 - 1);
	assert_int_equal(totp_check(seed1, 20, t, next), t / 30 + 1);
	assert_int_equal(totp_check(seed1, 20, t, far), 0);
	assert_int_equal(totp_check(seed1, 20, t, "05047"), 0);
	assert_int_equal(totp_check(seed1, 20, t, "0504710"), 0);
	assert_int_equal(totp_check(seed1, 20, t, "05047a"), 0);
	assert_int_equal(totp_check(seed1, 20, t, ""), 0);
	assert_int_equal(totp_check(seed1, 20, t, NULL), 0);
}

UNIT_TEST(test_base32)
{
	UNUSED(state);
	char out[TOTP_BASE32_MAX];
	/* RFC 4648 section 10, without padding. */
	totp_base32((const unsigned char *)"foobar", 6, out);
	assert_string_equal(out, "MZXW6YTBOI");
	totp_base32((const unsigned char *)"f", 1, out);
	assert_string_equal(out, "MY");
	totp_base32(seed1, 20, out);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

UNIT_TEST(test_codes)
{
	UNUSED(state);
	char a[CODE_TEXT_MAX], b[CODE_TEXT_MAX], c1[CODE_CHARS + 1], c2[CODE_CHARS + 1];
	code_new(a);
	code_new(b);
	assert_int_equal(strlen(a), 14);
	assert_int_equal(a[4], '-');
	assert_int_equal(a[9], '-');
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_true(*p == '-' || strchr(code_alphabet, *p));
	assert_true(code_normalise(a, c1));
	/* Lower case, spaces and no hyphens are the same code. */
	char typed[32];
	snprintf(typed, sizeof(typed), " %.4s %.4s%.4s ", a, a + 5, a + 10);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	assert_true(code_normalise(typed, c2));
	assert_string_equal(c1, c2);
	/* Look-alikes, short and long input are refused. */
	assert_false(code_normalise("OOOO-1111-IIII", c2));
	assert_false(code_normalise("2345-6789-ABC", c2));
	assert_false(code_normalise("2345-6789-ABCDE", c2));
	/* The hash binds the user name. */
	assert_true(code_normalise(typed, c2));
	char h1[CODE_HASH_HEX], h2[CODE_HASH_HEX], h3[CODE_HASH_HEX];
	code_hash("amir", c1, h1);
	code_hash("amir", c2, h2);
	code_hash("amira", c1, h3);
	assert_string_equal(h1, h2);
	assert_string_not_equal(h1, h3);
	assert_int_equal(strlen(h1), 64);
}

UNIT_TEST(test_secret_seal)
{
	UNUSED(state);
	char err[256];
	unsigned char out[64];
	size_t n = 0;
	char *sealed = NULL;
	assert_false(secret_available());
	assert_int_equal(secret_seal("totp____", seed1, 20, &sealed), ERR_INVALID);

	char path[] = "/tmp/tabula-secret-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "short", 5), 5);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO); /* too short */
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	assert_int_equal(write(fd, raw, sizeof(raw)), (ssize_t)sizeof(raw));
	close(fd);
	chmod(path, 0644);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO); /* world-readable */
	chmod(path, 0600);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_OK);
	unlink(path);

	assert_int_equal(secret_seal("totp____", seed1, 20, &sealed), ERR_OK);
	assert_memory_equal(sealed, "v1.", 3);
	assert_null(strstr(sealed, (const char *)seed1));
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_OK);
	assert_int_equal(n, 20);
	assert_memory_equal(out, seed1, 20);
	/* Another purpose's key, a changed byte, garbage: refused. */
	assert_int_equal(secret_open("signkey_", sealed, out, sizeof(out), &n), ERR_INVALID);
	sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_INVALID);
	assert_int_equal(secret_open("totp____", "v1.!!", out, sizeof(out), &n), ERR_INVALID);
	assert_int_equal(secret_open("totp____", "plain", out, sizeof(out), &n), ERR_INVALID);
	free(sealed);
	secret_unload();
	assert_false(secret_available());
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
