/*
 * second_round.h: a second round for the children the first left without
 * a seat (docs/admissions.md, "The second round").
 *
 * The officers of a round's office (404 out of sight, 403 seen) make it
 * once the round has run (409 round_not_run), once (409
 * second_round_exists): the same office, grade, schools and priorities; a
 * school's seats are those no offered or accepted application of the
 * first round holds (its capacity plus the seats appeals added); a name,
 * a window and optionally max_choices and a seed (the parent's by
 * default), checked as a round's are. Making it closes the first round's
 * offers: no accept or decline after it (409 offers_closed).
 *
 * Only a child with no seat from the first round applies to it: unplaced
 * there, declined, or without an application there (422 not_eligible on
 * "student").
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_SECOND_ROUND_H
#define TABULA_DOMAIN_ADMISSIONS_SECOND_ROUND_H

#include "core/err.h"
#include "domain/access/actor.h"

struct db_conn;

struct second_round_create {
	struct actor *by;
	int64_t parent_id;
	const char *name;
	int64_t opens_at, closes_at;
	int max_choices; /* 0: the parent's */
	int64_t seed;	 /* < 0: the parent's */
	/* out */
	int64_t id;
	struct problem p;
};
int second_round_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* For an application to round round_id by child person_id: ERR_OK when the
 * round is no second round or the child holds no seat from its parent,
 * else 422 not_eligible on "student". */
int second_round_eligible(struct db_conn *c, int64_t round_id, int64_t person_id, struct problem *p)
	__attribute__((warn_unused_result));

#endif
