#include "core/base.h"
#include "core/json.h"
#include "domain/common/text.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/*
 * How it works: UTF-8 goes into a UTF-16 stack buffer, ICU normalises between
 * two such buffers, one hand-written pass does the mappings that no Unicode
 * normal form does (Arabic to Persian letters, digits, spaces, ZWNJ), and the
 * result goes back to UTF-8. Pure ASCII input, common in ids and Latin names,
 * takes a shortcut that gives the same bytes without ICU.
 */

/* Input is at most TEXT_MAX_UNITS; decomposition and case folding may grow
 * it, rarely by much (a 20-character Vietnamese name is 30 in NFD). */
#define UBUF (4 * (TEXT_MAX_UNITS + 1))

#define ZWNJ	0x200C
#define ZWJ	0x200D
#define TATWEEL 0x0640

/* The normalizers are process-wide ICU singletons; the pointer is cached so
 * the hot path skips ICU's once-only initialisation check. */
typedef const UNormalizer2 *(*get_normalizer)(UErrorCode *);

static const UNormalizer2 *normalizer(_Atomic(const UNormalizer2 *) *cache, get_normalizer get)
{
	const UNormalizer2 *n = atomic_load_explicit(cache, memory_order_acquire);
	if (!n) {
		UErrorCode st = U_ZERO_ERROR;
		n = get(&st);
		if (U_FAILURE(st))
			return NULL;
		atomic_store_explicit(cache, n, memory_order_release);
	}
	return n;
}

static _Atomic(const UNormalizer2 *) nfc_cache;
static _Atomic(const UNormalizer2 *) nfkd_cache;

/* The Unicode White_Space property, written out: it is short and stable. */
static bool is_space(UChar32 c)
{
	return c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* Control characters (those that are not white space) and the invisible
 * format characters that copy and paste brings along. ZWNJ and ZWJ are not
 * here: they change how Persian is written. */
static bool is_invisible(UChar32 c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x061C || c == 0x180E ||
	       c == 0x200B || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF;
}

/* The letter and digit mappings of stored names. */
static UChar32 map_name(UChar32 c)
{
	if (c >= 0x06F0 && c <= 0x06F9)
		return '0' + (c - 0x06F0);
	if (c >= 0x0660 && c <= 0x0669)
		return '0' + (c - 0x0660);
	/* Arabic yeh ي and alef maksura ى to Persian yeh ی; Arabic kaf ك to
	 * Persian kaf ک (U+06A9 KEHEH). */
	switch (c) {
	case 0x064A:
	case 0x0649:
		return 0x06CC;
	case 0x0643:
		return 0x06A9;
	}
	return c;
}

/* The further foldings of search keys, applied after NFKD and case folding
 * (which have already split أ into ا + hamza, ؤ into و + hamza and so on). */
static UChar32 map_fold(UChar32 c)
{
	switch (c) {
	case 0x0111: /* đ */
		return 'd';
	case 0x0671: /* ALEF WASLA */
	case 0x0672: /* ALEF WITH WAVY HAMZA ABOVE */
	case 0x0673: /* ALEF WITH WAVY HAMZA BELOW */
		return 0x0627;
	case 0x0629: /* TEH MARBUTA */
	case 0x06D5: /* AE: what is left of ۀ (heh with yeh above) */
	case 0x06C1: /* HEH GOAL */
		return 0x0647;
	}
	return map_name(c);
}

enum { SEP_NONE, SEP_ZWNJ, SEP_SPACE };

/*
 * The name pass over NFC text, unit by unit (everything it looks at is in
 * the BMP; surrogates pass through). Sets *removed if an invisible character
 * went, which may have brought a letter and a combining mark together.
 * Returns the length written to dst (never more than n).
 */
static int32_t name_pass(const UChar *src, int32_t n, UChar *dst, bool *removed)
{
	int32_t o = 0;
	int sep = SEP_NONE;
	for (int32_t i = 0; i < n; i++) {
		UChar32 c = src[i];
		if (c <= 0x20 || c >= 0x7F) { /* printable ASCII needs no look */
			if (is_space(c)) {
				sep = SEP_SPACE;
				continue;
			}
			if (c == ZWNJ) {
				if (sep == SEP_NONE)
					sep = SEP_ZWNJ;
				continue;
			}
			if (is_invisible(c)) {
				*removed = true;
				continue;
			}
			c = map_name(c);
		}
		if (sep != SEP_NONE && o > 0)
			dst[o++] = sep == SEP_SPACE ? 0x20 : ZWNJ;
		sep = SEP_NONE;
		dst[o++] = (UChar)c;
	}
	return o;
}

/* The fold pass over NFKD, case-folded text, code point by code point.
 * Returns the length written to dst (never more than n). */
static int32_t fold_pass(const UChar *src, int32_t n, UChar *dst)
{
	int32_t o = 0;
	bool space = false;
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(src, i, n, c);
		if (c <= 0x20 || c >= 0x7F) { /* printable ASCII needs no look */
			if (is_space(c) || c == ZWNJ) {
				space = true;
				continue;
			}
			if (is_invisible(c) || c == ZWJ || c == TATWEEL)
				continue;
			if (c >= 0x0300) {
				int8_t t = u_charType(c);
				if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK)
					continue;
			}
			c = map_fold(c);
		}
		if (space && o > 0)
			dst[o++] = 0x20;
		space = false;
		U16_APPEND_UNSAFE(dst, o, c);
	}
	return o;
}

/*
 * Pure ASCII: the same result as the ICU path (normalisation changes no
 * ASCII; case folding is A-Z -> a-z), in one pass. Returns 1 when done, 0 if
 * the input is not all ASCII or is long or does not fit (the ICU path then
 * decides, so that every error comes out the same way).
 */
