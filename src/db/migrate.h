/*
 * migrate.h: forward-only schema migrations from sql/migrations/.
 *
 * Each file NNNN_title.sql is applied once, in one transaction, and recorded
 * in schema_migrations. Files may use {{macros}} for the few types that
 * differ between engines ({{pk}}: an auto-numbered 64-bit primary key).
 */
#ifndef TABULA_DB_MIGRATE_H
#define TABULA_DB_MIGRATE_H

struct migration {
	int version;
	const char *title;
	const char *const *lines; /* the file's lines, NULL-terminated */
};

extern const struct migration migrations[];
extern const size_t migrations_count;

struct db_conn;

/* Apply every pending migration on c; *applied (may be NULL) counts them.
 * On failure writes a message to err and returns a negative err. */
int db_migrate_conn(struct db_conn *c, int *applied, char *err, size_t errlen);

#endif
