/*
 * password.h: password hashing with Argon2id (libsodium).
 *
 * Parameters are the ones OWASP recommends and DESIGN.md fixes: m = 19 MiB,
 * t = 2, p = 1. Hashing is costly on purpose, so at most `slots` hashes run
 * at once (a semaphore, one slot per core by default): a login storm queues
 * instead of taking every thread and all the memory.
 */
#ifndef TABULA_CRYPTO_PASSWORD_H
#define TABULA_CRYPTO_PASSWORD_H

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 1024

/* Initialise libsodium and the semaphore; slots 0 means one per core. */
int crypto_init(int slots);

/* Hash into out (PASSWORD_HASH_MAX bytes). */
int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX]);
/* ERR_OK if it matches, ERR_UNAUTHORIZED if not. */
int password_verify(const char *hash, const char *password, size_t len);
/* Spend the time of one verification without a stored hash, so an unknown
 * user name answers as slowly as a wrong password. */
void password_verify_dummy(const char *password, size_t len);

#endif
