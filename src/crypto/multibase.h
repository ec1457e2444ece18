/*
 * multibase.h: base58btc ("z" multibase) and Ed25519 multikeys, as used by
 * Data Integrity proofs (proofValue) and did:key verification methods.
 */
#ifndef TABULA_CRYPTO_MULTIBASE_H
#define TABULA_CRYPTO_MULTIBASE_H

#include <stddef.h>
#include <stdint.h>

/* "z6Mk..." is 48 characters; a 64-byte signature is at most 89. */
#define MULTIKEY_TEXT_MAX 64
#define MULTIBASE_SIG_MAX 100

/* Base58 (Bitcoin alphabet) of n bytes into out, NUL-terminated; -1 if out
 * is too small, else the length. */
int base58_encode(const uint8_t *in, size_t n, char *out, size_t size);
/* Decode into out; -1 on a character outside the alphabet or if out is too
 * small, else the number of bytes. */
int base58_decode(const char *in, uint8_t *out, size_t size);

/* "z" + base58btc(0xed 0x01 || public key) and back. */
int multikey_encode(const uint8_t pk[32], char out[MULTIKEY_TEXT_MAX]);
int multikey_decode(const char *text, uint8_t pk[32]);

#endif
