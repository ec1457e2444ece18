/*
 * bytes.h: small operations on secret or random bytes, for the layers that
 * must not call libsodium themselves (only src/crypto/ does).
 */
#ifndef TABULA_CRYPTO_BYTES_H
#define TABULA_CRYPTO_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zero n bytes in a way the compiler cannot drop. */
void bytes_wipe(void *p, size_t n);
/* Constant-time comparison of two n-byte buffers. */
bool bytes_equal(const void *a, const void *b, size_t n);
/* Constant-time comparison of two strings (their lengths are not secret). */
bool bytes_equal_str(const char *a, const char *b);
/* n random bytes from the operating system's generator. */
void bytes_random(void *out, size_t n);
/* A uniform random number in [0, upper). */
uint32_t bytes_random_below(uint32_t upper);

/* Lower-case hex of n bytes into out (2n+1 bytes with the NUL). */
void bytes_hex(char *out, const uint8_t *in, size_t n);
/* Decode exactly `len` hex digits into out (len/2 bytes, at most cap):
 * 0, or -1 if the text is not hex of that length. */
int bytes_unhex(uint8_t *out, size_t cap, const char *hex, size_t len);

/* URL-safe base64 without padding. The encoded length of n bytes (with the
 * NUL): */
size_t bytes_b64_len(size_t n);
void bytes_b64(char *out, size_t outcap, const uint8_t *in, size_t n);
/* Decode into out (at most cap): the number of bytes, or -1. */
long bytes_unb64(uint8_t *out, size_t cap, const char *in, size_t len);

#endif
