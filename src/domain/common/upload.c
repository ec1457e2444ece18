/*
 * upload.c: the checks of an uploaded file (upload.h).
 */
#include "core/base.h"
#include "core/mediatype.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/common/upload.h"

static const struct {
	const char *type, *ext;
} accepted[] = {{"application/pdf", "pdf"},
		{"image/jpeg", "jpg"},
		{"image/png", "png"},
		{"image/webp", "webp"},
		{"image/heic", "heic"}};

bool upload_media_accepted(const char *t)
{
	for (size_t i = 0; t && i < ARRAY_SIZE(accepted); i++)
		if (!strcmp(t, accepted[i].type))
			return true;
	return false;
}

const char *upload_extension(const char *t)
{
	for (size_t i = 0; t && i < ARRAY_SIZE(accepted); i++)
		if (!strcmp(t, accepted[i].type))
			return accepted[i].ext;
	return "bin";
}

int upload_check(const void *bytes, size_t len, size_t max, char *media_type, char *sha256,
		 struct problem *p)
{
	if (!len)
		return problem_set(p, P_REQUIRED, "file",
				   "The file is empty; send the document's bytes as the body.");
	if (len > max)
		return problem_set(p, P_BODY_TOO_LARGE, "file", NULL);
	mediatype_detect(bytes, len, media_type, UPLOAD_MEDIA_MAX);
	if (!upload_media_accepted(media_type))
		return problem_set(p, P_UNSUPPORTED_MEDIA_TYPE, "file",
				   "Send a PDF, JPEG, PNG, WebP or HEIC file.");
	uint8_t h[HASH_BYTES];
	hash_sha256(h, bytes, len);
	bytes_hex(sha256, h, HASH_BYTES);
	return ERR_OK;
}
