/*
 * mediatype.h: the media type of bytes, found from their content by
 * libmagic (the `file` command's database), never from a name or a
 * declared Content-Type.
 */
#ifndef TABULA_CORE_MEDIATYPE_H
#define TABULA_CORE_MEDIATYPE_H

#include <stddef.h>

/*
 * The MIME type of p[0..n) ("image/png", "application/pdf", "text/plain"
 * ...) into out (at most cap bytes with the NUL); "" when libmagic cannot
 * be loaded or says nothing. Thread-safe: each thread loads its own
 * database once and keeps it (libmagic's handles are not shared).
 */
void mediatype_detect(const void *p, size_t n, char *out, size_t cap);

#endif
