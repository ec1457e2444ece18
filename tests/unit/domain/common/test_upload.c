/* Unit tests of src/domain/common/upload.c: the types an upload may have,
 * their extensions, and the check before a file is stored. */
#include "unit.h"

#include "domain/common/upload.h"

UNIT_TEST(test_types)
{
	UNUSED(state);
	assert_true(upload_media_accepted("application/pdf"));
	assert_true(upload_media_accepted("image/heic"));
	assert_false(upload_media_accepted("text/html"));
	assert_false(upload_media_accepted(NULL));
	assert_string_equal(upload_extension("image/jpeg"), "jpg");
	assert_string_equal(upload_extension("image/webp"), "webp");
	assert_string_equal(upload_extension("application/zip"), "bin");
}

UNIT_TEST(test_check)
{
	UNUSED(state);
	char type[UPLOAD_MEDIA_MAX], sha[65];
	struct problem p = {0};
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',	'H',  'D',  'R', 0,
		0,    0,   1,	0,   0,	   0,	 1,    8,    6, 0, 0, 0,  0x1f, 0x15, 0xc4, 0x89};
	assert_int_equal(upload_check(png, 0, 100, type, sha, &p), ERR_INVALID);
	assert_string_equal(p.field, "file");
	assert_int_equal(p.status, 422);
	assert_int_equal(upload_check(png, sizeof(png), 8, type, sha, &p), ERR_TOOLARGE);
	assert_int_equal(p.status, 413);
	static const char html[] = "<!DOCTYPE html><html><body>hi</body></html>";
	assert_int_equal(upload_check(html, sizeof(html) - 1, 100, type, sha, &p), ERR_UNSUPPORTED);
	assert_int_equal(p.status, 415);
	assert_int_equal(upload_check(png, sizeof(png), 100, type, sha, &p), ERR_OK);
	assert_string_equal(type, "image/png");
	assert_int_equal(strlen(sha), 64);
}

UNIT_MAIN()
