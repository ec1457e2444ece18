/*
 * bytes.c: libsodium's helpers behind bytes.h.
 */
#include "core/base.h"
#include "crypto/bytes.h"

#include <sodium.h>

void bytes_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

bool bytes_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

bool bytes_equal_str(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

void bytes_random(void *out, size_t n)
{
	randombytes_buf(out, n);
}

uint32_t bytes_random_below(uint32_t upper)
{
	return randombytes_uniform(upper);
}

void bytes_hex(char *out, const uint8_t *in, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

int bytes_unhex(uint8_t *out, size_t cap, const char *hex, size_t len)
{
	size_t got = 0;
	if (len % 2 || len / 2 > cap)
		return -1;
	if (sodium_hex2bin(out, cap, hex, len, NULL, &got, NULL) || got != len / 2)
		return -1;
	return 0;
}

size_t bytes_b64_len(size_t n)
{
	return sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void bytes_b64(char *out, size_t outcap, const uint8_t *in, size_t n)
{
	sodium_bin2base64(out, outcap, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

long bytes_unb64(uint8_t *out, size_t cap, const char *in, size_t len)
{
	size_t got = 0;
	if (sodium_base642bin(out, cap, in, len, NULL, &got, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	return (long)got;
}
