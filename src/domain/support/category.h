/*
 * category.h: ticket categories of a country and their deadlines per level
 * (docs/support.md, "Tickets").
 *
 *  - any signed-in user lists the categories of their country (the
 *    country of their roles' orgs, else their children's, else their own;
 *    ?country= chooses; IR when nothing says);
 *  - a ministry_admin of the category's country (national, or bound to
 *    that country's ministry) sets its deadlines: a list of {level,
 *    first_answer_min, resolve_min}, level school|district|province|
 *    ministry, 1 <= first_answer_min <= resolve_min <= 525,600 (422 on
 *    the item's field); the levels not named keep theirs.
 */
#ifndef TABULA_DOMAIN_SUPPORT_CATEGORY_H
#define TABULA_DOMAIN_SUPPORT_CATEGORY_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

#define SUPPORT_LEVELS	     4
#define SUPPORT_DEADLINE_MAX 525600

struct support_deadline {
	const char *level;
	int64_t first_answer_min, resolve_min;
};

struct support_category {
	int64_t id;
	const char *code, *names; /* names: JSON {fa, vi, en} */
	int position;
	struct support_deadline deadlines[SUPPORT_LEVELS];
	int ndeadlines;
};

struct support_category_list {
	const char *country; /* in: NULL: the caller's; out: the one listed */
	struct support_category *items;
	int n;
	struct problem p;
};
int support_category_list_read(struct db *db, const struct actor *by,
			       struct support_category_list *x) __attribute__((warn_unused_result));

/* Whether s is a level's name. */
bool support_level_valid(const char *s);

struct support_deadlines_put {
	struct actor *by;
	int64_t id;
	struct support_deadline in[SUPPORT_LEVELS];
	int nin;
	struct support_category out;
	const char *country;
	struct problem p;
};
int support_deadlines_put_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
