/* Unit tests of src/domain/qr.c: the QR code SVG of the printable record. */
#include "unit.h"

#include "core/buf.h"
#include "core/err.h"
#include "domain/records/qr.h"

/* Draw the SVG's path back into a bitmap of side x side modules. */
static void redraw(const char *svg, int side, unsigned char *bits)
{
	const char *d = strstr(svg, " d=\"");
	assert_non_null(d);
	d += 4;
	int x, y, run, run2, n;
	while (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2, &n) == 4) {
		assert_int_equal(run, run2);
		assert_true(x >= 0 && y >= 0 && x + run <= side && y < side);
		for (int i = 0; i < run; i++)
			bits[y * side + x + i] = 1;
		d += n;
	}
	assert_int_equal(*d, '"'); /* nothing else in the path */
}

/* A finder pattern: a 7x7 dark ring, a light ring, a 3x3 dark centre. */
static void assert_finder(const unsigned char *bits, int side, int x0, int y0)
{
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			bool ring = x == 0 || y == 0 || x == 6 || y == 6;
			bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			assert_int_equal(bits[(y0 + y) * side + x0 + x], ring || centre);
		}
}

static void check(const char *text, const char *caption, int want_modules)
{
	struct buf b = BUF_INIT(0);
	int w = 0;
	assert_int_equal(qr_svg(text, caption, &b, &w), ERR_OK);
	assert_int_equal(w, want_modules);
	int side = w + 8;
	char head[128];
	snprintf(head, sizeof(head),
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\"", side,
		 side + (caption ? 4 : 0));
	assert_true(!strncmp(b.p, head, strlen(head)));
	assert_non_null(strstr(b.p, "</svg>\n"));
	assert_int_equal(strlen(b.p), b.len);
	if (caption) {
		char want[64];
		snprintf(want, sizeof(want), ">%s</text>", caption);
		assert_non_null(strstr(b.p, want));
	} else {
		assert_null(strstr(b.p, "<text"));
	}
	unsigned char *bits = calloc((size_t)side * side, 1);
	assert_non_null(bits);
	redraw(b.p, side, bits);
	/* The quiet zone is light; the three finders sit in their corners. */
	for (int i = 0; i < side; i++) {
		assert_int_equal(bits[i], 0);
		assert_int_equal(bits[i * side], 0);
		assert_int_equal(bits[(side - 1) * side + i], 0);
		assert_int_equal(bits[i * side + side - 1], 0);
	}
	assert_finder(bits, side, 4, 4);
	assert_finder(bits, side, 4 + w - 7, 4);
	assert_finder(bits, side, 4, 4 + w - 7);
	free(bits);
	buf_release(&b);
}

UNIT_TEST(test_versions)
{
	UNUSED(state);
	check("HELLO", NULL, 21); /* version 1 */
	/* A verification URL of 66 bytes: version 5 (up to 84 bytes at level M). */
	check("https://tabula.example/verify/0193a6c2-7f1e-7c3a-9d2e-5b1f0e6a4c21", "4OYMIQUY", 37);
	char long_text[101];
	memset(long_text, 'a', 100);
	long_text[100] = '\0';
	check(long_text, NULL, 41); /* version 6 (106 bytes at level M) */
}

UNIT_TEST(test_invalid)
{
	UNUSED(state);
	struct buf b = BUF_INIT(0);
	assert_int_equal(qr_svg("", NULL, &b, NULL), ERR_INVALID);
	assert_int_equal(qr_svg("x", "<b>", &b, NULL), ERR_INVALID);
	size_t n = 4000; /* more than version 40 holds at level M (2331 bytes) */
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	assert_int_equal(qr_svg(big, NULL, &b, NULL), ERR_INVALID);
	free(big);
	buf_release(&b);
}

UNIT_TEST(test_code)
{
	UNUSED(state);
	char a[QR_CODE_LEN + 1], b[QR_CODE_LEN + 1];
	qr_record_code("{\"id\":\"x\"}", a);
	qr_record_code("{\"id\":\"y\"}", b);
	assert_int_equal(strlen(a), QR_CODE_LEN);
	assert_string_not_equal(a, b);
	for (int i = 0; i < QR_CODE_LEN; i++)
		assert_true((a[i] >= 'A' && a[i] <= 'Z') || (a[i] >= '2' && a[i] <= '7'));
	/* SHA-256("") starts e3b0c442: base32 4OYMIQ.. */
	qr_record_code("", a);
	assert_string_equal(a, "4OYMIQUY");
}

UNIT_MAIN()
