/*
 * org.h: the organisation tree, ministry > province > district > school.
 *
 * Who may change it: an actor adds and moves organisations inside the
 * subtree of an office it manages (ORG_MANAGERS), edits those its
 * registrar roles reach, and reads (children, history) those its staff
 * roles reach; only a national administrator adds a ministry.
 */
#ifndef TABULA_DOMAIN_ORG_H
#define TABULA_DOMAIN_ORG_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

#define ORG_CODE_MAX 32
#define ORG_NAME_MAX 200

/* The roles that add and move organisations in the subtree they are bound
 * to: the offices above schools. */
#define ORG_MANAGERS                                                       \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER))

struct actor;

struct org_input {
	const char *code;
	const char *name;
	const char *kind;
	const char *parent;  /* code of the parent; NULL for a ministry */
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
int org_validate(const struct org_input *in, struct problem *p) __attribute__((warn_unused_result));

/* Insert a validated org inside a write job. The parent must exist and be
 * one level up; a taken code is ERR_CONFLICT on field "code". */
int org_create(struct db_conn *c, const struct org_input *in, int64_t *id, struct problem *p)
	__attribute__((warn_unused_result));

/* Read by code; strings go into a. ERR_NOTFOUND if absent. */
int org_get(struct db_conn *c, struct arena *a, const char *code, struct org *out)
	__attribute__((warn_unused_result));

/* Change name and school details (fields of in that are non-NULL; code,
 * kind and parent are ignored), inside a write job. */
int org_update(struct db_conn *c, const struct org *cur, const struct org_input *in,
	       struct problem *p) __attribute__((warn_unused_result));

/* Move an org (a school to another district, a district to another
 * province) under `parent`, one level up as always, inside a write job. Its
 * whole subtree follows; the move is recorded, so its history keeps where it
 * was. */
int org_move(struct db_conn *c, const struct org *cur, const char *parent, int64_t by_user,
	     struct problem *p) __attribute__((warn_unused_result));

/* The org with this code as stored now, on a reader of db, strings in a.
 * ERR_NOTFOUND if absent. No access decision: any staff member reads an
 * organisation's own fields. */
int org_load(struct db *db, struct arena *a, const char *code, struct org *out)
	__attribute__((warn_unused_result));

/* POST /orgs: add an org (org_validate'd) whose parent `by` manages (403
 * out_of_scope on "parent"); a ministry only by a national administrator. */
struct org_create {
	struct org_input in;
	struct actor *by;
	int64_t id; /* the new org */
	struct problem p;
};
int org_create_tx(struct db_conn *c, void *ctx);

/* PATCH /orgs/{code}: org_update of an org `by` reaches as a registrar
 * (404 if absent, 403 out_of_scope otherwise). */
struct org_update {
	const char *code;
	struct org_input in; /* name and school details */
	struct actor *by;
	struct problem p;
};
int org_update_tx(struct db_conn *c, void *ctx);

/* POST /orgs/{code}/move: org_move of an org, and under a new parent, that
 * `by` manages (404 if absent, 403 out_of_scope otherwise). */
struct org_move {
	const char *code;
	const char *parent;
	struct actor *by;
	struct problem p;
};
int org_move_tx(struct db_conn *c, void *ctx);

/* An org of the level below, with its counts. */
struct org_child {
	const char *code, *name, *kind;
	const char *country, *level, *sector; /* NULL when unset */
	int64_t children;		      /* orgs right under it */
	int64_t students;		      /* enrolled now in its subtree */
};

/* A move of an org, as its history lists it. */
struct org_move_entry {
	const char *from; /* the old parent's code; NULL: none */
	const char *to;
	int64_t moved_at;
};

/* An org with what lies under it or what it went through. */
struct org_listing {
	struct org org;
	struct org_child *children; /* org_children_read */
	size_t nchildren;
	int64_t students;	      /* enrolled now in the subtree */
	struct org_move_entry *moves; /* org_history_read */
	size_t nmoves;
};

/* GET /orgs/{code}/children: the org, the orgs right under it with their
 * counts, and the students enrolled in its subtree. ERR_NOTFOUND if it is
 * absent or out of by's staff reach. Strings in by's arena. */
int org_children_read(struct db *db, struct actor *by, const char *code, struct org_listing *out)
	__attribute__((warn_unused_result));

/* GET /orgs/{code}/history: the org and its moves, oldest first; as
 * org_children_read for reach. */
int org_history_read(struct db *db, struct actor *by, const char *code, struct org_listing *out)
	__attribute__((warn_unused_result));

#endif
