/*
 * qr.h: QR codes as SVG (libqrencode), for the printable signed record
 * (docs/records.md, "Printing").
 */
#ifndef TABULA_QR_H
#define TABULA_QR_H

#include "core/buf.h"

/*
 * Append to out an SVG of text's QR code (8-bit mode, error correction M,
 * the smallest version that fits), one unit per module with the 4-module
 * quiet zone around it, dark modules drawn as one path; caption (if not
 * NULL: letters, digits and '-' only) is written under it, in 4 more units.
 * *modules (if not NULL) gets the code's width in modules. ERR_INVALID if
 * text is empty or too long for a QR code or the caption has other
 * characters, ERR_NOMEM.
 */
int qr_svg(const char *text, const char *caption, struct buf *out, int *modules)
	__attribute__((warn_unused_result));

/*
 * The short verification code printed under a record's QR: the first 8
 * characters of the RFC 4648 base32 of the SHA-256 of the stored credential.
 */
#define QR_CODE_LEN 8
void qr_record_code(const char *credential, char out[QR_CODE_LEN + 1]);

/*
 * Append to out the printed record's QR code: an SVG of base (this
 * server's public address) + "/verify/" + the record's uuid without
 * "urn:uuid:", captioned with the short code of its stored credential.
 * Errors as qr_svg.
 */
int qr_record_svg(const char *base, const char *uuid, const char *credential, struct buf *out)
	__attribute__((warn_unused_result));

#endif
