/*
 * tls.h: TLS for the server's connections (OpenSSL 3), non-blocking.
 *
 * The reads and writes answer like recv/send on a non-blocking socket: a
 * count, 0 at the peer's end, or -1 with errno EAGAIN when the socket must
 * become readable (*want_write false) or writable (true) first.
 */
#ifndef TABULA_HTTP_TLS_H
#define TABULA_HTTP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tls_ctx;
struct tls_conn;

/* From PEM text of the certificate (chain) and its key; NULL with err. */
struct tls_ctx *tls_ctx_new(const char *cert_pem, const char *key_pem, char *err, size_t errlen);
void tls_ctx_free(struct tls_ctx *c);
struct tls_conn *tls_conn_new(struct tls_ctx *c, int fd);
void tls_conn_free(struct tls_conn *t);
ssize_t tls_read(struct tls_conn *t, void *buf, size_t n, bool *want_write);
ssize_t tls_write(struct tls_conn *t, const void *buf, size_t n, bool *want_write);
/* Send close_notify, without waiting for the peer's. */
void tls_close(struct tls_conn *t);

#endif
