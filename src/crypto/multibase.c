#include "core/base.h"
#include "crypto/multibase.h"

static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* 58^9: the largest power of 58 whose product with 256 still fits in 64
 * bits, so the number is carried in limbs of nine base-58 digits each and
 * a byte costs one multiply per limb rather than one per digit. */
#define B58_LIMB	7427658739644928ull
#define B58_LIMB_DIGITS 9

int base58_encode(const uint8_t *in, size_t n, char *out, size_t size)
{
	size_t zeros = 0;
	while (zeros < n && !in[zeros])
		zeros++;
	/* 9 base-58 digits carry 52.7 bits: 256 input bytes need 39 limbs. */
	uint64_t limbs[48];
	if (n - zeros > 256)
		return -1;
	size_t nl = 0;
	for (size_t i = zeros; i < n; i++) {
		uint64_t carry = in[i];
		for (size_t j = 0; j < nl; j++) {
			uint64_t x = limbs[j] * 256 + carry;
			limbs[j] = x % B58_LIMB;
			carry = x / B58_LIMB;
		}
		while (carry) {
			limbs[nl++] = carry % B58_LIMB;
			carry /= B58_LIMB;
		}
	}
	/* Base-58 digits, least significant first: nine per limb, the top
	 * limb without its leading zeros. */
	uint8_t digits[48 * B58_LIMB_DIGITS];
	size_t len = 0;
	for (size_t j = 0; j < nl; j++) {
		uint64_t v = limbs[j];
		for (int k = 0; k < B58_LIMB_DIGITS && (j + 1 < nl || v); k++) {
			digits[len++] = (uint8_t)(v % 58);
			v /= 58;
		}
	}
	if (zeros + len + 1 > size)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < zeros; i++)
		out[o++] = '1';
	while (len)
		out[o++] = alphabet[digits[--len]];
	out[o] = '\0';
	return (int)o;
}

/* A character's value in the alphabet, or -1. */
static int b58_value(unsigned char c)
{
	if (c >= '1' && c <= '9')
		return c - '1';
	if (c >= 'A' && c <= 'H')
		return c - 'A' + 9;
	if (c >= 'J' && c <= 'N')
		return c - 'J' + 17;
	if (c >= 'P' && c <= 'Z')
		return c - 'P' + 22;
	if (c >= 'a' && c <= 'k')
		return c - 'a' + 33;
	if (c >= 'm' && c <= 'z')
		return c - 'm' + 44;
	return -1;
}

int base58_decode(const char *in, uint8_t *out, size_t size)
{
	size_t zeros = 0;
	while (in[zeros] == '1')
		zeros++;
	/* The number in 32-bit limbs, least significant first (at most 256
	 * bytes, as before). */
	uint32_t limbs[64];
	size_t nl = 0;
	for (const char *p = in + zeros; *p; p++) {
		int v = b58_value((unsigned char)*p);
		if (v < 0)
			return -1;
		uint64_t carry = (uint64_t)v;
		for (size_t j = 0; j < nl; j++) {
			uint64_t x = (uint64_t)limbs[j] * 58 + carry;
			limbs[j] = (uint32_t)x;
			carry = x >> 32;
		}
		while (carry) {
			if (nl == ARRAY_SIZE(limbs))
				return -1;
			limbs[nl++] = (uint32_t)carry;
			carry >>= 32;
		}
	}
	size_t len = nl * 4;
	while (len && !((limbs[(len - 1) / 4] >> (8 * ((len - 1) % 4))) & 0xff))
		len--;
	if (zeros + len > size)
		return -1;
	memset(out, 0, zeros);
	for (size_t i = 0; i < len; i++) {
		size_t k = len - 1 - i; /* byte k of the number, little-endian */
		out[zeros + i] = (uint8_t)(limbs[k / 4] >> (8 * (k % 4)));
	}
	return (int)(zeros + len);
}

int multikey_encode(const uint8_t pk[32], char out[MULTIKEY_TEXT_MAX])
{
	uint8_t buf[34] = {0xed, 0x01};
	memcpy(buf + 2, pk, 32);
	out[0] = 'z';
	return base58_encode(buf, sizeof(buf), out + 1, MULTIKEY_TEXT_MAX - 1) < 0 ? -1 : 0;
}

int multikey_decode(const char *text, uint8_t pk[32])
{
	uint8_t buf[40];
	if (!text || text[0] != 'z')
		return -1;
	if (base58_decode(text + 1, buf, sizeof(buf)) != 34 || buf[0] != 0xed || buf[1] != 0x01)
		return -1;
	memcpy(pk, buf + 2, 32);
	return 0;
}
