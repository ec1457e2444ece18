/*
 * buf.h: a growable byte buffer with a ceiling.
 *
 * Every growable buffer has a maximum (curl's rule): appending past buf.max
 * fails with ERR_TOOLARGE and leaves the buffer as it was. Memory comes from
 * malloc; buf_release frees it. The content is always NUL-terminated.
 */
#ifndef TABULA_BUF_H
#define TABULA_BUF_H

struct buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max; /* 0: SIZE_MAX / 2 */
};

#define BUF_INIT(maxbytes)             \
	{                              \
		NULL, 0, 0, (maxbytes) \
	}

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Empty the buffer but keep its memory. */
void buf_reset(struct buf *b);
int buf_reserve(struct buf *b, size_t extra);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Take the bytes: the caller owns b->p afterwards and must free() it. */
char *buf_detach(struct buf *b, size_t *len);

#endif
