#include "core/base.h"
#include "core/err.h"
#include "core/jcs.h"

#include <math.h>

/* ---- numbers ---- */

/* True if the decimal digits[0..n) times 10^(exp10 - n + 1) reads back as x. */
static bool reads_back(const char *digits, int n, int exp10, double x)
{
	char tmp[48];
	snprintf(tmp, sizeof(tmp), "%.*se%d", n, digits, exp10 - n + 1);
	return strtod(tmp, NULL) == x;
}

/* The shortest digits that read back as x, the nearest to x of that length
 * (ECMAScript's rule): "%.{p}e" for the least p. At a power of two the
 * doubles below x lie twice as close as those above, so the nearest p+1
 * digits may read back as the double below while the next ones up still
 * read back as x (2^-24 is 5.960464477539063e-8, not ...0625e-8). */
static int shortest_digits(double x, char *digits, int *exp10)
{
	char tmp[40];
	int n = 0;
	for (int p = 0; p < 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p, x);
		/* tmp is "d.ddddde[+-]XX": take the digits and the exponent. */
		n = 0;
		const char *s = tmp;
		for (; *s && *s != 'e'; s++)
			if (*s >= '0' && *s <= '9')
				digits[n++] = *s;
		digits[n] = '\0';
		*exp10 = (int)strtol(s + 1, NULL, 10);
		if (reads_back(digits, n, *exp10, x))
			break;
		/* One unit up in the last digit, carrying. */
		int i = n - 1;
		while (i >= 0 && digits[i] == '9')
			digits[i--] = '0';
		if (i < 0) {
			digits[0] = '1';
			++*exp10;
		} else {
			digits[i]++;
		}
		if (reads_back(digits, n, *exp10, x))
			break;
	}
	while (n > 1 && digits[n - 1] == '0')
		digits[--n] = '\0';
	return n;
}

struct numbuf {
	char p[64];
	size_t len;
};

