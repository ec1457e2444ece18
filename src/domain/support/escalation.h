/*
 * escalation.h: tickets moving between levels (docs/support.md,
 * "Escalation and the sweep").
 *
 * A ticket lives at an org; its level is the org's kind (school, district,
 * province, ministry). Up is the parent org, down is the org it last came
 * up from. A move restarts the clock at the new level from the instant of
 * the move (support_deadlines of the ticket's category at that level, in
 * the working time of the org's country), writes a support_events row
 * (escalated, sent_back, breached) and a support_notices row for each of
 * the two orgs.
 *
 * The sweep moves up every ticket whose next_due_ms has passed as of an
 * instant, from the instant it fell due (so a late sweep gives what a
 * timely one would have), as many levels as it is overdue for; at the
 * ministry it marks the ticket breached. Batches of tickets, each in a
 * transaction of its own; a second sweep at the same instant finds nothing.
 */
#ifndef TABULA_DOMAIN_SUPPORT_ESCALATION_H
#define TABULA_DOMAIN_SUPPORT_ESCALATION_H

#include "core/arena.h"
#include "core/err.h"

struct db;
struct db_conn;

/*
 * Move ticket ticket_id one level up (dir +1) or back down (dir -1), as
 * user by_user (0: the sweep) with `reason`, at at_ms, in the caller's
 * write transaction: true, or false with pb filled (pb->err the enum err). Problems: not_found (no
 * such ticket), support_ticket_closed (resolved or closed), support_top_level (up from the
 * ministry: the sweep marks it breached instead, by hand it is refused), support_bottom_level (down
 * from a level it was filed at), conflict (the ticket changed while it was read: try again). A
 * waiting ticket keeps waiting: its clock is not running, so the new level's whole deadlines are
 * left for it. An answered one is open again at its new level. Details in a (may be NULL).
 */
bool support_ticket_move_tx(struct db_conn *c, struct arena *a, int64_t ticket_id, int dir,
			    int64_t by_user, const char *reason, int64_t at_ms, struct problem *pb);

/* One sweep. Set at_ms (and, if wanted, batch and line); the counts and
 * the problem come back. */
struct support_sweep {
	int64_t at_ms;
	int batch; /* tickets per transaction; 0: SUPPORT_SWEEP_BATCH */
	/* Called with each move's line ("ticket 17: VN-HN-BD03 -> VN-HN-BD
	 * (first answer due 2026-03-25T09:00:00.000+07:00)") once its batch
	 * is committed; may be NULL. */
	void (*line)(void *arg, const char *text);
	void *line_arg;
	int64_t tickets, escalated, breached; /* tickets moved; moves up; breaches */
	int batches;
	struct problem p;
};
#define SUPPORT_SWEEP_BATCH 2000

/* Run a sweep to the end: ERR_OK, or the first batch's failure (the
 * batches before it stay committed; a new sweep goes on from there). */
int support_sweep_run(struct db *db, struct support_sweep *s);

/* The server's sweep: every `seconds` (0: none), a sweep as of the clock,
 * its summary logged when it moved anything. start returns ERR_OK or
 * ERR_NOMEM; stop waits for a sweep under way to end. */
int support_sweeper_start(struct db *db, int seconds);
void support_sweeper_stop(void);

#endif
