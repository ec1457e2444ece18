#include "core/base.h"
#include "crypto/totp.h"

#include <nettle/hmac.h>
#include <sodium.h>

uint32_t totp_hotp(enum totp_alg alg, const unsigned char *key, size_t keylen, uint64_t counter,
		   int digits)
{
	uint8_t msg[8];
	for (int i = 7; i >= 0; i--) {
		msg[i] = (uint8_t)(counter & 0xff);
		counter >>= 8;
	}
	uint8_t mac[SHA512_DIGEST_SIZE];
	size_t maclen;
	switch (alg) {
	case TOTP_SHA256: {
		struct hmac_sha256_ctx c;
		hmac_sha256_set_key(&c, keylen, key);
		hmac_sha256_update(&c, sizeof(msg), msg);
		hmac_sha256_digest(&c, SHA256_DIGEST_SIZE, mac);
		maclen = SHA256_DIGEST_SIZE;
		break;
	}
	case TOTP_SHA512: {
		struct hmac_sha512_ctx c;
		hmac_sha512_set_key(&c, keylen, key);
		hmac_sha512_update(&c, sizeof(msg), msg);
		hmac_sha512_digest(&c, SHA512_DIGEST_SIZE, mac);
		maclen = SHA512_DIGEST_SIZE;
		break;
	}
	case TOTP_SHA1:
	default: {
		struct hmac_sha1_ctx c;
		hmac_sha1_set_key(&c, keylen, key);
		hmac_sha1_update(&c, sizeof(msg), msg);
		hmac_sha1_digest(&c, SHA1_DIGEST_SIZE, mac);
		maclen = SHA1_DIGEST_SIZE;
		break;
	}
	}
	/* RFC 4226 dynamic truncation. */
	unsigned off = mac[maclen - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	sodium_memzero(mac, sizeof(mac));
	return bin % mod;
}

void totp_at(enum totp_alg alg, const unsigned char *key, size_t keylen, int64_t t, int step,
	     int digits, char out[10])
{
	uint32_t v = totp_hotp(alg, key, keylen, (uint64_t)(t / step), digits);
	snprintf(out, 10, "%0*" PRIu32, digits, v);
}

int64_t totp_check(const unsigned char *key, size_t keylen, int64_t now, const char *code)
{
	if (!code || strlen(code) != TOTP_DIGITS)
		return 0;
	for (const char *p = code; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	int64_t step = now / TOTP_STEP, found = 0;
	for (int64_t s = step - 1; s <= step + 1; s++) {
		char want[10];
		totp_at(TOTP_SHA1, key, keylen, s * TOTP_STEP, TOTP_STEP, TOTP_DIGITS, want);
		bool eq = sodium_memcmp(want, code, TOTP_DIGITS) == 0;
		found = eq && !found ? s : found;
	}
	return found;
}

void totp_base32(const unsigned char *in, size_t len, char out[TOTP_BASE32_MAX])
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len && o + 2 < TOTP_BASE32_MAX; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}