static int ascii_pass(const char *in, char *out, size_t outlen, bool fold)
{
	size_t o = 0;
	bool space = false;
	const unsigned char *s = (const unsigned char *)in;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = s[i];
		if (c >= 0x80 || i >= TEXT_MAX_UNITS)
			return 0;
		if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
			space = true;
			continue;
		}
		if (c < 0x20 || c == 0x7F)
			continue;
		if (fold && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		if (o + 1 + (space && o) >= outlen)
			return 0;
		if (space && o)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)c;
	}
	if (outlen == 0)
		return 0;
	out[o] = '\0';
	return 1;
}

static int from_utf8(const char *in, UChar *buf, int32_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(buf, UBUF, len, in, -1, &st);
	if (st == U_INVALID_CHAR_FOUND || st == U_ILLEGAL_ARGUMENT_ERROR)
		return ERR_INVALID;
	if (U_FAILURE(st) || *len > TEXT_MAX_UNITS)
		return ERR_TOOLARGE;
	return ERR_OK;
}

static int to_utf8(const UChar *src, int32_t n, char *out, size_t outlen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;
	int32_t cap = outlen > INT32_MAX ? INT32_MAX : (int32_t)outlen;
	u_strToUTF8(out, cap, &len, src, n, &st);
	if (U_FAILURE(st) || len >= cap)
		return ERR_TOOLARGE;
	return ERR_OK;
}

/* Normalise src into dst (capacity UBUF). */
static int normalize(const UNormalizer2 *nz, const UChar *src, int32_t n, UChar *dst, int32_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	*len = unorm2_normalize(nz, src, n, dst, UBUF, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING)
		return ERR_TOOLARGE;
	return U_FAILURE(st) ? ERR_INTERNAL : ERR_OK;
}

static int finish(int rc, char *out, size_t outlen)
{
	if (rc && outlen)
		out[0] = '\0';
	return rc;
}

int text_normalize_name(const char *in, char *out, size_t outlen)
{
	if (!in)
		return finish(ERR_INVALID, out, outlen);
	if (ascii_pass(in, out, outlen, false))
		return ERR_OK;
	const UNormalizer2 *nfc = normalizer(&nfc_cache, unorm2_getNFCInstance);
	if (!nfc)
		return finish(ERR_INTERNAL, out, outlen);
	UChar a[UBUF], b[UBUF];
	int32_t n;
	int rc = from_utf8(in, a, &n);
	if (!rc)
		rc = normalize(nfc, a, n, b, &n);
	if (rc)
		return finish(rc, out, outlen);
	bool removed = false;
	n = name_pass(b, n, a, &removed);
	const UChar *res = a;
	if (removed) {
		UErrorCode st = U_ZERO_ERROR;
		if (!unorm2_isNormalized(nfc, a, n, &st)) {
			rc = normalize(nfc, a, n, b, &n);
			res = b;
		}
		if (!rc && U_FAILURE(st))
			rc = ERR_INTERNAL;
		if (rc)
			return finish(rc, out, outlen);
	}
	return finish(to_utf8(res, n, out, outlen), out, outlen);
}

int text_fold(const char *in, char *out, size_t outlen)
{
	if (!in)
		return finish(ERR_INVALID, out, outlen);
	if (ascii_pass(in, out, outlen, true))
		return ERR_OK;
	const UNormalizer2 *nfc = normalizer(&nfc_cache, unorm2_getNFCInstance);
	const UNormalizer2 *nfkd = normalizer(&nfkd_cache, unorm2_getNFKDInstance);
	if (!nfc || !nfkd)
		return finish(ERR_INTERNAL, out, outlen);
	/* NFKD covers the NFC of text_normalize_name, and fold_pass covers its
	 * name pass, so the fold starts from the raw input. */
	UChar a[UBUF], b[UBUF];
	int32_t n;
	int rc = from_utf8(in, a, &n);
	if (!rc)
		rc = normalize(nfkd, a, n, b, &n);
	if (rc)
		return finish(rc, out, outlen);
	UErrorCode st = U_ZERO_ERROR;
	n = u_strFoldCase(a, UBUF, b, n, U_FOLD_CASE_DEFAULT, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || n >= UBUF)
		return finish(ERR_TOOLARGE, out, outlen);
	if (U_FAILURE(st))
		return finish(ERR_INTERNAL, out, outlen);
	n = fold_pass(a, n, b);
	/* Only what is left to compose (Hangul jamo from NFKD, a few spacing
	 * marks) changes here; Latin and Arabic are already composed. */
	rc = normalize(nfc, b, n, a, &n);
	if (rc)
		return finish(rc, out, outlen);
	return finish(to_utf8(a, n, out, outlen), out, outlen);
}

int text_digits_ascii(const char *in, char *out, size_t outlen)
{
	size_t len = in ? strlen(in) : 0;
	if (!in || !utf8_valid(in, len))
		return finish(ERR_INVALID, out, outlen);
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		char c = (char)s[i];
		size_t step = 1;
		if (s[i] == 0xDB && s[i + 1] >= 0xB0 && s[i + 1] <= 0xB9) {
			c = (char)('0' + (s[i + 1] - 0xB0));
			step = 2;
		} else if (s[i] == 0xD9 && s[i + 1] >= 0xA0 && s[i + 1] <= 0xA9) {
			c = (char)('0' + (s[i + 1] - 0xA0));
			step = 2;
		}
		if (o + 1 >= outlen)
			return finish(ERR_TOOLARGE, out, outlen);
		out[o++] = c;
		i += step;
	}
	if (outlen == 0)
		return ERR_TOOLARGE;
	out[o] = '\0';
	return ERR_OK;
}
