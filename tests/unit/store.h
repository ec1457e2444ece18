/*
 * store.h: a migrated SQLite store in a private temporary directory, for the
 * unit tests that need the database. Include after unit.h. Helpers are
 * static inline: each test file is its own program and uses some of them.
 */
#ifndef TABULA_TEST_STORE_H
#define TABULA_TEST_STORE_H

#include "unit.h"

#include "db/db.h"

struct unit_store {
	char dir[256];	/* the temporary directory, removed on close */
	char path[320]; /* the database file in it */
	char url[340];	/* "sqlite:" path, for db_open */
	struct db *db;
};

/* Open s->url with options `opt` into s->db; 0, or the error after printing
 * what db_open said. */
static inline int unit_store_reopen(struct unit_store *s, const struct db_options *opt)
{
	char err[256] = "";
	int rc = db_open(s->url, opt, &s->db, err, sizeof(err));
	if (rc)
		print_error("db_open %s: %s\n", s->url, err);
	return rc;
}

/* Make a fresh directory holding the file `name`, and open it migrated with
 * `readers` readers (0: the default). 0, or -1 with the directory removed. */
static inline int unit_store_open(struct unit_store *s, const char *name, int readers)
{
	unit_tmpdir(s->dir, sizeof(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
	snprintf(s->url, sizeof(s->url), "sqlite:%s", s->path);
	struct db_options opt = {.migrate = true, .readers = readers};
	if (unit_store_reopen(s, &opt)) {
		unit_rmdir(s->dir);
		return -1;
	}
	return 0;
}

/* Close the store, if open, and remove its directory. */
static inline void unit_store_close(struct unit_store *s)
{
	if (s->db)
		db_close(s->db);
	s->db = NULL;
	unit_rmdir(s->dir);
}

/* cmocka setup body for a fixture that is just a store: a new one in
 * *state, or -1. */
static inline int unit_store_setup(void **state, const char *name, int readers)
{
	struct unit_store *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	if (unit_store_open(s, name, readers)) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* cmocka teardown of unit_store_setup. */
static inline int unit_store_teardown(void **state)
{
	unit_store_close(*state);
	free(*state);
	return 0;
}

#endif
