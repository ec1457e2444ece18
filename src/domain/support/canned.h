/*
 * canned.h: canned answers per level (docs/support.md, "Knowledge base and
 * canned answers").
 *
 * A canned answer belongs to an org (a level: school, district, province,
 * ministry) and is written in one language (fa, vi, en): a title of
 * 1..200 characters and a body of 1..5,000.
 *
 * Rules:
 *  - the support staff of a level (SUPPORT_STAFF reaching the org: held
 *    there or at an ancestor) list the answers of that level and of its
 *    ancestors, the nearest level first;
 *  - the support staff of an answer's org write it (create, change,
 *    delete): a district's staff write the district's answers, never its
 *    schools' ones written by the schools, nor the province's;
 *  - anyone else: 403 out_of_scope for an org out of reach, 404 not_found
 *    for an answer out of reach (its existence is not told).
 */
#ifndef TABULA_DOMAIN_SUPPORT_CANNED_H
#define TABULA_DOMAIN_SUPPORT_CANNED_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/access/role.h"
#include "domain/support/access.h" /* SUPPORT_STAFF */

struct db;
struct db_conn;

#define CANNED_TITLE_MAX 200
#define CANNED_BODY_MAX	 5000

struct canned {
	int64_t id;
	const char *lang, *title, *body;
	const char *org_code, *org_name, *org_kind, *org_path;
	int64_t created_at_ms, updated_at_ms;
	bool can_edit; /* the reader may change it */
};

/* The answers of level org_code (NULL: the org of the caller's first
 * support staff grant; 422 required on org when it holds none bound) in
 * lang (NULL: all). */
struct canned_list {
	const struct principal *who;
	const char *org_code, *lang;
	struct arena *arena;
	/* out */
	struct canned *items;
	int n;
	struct problem p;
};
int canned_list(struct db *db, struct canned_list *x) __attribute__((warn_unused_result));

/* Create (id 0: org_code, lang, title, body required), change (id: lang,
 * title, body replace; org stays) or delete (del) an answer. out: the
 * answer as stored. */
struct canned_write {
	struct actor *by;
	int64_t id;
	bool del;
	const char *org_code, *lang, *title, *body;
	/* out */
	struct canned out;
	struct problem p;
};
int canned_write_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
