/*
 * org.h: the organisation tree, ministry > province > district > school.
 */
#ifndef TABULA_DOMAIN_ORG_H
#define TABULA_DOMAIN_ORG_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#define ORG_CODE_MAX 32
#define ORG_NAME_MAX 200

struct org_input {
	const char *code;
	const char *name;
	const char *kind;
	const char *parent; /* code of the parent; NULL for a ministry */
	const char *country; /* IR or VN; inherited from the parent when NULL */
	const char *address;
	const char *level;  /* schools: primary, lower_secondary, upper_secondary */
	const char *sector; /* schools: public, private */
};

struct org {
	int64_t id;
	const char *code;
	const char *name;
	const char *kind;
	const char *parent; /* code, or NULL */
	const char *path;
	int64_t created_at;
	int64_t updated_at;
	const char *country, *address, *level, *sector; /* NULL when unset */
	int64_t parent_id;
};

/* Check the fields alone (no database): code shape, name, kind, parent
 * presence. Fills p with the field at fault. */
int org_validate(const struct org_input *in, struct problem *p);

/* Insert a validated org inside a write job. The parent must exist and be
 * one level up; a taken code is ERR_CONFLICT on field "code". */
int org_create(struct db_conn *c, const struct org_input *in, int64_t *id, struct problem *p);

/* Read by code; strings go into a. ERR_NOTFOUND if absent. */
int org_get(struct db_conn *c, struct arena *a, const char *code, struct org *out);

/* Change name and school details (fields of in that are non-NULL; code,
 * kind and parent are ignored), inside a write job. */
int org_update(struct db_conn *c, const struct org *cur, const struct org_input *in,
	       struct problem *p);

/* Move an org (a school to another district, a district to another
 * province) under `parent`, one level up as always, inside a write job. Its
 * whole subtree follows; the move is recorded, so its history keeps where it
 * was. */
int org_move(struct db_conn *c, const struct org *cur, const char *parent, int64_t by_user,
	     struct problem *p);

#endif
