/*
 * ed25519.h: Ed25519 keys whose secret half is kept sealed under the server
 * secret (secret.h), for the layers that must not call libsodium (the
 * signing keys of school records, src/domain/records/signing_key.c).
 *
 * A key is made from a random 32-byte seed. The seed is sealed with
 * XSalsa20-Poly1305 (libsodium's secretbox) under the sub-key
 * secret_derive(ctx, id), where id is the public key's first 8 bytes read
 * little-endian, so a sealed seed copied into another key's row does not
 * open. The sealed form is "v1." + base64url(nonce || box), unpadded: it is
 * stored, so it never changes.
 */
#ifndef TABULA_CRYPTO_ED25519_H
#define TABULA_CRYPTO_ED25519_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"

#define ED25519_PUBLIC_BYTES 32
#define ED25519_SECRET_BYTES 64 /* the seed, then the public key */
#define ED25519_SIG_BYTES    64
/* "v1." + base64url of a 72-byte box, and a NUL. */
#define ED25519_SEALED_MAX 100

/* Make the library ready (any number of times, from any thread): ERR_OK,
 * or ERR_INTERNAL when it cannot be used. The server does it in
 * crypto_init; a command that only signs or verifies calls this. */
int ed25519_init(void) __attribute__((warn_unused_result));

/*
 * A new key: its public key into pk, its seed sealed into `sealed`
 * (NUL-terminated). The seed never leaves this call unsealed. ERR_RETRY
 * when no server secret is loaded.
 */
int ed25519_generate_sealed(const char ctx[SECRET_CONTEXT_LEN], uint8_t pk[ED25519_PUBLIC_BYTES],
			    char sealed[ED25519_SEALED_MAX]) __attribute__((warn_unused_result));

/*
 * Open the sealed seed of the key pk into its secret key sk; the caller
 * wipes sk (bytes_wipe) once it has signed. ERR_INVALID when the text is
 * not a sealed seed, does not open under this secret or is not pk's seed;
 * ERR_RETRY when no server secret is loaded.
 */
int ed25519_open_sealed(const char ctx[SECRET_CONTEXT_LEN], const uint8_t pk[ED25519_PUBLIC_BYTES],
			const char *sealed, uint8_t sk[ED25519_SECRET_BYTES])
	__attribute__((warn_unused_result));

/*
 * The key pair of a purpose derived from the server secret alone, with no
 * stored part: its seed is secret_derive(ctx, id), so every process that
 * holds the secret file has the same key and a new secret file gives a new
 * key. The caller wipes sk (bytes_wipe). ERR_RETRY when no server secret is
 * loaded.
 */
int ed25519_derive(const char ctx[SECRET_CONTEXT_LEN], uint64_t id,
		   uint8_t pk[ED25519_PUBLIC_BYTES], uint8_t sk[ED25519_SECRET_BYTES])
	__attribute__((warn_unused_result));

/* A detached signature of n bytes, and its check (true: valid). */
void ed25519_sign(uint8_t sig[ED25519_SIG_BYTES], const void *msg, size_t n,
		  const uint8_t sk[ED25519_SECRET_BYTES]);
bool ed25519_verify(const uint8_t sig[ED25519_SIG_BYTES], const void *msg, size_t n,
		    const uint8_t pk[ED25519_PUBLIC_BYTES]);

/* A fresh key pair held in memory only (tests, benchmarks). */
void ed25519_keypair(uint8_t pk[ED25519_PUBLIC_BYTES], uint8_t sk[ED25519_SECRET_BYTES]);

#endif
