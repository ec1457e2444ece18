/*
 * embedded.h: JSON files embedded in the binary at build (the admission
 * rule sets, the exam packs), parsed once for the life of the process.
 *
 * The build turns each folder of files into a table of {name, text}
 * (tools/embed_rules.sh, tools/embed_packs.sh). A set names the table and
 * how to parse one file into one item; embedded_set_load parses them all,
 * sorts the items by name and refuses two of one name; the first call of
 * embedded_set_ready (or of the lookups, which call it) loads a set, once,
 * whichever thread makes it. A fault is logged
 * with the file and stops the load: the server must not start with a
 * table it cannot trust.
 */
#ifndef TABULA_DOMAIN_COMMON_EMBEDDED_H
#define TABULA_DOMAIN_COMMON_EMBEDDED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* One embedded file (generated: build/gen/). */
struct embedded_file {
	const char *name;	   /* "vn-thpt-2025.json" */
	const unsigned char *text; /* NUL-terminated */
};

struct embedded_set {
	/* set by the owner */
	const char *what; /* "exam packs": for the log */
	const struct embedded_file *files;
	const size_t *nfiles;
	size_t size;	    /* bytes of one item */
	size_t name_offset; /* offsetof(item, name): a const char * */
	/* Parse file (its text) into out, a zeroed item; err says what is wrong. */
	int (*parse)(const char *file, const char *text, void *out, char *err, size_t errlen);
	/* set by embedded_set_load; never released */
	void *items; /* n items sorted by name */
	size_t n;
	int rc;		    /* ERR_OK, or why the load failed */
	atomic_bool loaded; /* false: not yet */
};

/* Load s now (the tests; embedded_set_ready loads a set on first use). */
void embedded_set_load(struct embedded_set *s);

/* Load s unless it is loaded; ERR_OK or why the load failed. */
int embedded_set_ready(struct embedded_set *s);

/* The number of items of s, 0 when it failed to load. */
size_t embedded_set_count(struct embedded_set *s);
/* Item i of s, or NULL. */
const void *embedded_set_at(struct embedded_set *s, size_t i);
/* The item of s named name, or NULL. */
const void *embedded_set_find(struct embedded_set *s, const char *name);

#endif
