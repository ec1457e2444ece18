/*
 * demo.h: a realistic synthetic data set for trying Tabula out.
 */
#ifndef TABULA_DOMAIN_DEMO_H
#define TABULA_DOMAIN_DEMO_H

#include "db/db.h"

struct demo_login {
	const char *username;
	const char *role;
	const char *org;
	const char *what;
};

#define DEMO_PASSWORD "tabula-demo"

/* Fill db with the demo organisations and accounts (all with password
 * DEMO_PASSWORD). Safe to run twice: what exists is left as it is. */
int demo_fill(struct db *db, FILE *progress);
/* The demo accounts, for printing; *n gets their count. */
const struct demo_login *demo_logins(size_t *n);

#endif