static void num_append(struct numbuf *b, const char *s, size_t n)
{
	if (n > sizeof(b->p) - 1 - b->len)
		n = sizeof(b->p) - 1 - b->len; /* cannot happen: see jcs_number */
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void num_puts(struct numbuf *b, const char *s)
{
	num_append(b, s, strlen(s));
}

void jcs_number(double x, char *out, size_t size)
{
	if (x == 0) {
		snprintf(out, size, "0"); /* -0 too */
		return;
	}
	/* Bounded (a sign, 17 digits, 21 places, an exponent): no heap, so
	 * nothing to fail and no number silently cut short. */
	struct numbuf b = {.len = 0};
	if (x < 0) {
		num_puts(&b, "-");
		x = -x;
	}
	char d[24];
	int e;
	int k = shortest_digits(x, d, &e);
	int n = e + 1; /* ECMAScript's n: the decimal point sits after n digits */
	if (k <= n && n <= 21) {
		num_puts(&b, d);
		for (int i = k; i < n; i++)
			num_puts(&b, "0");
	} else if (0 < n && n <= 21) {
		num_append(&b, d, (size_t)n);
		num_puts(&b, ".");
		num_puts(&b, d + n);
	} else if (-6 < n && n <= 0) {
		num_puts(&b, "0.");
		for (int i = 0; i < -n; i++)
			num_puts(&b, "0");
		num_puts(&b, d);
	} else {
		num_append(&b, d, 1);
		if (k > 1) {
			num_puts(&b, ".");
			num_puts(&b, d + 1);
		}
		char ex[16];
		snprintf(ex, sizeof(ex), "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
		num_puts(&b, ex);
	}
	snprintf(out, size, "%.*s", (int)b.len, b.p);
}

/* ---- strings ---- */

static int append_string(struct buf *b, const char *s, size_t len)
{
	int rc = buf_puts(b, "\"");
	size_t run = 0;
	for (size_t i = 0; !rc && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_append(b, s + run, i - run);
		run = i + 1;
		static const char short_esc[] = {
			['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r'};
		if (rc)
			break;
		if (c == '"' || c == '\\')
			rc = buf_printf(b, "\\%c", c);
		else if (c < sizeof(short_esc) && short_esc[c])
			rc = buf_printf(b, "\\%c", short_esc[c]);
		else
			rc = buf_printf(b, "\\u%04x", c);
	}
	if (!rc)
		rc = buf_append(b, s + run, len - run);
	return rc ? rc : buf_puts(b, "\"");
}

int jcs_append_string(struct buf *b, const char *s, size_t len)
{
	return append_string(b, s, len);
}

/* Next UTF-16 code unit of UTF-8 text (valid, as jansson guarantees). */
struct u16 {
	const unsigned char *p, *end;
	unsigned low; /* pending low surrogate, or 0 */
};

static int u16_next(struct u16 *it)
{
	if (it->low) {
		unsigned u = it->low;
		it->low = 0;
		return (int)u;
	}
	if (it->p >= it->end)
		return -1;
	unsigned c = *it->p++;
	int extra = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
	if (extra)
		c &= 0x3fu >> extra;
	for (int i = 0; i < extra && it->p < it->end; i++)
		c = (c << 6) | (*it->p++ & 0x3fu);
	if (c >= 0x10000) {
		c -= 0x10000;
		it->low = 0xdc00 + (c & 0x3ff);
		return (int)(0xd800 + (c >> 10));
	}
	return (int)c;
}

static int cmp_utf16(const char *a, const char *b)
{
	struct u16 x = {(const unsigned char *)a, (const unsigned char *)a + strlen(a), 0};
	struct u16 y = {(const unsigned char *)b, (const unsigned char *)b + strlen(b), 0};
	for (;;) {
		int ca = u16_next(&x), cb = u16_next(&y);
		if (ca != cb || ca < 0)
			return ca - cb;
	}
}

static int cmp_keys(const void *a, const void *b)
{
	return cmp_utf16(*(const char *const *)a, *(const char *const *)b);
}

/* Within the Basic Multilingual Plane, UTF-16 code units, code points and
 * UTF-8 bytes all sort alike, so plain byte order is UTF-16 order; only a
 * character past U+FFFF (a 4-byte UTF-8 sequence, a surrogate pair in
 * UTF-16) sorts differently. */
static int cmp_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool past_bmp(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xf0)
			return true;
	return false;
}

/* ---- values ---- */

int jcs_append(struct buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		return buf_puts(b, "null");
	case JSON_TRUE:
		return buf_puts(b, "true");
	case JSON_FALSE:
		return buf_puts(b, "false");
	case JSON_INTEGER: {
		/* JSON numbers are IEEE doubles to RFC 8785: beyond 2^53 an
		 * integer prints as the double a verifier would read. */
		json_int_t i = json_integer_value(v);
		if (i >= -(1LL << 53) && i <= (1LL << 53)) {
			char digits[24];
			size_t at = sizeof(digits);
			uint64_t u = i < 0 ? (uint64_t)-i : (uint64_t)i;
			do {
				digits[--at] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			if (i < 0)
				digits[--at] = '-';
			return buf_append(b, digits + at, sizeof(digits) - at);
		}
		char num[40];
		jcs_number((double)i, num, sizeof(num));
		return buf_puts(b, num);
	}
	case JSON_REAL: {
		double x = json_real_value(v);
		if (!isfinite(x))
			return ERR_INVALID;
		char num[40];
		jcs_number(x, num, sizeof(num));
		return buf_puts(b, num);
	}
	case JSON_STRING:
		return append_string(b, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		int rc = buf_puts(b, "[");
		for (size_t i = 0; !rc && i < json_array_size(v); i++) {
			if (i)
				rc = buf_puts(b, ",");
			if (!rc)
				rc = jcs_append(b, json_array_get(v, i));
		}
		return rc ? rc : buf_puts(b, "]");
	}
	case JSON_OBJECT:
		return jcs_append_object_with(b, v, NULL, NULL, NULL);
	}
	return ERR_INVALID;
}

int jcs_append_object_with(struct buf *b, const json_t *o, const char *skip, const char *key,
			   const json_t *value)
{
	size_t n = json_object_size(o) + 1;
	const char *small[32];
	const char **keys = n <= ARRAY_SIZE(small) ? small : malloc(n * sizeof(*keys));
	if (!keys)
		return ERR_NOMEM;
	size_t k = 0;
	bool have_key = false, astral = false;
	const char *name;
	json_t *val;
	json_object_foreach((json_t *)(uintptr_t)o, name, val)
	{
		if (skip && !strcmp(name, skip))
			continue;
		have_key |= key && !strcmp(name, key);
		astral = astral || past_bmp(name);
		keys[k++] = name;
	}
	if (key && value && !have_key) {
		astral = astral || past_bmp(key);
		keys[k++] = key;
	}
	/* Sorted by UTF-16 code units (RFC 8785 3.2.3). */
	qsort(keys, k, sizeof(*keys), astral ? cmp_keys : cmp_bytes);
	int rc = buf_puts(b, "{");
	for (size_t i = 0; !rc && i < k; i++) {
		if (i)
			rc = buf_puts(b, ",");
		if (!rc)
			rc = append_string(b, keys[i], strlen(keys[i]));
		if (!rc)
			rc = buf_puts(b, ":");
		if (!rc)
			rc = jcs_append(b, key && value && !strcmp(keys[i], key)
						   ? value
						   : json_object_get(o, keys[i]));
	}
	if (keys != small)
		free(keys);
	return rc ? rc : buf_puts(b, "}");
}
