/*
 * json.h: decoding untrusted JSON within limits, and small accessors.
 *
 * json_decode() is the one entry point for request bodies: it checks UTF-8,
 * nesting depth and string length before and after jansson parses (with
 * duplicate keys rejected), and reports a problem with a stable code.
 */
#ifndef TABULA_JSON_H
#define TABULA_JSON_H

#include <jansson.h>

#include "core/err.h"

struct json_limits {
	int max_depth;	   /* arrays/objects nested deeper are refused */
	size_t max_string; /* bytes in any one string or key */
};

/* Parse len bytes. On success *out holds a new reference. On failure returns
 * ERR_NOMEM (p filled: out_of_memory) when memory runs out while parsing, or
 * ERR_BADREQUEST (400) with p filled: malformed, bad UTF-8, duplicate key, or
 * past a limit (too_deep, string_too_long); detail is a static string. */
int json_decode(const char *text, size_t len, const struct json_limits *lim, json_t **out,
		struct problem *p);

/* json_decode for a body that must be an object (every request body): the
 * first byte that is not JSON whitespace (space, tab, LF, CR) must be '{',
 * or it answers ERR_BADREQUEST "not_an_object" at once, without parsing the
 * rest (so `null`, `[...]`, `"x"`, `1` and any other leading byte are
 * not_an_object, not malformed_json). An empty body is "empty_body" and a
 * body of only whitespace "malformed_json", as json_decode says; past the
 * first byte, json_decode decides. On success *out is an object. */
int json_decode_object(const char *text, size_t len, const struct json_limits *lim, json_t **out,
		       struct problem *p);

/*
 * jansson reports a failed allocation inconsistently: json_loadb may call it
 * a syntax error, json_object_set_new drops the member and answers -1 that
 * nobody reads. json_init() (once, before any JSON call) gives jansson an
 * allocator that notes each failure on the calling thread:
 * json_alloc_reset() clears the note, json_alloc_failed() tells whether an
 * allocation failed since, so a document built in between is known whole.
 */
void json_init(void);
void json_alloc_reset(void);
bool json_alloc_failed(void);

/* Nesting depth of the JSON text, counted over brackets outside strings;
 * stops counting at limit + 1. Never reads past len. */
int json_scan_depth(const char *text, size_t len, int limit);

/* True if the bytes are well-formed UTF-8 without overlongs or surrogates. */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t len);

/*
 * Field readers for decoded objects. Each returns ERR_OK and sets *out, or
 * fills p with code "required" / "type" and the field name. A NULL or absent
 * optional field leaves *out untouched and returns ERR_OK.
 */
int json_get_string(json_t *obj, const char *key, bool required, size_t max_chars, const char **out,
		    struct problem *p);
int json_get_int(json_t *obj, const char *key, bool required, int64_t min, int64_t max,
		 int64_t *out, struct problem *p);
int json_get_bool(json_t *obj, const char *key, bool required, bool *out, struct problem *p);

#endif
