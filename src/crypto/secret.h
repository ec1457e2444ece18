/*
 * secret.h: the server secret, and values sealed with it.
 *
 * The secret is a file (config `secret_file`) of at least 32 random bytes,
 * readable only by the server's user. Purposes never share a key: each gets
 * a sub-key derived with BLAKE2b-based crypto_kdf from the secret and an
 * 8-character context ("totp____" for TOTP secrets; issue 7 derives its
 * signing keys the same way). Sealing is XChaCha20-Poly1305 with a random
 * nonce, written "v1." + base64url(nonce || ciphertext), so a database copy
 * without the file reveals nothing and a changed value is refused.
 */
#ifndef TABULA_CRYPTO_SECRET_H
#define TABULA_CRYPTO_SECRET_H

#define SECRET_CONTEXT_LEN 8

/* Read the secret file once at start. ERR_OK, ERR_IO (with a message in
 * err: missing, unreadable, too short, open to group or others). */
int secret_load(const char *path, char *err, size_t errlen);
/* True once a secret is loaded. */
bool secret_available(void);
/* Forget the secret (zeroes it). */
void secret_unload(void);

/* A 32-byte sub-key for a purpose; ERR_INVALID if no secret is loaded. */
int secret_derive(const char ctx[SECRET_CONTEXT_LEN], uint64_t id, unsigned char out[32]);

/* The most bytes a sealed value holds. */
#define SECRET_SEAL_MAX 256

/* Seal len bytes under the context's key into a NUL-terminated string in a
 * malloc'd buffer (*out, the caller frees). ERR_TOOLARGE past
 * SECRET_SEAL_MAX: secret_open could not open it. */
int secret_seal(const char ctx[SECRET_CONTEXT_LEN], const unsigned char *in, size_t len,
		char **out);
/* Open a sealed string into out (at most cap bytes); ERR_INVALID if it was
 * not sealed under this secret or was changed. */
int secret_open(const char ctx[SECRET_CONTEXT_LEN], const char *sealed, unsigned char *out,
		size_t cap, size_t *len);

#endif
