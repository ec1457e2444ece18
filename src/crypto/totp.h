/*
 * totp.h: time-based one-time passwords (RFC 6238 over RFC 4226 HOTP).
 *
 * Tabula uses what every authenticator app understands: HMAC-SHA-1, a 30 s
 * step, 6 digits, a 20-byte secret shown in base32. SHA-256 and SHA-512 and
 * 8 digits exist for the RFC's test vectors. libsodium has no SHA-1, so the
 * HMACs come from nettle.
 */
#ifndef TABULA_CRYPTO_TOTP_H
#define TABULA_CRYPTO_TOTP_H

#define TOTP_SECRET_BYTES 20
#define TOTP_STEP	  30
#define TOTP_DIGITS	  6
#define TOTP_BASE32_MAX	  64 /* base32 of up to 39 bytes, and NUL */

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

/* HOTP value of counter: `digits` (6..9) decimal digits. */
uint32_t totp_hotp(enum totp_alg alg, const unsigned char *key, size_t keylen, uint64_t counter,
		   int digits);
/* The code at Unix time t with the given step, as text with leading zeros. */
void totp_at(enum totp_alg alg, const unsigned char *key, size_t keylen, int64_t t, int step,
	     int digits, char out[10]);

/* Check a typed 6-digit SHA-1 code against the steps now-1 .. now+1 (clock
 * drift). Returns the matching time step (> 0), or 0. Constant time over
 * the three candidates. */
int64_t totp_check(const unsigned char *key, size_t keylen, int64_t now, const char *code);

/* RFC 4648 base32 without padding, upper case. */
void totp_base32(const unsigned char *in, size_t len, char out[TOTP_BASE32_MAX]);

#endif
