/*
 * upload.h: the checks a file a family or a candidate uploads passes
 * before it is stored (admission documents, exam evidence).
 *
 * The type is what libmagic finds in the bytes, never what the client
 * declared: PDF, JPEG, PNG, WebP or HEIC, the files a phone makes of a
 * paper. The SHA-256 names the bytes, so the same file sent again is
 * known.
 */
#ifndef TABULA_DOMAIN_COMMON_UPLOAD_H
#define TABULA_DOMAIN_COMMON_UPLOAD_H

#include "core/err.h"

#define UPLOAD_MEDIA_MAX 64 /* bytes of a media type, with its NUL */

/* Whether t is a type an uploaded file may have. */
bool upload_media_accepted(const char *t);

/* The file name extension of type t ("pdf", "jpg", ...; "bin" for any
 * other), for the attachment's name. */
const char *upload_extension(const char *t);

/* Check len bytes: 422 required on "file" when empty, 413 past max, 415
 * unsupported_media_type when libmagic finds no accepted type (all in p);
 * else media_type (UPLOAD_MEDIA_MAX bytes) and sha256 (65: lowercase hex)
 * are set. No I/O. */
int upload_check(const void *bytes, size_t len, size_t max, char *media_type, char *sha256,
		 struct problem *p) __attribute__((warn_unused_result));

#endif
