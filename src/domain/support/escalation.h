/*
 * escalation.h: moving a ticket between levels (docs/support.md,
 * "Escalation"). The contract's signature (owned by the clock's part,
 * branch su-clock); this is the tickets' own version for the manual
 * routes until that part lands.
 */
#ifndef TABULA_DOMAIN_SUPPORT_ESCALATION_H
#define TABULA_DOMAIN_SUPPORT_ESCALATION_H

#include "core/arena.h"
#include "core/err.h"

struct db_conn;

/* Move ticket_id one level up (dir +1, to the parent org) or back down
 * (dir -1, to the org it last came up from), as by_user (0: the sweep)
 * with reason, at at_ms (the new level's clock starts then): org, level,
 * clock, escalations (+1 up); an event (escalated | sent_back) and a
 * notice for each of the two orgs. Up from the ministry: 409
 * support_top_level; down with nowhere to go: 409. */
bool support_ticket_move_tx(struct db_conn *c, struct arena *a, int64_t ticket_id, int dir,
			    int64_t by_user, const char *reason, int64_t at_ms, struct problem *pb);

#endif
