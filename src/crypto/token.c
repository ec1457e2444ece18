#include "core/base.h"
#include "crypto/token.h"

#include <sodium.h>

void token_new(char out[TOKEN_TEXT_MAX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_MAX, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, size_t len, char out[TOKEN_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, len, NULL, 0);
	sodium_bin2hex(out, TOKEN_HASH_HEX, h, sizeof(h));
}

void token_csrf(const char *token, char out[TOKEN_TEXT_MAX])
{
	static const unsigned char key[] = "tabula csrf token v1";
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), key,
			   sizeof(key) - 1);
	sodium_bin2base64(out, TOKEN_TEXT_MAX, h, sizeof(h),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
