/*
 * priority.h: priority groups and residence zones of a round, the claims
 * of an application, and the group they give an applicant at a school
 * (docs/admissions.md, "Priority groups").
 *
 * A round's rules, as JSON (all optional):
 *   {"groups": {"sibling": 1, "zone": 2, "categories": {"law_a": 3}},
 *    "zones": {"S1": ["W01", "W02"], "S2": ["W03"]}}
 * An application's claims (all optional):
 *   {"area": "W01", "siblings": ["S1"], "categories": ["law_a"]}
 * The group at school s is the lowest (best) of: `sibling` when s is among
 * the claimed siblings' schools; `zone` when the area is in s's zone; each
 * claimed category's group (a category counts at every school). None of
 * them: no group, after every group. Claims count as given: schools do not
 * verify them yet.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_PRIORITY_H
#define TABULA_DOMAIN_ADMISSIONS_PRIORITY_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"

#define PRIORITY_NONE	   INT64_C(-1)
#define PRIORITY_GROUP_MAX INT64_C(2147483647) /* the engine's */
#define PRIORITY_CODE_MAX  64		       /* an area or category code, bytes */
#define PRIORITY_LIST_MAX  1000		       /* areas of a zone, categories, claims */

struct priority_zone {
	const char *school;
	const char **areas;
	int nareas;
};

struct priority_rules {
	int64_t sibling, zone; /* PRIORITY_NONE: not a group of this round */
	const char **categories;
	int64_t *category_group;
	int ncategories;
	struct priority_zone *zones;
	int nzones;
};

struct priority_claims {
	const char *area; /* NULL: none */
	const char **siblings, **categories;
	int nsiblings, ncategories;
};

/*
 * Check the rules v (a JSON object or NULL: none) into *out, strings in a.
 * 422 with the field: invalid (not an object, an unknown member, a bad
 * code), out_of_range (a group outside 0 .. PRIORITY_GROUP_MAX), duplicate
 * (an area twice in one zone), too_many. Fields read like
 * "priorities.groups.zone", "priorities.zones.S1[2]". Whether a zone's
 * school is in the round is the caller's check (round.c).
 */
int priority_rules_check(struct arena *a, json_t *v, struct priority_rules *out, struct problem *p)
	__attribute__((warn_unused_result));
/* priority_rules_check of stored text (NULL: none). */
int priority_rules_parse(struct arena *a, const char *text, struct priority_rules *out,
			 struct problem *p) __attribute__((warn_unused_result));

/*
 * Check claims v (an object or NULL) against the rules into *out: area a
 * code; siblings schools for which has_school(ctx, code) holds (422
 * school_not_in_round on "claims.siblings[i]"); categories the rules name
 * (422 unknown_category on "claims.categories[i]"); no repeats.
 */
int priority_claims_check(struct arena *a, json_t *v, const struct priority_rules *rules,
			  bool (*has_school)(const void *ctx, const char *code), const void *ctx,
			  struct priority_claims *out, struct problem *p)
	__attribute__((warn_unused_result));
/* Stored claims text (NULL: none), trusted as checked when written. */
int priority_claims_parse(struct arena *a, const char *text, struct priority_claims *out)
	__attribute__((warn_unused_result));

/* The group claims c give at school, or PRIORITY_NONE. */
int64_t priority_group_at(const struct priority_rules *r, const struct priority_claims *c,
			  const char *school);

/* v as compact JSON with sorted keys, in a (NULL for NULL v or on ENOMEM;
 * *nomem tells which). */
const char *priority_text(struct arena *a, json_t *v, bool *nomem);

#endif
