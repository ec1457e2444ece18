#include "core/base.h"
#include "core/json.h"

static _Thread_local bool json_oom;

/* malloc: in the allocation-failure test build, the counted one. */
static void *json_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		json_oom = true;
	return p;
}

void json_init(void)
{
	json_set_alloc_funcs(json_malloc, free);
}

void json_alloc_reset(void)
{
	json_oom = false;
}

bool json_alloc_failed(void)
{
	return json_oom;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t n;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if ((size_t)(end - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int json_scan_depth(const char *text, size_t len, int limit)
{
	int depth = 0, max = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max) {
				max = depth;
				if (max > limit)
					return max;
			}
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

/* Walk a parsed value checking string and key lengths. */
static bool json_strings_within(json_t *v, size_t max)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) <= max;
	case JSON_ARRAY: {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			if (!json_strings_within(e, max))
				return false;
		}
		return true;
	}
	case JSON_OBJECT: {
		const char *k;
		json_t *e;
		json_object_foreach(v, k, e)
		{
			if (strlen(k) > max || !json_strings_within(e, max))
				return false;
		}
		return true;
	}
	default:
		return true;
	}
}

int json_decode(const char *text, size_t len, const struct json_limits *lim, json_t **out,
		struct problem *p)
{
	*out = NULL;
	if (len == 0)
		return problem_set(p, P_EMPTY_BODY, NULL, "The request needs a JSON body.");
	if (!utf8_valid(text, len))
		return problem_set(p, P_INVALID_UTF8, NULL, "The body is not valid UTF-8.");
	if (json_scan_depth(text, len, lim->max_depth) > lim->max_depth)
		return problem_set(p, P_JSON_TOO_DEEP, NULL, "The JSON body is nested too deeply.");
	json_error_t e;
	bool failed_before = json_oom;
	json_oom = false;
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!v) {
		if (json_error_code(&e) == json_error_out_of_memory || json_oom)
			return problem_err(p, ERR_NOMEM);
		json_oom = failed_before;
		if (json_error_code(&e) == json_error_duplicate_key)
			return problem_set(p, P_DUPLICATE_KEY, NULL,
					   "The JSON body repeats a key.");
		return problem_set(p, P_MALFORMED_JSON, NULL, "The body is not well-formed JSON.");
	}
	if (json_oom) { /* parsed, but something may be missing */
		json_decref(v);
		return problem_err(p, ERR_NOMEM);
	}
	json_oom = failed_before;
	if (!json_strings_within(v, lim->max_string)) {
		json_decref(v);
		return problem_set(p, P_STRING_TOO_LONG, NULL,
				   "A string in the JSON body is too long.");
	}
	*out = v;
	return ERR_OK;
}

int json_decode_object(const char *text, size_t len, const struct json_limits *lim, json_t **out,
		       struct problem *p)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i < len && text[i] != '{') {
		*out = NULL;
		return problem_set(p, P_NOT_AN_OBJECT, NULL, "The JSON body must be an object.");
	}
	int rc = json_decode(text, len, lim, out, p);
	if (!rc && !json_is_object(*out)) { /* cannot happen after a '{'; kept as the promise */
		json_decref(*out);
		*out = NULL;
		return problem_set(p, P_NOT_AN_OBJECT, NULL, "The JSON body must be an object.");
	}
	return rc;
}

int json_get_string(json_t *obj, const char *key, bool required, size_t max_chars, const char **out,
		    struct problem *p)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			return problem_set(p, P_REQUIRED, key, "This field is required.");
		return ERR_OK;
	}
	if (!json_is_string(v))
		return problem_set(p, P_TYPE, key, "This field must be a string.");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n)
		return problem_set(p, P_INVALID, key,
				   "This field must not contain NUL characters.");
	if (required && n == 0)
		return problem_set(p, P_REQUIRED, key, "This field is required.");
	if (max_chars && utf8_length(s, n) > max_chars)
		return problem_set(p, P_TOO_LONG, key, "This field is too long.");
	*out = s;
	return ERR_OK;
}

int json_get_int(json_t *obj, const char *key, bool required, int64_t min, int64_t max,
		 int64_t *out, struct problem *p)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			return problem_set(p, P_REQUIRED, key, "This field is required.");
		return ERR_OK;
	}
	if (!json_is_integer(v))
		return problem_set(p, P_TYPE, key, "This field must be a whole number.");
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return problem_set(p, P_OUT_OF_RANGE, key, "This number is out of range.");
	*out = (int64_t)i;
	return ERR_OK;
}

int json_get_bool(json_t *obj, const char *key, bool required, bool *out, struct problem *p)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			return problem_set(p, P_REQUIRED, key, "This field is required.");
		return ERR_OK;
	}
	if (!json_is_boolean(v))
		return problem_set(p, P_TYPE, key, "This field must be true or false.");
	*out = json_is_true(v);
	return ERR_OK;
}
