/*
 * satisfaction.h: the requester's rating of a ticket's handling
 * (docs/support.md, "Satisfaction").
 *
 * Rules:
 *  - only the ticket's requester rates it (403 forbidden for staff who see
 *    the ticket; 404 for anyone else: never sideways);
 *  - once it is resolved or closed (409 satisfaction_not_yet before), and
 *    once (409 already_rated; a reopened and resolved again ticket keeps
 *    its first rating);
 *  - a score 1..5 (422 out_of_range on score), an optional comment of at
 *    most 2,000 characters;
 *  - a ticket naming a student is the child's data: the rating is audited.
 */
#ifndef TABULA_DOMAIN_SUPPORT_SATISFACTION_H
#define TABULA_DOMAIN_SUPPORT_SATISFACTION_H

#include "domain/support/ticket.h"

#define SATISFACTION_COMMENT_MAX 2000

/* Rate ticket id (work function); t is the ticket after it. */
struct support_rate {
	struct actor *by;
	int64_t id, now;
	int64_t score;
	const char *comment; /* NULL: none */
	struct support_ticket t;
	struct problem p;
};
int support_rate_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
