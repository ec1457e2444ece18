/*
 * ed25519.c: libsodium's Ed25519 and secretbox behind ed25519.h.
 */
#include "core/base.h"
#include "core/err.h"
#include "crypto/ed25519.h"

#include <sodium.h>

#define SEAL_PREFIX "v1."
#define SEED_BYTES  crypto_sign_SEEDBYTES
#define BOX_BYTES   (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SEED_BYTES)

_Static_assert(ED25519_SECRET_BYTES == crypto_sign_SECRETKEYBYTES, "Ed25519 secret key size");
_Static_assert(ED25519_SIG_BYTES == crypto_sign_BYTES, "Ed25519 signature size");
_Static_assert(sizeof(SEAL_PREFIX) - 1 +
			       sodium_base64_ENCODED_LEN(
				       BOX_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING) <=
		       ED25519_SEALED_MAX,
	       "a sealed seed fits ED25519_SEALED_MAX");

int ed25519_init(void)
{
	return sodium_init() < 0 ? ERR_INTERNAL : ERR_OK;
}

/* The sealing key of one public key: its first 8 bytes pick the sub-key. */
static int seal_key(const char ctx[SECRET_CONTEXT_LEN], const uint8_t pk[32],
		    unsigned char key[crypto_secretbox_KEYBYTES])
{
	uint64_t id = 0;
	for (int i = 0; i < 8; i++)
		id |= (uint64_t)pk[i] << (8 * i);
	return secret_derive(ctx, id, key) ? ERR_RETRY : ERR_OK;
}

int ed25519_generate_sealed(const char ctx[SECRET_CONTEXT_LEN], uint8_t pk[32],
			    char sealed[ED25519_SEALED_MAX])
{
	if (!secret_available())
		return ERR_RETRY;
	uint8_t seed[SEED_BYTES], sk[64];
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_BYTES];
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(sk, sizeof(sk));
	if (seal_key(ctx, pk, key)) {
		sodium_memzero(seed, sizeof(seed));
		return ERR_RETRY;
	}
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, seed, sizeof(seed), box, key);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(key, sizeof(key));
	memcpy(sealed, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1);
	sodium_bin2base64(sealed + sizeof(SEAL_PREFIX) - 1,
			  ED25519_SEALED_MAX - (sizeof(SEAL_PREFIX) - 1), box, BOX_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return ERR_OK;
}

int ed25519_open_sealed(const char ctx[SECRET_CONTEXT_LEN], const uint8_t pk[32],
			const char *sealed, uint8_t sk[64])
{
	if (!sealed || strncmp(sealed, SEAL_PREFIX, sizeof(SEAL_PREFIX) - 1))
		return ERR_INVALID;
	sealed += sizeof(SEAL_PREFIX) - 1;
	unsigned char box[BOX_BYTES + 8];
	size_t blen = 0;
	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &blen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    blen != BOX_BYTES)
		return ERR_INVALID;
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (seal_key(ctx, pk, key))
		return ERR_RETRY;
	uint8_t seed[SEED_BYTES], mine[32];
	int rc = crypto_secretbox_open_easy(seed, box + crypto_secretbox_NONCEBYTES,
					    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc)
		return ERR_INVALID;
	crypto_sign_seed_keypair(mine, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	if (sodium_memcmp(mine, pk, sizeof(mine))) {
		sodium_memzero(sk, 64);
		return ERR_INVALID;
	}
	return ERR_OK;
}

int ed25519_derive(const char ctx[SECRET_CONTEXT_LEN], uint64_t id, uint8_t pk[32], uint8_t sk[64])
{
	_Static_assert(SEED_BYTES == 32, "a derived sub-key is a seed");
	unsigned char seed[SEED_BYTES];
	if (!secret_available() || secret_derive(ctx, id, seed))
		return ERR_RETRY;
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	return ERR_OK;
}

void ed25519_sign(uint8_t sig[64], const void *msg, size_t n, const uint8_t sk[64])
{
	crypto_sign_detached(sig, NULL, msg, n, sk);
}

bool ed25519_verify(const uint8_t sig[64], const void *msg, size_t n, const uint8_t pk[32])
{
	return crypto_sign_verify_detached(sig, msg, n, pk) == 0;
}

void ed25519_keypair(uint8_t pk[32], uint8_t sk[64])
{
	crypto_sign_keypair(pk, sk);
}
