#include "core/base.h"
#include "crypto/code.h"

#include <sodium.h>

const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
#define ALPHABET_LEN 30

void code_new(char out[CODE_TEXT_MAX])
{
	size_t o = 0;
	for (int i = 0; i < CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = code_alphabet[randombytes_uniform(ALPHABET_LEN)];
	}
	out[o] = '\0';
}

bool code_normalise(const char *in, char out[CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char ch = *p;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!memchr(code_alphabet, ch, ALPHABET_LEN) || n >= CODE_CHARS)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == CODE_CHARS;
}

void code_hash(const char *username, const char canonical[CODE_CHARS + 1], char out[CODE_HASH_HEX])
{
	static const unsigned char domain[] = "tabula one-time code v1";
	crypto_generichash_state st;
	unsigned char h[32];
	crypto_generichash_init(&st, domain, sizeof(domain) - 1, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)username, strlen(username) + 1);
	crypto_generichash_update(&st, (const unsigned char *)canonical, CODE_CHARS);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, CODE_HASH_HEX, h, sizeof(h));
}
