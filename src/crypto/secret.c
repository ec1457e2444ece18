#include "core/base.h"
#include "core/err.h"
#include "crypto/secret.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "v1."
#define NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG    crypto_aead_xchacha20poly1305_ietf_ABYTES

static unsigned char master[crypto_kdf_KEYBYTES];
static bool loaded;

int secret_load(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open secret file %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		close(fd);
		snprintf(err, errlen,
			 "secret file %s must be a regular file readable by its owner only "
			 "(chmod 600)",
			 path);
		return ERR_IO;
	}
	unsigned char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 32) {
		sodium_memzero(buf, sizeof(buf));
		snprintf(err, errlen, "secret file %s holds fewer than 32 bytes", path);
		return ERR_IO;
	}
	/* Any content of 32 bytes or more (raw, hex, base64): hashed down to
	 * the master key, so its form does not matter. */
	crypto_generichash(master, sizeof(master), buf, (size_t)n,
			   (const unsigned char *)"tabula secret", 13);
	sodium_memzero(buf, sizeof(buf));
	loaded = true;
	return ERR_OK;
}

bool secret_available(void)
{
	return loaded;
}

void secret_unload(void)
{
	sodium_memzero(master, sizeof(master));
	loaded = false;
}

int secret_derive(const char ctx[SECRET_CONTEXT_LEN], uint64_t id, unsigned char out[32])
{
	if (!loaded)
		return ERR_INVALID;
	return crypto_kdf_derive_from_key(out, 32, id, ctx, master) ? ERR_INTERNAL : ERR_OK;
}

int secret_seal(const char ctx[SECRET_CONTEXT_LEN], const unsigned char *in, size_t len, char **out)
{
	if (len > SECRET_SEAL_MAX)
		return ERR_TOOLARGE;
	unsigned char key[32];
	int rc = secret_derive(ctx, 1, key);
	if (rc)
		return rc;
	size_t blen = NONCE + len + TAG;
	unsigned char *box = malloc(blen);
	size_t b64 = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *text = malloc(sizeof(PREFIX) - 1 + b64);
	if (!box || !text) {
		free(box);
		free(text);
		sodium_memzero(key, sizeof(key));
		return ERR_NOMEM;
	}
	randombytes_buf(box, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, NULL, in, len, NULL, 0, NULL, box,
						   key);
	sodium_memzero(key, sizeof(key));
	memcpy(text, PREFIX, sizeof(PREFIX) - 1);
	sodium_bin2base64(text + sizeof(PREFIX) - 1, b64, box, blen,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(box);
	*out = text;
	return ERR_OK;
}

int secret_open(const char ctx[SECRET_CONTEXT_LEN], const char *sealed, unsigned char *out,
		size_t cap, size_t *len)
{
	if (!sealed || strncmp(sealed, PREFIX, sizeof(PREFIX) - 1))
		return ERR_INVALID;
	sealed += sizeof(PREFIX) - 1;
	unsigned char box[NONCE + TAG + SECRET_SEAL_MAX];
	size_t blen = 0;
	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &blen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    blen < NONCE + TAG || blen - NONCE - TAG > cap)
		return ERR_INVALID;
	unsigned char key[32];
	int rc = secret_derive(ctx, 1, key);
	if (rc)
		return rc;
	unsigned long long n = 0;
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &n, NULL, box + NONCE, blen - NONCE,
							NULL, 0, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc)
		return ERR_INVALID;
	*len = (size_t)n;
	return ERR_OK;
}
