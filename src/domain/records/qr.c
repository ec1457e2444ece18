/* qr.c: QR codes as SVG (qr.h). */
#include "core/base.h"

#include <ctype.h>
#include "core/err.h"
#include "crypto/hash.h"
#include "crypto/totp.h"
#include "domain/records/qr.h"

#include <qrencode.h>

#define QUIET 4

#define CAPTION 4

int qr_svg(const char *text, const char *caption, struct buf *out, int *modules)
{
	if (!text || !*text)
		return ERR_INVALID;
	for (const char *c = caption; c && *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-')
			return ERR_INVALID;
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		return errno == ENOMEM ? ERR_NOMEM : ERR_INVALID;
	int w = q->width, side = w + 2 * QUIET, h = side + (caption ? CAPTION : 0);
	int rc = buf_printf(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
		"<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		side, h, side * 4, h * 4, side, h);
	/* Each run of dark modules in a row is one rectangle. */
	for (int y = 0; !rc && y < w; y++) {
		for (int x = 0; !rc && x < w;) {
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			rc = buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	if (!rc)
		rc = buf_puts(out, "\"/>");
	if (!rc && caption)
		rc = buf_printf(out,
				"<text x=\"%d\" y=\"%d\" font-family=\"monospace\" font-size=\"4\" "
				"text-anchor=\"middle\" letter-spacing=\"0.5\">%s</text>",
				side / 2, side + 1, caption);
	if (!rc)
		rc = buf_puts(out, "</svg>\n");
	if (modules)
		*modules = w;
	QRcode_free(q);
	return rc;
}

void qr_record_code(const char *credential, char out[QR_CODE_LEN + 1])
{
	uint8_t h[HASH_BYTES];
	char b32[TOTP_BASE32_MAX];
	hash_sha256(h, credential, strlen(credential));
	totp_base32(h, 16, b32);
	memcpy(out, b32, QR_CODE_LEN);
	out[QR_CODE_LEN] = '\0';
}

int qr_record_svg(const char *base, const char *uuid, const char *credential, struct buf *out)
{
	char code[QR_CODE_LEN + 1];
	qr_record_code(credential, code);
	const char *bare = strncmp(uuid, "urn:uuid:", 9) ? uuid : uuid + 9;
	struct buf url = BUF_INIT(0);
	int rc = buf_printf(&url, "%s/verify/%s", base, bare);
	if (!rc)
		rc = qr_svg(url.p, code, out, NULL);
	buf_release(&url);
	return rc;
}
