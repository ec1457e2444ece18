/*
 * token.h: session tokens.
 *
 * A token is 32 random bytes in URL-safe base64 (43 characters). The server
 * stores only its BLAKE2b-256 hash in hex, so a copy of the database cannot
 * be used to log in.
 */
#ifndef TABULA_CRYPTO_TOKEN_H
#define TABULA_CRYPTO_TOKEN_H

#define TOKEN_TEXT_MAX 48 /* 43 characters and NUL, rounded */
#define TOKEN_HASH_HEX 65 /* 64 hex digits and NUL */

void token_new(char out[TOKEN_TEXT_MAX]);
/* Hash any presented string (it may be garbage) into hex. */
void token_hash(const char *token, size_t len, char out[TOKEN_HASH_HEX]);

/* The CSRF token of a session token: base64url of a keyed BLAKE2b-256 of
 * it. Bound to the session, so it needs no storage and ends with it; the
 * session token cannot be recovered from it. */
void token_csrf(const char *token, char out[TOKEN_TEXT_MAX]);

#endif
