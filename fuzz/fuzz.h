/*
 * fuzz.h: what the fuzz targets share.
 */
#ifndef TABULA_FUZZ_H
#define TABULA_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A malloc'd copy of exactly size bytes, with no terminator, so ASan sees
 * any read past the end; NULL when out of memory. The caller frees it. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (text)
		memcpy(text, data, size);
	return text;
}

#endif
