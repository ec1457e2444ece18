/*
 * match.h: the school placement engine, student-proposing deferred
 * acceptance (Gale and Shapley 1962; Abdulkadiroglu and Sonmez 2003).
 *
 * Applicants rank schools; every school ranks the applicants who chose it
 * by a strict order: priority group first (a lower group first, no group
 * after every group), then the lottery number (lower first), then the
 * tie-break number (lower first), then the index in the array. Free
 * applicants propose to their next school; a school holds its best
 * applicants up to its capacity and rejects the rest; this ends when no
 * applicant is free. The result is the stable matching every applicant
 * likes best among the stable ones, and no family gains by ranking schools
 * other than by its true preferences (docs/admissions.md).
 *
 * The engine knows no JSON and no ids: schools and applicants are indexes,
 * arrays are flat. Cost: O(P log C + n) time, P the proposals made
 * (at most the choices listed), C the largest capacity, n the applicants;
 * memory 20 bytes per applicant and 8 per seat that can be filled, besides
 * the caller's arrays, and 32 bytes per applicant more while sorting.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_MATCH_H
#define TABULA_DOMAIN_ADMISSIONS_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* A choice without a priority group at that school: it ranks after every
 * applicant who has one. Groups are 0 .. MATCH_GROUP_MAX. */
#define MATCH_NO_GROUP	UINT32_MAX
#define MATCH_GROUP_MAX (UINT32_MAX - 1)
/* An applicant placed nowhere. */
#define MATCH_UNASSIGNED UINT32_MAX
/* At most this many schools and applicants (indexes fit in 32 bits with
 * the sentinels above to spare). */
#define MATCH_MAX_SCHOOLS    (UINT32_MAX - 1)
#define MATCH_MAX_APPLICANTS (UINT32_MAX - 1)

/* One entry of an applicant's list: a school and the applicant's priority
 * group there (MATCH_NO_GROUP for none). */
struct match_choice {
	uint32_t school;
	uint32_t group;
};

/* An instance. The engine reads it and never keeps a pointer into it. */
struct match_instance {
	uint32_t n_schools;
	/* [n_schools] seats per school; 0 is allowed (it takes no one). */
	const uint32_t *capacity;
	uint32_t n_applicants;
	/* [n_applicants] lottery numbers: among applicants of one group at a
	 * school, the lower number ranks first. */
	const uint64_t *lottery;
	/* [n_applicants] or NULL: the order among equal lottery numbers (lower
	 * first), e.g. the rank of the applicant's id, so that the result does
	 * not depend on the order of the arrays. NULL, or equal numbers too:
	 * the lower index first. */
	const uint32_t *tiebreak;
	/* [n_applicants + 1] offsets into choices: applicant a's list, most
	 * wanted first, is choices[first[a]] .. choices[first[a + 1] - 1].
	 * first[0] is 0; an applicant may list no school. */
	const size_t *first;
	const struct match_choice *choices;
};

/*
 * Place the applicants of m: on ERR_OK, school[a] is the school applicant a
 * is placed at, or MATCH_UNASSIGNED. school has n_applicants entries and is
 * written only on success.
 *
 * A school listed twice by one applicant is harmless (the second proposal
 * is refused like the first). Errors: ERR_INVALID when m is malformed (a
 * count past its maximum, a NULL array that must be there, offsets that
 * decrease or do not start at 0, a school index out of range); ERR_NOMEM.
 */
int match_run(const struct match_instance *m, uint32_t *school);

/*
 * The n applicants in the lottery order, into order[0 .. n-1]: by lottery
 * number, then tie-break (tiebreak may be NULL: all equal), then index,
 * all ascending; the order match_run ranks applicants of one group by.
 * ERR_OK or ERR_NOMEM. O(n), with 32 bytes per applicant of scratch.
 */
int match_lottery_order(uint32_t n, const uint64_t *lottery, const uint32_t *tiebreak,
			uint32_t *order);

#endif
