/*
 * hash.h: the hash functions Tabula uses, for the layers that must not call
 * libsodium themselves: BLAKE2b-256 (the audit chain, digests of our own
 * data), SHA-256 (digests others recompute: a credential's, a file's),
 * SipHash (keyed hash of table keys an attacker may choose).
 */
#ifndef TABULA_CRYPTO_HASH_H
#define TABULA_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_BYTES 32

/* BLAKE2b-256, incremental. The state is opaque and large enough. */
struct hash_state {
	_Alignas(64) unsigned char opaque[384];
};
void hash_init(struct hash_state *s);
void hash_update(struct hash_state *s, const void *p, size_t n);
void hash_final(struct hash_state *s, uint8_t out[HASH_BYTES]);
/* BLAKE2b-256 of one buffer. */
void hash_blake2b(uint8_t out[HASH_BYTES], const void *p, size_t n);

/* SHA-256 of one buffer. */
void hash_sha256(uint8_t out[HASH_BYTES], const void *p, size_t n);

/* A keyed 64-bit hash (SipHash-2-4) and a fresh random key for it. */
#define HASH_SHORT_KEY_BYTES 16
void hash_short_key(uint8_t key[HASH_SHORT_KEY_BYTES]);
uint64_t hash_short(const void *p, size_t n, const uint8_t key[HASH_SHORT_KEY_BYTES]);

#endif
