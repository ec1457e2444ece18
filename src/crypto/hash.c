/*
 * hash.c: libsodium's hashes behind hash.h.
 */
#include "core/base.h"
#include "crypto/hash.h"

#include <sodium.h>

_Static_assert(sizeof(struct hash_state) >= sizeof(crypto_generichash_state),
	       "hash_state holds a BLAKE2b state");
_Static_assert(HASH_SHORT_KEY_BYTES == crypto_shorthash_KEYBYTES, "SipHash key size");

void hash_init(struct hash_state *s)
{
	crypto_generichash_init((crypto_generichash_state *)(void *)s->opaque, NULL, 0, HASH_BYTES);
}

void hash_update(struct hash_state *s, const void *p, size_t n)
{
	crypto_generichash_update((crypto_generichash_state *)(void *)s->opaque, p, n);
}

void hash_final(struct hash_state *s, uint8_t out[HASH_BYTES])
{
	crypto_generichash_final((crypto_generichash_state *)(void *)s->opaque, out, HASH_BYTES);
}

void hash_blake2b(uint8_t out[HASH_BYTES], const void *p, size_t n)
{
	crypto_generichash(out, HASH_BYTES, p, n, NULL, 0);
}

void hash_sha256(uint8_t out[HASH_BYTES], const void *p, size_t n)
{
	crypto_hash_sha256(out, p, n);
}

void hash_short_key(uint8_t key[HASH_SHORT_KEY_BYTES])
{
	crypto_shorthash_keygen(key);
}

uint64_t hash_short(const void *p, size_t n, const uint8_t key[HASH_SHORT_KEY_BYTES])
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, p, n, key);
	uint64_t v;
	memcpy(&v, h, sizeof(v));
	return v;
}
