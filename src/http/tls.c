/*
 * tls.c: OpenSSL glue for tls.h.
 */
#include "core/base.h"
#include "http/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

struct tls_ctx {
	SSL_CTX *ctx;
};

struct tls_conn {
	SSL *ssl;
};

static void say(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_get_error();
	char reason[256] = "";
	if (e)
		ERR_error_string_n(e, reason, sizeof(reason));
	snprintf(err, errlen, "%s%s%s", what, *reason ? ": " : "", reason);
	ERR_clear_error();
}

struct tls_ctx *tls_ctx_new(const char *cert_pem, const char *key_pem, char *err, size_t errlen)
{
	struct tls_ctx *c = calloc(1, sizeof(*c));
	BIO *cb = BIO_new_mem_buf(cert_pem, -1);
	BIO *kb = BIO_new_mem_buf(key_pem, -1);
	X509 *leaf = NULL;
	EVP_PKEY *key = NULL;
	if (!c || !cb || !kb) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	c->ctx = SSL_CTX_new(TLS_server_method());
	if (!c->ctx) {
		say(err, errlen, "cannot make a TLS context");
		goto fail;
	}
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(c->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
					 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
					 SSL_MODE_RELEASE_BUFFERS);
	leaf = PEM_read_bio_X509(cb, NULL, NULL, NULL);
	if (!leaf || SSL_CTX_use_certificate(c->ctx, leaf) != 1) {
		say(err, errlen, "the TLS certificate cannot be read");
		goto fail;
	}
	X509 *extra;
	while ((extra = PEM_read_bio_X509(cb, NULL, NULL, NULL)))
		if (SSL_CTX_add_extra_chain_cert(c->ctx, extra) != 1) {
			X509_free(extra);
			say(err, errlen, "the TLS certificate chain cannot be read");
			goto fail;
		}
	ERR_clear_error(); /* the end of the chain */
	key = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL);
	if (!key || SSL_CTX_use_PrivateKey(c->ctx, key) != 1 ||
	    SSL_CTX_check_private_key(c->ctx) != 1) {
		say(err, errlen, "the TLS key cannot be read or does not match the certificate");
		goto fail;
	}
	X509_free(leaf);
	EVP_PKEY_free(key);
	BIO_free(cb);
	BIO_free(kb);
	return c;
fail:
	X509_free(leaf);
	EVP_PKEY_free(key);
	BIO_free(cb);
	BIO_free(kb);
	tls_ctx_free(c);
	return NULL;
}

void tls_ctx_free(struct tls_ctx *c)
{
	if (!c)
		return;
	SSL_CTX_free(c->ctx);
	free(c);
}

struct tls_conn *tls_conn_new(struct tls_ctx *c, int fd)
{
	struct tls_conn *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ssl = SSL_new(c->ctx);
	if (!t->ssl || SSL_set_fd(t->ssl, fd) != 1) {
		tls_conn_free(t);
		ERR_clear_error();
		return NULL;
	}
	SSL_set_accept_state(t->ssl);
	return t;
}

void tls_conn_free(struct tls_conn *t)
{
	if (!t)
		return;
	SSL_free(t->ssl);
	free(t);
}

static ssize_t answer(struct tls_conn *t, int rc, bool *want_write)
{
	int e = SSL_get_error(t->ssl, rc);
	ERR_clear_error();
	switch (e) {
	case SSL_ERROR_WANT_READ:
		*want_write = false;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		*want_write = true;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	default:
		errno = ECONNRESET;
		return -1;
	}
}

ssize_t tls_read(struct tls_conn *t, void *buf, size_t n, bool *want_write)
{
	size_t got = 0;
	int rc = SSL_read_ex(t->ssl, buf, n, &got);
	if (rc == 1)
		return (ssize_t)got;
	return answer(t, rc, want_write);
}

ssize_t tls_write(struct tls_conn *t, const void *buf, size_t n, bool *want_write)
{
	size_t put = 0;
	int rc = SSL_write_ex(t->ssl, buf, n, &put);
	if (rc == 1)
		return (ssize_t)put;
	return answer(t, rc, want_write);
}

void tls_close(struct tls_conn *t)
{
	if (SSL_is_init_finished(t->ssl))
		SSL_shutdown(t->ssl);
	ERR_clear_error();
}
