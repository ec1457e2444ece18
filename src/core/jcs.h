/*
 * jcs.h: the JSON Canonicalization Scheme (RFC 8785).
 *
 * One byte string per JSON value, so a signature over it can be checked by
 * anyone: no whitespace, object members sorted by the UTF-16 code units of
 * their names, strings with only the escapes JSON requires, numbers as
 * ECMAScript's Number.prototype.toString writes them (shortest round trip).
 */
#ifndef TABULA_CORE_JCS_H
#define TABULA_CORE_JCS_H

#include <jansson.h>

#include "core/buf.h"

/* Append the canonical form of v to b. ERR_INVALID for a number JSON cannot
 * hold (NaN, infinity), ERR_TOOLARGE past b's maximum, ERR_NOMEM when memory
 * runs out. */
int jcs_append(struct buf *b, const json_t *v);

/* The canonical form of object o without member `skip`, and with member
 * `key` replaced by `value` when value is not NULL: what a proof signs,
 * without copying the document. */
int jcs_append_object_with(struct buf *b, const json_t *o, const char *skip, const char *key,
			   const json_t *value);

/* Append a string (len bytes of valid UTF-8) as RFC 8785 writes it, with
 * its quotes: for writers that produce canonical JSON directly. */
int jcs_append_string(struct buf *b, const char *s, size_t len);

/* Write a double the ECMAScript way into out (at least 32 bytes). */
void jcs_number(double x, char *out, size_t size);

#endif
