/*
 * code.h: one-time codes, typed by people from a printed sheet or a phone
 * call: "7KXM-Q2PD-9HRT".
 *
 * 12 characters from a 30-letter alphabet without look-alikes (no 0 O 1 I L
 * U), about 59 bits, shown in groups of four. Input is forgiving: case,
 * spaces and hyphens are ignored. Codes are random, expire and are
 * throttled, so a fast keyed hash (BLAKE2b, bound to the user name) stores
 * them: no Argon2id, and 1,000 codes cost microseconds.
 */
#ifndef TABULA_CRYPTO_CODE_H
#define TABULA_CRYPTO_CODE_H

#define CODE_CHARS    12
#define CODE_TEXT_MAX 16 /* 12 characters, 2 hyphens, NUL */
#define CODE_HASH_HEX 65

extern const char code_alphabet[];

/* A fresh random code, grouped ("XXXX-XXXX-XXXX"). */
void code_new(char out[CODE_TEXT_MAX]);
/* The canonical 12 characters of a typed code, or false if it cannot be one. */
bool code_normalise(const char *in, char out[CODE_CHARS + 1]);
/* The stored form of a canonical code for this user name. */
void code_hash(const char *username, const char canonical[CODE_CHARS + 1], char out[CODE_HASH_HEX]);

#endif
