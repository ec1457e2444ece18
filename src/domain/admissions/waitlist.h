/*
 * waitlist.h: the waitlists of a placement and the seats that move down
 * them when a family declines (docs/admissions.md, "Offers and
 * waitlists"). Pure functions over the engine's arrays (match.h): no I/O,
 * no ids, no allocation.
 *
 * A school's waitlist is every applicant still in the market who ranked it
 * above their current school (or is unplaced and ranked it), in the
 * school's own order: priority group, lottery number, tie-break, index
 * (the engine's). In a stable placement (deferred acceptance's) these are
 * exactly the applicants the school refused.
 *
 * When applicants leave (decline) or an appeal places a child above a
 * school's capacity, the seats they free go down the waitlists: the first
 * waiting at the school takes the seat (a school it prefers, so it is
 * always better off), which frees its old seat for that school's first in
 * line, and so on until a school has no one waiting. Such a chain alone is
 * not always enough: a departure can also undo a rejection cycle (A wants
 * B's seat, B wants C's, C wants A's, each refused only because the
 * departed applicant once displaced one of them). Deferred acceptance
 * without the departed applicant finds both; so the new placement is
 * match_run's on the market without the departed (the applicant-optimal
 * stable matching of the smaller market), and everyone still in it is at
 * least as well off as before (removing an applicant never hurts the
 * others under deferred acceptance). tests/unit/domain/admissions/
 * test_waitlist.c checks it on thousands of random instances, and that a
 * chain alone falls short of it.
 *
 * An appeal that places a child at a school above its capacity is a pin:
 * the school gets a seat more, the child ranks before everyone there (its
 * list ends at that school: it keeps it or gets one it ranked higher), and
 * its old seat is freed for the others as above.
 *
 * Cost: a resumption is one match_run, O(P log C + n); a position scans the
 * choices, O(P). Rounds are run per office.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_WAITLIST_H
#define TABULA_DOMAIN_ADMISSIONS_WAITLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/admissions/match.h"

/* One move of a chain: applicant from school `from` (MATCH_UNASSIGNED:
 * unplaced) to school `to`. */
struct waitlist_move {
	uint32_t applicant, from, to;
};

/* Where applicant i ranks school s in m (0 first), or its list's length
 * when it did not rank s. */
uint32_t waitlist_rank(const struct match_instance *m, uint32_t i, uint32_t s);

/* Whether applicant i is on school s's waitlist: present (!gone[i]),
 * ranked s, and s comes before school[i] on its list (or it is unplaced).
 * gone may be NULL (nobody left). */
bool waitlist_on(const struct match_instance *m, const uint32_t *school, const bool *gone,
		 uint32_t i, uint32_t s);

/* Whether applicant i comes before applicant j in school s's order. */
bool waitlist_before(const struct match_instance *m, uint32_t s, uint32_t i, uint32_t j);

/* Applicant i's place on school s's waitlist, 1 for the first, or 0 when
 * it is not on it. */
uint32_t waitlist_position(const struct match_instance *m, const uint32_t *school, const bool *gone,
			   uint32_t i, uint32_t s);

/* The moves from one placement to the next, and why they happen. */
struct waitlist_change {
	const bool *gone;      /* [n_applicants] declined (or NULL: nobody) */
	const uint32_t *pin;   /* [n_applicants] school an appeal placed it at, or
				  MATCH_UNASSIGNED; NULL: no pins */
	const uint32_t *added; /* [n_schools] seats added by appeals, or NULL */
};

/*
 * The placement of m after ch into after[] (n_applicants entries; the
 * departed are MATCH_UNASSIGNED): match_run on m with the departed listing
 * nothing, each pinned applicant's list cut after its pin where it ranks
 * first (its group there is below every other), and capacity + added.
 * Each applicant whose school differs from before[] (and who has not
 * departed) is one move in moves[] (room for n_applicants), *nmoves their
 * number. ERR_OK, ERR_NOMEM, ERR_INVALID (as match_run).
 */
int waitlist_resume(const struct match_instance *m, const struct waitlist_change *ch,
		    const uint32_t *before, uint32_t *after, struct waitlist_move *moves,
		    size_t *nmoves) __attribute__((warn_unused_result));

/* The chain a freed seat at school s starts, alone: the first waiting at
 * s moves there, its old seat goes to the first waiting there, and so on
 * (school[] updated, the moves written, their number returned; room for
 * m's number of choices suffices). Not the placement waitlist_resume gives
 * in general (see above); kept as the reference the tests compare with. */
size_t waitlist_chain(const struct match_instance *m, uint32_t *school, const bool *gone,
		      uint32_t s, struct waitlist_move *moves);

#endif
