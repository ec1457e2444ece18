/*
 * writes.h: orgs and users made in a write job of their own, for the unit
 * tests that need a few rows in a store (store.h) before what they test.
 * Include after unit.h. Helpers are static inline: each test file is its
 * own program and uses some of them.
 */
#ifndef TABULA_TEST_WRITES_H
#define TABULA_TEST_WRITES_H

#include "unit.h"

#include "core/err.h"
#include "db/db.h"
#include "domain/access/user.h"
#include "domain/registry/org.h"

/* An org_create as a work function: in, then the id or what was wrong. */
struct unit_org_job {
	struct org_input in;
	int64_t id;
	struct problem p;
};

static inline int unit_org_fn(struct db_conn *c, void *ctx)
{
	struct unit_org_job *j = ctx;
	return org_create(c, &j->in, &j->id, &j->p);
}

/* Create the org `code` ("Name of org", of kind, under parent: NULL for a
 * ministry) in a write of its own. Its id in *id, what was wrong in *p;
 * either may be NULL. */
static inline int unit_org_create(struct db *db, const char *code, const char *kind,
				  const char *parent, int64_t *id, struct problem *p)
{
	struct unit_org_job j = {
		.in = {.code = code, .name = "Name of org", .kind = kind, .parent = parent}};
	int rc = db_write(db, unit_org_fn, &j);
	if (id)
		*id = j.id;
	if (p)
		*p = j.p;
	return rc;
}

/* On c, in the caller's write: the orgs M > P > D > S, each named name, a
 * ministry of Vietnam down to S, a lower secondary school. S's id in
 * *school; what was wrong in *p. */
static inline int unit_vn_school(struct db_conn *c, const char *name, int64_t *school,
				 struct problem *p)
{
	const char *chain[][3] = {{"M", "ministry", NULL},
				  {"P", "province", "M"},
				  {"D", "district", "P"},
				  {"S", "school", "D"}};
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(chain); i++) {
		struct org_input in = {.code = chain[i][0],
				       .name = name,
				       .kind = chain[i][1],
				       .parent = chain[i][2],
				       .country = i ? NULL : "VN",
				       .level = i == 3 ? "lower_secondary" : NULL};
		rc = org_create(c, &in, school, p);
	}
	return rc;
}

/* A user_create as a work function: in, then the id or what was wrong. */
struct unit_user_job {
	struct user_input in;
	int64_t id;
	struct problem p;
};

static inline int unit_user_fn(struct db_conn *c, void *ctx)
{
	struct unit_user_job *j = ctx;
	return user_create(c, &j->in, &j->id, &j->p);
}

#endif
